//! Keeping the database: an online backup (`VACUUM INTO`, a consistent copy while the relay
//! serves), pruning history past the admin's horizon, and restoring a backup under a new epoch.

use std::path::Path;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::writer::db_time;
use super::{seq_from_db, SqliteStore};
use crate::store::{Maintenance, Pruned, StoreError, StoreResult};

/// Rows deleted per statement, so a prune never holds the write lock for long.
const PRUNE_CHUNK: i64 = 5_000;

#[async_trait]
impl Maintenance for SqliteStore {
    async fn backup_to(&self, path: &Path) -> StoreResult<()> {
        if path.exists() {
            return Err(StoreError::Invalid(format!("{} exists already; choose a new file", path.display())));
        }
        let target = path.to_str().ok_or_else(|| StoreError::Invalid("the backup path is not UTF-8".into()))?;
        sqlx::query("VACUUM INTO ?").bind(target).execute(&self.pool).await?;
        Ok(())
    }

    async fn prune(
        &self,
        events_before: Option<DateTime<Utc>>,
        calls_before: Option<DateTime<Utc>>,
    ) -> StoreResult<Pruned> {
        let mut pruned = Pruned::default();
        if let Some(before) = events_before {
            let at = db_time(before);
            // The newest event always stays: positions continue from it (`MAX(seq) + 1`).
            let through: Option<i64> =
                sqlx::query_scalar("SELECT MAX(seq) FROM events WHERE at < ? AND seq < (SELECT MAX(seq) FROM events)")
                    .bind(&at)
                    .fetch_one(&self.pool)
                    .await?;
            if let Some(through) = through {
                // Written first: a client resuming from below it is told to reload from now on.
                sqlx::query(
                    "INSERT INTO meta (key, value) VALUES ('pruned_through', ?1) \
                     ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), ?1)",
                )
                .bind(through)
                .execute(&self.pool)
                .await?;
                chunked(
                    self,
                    "DELETE FROM event_recipients WHERE (agent_id, seq) IN \
                     (SELECT agent_id, seq FROM event_recipients WHERE seq <= ?1 LIMIT ?2)",
                    Upto::Seq(through),
                )
                .await?;
                pruned.events = chunked(
                    self,
                    "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq <= ?1 LIMIT ?2)",
                    Upto::Seq(through),
                )
                .await?;
            }
            pruned.webhooks = chunked(
                self,
                "DELETE FROM webhooks WHERE id IN (SELECT id FROM webhooks WHERE received_at < ?1 LIMIT ?2)",
                Upto::At(&at),
            )
            .await?;
        }
        if let Some(before) = calls_before {
            let at = db_time(before);
            // Only ended calls whose events are gone: nothing a client may still replay.
            let old = "SELECT id FROM calls WHERE started_at < ?1 AND state = 'ended' \
                       AND NOT EXISTS (SELECT 1 FROM events e WHERE e.call_id = calls.id) \
                       AND NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.call_id = calls.id)";
            for table in ["call_outcomes", "call_agents"] {
                let sql = format!("DELETE FROM {table} WHERE call_id IN ({old} LIMIT ?2)");
                chunked(self, &sql, Upto::At(&at)).await?;
            }
            pruned.calls =
                chunked(self, &format!("DELETE FROM calls WHERE id IN ({old} LIMIT ?2)"), Upto::At(&at)).await?;
        }
        Ok(pruned)
    }

    async fn pruned_through(&self) -> StoreResult<u64> {
        let through: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'pruned_through'")
            .fetch_optional(&self.pool)
            .await?;
        Ok(through.and_then(|t| t.parse::<i64>().ok()).map(seq_from_db).unwrap_or(0))
    }
}

/// What a chunked delete's `?1` is: a position or a time.
#[derive(Clone, Copy)]
enum Upto<'a> {
    Seq(i64),
    At(&'a str),
}

/// Runs a `DELETE … LIMIT ?2` bound to `upto` until nothing is left; the rows deleted.
async fn chunked(store: &SqliteStore, sql: &str, upto: Upto<'_>) -> StoreResult<u64> {
    let mut total = 0;
    loop {
        let query = sqlx::query(sql);
        let query = match upto {
            Upto::Seq(seq) => query.bind(seq),
            Upto::At(at) => query.bind(at),
        };
        let done = query.bind(PRUNE_CHUNK).execute(&store.pool).await?.rows_affected();
        total += done;
        if done < PRUNE_CHUNK as u64 {
            return Ok(total);
        }
    }
}

/// Puts the backup `from` in place of the database `db` (the relay stopped) under a new epoch,
/// so that every client reloads its snapshot instead of resuming into a history that changed.
/// The backup is checked first: a file that is not a sound Callcard database changes nothing.
/// Returns the new epoch.
pub fn restore(from: &Path, db: &Path) -> anyhow::Result<String> {
    use anyhow::Context;
    let check = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open {}", from.display()))?;
    let sound: String = check
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .with_context(|| format!("{} is not an SQLite database", from.display()))?;
    anyhow::ensure!(sound == "ok", "{} is damaged: {sound}", from.display());
    let old_epoch: Option<String> =
        check.query_row("SELECT value FROM meta WHERE key = 'epoch'", [], |r| r.get(0)).optional().ok().flatten();
    anyhow::ensure!(old_epoch.is_some(), "{} is not a Callcard relay database (no epoch)", from.display());
    drop(check);

    let staged = db.with_extension("db.restoring");
    std::fs::copy(from, &staged).with_context(|| format!("cannot copy {} to {}", from.display(), staged.display()))?;
    let epoch = uuid::Uuid::new_v4().simple().to_string();
    {
        let conn = Connection::open(&staged)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute("UPDATE meta SET value = ?1 WHERE key = 'epoch'", [&epoch])?;
        conn.execute("DELETE FROM meta WHERE key = 'pruned_through'", [])?;
    }
    std::fs::File::open(&staged)?.sync_all()?;
    // The old database's write-ahead log belongs to it, not to the restored file.
    for suffix in ["-wal", "-shm"] {
        let side = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            std::fs::remove_file(&side).with_context(|| format!("cannot remove {}", side.display()))?;
        }
    }
    std::fs::rename(&staged, db).with_context(|| format!("cannot put the backup in place of {}", db.display()))?;
    if let Some(dir) = db.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(epoch)
}
