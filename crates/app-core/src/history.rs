//! The main window's history search and a client's journal: what the window asks for, and the
//! rows it gets back (the same rows as today's calls, so the same widgets draw them).

use callcard_pbx::phone::format_for_people;
use callcard_protocol::{ContactInfo, Direction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::desk::CallRow;

/// A history search; every field is optional (empty: no filter).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryQuery {
    /// In the client's name or company, or 3+ digits of the number.
    pub q: Option<String>,
    /// First and last day, `YYYY-MM-DD`, both included.
    pub from: Option<String>,
    pub to: Option<String>,
    pub direction: Option<Direction>,
    pub missed: Option<bool>,
    /// An outcome code.
    pub outcome: Option<String>,
    /// An agent id (supervisors only; the relay refuses it from agents).
    #[ts(type = "number | null")]
    pub agent: Option<i64>,
    /// The previous page's `next_before`.
    #[ts(type = "number | null")]
    pub before: Option<i64>,
}

impl HistoryQuery {
    /// The query string the relay's `GET /api/v1/calls/history` takes; empty fields left out.
    pub fn pairs(&self, limit: u32) -> Vec<(&'static str, String)> {
        let text = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let direction = self.direction.and_then(|d| match d {
            Direction::Incoming => Some("incoming".to_string()),
            Direction::Outgoing => Some("outgoing".to_string()),
            _ => None,
        });
        [
            ("q", text(&self.q)),
            ("from", text(&self.from)),
            ("to", text(&self.to)),
            ("direction", direction),
            ("missed", self.missed.map(|m| m.to_string())),
            ("outcome", text(&self.outcome)),
            ("agent", self.agent.map(|a| a.to_string())),
            ("before", self.before.map(|b| b.to_string())),
            ("limit", Some(limit.to_string())),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v)))
        .collect()
    }
}

/// One page of the history as the window shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryView {
    pub rows: Vec<CallRow>,
    /// Pass as `before` for the next page; `null` on the last one.
    #[ts(type = "number | null")]
    pub next_before: Option<i64>,
}

/// A client's journal: who they are and every call with their number, whichever agent had it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JournalView {
    /// Digits-only E.164, for dialling.
    pub phone: String,
    /// The number for people.
    pub number: String,
    pub contact: Option<ContactInfo>,
    pub rows: Vec<CallRow>,
}

impl JournalView {
    pub fn new(phone: String, contact: Option<ContactInfo>, rows: Vec<CallRow>) -> JournalView {
        JournalView { number: format_for_people(&phone), phone, contact, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_sends_only_what_is_filled_in() {
        let query = HistoryQuery {
            q: Some("  Petrov ".into()),
            from: Some("".into()),
            to: Some("2026-12-07".into()),
            direction: Some(Direction::Outgoing),
            missed: Some(false),
            agent: Some(3),
            before: Some(120),
            ..HistoryQuery::default()
        };
        let pairs = query.pairs(50);
        let expected = [
            ("q", "Petrov"),
            ("to", "2026-12-07"),
            ("direction", "outgoing"),
            ("missed", "false"),
            ("agent", "3"),
            ("before", "120"),
            ("limit", "50"),
        ];
        assert_eq!(pairs.iter().map(|(n, v)| (*n, v.as_str())).collect::<Vec<_>>(), expected);
        assert_eq!(HistoryQuery::default().pairs(20), [("limit", "20".to_string())]);
    }

    #[test]
    fn a_journal_shows_the_number_for_people() {
        let view = JournalView::new("79991234567".into(), None, vec![]);
        assert_eq!(view.number, "+7 999 123-45-67");
    }
}
