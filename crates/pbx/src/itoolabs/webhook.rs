use callcard_protocol::{Direction, Disposition, ProviderId};
use chrono::{DateTime, NaiveDateTime, Utc};
use subtle::ConstantTimeEq;

use crate::facts::parse_u32;
use crate::{AgentKey, CallFacts, Form, Lookup, RecordingFacts, Step, Webhook, WebhookError};

/// The error texts that API specifies, answered as `{"error": …}`.
pub const INVALID_TOKEN: &str = "Invalid token";
pub const INVALID_PARAMETERS: &str = "Invalid parameters";

fn bad(detail: impl Into<String>) -> WebhookError {
    WebhookError::BadRequest(detail.into())
}

fn required<'a>(form: &'a Form, key: &str) -> Result<&'a str, WebhookError> {
    form.non_empty(key).ok_or_else(|| bad(format!("missing field `{key}`")))
}

fn agent(form: &Form) -> Option<AgentKey> {
    let key = AgentKey {
        extension: form.non_empty("ext").map(str::to_string),
        login: form.non_empty("user").map(str::to_string),
    };
    (!key.is_empty()).then_some(key)
}

fn direction(raw: Option<&str>) -> Result<Option<Direction>, WebhookError> {
    match raw.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") => Ok(None),
        Some("in") => Ok(Some(Direction::Incoming)),
        Some("out") => Ok(Some(Direction::Outgoing)),
        Some(other) => Err(bad(format!("field `type`/`direction` is neither in nor out: {other:?}"))),
    }
}

/// `history.start` is `YYYYmmddTHHMMSSZ`, UTC.
fn start_time(form: &Form) -> Result<Option<DateTime<Utc>>, WebhookError> {
    let Some(raw) = form.non_empty("start") else { return Ok(None) };
    NaiveDateTime::parse_from_str(raw, "%Y%m%dT%H%M%SZ")
        .map(|t| Some(t.and_utc()))
        .map_err(|_| bad(format!("field `start` is not YYYYmmddTHHMMSSZ: {raw:?}")))
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

fn event_facts(form: &Form, call_id: &str) -> Result<Option<CallFacts>, WebhookError> {
    let kind = required(form, "type")?.to_ascii_uppercase();
    let step = match kind.as_str() {
        "INCOMING" | "OUTGOING" => Step::Ringing,
        "ACCEPTED" => Step::Answered,
        "COMPLETED" => Step::Ended,
        "CANCELLED" => Step::RingingStopped,
        "TRANSFERRED" => Step::Transferred,
        _ => return Ok(None),
    };
    let mut f = CallFacts::new(ProviderId::new(ProviderId::ITOOLABS), call_id, step);
    f.direction = match kind.as_str() {
        "INCOMING" => Some(Direction::Incoming),
        "OUTGOING" => Some(Direction::Outgoing),
        _ => direction(form.get("direction"))?,
    };
    f.client_phone = form.non_empty("phone").map(str::to_string);
    f.line = form.non_empty("diversion").map(str::to_string);
    f.agent = agent(form);
    Ok(Some(f))
}

fn history_facts(form: &Form, call_id: &str) -> Result<CallFacts, WebhookError> {
    let mut f = CallFacts::new(ProviderId::new(ProviderId::ITOOLABS), call_id, Step::Ended);
    f.direction = direction(form.get("type"))?;
    f.client_phone = form.non_empty("phone").map(str::to_string);
    f.line = form.non_empty("diversion").map(str::to_string);
    f.agent = agent(form);
    f.started_at = start_time(form)?;
    f.duration_secs = parse_u32("duration", form.get("duration"))?;
    f.disposition = Some(disposition(required(form, "status")?));
    f.recording =
        form.non_empty("link").map(|link| RecordingFacts { id: None, url: Some(link.to_string()), ready: true });
    Ok(f)
}

/// Checks `crm_token` and parses one PBX → CRM request.
pub fn parse_webhook(form: &Form, crm_token: Option<&str>) -> Result<Webhook, WebhookError> {
    check_token(form, crm_token)?;
    let cmd = required(form, "cmd")?.to_ascii_lowercase();
    let (event, facts, lookup) = match cmd.as_str() {
        "event" => {
            let call_id = required(form, "callid")?;
            let facts = event_facts(form, call_id)?;
            (format!("event/{}", form.or_empty("type")), facts, None)
        }
        "history" => ("history".to_string(), Some(history_facts(form, required(form, "callid")?)?), None),
        "contact" => {
            let phone = required(form, "phone")?.to_string();
            ("contact".to_string(), None, Some(Lookup::ItoolabsContact { phone }))
        }
        // cmd=rating and anything newer: accepted and ignored.
        other => (other.to_string(), None, None),
    };
    Ok(Webhook { provider: ProviderId::new(ProviderId::ITOOLABS), event, facts, lookup })
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
        assert_eq!(f.agent, Some(AgentKey { extension: Some("701".into()), login: Some("ivan".into()) }));
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
        assert_eq!(
            parse_webhook(&form, Some(TOKEN)).unwrap().lookup,
            Some(Lookup::ItoolabsContact { phone: "79101234567".into() })
        );
        let form = Form::from_pairs([("cmd", "rating"), ("rating", "5"), ("crm_token", TOKEN)]);
        assert_eq!(parse_webhook(&form, Some(TOKEN)).unwrap().facts, None);
        let form = Form::from_pairs([("cmd", "event"), ("type", "SOMETHING"), ("callid", "c"), ("crm_token", TOKEN)]);
        assert_eq!(parse_webhook(&form, Some(TOKEN)).unwrap().facts, None);
    }

    #[test]
    fn missing_parameters() {
        for pairs in [
            vec![("crm_token", TOKEN)],
            vec![("cmd", "event"), ("type", "INCOMING"), ("crm_token", TOKEN)],
            vec![("cmd", "history"), ("callid", "c"), ("crm_token", TOKEN)],
            vec![("cmd", "history"), ("callid", "c"), ("status", "missed"), ("type", "sideways"), ("crm_token", TOKEN)],
            vec![("cmd", "contact"), ("crm_token", TOKEN)],
        ] {
            assert!(
                matches!(
                    parse_webhook(&Form::from_pairs(pairs.clone()), Some(TOKEN)),
                    Err(WebhookError::BadRequest(_))
                ),
                "{pairs:?}"
            );
        }
    }
}
