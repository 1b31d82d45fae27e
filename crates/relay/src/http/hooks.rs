//! Provider webhooks: verify, answer lookups, make durable, acknowledge.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use callcard_pbx::{itoolabs, zadarma, Form, FormError, Lookup, Webhook, WebhookError};
use callcard_protocol::ProviderId;
use chrono::Utc;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{lookup, AppState, HttpError};
use crate::store::{DedupScope, Delivery, IngestOutcome};

/// Fields never written to the store.
const SECRET_FIELDS: &[&str] = &["crm_token"];

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

fn form_error(e: FormError) -> HttpError {
    HttpError::bad_request(e.to_string())
}

/// A redelivery of the same webhook carries the same fields, so it hashes to the same key.
fn dedup_key(webhook: &Webhook, form: &Form) -> String {
    let mut hash = Sha256::new();
    hash.update(webhook.provider.as_str());
    for (k, v) in form.sorted_pairs() {
        hash.update([0]);
        hash.update(k);
        hash.update([1]);
        hash.update(v);
    }
    hex::encode(hash.finalize())
}

fn fields_json(form: &Form) -> String {
    let map: serde_json::Map<String, Value> = form
        .sorted_pairs()
        .into_iter()
        .filter(|(k, _)| !SECRET_FIELDS.contains(k))
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect();
    Value::Object(map).to_string()
}

/// Stores the webhook; returns once it is durable.
async fn ingest(state: &AppState, webhook: &Webhook, form: &Form) -> Result<(), HttpError> {
    let rule = &state.config.phone;
    let facts = webhook.facts.clone();
    let client_phone = facts.as_ref().and_then(|f| f.client_phone.as_deref()).and_then(|p| rule.normalize_lenient(p));
    let line = facts.as_ref().and_then(|f| f.line.as_deref()).and_then(|p| rule.normalize_lenient(p));
    let line_label = line.as_ref().and_then(|l| state.config.lines.get(l).cloned());
    let delivery = Delivery {
        provider: webhook.provider.clone(),
        dedup_key: dedup_key(webhook, form),
        dedup_scope: if webhook.provider == ProviderId::ITOOLABS && webhook.event.starts_with("event/") {
            DedupScope::LatestOfCall
        } else {
            DedupScope::Everything
        },
        event: webhook.event.clone(),
        fields_json: fields_json(form),
        received_at: Utc::now(),
        facts,
        client_phone,
        line,
        line_label,
    };
    let outcome = state.ingestor.submit(delivery).await?;
    let call_id = webhook.facts.as_ref().map(|f| f.call_id.as_str()).unwrap_or("");
    match outcome {
        IngestOutcome::Duplicate => {
            tracing::info!(provider = webhook.provider.as_str(), event = %webhook.event, call_id, "repeated webhook ignored")
        }
        IngestOutcome::Stored { event } => tracing::info!(
            provider = webhook.provider.as_str(),
            event = %webhook.event,
            call_id,
            seq = event.as_ref().map(|e| e.seq),
            "webhook stored"
        ),
    }
    Ok(())
}

/// `GET /hooks/zadarma?zd_echo=X` → `X`: Zadarma checks the URL this way when it is saved.
pub async fn zadarma_echo(
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Response {
    match query.ok().and_then(|Query(q)| q.get("zd_echo").cloned()) {
        Some(echo) => (StatusCode::OK, [(CONTENT_TYPE, "text/plain; charset=utf-8")], echo).into_response(),
        None => HttpError::bad_request("expected ?zd_echo=<value>").into_response(),
    }
}

/// `POST /hooks/zadarma`: signed call notifications.
pub async fn zadarma(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, HttpError> {
    let body = body?;
    if content_type(&headers) != "application/x-www-form-urlencoded" {
        return Err(HttpError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected Content-Type: application/x-www-form-urlencoded",
        ));
    }
    let form = Form::from_urlencoded(&body).map_err(form_error)?;
    // A header that is not ASCII cannot be a valid signature; treat it as wrong, not missing.
    let signature = headers.get("signature").map(|v| v.to_str().unwrap_or("\u{0}"));
    let webhook = zadarma::parse_webhook(&form, signature, &state.zadarma).map_err(|e| match e {
        WebhookError::Unauthorized(m) => {
            tracing::warn!(reason = %m, "zadarma webhook refused");
            HttpError::unauthorized(m)
        }
        WebhookError::BadRequest(m) => HttpError::bad_request(m),
    })?;
    if webhook.facts.is_none() {
        tracing::info!(event = %webhook.event, "zadarma event accepted without call change");
    }
    let reply = async {
        match &webhook.lookup {
            Some(Lookup::ZadarmaCaller { phone }) => lookup::zadarma_reply(&state, phone).await,
            _ => json!({}),
        }
    };
    // The answer does not depend on the write: look up while the event goes to disk.
    let (reply, stored) = tokio::join!(reply, ingest(&state, &webhook, &form));
    stored?;
    Ok(Json(reply).into_response())
}

fn itoolabs_error(status: StatusCode, error: &str, detail: Option<String>) -> Response {
    let mut body = json!({"error": error});
    if let Some(detail) = detail {
        body["detail"] = detail.into();
    }
    (status, Json(body)).into_response()
}

/// `POST /hooks/itoolabs`: the PBX → CRM API (form-encoded; JSON also accepted).
pub async fn itoolabs(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(e) => return HttpError::from(e).into_response(),
    };
    let form = match content_type(&headers).as_str() {
        "application/x-www-form-urlencoded" => Form::from_urlencoded(&body),
        "application/json" => Form::from_json(&body),
        _ => {
            return HttpError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "expected Content-Type: application/x-www-form-urlencoded or application/json",
            )
            .into_response()
        }
    };
    let form = match form {
        Ok(f) => f,
        Err(e) => return itoolabs_error(StatusCode::BAD_REQUEST, itoolabs::INVALID_PARAMETERS, Some(e.to_string())),
    };
    let token = Some(state.config.itoolabs.crm_token.as_str()).filter(|t| !t.is_empty());
    let webhook = match itoolabs::parse_webhook(&form, token) {
        Ok(w) => w,
        Err(WebhookError::Unauthorized(_)) => {
            tracing::warn!("itoolabs webhook refused: invalid crm_token");
            return itoolabs_error(StatusCode::UNAUTHORIZED, itoolabs::INVALID_TOKEN, None);
        }
        Err(WebhookError::BadRequest(detail)) => {
            return itoolabs_error(StatusCode::BAD_REQUEST, itoolabs::INVALID_PARAMETERS, Some(detail))
        }
    };
    let reply = async {
        match &webhook.lookup {
            Some(Lookup::ItoolabsContact { phone }) => lookup::itoolabs_reply(&state, phone).await,
            _ => json!({}),
        }
    };
    // As for Zadarma: the lookup runs while the request is written.
    let (reply, stored) = tokio::join!(reply, ingest(&state, &webhook, &form));
    match stored {
        Ok(()) => Json(reply).into_response(),
        Err(e) => e.into_response(),
    }
}
