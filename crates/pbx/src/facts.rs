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

/// An agent as the PBX names it: by extension, by login, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentKey {
    pub extension: Option<String>,
    pub login: Option<String>,
}

impl AgentKey {
    pub fn is_empty(&self) -> bool {
        self.extension.is_none() && self.login.is_none()
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

/// A question the PBX asks and expects answered in the webhook's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Zadarma NOTIFY_START: reply `{"caller_name":…, "redirect":…}`.
    ZadarmaCaller { phone: String },
    /// ITooLabs `cmd=contact`: reply `{"contact_name":…, "responsible":…}`.
    ItoolabsContact { phone: String },
}

/// One verified, parsed webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    pub provider: ProviderId,
    /// The provider's event name (`NOTIFY_START`, `event/INCOMING`, `history`…), for logs.
    pub event: String,
    /// `None` for events that change no call (unknown or informational events).
    pub facts: Option<CallFacts>,
    pub lookup: Option<Lookup>,
}

/// Why a webhook was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    BadRequest(String),
}

pub(crate) fn parse_u32(field: &str, value: Option<&str>) -> Result<Option<u32>, WebhookError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| WebhookError::BadRequest(format!("field `{field}` is not a whole number: {v:?}"))),
    }
}
