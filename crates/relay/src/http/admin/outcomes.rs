//! `/api/v1/admin/outcomes…`: the wrap-up's buttons.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use callcard_protocol::{AdminOutcome, OutcomeOrderRequest, SaveOutcomeRequest};

use super::super::{AppState, HttpError};
use super::AdminAuthed;
use crate::admin::outcomes;
use crate::store::Saved;

pub async fn list(State(state): State<Arc<AppState>>, _: AdminAuthed) -> Result<Json<Vec<AdminOutcome>>, HttpError> {
    Ok(Json(outcomes::list(&*state.store).await?))
}

pub async fn save(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    Path(code): Path<String>,
    body: Result<Json<SaveOutcomeRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<AdminOutcome>), HttpError> {
    let request = HttpError::json_body("outcome", body)?;
    let (saved, how) = outcomes::save(&*state.store, &code, &request).await?;
    tracing::info!(admin = admin.id, code = %saved.option.code, "outcome saved in the console");
    let status = if how == Saved::Created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(saved)))
}

pub async fn reorder(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    body: Result<Json<OutcomeOrderRequest>, JsonRejection>,
) -> Result<Json<Vec<AdminOutcome>>, HttpError> {
    let request = HttpError::json_body("order", body)?;
    let listed = outcomes::reorder(&*state.store, &request.codes).await?;
    tracing::info!(admin = admin.id, "outcomes reordered in the console");
    Ok(Json(listed))
}

pub async fn retire(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    Path(code): Path<String>,
) -> Result<StatusCode, HttpError> {
    outcomes::retire(&*state.store, &code).await?;
    tracing::info!(admin = admin.id, code = %code.trim(), "outcome retired in the console");
    Ok(StatusCode::NO_CONTENT)
}
