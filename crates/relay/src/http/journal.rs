//! `GET /api/v1/contacts/{phone}/calls`: a client's journal for every agent (seed 000: "the
//! client won't have to explain the previous conversations").

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use callcard_protocol::{Agent, Call, Journal};

use super::admin::SupervisorAuthed;
use super::api::{limit_of, LimitQuery};
use super::auth::Authed;
use super::contacts::bad_phone;
use super::{AppState, HttpError};

pub async fn journal(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    Path(phone): Path<String>,
    query: Result<Query<LimitQuery>, QueryRejection>,
) -> Result<Json<Journal>, HttpError> {
    journal_of(&state, &agent, &phone, query).await
}

/// `GET /api/v1/admin/contacts/{phone}/calls`: the journal in the console (supervisors and
/// admins: every call and recording).
pub async fn journal_for_console(
    State(state): State<Arc<AppState>>,
    SupervisorAuthed(agent): SupervisorAuthed,
    Path(phone): Path<String>,
    query: Result<Query<LimitQuery>, QueryRejection>,
) -> Result<Json<Journal>, HttpError> {
    journal_of(&state, &agent, &phone, query).await
}

async fn journal_of(
    state: &AppState,
    agent: &Agent,
    phone: &str,
    query: Result<Query<LimitQuery>, QueryRejection>,
) -> Result<Json<Journal>, HttpError> {
    let limit = limit_of(query, 50)?;
    let phone = state.config.phone.normalize(phone).map_err(|e| bad_phone("phone", e))?;
    let contact = state.store.contact_by_phone(&phone).await?.map(|c| c.info);
    let others = state.settings.get().recordings_of_others;
    let calls = state.store.calls_with_phone(&phone, limit).await?;
    let calls = calls.into_iter().map(|call| with_playable_recording(call, agent, others)).collect();
    Ok(Json(Journal { phone, contact, calls }))
}

/// Whether `agent` may play `call`'s recording: calls it had or was rung for, every call for
/// supervisors, and other agents' calls where the admin allows it (`recordings_of_others`).
fn may_play(call: &Call, agent: &Agent, others: bool) -> bool {
    let mine = |a: &callcard_protocol::AgentRef| a.agent_id == Some(agent.id);
    others || agent.supervisor || call.agent.as_ref().is_some_and(mine) || call.ringing.iter().any(mine)
}

fn with_playable_recording(mut call: Call, agent: &Agent, others: bool) -> Call {
    if !may_play(&call, agent, others) {
        call.recording = None;
    }
    call
}
