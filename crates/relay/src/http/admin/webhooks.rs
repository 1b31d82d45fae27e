//! `GET /api/v1/admin/webhooks/flagged`: verified webhooks with parts that did not parse, with
//! their raw fields, so an admin can fix a template.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::Json;
use callcard_protocol::FlaggedEntry;
use serde::Deserialize;

use super::super::{AppState, HttpError};
use super::AdminAuthed;

#[derive(Deserialize)]
pub struct Limit {
    limit: Option<u32>,
}

pub async fn flagged(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    query: Result<Query<Limit>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<FlaggedEntry>>, HttpError> {
    let Query(Limit { limit }) = query.map_err(|e| HttpError::bad_query(e.body_text()))?;
    let limit = limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(HttpError::bad_limit(1, 500));
    }
    let rows = state.store.flagged_webhooks(limit).await?;
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
