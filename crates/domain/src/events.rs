//! Events as clients receive them, and whose view of the calls a query takes.

use std::sync::Arc;

use callcard_protocol::Agent;

/// An event as it goes to clients: already serialised, with who may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedEvent {
    pub seq: u64,
    /// Agents (ids) entitled to this event; supervisors see everything.
    pub recipients: Vec<i64>,
    /// The JSON text of the `ServerMessage::Event`.
    pub message: Arc<str>,
    /// When the webhook (or click) that made it reached the relay: live events only, for the
    /// delivery latency metric; `None` on replay.
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Whose view of the calls a query takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Viewer {
    Supervisor,
    Agent(i64),
}

impl Viewer {
    pub fn of(agent: &Agent) -> Viewer {
        if agent.supervisor {
            Viewer::Supervisor
        } else {
            Viewer::Agent(agent.id)
        }
    }

    /// Whether this viewer receives an event for these recipients.
    pub fn sees(&self, recipients: &[i64]) -> bool {
        match self {
            Viewer::Supervisor => true,
            Viewer::Agent(id) => recipients.contains(id),
        }
    }
}
