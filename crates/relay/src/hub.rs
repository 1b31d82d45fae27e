//! Fan-out of committed events to connected clients. In-process here; a multi-node deployment
//! puts a broker (NATS) behind the same interface.

use std::sync::Arc;

use tokio::sync::broadcast;

use crate::store::PublishedEvent;

pub trait Fanout: Send + Sync + 'static {
    /// Hands a committed event to every subscriber. Called in sequence order.
    fn publish(&self, event: Arc<PublishedEvent>);
    /// A receiver of events published from now on. A receiver that falls behind gets
    /// `Lagged` and catches up from the store, so a slow client never holds up the others.
    fn subscribe(&self) -> broadcast::Receiver<Arc<PublishedEvent>>;
}

pub struct LocalHub {
    sender: broadcast::Sender<Arc<PublishedEvent>>,
}

impl LocalHub {
    pub fn new(capacity: usize) -> LocalHub {
        LocalHub { sender: broadcast::channel(capacity).0 }
    }
}

impl Fanout for LocalHub {
    fn publish(&self, event: Arc<PublishedEvent>) {
        // No subscribers is not an error: the event is in the store for whoever comes later.
        let _ = self.sender.send(event);
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<PublishedEvent>> {
        self.sender.subscribe()
    }
}
