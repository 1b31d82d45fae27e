//! Outcome clicks waiting for the relay. Every click is written to disk before the UI shows it,
//! and leaves the file only when the relay has stored it (or refused it for good), so a click
//! made offline is delivered once when the relay is back, also after an app restart. Each click
//! carries its own idempotency key: a delivery whose answer was lost is retried with the same
//! key and the relay stores it once.

use std::path::PathBuf;
use std::sync::Mutex;

use callcard_protocol::{CallId, LogOutcomeRequest, OutcomeSaved};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::relay_api::{RelayApi, RelayError};
use crate::words::{WordCode, Words};

/// One outcome click not yet confirmed by the relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PendingOutcome {
    pub idempotency_key: String,
    #[ts(type = "number")]
    pub call_id: CallId,
    pub code: String,
    pub label: String,
    pub colour: String,
    pub note: Option<String>,
    pub clicked_at: DateTime<Utc>,
}

/// What one delivery round did.
#[derive(Debug, Default)]
pub struct Delivery {
    pub delivered: Vec<OutcomeSaved>,
    /// Clicks the relay refused for good (the call is not this agent's, the code was removed),
    /// with its reason: dropped from the outbox, shown to the manager.
    pub refused: Vec<(PendingOutcome, Words)>,
    /// The relay could not be reached; what is left stays queued.
    pub stalled: Option<RelayError>,
}

pub struct Outbox {
    path: PathBuf,
    items: Mutex<Vec<PendingOutcome>>,
    /// One delivery round at a time: two rounds would send the same click twice (harmless
    /// with the key, but wasteful).
    sending: tokio::sync::Mutex<()>,
}

impl Outbox {
    /// Opens the outbox file; a missing file is an empty outbox. A damaged file is kept aside
    /// (never silently dropped) and the outbox starts empty.
    pub fn open(path: impl Into<PathBuf>) -> (Outbox, Option<Words>) {
        let path = path.into();
        let (items, notice) = match std::fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(items) => (items, None),
                Err(e) => {
                    let aside = path.with_extension("damaged");
                    let _ = std::fs::rename(&path, &aside);
                    let words = Words::new(WordCode::OutboxDamaged).with("detail", e).with("path", aside.display());
                    (vec![], Some(words))
                }
            },
            Err(_) => (vec![], None),
        };
        (Outbox { path, items: Mutex::new(items), sending: tokio::sync::Mutex::new(()) }, notice)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<PendingOutcome>> {
        self.items.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn save(&self, items: &[PendingOutcome]) -> std::io::Result<()> {
        crate::atomic_file::write(&self.path, &serde_json::to_vec_pretty(items).expect("outbox serialises"))
    }

    pub fn pending(&self) -> Vec<PendingOutcome> {
        self.lock().clone()
    }

    /// Queues a click, durably. A newer click for the same call replaces one still waiting:
    /// only the manager's last choice is sent.
    pub fn push(&self, item: PendingOutcome) -> std::io::Result<()> {
        let mut items = self.lock();
        let mut next: Vec<PendingOutcome> = items.iter().filter(|i| i.call_id != item.call_id).cloned().collect();
        next.push(item);
        self.save(&next)?;
        *items = next;
        Ok(())
    }

    fn remove(&self, key: &str) -> std::io::Result<()> {
        let mut items = self.lock();
        let next: Vec<PendingOutcome> = items.iter().filter(|i| i.idempotency_key != key).cloned().collect();
        self.save(&next)?;
        *items = next;
        Ok(())
    }

    /// Sends what is queued, oldest first, until the relay cannot be reached.
    pub async fn deliver(&self, api: &RelayApi) -> Delivery {
        let _one_round = self.sending.lock().await;
        let mut round = Delivery::default();
        for item in self.pending() {
            let request = LogOutcomeRequest {
                code: item.code.clone(),
                note: item.note.clone(),
                idempotency_key: item.idempotency_key.clone(),
            };
            match api.log_outcome(item.call_id, &request).await {
                Ok(saved) => {
                    if let Err(e) = self.remove(&item.idempotency_key) {
                        // Still queued: the next round resends it with the same key, harmlessly.
                        tracing::warn!(error = %e, "cannot update the outcome queue");
                    }
                    round.delivered.push(saved);
                }
                Err(refusal @ RelayError::Rejected(_)) => {
                    let _ = self.remove(&item.idempotency_key);
                    round.refused.push((item, refusal.words()));
                }
                Err(e) => {
                    round.stalled = Some(e);
                    break;
                }
            }
        }
        round
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn click(call_id: CallId, code: &str) -> PendingOutcome {
        PendingOutcome {
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            call_id,
            code: code.into(),
            label: code.into(),
            colour: "#000000".into(),
            note: None,
            clicked_at: Utc::now(),
        }
    }

    #[test]
    fn clicks_survive_a_restart_and_the_last_choice_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.json");
        let (outbox, notice) = Outbox::open(&path);
        assert!(notice.is_none());
        outbox.push(click(1, "interested")).unwrap();
        outbox.push(click(2, "call_back")).unwrap();
        outbox.push(click(1, "visit_booked")).unwrap();
        drop(outbox);
        let (reopened, _) = Outbox::open(&path);
        let codes: Vec<(CallId, String)> = reopened.pending().into_iter().map(|i| (i.call_id, i.code)).collect();
        assert_eq!(codes, [(2, "call_back".to_string()), (1, "visit_booked".to_string())]);
    }

    #[test]
    fn a_damaged_file_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.json");
        std::fs::write(&path, "{not json").unwrap();
        let (outbox, notice) = Outbox::open(&path);
        assert!(outbox.pending().is_empty());
        assert_eq!(notice.unwrap().code, WordCode::OutboxDamaged);
        assert_eq!(std::fs::read_to_string(dir.path().join("outbox.damaged")).unwrap(), "{not json");
    }
}
