//! `GET /api/v1/calls/history`: calls beyond today, searched and filtered, a page at a time.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use callcard_domain::Viewer;
use callcard_protocol::{Direction, ErrorCode, HistoryPage};
use serde::Deserialize;

use super::auth::Authed;
use super::{AppState, HttpError};
use crate::admin::reports;
use crate::store::HistoryFilter;

#[derive(Deserialize)]
pub struct HistoryQuery {
    q: Option<String>,
    /// First and last day (YYYY-MM-DD, `[reports] timezone` days), both included.
    from: Option<String>,
    to: Option<String>,
    direction: Option<String>,
    missed: Option<bool>,
    outcome: Option<String>,
    agent: Option<i64>,
    before: Option<i64>,
    limit: Option<u32>,
}

fn bad(field: &str, message: impl Into<String>, detail: &str) -> HttpError {
    HttpError::bad_request(ErrorCode::BadField, message).with("field", field).with("detail", detail)
}

pub async fn history(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    query: Result<Query<HistoryQuery>, QueryRejection>,
) -> Result<Json<HistoryPage>, HttpError> {
    let Query(query) = query.map_err(|e| HttpError::bad_query(e.body_text()))?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(HttpError::bad_limit(1, 200));
    }
    let tz = state.report_tz()?;
    let from = query.from.as_deref().map(|d| reports::date("from", d)).transpose()?;
    let to = query.to.as_deref().map(|d| reports::date("to", d)).transpose()?;
    // Whole local days, as the reports count them.
    let from_at = from.map(|day| reports::day_start(tz, day));
    let to_at = to.and_then(|day| day.succ_opt()).map(|day| reports::day_start(tz, day));
    let direction = match query.direction.as_deref() {
        None | Some("") => None,
        Some("incoming") => Some(Direction::Incoming),
        Some("outgoing") => Some(Direction::Outgoing),
        Some(other) => {
            return Err(bad(
                "direction",
                format!("direction must be incoming or outgoing, not {other:?}"),
                "incoming or outgoing",
            ))
        }
    };
    if query.agent.is_some() && !agent.supervisor {
        return Err(bad("agent", "only supervisors filter by agent", "supervisors only"));
    }
    let q = query.q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(HttpError::too_long("q", 200));
    }
    let filter = HistoryFilter {
        query: q,
        from: from_at,
        to: to_at,
        direction,
        missed: query.missed,
        outcome: query.outcome.filter(|o| !o.trim().is_empty()),
        agent_id: query.agent,
        before_id: query.before,
    };
    // One more than asked says whether there is a next page.
    let mut calls = state.store.history(Viewer::of(&agent), &filter, limit + 1).await?;
    let next_before = if calls.len() > limit as usize {
        calls.truncate(limit as usize);
        calls.last().map(|c| c.id)
    } else {
        None
    };
    Ok(Json(HistoryPage { calls, next_before }))
}
