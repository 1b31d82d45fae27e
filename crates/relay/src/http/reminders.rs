//! `GET /api/v1/reminders`: missed calls not yet returned, for the agent they are assigned to.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use callcard_protocol::Reminder;

use super::auth::Authed;
use super::{AppState, HttpError};

use callcard_domain::Viewer;

pub async fn list(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
) -> Result<Json<Vec<Reminder>>, HttpError> {
    let settings = state.settings.get();
    if !settings.missed_call_reminders {
        return Ok(Json(vec![]));
    }
    Ok(Json(state.store.reminders(Viewer::of(&agent), settings.default_responsible_id).await?))
}
