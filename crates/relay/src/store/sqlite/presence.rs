//! Presence reported by the agents' apps (do-not-disturb, wrap-up), for the live board.

use std::collections::BTreeMap;

use async_trait::async_trait;
use sqlx::Row;

use super::SqliteStore;
use crate::store::{AgentPresence, Presence, StoreResult};

#[async_trait]
impl Presence for SqliteStore {
    async fn save_presence(&self, agent_id: i64, presence: &AgentPresence) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO agent_presence (agent_id, do_not_disturb, wrap_up_until, since) VALUES (?, ?, ?, ?) \
             ON CONFLICT (agent_id) DO UPDATE SET do_not_disturb = excluded.do_not_disturb, \
               wrap_up_until = excluded.wrap_up_until, since = excluded.since",
        )
        .bind(agent_id)
        .bind(presence.do_not_disturb)
        .bind(presence.wrap_up_until)
        .bind(presence.since)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn presences(&self) -> StoreResult<BTreeMap<i64, AgentPresence>> {
        let rows = sqlx::query("SELECT agent_id, do_not_disturb, wrap_up_until, since FROM agent_presence")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let presence = AgentPresence {
                    do_not_disturb: r.try_get("do_not_disturb")?,
                    wrap_up_until: r.try_get("wrap_up_until")?,
                    since: r.try_get("since")?,
                };
                Ok((r.try_get("agent_id")?, presence))
            })
            .collect()
    }
}
