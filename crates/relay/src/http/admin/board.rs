//! `GET /api/v1/admin/board`: the supervisor's live board, for the console and the app
//! (supervisors' bearer tokens too).

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use callcard_domain::{board, Viewer};
use callcard_protocol::{Board, BoardAgent};
use chrono::Utc;

use super::super::{AppState, HttpError};
use super::SupervisorAuthed;
use crate::admin::{reports, team};

pub async fn board(State(state): State<Arc<AppState>>, _: SupervisorAuthed) -> Result<Json<Board>, HttpError> {
    let (_, active) = state.store.calls(Viewer::Supervisor, true, 500).await?;
    let activities = board::activities(&active);
    let presences = state.store.presences().await?;
    let server_time = Utc::now();
    let agents = team::active(&*state.store)
        .await?
        .into_iter()
        .map(|a| {
            let calls = board::activity_of(&activities, a.id);
            let now = board::with_presence(calls, presences.get(&a.id), server_time);
            let call = now.call_id.and_then(|id| active.iter().find(|c| c.id == id));
            BoardAgent {
                id: a.id,
                name: a.name,
                role: a.role,
                activity: now.activity,
                call_id: now.call_id,
                since: now.since,
                client_phone: call.and_then(|c| c.client_phone.clone()),
                client_name: call.and_then(|c| c.contact.as_ref()).map(|c| c.name.clone()),
            }
        })
        .collect();
    let tz = state.report_tz()?;
    let today = server_time.with_timezone(&tz).date_naive();
    let missed_today = state.store.missed_since(reports::day_start(tz, today)).await?;
    Ok(Json(Board { server_time, agents, waiting: board::waiting(&active), missed_today }))
}
