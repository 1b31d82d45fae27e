//! `PUT /api/v1/presence`: an agent's app says whether they are in do-not-disturb or wrapping
//! up a call, for the supervisors' live board.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use callcard_domain::board::AgentPresence;
use callcard_protocol::PresenceRequest;
use chrono::Utc;

use super::auth::Authed;
use super::{AppState, HttpError};

pub async fn report(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    body: Result<Json<PresenceRequest>, JsonRejection>,
) -> Result<StatusCode, HttpError> {
    let request = HttpError::json_body("presence", body)?;
    let previous = state.store.presences().await?.remove(&agent.id);
    let presence = AgentPresence::reported(request.do_not_disturb, request.wrap_up_secs, Utc::now(), previous.as_ref());
    if previous != Some(presence) {
        state.store.save_presence(agent.id, &presence).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
