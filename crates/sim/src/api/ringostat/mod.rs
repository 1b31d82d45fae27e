//! The simulated Ringostat API (PROTOCOLS.md §4.7–4.8), under `{public_url}/ringostat/`: every
//! request needs the project's `Auth-key`; the extended click-to-call is JSON-RPC with errors
//! in a 200 body; SIP presence; contact sync; recordings behind `?token=` capability URLs.

mod callback;
mod contacts;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::{recordings, ApiState, RateLimiter};
use crate::audio::Format;
use crate::config::SimConfig;
use contacts::Contacts;

/// What the fake API keeps between requests.
pub struct RingostatState {
    limiter: RateLimiter,
    contacts: Contacts,
}

impl RingostatState {
    pub fn new(config: &SimConfig) -> RingostatState {
        RingostatState {
            limiter: RateLimiter::new(config.ringostat.rate_limit_per_minute, Duration::from_secs(60)),
            contacts: Contacts::default(),
        }
    }
}

pub(super) fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}

/// Whether the `Auth-key` header is the project's (compared in constant time).
fn authorized(config: &SimConfig, headers: &HeaderMap) -> bool {
    let key = headers.get("auth-key").map(|v| v.as_bytes()).unwrap_or_default();
    bool::from(key.ct_eq(config.ringostat.auth_key.as_bytes()))
}

fn unauthorized() -> Response {
    error(StatusCode::UNAUTHORIZED, "Unauthorized")
}

/// `POST /ringostat/a/v2`: JSON-RPC 2.0 (`Api\V2\Callback.external`).
pub async fn a_v2(State(state): State<Arc<ApiState>>, method: Method, headers: HeaderMap, body: Bytes) -> Response {
    if !authorized(&state.player.config, &headers) {
        return unauthorized();
    }
    callback::handle(&state, &method, &headers, &body)
}

fn agents_where(state: &ApiState, keep: impl Fn(&crate::config::SimAgent) -> bool) -> Json<Value> {
    let logins: Vec<&str> =
        state.player.config.agents.iter().filter(|a| keep(a)).map(|a| a.sip_login.as_str()).collect();
    Json(json!(logins))
}

/// `GET /ringostat/sipstatus/online`: every agent's SIP phone is registered.
pub async fn sip_online(State(state): State<Arc<ApiState>>, headers: HeaderMap) -> Response {
    if !authorized(&state.player.config, &headers) {
        return unauthorized();
    }
    agents_where(&state, |_| true).into_response()
}

/// `GET /ringostat/sipstatus/speaking`: agents in a played call now.
pub async fn sip_speaking(State(state): State<Arc<ApiState>>, headers: HeaderMap) -> Response {
    if !authorized(&state.player.config, &headers) {
        return unauthorized();
    }
    agents_where(&state, |a| state.player.state.is_talking(&a.login)).into_response()
}

/// `POST /ringostat/minicrm/contacts/sync`.
pub async fn contacts_sync(State(state): State<Arc<ApiState>>, headers: HeaderMap, body: Bytes) -> Response {
    let config = &state.player.config;
    if !authorized(config, &headers) {
        return unauthorized();
    }
    match headers.get("x-project-id").and_then(|v| v.to_str().ok()) {
        None => return error(StatusCode::BAD_REQUEST, "x-project-id header is required"),
        Some(p) if p != config.ringostat.project_id => return error(StatusCode::FORBIDDEN, "Project not found"),
        Some(_) => {}
    }
    match contacts::parse(&body, &config.ringostat.project_id) {
        Ok(batch) => {
            let synced = batch.len();
            state.ringostat.contacts.store(batch);
            tracing::info!(synced, "Ringostat contacts synced");
            Json(json!({"success": true, "synced": synced})).into_response()
        }
        Err(problem) => error(StatusCode::BAD_REQUEST, &problem),
    }
}

/// `GET /sim/ringostat/contacts` (tests): every contact synced so far, latest version each.
pub async fn synced_contacts(State(state): State<Arc<ApiState>>) -> Json<Value> {
    Json(Value::Array(state.ringostat.contacts.all()))
}

#[derive(serde::Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// `GET /ringostat/recordings/{uniqueid}.wav?token=…`: no header, the token is the key.
pub async fn recording(
    State(state): State<Arc<ApiState>>,
    Path(file): Path<String>,
    Query(query): Query<TokenQuery>,
    request: Request,
) -> Response {
    let Some(token) = query.token.filter(|t| !t.is_empty()) else { return recordings::not_found("Record not found") };
    match state.player.state.resolve_link(&token, Utc::now()) {
        Ok(rec) if file == format!("{}.wav", rec.id) => recordings::serve_as(&state, &rec, request, Format::Wav).await,
        _ => recordings::not_found("Record not found"),
    }
}
