//! Calls as viewers see them, and what managers do with them after the fact: outcomes,
//! missed-call reminders.

use callcard_domain::Viewer;
use callcard_protocol::{Call, OutcomeOption, ProviderId, Reminder};
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::contacts::{contact_from_row, CONTACT_SELECT};
use super::writer::db_time;
use super::{call_from_json, seq_from_db, SqliteStore};
use crate::store::{Saved, StoreResult};

impl SqliteStore {
    pub(super) async fn list_calls(
        &self,
        viewer: Viewer,
        active_only: bool,
        limit: u32,
    ) -> StoreResult<(u64, Vec<Call>)> {
        // One read transaction: the head and the calls come from the same snapshot of the file.
        let mut tx = self.pool.begin().await?;
        let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events").fetch_one(&mut *tx).await?;
        let state_filter = if active_only { "AND c.state <> 'ended'" } else { "" };
        let rows: Vec<String> = match viewer {
            Viewer::Supervisor => {
                sqlx::query_scalar(&format!(
                    "SELECT c.snapshot FROM calls c WHERE 1 {state_filter} ORDER BY c.id DESC LIMIT ?"
                ))
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?
            }
            Viewer::Agent(id) => {
                sqlx::query_scalar(&format!(
                    "SELECT c.snapshot FROM call_agents ca JOIN calls c ON c.id = ca.call_id \
                     WHERE ca.agent_id = ? {state_filter} ORDER BY c.id DESC LIMIT ?"
                ))
                .bind(id)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?
            }
        };
        tx.commit().await?;
        let calls = rows.iter().map(|s| call_from_json(s)).collect::<StoreResult<Vec<_>>>()?;
        Ok((seq_from_db(head), calls))
    }

    pub(super) async fn ringing_calls_quiet_since(
        &self,
        provider: &ProviderId,
        quiet_since: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<Call>> {
        // The call's last event is the one at its seq; times are stored as sortable text.
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT c.snapshot FROM calls c JOIN events e ON e.seq = c.seq \
             WHERE c.state = 'ringing' AND c.provider = ? AND e.at < ? ORDER BY c.id LIMIT ?",
        )
        .bind(provider.as_str())
        .bind(db_time(quiet_since))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|s| call_from_json(s)).collect()
    }

    pub(super) async fn find_call(&self, viewer: Viewer, id: i64) -> StoreResult<Option<Call>> {
        let snapshot: Option<String> = match viewer {
            Viewer::Supervisor => {
                sqlx::query_scalar("SELECT snapshot FROM calls WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?
            }
            Viewer::Agent(agent) => {
                sqlx::query_scalar(
                    "SELECT c.snapshot FROM calls c JOIN call_agents ca ON ca.call_id = c.id \
                     WHERE c.id = ? AND ca.agent_id = ?",
                )
                .bind(id)
                .bind(agent)
                .fetch_optional(&self.pool)
                .await?
            }
        };
        snapshot.as_deref().map(call_from_json).transpose()
    }

    pub(super) async fn list_outcome_options(&self, include_retired: bool) -> StoreResult<Vec<(OutcomeOption, bool)>> {
        let rows = sqlx::query(
            "SELECT code, label, colour, position, converts, retired_at IS NOT NULL AS retired FROM outcome_codes \
             WHERE ? OR retired_at IS NULL ORDER BY position, code",
        )
        .bind(include_retired)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    OutcomeOption {
                        code: row.try_get("code")?,
                        label: row.try_get("label")?,
                        colour: row.try_get("colour")?,
                        order: row.try_get("position")?,
                        converts: row.try_get("converts")?,
                    },
                    row.try_get("retired")?,
                ))
            })
            .collect()
    }

    pub(super) async fn upsert_outcome_option(&self, option: &OutcomeOption) -> StoreResult<Saved> {
        let existed: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM outcome_codes WHERE code = ?)")
            .bind(&option.code)
            .fetch_one(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO outcome_codes (code, label, colour, position, converts) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (code) DO UPDATE SET label = excluded.label, colour = excluded.colour, \
               position = excluded.position, converts = excluded.converts, retired_at = NULL",
        )
        .bind(&option.code)
        .bind(&option.label)
        .bind(&option.colour)
        .bind(option.order)
        .bind(option.converts)
        .execute(&self.pool)
        .await?;
        Ok(if existed { Saved::Updated } else { Saved::Created })
    }

    pub(super) async fn retire_outcome(&self, code: &str) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE outcome_codes SET retired_at = ? WHERE code = ? AND retired_at IS NULL")
            .bind(chrono::Utc::now())
            .bind(code)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(super) async fn calls_to_log(&self, agent_id: i64, limit: u32) -> StoreResult<Vec<Call>> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT c.snapshot FROM call_agents ca JOIN calls c ON c.id = ca.call_id \
             WHERE ca.agent_id = ?1 AND c.state = 'ended' \
               AND json_extract(c.snapshot, '$.agent.agent_id') = ?1 \
               AND NOT EXISTS (SELECT 1 FROM call_outcomes o WHERE o.call_id = c.id) \
             ORDER BY c.id DESC LIMIT ?2",
        )
        .bind(agent_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|s| call_from_json(s)).collect()
    }

    pub(super) async fn open_reminders(
        &self,
        viewer: Viewer,
        default_assignee: Option<i64>,
    ) -> StoreResult<Vec<Reminder>> {
        // A missed call is open until a later call with the same number was answered; a
        // blacklisted caller's is nobody's to call back.
        let rows = sqlx::query(
            "WITH open AS ( \
               SELECT m.id, m.client_phone, m.started_at FROM calls m \
               WHERE m.missed = 1 AND m.client_phone IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM calls a WHERE a.client_phone = m.client_phone \
                   AND a.started_at > m.started_at \
                   AND json_extract(a.snapshot, '$.answered_at') IS NOT NULL) \
             ), grouped AS ( \
               SELECT client_phone, COUNT(*) AS missed_calls, MIN(started_at) AS first_at, \
                 MAX(started_at) AS last_at, MAX(id) AS last_call_id FROM open GROUP BY client_phone \
             ) \
             SELECT g.client_phone, g.missed_calls, g.first_at, g.last_at, g.last_call_id, \
               COALESCE(resp.id, dflt.id) AS assignee_id, COALESCE(resp.name, dflt.name) AS assignee_name \
             FROM grouped g \
             LEFT JOIN contacts ct ON ct.phone = g.client_phone \
             LEFT JOIN agents resp ON resp.id = ct.responsible_agent_id AND resp.revoked_at IS NULL \
             LEFT JOIN agents dflt ON dflt.id = ?1 AND dflt.revoked_at IS NULL \
             WHERE (?2 IS NULL OR COALESCE(resp.id, dflt.id) = ?2) AND COALESCE(ct.blacklisted, 0) = 0 \
             ORDER BY g.last_at DESC LIMIT 500",
        )
        .bind(default_assignee)
        .bind(match viewer {
            Viewer::Supervisor => None,
            Viewer::Agent(id) => Some(id),
        })
        .fetch_all(&self.pool)
        .await?;
        let mut reminders = Vec::with_capacity(rows.len());
        for row in &rows {
            let phone: String = row.try_get("client_phone")?;
            let contact = sqlx::query(&format!("{CONTACT_SELECT} WHERE c.phone = ?"))
                .bind(&phone)
                .fetch_optional(&self.pool)
                .await?
                .as_ref()
                .map(contact_from_row)
                .transpose()?
                .map(|c| c.info);
            reminders.push(Reminder {
                phone,
                contact,
                missed_calls: row.try_get::<i64, _>("missed_calls")?.try_into().unwrap_or(u32::MAX),
                first_missed_at: row.try_get("first_at")?,
                last_missed_at: row.try_get("last_at")?,
                last_call_id: row.try_get("last_call_id")?,
                assignee_id: row.try_get("assignee_id")?,
                assignee_name: row.try_get("assignee_name")?,
            });
        }
        Ok(reminders)
    }
}
