use callcard_protocol::{Direction, Disposition, ProviderId};
use chrono::{DateTime, NaiveDateTime, Utc};
use subtle::ConstantTimeEq;

use crate::reader::Reader;
use crate::{AgentKey, CallFacts, DedupScope, Form, Lookup, RecordingFacts, Step, Webhook, WebhookError};

/// The error texts that API specifies, answered as `{"error": …}`.
pub const INVALID_TOKEN: &str = "Invalid token";
pub const INVALID_PARAMETERS: &str = "Invalid parameters";

/// Never stored (it is hashed into the content key, like every field).
pub const SECRET_FIELDS: &[&str] = &["crm_token"];

/// The user as the PBX names it: matched by login (`user`) first, then extension (`ext`).
fn agent(r: &Reader) -> Option<AgentKey> {
    let login = r.non_empty("user").map(str::to_string);
    let extension = r.non_empty("ext").map(str::to_string);
    let ids: Vec<String> = login.iter().chain(extension.iter()).cloned().collect();
    (!ids.is_empty()).then_some(AgentKey { ids, extension, login, other: None })
}

fn direction(r: &mut Reader, key: &str) -> Option<Direction> {
    r.parsed(key, "in or out", |raw| match raw.to_ascii_lowercase().as_str() {
        "in" => Some(Direction::Incoming),
        "out" => Some(Direction::Outgoing),
        _ => None,
    })
}

/// `history.start` is `YYYYmmddTHHMMSSZ`, UTC.
fn start_time(r: &mut Reader) -> Option<DateTime<Utc>> {
    r.parsed("start", "YYYYmmddTHHMMSSZ", |raw| {
        NaiveDateTime::parse_from_str(raw, "%Y%m%dT%H%M%SZ").ok().map(|t| t.and_utc())
    })
}

/// `history.status`, compared case-insensitively (`missed` and `Missed` both occur).
fn disposition(raw: &str) -> Disposition {
    match raw.trim().to_ascii_lowercase().as_str() {
        "success" => Disposition::Answered,
        "missed" => Disposition::Missed,
        "cancel" => Disposition::Cancelled,
        "busy" => Disposition::Busy,
        "notavailable" => Disposition::NoAnswer,
        "notallowed" => Disposition::Failed,
        "notfound" => Disposition::Unallocated,
        other => Disposition::Other(other.to_string()),
    }
}

fn check_token(form: &Form, expected: Option<&str>) -> Result<(), WebhookError> {
    let unauthorized = || WebhookError::Unauthorized(INVALID_TOKEN.into());
    // No token configured means the integration is not set up: refuse rather than accept anyone.
    let expected = expected.filter(|t| !t.is_empty()).ok_or_else(unauthorized)?;
    let given = form.get("crm_token").ok_or_else(unauthorized)?;
    if bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(unauthorized())
    }
}

fn provider() -> ProviderId {
    ProviderId::new(ProviderId::ITOOLABS)
}

fn event_facts(r: &mut Reader, kind: &str) -> Option<CallFacts> {
    let step = match kind {
        "INCOMING" | "OUTGOING" => Step::Ringing,
        "ACCEPTED" => Step::Answered,
        "COMPLETED" => Step::Ended,
        "CANCELLED" => Step::RingingStopped,
        "TRANSFERRED" => Step::Transferred,
        // Unknown types: accepted, stored, no call change.
        _ => return None,
    };
    let mut f = CallFacts::new(provider(), r.required("callid")?, step);
    f.direction = match kind {
        "INCOMING" => Some(Direction::Incoming),
        "OUTGOING" => Some(Direction::Outgoing),
        _ => direction(r, "direction"),
    };
    f.client_phone = r.non_empty("phone").map(str::to_string);
    f.line = r.non_empty("diversion").map(str::to_string);
    f.agent = agent(r);
    Some(f)
}

fn history_facts(r: &mut Reader) -> Option<CallFacts> {
    let mut f = CallFacts::new(provider(), r.required("callid")?, Step::Ended);
    f.direction = direction(r, "type");
    f.client_phone = r.non_empty("phone").map(str::to_string);
    f.line = r.non_empty("diversion").map(str::to_string);
    f.agent = agent(r);
    f.started_at = start_time(r);
    // `duration` counts the wait too (PROTOCOLS.md §2.3): the talk is what follows the wait.
    let total = r.whole_number("duration");
    let wait = r.whole_number("wait").unwrap_or(0);
    f.duration_secs = total.map(|total| total.saturating_sub(wait));
    f.disposition = r.required("status").map(disposition);
    f.recording = r.non_empty("link").map(|link| RecordingFacts { id: None, url: Some(link.to_string()), ready: true });
    Some(f)
}

/// Checks `crm_token` and parses one PBX → CRM request. Refused only for the token; whatever
/// else is wrong with an authenticated request is noted in its `problems`.
pub fn parse_webhook(form: &Form, crm_token: Option<&str>) -> Result<Webhook, WebhookError> {
    check_token(form, crm_token)?;
    let mut r = Reader::new(form);
    let cmd = r.required("cmd").unwrap_or("").to_ascii_lowercase();
    let (event, facts, lookup) = match cmd.as_str() {
        "event" => {
            let kind = r.required("type").unwrap_or("").to_ascii_uppercase();
            let facts = event_facts(&mut r, &kind);
            (format!("event/{}", form.or_empty("type")), facts, None)
        }
        "history" => ("history".to_string(), history_facts(&mut r), None),
        "contact" => {
            let lookup = r.required("phone").map(|phone| Lookup { caller: phone.to_string() });
            ("contact".to_string(), None, lookup)
        }
        // cmd=rating and anything newer: accepted and ignored.
        other => (other.to_string(), None, None),
    };
    // Events carry no time: only the call's latest request tells a repeat from news.
    let dedup_scope = if cmd == "event" { DedupScope::LatestOfCall } else { DedupScope::Everything };
    Ok(Webhook {
        provider: provider(),
        event,
        facts,
        lookup,
        dedup_scope,
        content_key: form.content_key(ProviderId::ITOOLABS),
        stored_fields: form.stored_json(SECRET_FIELDS),
        problems: r.problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "6JDctK8K4CyrTJch3eUeLtEwvFDaHeSm";

    #[test]
    fn protocol_example_incoming() {
        let form = Form::from_urlencoded(b"cmd=event&type=INCOMING&phone=79101234567&diversion=74951234567&user=ivan&ext=701&groupRealName=Sales&callid=B10D0EB124F4E64AF4EA-1511&direction=in&crm_token=6JDctK8K4CyrTJch3eUeLtEwvFDaHeSm").unwrap();
        let hook = parse_webhook(&form, Some(TOKEN)).unwrap();
        let f = hook.facts.unwrap();
        assert_eq!(f.step, Step::Ringing);
        assert_eq!(f.direction, Some(Direction::Incoming));
        assert_eq!(f.call_id, "B10D0EB124F4E64AF4EA-1511");
        assert_eq!(
            f.agent,
            Some(AgentKey {
                ids: vec!["ivan".into(), "701".into()],
                extension: Some("701".into()),
                login: Some("ivan".into()),
                other: None
            })
        );
        assert_eq!(hook.dedup_scope, DedupScope::LatestOfCall);
        assert!(!hook.stored_fields.contains("crm_token"));
        assert_eq!(f.line.as_deref(), Some("74951234567"));
    }

    #[test]
    fn token_is_checked() {
        let form = Form::from_pairs([("cmd", "contact"), ("phone", "79101234567"), ("crm_token", "nope")]);
        assert_eq!(parse_webhook(&form, Some(TOKEN)), Err(WebhookError::Unauthorized(INVALID_TOKEN.into())));
        let form = Form::from_pairs([("cmd", "contact"), ("phone", "79101234567")]);
        assert!(matches!(parse_webhook(&form, Some(TOKEN)), Err(WebhookError::Unauthorized(_))));
        let form = Form::from_pairs([("cmd", "contact"), ("phone", "79101234567"), ("crm_token", "")]);
        assert!(matches!(parse_webhook(&form, None), Err(WebhookError::Unauthorized(_))));
    }

    #[test]
    fn a_history_s_talk_is_its_duration_less_the_wait() {
        let history = |extra: &[(&'static str, &'static str)]| {
            let mut pairs = vec![("cmd", "history"), ("type", "in"), ("status", "Success"), ("callid", "c1")];
            pairs.extend_from_slice(extra);
            pairs.push(("crm_token", TOKEN));
            parse_webhook(&Form::from_pairs(pairs), Some(TOKEN)).unwrap().facts.unwrap().duration_secs
        };
        assert_eq!(history(&[("wait", "37"), ("duration", "315")]), Some(278));
        assert_eq!(history(&[("duration", "315")]), Some(315), "no wait given: all of it");
        assert_eq!(history(&[("wait", "50"), ("duration", "50")]), Some(0), "an unanswered call");
        assert_eq!(history(&[("wait", "60"), ("duration", "50")]), Some(0), "never below nothing");
    }

    #[test]
    fn history_statuses_any_case() {
        for (status, want) in [
            ("missed", Disposition::Missed),
            ("Missed", Disposition::Missed),
            ("Success", Disposition::Answered),
            ("BUSY", Disposition::Busy),
        ] {
            let form = Form::from_pairs([
                ("cmd", "history"),
                ("type", "in"),
                ("status", status),
                ("phone", "79101234567"),
                ("callid", "c1"),
                ("start", "20240501T090000Z"),
                ("duration", "31"),
                ("link", "https://pbx.example/rec/c1.mp3"),
                ("crm_token", TOKEN),
                ("z-flag", "1"),
            ]);
            let f = parse_webhook(&form, Some(TOKEN)).unwrap().facts.unwrap();
            assert_eq!(f.disposition, Some(want));
            assert_eq!(f.started_at.unwrap().to_rfc3339(), "2024-05-01T09:00:00+00:00");
            assert!(f.recording.unwrap().ready);
        }
    }

    #[test]
    fn contact_lookup_and_unknown_commands() {
        let form =
            Form::from_pairs([("cmd", "contact"), ("phone", "79101234567"), ("callid", "c"), ("crm_token", TOKEN)]);
        assert_eq!(parse_webhook(&form, Some(TOKEN)).unwrap().lookup, Some(Lookup { caller: "79101234567".into() }));
        let form = Form::from_pairs([("cmd", "rating"), ("rating", "5"), ("crm_token", TOKEN)]);
        assert_eq!(parse_webhook(&form, Some(TOKEN)).unwrap().facts, None);
        let form = Form::from_pairs([("cmd", "event"), ("type", "SOMETHING"), ("callid", "c"), ("crm_token", TOKEN)]);
        assert_eq!(parse_webhook(&form, Some(TOKEN)).unwrap().facts, None);
    }

    #[test]
    fn missing_or_mistyped_parameters_are_noted_not_refused() {
        let cases: [(Vec<(&str, &str)>, &str); 5] = [
            (vec![("crm_token", TOKEN)], "missing field `cmd`"),
            (vec![("cmd", "event"), ("type", "INCOMING"), ("crm_token", TOKEN)], "missing field `callid`"),
            (vec![("cmd", "history"), ("callid", "c"), ("crm_token", TOKEN)], "missing field `status`"),
            (
                vec![
                    ("cmd", "history"),
                    ("callid", "c"),
                    ("status", "missed"),
                    ("type", "sideways"),
                    ("crm_token", TOKEN),
                ],
                "field `type` is not in or out: \"sideways\"",
            ),
            (vec![("cmd", "contact"), ("crm_token", TOKEN)], "missing field `phone`"),
        ];
        for (pairs, problem) in cases {
            let hook = parse_webhook(&Form::from_pairs(pairs.clone()), Some(TOKEN)).unwrap();
            assert_eq!(hook.problems, [problem], "{pairs:?}");
            assert_eq!(hook.lookup, None);
        }
        // A history with a bad start and duration still ends the call with what it has.
        let form = Form::from_pairs([
            ("cmd", "history"),
            ("callid", "c"),
            ("status", "Success"),
            ("start", "yesterday"),
            ("duration", "-5"),
            ("crm_token", TOKEN),
        ]);
        let hook = parse_webhook(&form, Some(TOKEN)).unwrap();
        assert_eq!(hook.problems.len(), 2, "{:?}", hook.problems);
        let f = hook.facts.unwrap();
        assert_eq!(
            (f.step, f.disposition, f.started_at, f.duration_secs),
            (Step::Ended, Some(Disposition::Answered), None, None)
        );
    }
}
