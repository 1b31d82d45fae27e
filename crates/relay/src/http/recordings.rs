//! `GET /api/v1/calls/{id}/recording`: the relay streams the recording through (with `Range`),
//! so the app needs only its bearer token and never sees PBX links or keys.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;

use callcard_domain::Viewer;
use callcard_protocol::ErrorCode;

use super::admin::SupervisorAuthed;
use super::auth::Authed;
use super::dial::pbx_error;
use super::outcomes::call_id_of;
use super::{AppState, HttpError};

pub async fn recording(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    Path(call_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    // Another agent's call from a client's journal, where the admin allows it.
    let viewer = if state.settings.get().recordings_of_others { Viewer::Supervisor } else { Viewer::of(&agent) };
    stream_recording(&state, viewer, &call_id, &headers).await
}

/// `GET /api/v1/admin/calls/{id}/recording`: the console's player (a supervisor's or admin's
/// bearer token, or the console session's cookie, which an `<audio>` element sends).
pub async fn recording_for_console(
    State(state): State<Arc<AppState>>,
    _: SupervisorAuthed,
    Path(call_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    stream_recording(&state, Viewer::Supervisor, &call_id, &headers).await
}

async fn stream_recording(
    state: &AppState,
    viewer: Viewer,
    call_id: &str,
    headers: &HeaderMap,
) -> Result<Response, HttpError> {
    let call_id = call_id_of(call_id)?;
    let call = state
        .store
        .call(viewer, call_id)
        .await?
        .ok_or_else(|| HttpError::not_found(ErrorCode::NoSuchCall, "no such call"))?;
    let Some(recording) = &call.recording else {
        return Err(HttpError::not_found(ErrorCode::NoRecording, "this call has no recording"));
    };
    if !recording.ready {
        return Err(HttpError::new(
            StatusCode::CONFLICT,
            ErrorCode::RecordingNotReady,
            "the recording is not ready yet; try again in a minute",
        ));
    }
    let providers = state.providers.get();
    let provider = providers.get(call.provider.as_str()).ok_or_else(|| {
        HttpError::new(
            StatusCode::NOT_IMPLEMENTED,
            ErrorCode::NotConfigured,
            "recordings of this PBX are not supported",
        )
        .with("what", &call.provider)
    })?;
    let upstream =
        provider.api.recording(&call, headers.get(header::RANGE).map(|r| r.as_bytes())).await.map_err(|e| {
            let mut error = pbx_error(&e);
            error.body.error = format!("recording: {e}");
            error
        })?;

    let mut response = Response::builder().status(upstream.status().as_u16());
    for name in [header::CONTENT_LENGTH, header::CONTENT_RANGE, header::ACCEPT_RANGES] {
        if let Some(value) = upstream.headers().get(name.as_str()) {
            response = response.header(name, value.as_bytes());
        }
    }
    let content_type = upstream
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|t| t.starts_with("audio/"))
        .unwrap_or("audio/mpeg")
        .to_string();
    response = response
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "private, no-store")
        .header(header::CONTENT_DISPOSITION, format!("inline; filename=\"call-{call_id}.mp3\""));
    response.body(Body::from_stream(upstream.bytes_stream())).map_err(|e| {
        HttpError::new(StatusCode::BAD_GATEWAY, ErrorCode::PbxBadAnswer, format!("recording: {e}")).with("detail", e)
    })
}
