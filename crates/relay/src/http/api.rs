//! The agents' REST API: who am I, and the call snapshot a client reloads from.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::Json;
use callcard_protocol::{Agent, Call, CallsSnapshot, Position};
use serde::Deserialize;
use serde_json::{json, Value};

use super::auth::Authed;
use super::{AppState, HttpError};

use callcard_domain::Viewer;

pub async fn me(Authed(agent, _): Authed) -> Json<Agent> {
    Json(agent)
}

async fn snapshot(
    state: &AppState,
    agent: &Agent,
    active_only: bool,
    limit: u32,
) -> Result<Json<CallsSnapshot>, HttpError> {
    let (head, calls) = state.store.calls(Viewer::of(agent), active_only, limit).await?;
    let calls = calls.into_iter().map(Call::for_clients).collect();
    Ok(Json(CallsSnapshot { position: Position { epoch: state.store.epoch().to_string(), seq: head }, calls }))
}

pub async fn active_calls(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
) -> Result<Json<CallsSnapshot>, HttpError> {
    snapshot(&state, &agent, true, 1000).await
}

#[derive(Deserialize)]
pub struct LimitQuery {
    limit: Option<u32>,
}

/// `?limit=N` (1..=500), or `default`.
pub fn limit_of(
    query: Result<Query<LimitQuery>, axum::extract::rejection::QueryRejection>,
    default: u32,
) -> Result<u32, HttpError> {
    let Query(query) = query.map_err(|e| HttpError::bad_query(e.body_text()))?;
    let limit = query.limit.unwrap_or(default);
    if !(1..=500).contains(&limit) {
        return Err(HttpError::bad_limit(1, 500));
    }
    Ok(limit)
}

pub async fn recent_calls(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    query: Result<Query<LimitQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<CallsSnapshot>, HttpError> {
    snapshot(&state, &agent, false, limit_of(query, 50)?).await
}

pub async fn health(State(state): State<Arc<AppState>>) -> Result<Json<Value>, HttpError> {
    let head = state.store.head_seq().await?;
    let flagged = state.store.flagged_count().await?;
    // Without the broker the sessions still get every event, from the store and later.
    let broker_up = state.broker.healthy();
    Ok(Json(json!({
        "status": if broker_up { "ok" } else { "degraded" },
        "broker": if broker_up { "connected" } else { "away" },
        "epoch": state.store.epoch(),
        "head_seq": head,
        "connections": state.hub.subscribers(),
        // Verified webhooks stored with parts that did not parse (`webhook list --flagged`).
        "flagged_webhooks": flagged,
        // Times events went missing between the writer and the sessions (caught up from the store).
        "fanout_repairs": state.hub.repairs(),
        "publish_failures": state.ingestor.publish_failures(),
    })))
}
