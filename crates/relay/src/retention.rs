//! The admin's history horizon (`[history] keep_days`, `keep_calls_days`): pruned at start and
//! every hour. And the data directory's lock, held by a serving relay so that `restore` never
//! swaps the database under it.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;

use crate::config::HistoryConfig;
use crate::store::Store;

const EVERY: Duration = Duration::from_secs(3600);
/// The first prune waits for the relay to settle in.
const FIRST_AFTER: Duration = Duration::from_secs(5);

pub fn spawn(store: Arc<dyn Store>, history: HistoryConfig) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_AFTER).await;
        loop {
            prune_once(&*store, &history).await;
            tokio::time::sleep(EVERY).await;
        }
    })
}

/// One prune by the horizon; failures are logged (the next round tries again).
pub async fn prune_once(store: &dyn Store, history: &HistoryConfig) {
    let days_ago = |days: u32| (days > 0).then(|| Utc::now() - chrono::Duration::days(i64::from(days)));
    let events_before = days_ago(history.keep_days);
    // Calls go only after their events and webhooks, so never sooner than those.
    let calls_before =
        (history.keep_calls_days > 0).then(|| days_ago(history.keep_calls_days.max(history.keep_days))).flatten();
    match store.prune(events_before, calls_before).await {
        Ok(p) if p.events + p.webhooks + p.calls > 0 => {
            tracing::info!(events = p.events, webhooks = p.webhooks, calls = p.calls, "pruned history past the horizon")
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not prune history this round"),
    }
}

/// Locks `<data_dir>/relay.lock` for as long as the returned file lives; an error if another
/// process holds it.
pub fn lock_data_dir(data_dir: &Path) -> anyhow::Result<File> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
    let path = data_dir.join("relay.lock");
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    file.try_lock().map_err(|_| {
        anyhow::anyhow!("a relay is running on {} (it holds {}); stop it first", data_dir.display(), path.display())
    })?;
    Ok(file)
}
