//! One Ringostat webhook → [`CallFacts`] (PROTOCOLS.md §4.2–4.5, §4.10). The event kind comes
//! from the URL: which webhook the admin pointed there.

use callcard_protocol::{Direction, Disposition, ProviderId};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::chosen::{content_key, dedup_scope, parse_time, Fields, Reading};
use crate::{AgentKey, CallFacts, Form, Lookup, RecordingFacts, Step, Webhook};

/// The event kinds of `/hooks/ringostat/{secret}/{event}`.
pub const EVENTS: &[&str] = &["ringing", "answered", "ended", "outgoing_start", "outgoing_end", "route"];

fn provider() -> ProviderId {
    ProviderId::new(ProviderId::RINGOSTAT)
}

/// `"Name" <380671234567>`, HTML-escaped or not, is `380671234567`; anything else is kept.
pub fn clean_number(raw: &str) -> String {
    let text = raw
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    match (text.rfind('<'), text.rfind('>')) {
        (Some(open), Some(close)) if open < close => text[open + 1..close].trim().to_string(),
        _ => text.trim().to_string(),
    }
}

/// How a status reads, case-insensitively; talk seconds > 0 mean answered whatever it says.
fn family(status: &str, direction: Option<Direction>) -> Option<Disposition> {
    let missed = if direction == Some(Direction::Outgoing) { Disposition::NoAnswer } else { Disposition::Missed };
    Some(match status.trim().to_ascii_uppercase().as_str() {
        "ANSWERED" | "PROPER" | "REPEATED" | "CONNECTED" => Disposition::Answered,
        "NO ANSWER" | "NOANSWER" | "MISSED" | "VOICEMAIL" | "NO FORWARD" | "NO EXTENSION" => missed,
        "BUSY" => Disposition::Busy,
        "FAILED" => Disposition::Failed,
        // Still in flight: says nothing about how the call ended.
        "CALLING" | "IN PROGRESS" => return None,
        other => Disposition::Other(other.to_ascii_lowercase()),
    })
}

fn direction(r: &mut Reading, event: &str) -> Option<Direction> {
    let from_path = if event.starts_with("outgoing") { Direction::Outgoing } else { Direction::Incoming };
    let said = r.parsed("direction", "in or out", |raw| match raw.trim().to_ascii_lowercase().as_str() {
        "in" | "incoming" | "callback" => Some(Direction::Incoming),
        "out" | "outgoing" => Some(Direction::Outgoing),
        _ => None,
    });
    Some(said.unwrap_or(from_path))
}

/// The employee by every id the webhook names (SIP login, employee number…), plus the caller of
/// an outgoing call when it is a SIP login rather than a number.
fn employee(r: &Reading, outgoing: bool) -> Option<AgentKey> {
    let mut ids: Vec<String> = r.fields.all("employee_user").into_iter().map(str::to_string).collect();
    if outgoing {
        if let Some(caller) =
            r.get("caller").map(clean_number).filter(|c| !c.chars().all(|ch| ch.is_ascii_digit() || ch == '+'))
        {
            if !ids.contains(&caller) {
                ids.push(caller);
            }
        }
    }
    let first = ids.first().cloned()?;
    Some(AgentKey { ids, other: Some(first), ..Default::default() })
}

fn started_at(r: &mut Reading, zone: Tz) -> Option<DateTime<Utc>> {
    if r.get("date").is_some() {
        return r.parsed("date", "a date and time", |raw| parse_time(raw, zone));
    }
    // Microseconds as documented; seconds and milliseconds are told apart by their size.
    r.parsed("timestamp", "a timestamp", |raw| {
        let n: i64 = raw.trim().parse().ok().filter(|n: &i64| *n > 0)?;
        match n {
            n if n < 100_000_000_000 => DateTime::from_timestamp(n, 0),
            n if n < 100_000_000_000_000 => DateTime::from_timestamp_millis(n),
            n => DateTime::from_timestamp_micros(n),
        }
    })
}

/// Recording links with their `token` hidden: it is the file's only credential, and stored
/// webhooks are shown to admins (`webhook flagged`). The call keeps the whole link.
fn without_link_tokens(form: &Form) -> Form {
    Form::from_pairs(form.sorted_pairs().into_iter().map(|(k, v)| {
        let hidden = match url::Url::parse(v) {
            Ok(mut url) if url.query().is_some_and(|q| q.contains("token=")) => {
                let kept: Vec<(String, String)> = url
                    .query_pairs()
                    .map(|(k, v)| (k.to_string(), if k == "token" { "hidden".to_string() } else { v.to_string() }))
                    .collect();
                url.query_pairs_mut().clear().extend_pairs(kept);
                url.to_string()
            }
            _ => v.to_string(),
        };
        (k.to_string(), hidden)
    }))
}

/// Reads one webhook of kind `event` (one of [`EVENTS`]).
pub fn parse_webhook(event: &str, form: &Form, fields: Fields, zone: Tz) -> Webhook {
    let mut r = Reading::new(fields);
    let (facts, lookup) = if event == "route" {
        let caller = r.required("caller").map(|c| Lookup { caller: clean_number(c) });
        (None, caller)
    } else {
        (facts(event, &mut r, zone), None)
    };
    Webhook {
        provider: provider(),
        event: event.to_string(),
        facts,
        lookup,
        // Ringostat's dates are the call's start, the same in every webhook of it: only the
        // call's latest webhook tells a repeat from news (Anna rung again after Boris).
        dedup_scope: dedup_scope(false),
        content_key: content_key(form, event, ProviderId::RINGOSTAT),
        stored_fields: without_link_tokens(form).stored_json(&[]),
        problems: r.problems,
    }
}

fn facts(event: &str, r: &mut Reading, zone: Tz) -> Option<CallFacts> {
    let call_id = r.required("call_id")?.trim().to_string();
    let direction = direction(r, event);
    let outgoing = direction == Some(Direction::Outgoing);
    let agent = employee(r, outgoing);
    let step = match event {
        "ringing" if agent.is_some() => Step::Ringing,
        // Before the call: nobody rings yet.
        "ringing" => Step::Started,
        "outgoing_start" => Step::Ringing,
        "answered" => Step::Answered,
        _ => Step::Ended,
    };
    let mut f = CallFacts::new(provider(), call_id, step);
    f.direction = direction;
    f.client_phone = if outgoing { r.get("callee") } else { r.get("caller") }.map(clean_number);
    f.line = if outgoing { r.get("outbound_number") } else { r.get("line") }.map(str::to_string);
    f.started_at = started_at(r, zone);
    f.agent = agent;
    if step == Step::Ended {
        let talk = r.seconds("talk");
        let status = r.get("status").map(str::to_string);
        f.duration_secs = talk;
        f.disposition = match (talk, status) {
            (Some(secs), _) if secs > 0 => Some(Disposition::Answered),
            (_, Some(status)) => family(&status, direction),
            (Some(0), None) => None,
            _ => {
                r.required("status");
                None
            }
        };
        if f.disposition != Some(Disposition::Answered) && !outgoing {
            // Who was rung last is not who had the call (an outgoing call's is who dialled).
            f.agent = None;
        }
        let recorded = r.flag("has_recording") != Some(false);
        if let Some(url) = r.get("recording").filter(|_| recorded) {
            f.recording = Some(RecordingFacts { id: None, url: Some(url.to_string()), ready: true });
        }
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::chosen::{flatten, parse_json};
    use crate::ringostat::fields::fields;

    fn hook(event: &str, body: &str) -> Webhook {
        let form = flatten(&parse_json(body.as_bytes()).unwrap());
        let none = BTreeMap::new();
        parse_webhook(event, &form, fields(&form, &none), chrono_tz::Europe::Kyiv)
    }

    #[test]
    fn the_after_call_example() {
        // PROTOCOLS.md §4.3's example.
        let h = hook(
            "ended",
            r#"{"uniqueid": "ua3_-1712345678.1234567", "call_type": "in", "calldate": "2024-06-03 09:20:11",
             "caller": "380501234567", "dst": "380443334455", "disposition": "ANSWERED", "duration": "95",
             "waittime": "12", "billsec": "83", "employee_fio": "Олена Коваль", "employee_number": "2001",
             "has_recording": "1",
             "recording_wav": "https://app.ringostat.com/recordings/ua3_-1712345678.1234567.wav?token=0123"}"#,
        );
        assert!(h.problems.is_empty(), "{:?}", h.problems);
        let f = h.facts.unwrap();
        assert_eq!(
            (f.step, f.call_id.as_str(), f.direction),
            (Step::Ended, "ua3_-1712345678.1234567", Some(Direction::Incoming))
        );
        assert_eq!((f.disposition, f.duration_secs), (Some(Disposition::Answered), Some(83)));
        assert_eq!(f.agent.unwrap().ids, ["2001"]);
        assert_eq!(f.client_phone.as_deref(), Some("380501234567"));
        assert_eq!(f.line.as_deref(), Some("380443334455"));
        assert_eq!(f.started_at.unwrap().to_rfc3339(), "2024-06-03T06:20:11+00:00", "Kyiv summer time");
        assert!(f.recording.unwrap().url.unwrap().contains("token=0123"));
        assert!(
            !h.stored_fields.contains("token=0123") && h.stored_fields.contains("token=hidden"),
            "{}",
            h.stored_fields
        );
    }

    #[test]
    fn an_unanswered_outgoing_call_keeps_who_dialled_and_timestamps_by_size() {
        let f = hook("outgoing_end", r#"{"uniqueid": "u9", "call_type": "out", "caller": "anna", "dst": "380501234567", "disposition": "BUSY", "billsec": "0", "call_timestamp": "1640989006"}"#)
            .facts
            .unwrap();
        assert_eq!((f.disposition, f.agent.unwrap().ids), (Some(Disposition::Busy), vec!["anna".to_string()]));
        assert_eq!(f.started_at.unwrap().to_rfc3339(), "2021-12-31T22:16:46+00:00", "seconds, not 1970");
        // The employee's name is no agent id.
        let f = hook("ringing", r#"{"uniqueid": "u3", "employee": "Олена Коваль"}"#).facts.unwrap();
        assert_eq!((f.step, f.agent), (Step::Started, None));
    }

    #[test]
    fn statuses_by_family_and_talk_seconds_win() {
        for (status, talk, want) in [
            ("answered", "0", Some(Disposition::Answered)),
            ("NO ANSWER", "0", Some(Disposition::Missed)),
            ("noanswer", "", Some(Disposition::Missed)),
            (" Busy ", "0", Some(Disposition::Busy)),
            ("NO ANSWER", "5", Some(Disposition::Answered)),
            ("IN PROGRESS", "0", None),
            ("SOMETHING NEW", "0", Some(Disposition::Other("something new".into()))),
            ("VOICEMAIL", "0", Some(Disposition::Missed)),
        ] {
            let f = hook("ended", &format!(r#"{{"uniqueid": "u1", "disposition": "{status}", "billsec": "{talk}"}}"#))
                .facts
                .unwrap();
            assert_eq!(f.disposition, want, "{status} {talk}");
        }
        let f = hook("outgoing_end", r#"{"call_id": "u2", "status": "NO ANSWER", "dialog": "0"}"#).facts.unwrap();
        assert_eq!((f.direction, f.disposition), (Some(Direction::Outgoing), Some(Disposition::NoAnswer)));
    }

    #[test]
    fn caller_quirks() {
        assert_eq!(clean_number(r#""Олена" <380671234567>"#), "380671234567");
        assert_eq!(clean_number("&quot;Олена&quot; &lt;380671234567&gt;"), "380671234567");
        assert_eq!(clean_number(" 380671234567 "), "380671234567");
        assert_eq!(clean_number("manager1"), "manager1");
    }

    #[test]
    fn ringing_before_the_call_and_at_a_forwarding_step() {
        let before =
            hook("ringing", r#"{"uniqueid": "u3", "caller": "380501234567", "dst": "380443334455"}"#).facts.unwrap();
        assert_eq!((before.step, before.agent), (Step::Started, None));
        let step = hook("ringing", r#"{"uniqueid": "u3", "sip_login": "anna_sip", "employee_number": "2100"}"#);
        let f = step.facts.unwrap();
        assert_eq!((f.step, f.agent.unwrap().ids), (Step::Ringing, vec!["anna_sip".to_string(), "2100".to_string()]));
        assert_eq!(step.dedup_scope, crate::DedupScope::LatestOfCall, "only the call's latest counts");
    }

    #[test]
    fn outgoing_calls_name_the_employee_as_caller() {
        let f = hook("outgoing_start", r#"{"uniqueid": "u4", "caller": "anna", "destination": "380501234567", "call_timestamp": "1640989006505487"}"#)
            .facts
            .unwrap();
        assert_eq!((f.step, f.direction), (Step::Ringing, Some(Direction::Outgoing)));
        assert_eq!(f.agent.unwrap().ids, ["anna"]);
        assert_eq!(f.client_phone.as_deref(), Some("380501234567"));
        assert_eq!(f.started_at.unwrap().to_rfc3339(), "2021-12-31T22:16:46.505487+00:00");
    }

    #[test]
    fn what_does_not_parse_is_noted() {
        let h = hook("ended", r#"{"disposition": "ANSWERED"}"#);
        assert_eq!((h.facts, h.problems), (None, vec!["missing field `call_id`".to_string()]));
        let h = hook("route", r#"{"call_id": "u5", "caller": "&quot;X&quot; &lt;380501234567&gt;"}"#);
        assert_eq!(h.lookup.unwrap().caller, "380501234567");
    }
}
