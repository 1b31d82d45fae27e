//! Provider webhooks, one handler for every provider: `/hooks/<provider>[/<path>…]`. The
//! provider verifies and reads the request (`callcard_pbx::WebhookAdapter`); the relay answers
//! its lookup, makes the webhook durable, and only then replies in the provider's format.
//!
//! A verified webhook is never refused for its content: whatever did not parse is stored with
//! it (`problems`), logged and counted (`/healthz`), and the rest is applied. Only failed
//! authentication (401) and bodies that are no form or JSON at all, or too large (400, 413,
//! 415) are refused, because a refused webhook is lost: Ringostat never retries, and Zadarma
//! switches off notifications that keep failing.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use callcard_domain::{Delivery, IngestOutcome};
use callcard_pbx::{DedupScope, Inbound, RawRequest, Reply, Webhook};
use callcard_protocol::{ErrorCode, ProviderId};
use chrono::Utc;
use std::time::Duration;

use super::{lookup, AppState, HttpError};
use crate::metrics;
use crate::providers::sources::client_ip;
use crate::providers::{FollowUp, PbxError, Provider};

/// The connection's peer address, where the server records it (`None` where a test calls the
/// router directly).
pub struct Peer(Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())))
    }
}

/// `/hooks/<provider>`.
pub async fn receive(
    state: State<Arc<AppState>>,
    Peer(peer): Peer,
    Path(provider): Path<String>,
    method: Method,
    headers: HeaderMap,
    query: RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let provider = match accepted_provider(&state, &provider, peer, &headers) {
        Ok(provider) => provider,
        Err(refused) => return refused.into_response(),
    };
    handle(state, provider, vec![], method, headers, query, body).await
}

/// `/hooks/<provider>/<path…>`: URL secrets and event kinds in the path (UIS, Ringostat).
pub async fn receive_path(
    state: State<Arc<AppState>>,
    Peer(peer): Peer,
    Path((provider, rest)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    query: RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let path = rest.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let provider = match accepted_provider(&state, &provider, peer, &headers) {
        Ok(provider) => provider,
        Err(refused) => return refused.into_response(),
    };
    handle(state, provider, path, method, headers, query, body).await
}

fn reply(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(CONTENT_TYPE, reply.content_type)], reply.body).into_response()
}

/// The provider a webhook URL names, if this relay has it (else 404) and the webhook comes from
/// an address its `allow_from` lists (else 403).
fn accepted_provider(
    state: &AppState,
    id: &str,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
) -> Result<Arc<Provider>, HttpError> {
    let providers = state.providers.get();
    let Some(provider) = providers.get(id).cloned() else {
        let known: Vec<&str> = providers.iter().map(|p| p.id.as_str()).collect();
        return Err(HttpError::not_found(ErrorCode::UnknownWebhook, "no such endpoint").with("known", known.join(",")));
    };
    let (Some(peer), false) = (peer, provider.sources.is_empty()) else { return Ok(provider) };
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let from = client_ip(peer, forwarded, &state.trusted_proxies);
    if provider.sources.allows(from) {
        return Ok(provider);
    }
    tracing::warn!(provider = %provider.id, %from, "webhook from an address not allowed");
    metrics::webhook(provider.id.as_str(), "forbidden");
    Err(HttpError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::SourceNotAllowed,
        format!("webhooks from {from} are not allowed"),
    )
    .with("from", from))
}

async fn handle(
    State(state): State<Arc<AppState>>,
    provider: Arc<Provider>,
    path: Vec<String>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(e) => return HttpError::from(e).into_response(),
    };
    // A header that is not text cannot be a valid signature or token: kept, as a wrong one.
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| (name.as_str().to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    let request = RawRequest {
        method: method.as_str(),
        path: &path,
        query: query.as_deref().unwrap_or(""),
        headers: &headers,
        body: &body,
    };
    let webhook = match provider.webhooks.receive(&request) {
        Ok(Inbound::Answer(answer)) => return reply(answer),
        Ok(Inbound::Webhook(webhook)) => webhook,
        Err(e) => {
            if e.status() == 401 {
                tracing::warn!(provider = %provider.id, reason = %e, "webhook refused");
            } else {
                tracing::info!(provider = %provider.id, reason = %e, "webhook request refused");
            }
            metrics::webhook(provider.id.as_str(), "refused");
            return reply(provider.webhooks.refusal(&e));
        }
    };
    if !webhook.problems.is_empty() {
        metrics::webhook_flagged(provider.id.as_str());
        tracing::warn!(provider = %provider.id, event = %webhook.event, problems = ?webhook.problems, "webhook stored with parts that did not parse");
    }
    let answer = async {
        match &webhook.lookup {
            Some(l) => Some(lookup::answer(&state, &provider.id, l).await),
            None => None,
        }
    };
    // The answer does not depend on the write: look up while the event goes to disk.
    let (answer, stored) = tokio::join!(answer, ingest(&state, &provider, &webhook));
    let result = match &stored {
        Ok(IngestOutcome::Stored { .. }) => "stored",
        Ok(IngestOutcome::Duplicate) => "repeat",
        Err(_) => "unavailable",
    };
    metrics::webhook(provider.id.as_str(), result);
    match stored {
        Ok(outcome) => {
            // A repeat was followed up when it first came.
            if matches!(outcome, IngestOutcome::Stored { .. }) && provider.api.follows_up(&webhook) {
                tokio::spawn(follow_up(state.clone(), provider.clone(), webhook.clone()));
            }
            reply(provider.webhooks.reply(&webhook, answer.as_ref()))
        }
        Err(e) => e.into_response(),
    }
}

/// Waits before each try of a follow-up: the PBX's reports may lag the webhook a little.
const FOLLOW_UP_DELAYS: [Duration; 4] =
    [Duration::from_millis(300), Duration::from_secs(3), Duration::from_secs(15), Duration::from_secs(60)];

/// Asks the PBX what the webhook did not say (UIS: who talked, for how long, which recordings)
/// and applies it as one more delivery. Tried again while the PBX has nothing yet or cannot be
/// reached; given up after the last try (the call keeps what its webhooks said).
async fn follow_up(state: Arc<AppState>, provider: Arc<Provider>, webhook: Webhook) {
    let call_id = webhook.facts.as_ref().map(|f| f.call_id.clone()).unwrap_or_default();
    for delay in FOLLOW_UP_DELAYS {
        tokio::time::sleep(delay).await;
        match provider.api.follow_up(&webhook).await {
            Ok(Some(more)) => {
                // What the PBX answered is stored like a webhook of the call.
                let report = Webhook {
                    provider: provider.id.clone(),
                    content_key: follow_up_key(&provider.id, &more),
                    event: more.event,
                    facts: Some(more.facts),
                    lookup: None,
                    dedup_scope: DedupScope::Everything,
                    stored_fields: more.fields_json,
                    problems: vec![],
                };
                if let Err(e) = ingest(&state, &provider, &report).await {
                    tracing::warn!(provider = %provider.id, %call_id, error = ?e, "could not store what the PBX's report added");
                }
                return;
            }
            Ok(None) => {
                tracing::debug!(provider = %provider.id, %call_id, "the PBX's report has nothing on the call yet")
            }
            Err(e @ (PbxError::RateLimited { .. } | PbxError::Unreachable(_) | PbxError::BadAnswer(_))) => {
                tracing::info!(provider = %provider.id, %call_id, error = %e, "PBX report not available; trying again")
            }
            Err(e) => {
                tracing::warn!(provider = %provider.id, %call_id, error = %e, "could not ask the PBX about the call");
                return;
            }
        }
    }
    tracing::info!(provider = %provider.id, %call_id, "gave up asking the PBX about the call; it keeps what its webhooks said");
}

/// The same report again is a repeat.
fn follow_up_key(provider: &ProviderId, more: &FollowUp) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in [provider.as_str(), &more.event, &more.facts.call_id, &more.fields_json] {
        hash.update(part);
        hash.update([0]);
    }
    hex::encode(hash.finalize())
}

/// Stores the webhook; returns once it is durable.
async fn ingest(state: &AppState, provider: &Provider, webhook: &Webhook) -> Result<IngestOutcome, HttpError> {
    let facts = webhook.facts.clone();
    let rule = &state.config.phone;
    let client_phone = facts.as_ref().and_then(|f| f.client_phone.as_deref()).and_then(|p| rule.normalize_lenient(p));
    let line = facts.as_ref().and_then(|f| f.line.as_deref()).and_then(|p| rule.normalize_lenient(p));
    let line_label = line.as_ref().and_then(|l| state.settings.get().line_label(l).map(str::to_string));
    let call_id = facts.as_ref().map(|f| f.call_id.clone()).unwrap_or_default();
    let event = &webhook.event;
    let settings = state.settings.get();
    let delivery = Delivery {
        provider: provider.id.clone(),
        content_key: webhook.content_key.clone(),
        dedup_scope: webhook.dedup_scope,
        event: event.clone(),
        fields_json: webhook.stored_fields.clone(),
        problems: webhook.problems.clone(),
        received_at: Utc::now(),
        facts,
        client_phone,
        line,
        line_label,
        leads: settings.lead_rules(),
        unknown_users_to: settings.default_responsible_id,
    };
    let outcome = state.ingestor.submit(delivery).await?;
    match &outcome {
        IngestOutcome::Duplicate => {
            tracing::info!(provider = %provider.id, %event, call_id, "repeated webhook ignored")
        }
        IngestOutcome::Stored { event: stored } => {
            let seq = stored.as_ref().map(|e| e.seq);
            tracing::info!(provider = %provider.id, %event, call_id, seq, "webhook stored")
        }
    }
    Ok(outcome)
}
