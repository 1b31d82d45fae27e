//! Calls beyond today: searched and filtered, newest first, a page at a time (keyset on the
//! call id, so a year of calls pages as fast as a day).

use callcard_domain::Viewer;
use callcard_protocol::{Call, Direction, MissedNumber};
use sqlx::{QueryBuilder, Row, Sqlite};

use super::writer::db_time;
use super::{call_from_json, SqliteStore};
use crate::store::{HistoryFilter, StoreResult};

impl SqliteStore {
    pub(super) async fn missed_numbers(&self, since: chrono::DateTime<chrono::Utc>) -> StoreResult<Vec<MissedNumber>> {
        let rows = sqlx::query(
            "WITH missed AS ( \
               SELECT client_phone AS phone, COUNT(*) AS missed_calls, MAX(started_at) AS last_at FROM calls \
               WHERE missed = 1 AND client_phone IS NOT NULL AND started_at >= ? GROUP BY client_phone \
             ) \
             SELECT phone, missed_calls, last_at, \
               EXISTS (SELECT 1 FROM calls a WHERE a.client_phone = missed.phone AND a.started_at > missed.last_at \
                 AND json_extract(a.snapshot, '$.answered_at') IS NOT NULL) AS called_back \
             FROM missed ORDER BY last_at DESC LIMIT 500",
        )
        .bind(db_time(since))
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let phone: String = row.try_get("phone")?;
            let contact = self.contact_with_phone(&phone).await?.map(|c| c.info);
            out.push(MissedNumber {
                contact,
                missed_calls: row.try_get::<i64, _>("missed_calls")?.max(0) as u32,
                last_missed_at: row.try_get("last_at")?,
                called_back: row.try_get("called_back")?,
                phone,
            });
        }
        Ok(out)
    }

    pub(super) async fn history_page(&self, viewer: Viewer, f: &HistoryFilter, limit: u32) -> StoreResult<Vec<Call>> {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT c.snapshot FROM calls c ");
        if let Viewer::Agent(id) = viewer {
            q.push("JOIN call_agents ca ON ca.call_id = c.id AND ca.agent_id = ").push_bind(id).push(" ");
        }
        q.push("LEFT JOIN contacts k ON k.phone = c.client_phone WHERE 1 = 1");
        if let Some(before) = f.before_id {
            q.push(" AND c.id < ").push_bind(before);
        }
        if let Some(from) = f.from {
            q.push(" AND c.started_at >= ").push_bind(db_time(from));
        }
        if let Some(to) = f.to {
            q.push(" AND c.started_at < ").push_bind(db_time(to));
        }
        if let Some(direction) = f.direction {
            let text = if direction == Direction::Outgoing { "outgoing" } else { "incoming" };
            q.push(" AND json_extract(c.snapshot, '$.direction') = ").push_bind(text);
        }
        if let Some(missed) = f.missed {
            q.push(" AND c.missed = ").push_bind(missed);
        }
        if let Some(code) = &f.outcome {
            q.push(" AND json_extract(c.snapshot, '$.outcome.code') = ").push_bind(code.clone());
        }
        if let Some(agent) = f.agent_id {
            q.push(" AND EXISTS (SELECT 1 FROM call_agents x WHERE x.call_id = c.id AND x.agent_id = ")
                .push_bind(agent)
                .push(")");
        }
        if let Some(text) = f.query.as_deref().filter(|t| !t.is_empty()) {
            let pattern = format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            q.push(" AND (k.name LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\' OR k.company LIKE ");
            q.push_bind(pattern).push(" ESCAPE '\\'");
            if digits.len() >= 3 {
                q.push(" OR c.client_phone LIKE ").push_bind(format!("%{digits}%"));
            }
            q.push(")");
        }
        q.push(" ORDER BY c.id DESC LIMIT ").push_bind(limit);
        let rows: Vec<String> = q.build_query_scalar().fetch_all(&self.pool).await?;
        rows.iter().map(|s| call_from_json(s)).collect()
    }
}
