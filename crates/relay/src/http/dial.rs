//! `POST /api/v1/dial`: click-to-call through the PBX (it rings the agent, then the client).

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use callcard_protocol::{DialRequest, DialStarted, ErrorCode};

use super::auth::Authed;
use super::contacts::bad_phone;
use super::{AppState, HttpError};
use crate::providers::PbxError;

pub async fn dial(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    body: Result<Json<DialRequest>, JsonRejection>,
) -> Result<Json<DialStarted>, HttpError> {
    let request = HttpError::json_body("dial request", body)?;
    let to = state.config.phone.normalize(&request.to).map_err(|e| bad_phone("to", e))?;
    let providers = state.providers.get();
    let provider = providers.dialler().ok_or_else(|| pbx_error(&PbxError::NotConfigured("click-to-call")))?;
    // The agent dials as its user on that PBX (Zadarma extension, ITooLabs login…).
    let Some(from) = agent.pbx_users.get(provider.id.as_str()).cloned() else {
        return Err(HttpError::new(
            StatusCode::CONFLICT,
            ErrorCode::NoPbxUser,
            format!("your agent has no {} user on the relay (ask the admin)", provider.id),
        )
        .with("provider", &provider.id));
    };
    match provider.api.dial(&from, &to).await {
        Ok(()) => {
            tracing::info!(agent = %agent.name, %to, provider = %provider.id, "click-to-call requested");
            Ok(Json(DialStarted { to, provider: provider.id.clone(), from }))
        }
        Err(e) => {
            tracing::warn!(agent = %agent.name, %to, error = %e, "click-to-call failed");
            Err(pbx_error(&e).with("provider", &provider.id))
        }
    }
}

/// How a PBX failure is answered to the app: status, code and parameters.
pub fn pbx_error(e: &PbxError) -> HttpError {
    let message = e.to_string();
    match e {
        PbxError::NotConfigured(what) => {
            HttpError::new(StatusCode::NOT_IMPLEMENTED, ErrorCode::NotConfigured, message).with("what", what)
        }
        PbxError::Unsupported(what) => {
            HttpError::new(StatusCode::NOT_IMPLEMENTED, ErrorCode::NotConfigured, message).with("what", what)
        }
        PbxError::RateLimited { retry_after_secs } => {
            HttpError::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::PbxRateLimited, message)
                .with("retry_after_secs", retry_after_secs)
        }
        PbxError::Unreachable(detail) => {
            HttpError::new(StatusCode::GATEWAY_TIMEOUT, ErrorCode::PbxUnreachable, message).with("detail", detail)
        }
        PbxError::NotFound(detail) => {
            HttpError::new(StatusCode::NOT_FOUND, ErrorCode::RecordingGone, message).with("detail", detail)
        }
        PbxError::NoMoney(detail) => {
            HttpError::new(StatusCode::BAD_GATEWAY, ErrorCode::PbxNoMoney, message).with("detail", detail)
        }
        PbxError::Refused(detail) => {
            HttpError::new(StatusCode::BAD_GATEWAY, ErrorCode::PbxRefused, message).with("detail", detail)
        }
        PbxError::BadAnswer(detail) => {
            HttpError::new(StatusCode::BAD_GATEWAY, ErrorCode::PbxBadAnswer, message).with("detail", detail)
        }
    }
}
