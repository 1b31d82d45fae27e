//! Ends silent calls as missed, for providers that say nothing when an unanswered call ends
//! (ITooLabs, seed 003: only a CANCELLED for each agent it rang). The rule is the domain's
//! (`callcard_domain::missed`); this task finds the candidates in the store every so often and
//! ends them through the writer like any webhook, so it holds across restarts by construction:
//! the store still has the silent call after one.

use std::sync::Arc;
use std::time::Duration;

use callcard_domain::missed::{is_silently_missed, missed_facts};
use callcard_domain::Delivery;
use callcard_pbx::DedupScope;
use callcard_protocol::ProviderId;
use chrono::Utc;
use sha2::{Digest, Sha256};

use crate::admin::LiveSettings;
use crate::ingest::Ingestor;
use crate::store::Store;

/// Calls looked at per round.
const ROUND: u32 = 200;

/// Starts one sweeper per provider that asks for it (`quiet` = its `missed_after`).
pub fn spawn(
    store: Arc<dyn Store>,
    ingestor: Ingestor,
    settings: Arc<LiveSettings>,
    provider: ProviderId,
    quiet: Duration,
) -> tokio::task::JoinHandle<()> {
    // Often enough that a call ends within a fraction of the quiet spell after it.
    let every = (quiet / 4).clamp(Duration::from_millis(250), Duration::from_secs(5));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = sweep(&*store, &ingestor, &settings, &provider, quiet).await {
                tracing::warn!(provider = %provider, error = %e, "could not end silent calls this round");
            }
        }
    })
}

async fn sweep(
    store: &dyn Store,
    ingestor: &Ingestor,
    settings: &LiveSettings,
    provider: &ProviderId,
    quiet: Duration,
) -> anyhow::Result<()> {
    let cutoff = Utc::now() - chrono::Duration::from_std(quiet)?;
    for call in store.quiet_ringing_calls(provider, cutoff, ROUND).await? {
        if !is_silently_missed(&call) {
            continue;
        }
        // One key per call state: a second round over the same state is a repeat.
        let key =
            hex::encode(Sha256::digest(format!("relay-missed\0{provider}\0{}\0{}", call.provider_call_id, call.seq)));
        let fields = serde_json::json!({"call_id": call.id, "quiet_secs": quiet.as_secs()}).to_string();
        let delivery = Delivery {
            provider: provider.clone(),
            content_key: key,
            dedup_scope: DedupScope::Everything,
            event: "relay/missed_after_silence".into(),
            fields_json: fields,
            problems: vec![],
            received_at: Utc::now(),
            facts: Some(missed_facts(&call)),
            client_phone: None,
            line: None,
            line_label: None,
            leads: settings.get().lead_rules(),
            unknown_users_to: settings.get().default_responsible_id,
        };
        ingestor.submit(delivery).await?;
        tracing::info!(provider = %provider, call = %call.provider_call_id, "silent call ended as missed");
    }
    Ok(())
}
