//! Ringostat's parameter names and the aliases seen in real integrations (PROTOCOLS.md §4.3):
//! the admin ticks the parameters and may rename them, so `[ringostat.fields]` (our name →
//! their key) comes first.

use std::collections::BTreeMap;

use crate::chosen::{Aliases, Fields};
use crate::Form;

const ALIASES: Aliases = &[
    ("call_id", &["uniqueid", "call_id", "cdr_id"]),
    ("direction", &["call_type", "type"]),
    ("status", &["disposition", "status"]),
    // The client on an incoming call (may carry a display name).
    ("caller", &["caller", "caller_number", "number_e164"]),
    // The client on an outgoing call.
    ("callee", &["callee", "destination", "dst"]),
    // Our number: dialled by the client, or shown on an outgoing call.
    ("line", &["dst", "destination", "pool_name"]),
    ("outbound_number", &["outbound_number"]),
    ("duration", &["duration", "call_duration", "duration_call"]),
    ("talk", &["billsec", "dialog", "duration_conversation"]),
    ("wait", &["waittime", "waiting", "duration_waiting"]),
    ("date", &["calldate", "call_date", "date"]),
    ("timestamp", &["call_timestamp"]),
    // The employee, by SIP login or number: every one found is tried against the agents.
    (
        "employee_user",
        &["sip_login", "employee_sip", "sip", "employee_number", "staffid", "employee_id", "employee_estension"],
    ),
    ("employee_name", &["employee_fio", "employee"]),
    ("recording", &["recording", "recording_wav", "record"]),
    ("has_recording", &["has_recording", "recording_presence"]),
];

/// Our parameter names, for validating `[ringostat.fields]`.
pub fn known_names() -> impl Iterator<Item = &'static str> {
    ALIASES.iter().map(|(name, _)| *name)
}

/// Looks Ringostat parameters up in one webhook.
pub fn fields<'a>(form: &'a Form, mapping: &'a BTreeMap<String, String>) -> Fields<'a> {
    Fields::new(form, mapping, ALIASES)
}
