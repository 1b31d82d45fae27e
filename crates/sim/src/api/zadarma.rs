//! Zadarma REST API, signature-checked exactly as Zadarma does (PROTOCOLS.md §1.5–1.6).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use callcard_pbx::zadarma::rest_authorization;
use chrono::Utc;
use rand::Rng;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::ApiState;
use crate::plan::ProviderKind;
use crate::state::Link;

type Params = Vec<(String, String)>;

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"status": "error", "message": message}))).into_response()
}

fn param<'a>(params: &'a Params, key: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

#[allow(clippy::result_large_err)] // the error is the finished HTTP response
/// Checks the rate limit and the `Authorization: key:signature` header; returns the request's
/// parameters and the rate-limit headers to send back.
fn authorize(
    state: &ApiState,
    method_path: &str,
    headers: &HeaderMap,
    query: Option<String>,
) -> Result<(Params, HeaderMap), Response> {
    let config = &state.player.config.zadarma;
    let checked = state.zadarma_limiter.check(Instant::now());
    let (Ok(info) | Err(info)) = checked;
    let mut rate_headers = HeaderMap::new();
    rate_headers.insert("X-RateLimit-Limit", HeaderValue::from(info.limit));
    rate_headers.insert("X-RateLimit-Remaining", HeaderValue::from(info.remaining));
    rate_headers.insert("X-RateLimit-Reset", HeaderValue::from(info.reset_secs));
    if checked.is_err() {
        return Err((rate_headers, error(StatusCode::TOO_MANY_REQUESTS, "Too many requests")).into_response());
    }
    let params: Params = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|_| error(StatusCode::BAD_REQUEST, "Malformed query string"))?;
    let given = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
    let expected = rest_authorization(&config.api_key, &config.api_secret, method_path, &params);
    if !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        tracing::warn!(method_path, "zadarma API request with a wrong signature");
        return Err((rate_headers, error(StatusCode::UNAUTHORIZED, "Not authorized")).into_response());
    }
    Ok((params, rate_headers))
}

fn is_phone(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or(s);
    (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `GET /v1/request/callback/?from=<ext>&to=<number>`: rings the extension, then the number,
/// and plays the outgoing call's notifications into the relay.
pub async fn callback(State(state): State<Arc<ApiState>>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let (params, rate) = match authorize(&state, "/v1/request/callback/", &headers, query) {
        Ok(ok) => ok,
        Err(resp) => return resp,
    };
    let config = state.player.config.clone();
    let (Some(from), Some(to)) = (param(&params, "from"), param(&params, "to")) else {
        return (rate, error(StatusCode::BAD_REQUEST, "Parameters 'from' and 'to' are required")).into_response();
    };
    let Some(agent) = config.agents.iter().find(|a| a.extension == from).cloned() else {
        return (rate, error(StatusCode::BAD_REQUEST, &format!("Wrong parameter 'from': no extension {from}")))
            .into_response();
    };
    if !is_phone(to) {
        return (rate, error(StatusCode::BAD_REQUEST, &format!("Wrong parameter 'to': {to}"))).into_response();
    }
    if config.zadarma.balance <= 0.0 {
        return (rate, error(StatusCode::PAYMENT_REQUIRED, "Not enough money")).into_response();
    }
    let to_digits = to.trim_start_matches('+').to_string();
    let call_id = state.play_callback(ProviderKind::Zadarma, agent, to_digits.clone());
    tracing::info!(from, to, call = %call_id, "click-to-call: playing the outgoing call");
    (rate, Json(json!({"status": "success", "from": from, "to": to_digits, "time": Utc::now().timestamp()})))
        .into_response()
}

/// `GET /v1/pbx/record/request/?call_id=…|pbx_call_id=…[&lifetime=s]`: temporary links.
pub async fn record_request(
    State(state): State<Arc<ApiState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let (params, rate) = match authorize(&state, "/v1/pbx/record/request/", &headers, query) {
        Ok(ok) => ok,
        Err(resp) => return resp,
    };
    let config = &state.player.config;
    let min = config.zadarma.min_link_lifetime_secs;
    let lifetime = match param(&params, "lifetime").map(str::parse::<u64>) {
        None => 1800.max(min),
        Some(Ok(l)) if (min..=5_184_000).contains(&l) => l,
        Some(_) => {
            return (rate, error(StatusCode::BAD_REQUEST, &format!("Wrong parameter 'lifetime': {min}..5184000")))
                .into_response()
        }
    };
    let recordings = match (param(&params, "call_id"), param(&params, "pbx_call_id")) {
        (Some(id), _) => state.player.state.recording(id).into_iter().collect::<Vec<_>>(),
        (None, Some(call)) => state.player.state.recordings_of_call(call),
        (None, None) => {
            return (rate, error(StatusCode::BAD_REQUEST, "Parameter 'call_id' or 'pbx_call_id' is required"))
                .into_response()
        }
    };
    if recordings.is_empty() {
        return (rate, error(StatusCode::NOT_FOUND, "Record not found")).into_response();
    }
    let expires = Utc::now() + chrono::Duration::seconds(lifetime as i64);
    let base = config.public_url();
    let links: Vec<String> = recordings
        .iter()
        .map(|rec| {
            let token = hex::encode(rand::rng().random::<[u8; 16]>());
            state.player.state.add_link(token.clone(), Link { recording_id: rec.id.clone(), expires });
            format!("{base}/v1/pbx/record/download/{token}/{}.mp3", rec.id)
        })
        .collect();
    let tz = config.zadarma_timezone().expect("validated");
    let lifetime_till = expires.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string();
    let body: Value = if param(&params, "call_id").is_some() {
        json!({"status": "success", "link": links[0], "lifetime_till": lifetime_till})
    } else {
        json!({"status": "success", "links": links, "lifetime_till": lifetime_till})
    };
    (rate, Json(body)).into_response()
}

/// `GET /v1/pbx/internal/`: the PBX's extensions.
pub async fn internal(State(state): State<Arc<ApiState>>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let (_, rate) = match authorize(&state, "/v1/pbx/internal/", &headers, query) {
        Ok(ok) => ok,
        Err(resp) => return resp,
    };
    let numbers: Vec<Value> = state
        .player
        .config
        .agents
        .iter()
        .map(|a| a.extension.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::from(a.extension.clone())))
        .collect();
    (rate, Json(json!({"status": "success", "pbx_id": 1234, "numbers": numbers}))).into_response()
}

/// `GET /v1/info/balance/`.
pub async fn balance(State(state): State<Arc<ApiState>>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let (_, rate) = match authorize(&state, "/v1/info/balance/", &headers, query) {
        Ok(ok) => ok,
        Err(resp) => return resp,
    };
    let z = &state.player.config.zadarma;
    (rate, Json(json!({"status": "success", "balance": z.balance, "currency": z.currency}))).into_response()
}
