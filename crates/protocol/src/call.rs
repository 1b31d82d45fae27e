//! The one call model every provider's traffic is normalised into.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The relay's own id of a call (stable, assigned when the first event of the call arrives).
pub type CallId = i64;

/// Which PBX the call came through: an open id (`"zadarma"`, `"itoolabs"`, later `"uis"`,
/// `"ringostat"`…), so a client accepts providers added after it was built.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProviderId(String);

impl ProviderId {
    pub const ZADARMA: &'static str = "zadarma";
    pub const ITOOLABS: &'static str = "itoolabs";
    pub const UIS: &'static str = "uis";
    pub const RINGOSTAT: &'static str = "ringostat";

    pub fn new(id: impl Into<String>) -> ProviderId {
        ProviderId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ProviderId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for ProviderId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ProviderId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Incoming,
    Outgoing,
    /// A value this version does not know (sent by a newer relay).
    #[serde(other)]
    Unknown,
}

/// Life cycle of a call. Ordered: a call never moves backwards (late or repeated events are
/// merged without regressing the state).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallState {
    Ringing,
    Answered,
    Ended,
    /// A state this version does not know (sent by a newer relay). The relay never produces it.
    #[serde(other)]
    Unknown,
}

/// How an ended call ended, normalised across providers.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Answered,
    /// Incoming call nobody answered.
    Missed,
    Busy,
    NoAnswer,
    Cancelled,
    Failed,
    NoMoney,
    Unallocated,
    LineLimit,
    Transferred,
    /// A provider value the relay does not know; the raw value is kept.
    Other(String),
    /// A disposition this client version does not know (sent by a newer relay), as its JSON.
    #[serde(untagged)]
    Unknown(String),
}

/// Reads every known disposition, and anything else as [`Disposition::Unknown`]: a newer relay
/// may send values (or shapes) this version has never seen.
impl<'de> Deserialize<'de> for Disposition {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Known {
            Answered,
            Missed,
            Busy,
            NoAnswer,
            Cancelled,
            Failed,
            NoMoney,
            Unallocated,
            LineLimit,
            Transferred,
            Other(String),
        }
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(match Known::deserialize(&value) {
            Ok(Known::Answered) => Disposition::Answered,
            Ok(Known::Missed) => Disposition::Missed,
            Ok(Known::Busy) => Disposition::Busy,
            Ok(Known::NoAnswer) => Disposition::NoAnswer,
            Ok(Known::Cancelled) => Disposition::Cancelled,
            Ok(Known::Failed) => Disposition::Failed,
            Ok(Known::NoMoney) => Disposition::NoMoney,
            Ok(Known::Unallocated) => Disposition::Unallocated,
            Ok(Known::LineLimit) => Disposition::LineLimit,
            Ok(Known::Transferred) => Disposition::Transferred,
            Ok(Known::Other(raw)) => Disposition::Other(raw),
            Err(_) => Disposition::Unknown(match value {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            }),
        })
    }
}

/// A registered agent (manager) as the relay knows it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub extension: Option<String>,
    pub login: Option<String>,
    /// True for supervisors and admins: they see every call. Older relays send only this.
    pub supervisor: bool,
    /// Absent from older relays: read as `agent` (their `supervisor` still says who sees all).
    #[serde(default)]
    pub role: crate::Role,
    /// The agent's user id on each PBX, by provider id (`{"zadarma": "100", "uis": "323409"}`):
    /// a webhook names an agent only by its own provider's id. `extension` and `login` repeat
    /// the Zadarma and ITooLabs ids for older clients.
    #[serde(default)]
    pub pbx_users: std::collections::BTreeMap<String, String>,
    /// May put numbers on the blacklist from the app (the card's and a call row's button);
    /// always true for supervisors and admins. Absent from older relays: read as false.
    #[serde(default)]
    pub may_blacklist: bool,
}

/// Who handled (or is ringing for) a call. `agent_id` is empty when the PBX named a user that no
/// registered agent has on that PBX; the PBX's own names for it are kept.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRef {
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub agent_id: Option<i64>,
    pub name: Option<String>,
    pub extension: Option<String>,
    pub login: Option<String>,
    /// The PBX's id of the user when it is neither an extension nor a login (a UIS employee id).
    #[serde(default)]
    pub pbx_user: Option<String>,
}

/// The client (caller or callee) as found in the relay's contact store.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInfo {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    /// Name of the responsible agent, if any.
    pub responsible: Option<String>,
    pub blacklisted: bool,
    /// A lead (created for a new number) or a client. Absent from older relays: a client.
    #[serde(default)]
    pub status: ContactStatus,
    /// For leads: the line (DID) the number first called or was called from: its source.
    #[serde(default)]
    pub source_line: Option<String>,
}

/// Whether a contact is a lead the relay made for a new number, or a client.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactStatus {
    #[default]
    Client,
    Lead,
    #[serde(other)]
    Unknown,
}

/// A call recording. `ready` becomes true when the provider says the file can be fetched.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recording {
    /// Provider's recording id (Zadarma `call_id_with_rec`), if it has one.
    pub id: Option<String>,
    /// Direct link, for providers that push one (ITooLabs `link`). Kept on the relay: always
    /// `null` in what clients receive.
    pub url: Option<String>,
    pub ready: bool,
}

/// A snapshot of one call, as sent in every event and by the snapshot API.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: CallId,
    pub provider: ProviderId,
    /// Provider's correlation id (Zadarma `pbx_call_id`, ITooLabs `callid`).
    pub provider_call_id: String,
    pub direction: Direction,
    pub state: CallState,
    /// Set once the call has ended.
    pub disposition: Option<Disposition>,
    /// An incoming call that ended without being answered.
    pub missed: bool,
    /// The client's number, digits-only E.164 (no `+`); `None` for a hidden number.
    pub client_phone: Option<String>,
    /// Our line (DID) the client called, or the line used for an outgoing call.
    pub line: Option<String>,
    /// The admin's label for `line`, if configured.
    pub line_label: Option<String>,
    /// The agent who answered (incoming) or dialled (outgoing).
    pub agent: Option<AgentRef>,
    /// Agents whose phones are ringing right now.
    pub ringing: Vec<AgentRef>,
    pub contact: Option<ContactInfo>,
    pub started_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Total call length in seconds as reported by the provider at the end.
    pub duration_secs: Option<u32>,
    pub recording: Option<Recording>,
    /// What the manager logged about the call (the wrap-up outcome), once logged.
    #[serde(default)]
    pub outcome: Option<LoggedOutcome>,
    /// Sequence number of the last event that changed this call; a client merging a snapshot
    /// with live events keeps whichever is newer.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: u64,
}

impl Call {
    /// The call as clients are sent it: a provider's recording link is a credential (UIS and
    /// Ringostat links open the file to whoever holds them), so it stays on the relay, which
    /// streams the recording itself.
    pub fn for_clients(mut self) -> Call {
        if let Some(recording) = &mut self.recording {
            recording.url = None;
        }
        self
    }
}

/// An outcome logged for a call: one of the admin's outcome codes, an optional note, who and when.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedOutcome {
    pub code: String,
    /// The code's label when it was logged (kept even if the admin renames the code later).
    pub label: String,
    pub colour: String,
    pub note: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub agent_id: i64,
    pub agent_name: String,
    pub logged_at: DateTime<Utc>,
}
