//! `GET /api/v1/admin/reports?from=&to=`: the period's figures (supervisors and admins), as the
//! store computes them. Days are the relay's `[reports] timezone` days; `to` is included.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The IANA zone the days are counted in.
    pub timezone: String,
    pub totals: ReportTotals,
    /// Calls per day and line (the call-tracking source), days in order.
    pub days: Vec<DayLine>,
    pub agents: Vec<AgentFigures>,
    pub outcomes: Vec<OutcomeCount>,
    /// New leads per source line.
    pub lead_sources: Vec<SourceCount>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTotals {
    pub calls: u32,
    pub incoming: u32,
    pub outgoing: u32,
    /// Incoming calls someone answered.
    pub answered: u32,
    pub missed: u32,
    /// Talk time of answered calls, as the PBX reports it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub talk_secs: u64,
    pub new_leads: u32,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayLine {
    pub day: NaiveDate,
    /// Digits-only E.164; absent for calls that named no line.
    pub line: Option<String>,
    pub line_label: Option<String>,
    pub calls: u32,
    pub incoming: u32,
    pub answered: u32,
    pub missed: u32,
}

/// An agent's calls in the period: the calls that rang them or that they made.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentFigures {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub agent_id: i64,
    pub name: String,
    pub calls: u32,
    /// Calls this agent talked on (incoming answered by them, outgoing answered).
    pub answered: u32,
    /// Incoming calls that rang them and nobody answered.
    pub missed: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub talk_secs: u64,
    /// How long the callers they answered waited, on average.
    pub avg_wait_secs: Option<f64>,
    /// Their calls with an outcome logged.
    pub with_outcome: u32,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeCount {
    pub code: String,
    pub label: String,
    pub calls: u32,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCount {
    pub line: Option<String>,
    pub line_label: Option<String>,
    pub leads: u32,
}
