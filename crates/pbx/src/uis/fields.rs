//! UIS's variable names and their aliases (PROTOCOLS.md §3.4): the customer writes the template,
//! so the keys are theirs; `[uis.fields]` (our name → their key) for renamed ones.

use std::collections::BTreeMap;

use crate::chosen::{Aliases, Fields};
use crate::Form;

/// Our names, each with the keys tried after the admin's mapping, best first. Keys whose
/// meaning flips with the direction (`calling_phone_number` is the employee on an outgoing
/// call) are not aliases: map them in `[uis.fields]` if a template uses them.
const ALIASES: Aliases = &[
    ("call_session_id", &["call_session_id", "cdr_id", "session_id"]),
    ("contact_phone_number", &["contact_phone_number", "contact_phone", "numa"]),
    ("virtual_phone_number", &["virtual_phone_number", "virtual_number", "numb"]),
    ("employee_id", &["employee_id", "operator_id"]),
    ("employee_ids", &["employee_ids"]),
    ("last_talked_employee_id", &["last_talked_employee_id"]),
    ("employee_full_name", &["employee_full_name", "employee_name"]),
    ("leg_id", &["leg_id"]),
    ("leg_ids", &["leg_ids"]),
    ("direction", &["direction"]),
    ("is_lost", &["is_lost"]),
    ("is_transfer", &["is_transfer", "is_transfered"]),
    ("talk_time_duration", &["talk_time_duration", "talk_duration"]),
    ("wait_time_duration", &["wait_time_duration", "wait_duration"]),
    ("total_time_duration", &["total_time_duration", "total_duration"]),
    ("file_link", &["file_link", "full_record_file_link", "record_file_link"]),
    ("notification_time", &["notification_time"]),
    ("start_time", &["start_time"]),
    ("notification_name", &["notification_name"]),
    ("notification_mnemonic", &["notification_mnemonic"]),
    ("numa", &["numa", "contact_phone_number", "calling_phone_number"]),
    ("numb", &["numb", "virtual_phone_number", "called_phone_number"]),
];

/// Our variable names, for validating `[uis.fields]`.
pub fn known_names() -> impl Iterator<Item = &'static str> {
    ALIASES.iter().map(|(name, _)| *name)
}

/// Looks UIS variables up in one notification.
pub fn fields<'a>(form: &'a Form, mapping: &'a BTreeMap<String, String>) -> Fields<'a> {
    Fields::new(form, mapping, ALIASES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admins_key_then_aliases_and_null_is_nothing() {
        let form = Form::from_pairs([
            ("session", "77"),
            ("call_session_id", "1"),
            ("numa", "79035550101"),
            ("employee_id", "null"),
        ]);
        let none = BTreeMap::new();
        let found = fields(&form, &none);
        assert_eq!(found.get("call_session_id"), Some("1"));
        assert_eq!(found.get("contact_phone_number"), Some("79035550101"));
        assert_eq!(found.get("employee_id"), None);
        let mapping = BTreeMap::from([("call_session_id".to_string(), "session".to_string())]);
        let found = fields(&form, &mapping);
        assert_eq!(found.get("call_session_id"), Some("77"));
        assert_eq!(found.key_of("call_session_id"), "session");
    }
}
