//! The reports' figures, computed in SQL over the stored calls (their snapshots' JSON) and leads.

use callcard_protocol::{AgentFigures, Call, DayLine, OutcomeCount, ReportTotals, SourceCount};
use chrono::NaiveDate;
use sqlx::Row;

use super::writer::db_time;
use super::{call_from_json, SqliteStore};
use crate::store::{ReportFigures, ReportPeriod, StoreError, StoreResult};

/// Ended calls of the period (by start time).
const IN_PERIOD: &str = "c.state = 'ended' AND c.started_at >= ?1 AND c.started_at < ?2";

fn count(row: &sqlx::sqlite::SqliteRow, name: &str) -> StoreResult<u32> {
    Ok(row.try_get::<Option<i64>, _>(name)?.unwrap_or(0).max(0) as u32)
}

impl SqliteStore {
    pub(super) async fn figures(&self, period: &ReportPeriod) -> StoreResult<ReportFigures> {
        let (from, to) = (db_time(period.from), db_time(period.to));
        let shift = format!("{:+} seconds", period.day_shift_secs);
        let mut tx = self.pool.begin().await?;

        let row = sqlx::query(&format!(
            "SELECT COUNT(*) AS calls, \
               SUM(json_extract(c.snapshot, '$.direction') = 'incoming') AS incoming, \
               SUM(json_extract(c.snapshot, '$.direction') = 'outgoing') AS outgoing, \
               SUM(json_extract(c.snapshot, '$.direction') = 'incoming' AND json_extract(c.snapshot, '$.answered_at') IS NOT NULL) AS answered, \
               SUM(c.missed) AS missed, \
               SUM(CASE WHEN json_extract(c.snapshot, '$.answered_at') IS NOT NULL THEN COALESCE(json_extract(c.snapshot, '$.duration_secs'), 0) ELSE 0 END) AS talk \
             FROM calls c WHERE {IN_PERIOD}"
        ))
        .bind(&from)
        .bind(&to)
        .fetch_one(&mut *tx)
        .await?;
        let new_leads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts WHERE lead_at >= ?1 AND lead_at < ?2")
            .bind(&from)
            .bind(&to)
            .fetch_one(&mut *tx)
            .await?;
        let totals = ReportTotals {
            calls: count(&row, "calls")?,
            incoming: count(&row, "incoming")?,
            outgoing: count(&row, "outgoing")?,
            answered: count(&row, "answered")?,
            missed: count(&row, "missed")?,
            talk_secs: row.try_get::<Option<i64>, _>("talk")?.unwrap_or(0).max(0) as u64,
            new_leads: new_leads.max(0) as u32,
        };

        let rows = sqlx::query(&format!(
            "SELECT date(c.started_at, ?3) AS day, json_extract(c.snapshot, '$.line') AS line, \
               MAX(json_extract(c.snapshot, '$.line_label')) AS label, COUNT(*) AS calls, \
               SUM(json_extract(c.snapshot, '$.direction') = 'incoming') AS incoming, \
               SUM(json_extract(c.snapshot, '$.direction') = 'incoming' AND json_extract(c.snapshot, '$.answered_at') IS NOT NULL) AS answered, \
               SUM(c.missed) AS missed \
             FROM calls c WHERE {IN_PERIOD} GROUP BY day, line ORDER BY day, line"
        ))
        .bind(&from)
        .bind(&to)
        .bind(&shift)
        .fetch_all(&mut *tx)
        .await?;
        let days = rows
            .iter()
            .map(|r| {
                let day: String = r.try_get("day")?;
                Ok(DayLine {
                    day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                        .map_err(|e| StoreError::Corrupt(format!("call day {day:?}: {e}")))?,
                    line: r.try_get("line")?,
                    line_label: r.try_get("label")?,
                    calls: count(r, "calls")?,
                    incoming: count(r, "incoming")?,
                    answered: count(r, "answered")?,
                    missed: count(r, "missed")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;

        // An agent's calls: those they were involved in (rung, answered, dialled).
        let rows = sqlx::query(&format!(
            "SELECT a.id, a.name, COUNT(*) AS calls, \
               SUM(json_extract(c.snapshot, '$.agent.agent_id') = a.id AND json_extract(c.snapshot, '$.answered_at') IS NOT NULL) AS answered, \
               SUM(c.missed AND json_extract(c.snapshot, '$.direction') = 'incoming') AS missed, \
               SUM(CASE WHEN json_extract(c.snapshot, '$.agent.agent_id') = a.id AND json_extract(c.snapshot, '$.answered_at') IS NOT NULL \
                   THEN COALESCE(json_extract(c.snapshot, '$.duration_secs'), 0) ELSE 0 END) AS talk, \
               AVG(CASE WHEN json_extract(c.snapshot, '$.agent.agent_id') = a.id AND json_extract(c.snapshot, '$.direction') = 'incoming' \
                     AND json_extract(c.snapshot, '$.answered_at') IS NOT NULL \
                   THEN (julianday(json_extract(c.snapshot, '$.answered_at')) - julianday(json_extract(c.snapshot, '$.started_at'))) * 86400 END) AS wait, \
               SUM(json_extract(c.snapshot, '$.agent.agent_id') = a.id AND json_extract(c.snapshot, '$.outcome') IS NOT NULL) AS with_outcome \
             FROM call_agents ca JOIN calls c ON c.id = ca.call_id JOIN agents a ON a.id = ca.agent_id \
             WHERE {IN_PERIOD} GROUP BY a.id ORDER BY a.name, a.id"
        ))
        .bind(&from)
        .bind(&to)
        .fetch_all(&mut *tx)
        .await?;
        let agents = rows
            .iter()
            .map(|r| {
                Ok(AgentFigures {
                    agent_id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    calls: count(r, "calls")?,
                    answered: count(r, "answered")?,
                    missed: count(r, "missed")?,
                    talk_secs: r.try_get::<Option<i64>, _>("talk")?.unwrap_or(0).max(0) as u64,
                    // Whole tenths: the webhooks' clocks are no finer.
                    avg_wait_secs: r.try_get::<Option<f64>, _>("wait")?.map(|w| (w.max(0.0) * 10.0).round() / 10.0),
                    with_outcome: count(r, "with_outcome")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;

        let rows = sqlx::query(&format!(
            "SELECT json_extract(c.snapshot, '$.outcome.code') AS code, MAX(json_extract(c.snapshot, '$.outcome.label')) AS label, \
               COUNT(*) AS calls FROM calls c WHERE {IN_PERIOD} AND json_extract(c.snapshot, '$.outcome') IS NOT NULL \
             GROUP BY code ORDER BY calls DESC, code"
        ))
        .bind(&from)
        .bind(&to)
        .fetch_all(&mut *tx)
        .await?;
        let outcomes = rows
            .iter()
            .map(|r| {
                Ok(OutcomeCount { code: r.try_get("code")?, label: r.try_get("label")?, calls: count(r, "calls")? })
            })
            .collect::<StoreResult<Vec<_>>>()?;

        let rows = sqlx::query(
            "SELECT source_line, COUNT(*) AS leads FROM contacts WHERE lead_at >= ?1 AND lead_at < ?2 \
             GROUP BY source_line ORDER BY leads DESC, source_line",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(&mut *tx)
        .await?;
        let lead_sources = rows
            .iter()
            .map(|r| Ok(SourceCount { line: r.try_get("source_line")?, line_label: None, leads: count(r, "leads")? }))
            .collect::<StoreResult<Vec<_>>>()?;
        tx.commit().await?;
        Ok(ReportFigures { totals, days, agents, outcomes, lead_sources })
    }

    pub(super) async fn calls_in(&self, period: &ReportPeriod) -> StoreResult<Vec<Call>> {
        let rows: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT c.snapshot FROM calls c WHERE {IN_PERIOD} ORDER BY c.started_at, c.id"
        ))
        .bind(db_time(period.from))
        .bind(db_time(period.to))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|s| call_from_json(s)).collect()
    }
}
