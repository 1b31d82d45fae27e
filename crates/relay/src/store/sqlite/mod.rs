//! The embedded store: one SQLite file in the data directory, WAL, fsync on every commit. SQL
//! only: the rules it applies come from `callcard-domain`.

mod admin;
mod agents;
mod calls;
mod contacts;
mod errors;
mod history;
mod leads;
mod lists;
mod maintenance;
pub use maintenance::restore;
mod presence;
mod reports;
mod writer;

#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use callcard_domain::{Delivery, IngestOutcome, PublishedEvent, Viewer};
use callcard_protocol::{Agent, Call, OutcomeOption, ProviderId, Reminder, Role, TeamMember, WebhookTally};
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqliteConnection, SqlitePool};

use super::*;

pub struct SqliteStore {
    /// Reads and admin writes.
    pool: SqlitePool,
    /// Webhooks and outcome clicks: everything that makes a call event.
    writer: writer::Writer,
    epoch: String,
}

fn seq_from_db(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn to_db(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

fn call_from_json(text: &str) -> StoreResult<Call> {
    Ok(callcard_domain::ledger::call_from_snapshot(text)?)
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk before the webhook is acknowledged, even on power loss.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        Self::prepare_file(&options).await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options.clone())
            .await?;
        let epoch = match sqlx::query_scalar::<_, String>("SELECT value FROM meta WHERE key = 'epoch'")
            .fetch_optional(&pool)
            .await?
        {
            Some(epoch) => epoch,
            None => {
                let epoch = uuid::Uuid::new_v4().simple().to_string();
                sqlx::query("INSERT INTO meta (key, value) VALUES ('epoch', ?)").bind(&epoch).execute(&pool).await?;
                epoch
            }
        };
        let writer = writer::Writer::open(options.get_filename(), &epoch)?;
        Ok(SqliteStore { pool, writer, epoch })
    }

    /// Creates the file, switches it to WAL and migrates it over one connection, before a pool
    /// opens several: two connections switching a new file to WAL at once fail with "database
    /// is locked" without waiting. Another process (an admin command, a starting relay) may hold
    /// the lock briefly, so a busy database is retried for a few seconds.
    async fn prepare_file(options: &SqliteConnectOptions) -> StoreResult<()> {
        use sqlx::Connection;
        let mut attempt = 0;
        loop {
            let result = async {
                let mut conn = SqliteConnection::connect_with(options).await?;
                if let Err(e) = sqlx::migrate!("./migrations/sqlite").run(&mut conn).await {
                    return Err(Busy::from_migration(e));
                }
                conn.close().await?;
                Ok(())
            }
            .await;
            match result {
                Err(e) if attempt < 50 && e.busy => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(e.error),
                Ok(()) => return Ok(()),
            }
        }
    }
}

/// A store error, and whether SQLite only said "busy" (worth waiting for).
struct Busy {
    busy: bool,
    error: StoreError,
}

impl From<sqlx::Error> for Busy {
    fn from(e: sqlx::Error) -> Busy {
        Busy { busy: errors::is_busy_sqlx(&e), error: e.into() }
    }
}

impl Busy {
    fn from_migration(e: sqlx::migrate::MigrateError) -> Busy {
        Busy { busy: errors::is_busy_migration(&e), error: e.into() }
    }
}

#[async_trait]
impl EventLog for SqliteStore {
    fn epoch(&self) -> &str {
        &self.epoch
    }

    async fn ingest(&self, batch: Vec<Delivery>) -> StoreResult<Vec<StoreResult<IngestOutcome>>> {
        self.writer.ingest(batch).await
    }

    async fn log_outcome(&self, request: OutcomeRequest) -> StoreResult<OutcomeResult> {
        self.writer.log_outcome(request).await
    }

    async fn head_seq(&self) -> StoreResult<u64> {
        let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events").fetch_one(&self.pool).await?;
        Ok(seq_from_db(head))
    }

    async fn events_after(&self, viewer: Viewer, after_seq: u64, limit: u32) -> StoreResult<Vec<Arc<PublishedEvent>>> {
        let rows = match viewer {
            Viewer::Supervisor => {
                sqlx::query("SELECT seq, message FROM events WHERE seq > ? ORDER BY seq LIMIT ?")
                    .bind(to_db(after_seq))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
            }
            Viewer::Agent(id) => {
                sqlx::query(
                    "SELECT e.seq, e.message FROM event_recipients r JOIN events e ON e.seq = r.seq \
                     WHERE r.agent_id = ? AND r.seq > ? ORDER BY r.seq LIMIT ?",
                )
                .bind(id)
                .bind(to_db(after_seq))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter()
            .map(|row| {
                let message: String = row.try_get("message")?;
                // Replay only goes to viewers already entitled; recipients are not needed.
                Ok(Arc::new(PublishedEvent {
                    seq: seq_from_db(row.try_get("seq")?),
                    recipients: vec![],
                    message: message.into(),
                    at: None,
                }))
            })
            .collect()
    }
}

#[async_trait]
impl Calls for SqliteStore {
    async fn calls(&self, viewer: Viewer, active_only: bool, limit: u32) -> StoreResult<(u64, Vec<Call>)> {
        self.list_calls(viewer, active_only, limit).await
    }

    async fn call(&self, viewer: Viewer, id: i64) -> StoreResult<Option<Call>> {
        self.find_call(viewer, id).await
    }

    async fn unlogged_calls(&self, agent_id: i64, limit: u32) -> StoreResult<Vec<Call>> {
        self.calls_to_log(agent_id, limit).await
    }

    async fn reminders(&self, viewer: Viewer, default_assignee: Option<i64>) -> StoreResult<Vec<Reminder>> {
        self.open_reminders(viewer, default_assignee).await
    }

    async fn quiet_ringing_calls(
        &self,
        provider: &ProviderId,
        quiet_since: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<Call>> {
        self.ringing_calls_quiet_since(provider, quiet_since, limit).await
    }

    async fn calls_with_phone(&self, phone: &str, limit: u32) -> StoreResult<Vec<Call>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT snapshot FROM calls WHERE client_phone = ? ORDER BY id DESC LIMIT ?")
                .bind(phone)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|s| call_from_json(s)).collect()
    }

    async fn history(&self, viewer: Viewer, filter: &HistoryFilter, limit: u32) -> StoreResult<Vec<Call>> {
        self.history_page(viewer, filter, limit).await
    }

    async fn missed_since(&self, since: DateTime<Utc>) -> StoreResult<Vec<callcard_protocol::MissedNumber>> {
        self.missed_numbers(since).await
    }
}

#[async_trait]
impl Agents for SqliteStore {
    async fn agent_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Agent>> {
        self.agent_where("a.token_hash = ?", token_hash).await
    }

    async fn add_agents(&self, agents: &[(NewAgent, String)]) -> StoreResult<Vec<Agent>> {
        self.insert_agents(agents).await
    }

    async fn list_agents(&self) -> StoreResult<Vec<TeamMember>> {
        self.all_agents().await
    }

    async fn find_agent(&self, ident: &str) -> StoreResult<Option<Agent>> {
        self.agent_by_ident(ident).await
    }

    async fn agent_by_pbx_user(&self, provider: &str, user_id: &str) -> StoreResult<Option<Agent>> {
        self.agent_with_pbx_user(provider, user_id).await
    }

    async fn revoke_agent(&self, id: i64) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .bind(Utc::now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_agent_role(&self, id: i64, role: Role) -> StoreResult<bool> {
        self.update_role(id, role).await
    }

    async fn set_may_blacklist(&self, id: i64, may: bool) -> StoreResult<bool> {
        self.update_may_blacklist(id, may).await
    }

    async fn set_pbx_user(&self, id: i64, provider: &str, user_id: Option<&str>) -> StoreResult<bool> {
        self.update_pbx_user(id, provider, user_id).await
    }
}

#[async_trait]
impl Settings for SqliteStore {
    async fn stored_settings(&self) -> StoreResult<BTreeMap<String, String>> {
        self.all_settings().await
    }

    async fn save_setting(&self, name: &str, value: &str) -> StoreResult<()> {
        self.put_setting(name, value).await
    }
}

#[async_trait]
impl AdminSessions for SqliteStore {
    async fn open_admin_session(&self, session: &NewAdminSession) -> StoreResult<()> {
        self.insert_admin_session(session).await
    }

    async fn touch_admin_session(
        &self,
        id_hash: &str,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<(Agent, String)>> {
        self.touch_session(id_hash, idle_since).await
    }

    async fn close_admin_session(&self, id_hash: &str) -> StoreResult<()> {
        self.delete_admin_session(id_hash).await
    }
}

#[async_trait]
impl Contacts for SqliteStore {
    async fn save_contacts(&self, contacts: &[NewContact]) -> StoreResult<Vec<(i64, Saved)>> {
        self.upsert_contacts(contacts).await
    }

    async fn contact_by_phone(&self, phone: &str) -> StoreResult<Option<ContactRecord>> {
        self.contact_with_phone(phone).await
    }

    async fn list_contacts(&self, limit: u32) -> StoreResult<Vec<ContactRecord>> {
        self.first_contacts(limit).await
    }

    async fn search_contacts(&self, query: &str, limit: u32) -> StoreResult<Vec<ContactRecord>> {
        self.find_contacts(query, limit).await
    }

    async fn mark_client(&self, phone: &str) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE contacts SET status = 'client', updated_at = ? WHERE phone = ? AND status = 'lead'")
                .bind(Utc::now())
                .bind(phone)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }
}

#[async_trait]
impl Outcomes for SqliteStore {
    async fn outcome_options(&self, include_retired: bool) -> StoreResult<Vec<(OutcomeOption, bool)>> {
        self.list_outcome_options(include_retired).await
    }

    async fn save_outcome_option(&self, option: &OutcomeOption) -> StoreResult<Saved> {
        self.upsert_outcome_option(option).await
    }

    async fn retire_outcome_option(&self, code: &str) -> StoreResult<bool> {
        self.retire_outcome(code).await
    }

    async fn order_outcome_options(&self, codes: &[String]) -> StoreResult<()> {
        self.order_outcomes(codes).await
    }

    async fn word_default_outcomes(
        &self,
        language: &str,
        labels: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> StoreResult<bool> {
        self.word_starting_outcomes(language, labels).await
    }
}

#[async_trait]
impl Reports for SqliteStore {
    async fn report_figures(&self, period: &ReportPeriod) -> StoreResult<ReportFigures> {
        self.figures(period).await
    }

    async fn report_calls(&self, period: &ReportPeriod) -> StoreResult<Vec<Call>> {
        self.calls_in(period).await
    }
}

#[async_trait]
impl Lines for SqliteStore {
    async fn stored_lines(&self) -> StoreResult<BTreeMap<String, String>> {
        self.all_line_labels().await
    }

    async fn save_line(&self, did: &str, label: &str) -> StoreResult<()> {
        self.put_line_label(did, label).await
    }

    async fn remove_line(&self, did: &str) -> StoreResult<bool> {
        self.delete_line_label(did).await
    }
}

#[async_trait]
impl ProviderSecrets for SqliteStore {
    async fn sealed_secrets(&self) -> StoreResult<Vec<SealedSecret>> {
        self.all_sealed_secrets().await
    }

    async fn save_sealed_secrets(&self, secrets: &[SealedSecret], removed: &[(String, String)]) -> StoreResult<()> {
        self.put_sealed_secrets(secrets, removed).await
    }
}

#[async_trait]
impl Webhooks for SqliteStore {
    async fn flagged_webhooks(&self, limit: u32) -> StoreResult<Vec<FlaggedWebhook>> {
        let rows = sqlx::query(
            "SELECT id, provider, event, received_at, problems, fields FROM webhooks \
             WHERE problems IS NOT NULL ORDER BY id DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let problems: String = row.try_get("problems")?;
                Ok(FlaggedWebhook {
                    id: row.try_get("id")?,
                    provider: ProviderId::new(row.try_get::<String, _>("provider")?),
                    event: row.try_get("event")?,
                    received_at: row.try_get("received_at")?,
                    problems: serde_json::from_str(&problems)
                        .map_err(|e| StoreError::Corrupt(format!("webhook problems: {e}")))?,
                    fields: row.try_get("fields")?,
                })
            })
            .collect()
    }

    async fn flagged_count(&self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhooks WHERE problems IS NOT NULL")
            .fetch_one(&self.pool)
            .await?;
        Ok(seq_from_db(n))
    }

    async fn webhook_tallies(&self) -> StoreResult<BTreeMap<String, WebhookTally>> {
        self.tallies().await
    }
}
