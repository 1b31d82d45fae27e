//! Recording downloads: real MP3 (Ringostat: WAV) files with `Content-Length` and `Range`
//! support (served by tower-http's `ServeFile`).

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde_json::json;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::ApiState;
use crate::audio;
use crate::state::{LinkError, RecordingInfo};

pub(super) fn not_found(message: &str) -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"status": "error", "message": message}))).into_response()
}

pub(super) async fn serve(state: &ApiState, rec: &RecordingInfo, request: Request) -> Response {
    serve_as(state, rec, request, audio::Format::Mp3).await
}

pub(super) async fn serve_as(
    state: &ApiState,
    rec: &RecordingInfo,
    request: Request,
    format: audio::Format,
) -> Response {
    let dir = state.player.state.audio_dir.clone();
    let (id, secs) = (rec.id.clone(), rec.secs);
    let path = match tokio::task::spawn_blocking(move || audio::ensure_file_as(&dir, &id, secs, format)).await {
        Ok(Ok(path)) => path,
        other => {
            tracing::error!(?other, "cannot generate recording");
            return (StatusCode::INTERNAL_SERVER_ERROR, "cannot generate recording").into_response();
        }
    };
    match ServeFile::new_with_mime(path, &format.mime().parse().expect("mime")).oneshot(request).await {
        Ok(resp) => resp.into_response(),
        Err(e) => match e {},
    }
}

/// `GET /v1/pbx/record/download/{token}/{file}`: a temporary link from `record/request`.
pub async fn zadarma_download(
    State(state): State<Arc<ApiState>>,
    Path((token, _file)): Path<(String, String)>,
    request: Request,
) -> Response {
    match state.player.state.resolve_link(&token, Utc::now()) {
        Ok(rec) => serve(&state, &rec, request).await,
        Err(LinkError::Expired) => not_found("Link expired"),
        Err(LinkError::Unknown) => not_found("Record not found"),
    }
}

/// `GET /recordings/{callid}.mp3`: the ITooLabs `link` of a recorded call.
pub async fn itoolabs_download(
    State(state): State<Arc<ApiState>>,
    Path(file): Path<String>,
    request: Request,
) -> Response {
    let id = file.strip_suffix(".mp3").unwrap_or(&file);
    match state.player.state.recording(id) {
        Some(rec) => serve(&state, &rec, request).await,
        None => not_found("Record not found"),
    }
}

/// `DELETE /sim/recordings/{call_id}`: the PBX deletes the call's recordings (their retention
/// is over): their files and links are gone for good. 404 if the call has none.
pub async fn delete_recordings(State(state): State<Arc<ApiState>>, Path(call_id): Path<String>) -> Response {
    let deleted = state.player.state.delete_recordings_of_call(&call_id);
    if deleted.is_empty() {
        return (StatusCode::NOT_FOUND, Json(json!({"error": format!("no recording of call {call_id}")})))
            .into_response();
    }
    tracing::info!(call = %call_id, recordings = deleted.len(), "recordings deleted");
    let ids: Vec<String> = deleted.into_iter().map(|r| r.id).collect();
    Json(json!({"deleted": ids})).into_response()
}

/// `POST /sim/expire-links`: every temporary link handed out so far stops working.
pub async fn expire_links(State(state): State<Arc<ApiState>>) -> Json<serde_json::Value> {
    let expired = state.player.state.expire_links();
    Json(json!({"expired": expired}))
}
