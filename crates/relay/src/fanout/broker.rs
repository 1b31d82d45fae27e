//! Between "committed" and "pushed to this node's sessions": the broker. In one process it hands
//! events straight to the hub; across nodes (NATS, `super::nats`) it carries them to every node's hub
//! and may lose some, which the hub notices by position (`LocalHub::deliver`) and the position
//! sync notices when nothing follows (`fanout::sync`). Either way the sessions catch up from
//! the store, so a broker is never needed for correctness, only for latency.

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use callcard_domain::PublishedEvent;

use super::LocalHub;

#[derive(Debug, Clone, thiserror::Error)]
#[error("the broker could not publish: {0}")]
pub struct BrokerError(pub String);

#[async_trait]
pub trait Broker: Send + Sync + 'static {
    /// Carries a committed event to every node's hub, this node's included. Called after the
    /// commit, in position order. A failure is logged and counted, not retried: the hubs repair
    /// from the store.
    async fn publish(&self, event: Arc<PublishedEvent>) -> Result<(), BrokerError>;

    /// Where this node's events go: the broker delivers into `hub` from now on.
    fn attach(&self, hub: Arc<LocalHub>);

    /// Whether it carries events between nodes now (health says `degraded` when not; the
    /// sessions get everything all the same, later).
    fn healthy(&self) -> bool {
        true
    }
}

/// A single node: publishing is delivering to this node's hub.
#[derive(Default)]
pub struct InProcessBroker {
    hub: OnceLock<Arc<LocalHub>>,
}

#[async_trait]
impl Broker for InProcessBroker {
    async fn publish(&self, event: Arc<PublishedEvent>) -> Result<(), BrokerError> {
        let hub = self.hub.get().ok_or_else(|| BrokerError("no hub attached".into()))?;
        hub.deliver(event);
        Ok(())
    }

    fn attach(&self, hub: Arc<LocalHub>) {
        if self.hub.set(hub).is_err() {
            tracing::warn!("the in-process broker was attached twice; keeping the first hub");
        }
    }
}
