//! Durable storage behind role traits. SQLite is the embedded default; every backend passes the
//! same behaviour suite (`contract`), and runs the same domain rules (`callcard-domain`) inside
//! its own transactions: a backend holds SQL, never the call merge or who sees what.
//!
//! # The ordering contract (what clients resume by)
//!
//! * Every stored call event gets a position `seq` in the relay's history. `seq` is **global**
//!   (one sequence for the whole relay, across calls, providers and viewers), **gapless** (the
//!   first event is 1, every committed event takes the next number, a rolled-back delivery takes
//!   none), and assigned **by the store, inside the transaction that stores the event**.
//! * **Commit order is `seq` order**: once an event at `seq = n` can be read, every event below
//!   `n` can be read too. Sessions skip what they have already sent (`seq <= last_sent`), so an
//!   event that became visible after a higher one would be lost to them.
//! * A viewer's stream is the subsequence of events it may see (`events_after`); it has holes
//!   where other viewers' events are, and is still ordered by `seq`.
//! * `epoch` names the history: it changes only when the history clients resume from is gone
//!   (a new database). Resuming with another epoch gets `resync_required`.
//! * Several writers on several nodes meet this by serialising the assignment on one counter
//!   row locked in the storing transaction and held to commit (the multi-node design, §4):
//!   the next writer cannot take `n + 1` before `n` is committed and visible.
//! * A delivery is durable (on disk, `synchronous=FULL` or equivalent) when `ingest` returns
//!   `Ok` for it; only then is it acknowledged to the PBX and published.

#[cfg(test)]
mod contract;
mod sqlite;

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use callcard_domain::{Delivery, IngestOutcome, PublishedEvent, Viewer};
use callcard_protocol::{
    Agent, Call, ContactInfo, OutcomeOption, ProviderId, Reminder, Role, TeamMember, WebhookTally,
};
use chrono::{DateTime, Utc};

pub use callcard_domain::board::AgentPresence;
pub use callcard_domain::outcomes::{OutcomeRequest, OutcomeResult};
pub use sqlite::{restore as restore_sqlite, SqliteStore};

/// What went wrong in a store, named without its driver: adapters map their driver's errors at
/// the edge.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// The database could not do it now (I/O, locked, connection lost): worth retrying.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The request cannot be stored as asked (a constraint, a value out of range).
    #[error("{0}")]
    Invalid(String),
}

impl From<callcard_domain::Corrupt> for StoreError {
    fn from(e: callcard_domain::Corrupt) -> StoreError {
        StoreError::Corrupt(e.0)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone)]
pub struct NewAgent {
    pub name: String,
    /// The agent's user id on each PBX, by provider id (`zadarma` → extension, `itoolabs` →
    /// login, `uis` → employee id…).
    pub pbx_users: BTreeMap<String, String>,
    pub role: Role,
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

/// A stored webhook that did not parse cleanly (for the admins to look at).
#[derive(Debug, Clone, PartialEq)]
pub struct FlaggedWebhook {
    pub id: i64,
    pub provider: ProviderId,
    pub event: String,
    pub received_at: DateTime<Utc>,
    pub problems: Vec<String>,
    /// The fields as stored (secrets removed).
    pub fields: String,
}

/// The call-event history: writes that make events, and the reads clients resume from.
#[async_trait]
pub trait EventLog: Send + Sync {
    /// Names this history; changes when the history clients resume from is gone.
    fn epoch(&self) -> &str;

    /// Makes a batch of deliveries durable in one transaction, in order. A delivery that fails
    /// on its own is rolled back alone (its result is an error, it takes no `seq`); the others
    /// still commit. `Err` for the whole batch: nothing was stored.
    async fn ingest(&self, batch: Vec<Delivery>) -> StoreResult<Vec<StoreResult<IngestOutcome>>>;

    /// Stores an outcome (with a new call event), or answers a repeated key from the first time.
    async fn log_outcome(&self, request: OutcomeRequest) -> StoreResult<OutcomeResult>;

    /// The newest event's sequence (0 for none).
    async fn head_seq(&self) -> StoreResult<u64>;

    /// Events after `after_seq` that `viewer` may see, oldest first, at most `limit`.
    async fn events_after(&self, viewer: Viewer, after_seq: u64, limit: u32) -> StoreResult<Vec<Arc<PublishedEvent>>>;
}

/// The current state of calls, as viewers may see it.
#[async_trait]
pub trait Calls: Send + Sync {
    /// Calls `viewer` may see (only unfinished ones if `active_only`), newest first, with the
    /// head sequence they are consistent with.
    async fn calls(&self, viewer: Viewer, active_only: bool, limit: u32) -> StoreResult<(u64, Vec<Call>)>;

    /// The call, if `viewer` may see it.
    async fn call(&self, viewer: Viewer, id: i64) -> StoreResult<Option<Call>>;

    /// Every call with `phone` (digits-only E.164), whoever had it, newest first: a client's
    /// journal, which every agent may read.
    async fn calls_with_phone(&self, phone: &str, limit: u32) -> StoreResult<Vec<Call>>;

    /// Numbers with missed incoming calls since `since`, newest first, each with whether a
    /// later call with it was answered.
    async fn missed_since(&self, since: DateTime<Utc>) -> StoreResult<Vec<callcard_protocol::MissedNumber>>;

    /// Calls `viewer` may see that match `filter`, newest first, at most `limit`.
    async fn history(&self, viewer: Viewer, filter: &HistoryFilter, limit: u32) -> StoreResult<Vec<Call>>;

    /// Ended calls `agent_id` handled that have no outcome yet, newest first.
    async fn unlogged_calls(&self, agent_id: i64, limit: u32) -> StoreResult<Vec<Call>>;

    /// Open missed-call reminders: for the agent they are assigned to, or all for supervisors.
    /// Numbers whose contact has no responsible agent go to `default_assignee`.
    async fn reminders(&self, viewer: Viewer, default_assignee: Option<i64>) -> StoreResult<Vec<Reminder>>;

    /// Calls of `provider` still in state `ringing` whose last event is older than `quiet_since`
    /// (candidates for `callcard_domain::missed`), oldest first, at most `limit`.
    async fn quiet_ringing_calls(
        &self,
        provider: &ProviderId,
        quiet_since: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<Call>>;
}

#[async_trait]
pub trait Agents: Send + Sync {
    async fn agent_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Agent>>;
    /// Adds agents with their token hashes in one transaction: all or none.
    async fn add_agents(&self, agents: &[(NewAgent, String)]) -> StoreResult<Vec<Agent>>;
    async fn add_agent(&self, agent: &NewAgent, token_hash: &str) -> StoreResult<Agent> {
        let mut added = self.add_agents(&[(agent.clone(), token_hash.to_string())]).await?;
        added.pop().ok_or_else(|| StoreError::Corrupt("insert returned no agent".into()))
    }
    async fn list_agents(&self) -> StoreResult<Vec<TeamMember>>;
    /// Finds an active agent by id, PBX user id (ITooLabs login, then Zadarma extension, then
    /// the others) or name, in that order.
    async fn find_agent(&self, ident: &str) -> StoreResult<Option<Agent>>;
    /// The active agent that is `user_id` on `provider`.
    async fn agent_by_pbx_user(&self, provider: &str, user_id: &str) -> StoreResult<Option<Agent>>;
    async fn revoke_agent(&self, id: i64) -> StoreResult<bool>;
    /// Gives an active agent a role; false if there is no such active agent.
    async fn set_agent_role(&self, id: i64, role: Role) -> StoreResult<bool>;
    /// Allows an active agent the app's blacklist button, or not; false if there is no such
    /// active agent.
    async fn set_may_blacklist(&self, id: i64, may: bool) -> StoreResult<bool>;
    /// Sets (or with `None` takes away) an active agent's user on `provider`; false if there is
    /// no such active agent. Callers check first that no other agent has the user.
    async fn set_pbx_user(&self, id: i64, provider: &str, user_id: Option<&str>) -> StoreResult<bool>;
}

/// Runtime settings as stored (by name, as text); names with no row take the config's value.
#[async_trait]
pub trait Settings: Send + Sync {
    async fn stored_settings(&self) -> StoreResult<BTreeMap<String, String>>;
    async fn save_setting(&self, name: &str, value: &str) -> StoreResult<()>;
}

/// A console sign-in as stored: the cookie only as its hash.
#[derive(Debug, Clone)]
pub struct NewAdminSession {
    pub id_hash: String,
    pub agent_id: i64,
    pub csrf: String,
}

/// The console's sign-in sessions.
#[async_trait]
pub trait AdminSessions: Send + Sync {
    async fn open_admin_session(&self, session: &NewAdminSession) -> StoreResult<()>;
    /// The session's active admin and CSRF token, if it was seen after `idle_since`; marks it
    /// seen now. A session past its idle time, of a revoked agent or of one no longer an admin
    /// is gone (deleted).
    async fn touch_admin_session(
        &self,
        id_hash: &str,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<(Agent, String)>>;
    async fn close_admin_session(&self, id_hash: &str) -> StoreResult<()>;
}

#[async_trait]
pub trait Contacts: Send + Sync {
    /// Adds contacts, or updates those with the same phone, in one transaction.
    async fn save_contacts(&self, contacts: &[NewContact]) -> StoreResult<Vec<(i64, Saved)>>;
    async fn contact_by_phone(&self, phone: &str) -> StoreResult<Option<ContactRecord>>;
    async fn list_contacts(&self, limit: u32) -> StoreResult<Vec<ContactRecord>>;
    /// Contacts whose name, company or number contains `query` (case-insensitive for ASCII).
    async fn search_contacts(&self, query: &str, limit: u32) -> StoreResult<Vec<ContactRecord>>;
    /// Makes the number's lead a client; false if it has no lead.
    async fn mark_client(&self, phone: &str) -> StoreResult<bool>;
}

#[async_trait]
pub trait Outcomes: Send + Sync {
    /// The outcome list, in order; retired codes only if asked.
    async fn outcome_options(&self, include_retired: bool) -> StoreResult<Vec<(OutcomeOption, bool)>>;
    /// Adds an outcome code or changes the one with the same code (and un-retires it).
    async fn save_outcome_option(&self, option: &OutcomeOption) -> StoreResult<Saved>;
    /// Retires a code: no longer offered, still shown on calls that carry it.
    async fn retire_outcome_option(&self, code: &str) -> StoreResult<bool>;
    /// Gives the offered codes the order of `codes`, which must name each of them once
    /// (`Invalid` otherwise, and nothing changes).
    async fn order_outcome_options(&self, codes: &[String]) -> StoreResult<()>;
    /// Words the starting outcomes in `language` (`labels`: each language's starting labels,
    /// code → label): a label still as the language applied before left it (at first the
    /// migration's English) becomes `language`'s; a label an admin changed stays. True if the
    /// language was not the one applied before.
    async fn word_default_outcomes(
        &self,
        language: &str,
        labels: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> StoreResult<bool>;
}

/// Line labels set in the console (by DID, digits-only E.164); DIDs with no row take the
/// config file's `[lines]` label.
#[async_trait]
pub trait Lines: Send + Sync {
    async fn stored_lines(&self) -> StoreResult<BTreeMap<String, String>>;
    async fn save_line(&self, did: &str, label: &str) -> StoreResult<()>;
    /// False if no label was stored for `did`.
    async fn remove_line(&self, did: &str) -> StoreResult<bool>;
}

/// A PBX key as stored: sealed by `crate::admin::secrets`, never in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSecret {
    pub provider: String,
    /// The config key it stands for (`api_secret`…).
    pub name: String,
    pub sealed: String,
}

/// PBX keys entered in the console.
#[async_trait]
pub trait ProviderSecrets: Send + Sync {
    async fn sealed_secrets(&self) -> StoreResult<Vec<SealedSecret>>;
    /// Saves `secrets` and deletes `removed` (provider, name) in one transaction.
    async fn save_sealed_secrets(&self, secrets: &[SealedSecret], removed: &[(String, String)]) -> StoreResult<()>;
}

/// A report's period: `[from, to)` in UTC, and the zone's offset that makes its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Seconds east of UTC of the report's time zone (at the period's start).
    pub day_shift_secs: i32,
}

/// What the store counts for a report (labels of lead sources are the caller's).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFigures {
    pub totals: callcard_protocol::ReportTotals,
    pub days: Vec<callcard_protocol::DayLine>,
    pub agents: Vec<callcard_protocol::AgentFigures>,
    pub outcomes: Vec<callcard_protocol::OutcomeCount>,
    pub lead_sources: Vec<callcard_protocol::SourceCount>,
}

/// Reports over ended calls, by their start time.
#[async_trait]
pub trait Reports: Send + Sync {
    async fn report_figures(&self, period: &ReportPeriod) -> StoreResult<ReportFigures>;
    /// The period's ended calls, oldest first (the CSV export).
    async fn report_calls(&self, period: &ReportPeriod) -> StoreResult<Vec<Call>>;
}

/// The raw webhooks as received.
#[async_trait]
pub trait Webhooks: Send + Sync {
    /// Webhooks that did not parse cleanly, newest first.
    async fn flagged_webhooks(&self, limit: u32) -> StoreResult<Vec<FlaggedWebhook>>;
    /// How many stored webhooks are flagged.
    async fn flagged_count(&self) -> StoreResult<u64>;
    /// Per provider id: the last webhook's time, how many were stored, how many are flagged.
    async fn webhook_tallies(&self) -> StoreResult<BTreeMap<String, WebhookTally>>;
}

/// The history search: every field narrows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryFilter {
    /// In the client's name or company, or (3 digits or more) the number.
    pub query: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub direction: Option<callcard_protocol::Direction>,
    pub missed: Option<bool>,
    pub outcome: Option<String>,
    /// Calls this agent was involved in (supervisors' filter).
    pub agent_id: Option<i64>,
    /// The next page: calls older than this id.
    pub before_id: Option<i64>,
}

/// What a prune removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub events: u64,
    pub webhooks: u64,
    pub calls: u64,
}

/// Keeping the database: backups and pruning past the admin's horizon.
#[async_trait]
pub trait Maintenance: Send + Sync {
    /// A consistent copy of the whole database in a new file, while the relay serves.
    async fn backup_to(&self, path: &std::path::Path) -> StoreResult<()>;
    /// Removes events and raw webhooks from before `events_before` (the newest event always
    /// stays), and ended calls from before `calls_before` whose events are gone.
    async fn prune(
        &self,
        events_before: Option<DateTime<Utc>>,
        calls_before: Option<DateTime<Utc>>,
    ) -> StoreResult<Pruned>;
    /// The newest position pruned (0: none): a client resuming from below it must reload.
    async fn pruned_through(&self) -> StoreResult<u64>;
}

/// Presence reported by the agents' apps: in the store, so every node's board agrees.
#[async_trait]
pub trait Presence: Send + Sync {
    async fn save_presence(&self, agent_id: i64, presence: &AgentPresence) -> StoreResult<()>;
    async fn presences(&self) -> StoreResult<BTreeMap<i64, AgentPresence>>;
}

/// Everything the relay stores. A caller that needs one role can take that role's trait.
pub trait Store:
    EventLog
    + Calls
    + Agents
    + Contacts
    + Outcomes
    + Lines
    + ProviderSecrets
    + Reports
    + Webhooks
    + Settings
    + AdminSessions
    + Presence
    + Maintenance
    + 'static
{
}

impl<
        T: EventLog
            + Calls
            + Agents
            + Contacts
            + Outcomes
            + Lines
            + ProviderSecrets
            + Reports
            + Webhooks
            + Settings
            + AdminSessions
            + Presence
            + Maintenance
            + 'static,
    > Store for T
{
}
