//! Re-reading what the store holds for the running relay (settings, PBX keys) on a timer: a
//! change made on another node or from the command line reaches it within one period.

use std::future::Future;
use std::time::Duration;

use crate::store::StoreResult;

/// Runs `reload` every `every`; a failure is logged and the last copy kept.
pub fn spawn_every<F, Fut>(every: Duration, what: &'static str, mut reload: F) -> tokio::task::JoinHandle<()>
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = StoreResult<()>> + Send,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = reload().await {
                tracing::warn!(error = %e, "cannot re-read the {what}; keeping the last ones");
            }
        }
    })
}
