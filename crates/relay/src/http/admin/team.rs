//! `/api/v1/admin/agents…`: the team, its roles and PBX users.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use callcard_protocol::{
    Agent, AgentAdded, ErrorCode, NewAgentRequest, SetPbxUserRequest, SetPermissionsRequest, SetRoleRequest, TeamMember,
};

use super::super::{AppState, HttpError};
use super::AdminAuthed;
use crate::admin::team;

pub async fn list(State(state): State<Arc<AppState>>, _: AdminAuthed) -> Result<Json<Vec<TeamMember>>, HttpError> {
    Ok(Json(state.store.list_agents().await?))
}

pub async fn add(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    body: Result<Json<NewAgentRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<AgentAdded>), HttpError> {
    let request = HttpError::json_body("agent", body)?;
    let added = team::add(&*state.store, &state.providers.get(), request).await?;
    Ok((StatusCode::CREATED, Json(added)))
}

pub async fn set_role(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    Path(id): Path<String>,
    body: Result<Json<SetRoleRequest>, JsonRejection>,
) -> Result<Json<Agent>, HttpError> {
    let request = HttpError::json_body("role", body)?;
    Ok(Json(team::set_role(&*state.store, agent_id(&id)?, request.role).await?))
}

pub async fn set_pbx_user(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    Path((id, provider)): Path<(String, String)>,
    body: Result<Json<SetPbxUserRequest>, JsonRejection>,
) -> Result<Json<Agent>, HttpError> {
    let request = HttpError::json_body("PBX user", body)?;
    Ok(Json(
        team::set_pbx_user(&*state.store, &state.providers.get(), agent_id(&id)?, &provider, &request.user_id).await?,
    ))
}

pub async fn set_permissions(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    Path(id): Path<String>,
    body: Result<Json<SetPermissionsRequest>, JsonRejection>,
) -> Result<Json<Agent>, HttpError> {
    let request = HttpError::json_body("permissions", body)?;
    Ok(Json(team::set_may_blacklist(&*state.store, agent_id(&id)?, request.may_blacklist).await?))
}

pub async fn revoke(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    Path(id): Path<String>,
) -> Result<StatusCode, HttpError> {
    team::revoke(&*state.store, agent_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn agent_id(text: &str) -> Result<i64, HttpError> {
    text.parse().map_err(|_| HttpError::bad_request(ErrorCode::BadId, "the agent id must be a number"))
}
