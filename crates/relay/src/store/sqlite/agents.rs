//! Agents, their tokens and their user ids on each PBX.

use std::collections::BTreeMap;

use callcard_protocol::{Agent, ProviderId};
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::SqliteStore;
use crate::store::{AgentRecord, NewAgent, StoreError, StoreResult};

/// An agent's columns, its PBX users as one JSON object (`{"zadarma": "100", …}`).
pub(super) const AGENT_SELECT: &str = "SELECT a.id, a.name, a.supervisor, a.created_at, a.revoked_at, \
     (SELECT json_group_object(u.provider, u.user_id) FROM agent_pbx_users u WHERE u.agent_id = a.id) AS pbx_users \
     FROM agents a";

/// An agent from its id, name, role and the JSON object of its PBX users.
pub(super) fn agent(id: i64, name: String, supervisor: bool, pbx_users: Option<&str>) -> StoreResult<Agent> {
    let pbx_users: BTreeMap<String, String> = match pbx_users {
        None => BTreeMap::new(),
        Some(json) => serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("agent {id}: {e}")))?,
    };
    Ok(Agent {
        id,
        name,
        // Older clients read the Zadarma and ITooLabs ids here.
        extension: pbx_users.get(ProviderId::ZADARMA).cloned(),
        login: pbx_users.get(ProviderId::ITOOLABS).cloned(),
        supervisor,
        pbx_users,
    })
}

pub(super) fn agent_from_row(row: &SqliteRow) -> StoreResult<Agent> {
    agent(
        row.try_get("id")?,
        row.try_get("name")?,
        row.try_get("supervisor")?,
        row.try_get::<Option<String>, _>("pbx_users")?.as_deref(),
    )
}

impl SqliteStore {
    /// The active agent matching `condition` (on `a.`, one `?` bound to `value`).
    pub(super) async fn agent_where(&self, condition: &str, value: &str) -> StoreResult<Option<Agent>> {
        let row = sqlx::query(&format!("{AGENT_SELECT} WHERE a.revoked_at IS NULL AND {condition} LIMIT 1"))
            .bind(value)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(agent_from_row).transpose()
    }

    pub(super) async fn insert_agents(&self, agents: &[(NewAgent, String)]) -> StoreResult<Vec<Agent>> {
        let now = Utc::now();
        let mut tx = self.pool.begin().await?;
        let mut added = Vec::with_capacity(agents.len());
        for (new, token_hash) in agents {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO agents (name, extension, login, supervisor, token_hash, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(&new.name)
            .bind(new.pbx_users.get(ProviderId::ZADARMA))
            .bind(new.pbx_users.get(ProviderId::ITOOLABS))
            .bind(new.supervisor)
            .bind(token_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for (provider, user_id) in &new.pbx_users {
                sqlx::query("INSERT INTO agent_pbx_users (agent_id, provider, user_id) VALUES (?, ?, ?)")
                    .bind(id)
                    .bind(provider)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            added.push(Agent {
                id,
                name: new.name.clone(),
                extension: new.pbx_users.get(ProviderId::ZADARMA).cloned(),
                login: new.pbx_users.get(ProviderId::ITOOLABS).cloned(),
                supervisor: new.supervisor,
                pbx_users: new.pbx_users.clone(),
            });
        }
        tx.commit().await?;
        Ok(added)
    }

    pub(super) async fn all_agents(&self) -> StoreResult<Vec<AgentRecord>> {
        let rows = sqlx::query(&format!("{AGENT_SELECT} ORDER BY a.id")).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(AgentRecord {
                    agent: agent_from_row(row)?,
                    created_at: row.try_get::<DateTime<Utc>, _>("created_at")?,
                    revoked_at: row.try_get::<Option<DateTime<Utc>>, _>("revoked_at")?,
                })
            })
            .collect()
    }

    /// By id, then by a PBX user id (ITooLabs login, Zadarma extension, then the others), then
    /// by name.
    pub(super) async fn agent_by_ident(&self, ident: &str) -> StoreResult<Option<Agent>> {
        let row = sqlx::query(&format!(
            "{AGENT_SELECT} LEFT JOIN agent_pbx_users m ON m.agent_id = a.id AND m.user_id = ?1 \
             WHERE a.revoked_at IS NULL AND (CAST(a.id AS TEXT) = ?1 OR m.user_id IS NOT NULL OR a.name = ?1) \
             ORDER BY CAST(a.id AS TEXT) = ?1 DESC, m.provider = 'itoolabs' DESC, m.provider = 'zadarma' DESC, \
               m.provider IS NOT NULL DESC, a.id LIMIT 1"
        ))
        .bind(ident)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(agent_from_row).transpose()
    }

    pub(super) async fn agent_with_pbx_user(&self, provider: &str, user_id: &str) -> StoreResult<Option<Agent>> {
        let row = sqlx::query(&format!(
            "{AGENT_SELECT} JOIN agent_pbx_users m ON m.agent_id = a.id \
             WHERE a.revoked_at IS NULL AND m.provider = ? AND m.user_id = ? ORDER BY a.id LIMIT 1"
        ))
        .bind(provider)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(agent_from_row).transpose()
    }
}
