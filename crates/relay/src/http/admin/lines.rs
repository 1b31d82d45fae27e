//! `/api/v1/admin/lines…`: our numbers' labels.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use callcard_protocol::{LineEntry, SetLineRequest};

use super::super::{AppState, HttpError};
use super::AdminAuthed;
use crate::admin::lines;

pub async fn list(State(state): State<Arc<AppState>>, _: AdminAuthed) -> Result<Json<Vec<LineEntry>>, HttpError> {
    Ok(Json(lines::list(&*state.store, &state.config.lines).await?))
}

pub async fn set(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    Path(did): Path<String>,
    body: Result<Json<SetLineRequest>, JsonRejection>,
) -> Result<Json<Vec<LineEntry>>, HttpError> {
    let request = HttpError::json_body("line", body)?;
    let did = lines::set(&*state.store, &state.config.phone, &did, &request.label).await?;
    tracing::info!(admin = admin.id, did = %did, "line label set in the console");
    changed(&state).await
}

pub async fn remove(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    Path(did): Path<String>,
) -> Result<StatusCode, HttpError> {
    lines::remove(&*state.store, &state.config.phone, &did).await?;
    tracing::info!(admin = admin.id, did = %did, "line label removed in the console");
    state.settings.reload(&*state.store).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The next webhook gets the new label at once (not after the next refresh).
async fn changed(state: &AppState) -> Result<Json<Vec<LineEntry>>, HttpError> {
    state.settings.reload(&*state.store).await?;
    Ok(Json(lines::list(&*state.store, &state.config.lines).await?))
}
