//! Fan-out of committed events to connected clients. In-process here; a multi-node deployment
//! puts a broker (NATS) behind the same interface.
//!
//! Each session gets its own queue, and an event goes only to the queues of the agents entitled
//! to it (and to supervisors'): with a thousand agents connected, an event wakes the two or
//! three sessions that show it, not a thousand (BENCHMARKS.md, benchmark 1).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::{self, error::TrySendError};

use crate::store::{PublishedEvent, Viewer};

pub trait Fanout: Send + Sync + 'static {
    /// Hands a committed event to every subscriber entitled to it. Called in sequence order.
    fn publish(&self, event: Arc<PublishedEvent>);
    /// The events for `viewer` published from now on.
    fn subscribe(&self, viewer: Viewer) -> Subscription;
    /// Sessions subscribed right now (for `/healthz`).
    fn subscribers(&self) -> usize;
}

/// What a session receives from the hub.
pub enum Delivered {
    Event(Arc<PublishedEvent>),
    /// The session's queue overflowed and events were left out: catch up from the store.
    Lagged,
}

struct Queue {
    sender: mpsc::Sender<Arc<PublishedEvent>>,
    lagged: Arc<AtomicBool>,
}

#[derive(Default)]
struct Queues {
    agents: HashMap<i64, HashMap<u64, Queue>>,
    supervisors: HashMap<u64, Queue>,
}

impl Queues {
    fn of(&mut self, viewer: Viewer) -> &mut HashMap<u64, Queue> {
        match viewer {
            Viewer::Supervisor => &mut self.supervisors,
            Viewer::Agent(id) => self.agents.entry(id).or_default(),
        }
    }
}

pub struct LocalHub {
    queues: Arc<Mutex<Queues>>,
    next_id: AtomicU64,
    capacity: usize,
}

impl LocalHub {
    /// `capacity`: events a session may have queued before it must catch up from the store.
    pub fn new(capacity: usize) -> LocalHub {
        LocalHub { queues: Default::default(), next_id: AtomicU64::new(0), capacity }
    }
}

fn deliver(queue: &Queue, event: &Arc<PublishedEvent>) {
    match queue.sender.try_send(event.clone()) {
        Ok(()) | Err(TrySendError::Closed(_)) => {}
        // A slow client never holds up the others; it catches up from the store instead.
        Err(TrySendError::Full(_)) => queue.lagged.store(true, Ordering::Release),
    }
}

impl Fanout for LocalHub {
    fn publish(&self, event: Arc<PublishedEvent>) {
        let queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        for queue in queues.supervisors.values() {
            deliver(queue, &event);
        }
        for agent in &event.recipients {
            for queue in queues.agents.get(agent).into_iter().flat_map(HashMap::values) {
                deliver(queue, &event);
            }
        }
    }

    fn subscribe(&self, viewer: Viewer) -> Subscription {
        let (sender, receiver) = mpsc::channel(self.capacity);
        let lagged = Arc::new(AtomicBool::new(false));
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        queues.of(viewer).insert(id, Queue { sender, lagged: lagged.clone() });
        Subscription { receiver, lagged, viewer, id, queues: self.queues.clone() }
    }

    fn subscribers(&self) -> usize {
        let queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        queues.supervisors.len() + queues.agents.values().map(HashMap::len).sum::<usize>()
    }
}

/// A session's queue; leaving the hub when dropped.
pub struct Subscription {
    receiver: mpsc::Receiver<Arc<PublishedEvent>>,
    lagged: Arc<AtomicBool>,
    viewer: Viewer,
    id: u64,
    queues: Arc<Mutex<Queues>>,
}

impl Subscription {
    /// The next event, or `Lagged` once events were dropped for this session; `None` when the
    /// hub is gone (the relay is stopping).
    pub async fn recv(&mut self) -> Option<Delivered> {
        let event = self.receiver.recv().await?;
        // A full queue is noticed here, after the events that did fit: order is kept, and the
        // store has everything that was left out.
        if self.lagged.swap(false, Ordering::Acquire) {
            return Some(Delivered::Lagged);
        }
        Some(Delivered::Event(event))
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        let of_viewer = queues.of(self.viewer);
        of_viewer.remove(&self.id);
        if let (Viewer::Agent(agent), true) = (self.viewer, of_viewer.is_empty()) {
            queues.agents.remove(&agent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: u64, recipients: Vec<i64>) -> Arc<PublishedEvent> {
        Arc::new(PublishedEvent { seq, recipients, message: format!("{seq}").into() })
    }

    async fn next_seq(s: &mut Subscription) -> Option<u64> {
        match tokio::time::timeout(std::time::Duration::from_millis(50), s.recv()).await {
            Ok(Some(Delivered::Event(e))) => Some(e.seq),
            Ok(Some(Delivered::Lagged)) => Some(0),
            _ => None,
        }
    }

    #[tokio::test]
    async fn events_go_to_their_agents_and_to_supervisors_only() {
        let hub = LocalHub::new(8);
        let mut anna = hub.subscribe(Viewer::Agent(1));
        let mut boris = hub.subscribe(Viewer::Agent(2));
        let mut boss = hub.subscribe(Viewer::Supervisor);
        hub.publish(event(1, vec![1]));
        hub.publish(event(2, vec![1, 2]));
        assert_eq!((next_seq(&mut anna).await, next_seq(&mut anna).await), (Some(1), Some(2)));
        assert_eq!((next_seq(&mut boris).await, next_seq(&mut boris).await), (Some(2), None));
        assert_eq!((next_seq(&mut boss).await, next_seq(&mut boss).await), (Some(1), Some(2)));
    }

    #[tokio::test]
    async fn an_overflowing_queue_reports_lag_after_what_fitted() {
        let hub = LocalHub::new(2);
        let mut anna = hub.subscribe(Viewer::Agent(1));
        for seq in 1..=4 {
            hub.publish(event(seq, vec![1]));
        }
        assert_eq!(next_seq(&mut anna).await, Some(0), "lag is reported as soon as the queue is read");
        assert_eq!(next_seq(&mut anna).await, Some(2), "what fitted still comes, in order");
        assert_eq!(next_seq(&mut anna).await, None);
    }

    #[tokio::test]
    async fn a_dropped_subscription_leaves_the_hub() {
        let hub = LocalHub::new(2);
        let anna = hub.subscribe(Viewer::Agent(1));
        let second = hub.subscribe(Viewer::Agent(1));
        let boss = hub.subscribe(Viewer::Supervisor);
        assert_eq!(hub.subscribers(), 3);
        drop(anna);
        assert_eq!(hub.queues.lock().unwrap().agents[&1].len(), 1);
        drop(second);
        assert!(hub.queues.lock().unwrap().agents.is_empty());
        drop(boss);
        assert_eq!(hub.subscribers(), 0);
    }
}
