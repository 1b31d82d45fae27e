//! The normalised result of parsing one provider webhook.

use callcard_protocol::{Direction, Disposition, ProviderId};
use chrono::{DateTime, Utc};

/// What a webhook says happened to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The call reached the PBX (Zadarma NOTIFY_START).
    Started,
    /// An agent's phone started ringing (Zadarma NOTIFY_INTERNAL, ITooLabs INCOMING) or an agent
    /// started dialling out (Zadarma NOTIFY_OUT_START, ITooLabs OUTGOING).
    Ringing,
    /// An agent's phone stopped ringing without answering (ITooLabs CANCELLED).
    RingingStopped,
    Answered,
    Transferred,
    Ended,
    RecordingReady,
}

/// An agent as the PBX names it. Matched only against agents' ids on the same PBX: extension
/// "100" on one PBX is not "100" on another.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentKey {
    /// The PBX's ids for the user, best first (ITooLabs: login, then extension).
    pub ids: Vec<String>,
    /// As the PBX named it, kept on the call when no agent matches.
    pub extension: Option<String>,
    pub login: Option<String>,
    /// An id that is neither an extension nor a login (a UIS employee id).
    pub other: Option<String>,
}

impl AgentKey {
    /// A user known by its extension (Zadarma).
    pub fn extension(ext: &str) -> AgentKey {
        AgentKey { ids: vec![ext.to_string()], extension: Some(ext.to_string()), ..Default::default() }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingFacts {
    pub id: Option<String>,
    pub url: Option<String>,
    pub ready: bool,
}

/// Facts about one call carried by one webhook. Fields the webhook does not carry are `None`;
/// the relay merges facts into the stored call without overwriting what it already knows.
#[derive(Debug, Clone, PartialEq)]
pub struct CallFacts {
    pub provider: ProviderId,
    pub call_id: String,
    pub step: Step,
    pub direction: Option<Direction>,
    /// The client's number as sent (not normalised).
    pub client_phone: Option<String>,
    /// Our line (DID) as sent.
    pub line: Option<String>,
    pub agent: Option<AgentKey>,
    pub started_at: Option<DateTime<Utc>>,
    pub duration_secs: Option<u32>,
    pub disposition: Option<Disposition>,
    pub recording: Option<RecordingFacts>,
}

impl CallFacts {
    pub fn new(provider: ProviderId, call_id: impl Into<String>, step: Step) -> Self {
        CallFacts {
            provider,
            call_id: call_id.into(),
            step,
            direction: None,
            client_phone: None,
            line: None,
            agent: None,
            started_at: None,
            duration_secs: None,
            disposition: None,
            recording: None,
        }
    }
}
