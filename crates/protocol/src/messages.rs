//! WebSocket messages and REST payloads.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Agent, Call, ErrorCode};

/// A point in the relay's event history. `epoch` names the history itself: a client holding a
/// position from another epoch cannot resume from it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub epoch: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: u64,
}

/// What happened to the call in this event (the call snapshot says where it is now).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Ringing,
    Answered,
    Ended,
    RecordingReady,
    /// Any other change (a leg stopped ringing, a transfer, details filled in late).
    Updated,
    /// A kind this version does not know (sent by a newer relay): decide from `call`.
    #[serde(other)]
    Unknown,
}

/// One durable call event.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallEvent {
    pub epoch: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: u64,
    pub kind: EventKind,
    /// When the relay accepted the webhook that caused this event.
    pub at: DateTime<Utc>,
    pub call: Call,
}

/// Relay → client. (Messages are serialised as soon as they are built, so the size gap
/// between variants costs nothing worth boxing for.)
#[allow(clippy::large_enum_variant)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// First message on every connection.
    Hello {
        protocol: u32,
        epoch: String,
        /// Sequence of the newest event in the store.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        head_seq: u64,
        agent: Agent,
        server_time: DateTime<Utc>,
    },
    /// Answer to `subscribe`: events after `from_seq` follow, replayed ones first, in order.
    Subscribed {
        epoch: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        from_seq: u64,
    },
    /// The position the client presented cannot be resumed (another epoch, or history pruned).
    /// Live events after `head_seq` follow; the client reloads its snapshot
    /// (`GET /api/v1/calls/active` and `/api/v1/calls/recent`).
    ResyncRequired {
        epoch: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        head_seq: u64,
        reason: String,
    },
    Event(CallEvent),
    Error {
        code: ErrorCode,
        /// An English sentence for logs.
        message: String,
        #[serde(default)]
        params: crate::ErrorParams,
    },
}

/// Client → relay.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// Start receiving events: after `resume` if given, else from the current head.
    Subscribe { protocol: u32, resume: Option<Position> },
}

/// `GET /api/v1/calls/active` and `GET /api/v1/calls/recent`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallsSnapshot {
    /// The history position this snapshot is consistent with: subscribing with it as `resume`
    /// delivers exactly the events that came after.
    pub position: Position,
    pub calls: Vec<Call>,
}

/// `POST /api/v1/contacts`: an agent adds (or corrects) the contact for a number, e.g. from the
/// "New number" card. The creating agent becomes the responsible one unless the contact already
/// has one.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContactRequest {
    /// The number in any human format; the relay normalises it.
    pub phone: String,
    pub name: String,
    pub company: Option<String>,
}

/// Answer to `POST /api/v1/contacts`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactSaved {
    /// Digits-only E.164.
    pub phone: String,
    pub contact: crate::ContactInfo,
    /// False when a contact with this number existed and was updated.
    pub created: bool,
}

/// One of the admin's outcome codes, as the card shows it (`GET /api/v1/outcomes`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeOption {
    pub code: String,
    pub label: String,
    /// A CSS colour, e.g. `#2e7d32`.
    pub colour: String,
    pub order: i32,
    /// Logging it makes the call's lead a client. Absent from older relays: false.
    #[serde(default)]
    pub converts: bool,
}

/// `POST /api/v1/calls/{id}/outcome`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogOutcomeRequest {
    pub code: String,
    pub note: Option<String>,
    /// Chosen by the client once per click: a retried request with the same key is stored once
    /// and answered with the first result.
    pub idempotency_key: String,
}

/// Answer to `POST /api/v1/calls/{id}/outcome`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeSaved {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub call_id: crate::CallId,
    pub outcome: crate::LoggedOutcome,
    /// True when this key had been seen before: nothing new was stored.
    pub replayed: bool,
}

/// `POST /api/v1/dial`: ring the agent's phone, then connect it to `to`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialRequest {
    /// The number in any human format; the relay normalises it.
    pub to: String,
}

/// Answer to `POST /api/v1/dial`: the PBX accepted the callback request. The call's own events
/// (and its "Calling …" card) follow over the WebSocket.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialStarted {
    /// Digits-only E.164.
    pub to: String,
    pub provider: crate::ProviderId,
    /// The agent's extension or login the PBX rings first.
    pub from: String,
}

/// A client who called and was not reached yet (`GET /api/v1/reminders`). It closes by itself
/// when a later call with that number is answered, in either direction.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Digits-only E.164.
    pub phone: String,
    pub contact: Option<crate::ContactInfo>,
    /// Missed calls from this number since it was last reached.
    pub missed_calls: u32,
    pub first_missed_at: DateTime<Utc>,
    pub last_missed_at: DateTime<Utc>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub last_call_id: crate::CallId,
    /// The agent who should call back: the contact's responsible, else the admin's default.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
}

/// One contact found by `GET /api/v1/contacts?q=…`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEntry {
    /// Digits-only E.164.
    pub phone: String,
    pub contact: crate::ContactInfo,
}

/// `GET /api/v1/contacts/{phone}/calls`: a client's journal, every call with the number
/// whichever agent had it, newest first. A call's `recording` is left out where this agent may
/// not play it (another agent's call, unless the admin allows it).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    pub phone: String,
    pub contact: Option<crate::ContactInfo>,
    pub calls: Vec<crate::Call>,
}

/// `GET /api/v1/calls/history`: one page of calls, newest first.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub calls: Vec<crate::Call>,
    /// Pass as `before` for the next page; absent on the last one.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub next_before: Option<i64>,
}
