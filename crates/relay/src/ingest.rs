//! The single writer: webhooks queue here, are committed in batches (one fsync for many), and
//! only then acknowledged and published. One writer also means events of a call are applied in
//! the order they were accepted, and every event (a webhook's or an outcome's) is published in
//! sequence order.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::hub::Fanout;
use crate::store::{Delivery, IngestOutcome, OutcomeRequest, OutcomeResult, Store, StoreError};

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
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("storage failed: {0}")]
    Store(Arc<StoreError>),
    #[error("the writer has stopped")]
    Stopped,
}

impl Ingestor {
    pub fn spawn(store: Arc<dyn Store>, hub: Arc<dyn Fanout>) -> Ingestor {
        let (jobs, rx) = mpsc::channel(8 * MAX_BATCH);
        tokio::spawn(run(rx, store, hub));
        Ingestor { jobs }
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

async fn run(mut rx: mpsc::Receiver<Job>, store: Arc<dyn Store>, hub: Arc<dyn Fanout>) {
    let mut jobs: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let mut webhooks = Vec::new();
        for job in jobs.drain(..) {
            match job {
                Job::Webhook(delivery, reply) => webhooks.push((delivery, reply)),
                Job::Outcome(request, reply) => {
                    // Keep order: the webhooks queued before this click go first.
                    store_webhooks(&*store, &*hub, std::mem::take(&mut webhooks)).await;
                    let result = store.log_outcome(*request).await;
                    if let Ok(OutcomeResult::Logged { event, .. }) = &result {
                        hub.publish(event.clone());
                    }
                    let _ = reply.send(result.map_err(Arc::new));
                }
            }
        }
        store_webhooks(&*store, &*hub, webhooks).await;
    }
}

async fn store_webhooks(store: &dyn Store, hub: &dyn Fanout, batch: Vec<(Delivery, Reply<IngestOutcome>)>) {
    if batch.is_empty() {
        return;
    }
    let (deliveries, replies): (Vec<Delivery>, Vec<_>) = batch.into_iter().unzip();
    let count = deliveries.len();
    match store.ingest(deliveries).await {
        Ok(outcomes) => {
            for (outcome, reply) in outcomes.into_iter().zip(replies) {
                if let Ok(IngestOutcome::Stored { event: Some(event) }) = &outcome {
                    hub.publish(event.clone());
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
