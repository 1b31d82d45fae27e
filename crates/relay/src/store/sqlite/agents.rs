//! Agents, their tokens and their user ids on each PBX.

use std::collections::BTreeMap;

use callcard_protocol::{Agent, ProviderId, Role, TeamMember};
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::SqliteStore;
use crate::store::{NewAgent, StoreError, StoreResult};

/// An agent's columns, its PBX users as one JSON object (`{"zadarma": "100", …}`).
pub(super) const AGENT_SELECT: &str =
    "SELECT a.id, a.name, a.supervisor, a.admin, a.may_blacklist, a.created_at, a.revoked_at, \
     (SELECT json_group_object(u.provider, u.user_id) FROM agent_pbx_users u WHERE u.agent_id = a.id) AS pbx_users \
     FROM agents a";

/// The role the `supervisor` and `admin` columns say.
pub(super) fn role(supervisor: bool, admin: bool) -> Role {
    match (admin, supervisor) {
        (true, _) => Role::Admin,
        (false, true) => Role::Supervisor,
        (false, false) => Role::Agent,
    }
}

/// An agent from its id, name, role and the JSON object of its PBX users.
pub(super) fn agent(
    id: i64,
    name: String,
    role: Role,
    may_blacklist: bool,
    pbx_users: Option<&str>,
) -> StoreResult<Agent> {
    let pbx_users: BTreeMap<String, String> = match pbx_users {
        None => BTreeMap::new(),
        Some(json) => serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("agent {id}: {e}")))?,
    };
    Ok(agent_with(id, name, role, may_blacklist, pbx_users))
}

fn agent_with(id: i64, name: String, role: Role, may_blacklist: bool, pbx_users: BTreeMap<String, String>) -> Agent {
    Agent {
        id,
        name,
        // Older clients read the Zadarma and ITooLabs ids here.
        extension: pbx_users.get(ProviderId::ZADARMA).cloned(),
        login: pbx_users.get(ProviderId::ITOOLABS).cloned(),
        supervisor: role.sees_every_call(),
        role,
        pbx_users,
        may_blacklist: may_blacklist || role.sees_every_call(),
    }
}

pub(super) fn agent_from_row(row: &SqliteRow) -> StoreResult<Agent> {
    agent(
        row.try_get("id")?,
        row.try_get("name")?,
        role(row.try_get("supervisor")?, row.try_get("admin")?),
        row.try_get("may_blacklist")?,
        row.try_get::<Option<String>, _>("pbx_users")?.as_deref(),
    )
}

async fn insert_pbx_user(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    agent_id: i64,
    provider: &str,
    user_id: &str,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO agent_pbx_users (agent_id, provider, user_id) VALUES (?, ?, ?)")
        .bind(agent_id)
        .bind(provider)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
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
                "INSERT INTO agents (name, extension, login, supervisor, admin, token_hash, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(&new.name)
            .bind(new.pbx_users.get(ProviderId::ZADARMA))
            .bind(new.pbx_users.get(ProviderId::ITOOLABS))
            .bind(new.role.sees_every_call())
            .bind(new.role == Role::Admin)
            .bind(token_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for (provider, user_id) in &new.pbx_users {
                insert_pbx_user(&mut tx, id, provider, user_id).await?;
            }
            added.push(agent_with(id, new.name.clone(), new.role, false, new.pbx_users.clone()));
        }
        tx.commit().await?;
        Ok(added)
    }

    pub(super) async fn all_agents(&self) -> StoreResult<Vec<TeamMember>> {
        let rows = sqlx::query(&format!("{AGENT_SELECT} ORDER BY a.id")).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(TeamMember {
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

    pub(super) async fn update_role(&self, id: i64, role: Role) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE agents SET supervisor = ?, admin = ? WHERE id = ? AND revoked_at IS NULL")
            .bind(role.sees_every_call())
            .bind(role == Role::Admin)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(super) async fn update_may_blacklist(&self, id: i64, may: bool) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE agents SET may_blacklist = ? WHERE id = ? AND revoked_at IS NULL")
            .bind(may)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Also keeps the `extension` and `login` copies of the Zadarma and ITooLabs ids.
    pub(super) async fn update_pbx_user(&self, id: i64, provider: &str, user_id: Option<&str>) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let active: Option<i64> = sqlx::query_scalar("SELECT id FROM agents WHERE id = ? AND revoked_at IS NULL")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if active.is_none() {
            return Ok(false);
        }
        sqlx::query("DELETE FROM agent_pbx_users WHERE agent_id = ? AND provider = ?")
            .bind(id)
            .bind(provider)
            .execute(&mut *tx)
            .await?;
        if let Some(user_id) = user_id {
            insert_pbx_user(&mut tx, id, provider, user_id).await?;
        }
        let column = match provider {
            ProviderId::ZADARMA => Some("extension"),
            ProviderId::ITOOLABS => Some("login"),
            _ => None,
        };
        if let Some(column) = column {
            sqlx::query(&format!("UPDATE agents SET {column} = ? WHERE id = ?"))
                .bind(user_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
