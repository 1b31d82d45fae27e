//! Outcomes: the admin's list, logging one for a call (idempotent), and the calls still to log.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use callcard_protocol::{Call, CallsSnapshot, ErrorCode, LogOutcomeRequest, OutcomeOption, OutcomeSaved, Position};

use super::api::{limit_of, LimitQuery};
use super::auth::Authed;
use super::{AppState, HttpError};
use crate::store::{OutcomeRequest, OutcomeResult};

/// A call id in a path.
pub fn call_id_of(text: &str) -> Result<i64, HttpError> {
    text.parse().map_err(|_| HttpError::bad_request(ErrorCode::BadId, "the call id must be a number"))
}

const MAX_NOTE_CHARS: usize = 500;
const MAX_KEY_CHARS: usize = 100;

/// `GET /api/v1/outcomes`: the codes a card offers, in order.
pub async fn list(State(state): State<Arc<AppState>>, _: Authed) -> Result<Json<Vec<OutcomeOption>>, HttpError> {
    let options = state.store.outcome_options(false).await?;
    Ok(Json(options.into_iter().map(|(o, _)| o).collect()))
}

/// `POST /api/v1/calls/{id}/outcome`.
pub async fn log(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    Path(call_id): Path<String>,
    body: Result<Json<LogOutcomeRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<OutcomeSaved>), HttpError> {
    let call_id = call_id_of(&call_id)?;
    let request = HttpError::json_body("outcome", body)?;
    let key = request.idempotency_key.trim();
    if key.is_empty() {
        return Err(HttpError::bad_request(
            ErrorCode::FieldRequired,
            format!("idempotency_key must be 1 to {MAX_KEY_CHARS} characters"),
        )
        .with("field", "idempotency_key"));
    }
    if key.chars().count() > MAX_KEY_CHARS {
        return Err(HttpError::bad_request(
            ErrorCode::FieldTooLong,
            format!("idempotency_key must be 1 to {MAX_KEY_CHARS} characters"),
        )
        .with("field", "idempotency_key")
        .with("max", MAX_KEY_CHARS));
    }
    let note = request.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(HttpError::bad_request(
            ErrorCode::FieldTooLong,
            format!("the note is longer than {MAX_NOTE_CHARS} characters"),
        )
        .with("field", "note")
        .with("max", MAX_NOTE_CHARS));
    }
    let request_code = request.code.trim().to_string();
    let request = OutcomeRequest {
        call_id,
        agent: agent.clone(),
        code: request_code.clone(),
        note,
        idempotency_key: key.to_string(),
        received_at: chrono::Utc::now(),
    };
    match state.ingestor.log_outcome(request).await? {
        OutcomeResult::Logged { saved, .. } => {
            tracing::info!(agent = %agent.name, call = call_id, code = %saved.outcome.code, "outcome logged");
            Ok((StatusCode::CREATED, Json(saved)))
        }
        OutcomeResult::Replayed(saved) => Ok((StatusCode::OK, Json(saved))),
        OutcomeResult::NoSuchCall => Err(HttpError::not_found(ErrorCode::NoSuchCall, "no such call")),
        OutcomeResult::NotYours => Err(HttpError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::NotYourCall,
            "you can log outcomes only for calls you handled",
        )),
        OutcomeResult::UnknownCode => Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::UnknownOutcome,
            "unknown outcome code (see GET /api/v1/outcomes)",
        )
        .with("code", &request_code)),
        OutcomeResult::KeyReused => Err(HttpError::new(
            StatusCode::CONFLICT,
            ErrorCode::KeyReused,
            "this idempotency_key was already used for another call",
        )),
    }
}

/// `GET /api/v1/calls/unlogged`: ended calls this agent handled with no outcome yet.
pub async fn unlogged(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    query: Result<Query<LimitQuery>, QueryRejection>,
) -> Result<Json<CallsSnapshot>, HttpError> {
    let limit = limit_of(query, 200)?;
    let head = state.store.head_seq().await?;
    let calls = state.store.unlogged_calls(agent.id, limit).await?.into_iter().map(Call::for_clients).collect();
    Ok(Json(CallsSnapshot { position: Position { epoch: state.store.epoch().to_string(), seq: head }, calls }))
}
