//! `GET /api/v1/admin/webhooks/flagged`: verified webhooks with parts that did not parse, with
//! their raw fields, so an admin can fix a template.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use callcard_protocol::FlaggedEntry;

use super::super::api::{limit_of, LimitQuery};
use super::super::{AppState, HttpError};
use super::AdminAuthed;

pub async fn flagged(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    query: Result<Query<LimitQuery>, QueryRejection>,
) -> Result<Json<Vec<FlaggedEntry>>, HttpError> {
    let rows = state.store.flagged_webhooks(limit_of(query, 50)?).await?;
    Ok(Json(
        rows.into_iter()
            .map(|w| FlaggedEntry {
                id: w.id,
                provider: w.provider.as_str().to_string(),
                event: w.event,
                received_at: w.received_at,
                problems: w.problems,
                fields: serde_json::from_str(&w.fields).unwrap_or(serde_json::Value::String(w.fields)),
            })
            .collect(),
    ))
}
