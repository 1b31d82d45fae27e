//! `/api/v1/admin/reports…`: a period's figures and the CSV of its calls, for supervisors and
//! admins (a console session, or their bearer token).

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use callcard_protocol::{ErrorCode, Report};
use chrono_tz::Tz;
use serde::Deserialize;

use super::super::{AppState, HttpError};
use super::SupervisorAuthed;
use crate::admin::reports;

#[derive(Deserialize)]
pub struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
    /// `comma` (the default) or `semicolon`, for spreadsheets that expect `;`.
    sep: Option<String>,
}

fn dates(state: &AppState, query: &PeriodQuery) -> Result<(Tz, chrono::NaiveDate, chrono::NaiveDate), HttpError> {
    let tz = state.report_tz()?;
    let from = reports::date("from", given("from", query.from.as_deref())?)?;
    let to = reports::date("to", given("to", query.to.as_deref())?)?;
    Ok((tz, from, to))
}

fn given<'a>(field: &str, value: Option<&'a str>) -> Result<&'a str, HttpError> {
    value.ok_or_else(|| {
        HttpError::bad_request(ErrorCode::FieldRequired, format!("{field} is required (YYYY-MM-DD)"))
            .with("field", field)
    })
}

pub async fn report(
    State(state): State<Arc<AppState>>,
    _: SupervisorAuthed,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Json<Report>, HttpError> {
    let Query(query) = query.map_err(|e| HttpError::bad_query(e.body_text()))?;
    let (tz, from, to) = dates(&state, &query)?;
    Ok(Json(reports::report(&*state.store, tz, &state.settings.get(), from, to).await?))
}

/// `calls.csv`: one row per call of the period, UTF-8 with a BOM.
pub async fn calls_csv(
    State(state): State<Arc<AppState>>,
    SupervisorAuthed(who): SupervisorAuthed,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response, HttpError> {
    let Query(query) = query.map_err(|e| HttpError::bad_query(e.body_text()))?;
    let (tz, from, to) = dates(&state, &query)?;
    let separator = match query.sep.as_deref().unwrap_or("comma") {
        "comma" | "," => b',',
        "semicolon" | ";" => b';',
        other => {
            return Err(HttpError::bad_request(
                ErrorCode::BadField,
                format!("sep must be comma or semicolon, not {other:?}"),
            )
            .with("field", "sep")
            .with("detail", "comma or semicolon"))
        }
    };
    let period = reports::period(tz, from, to)?;
    let calls = state.store.report_calls(&period).await?;
    let body = reports::calls_csv(&calls, tz, separator)?;
    tracing::info!(agent = who.id, %from, %to, calls = calls.len(), "calls exported as CSV");
    let name = format!("attachment; filename=\"calls-{from}-{to}.csv\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)], body)
        .into_response())
}
