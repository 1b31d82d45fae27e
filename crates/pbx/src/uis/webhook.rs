//! One UIS notification → [`CallFacts`] (PROTOCOLS.md §3.4, §3.11). The event kind comes from
//! the URL (one notification per URL), never from `notification_mnemonic` or the name the
//! customer typed.

use callcard_protocol::{Direction, Disposition, ProviderId};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::fields::Fields;
use crate::{AgentKey, CallFacts, DedupScope, Form, Lookup, RecordingFacts, Step, Webhook};

/// The event kinds of `/hooks/uis/{secret}/{event}`.
pub const EVENTS: &[&str] = &["inbound", "ringing", "answered", "ended", "lost", "outbound", "recording", "route"];

fn provider() -> ProviderId {
    ProviderId::new(ProviderId::UIS)
}

/// Collects what could not be read, in the customer's key names.
struct Reading<'a> {
    fields: Fields<'a>,
    problems: Vec<String>,
}

impl<'a> Reading<'a> {
    fn get(&self, name: &str) -> Option<&'a str> {
        self.fields.get(name)
    }

    fn required(&mut self, name: &str) -> Option<&'a str> {
        let value = self.get(name);
        if value.is_none() {
            let key = self.fields.key_of(name);
            self.problems.push(format!("missing field `{key}`"));
        }
        value
    }

    fn parsed<T>(&mut self, name: &str, what: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        let raw = self.get(name)?;
        let value = parse(raw);
        if value.is_none() {
            let key = self.fields.key_of(name);
            self.problems.push(format!("field `{key}` is not {what}: {raw:?}"));
        }
        value
    }

    /// Seconds: `12`, `"12"` or `12.0`.
    fn seconds(&mut self, name: &str) -> Option<u32> {
        self.parsed(name, "a number of seconds", |raw| {
            raw.parse::<u32>()
                .ok()
                .or_else(|| raw.parse::<f64>().ok().filter(|s| *s >= 0.0 && *s < 1e9).map(|s| s.round() as u32))
        })
    }

    fn flag(&mut self, name: &str) -> Option<bool> {
        self.parsed(name, "true or false", |raw| match raw.to_ascii_lowercase().as_str() {
            "true" | "1" | "t" | "yes" => Some(true),
            "false" | "0" | "f" | "no" => Some(false),
            _ => None,
        })
    }

    fn direction(&mut self) -> Option<Direction> {
        self.parsed("direction", "in or out", |raw| match raw.to_ascii_lowercase().as_str() {
            "in" | "incoming" | "inbound" => Some(Direction::Incoming),
            "out" | "outgoing" | "outbound" => Some(Direction::Outgoing),
            _ => None,
        })
    }

    /// A UIS id (`323409`, `"323409"`, `323409.0` from a template that made it a float).
    fn id(&self, name: &str) -> Option<String> {
        self.get(name).map(|raw| raw.strip_suffix(".0").unwrap_or(raw).to_string())
    }

    fn employee(&self, name: &str) -> Option<AgentKey> {
        let id = self.id(name)?;
        Some(AgentKey { ids: vec![id.clone()], other: Some(id), ..Default::default() })
    }
}

/// `notification_time`: `2019-12-16 14:40:47.234`, without a zone (the account's), with or
/// without the fraction; ISO forms with `T` or a zone are read too.
pub fn parse_time(raw: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw.trim_end_matches('Z'), format).ok())?;
    if raw.ends_with('Z') {
        return Some(naive.and_utc());
    }
    zone.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc))
}

/// Reads one notification of kind `event` (one of [`EVENTS`]).
pub fn parse_notification(event: &str, form: &Form, fields: Fields, zone: Tz) -> Webhook {
    let mut r = Reading { fields, problems: Vec::new() };
    let (facts, lookup) = if event == "route" {
        let caller = r.required("numa").map(|numa| Lookup { caller: numa.to_string() });
        (None, caller)
    } else {
        (facts(event, &mut r, zone), None)
    };
    // Without a time in the body the same fields later in the call are news (a second ring
    // of the same employee), so only the call's latest notification counts as a repeat.
    let dedup_scope =
        if r.get("notification_time").is_some() { DedupScope::Everything } else { DedupScope::LatestOfCall };
    let mut keyed = form.sorted_pairs();
    keyed.push(("#event", event));
    Webhook {
        provider: provider(),
        event: event.to_string(),
        facts,
        lookup,
        dedup_scope,
        content_key: Form::from_pairs(keyed).content_key(ProviderId::UIS),
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
        _ => r.direction(),
    };
    f.client_phone = r.get("contact_phone_number").map(str::to_string);
    f.line = r.get("virtual_phone_number").map(str::to_string);
    if matches!(event, "inbound" | "outbound" | "ringing") {
        let time = if r.get("start_time").is_some() { "start_time" } else { "notification_time" };
        f.started_at = r.parsed(time, "a date and time", |raw| parse_time(raw, zone));
    }
    match event {
        "ringing" | "answered" | "outbound" => f.agent = r.employee("employee_id"),
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
        f.agent = r.employee("last_talked_employee_id").or_else(|| r.employee("employee_id"));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::uis::body::{flatten, parse_json};

    fn hook(event: &str, body: &str) -> Webhook {
        let form = flatten(&parse_json(body.as_bytes()).unwrap());
        let none = BTreeMap::new();
        parse_notification(event, &form, Fields::new(&form, &none), chrono_tz::Europe::Moscow)
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

    #[test]
    fn times_with_and_without_fraction_or_zone() {
        let z = chrono_tz::Europe::Moscow;
        for (raw, want) in [
            ("2019-12-16 14:40:47.234", "2019-12-16T11:40:47.234+00:00"),
            ("2019-12-16 14:40:47", "2019-12-16T11:40:47+00:00"),
            ("2016-10-19T12:26:48.418", "2016-10-19T09:26:48.418+00:00"),
            ("2016-10-19T12:26:48Z", "2016-10-19T12:26:48+00:00"),
        ] {
            assert_eq!(parse_time(raw, z).unwrap().to_rfc3339(), want, "{raw}");
        }
        assert_eq!(parse_time("yesterday", z), None);
    }
}
