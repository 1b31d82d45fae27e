//! The telephony page: per provider, the webhook URLs to paste into the PBX's cabinet, what was
//! received, a check that the API keys work, and the PBX's users for the team page.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::header::HOST;
use axum::http::HeaderMap;
use axum::Json;
use callcard_protocol::{
    ErrorCode, PbxUserEntry, ProviderCheck, ProviderStatus, SetProviderKeysRequest, WebhookTally, WebhookUrl,
};

use super::super::dial::pbx_error;
use super::super::{AppState, HttpError};
use super::AdminAuthed;
use crate::admin::{secrets, team};
use crate::providers::{PbxError, Provider};

/// `https://relay.example.com` from `[admin] public_url`, else the address the console was
/// opened on.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let configured = state.config.admin.public_url.trim().trim_end_matches('/');
    if !configured.is_empty() {
        return configured.to_string();
    }
    let host = headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    headers: HeaderMap,
) -> Result<Json<Vec<ProviderStatus>>, HttpError> {
    let tallies = state.store.webhook_tallies().await?;
    let base = base_url(&state, &headers);
    let stored = stored_keys(&state).await?;
    let providers = state.providers.get();
    let statuses = providers
        .iter()
        .map(|p| {
            let id = p.id.as_str();
            ProviderStatus {
                id: id.to_string(),
                api_configured: p.api.can_dial(),
                webhooks_configured: p.hooks.verified,
                lists_users: p.api.lists_users(),
                webhook_urls: p
                    .hooks
                    .paths(id)
                    .into_iter()
                    .map(|(event, path)| WebhookUrl { event, url: format!("{base}{path}") })
                    .collect(),
                webhooks: tallies.get(id).cloned().unwrap_or(WebhookTally { last_at: None, count: 0, flagged: 0 }),
                keys: secrets::key_states(state.providers.base(), &stored, id),
            }
        })
        .collect();
    Ok(Json(statuses))
}

/// The console's stored keys, opened (none on a relay without a secrets key).
async fn stored_keys(state: &AppState) -> Result<secrets::KeyValues, HttpError> {
    match state.providers.key() {
        Some(key) => Ok(secrets::stored_values(&*state.store, key).await?),
        None => Ok(secrets::KeyValues::new()),
    }
}

/// `PUT /api/v1/admin/providers/{id}/keys`: the keys are write-only; the answer is the
/// provider's status (plain values shown, secrets only as set or not).
pub async fn set_keys(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<SetProviderKeysRequest>, JsonRejection>,
) -> Result<Json<ProviderStatus>, HttpError> {
    let request = HttpError::json_body("keys", body)?;
    provider(&state, &id)?;
    secrets::set_keys(&*state.store, &state.providers, &id, &request.values).await?;
    tracing::info!(admin = admin.id, provider = %id, "PBX keys set in the console");
    let Json(all) = list(State(state.clone()), AdminAuthed(admin), headers).await?;
    all.into_iter().find(|p| p.id == id).map(Json).ok_or_else(HttpError::storage_unavailable)
}

fn provider(state: &AppState, id: &str) -> Result<Arc<Provider>, HttpError> {
    let providers = state.providers.get();
    providers.get(id).cloned().ok_or_else(|| {
        let known: Vec<&str> = providers.iter().map(|p| p.id.as_str()).collect();
        HttpError::not_found(ErrorCode::UnknownProvider, format!("no provider {id:?}"))
            .with("provider", id)
            .with("known", known.join(", "))
    })
}

/// Proves the keys against the PBX: the balance where it has one, and its users where it lists
/// them (for the others the same request answers whether the key is accepted).
pub async fn check(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    Path(id): Path<String>,
) -> Result<Json<ProviderCheck>, HttpError> {
    let provider = provider(&state, &id)?;
    let failed = |e: &PbxError| {
        tracing::info!(admin = admin.id, provider = %provider.id, error = %e, "PBX key check failed");
        pbx_error(e).with("provider", &provider.id)
    };
    let (balance, currency) = match provider.api.balance().await {
        Ok(b) => (Some(b.amount), Some(b.currency)),
        Err(PbxError::Unsupported(_)) => (None, None),
        Err(e) => return Err(failed(&e)),
    };
    let users = match provider.api.users().await {
        Ok(users) => Some(users.len() as u64),
        Err(PbxError::Unsupported(_)) => None,
        Err(e) => return Err(failed(&e)),
    };
    tracing::info!(admin = admin.id, provider = %provider.id, "PBX keys checked: they work");
    Ok(Json(ProviderCheck { id: provider.id.as_str().to_string(), balance, currency, users }))
}

/// The PBX's users, each with the active agent who has it.
pub async fn users(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    Path(id): Path<String>,
) -> Result<Json<Vec<PbxUserEntry>>, HttpError> {
    let provider = provider(&state, &id)?;
    let listed = provider.api.users().await.map_err(|e| pbx_error(&e).with("provider", &provider.id))?;
    let agents = team::active(&*state.store).await?;
    let holder = |user: &str| team::holder(&agents, provider.id.as_str(), user).map(|a| a.id);
    Ok(Json(listed.into_iter().map(|u| PbxUserEntry { agent_id: holder(&u.id), id: u.id, name: u.name }).collect()))
}
