//! The single writer: webhooks queue here, are committed in batches (one fsync for many), and
//! only then acknowledged and published. One writer also means events of a call are applied in
//! the order they were accepted.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::hub::Fanout;
use crate::store::{Delivery, IngestOutcome, Store, StoreError};

/// Most deliveries committed in one transaction.
const MAX_BATCH: usize = 512;

type Job = (Delivery, oneshot::Sender<Result<IngestOutcome, Arc<StoreError>>>);

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
        self.jobs.send((delivery, tx)).await.map_err(|_| IngestError::Stopped)?;
        rx.await.map_err(|_| IngestError::Stopped)?.map_err(IngestError::Store)
    }
}

async fn run(mut rx: mpsc::Receiver<Job>, store: Arc<dyn Store>, hub: Arc<dyn Fanout>) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (deliveries, replies): (Vec<Delivery>, Vec<_>) = batch.drain(..).unzip();
        match store.ingest(&deliveries).await {
            Ok(outcomes) => {
                for (outcome, reply) in outcomes.into_iter().zip(replies) {
                    if let Ok(IngestOutcome::Stored { event: Some(event) }) = &outcome {
                        hub.publish(event.clone());
                    }
                    let _ = reply.send(outcome.map_err(Arc::new));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, deliveries = deliveries.len(), "could not store webhooks; answering 503");
                let e = Arc::new(e);
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
        }
    }
}
