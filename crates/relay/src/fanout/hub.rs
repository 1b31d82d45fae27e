//! This node's sessions and their queues. The broker hands it every committed event (in `seq`
//! order when nothing is lost); it puts each into the queues of the sessions entitled to it.
//!
//! Each session gets its own queue, and an event goes only to the queues of the agents entitled
//! to it (and to supervisors'): with a thousand agents connected, an event wakes the two or
//! three sessions that show it, not a thousand (BENCHMARKS.md, benchmark 1).
//!
//! The hub also notices what it missed: positions are global and gapless, so an event that is
//! not the next one means some were lost on the way (a broker can fail); then every session
//! catches up from the store, which has everything.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use callcard_domain::{PublishedEvent, Viewer};
use tokio::sync::mpsc::{self, error::TrySendError};

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
    /// The newest position handed to the sessions (or caught up to from the store).
    last: u64,
}

impl Queues {
    fn all(&self) -> impl Iterator<Item = &Queue> {
        self.supervisors.values().chain(self.agents.values().flat_map(HashMap::values))
    }

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
    /// Times sessions were sent to the store because events went missing.
    repairs: AtomicU64,
}

impl LocalHub {
    /// `capacity`: events a session may have queued before it must catch up from the store.
    /// `head`: the store's newest position now (the next event is `head + 1`).
    pub fn new(capacity: usize, head: u64) -> LocalHub {
        let queues = Queues { last: head, ..Default::default() };
        LocalHub {
            queues: Arc::new(Mutex::new(queues)),
            next_id: AtomicU64::new(0),
            capacity,
            repairs: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queues> {
        self.queues.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Hands a committed event to every session entitled to it. An event at or below the last
    /// position is a repeat and is dropped; one beyond the next means events were lost on the
    /// way: every session then catches up from the store first.
    pub fn deliver(&self, event: Arc<PublishedEvent>) {
        let mut queues = self.lock();
        if event.seq <= queues.last {
            return;
        }
        if event.seq > queues.last + 1 {
            tracing::warn!(
                expected = queues.last + 1,
                got = event.seq,
                "events went missing; sessions catch up from the store"
            );
            self.repairs.fetch_add(1, Ordering::Relaxed);
            queues.all().for_each(|q| q.lagged.store(true, Ordering::Release));
        }
        queues.last = event.seq;
        for queue in queues.supervisors.values() {
            deliver(queue, &event);
        }
        for agent in &event.recipients {
            for queue in queues.agents.get(agent).into_iter().flat_map(HashMap::values) {
                deliver(queue, &event);
            }
        }
    }

    /// The store has events up to `head` that never arrived here: every session catches up.
    pub fn catch_up_to(&self, head: u64) {
        let mut queues = self.lock();
        if head <= queues.last {
            return;
        }
        tracing::warn!(last = queues.last, head, "events never arrived; sessions catch up from the store");
        self.repairs.fetch_add(1, Ordering::Relaxed);
        queues.last = head;
        for queue in queues.all() {
            queue.lagged.store(true, Ordering::Release);
            // Wake the session: the flag is read when it next receives.
            let _ = queue.sender.try_send(Arc::new(PublishedEvent {
                seq: 0,
                recipients: vec![],
                message: "".into(),
                at: None,
            }));
        }
    }

    /// The newest position handed to the sessions.
    pub fn last(&self) -> u64 {
        self.lock().last
    }

    /// Times events went missing and sessions were sent to the store.
    pub fn repairs(&self) -> u64 {
        self.repairs.load(Ordering::Relaxed)
    }

    /// The events for `viewer` delivered from now on.
    pub fn subscribe(&self, viewer: Viewer) -> Subscription {
        let (sender, receiver) = mpsc::channel(self.capacity);
        let lagged = Arc::new(AtomicBool::new(false));
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.lock().of(viewer).insert(id, Queue { sender, lagged: lagged.clone() });
        Subscription { receiver, lagged, viewer, id, queues: self.queues.clone() }
    }

    /// Sessions subscribed right now (for `/healthz`).
    pub fn subscribers(&self) -> usize {
        let queues = self.lock();
        queues.supervisors.len() + queues.agents.values().map(HashMap::len).sum::<usize>()
    }

    /// Events waiting in the fullest session queue (for `/metrics`).
    pub fn deepest_queue(&self) -> usize {
        let queues = self.lock();
        queues.all().map(|q| q.sender.max_capacity() - q.sender.capacity()).max().unwrap_or(0)
    }
}

fn deliver(queue: &Queue, event: &Arc<PublishedEvent>) {
    match queue.sender.try_send(event.clone()) {
        Ok(()) | Err(TrySendError::Closed(_)) => {}
        // A slow client never holds up the others; it catches up from the store instead.
        Err(TrySendError::Full(_)) => queue.lagged.store(true, Ordering::Release),
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
        // A full queue (or a gap) is noticed here, after the events that did fit: order is kept,
        // and the store has everything that was left out.
        if self.lagged.swap(false, Ordering::Acquire) {
            return Some(Delivered::Lagged);
        }
        if event.seq == 0 {
            // A wake-up without an event (`catch_up_to` raced with this read): nothing to send.
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
        Arc::new(PublishedEvent { seq, recipients, message: format!("{seq}").into(), at: None })
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
        let hub = LocalHub::new(8, 0);
        let mut anna = hub.subscribe(Viewer::Agent(1));
        let mut boris = hub.subscribe(Viewer::Agent(2));
        let mut boss = hub.subscribe(Viewer::Supervisor);
        hub.deliver(event(1, vec![1]));
        hub.deliver(event(2, vec![1, 2]));
        assert_eq!((next_seq(&mut anna).await, next_seq(&mut anna).await), (Some(1), Some(2)));
        assert_eq!((next_seq(&mut boris).await, next_seq(&mut boris).await), (Some(2), None));
        assert_eq!((next_seq(&mut boss).await, next_seq(&mut boss).await), (Some(1), Some(2)));
    }

    #[tokio::test]
    async fn an_overflowing_queue_reports_lag_after_what_fitted() {
        let hub = LocalHub::new(2, 0);
        let mut anna = hub.subscribe(Viewer::Agent(1));
        for seq in 1..=4 {
            hub.deliver(event(seq, vec![1]));
        }
        assert_eq!(next_seq(&mut anna).await, Some(0), "lag is reported as soon as the queue is read");
        assert_eq!(next_seq(&mut anna).await, Some(2), "what fitted still comes, in order");
        assert_eq!(next_seq(&mut anna).await, None);
    }

    #[tokio::test]
    async fn a_dropped_subscription_leaves_the_hub() {
        let hub = LocalHub::new(2, 0);
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

    #[tokio::test]
    async fn a_gap_sends_every_session_to_the_store_and_repeats_are_dropped() {
        let hub = LocalHub::new(8, 10);
        let mut anna = hub.subscribe(Viewer::Agent(1));
        let mut boss = hub.subscribe(Viewer::Supervisor);
        hub.deliver(event(11, vec![1]));
        hub.deliver(event(11, vec![1]));
        hub.deliver(event(9, vec![1]));
        assert_eq!(next_seq(&mut anna).await, Some(11));
        assert_eq!(next_seq(&mut anna).await, None, "repeats and old events are dropped");
        // 12 and 13 were lost on the way: 14 arrives, everyone catches up first (the replay
        // from the store resends what was queued, 11 included).
        hub.deliver(event(14, vec![2]));
        assert_eq!(next_seq(&mut boss).await, Some(0), "the supervisor catches up from the store");
        assert_eq!(next_seq(&mut boss).await, Some(14));
        assert_eq!(hub.repairs(), 1);
        hub.deliver(event(15, vec![1]));
        assert_eq!(next_seq(&mut anna).await, Some(0), "Anna too, though 14 was not hers");
        assert_eq!(hub.last(), 15);
    }

    #[tokio::test]
    async fn catching_up_to_the_store_wakes_idle_sessions() {
        let hub = LocalHub::new(8, 3);
        let mut anna = hub.subscribe(Viewer::Agent(1));
        hub.catch_up_to(3);
        assert_eq!(next_seq(&mut anna).await, None, "nothing missing");
        hub.catch_up_to(5);
        assert_eq!(next_seq(&mut anna).await, Some(0));
        assert_eq!((hub.last(), hub.repairs()), (5, 1));
        hub.deliver(event(5, vec![1]));
        assert_eq!(next_seq(&mut anna).await, None, "the late copy of a caught-up event is dropped");
    }
}
