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
    // Looked up per request: the admin may have added that agent a moment ago.
    let ident = settings.default_responsible.trim();
    let default_assignee = match ident {
        "" => None,
        ident => match state.store.find_agent(ident).await? {
            Some(a) => Some(a.id),
            None => {
                tracing::warn!(ident, "the default responsible names no active agent");
                None
            }
        },
    };
    Ok(Json(state.store.reminders(Viewer::of(&agent), default_assignee).await?))
}
