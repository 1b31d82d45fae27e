//! Calls beyond today: searched and filtered, newest first, a page at a time (keyset on the
//! call id, so a year of calls pages as fast as a day).

use callcard_domain::Viewer;
use callcard_protocol::{Call, Direction};
use sqlx::{QueryBuilder, Sqlite};

use super::writer::db_time;
use super::{call_from_json, SqliteStore};
use crate::store::{HistoryFilter, StoreResult};

impl SqliteStore {
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
