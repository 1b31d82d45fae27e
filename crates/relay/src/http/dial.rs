//! `POST /api/v1/dial`: click-to-call through the PBX (it rings the agent, then the client).

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use callcard_protocol::{DialRequest, DialStarted};

use super::auth::Authed;
use super::{AppState, HttpError};
use crate::pbx_api::{DialError, PbxError};

pub async fn dial(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    body: Result<Json<DialRequest>, JsonRejection>,
) -> Result<Json<DialStarted>, HttpError> {
    let Json(request) = body.map_err(|e| HttpError::new(e.status(), format!("bad dial request: {}", e.body_text())))?;
    let to = state.config.phone.normalize(&request.to).map_err(|e| HttpError::bad_request(format!("to: {e}")))?;
    match state.pbx.dial(&agent, &to).await {
        Ok((provider, from)) => {
            tracing::info!(agent = %agent.name, %to, provider = provider.as_str(), "click-to-call requested");
            Ok(Json(DialStarted { to, provider, from }))
        }
        Err(e) => {
            tracing::warn!(agent = %agent.name, %to, error = %e, "click-to-call failed");
            Err(dial_error(e))
        }
    }
}

fn dial_error(e: DialError) -> HttpError {
    let status = match &e {
        DialError::NoExtension(_) => StatusCode::CONFLICT,
        DialError::Pbx(pbx) => pbx_status(pbx),
    };
    HttpError::new(status, e.to_string())
}

/// How a PBX failure is answered to the app.
pub fn pbx_status(e: &PbxError) -> StatusCode {
    match e {
        PbxError::NotConfigured(_) => StatusCode::NOT_IMPLEMENTED,
        PbxError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        PbxError::Unreachable(_) => StatusCode::GATEWAY_TIMEOUT,
        PbxError::NotFound(_) => StatusCode::NOT_FOUND,
        PbxError::NoMoney(_) | PbxError::Refused(_) | PbxError::BadAnswer(_) => StatusCode::BAD_GATEWAY,
    }
}
