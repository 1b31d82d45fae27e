//! `GET /api/v1/admin/board`: the supervisor's live board. A snapshot: clients keep it live from
//! the call events they receive anyway (supervisors get every call) and tick timers locally.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Call, ContactInfo, Role};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    /// The relay's clock when the board was made (timers run from it).
    pub server_time: DateTime<Utc>,
    pub agents: Vec<BoardAgent>,
    /// Incoming calls ringing now and nobody has answered, longest waiting first.
    pub waiting: Vec<Call>,
    /// Today's (`[reports] timezone`) missed calls, by number, newest first.
    pub missed_today: Vec<MissedNumber>,
}

/// What an agent is doing, as the calls say.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentActivity {
    Free,
    Ringing,
    Talking,
    /// Between calls, logging the last one (the app's wrap-up card is open).
    WrapUp,
    /// The agent turned do-not-disturb on in the app.
    DoNotDisturb,
    #[serde(other)]
    Unknown,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardAgent {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub activity: AgentActivity,
    /// The call they are ringing for or talking on.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub call_id: Option<i64>,
    /// Since when (the ring's start, the answer, the wrap-up's or do-not-disturb's start).
    pub since: Option<DateTime<Utc>>,
    /// Who is on that call: the number, and the contact's name if known.
    pub client_phone: Option<String>,
    pub client_name: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissedNumber {
    pub phone: String,
    pub contact: Option<ContactInfo>,
    pub missed_calls: u32,
    pub last_missed_at: DateTime<Utc>,
    /// A later call with the number was answered (either direction).
    pub called_back: bool,
}

/// `PUT /api/v1/presence`: what an agent's app says about them, for the live board.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceRequest {
    pub do_not_disturb: bool,
    /// Seconds of wrap-up still ahead (the card's close delay); 0: not in wrap-up. The relay
    /// counts it down itself, so an app that vanishes does not stay in wrap-up.
    #[serde(default)]
    pub wrap_up_secs: u32,
}
