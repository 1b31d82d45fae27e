//! The simulated UIS APIs (PROTOCOLS.md §3.7–3.9): the Call API and the Data API, JSON-RPC 2.0
//! as strict as the real ones, sharing one set of credentials and one points-per-minute limit,
//! and the recordings behind their capability links.

mod call_api;
mod data_api;
mod params;
mod report;
mod rpc;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use rand::Rng;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::{recordings, ApiState, RateLimiter};
use crate::config::SimConfig;
use crate::state::{Link, LinkError, PbxState};
use rpc::RpcError;

/// How long a recording link works. UIS does not say; links are capability URLs.
const LINK_LIFETIME_HOURS: i64 = 24;

/// A fresh capability link to a recording: `{public_url}/uis/media/{token}/{record_id}.mp3`.
pub fn media_link(config: &SimConfig, state: &PbxState, record_id: &str) -> String {
    let token = hex::encode(rand::rng().random::<[u8; 16]>());
    let expires = Utc::now() + chrono::Duration::hours(LINK_LIFETIME_HOURS);
    state.add_link(token.clone(), Link { recording_id: record_id.to_string(), expires });
    format!("{}/uis/media/{token}/{record_id}.mp3", config.public_url())
}

/// Sessions from `login.user` and the points spent.
pub struct UisState {
    sessions: Mutex<HashMap<String, DateTime<Utc>>>,
    limiter: RateLimiter,
    spent_today: AtomicU64,
}

impl UisState {
    pub fn new(config: &SimConfig) -> UisState {
        UisState {
            sessions: Mutex::new(HashMap::new()),
            limiter: RateLimiter::new(config.uis.rate_limit_per_minute, Duration::from_secs(60)),
            spent_today: AtomicU64::new(0),
        }
    }

    /// A new session token and when it expires.
    fn login(&self, lifetime_secs: u64) -> (String, DateTime<Utc>) {
        let token = hex::encode(rand::rng().random::<[u8; 20]>());
        let expires = Utc::now() + chrono::Duration::seconds(lifetime_secs as i64);
        let mut sessions = self.sessions.lock().expect("lock");
        sessions.retain(|_, e| *e > Utc::now());
        sessions.insert(token.clone(), expires);
        (token, expires)
    }

    /// Ends every session now, as UIS does when it invalidates tokens before their time: the
    /// next call with one gets `access_token_invalid`. Returns how many were live.
    pub fn end_sessions(&self) -> usize {
        let mut sessions = self.sessions.lock().expect("lock");
        let live = sessions.values().filter(|e| **e > Utc::now()).count();
        sessions.clear();
        live
    }

    /// `params.access_token`: the permanent key or a live session token.
    fn authorize(&self, config: &SimConfig, params: &params::Params) -> Result<(), RpcError> {
        let invalid = || RpcError::new(-32001, "access_token_invalid", "Access token is invalid");
        let Some(token) = params.get("access_token") else {
            return Err(RpcError::param(
                "required_parameter_missed",
                "access_token",
                None,
                "Required parameter access_token is missing",
            ));
        };
        let token = token.as_str().ok_or_else(invalid)?;
        if bool::from(token.as_bytes().ct_eq(config.uis.access_token.as_bytes())) {
            return Ok(());
        }
        // An expired session token is simply invalid (access_token_expired is for API keys).
        match self.sessions.lock().expect("lock").get(token) {
            Some(expires) if *expires > Utc::now() => Ok(()),
            _ => Err(invalid()),
        }
    }

    /// The `metadata.limits` figures; `charge` spends a point (only successful calls do).
    fn limits(&self, charge: bool) -> Result<Value, RpcError> {
        let now = Instant::now();
        let info = if charge { self.limiter.check(now) } else { self.limiter.peek(now) }
            .map_err(|_| RpcError::new(-32029, "limit_exceeded", "Limit is exceeded"))?;
        if charge {
            self.spent_today.fetch_add(1, Ordering::Relaxed);
        }
        let day_limit = u64::from(info.limit) * 5;
        let midnight = (Utc::now().date_naive() + chrono::Days::new(1)).and_hms_opt(0, 0, 0).expect("midnight");
        Ok(json!({
            "day_limit": day_limit,
            "day_remaining": day_limit.saturating_sub(self.spent_today.load(Ordering::Relaxed)),
            "day_reset": (midnight - Utc::now().naive_utc()).num_seconds(),
            "minute_limit": info.limit,
            "minute_remaining": info.remaining,
            "minute_reset": info.reset_secs,
        }))
    }
}

/// What a method hands back: the result's `data` and any metadata besides the limits.
pub struct Answer {
    pub data: Value,
    pub metadata: serde_json::Map<String, Value>,
}

impl Answer {
    pub fn data(data: Value) -> Answer {
        Answer { data, metadata: Default::default() }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Api {
    Call,
    Data,
}

async fn handle(api: Api, state: Arc<ApiState>, method: Method, headers: HeaderMap, body: Bytes) -> Response {
    let request = match rpc::parse(&method, &headers, &body) {
        Ok(r) => r,
        Err((id, e)) => return rpc::respond(&id, Err(e)),
    };
    let result = dispatch(api, &state, &request).await;
    if let Err(e) = &result {
        tracing::info!(method = %request.method, mnemonic = e.mnemonic, "UIS API error");
    }
    rpc::respond(&request.id, result)
}

async fn dispatch(api: Api, state: &ApiState, request: &rpc::Request) -> Result<Value, RpcError> {
    let known = match api {
        Api::Call => ["login.user", "start.employee_call"].as_slice(),
        Api::Data => ["login.user", "get.employees", "get.calls_report", "get.call_legs_report"].as_slice(),
    };
    let name = request.method.as_str();
    if !known.contains(&name) {
        return Err(RpcError::new(-32601, "method_not_found", format!("Method {name} not found")));
    }
    let uis = &state.uis;
    let config = state.player.config.clone();
    // Over the limit nothing runs; only a successful call spends a point.
    uis.limits(false)?;
    let params = &request.params;
    let answer = if name == "login.user" {
        call_api::login_user(&config, uis, params)?
    } else {
        uis.authorize(&config, params)?;
        match name {
            "start.employee_call" => call_api::start_employee_call(state, params)?,
            "get.employees" => data_api::get_employees(&config, params)?,
            "get.calls_report" => data_api::get_calls_report(state, params)?,
            _ => data_api::get_call_legs_report(state, params)?,
        }
    };
    let mut metadata = answer.metadata;
    metadata.insert("limits".into(), uis.limits(true)?);
    Ok(json!({"data": answer.data, "metadata": metadata}))
}

/// `POST /uis/callapi/v4.0`.
pub async fn call_api(State(state): State<Arc<ApiState>>, method: Method, headers: HeaderMap, body: Bytes) -> Response {
    handle(Api::Call, state, method, headers, body).await
}

/// `POST /uis/dataapi/v2.0`.
pub async fn data_api(State(state): State<Arc<ApiState>>, method: Method, headers: HeaderMap, body: Bytes) -> Response {
    handle(Api::Data, state, method, headers, body).await
}

/// `POST /sim/uis/end-sessions` (tests): every `login.user` session stops working now.
pub async fn end_sessions(State(state): State<Arc<ApiState>>) -> Response {
    let ended = state.uis.end_sessions();
    tracing::info!(ended, "UIS sessions ended");
    axum::Json(json!({"ended": ended})).into_response()
}

/// `GET /uis/media/{token}/{record_id}.mp3`: a recording behind a capability link.
pub async fn media(
    State(state): State<Arc<ApiState>>,
    Path((token, file)): Path<(String, String)>,
    request: Request,
) -> Response {
    match state.player.state.resolve_link(&token, Utc::now()) {
        Ok(rec) if file == format!("{}.mp3", rec.id) => recordings::serve(&state, &rec, request).await,
        Ok(_) | Err(LinkError::Unknown) => recordings::not_found("Record not found"),
        Err(LinkError::Expired) => recordings::not_found("Link expired"),
    }
}
