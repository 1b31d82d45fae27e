//! The single writer: webhooks queue here, are committed in batches (one fsync for many), and
//! only then acknowledged and published. One writer also means events of a call are applied in
//! the order they were accepted, and every event (a webhook's or an outcome's) is published in
//! sequence order.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use callcard_domain::{Delivery, IngestOutcome, PublishedEvent};
use tokio::sync::{mpsc, oneshot};

use crate::fanout::Broker;
use crate::store::{EventLog, OutcomeRequest, OutcomeResult, StoreError};

/// Most deliveries committed in one transaction.
const MAX_BATCH: usize = 512;

type Reply<T> = oneshot::Sender<Result<T, Arc<StoreError>>>;

// Webhooks are the hot, common case: kept inline (no allocation each); the rare outcome is boxed.
#[allow(clippy::large_enum_variant)]
enum Job {
    Webhook(Delivery, Reply<IngestOutcome>),
    Outcome(Box<OutcomeRequest>, Reply<OutcomeResult>),
}

#[derive(Clone)]
pub struct Ingestor {
    jobs: mpsc::Sender<Job>,
    publish_failures: Arc<AtomicU64>,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("storage failed: {0}")]
    Store(Arc<StoreError>),
    #[error("the writer has stopped")]
    Stopped,
}

impl Ingestor {
    pub fn spawn(store: Arc<dyn EventLog>, broker: Arc<dyn Broker>) -> Ingestor {
        let (jobs, rx) = mpsc::channel(8 * MAX_BATCH);
        let publish_failures = Arc::new(AtomicU64::new(0));
        let writer = Writer { store, broker, publish_failures: publish_failures.clone() };
        tokio::spawn(writer.run(rx));
        Ingestor { jobs, publish_failures }
    }

    /// Jobs waiting for the writer (for `/metrics`).
    pub fn queued(&self) -> usize {
        self.jobs.max_capacity() - self.jobs.capacity()
    }

    /// Events the broker failed to publish (the hubs caught up from the store instead).
    pub fn publish_failures(&self) -> u64 {
        self.publish_failures.load(Ordering::Relaxed)
    }

    /// Returns once the delivery is durable (or known to be a repeat).
    pub async fn submit(&self, delivery: Delivery) -> Result<IngestOutcome, IngestError> {
        let (tx, rx) = oneshot::channel();
        self.jobs.send(Job::Webhook(delivery, tx)).await.map_err(|_| IngestError::Stopped)?;
        rx.await.map_err(|_| IngestError::Stopped)?.map_err(IngestError::Store)
    }

    /// Stores an outcome click (its call event is published like a webhook's).
    pub async fn log_outcome(&self, request: OutcomeRequest) -> Result<OutcomeResult, IngestError> {
        let (tx, rx) = oneshot::channel();
        self.jobs.send(Job::Outcome(Box::new(request), tx)).await.map_err(|_| IngestError::Stopped)?;
        rx.await.map_err(|_| IngestError::Stopped)?.map_err(IngestError::Store)
    }
}

struct Writer {
    store: Arc<dyn EventLog>,
    broker: Arc<dyn Broker>,
    publish_failures: Arc<AtomicU64>,
}

impl Writer {
    async fn run(self, mut rx: mpsc::Receiver<Job>) {
        let mut jobs: Vec<Job> = Vec::with_capacity(MAX_BATCH);
        while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
            let mut webhooks = Vec::new();
            for job in jobs.drain(..) {
                match job {
                    Job::Webhook(delivery, reply) => webhooks.push((delivery, reply)),
                    Job::Outcome(request, reply) => {
                        // Keep order: the webhooks queued before this click go first.
                        self.store_webhooks(std::mem::take(&mut webhooks)).await;
                        let result = self.store.log_outcome(*request).await;
                        if let Ok(OutcomeResult::Logged { event, .. }) = &result {
                            self.publish(event.clone()).await;
                        }
                        let _ = reply.send(result.map_err(Arc::new));
                    }
                }
            }
            self.store_webhooks(webhooks).await;
        }
    }

    /// After the commit, in position order. A lost publish is repaired by the hubs from the
    /// store, so it is counted and logged, not retried.
    async fn publish(&self, event: Arc<PublishedEvent>) {
        if let Err(e) = self.broker.publish(event).await {
            self.publish_failures.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(error = %e, "event not published; sessions catch up from the store");
        }
    }

    async fn store_webhooks(&self, batch: Vec<(Delivery, Reply<IngestOutcome>)>) {
        if batch.is_empty() {
            return;
        }
        let (deliveries, replies): (Vec<Delivery>, Vec<_>) = batch.into_iter().unzip();
        let count = deliveries.len();
        match self.store.ingest(deliveries).await {
            Ok(outcomes) => {
                for (outcome, reply) in outcomes.into_iter().zip(replies) {
                    if let Ok(IngestOutcome::Stored { event: Some(event) }) = &outcome {
                        self.publish(event.clone()).await;
                    }
                    let _ = reply.send(outcome.map_err(Arc::new));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, deliveries = count, "could not store webhooks; answering 503");
                let e = Arc::new(e);
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
        }
    }
}
