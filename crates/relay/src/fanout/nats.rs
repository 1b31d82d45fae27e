//! Several nodes: NATS carries each committed event to every node's hub. Core NATS is fast and
//! may lose messages (a node away, a slow consumer cut off): the hub notices a gap by position
//! and the position sync notices a lost tail, and the sessions catch up from the store, which
//! has everything. This node's own events also go straight to its hub, so its sessions never
//! wait on NATS, and with NATS away (the client reconnects by itself) every event still
//! arrives: this node's at once, the other nodes' within the position sync. Health says
//! `degraded` meanwhile.

use std::sync::{Arc, OnceLock};

use async_nats::connection::State;
use async_trait::async_trait;
use callcard_domain::PublishedEvent;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use super::{Broker, BrokerError, LocalHub};

/// The longest the writer waits to hand an event to the NATS client (it queues; this only
/// bites when the connection is going down).
const PUBLISH_WAIT: std::time::Duration = std::time::Duration::from_millis(200);

/// An event on the wire between nodes.
#[derive(Serialize, Deserialize)]
struct Carried {
    /// The node that committed it (a node skips its own: its hub has them already).
    node: String,
    seq: u64,
    recipients: Vec<i64>,
    message: String,
    at: Option<chrono::DateTime<chrono::Utc>>,
}

pub struct NatsBroker {
    client: async_nats::Client,
    /// One subject per history (`callcard.events.<epoch>`): nodes of another database, or of a
    /// restored one, never mix their positions with ours.
    subject: String,
    node: String,
    hub: OnceLock<Arc<LocalHub>>,
}

impl NatsBroker {
    /// Connects to `url` (`nats://host:4222`) for the history `epoch`. A NATS server that is
    /// not up yet is waited for in the background: the relay starts without it.
    pub async fn connect(url: &str, epoch: &str) -> Result<NatsBroker, BrokerError> {
        let client = async_nats::ConnectOptions::new()
            .name("callcard-relay")
            // Our own events are in our hub already: the server need not send them back (the
            // node id still guards against a server that does).
            .no_echo()
            .retry_on_initial_connect()
            .connect(url)
            .await
            .map_err(|e| BrokerError(format!("NATS at {url}: {e}")))?;
        let node = uuid::Uuid::new_v4().simple().to_string();
        Ok(NatsBroker { client, subject: format!("callcard.events.{epoch}"), node, hub: OnceLock::new() })
    }

    fn receive(&self, hub: Arc<LocalHub>) {
        let (client, subject, node) = (self.client.clone(), self.subject.clone(), self.node.clone());
        tokio::spawn(async move {
            // The client resubscribes by itself after a reconnect; what was sent meanwhile is
            // lost to this node and repaired from the store.
            let mut events = match client.subscribe(subject.clone()).await {
                Ok(events) => events,
                Err(e) => {
                    tracing::error!(error = %e, subject, "cannot subscribe to NATS: other nodes' events come by the position sync only");
                    return;
                }
            };
            while let Some(message) = events.next().await {
                let carried: Carried = match serde_json::from_slice(&message.payload) {
                    Ok(carried) => carried,
                    Err(e) => {
                        tracing::warn!(error = %e, "an unreadable event on NATS: skipped (the store has it)");
                        continue;
                    }
                };
                if carried.node == node {
                    continue;
                }
                hub.deliver(Arc::new(PublishedEvent {
                    seq: carried.seq,
                    recipients: carried.recipients,
                    message: carried.message.into(),
                    at: carried.at,
                }));
            }
        });
    }
}

#[async_trait]
impl Broker for NatsBroker {
    async fn publish(&self, event: Arc<PublishedEvent>) -> Result<(), BrokerError> {
        if let Some(hub) = self.hub.get() {
            hub.deliver(event.clone());
        }
        let carried = Carried {
            node: self.node.clone(),
            seq: event.seq,
            recipients: event.recipients.clone(),
            message: event.message.to_string(),
            at: event.at,
        };
        // Away from NATS the client's queue would fill and then hold the writer (and with it the
        // webhooks): skip instead, counted as a failed publish; the other nodes catch up from
        // the store.
        if !self.healthy() {
            return Err(BrokerError("NATS is away".into()));
        }
        let payload = serde_json::to_vec(&carried).map_err(|e| BrokerError(e.to_string()))?;
        let publish = self.client.publish(self.subject.clone(), payload.into());
        match tokio::time::timeout(PUBLISH_WAIT, publish).await {
            Ok(result) => result.map_err(|e| BrokerError(e.to_string())),
            Err(_) => Err(BrokerError(format!("NATS took more than {PUBLISH_WAIT:?}"))),
        }
    }

    fn attach(&self, hub: Arc<LocalHub>) {
        if self.hub.set(hub.clone()).is_err() {
            tracing::warn!("the NATS broker was attached twice; keeping the first hub");
            return;
        }
        self.receive(hub);
    }

    fn healthy(&self) -> bool {
        self.client.connection_state() == State::Connected
    }
}
