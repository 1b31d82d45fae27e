//! Runtime settings, the console's sign-in sessions and the per-provider webhook tallies.

use std::collections::BTreeMap;

use callcard_protocol::{Agent, Role, WebhookTally};
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::agents::{agent_from_row, AGENT_SELECT};
use super::{seq_from_db, SqliteStore};
use crate::store::{NewAdminSession, StoreResult};

impl SqliteStore {
    pub(super) async fn all_settings(&self) -> StoreResult<BTreeMap<String, String>> {
        let rows = sqlx::query("SELECT name, value FROM settings").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((r.try_get("name")?, r.try_get("value")?))).collect()
    }

    pub(super) async fn put_setting(&self, name: &str, value: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(name)
        .bind(value)
        .bind(Utc::now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn insert_admin_session(&self, session: &NewAdminSession) -> StoreResult<()> {
        let now = Utc::now();
        sqlx::query(
            "INSERT INTO admin_sessions (id_hash, agent_id, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&session.id_hash)
        .bind(session.agent_id)
        .bind(&session.csrf)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn touch_session(
        &self,
        id_hash: &str,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<(Agent, String)>> {
        let now = Utc::now();
        let mut tx = self.pool.begin().await?;
        // Sessions past their idle time go first, whoever's they are.
        sqlx::query("DELETE FROM admin_sessions WHERE last_seen_at <= ?").bind(idle_since).execute(&mut *tx).await?;
        let row = sqlx::query(&format!(
            "{AGENT_SELECT} JOIN admin_sessions s ON s.agent_id = a.id \
             WHERE s.id_hash = ? AND a.revoked_at IS NULL AND a.admin = 1"
        ))
        .bind(id_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let found = match row {
            Some(row) => {
                let agent = agent_from_row(&row)?;
                let csrf: String = sqlx::query_scalar("SELECT csrf FROM admin_sessions WHERE id_hash = ?")
                    .bind(id_hash)
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query("UPDATE admin_sessions SET last_seen_at = ? WHERE id_hash = ?")
                    .bind(now)
                    .bind(id_hash)
                    .execute(&mut *tx)
                    .await?;
                debug_assert_eq!(agent.role, Role::Admin);
                Some((agent, csrf))
            }
            None => {
                // Revoked, or no longer an admin: the session is over for good.
                sqlx::query("DELETE FROM admin_sessions WHERE id_hash = ?").bind(id_hash).execute(&mut *tx).await?;
                None
            }
        };
        tx.commit().await?;
        Ok(found)
    }

    pub(super) async fn delete_admin_session(&self, id_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM admin_sessions WHERE id_hash = ?").bind(id_hash).execute(&self.pool).await?;
        Ok(())
    }

    pub(super) async fn tallies(&self) -> StoreResult<BTreeMap<String, WebhookTally>> {
        let rows = sqlx::query(
            "SELECT provider, MAX(received_at) AS last_at, COUNT(*) AS count, COUNT(problems) AS flagged \
             FROM webhooks GROUP BY provider",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let last_at: Option<String> = r.try_get("last_at")?;
                let last_at =
                    last_at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc));
                Ok((
                    r.try_get("provider")?,
                    WebhookTally {
                        last_at,
                        count: seq_from_db(r.try_get("count")?),
                        flagged: seq_from_db(r.try_get("flagged")?),
                    },
                ))
            })
            .collect()
    }
}
