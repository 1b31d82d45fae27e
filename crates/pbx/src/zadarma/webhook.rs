//! Parsing and verifying Zadarma PBX call notifications (PROTOCOLS.md §1.1–1.3).

use callcard_protocol::{Direction, Disposition, ProviderId};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::signature::{verify_webhook_signature, SignatureForm};
use crate::reader::Reader;
use crate::{AgentKey, CallFacts, DedupScope, Form, Lookup, RecordingFacts, Step, Webhook, WebhookError};

/// What the relay knows to verify and interpret Zadarma webhooks.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// The API secret; `None` accepts unsigned webhooks (Zadarma signs only when the account
    /// has API keys).
    pub secret: Option<String>,
    /// Also accept base64 of the raw digest (the 2025 TypeScript library's form).
    pub accept_raw_signature: bool,
    /// The account's time zone: `call_start` is local time without an offset.
    pub timezone: Tz,
    /// Answer NOTIFY_START's `caller_name` in Latin letters (IP phones show Latin only).
    pub latin_caller_name: bool,
}

/// The concatenation a webhook of this event is signed over, `None` for events with no known
/// rule.
pub fn signed_string(event: &str, form: &Form) -> Option<String> {
    let cat = |keys: &[&str]| keys.iter().map(|k| form.or_empty(k)).collect::<String>();
    Some(match event {
        "NOTIFY_START" | "NOTIFY_INTERNAL" | "NOTIFY_END" | "NOTIFY_IVR" => {
            cat(&["caller_id", "called_did", "call_start"])
        }
        "NOTIFY_ANSWER" => cat(&["caller_id", "destination", "call_start"]),
        "NOTIFY_OUT_START" | "NOTIFY_OUT_END" => cat(&["internal", "destination", "call_start"]),
        "NOTIFY_RECORD" => cat(&["pbx_call_id", "call_id_with_rec"]),
        _ => return None,
    })
}

/// Signed strings tried for events this version does not know (e.g. `NOTIFY_INTERNAL_END`,
/// reported only by community code) or a webhook without `event`: the known rules in turn,
/// then the `result` field used by the "other" hooks.
pub fn candidate_strings(form: &Form) -> Vec<String> {
    let mut out: Vec<String> = ["NOTIFY_START", "NOTIFY_ANSWER", "NOTIFY_OUT_START", "NOTIFY_RECORD"]
        .iter()
        .filter_map(|e| signed_string(e, form))
        .collect();
    out.push(form.or_empty("result").to_string());
    out
}

fn verify(
    event: &str,
    form: &Form,
    header: Option<&str>,
    config: &WebhookConfig,
) -> Result<Option<SignatureForm>, WebhookError> {
    let Some(secret) = config.secret.as_deref() else { return Ok(None) };
    let header = header
        .filter(|h| !h.trim().is_empty())
        .ok_or_else(|| WebhookError::Unauthorized("missing Signature header".into()))?;
    let candidates = match signed_string(event, form) {
        Some(s) => vec![s],
        None => candidate_strings(form),
    };
    candidates
        .iter()
        .find_map(|s| verify_webhook_signature(secret, s, header, config.accept_raw_signature))
        .map(Some)
        .ok_or_else(|| WebhookError::Unauthorized("invalid Signature".into()))
}

fn call_start(r: &mut Reader, tz: &Tz) -> Option<DateTime<Utc>> {
    let naive = r.parsed("call_start", "YYYY-MM-DD HH:MM:SS", |raw| {
        NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S").ok()
    })?;
    // An ambiguous local time (clocks going back) takes the earlier instant; a skipped one
    // (clocks going forward) cannot be sent by a real PBX, read it as UTC rather than fail.
    Some(match tz.from_local_datetime(&naive).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => naive.and_utc(),
    })
}

/// Zadarma's `disposition` values (PROTOCOLS.md §1.2).
pub(crate) fn disposition(raw: &str) -> Disposition {
    match raw.trim().to_ascii_lowercase().as_str() {
        "answered" => Disposition::Answered,
        "busy" => Disposition::Busy,
        "cancel" => Disposition::Cancelled,
        "no answer" => Disposition::NoAnswer,
        "failed" | "call failed" => Disposition::Failed,
        "no money" | "no money, no limit" => Disposition::NoMoney,
        "unallocated number" => Disposition::Unallocated,
        "no limit" | "no day limit" | "line limit" => Disposition::LineLimit,
        other => Disposition::Other(other.to_string()),
    }
}

fn agent(r: &Reader, key: &str) -> Option<AgentKey> {
    r.non_empty(key).map(AgentKey::extension)
}

/// `pbx_call_id` says the direction for events that do not (`in_…`, `out_…`).
fn direction_from_id(call_id: &str) -> Option<Direction> {
    if call_id.starts_with("in_") {
        Some(Direction::Incoming)
    } else if call_id.starts_with("out_") {
        Some(Direction::Outgoing)
    } else {
        None
    }
}

fn end_recording(r: &Reader) -> Option<RecordingFacts> {
    (r.form.get("is_recorded").map(str::trim) == Some("1")).then(|| RecordingFacts {
        id: r.non_empty("call_id_with_rec").map(str::to_string),
        url: None,
        ready: false,
    })
}

fn owned(value: Option<&str>) -> Option<String> {
    value.map(str::to_string)
}

/// The facts of one known event; `None` (with the problem noted) when its call id is missing.
fn facts(event: &str, r: &mut Reader, tz: &Tz) -> Option<CallFacts> {
    let step = match event {
        "NOTIFY_START" => Step::Started,
        "NOTIFY_INTERNAL" | "NOTIFY_OUT_START" => Step::Ringing,
        "NOTIFY_ANSWER" => Step::Answered,
        "NOTIFY_END" | "NOTIFY_OUT_END" => Step::Ended,
        "NOTIFY_RECORD" => Step::RecordingReady,
        // NOTIFY_IVR and anything unknown: accepted, stored raw, no call change.
        _ => return None,
    };
    let call_id = r.required("pbx_call_id")?;
    let mut f = CallFacts::new(ProviderId::new(ProviderId::ZADARMA), call_id, step);
    match event {
        "NOTIFY_START" | "NOTIFY_INTERNAL" | "NOTIFY_END" => {
            f.direction = Some(Direction::Incoming);
            f.client_phone = owned(r.non_empty("caller_id"));
            f.line = owned(r.non_empty("called_did"));
        }
        "NOTIFY_ANSWER" => {
            f.direction = direction_from_id(call_id);
            // caller_id is the client on incoming calls; destination is the client on outgoing.
            f.client_phone = owned(match f.direction {
                Some(Direction::Outgoing) => r.non_empty("destination"),
                _ => r.non_empty("caller_id"),
            });
        }
        "NOTIFY_OUT_START" | "NOTIFY_OUT_END" => {
            f.direction = Some(Direction::Outgoing);
            f.client_phone = owned(r.non_empty("destination"));
            if event == "NOTIFY_OUT_END" {
                // On outgoing calls caller_id is the number presented to the client: our line.
                f.line = owned(r.non_empty("caller_id"));
            }
        }
        _ => {
            // NOTIFY_RECORD
            f.direction = direction_from_id(call_id);
            f.recording = r.required("call_id_with_rec").map(|id| RecordingFacts {
                id: Some(id.to_string()),
                url: None,
                ready: true,
            });
            return Some(f);
        }
    }
    if event != "NOTIFY_START" {
        f.agent = agent(r, "internal");
    }
    f.started_at = call_start(r, tz);
    if step == Step::Ended {
        f.duration_secs = r.whole_number("duration");
        f.disposition = r.non_empty("disposition").map(disposition);
        f.recording = end_recording(r);
    }
    Some(f)
}

/// Verifies and parses one Zadarma webhook. Refused only for a missing or wrong signature;
/// whatever else is wrong with a signed webhook is noted in its `problems`.
pub fn parse_webhook(form: &Form, signature: Option<&str>, config: &WebhookConfig) -> Result<Webhook, WebhookError> {
    let event = form.non_empty("event").unwrap_or("").to_string();
    verify(&event, form, signature, config)?;
    let mut r = Reader::new(form);
    if event.is_empty() {
        r.note("missing field `event`");
    }
    let facts = facts(&event, &mut r, &config.timezone);
    let lookup = (event == "NOTIFY_START").then(|| Lookup { caller: form.or_empty("caller_id").to_string() });
    Ok(Webhook {
        provider: ProviderId::new(ProviderId::ZADARMA),
        event,
        facts,
        lookup,
        dedup_scope: DedupScope::Everything,
        content_key: form.content_key(ProviderId::ZADARMA),
        stored_fields: form.stored_json(&[]),
        problems: r.problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "test_secret_456";

    fn config() -> WebhookConfig {
        WebhookConfig {
            secret: Some(SECRET.into()),
            accept_raw_signature: false,
            timezone: chrono_tz::Europe::Moscow,
            latin_caller_name: true,
        }
    }

    fn start_form() -> Form {
        Form::from_urlencoded(b"event=NOTIFY_START&call_start=2024-05-01+12%3A00%3A00&pbx_call_id=in_0123456789abcdef0123456789abcdef01234567&caller_id=79991234567&called_did=74951234567").unwrap()
    }

    #[test]
    fn protocol_example_request_verifies_and_parses() {
        let hook =
            parse_webhook(&start_form(), Some("ZGEwZmRlMjAxNjM5MmNiYmIzZGQyYjE2OTVhYzUwODBhNmQzYzhiYg=="), &config())
                .unwrap();
        let facts = hook.facts.unwrap();
        assert_eq!(facts.step, Step::Started);
        assert_eq!(facts.call_id, "in_0123456789abcdef0123456789abcdef01234567");
        assert_eq!(facts.client_phone.as_deref(), Some("79991234567"));
        assert_eq!(facts.line.as_deref(), Some("74951234567"));
        // Moscow is UTC+3.
        assert_eq!(facts.started_at.unwrap().to_rfc3339(), "2024-05-01T09:00:00+00:00");
        assert_eq!(hook.lookup, Some(Lookup { caller: "79991234567".into() }));
        assert!(hook.problems.is_empty());
    }

    #[test]
    fn missing_or_wrong_signature_is_unauthorized() {
        assert!(matches!(parse_webhook(&start_form(), None, &config()), Err(WebhookError::Unauthorized(_))));
        assert!(matches!(
            parse_webhook(&start_form(), Some("NGZjMDVlZDg2NjdmNTAxZmEwYjExYzE0MGY3NTQ4MzNlMWYwZmEwMg=="), &config()),
            Err(WebhookError::Unauthorized(_))
        ));
        // The raw-digest form only with the flag.
        assert!(parse_webhook(&start_form(), Some("2g/eIBY5LLuz3SsWlaxQgKbTyLs="), &config()).is_err());
        let lenient = WebhookConfig { accept_raw_signature: true, ..config() };
        assert!(parse_webhook(&start_form(), Some("2g/eIBY5LLuz3SsWlaxQgKbTyLs="), &lenient).is_ok());
    }

    #[test]
    fn no_secret_accepts_unsigned() {
        let open = WebhookConfig { secret: None, ..config() };
        assert!(parse_webhook(&start_form(), None, &open).is_ok());
    }

    #[test]
    fn answer_is_signed_over_destination() {
        let form = Form::from_pairs([
            ("event", "NOTIFY_ANSWER"),
            ("caller_id", "79991234567"),
            ("destination", "100"),
            ("call_start", "2024-05-01 12:00:00"),
            ("pbx_call_id", "in_x"),
            ("internal", "100"),
        ]);
        let hook =
            parse_webhook(&form, Some("NGZjMDVlZDg2NjdmNTAxZmEwYjExYzE0MGY3NTQ4MzNlMWYwZmEwMg=="), &config()).unwrap();
        let f = hook.facts.unwrap();
        assert_eq!(f.step, Step::Answered);
        assert_eq!(f.direction, Some(Direction::Incoming));
        assert_eq!(f.agent.unwrap(), AgentKey::extension("100"));
    }

    #[test]
    fn out_end_and_record() {
        let form = Form::from_pairs([
            ("event", "NOTIFY_OUT_END"),
            ("internal", "100"),
            ("destination", "79991234567"),
            ("call_start", "2024-05-01 12:05:00"),
            ("pbx_call_id", "out_1"),
            ("duration", "42"),
            ("disposition", "busy"),
            ("is_recorded", "0"),
            ("status_code", "17"),
        ]);
        let f = parse_webhook(&form, Some("MmZjNDk3NWFkMjI3YjlmMTE2NjIyYmU3Y2I5ZTk5YjlkNjIyYzBhZA=="), &config())
            .unwrap()
            .facts
            .unwrap();
        assert_eq!((f.step, f.direction, f.duration_secs), (Step::Ended, Some(Direction::Outgoing), Some(42)));
        assert_eq!(f.disposition, Some(Disposition::Busy));
        assert_eq!(f.recording, None);

        let rec = Form::from_pairs([
            ("event", "NOTIFY_RECORD"),
            ("pbx_call_id", "in_0123456789abcdef0123456789abcdef01234567"),
            ("call_id_with_rec", "1714564800.1234567"),
        ]);
        let f = parse_webhook(&rec, Some("ZjVjNTE5ZTM1ZTg0YjQxYzI1YjRmNDAyZDBmNjUyZmQ4OWRlODJmOQ=="), &config())
            .unwrap()
            .facts
            .unwrap();
        assert_eq!(f.recording.unwrap().id.as_deref(), Some("1714564800.1234567"));
    }

    #[test]
    fn unknown_and_ivr_events_change_nothing() {
        let open = WebhookConfig { secret: None, ..config() };
        for event in ["NOTIFY_IVR", "NOTIFY_INTERNAL_END", "SOMETHING_NEW"] {
            let form = Form::from_pairs([("event", event), ("pbx_call_id", "in_1")]);
            let hook = parse_webhook(&form, None, &open).unwrap();
            assert_eq!(hook.facts, None, "{event}");
        }
    }

    #[test]
    fn a_signed_webhook_with_bad_fields_is_accepted_and_its_problems_noted() {
        let open = WebhookConfig { secret: None, ..config() };
        // (fields, the problem noted, whether the rest still applies)
        type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, bool);
        let cases: [Case; 4] = [
            (vec![("pbx_call_id", "in_1")], "missing field `event`", false),
            (vec![("event", "NOTIFY_END")], "missing field `pbx_call_id`", false),
            (
                vec![("event", "NOTIFY_END"), ("pbx_call_id", "in_1"), ("duration", "ten")],
                "field `duration` is not a whole number: \"ten\"",
                true,
            ),
            (
                vec![("event", "NOTIFY_START"), ("pbx_call_id", "in_1"), ("call_start", "yesterday")],
                "field `call_start` is not YYYY-MM-DD HH:MM:SS: \"yesterday\"",
                true,
            ),
        ];
        for (pairs, problem, applies) in cases {
            let hook = parse_webhook(&Form::from_pairs(pairs.clone()), None, &open).unwrap();
            assert_eq!(hook.problems, [problem], "{pairs:?}");
            assert_eq!(hook.facts.is_some(), applies, "what parses is still applied: {pairs:?}");
        }
        // The rest of a bad NOTIFY_END still counts.
        let form = Form::from_pairs([
            ("event", "NOTIFY_END"),
            ("pbx_call_id", "in_1"),
            ("duration", "ten"),
            ("disposition", "busy"),
            ("internal", "100"),
        ]);
        let f = parse_webhook(&form, None, &open).unwrap().facts.unwrap();
        assert_eq!((f.step, f.duration_secs, f.disposition), (Step::Ended, None, Some(Disposition::Busy)));
        assert_eq!(f.agent.unwrap().ids, ["100"]);
    }

    #[test]
    fn a_webhook_without_event_must_still_carry_a_valid_signature() {
        // No event: the known signing rules are tried in turn.
        let form = Form::from_pairs([
            ("caller_id", "79991234567"),
            ("called_did", "74951234567"),
            ("call_start", "2024-05-01 12:00:00"),
            ("pbx_call_id", "in_1"),
        ]);
        let good = "ZGEwZmRlMjAxNjM5MmNiYmIzZGQyYjE2OTVhYzUwODBhNmQzYzhiYg==";
        let hook = parse_webhook(&form, Some(good), &config()).unwrap();
        assert_eq!((hook.event.as_str(), hook.facts), ("", None));
        assert_eq!(hook.problems, ["missing field `event`"]);
        let other = Form::from_pairs([("caller_id", "1")]);
        assert!(matches!(parse_webhook(&other, Some(good), &config()), Err(WebhookError::Unauthorized(_))));
    }

    #[test]
    fn dispositions() {
        assert_eq!(disposition("no answer"), Disposition::NoAnswer);
        assert_eq!(disposition("call failed"), Disposition::Failed);
        assert_eq!(disposition("CANCEL"), Disposition::Cancelled);
        assert_eq!(disposition("weird"), Disposition::Other("weird".into()));
    }
}
