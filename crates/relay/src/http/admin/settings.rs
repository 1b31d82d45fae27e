//! `GET /api/v1/admin/settings`, `PUT /api/v1/admin/settings/{name}`: the switches and the
//! default responsible, in effect at once.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::Json;
use callcard_protocol::{SetSettingRequest, Setting};

use super::super::{AppState, HttpError};
use super::AdminAuthed;
use crate::admin::settings;

pub async fn list(State(state): State<Arc<AppState>>, _: AdminAuthed) -> Result<Json<Vec<Setting>>, HttpError> {
    Ok(Json(settings::list(&*state.store, &state.config).await?))
}

pub async fn set(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    Path(name): Path<String>,
    body: Result<Json<SetSettingRequest>, JsonRejection>,
) -> Result<Json<Setting>, HttpError> {
    let request = HttpError::json_body("setting", body)?;
    let setting = settings::set(&*state.store, &state.config, &name, &request.value).await?;
    // This node follows at once; the others within a second.
    state.settings.reload(&*state.store).await?;
    tracing::info!(admin = admin.id, name = %setting.name, value = %setting.value, "setting changed");
    Ok(Json(setting))
}
