//! One UIS notification → [`CallFacts`] (PROTOCOLS.md §3.4, §3.11). The event kind comes from
//! the URL (one notification per URL), never from `notification_mnemonic` or the name the
//! customer typed.

use callcard_protocol::{Direction, Disposition, ProviderId};
use chrono_tz::Tz;

use crate::chosen::{content_key, dedup_scope, parse_time, Fields, Reading};
use crate::{AgentKey, CallFacts, Form, Lookup, RecordingFacts, Step, Webhook};

/// The event kinds of `/hooks/uis/{secret}/{event}`.
pub const EVENTS: &[&str] = &["inbound", "ringing", "answered", "ended", "lost", "outbound", "recording", "route"];

fn provider() -> ProviderId {
    ProviderId::new(ProviderId::UIS)
}

fn direction(r: &mut Reading) -> Option<Direction> {
    r.parsed("direction", "in or out", |raw| match raw.to_ascii_lowercase().as_str() {
        "in" | "incoming" | "inbound" => Some(Direction::Incoming),
        "out" | "outgoing" | "outbound" => Some(Direction::Outgoing),
        _ => None,
    })
}

/// A UIS employee, by id.
fn employee(r: &Reading, name: &str) -> Option<AgentKey> {
    let id = r.id(name)?;
    Some(AgentKey { ids: vec![id.clone()], other: Some(id), ..Default::default() })
}

/// Reads one notification of kind `event` (one of [`EVENTS`]).
pub fn parse_notification(event: &str, form: &Form, fields: Fields, zone: Tz) -> Webhook {
    let mut r = Reading::new(fields);
    let (facts, lookup) = if event == "route" {
        let caller = r.required("numa").map(|numa| Lookup { caller: numa.to_string() });
        (None, caller)
    } else {
        (facts(event, &mut r, zone), None)
    };
    // Without a time in the body the same fields later in the call are news (a second ring
    // of the same employee), so only the call's latest notification counts as a repeat.
    Webhook {
        provider: provider(),
        event: event.to_string(),
        facts,
        lookup,
        dedup_scope: dedup_scope(r.get("notification_time").is_some()),
        content_key: content_key(form, event, ProviderId::UIS),
        stored_fields: form.stored_json(&[]),
        problems: r.problems,
    }
}

fn facts(event: &str, r: &mut Reading, zone: Tz) -> Option<CallFacts> {
    let step = match event {
        "inbound" => Step::Started,
        "ringing" | "outbound" => Step::Ringing,
        "answered" => Step::Answered,
        "ended" | "lost" => Step::Ended,
        "recording" => Step::RecordingReady,
        _ => return None,
    };
    let call_id = r.id("call_session_id");
    if call_id.is_none() {
        r.required("call_session_id");
    }
    let mut f = CallFacts::new(provider(), call_id?, step);
    f.direction = match event {
        "inbound" | "lost" => Some(Direction::Incoming),
        "outbound" => Some(Direction::Outgoing),
        _ => direction(r),
    };
    f.client_phone = r.get("contact_phone_number").map(str::to_string);
    f.line = r.get("virtual_phone_number").map(str::to_string);
    if matches!(event, "inbound" | "outbound" | "ringing") {
        let time = if r.get("start_time").is_some() { "start_time" } else { "notification_time" };
        f.started_at = r.parsed(time, "a date and time", |raw| parse_time(raw, zone));
    }
    match event {
        "ringing" | "answered" | "outbound" => f.agent = employee(r, "employee_id"),
        "ended" => ended(&mut f, r),
        "lost" => f.disposition = Some(Disposition::Missed),
        "recording" => {
            let url = r.required("file_link").map(str::to_string);
            f.recording = Some(RecordingFacts { id: None, url, ready: true });
        }
        _ => {}
    }
    Some(f)
}

/// Call finished: `is_lost` says missed or not (seed 002); talk seconds > 0 means answered
/// whatever the flag says. The agent is who talked last (after a transfer), else the employee.
fn ended(f: &mut CallFacts, r: &mut Reading) {
    let talk = r.seconds("talk_time_duration");
    let lost = r.flag("is_lost");
    let answered = match (talk, lost) {
        (Some(secs), _) if secs > 0 => Some(true),
        (_, Some(lost)) => Some(!lost),
        (Some(0), None) => Some(false),
        _ => None,
    };
    f.duration_secs = talk;
    f.disposition = match answered {
        Some(true) => Some(Disposition::Answered),
        Some(false) if f.direction == Some(Direction::Outgoing) => Some(Disposition::NoAnswer),
        Some(false) if f.direction == Some(Direction::Incoming) => Some(Disposition::Missed),
        // Without a direction the call's own decides (an outgoing call is not "missed").
        Some(false) => None,
        None => {
            r.required("is_lost");
            None
        }
    };
    if answered == Some(true) {
        f.agent = employee(r, "last_talked_employee_id").or_else(|| employee(r, "employee_id"));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::chosen::{flatten, parse_json};
    use crate::DedupScope;

    fn hook(event: &str, body: &str) -> Webhook {
        let form = flatten(&parse_json(body.as_bytes()).unwrap());
        let none = BTreeMap::new();
        parse_notification(event, &form, crate::uis::fields::fields(&form, &none), chrono_tz::Europe::Moscow)
    }

    #[test]
    fn waiting_for_the_answer_pops_the_card_for_the_employee() {
        // PROTOCOLS.md §3.5's example.
        let h = hook(
            "ringing",
            r#"{"notification_name": "CRM ringing", "notification_time": "2024-06-03 09:15:02.481",
             "virtual_phone_number": "74951112233", "contact_phone_number": "79035550101", "contact_id": null,
             "employee_id": 4711, "employee_full_name": "Петрова Анна", "leg_id": 901234567,
             "call_session_id": 3123456789, "direction": "in", "call_source": "va", "external_id": null}"#,
        );
        assert!(h.problems.is_empty(), "{:?}", h.problems);
        let f = h.facts.unwrap();
        assert_eq!((f.step, f.call_id.as_str(), f.direction), (Step::Ringing, "3123456789", Some(Direction::Incoming)));
        assert_eq!(f.agent.unwrap().ids, ["4711"]);
        assert_eq!(f.client_phone.as_deref(), Some("79035550101"));
        assert_eq!(f.line.as_deref(), Some("74951112233"));
        assert_eq!(f.started_at.unwrap().to_rfc3339(), "2024-06-03T06:15:02.481+00:00");
        assert_eq!(h.dedup_scope, DedupScope::Everything);
    }

    #[test]
    fn call_finished_lost_or_talked() {
        let lost = hook(
            "ended",
            r#"{"call_session_id": "5", "is_lost": true, "talk_time_duration": 0, "employee_id": 9, "direction": "in"}"#,
        );
        let f = lost.facts.unwrap();
        assert_eq!((f.step, f.disposition.clone(), f.agent.clone()), (Step::Ended, Some(Disposition::Missed), None));
        let talked = hook(
            "ended",
            r#"{"call_session_id": 5, "is_lost": "false", "talk_time_duration": "31", "employee_id": 9, "last_talked_employee_id": 12}"#,
        );
        let f = talked.facts.unwrap();
        assert_eq!((f.disposition, f.duration_secs), (Some(Disposition::Answered), Some(31)));
        assert_eq!(f.agent.unwrap().ids, ["12"], "who talked last, after a transfer");
        // Talk seconds win over a flag that says lost.
        let f = hook("ended", r#"{"call_session_id": 5, "is_lost": true, "talk_time_duration": 4}"#).facts.unwrap();
        assert_eq!(f.disposition, Some(Disposition::Answered));
        let f = hook("ended", r#"{"call_session_id": 5, "is_lost": true, "direction": "out"}"#).facts.unwrap();
        assert_eq!(f.disposition, Some(Disposition::NoAnswer));
        let h = hook("ended", r#"{"call_session_id": 5, "is_lost": true}"#);
        assert_eq!((h.facts.unwrap().disposition, h.problems.len()), (None, 0), "the stored call's direction decides");
    }

    #[test]
    fn what_does_not_parse_is_noted_and_the_rest_applied() {
        let h = hook("ended", r#"{"call_session_id": 5, "is_lost": "perhaps", "talk_time_duration": "long"}"#);
        assert_eq!(h.problems.len(), 2, "{:?}", h.problems);
        let f = h.facts.unwrap();
        assert_eq!((f.step, f.disposition), (Step::Ended, None));
        let h = hook("ringing", r#"{"employee_id": 5}"#);
        assert_eq!((h.facts, h.problems), (None, vec!["missing field `call_session_id`".to_string()]));
    }

    #[test]
    fn lost_recording_outbound_and_route() {
        let f = hook("lost", r#"{"call_session_id": 7, "employee_ids": [1, 2]}"#).facts.unwrap();
        assert_eq!(
            (f.step, f.disposition, f.direction),
            (Step::Ended, Some(Disposition::Missed), Some(Direction::Incoming))
        );
        let f =
            hook("recording", r#"{"call_session_id": 7, "file_link": "https://media.uiscom.ru/7/abc"}"#).facts.unwrap();
        assert_eq!(f.recording.unwrap().url.as_deref(), Some("https://media.uiscom.ru/7/abc"));
        let f = hook("outbound", r#"{"call_session_id": 8, "employee_id": 3, "contact_phone_number": "79991234567"}"#)
            .facts
            .unwrap();
        assert_eq!((f.step, f.direction), (Step::Ringing, Some(Direction::Outgoing)));
        let h = hook("route", r#"{"numa": "79991234567", "numb": "74951234567", "cdr_id": 1, "input_result": "None"}"#);
        assert_eq!(h.lookup.unwrap().caller, "79991234567");
        assert_eq!(h.dedup_scope, DedupScope::LatestOfCall);
    }

    #[test]
    fn the_event_kind_is_part_of_the_content_key() {
        let body = r#"{"call_session_id": 7}"#;
        assert_ne!(hook("answered", body).content_key, hook("ringing", body).content_key);
        assert_eq!(hook("answered", body).content_key, hook("answered", body).content_key);
    }
}
