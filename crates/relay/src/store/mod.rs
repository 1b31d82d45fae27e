//! Durable storage behind one narrow interface. SQLite is the embedded default; a PostgreSQL
//! implementation for multi-node deployments implements the same trait.

mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use callcard_pbx::CallFacts;
use callcard_protocol::{Agent, Call, ContactInfo, OutcomeOption, OutcomeSaved, ProviderId, Reminder};
use chrono::{DateTime, Utc};

pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Invalid(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// One accepted webhook, ready to be made durable.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub provider: ProviderId,
    /// Hash of the webhook's fields: same webhook delivered twice → same key → stored once.
    pub dedup_key: String,
    pub dedup_scope: DedupScope,
    pub event: String,
    /// The webhook's fields as JSON, secrets removed.
    pub fields_json: String,
    pub received_at: DateTime<Utc>,
    pub facts: Option<CallFacts>,
    /// Normalised client number, line and line label (the store resolves agents and contacts).
    pub client_phone: Option<String>,
    pub line: Option<String>,
    pub line_label: Option<String>,
}

/// What a repeat is compared against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DedupScope {
    /// Any earlier webhook: the provider's fields identify the event (Zadarma carries the
    /// call's start time and the leg in every event).
    Everything,
    /// Only the call's latest webhook: the fields carry no time, so the same fields later in
    /// the call are a new event (ITooLabs INCOMING → CANCELLED → INCOMING to one agent).
    LatestOfCall,
}

/// An event as it goes to clients: already serialised, with who may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedEvent {
    pub seq: u64,
    /// Agents (ids) entitled to this event; supervisors see everything.
    pub recipients: Vec<i64>,
    /// The JSON text of the `ServerMessage::Event`.
    pub message: Arc<str>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IngestOutcome {
    /// Already stored by an earlier delivery: nothing changed.
    Duplicate,
    /// Stored; `event` is the resulting call event, if the webhook changed a call.
    Stored { event: Option<Arc<PublishedEvent>> },
}

/// Whose view of the calls a query takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// An agent as listed for admins.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRecord {
    pub agent: Agent,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewAgent {
    pub name: String,
    pub extension: Option<String>,
    pub login: Option<String>,
    pub supervisor: bool,
}

#[derive(Debug, Clone)]
pub struct NewContact {
    /// Digits-only E.164.
    pub phone: String,
    pub name: String,
    pub company: Option<String>,
    pub responsible_agent_id: Option<i64>,
    pub blacklisted: bool,
}

/// A contact with what a lookup reply needs about its responsible agent.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRecord {
    pub phone: String,
    pub info: ContactInfo,
    pub responsible: Option<Agent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
}

/// One outcome click, as the relay received it.
#[derive(Debug, Clone)]
pub struct OutcomeRequest {
    pub call_id: i64,
    pub agent: Agent,
    pub code: String,
    pub note: Option<String>,
    pub idempotency_key: String,
    pub received_at: DateTime<Utc>,
}

/// What became of an outcome request.
#[derive(Debug, Clone, PartialEq)]
pub enum OutcomeResult {
    /// Stored; `event` carries the call with its new outcome to the call's viewers.
    Logged {
        saved: OutcomeSaved,
        event: Arc<PublishedEvent>,
    },
    /// The key was seen before: the first answer, nothing stored.
    Replayed(OutcomeSaved),
    NoSuchCall,
    /// Agents may log only calls they handled.
    NotYours,
    UnknownCode,
    /// The key was already used for another call.
    KeyReused,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Names this history; changes when the history clients resume from is gone.
    fn epoch(&self) -> &str;

    /// Makes a batch of deliveries durable in one transaction, in order. A delivery that fails
    /// on its own is rolled back alone (its result is an error); the others still commit.
    async fn ingest(&self, batch: Vec<Delivery>) -> StoreResult<Vec<StoreResult<IngestOutcome>>>;

    /// The newest event's sequence (0 for none).
    async fn head_seq(&self) -> StoreResult<u64>;

    /// Events after `after_seq` that `viewer` may see, oldest first, at most `limit`.
    async fn events_after(&self, viewer: Viewer, after_seq: u64, limit: u32) -> StoreResult<Vec<Arc<PublishedEvent>>>;

    /// Calls `viewer` may see (only unfinished ones if `active_only`), newest first, with the
    /// head sequence they are consistent with.
    async fn calls(&self, viewer: Viewer, active_only: bool, limit: u32) -> StoreResult<(u64, Vec<Call>)>;

    async fn agent_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Agent>>;
    /// Adds agents with their token hashes in one transaction: all or none.
    async fn add_agents(&self, agents: &[(NewAgent, String)]) -> StoreResult<Vec<Agent>>;
    async fn add_agent(&self, agent: &NewAgent, token_hash: &str) -> StoreResult<Agent> {
        let mut added = self.add_agents(&[(agent.clone(), token_hash.to_string())]).await?;
        added.pop().ok_or_else(|| StoreError::Corrupt("insert returned no agent".into()))
    }
    async fn list_agents(&self) -> StoreResult<Vec<AgentRecord>>;
    /// Finds an active agent by id, login, extension or name (in that order).
    async fn find_agent(&self, ident: &str) -> StoreResult<Option<Agent>>;
    async fn revoke_agent(&self, id: i64) -> StoreResult<bool>;

    /// Adds contacts, or updates those with the same phone, in one transaction.
    async fn save_contacts(&self, contacts: &[NewContact]) -> StoreResult<Vec<(i64, Saved)>>;
    async fn contact_by_phone(&self, phone: &str) -> StoreResult<Option<ContactRecord>>;
    async fn list_contacts(&self, limit: u32) -> StoreResult<Vec<ContactRecord>>;
    /// Contacts whose name, company or number contains `query` (case-insensitive for ASCII).
    async fn search_contacts(&self, query: &str, limit: u32) -> StoreResult<Vec<ContactRecord>>;

    /// The call, if `viewer` may see it.
    async fn call(&self, viewer: Viewer, id: i64) -> StoreResult<Option<Call>>;

    /// The outcome list, in order; retired codes only if asked.
    async fn outcome_options(&self, include_retired: bool) -> StoreResult<Vec<(OutcomeOption, bool)>>;
    /// Adds an outcome code or changes the one with the same code (and un-retires it).
    async fn save_outcome_option(&self, option: &OutcomeOption) -> StoreResult<Saved>;
    /// Retires a code: no longer offered, still shown on calls that carry it.
    async fn retire_outcome_option(&self, code: &str) -> StoreResult<bool>;
    /// Stores an outcome (with a new call event), or answers a repeated key from the first time.
    async fn log_outcome(&self, request: OutcomeRequest) -> StoreResult<OutcomeResult>;
    /// Ended calls `agent_id` handled that have no outcome yet, newest first.
    async fn unlogged_calls(&self, agent_id: i64, limit: u32) -> StoreResult<Vec<Call>>;

    /// Open missed-call reminders: for the agent they are assigned to, or all for supervisors.
    /// Numbers whose contact has no responsible agent go to `default_assignee`.
    async fn reminders(&self, viewer: Viewer, default_assignee: Option<i64>) -> StoreResult<Vec<Reminder>>;
}
