//! The embedded store: one SQLite file in the data directory, WAL, fsync on every commit.

mod actions;
mod writer;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use callcard_protocol::{Agent, Call, ContactInfo, OutcomeOption, Reminder};
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{Row, SqliteConnection, SqlitePool};

use super::*;

pub struct SqliteStore {
    /// Reads and admin writes.
    pool: SqlitePool,
    /// Webhooks and outcome clicks: everything that makes a call event.
    writer: writer::Writer,
    epoch: String,
}

const AGENT_COLUMNS: &str = "id, name, extension, login, supervisor";

fn agent_from_row(row: &SqliteRow) -> sqlx::Result<Agent> {
    Ok(Agent {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        extension: row.try_get("extension")?,
        login: row.try_get("login")?,
        supervisor: row.try_get("supervisor")?,
        pbx_users: Default::default(),
    })
    .map(with_pbx_users)
}

/// The Zadarma and ITooLabs ids of an agent, from its extension and login.
pub(super) fn with_pbx_users(mut agent: Agent) -> Agent {
    if let Some(ext) = &agent.extension {
        agent.pbx_users.insert("zadarma".into(), ext.clone());
    }
    if let Some(login) = &agent.login {
        agent.pbx_users.insert("itoolabs".into(), login.clone());
    }
    agent
}

fn contact_from_row(row: &SqliteRow) -> sqlx::Result<ContactRecord> {
    let responsible = match row.try_get::<Option<i64>, _>("a_id")? {
        Some(id) => Some(Agent {
            id,
            name: row.try_get("a_name")?,
            extension: row.try_get("a_extension")?,
            login: row.try_get("a_login")?,
            supervisor: row.try_get("a_supervisor")?,
            pbx_users: Default::default(),
        })
        .map(with_pbx_users),
        None => None,
    };
    Ok(ContactRecord {
        phone: row.try_get("phone")?,
        info: ContactInfo {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            company: row.try_get("company")?,
            responsible: responsible.as_ref().map(|a| a.name.clone()),
            blacklisted: row.try_get("blacklisted")?,
        },
        responsible,
    })
}

const CONTACT_SELECT: &str = "SELECT c.id, c.phone, c.name, c.company, c.blacklisted, \
     a.id AS a_id, a.name AS a_name, a.extension AS a_extension, a.login AS a_login, a.supervisor AS a_supervisor \
     FROM contacts c LEFT JOIN agents a ON a.id = c.responsible_agent_id AND a.revoked_at IS NULL";

fn is_busy(e: &StoreError) -> bool {
    let db = match e {
        StoreError::Database(sqlx::Error::Database(db)) => db,
        StoreError::Migrate(sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(db))) => db,
        _ => return false,
    };
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with or without extended codes.
    db.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

fn seq_from_db(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn to_db(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

fn call_from_json(text: &str) -> StoreResult<Call> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("call snapshot: {e}")))
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
                sqlx::migrate!("./migrations/sqlite").run(&mut conn).await?;
                conn.close().await?;
                Ok::<(), StoreError>(())
            }
            .await;
            match result {
                Err(e) if attempt < 50 && is_busy(&e) => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                other => return other,
            }
        }
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn epoch(&self) -> &str {
        &self.epoch
    }

    async fn ingest(&self, batch: Vec<Delivery>) -> StoreResult<Vec<StoreResult<IngestOutcome>>> {
        self.writer.ingest(batch).await
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
                }))
            })
            .collect()
    }

    async fn calls(&self, viewer: Viewer, active_only: bool, limit: u32) -> StoreResult<(u64, Vec<Call>)> {
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

    async fn agent_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Agent>> {
        let row =
            sqlx::query(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE token_hash = ? AND revoked_at IS NULL"))
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.as_ref().map(agent_from_row).transpose()?)
    }

    async fn add_agents(&self, agents: &[(NewAgent, String)]) -> StoreResult<Vec<Agent>> {
        let now = Utc::now();
        let mut tx = self.pool.begin().await?;
        let mut added = Vec::with_capacity(agents.len());
        for (agent, token_hash) in agents {
            let row = sqlx::query(&format!(
                "INSERT INTO agents (name, extension, login, supervisor, token_hash, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING {AGENT_COLUMNS}"
            ))
            .bind(&agent.name)
            .bind(&agent.extension)
            .bind(&agent.login)
            .bind(agent.supervisor)
            .bind(token_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            added.push(agent_from_row(&row)?);
        }
        tx.commit().await?;
        Ok(added)
    }

    async fn list_agents(&self) -> StoreResult<Vec<AgentRecord>> {
        let rows = sqlx::query(&format!("SELECT {AGENT_COLUMNS}, created_at, revoked_at FROM agents ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
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

    async fn find_agent(&self, ident: &str) -> StoreResult<Option<Agent>> {
        let row = sqlx::query(&format!(
            "SELECT {AGENT_COLUMNS} FROM agents WHERE revoked_at IS NULL \
             AND (CAST(id AS TEXT) = ?1 OR login = ?1 OR extension = ?1 OR name = ?1) \
             ORDER BY CAST(id AS TEXT) = ?1 DESC, login = ?1 DESC, extension = ?1 DESC, id LIMIT 1"
        ))
        .bind(ident)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(agent_from_row).transpose()?)
    }

    async fn revoke_agent(&self, id: i64) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .bind(Utc::now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn save_contacts(&self, contacts: &[NewContact]) -> StoreResult<Vec<(i64, Saved)>> {
        let now = Utc::now();
        let mut tx = self.pool.begin().await?;
        let mut saved = Vec::with_capacity(contacts.len());
        for c in contacts {
            let (id, created): (i64, bool) = sqlx::query_as(
            "INSERT INTO contacts (phone, name, company, responsible_agent_id, blacklisted, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) \
             ON CONFLICT (phone) DO UPDATE SET name = excluded.name, company = excluded.company, \
               responsible_agent_id = excluded.responsible_agent_id, blacklisted = excluded.blacklisted, \
               updated_at = excluded.updated_at \
             RETURNING id, created_at = updated_at",
        )
        .bind(&c.phone)
        .bind(&c.name)
        .bind(&c.company)
        .bind(c.responsible_agent_id)
        .bind(c.blacklisted)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            saved.push((id, if created { Saved::Created } else { Saved::Updated }));
        }
        tx.commit().await?;
        Ok(saved)
    }

    async fn contact_by_phone(&self, phone: &str) -> StoreResult<Option<ContactRecord>> {
        let row =
            sqlx::query(&format!("{CONTACT_SELECT} WHERE c.phone = ?")).bind(phone).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(contact_from_row).transpose()?)
    }

    async fn list_contacts(&self, limit: u32) -> StoreResult<Vec<ContactRecord>> {
        let rows =
            sqlx::query(&format!("{CONTACT_SELECT} ORDER BY c.id LIMIT ?")).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(contact_from_row).collect::<sqlx::Result<_>>()?)
    }

    async fn search_contacts(&self, query: &str, limit: u32) -> StoreResult<Vec<ContactRecord>> {
        self.find_contacts(query, limit).await
    }

    async fn call(&self, viewer: Viewer, id: i64) -> StoreResult<Option<Call>> {
        self.find_call(viewer, id).await
    }

    async fn outcome_options(&self, include_retired: bool) -> StoreResult<Vec<(OutcomeOption, bool)>> {
        self.list_outcome_options(include_retired).await
    }

    async fn save_outcome_option(&self, option: &OutcomeOption) -> StoreResult<Saved> {
        self.upsert_outcome_option(option).await
    }

    async fn retire_outcome_option(&self, code: &str) -> StoreResult<bool> {
        self.retire_outcome(code).await
    }

    async fn log_outcome(&self, request: OutcomeRequest) -> StoreResult<OutcomeResult> {
        self.writer.log_outcome(request).await
    }

    async fn unlogged_calls(&self, agent_id: i64, limit: u32) -> StoreResult<Vec<Call>> {
        self.calls_to_log(agent_id, limit).await
    }

    async fn reminders(&self, viewer: Viewer, default_assignee: Option<i64>) -> StoreResult<Vec<Reminder>> {
        self.open_reminders(viewer, default_assignee).await
    }
}
