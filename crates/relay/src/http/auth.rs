//! Bearer-token authentication of agents.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use callcard_protocol::{Agent, ErrorCode};

use super::{AppState, HttpError};
use crate::auth::{bearer, token_hash};

/// The agent a request is authenticated as, and the hash of the token it used (a long-lived
/// WebSocket re-checks it).
pub struct Authed(pub Agent, pub String);

impl FromRequestParts<Arc<AppState>> for Authed {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer)
            .ok_or_else(|| HttpError::unauthorized(ErrorCode::MissingToken, "missing bearer token"))?;
        let hash = token_hash(token);
        match state.store.agent_by_token_hash(&hash).await? {
            Some(agent) => Ok(Authed(agent, hash)),
            None => Err(HttpError::unauthorized(ErrorCode::InvalidToken, "invalid or revoked token")),
        }
    }
}
