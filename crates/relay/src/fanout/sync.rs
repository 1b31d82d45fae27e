//! Position sync: what arrival checks cannot see. If the broker lost the *last* events (nothing
//! newer arrives to show the gap), or stopped delivering altogether, the store's head moves on
//! while the hub's does not. Every `every`, the head read one round ago is compared with what
//! the hub has handed out since; one round of grace lets events committed just now arrive.

use std::sync::Arc;
use std::time::Duration;

use super::LocalHub;
use crate::store::EventLog;

pub fn spawn(store: Arc<dyn EventLog>, hub: Arc<LocalHub>, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut seen_head: Option<u64> = None;
        loop {
            tick.tick().await;
            if let Some(head) = seen_head {
                // Committed a round ago and still not handed out: lost on the way.
                hub.catch_up_to(head);
            }
            match store.head_seq().await {
                Ok(head) => seen_head = Some(head),
                Err(e) => tracing::warn!(error = %e, "position sync could not read the store's head"),
            }
        }
    })
}
