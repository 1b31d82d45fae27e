//! A Zadarma webhook body and Signature header as they arrive: parsing never panics, and a
//! webhook is accepted only with a signature one of Zadarma's signing rules gives for its own
//! fields (its event's rule, or for an unknown or missing event any of them). An accepted
//! webhook is never refused for its content: what does not parse is listed as a problem.
#![no_main]

use callcard_pbx::zadarma::{candidate_strings, parse_webhook, signed_string, verify_webhook_signature, WebhookConfig};
use callcard_pbx::Form;
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "test_secret_456";

fuzz_target!(|input: (&[u8], &str, bool)| {
    let (body, header, signed_right) = input;
    let Ok(form) = Form::from_urlencoded(body) else { return };
    let event = form.non_empty("event").unwrap_or("").to_string();
    let rules = match signed_string(&event, &form) {
        Some(s) => vec![s],
        None => candidate_strings(&form),
    };
    // Half the runs carry the right signature so the parsers behind the check are reached.
    let right = callcard_pbx::zadarma::webhook_signature(SECRET, &rules[0]);
    let header = if signed_right { right.as_str() } else { header };
    let config = |secret: Option<&str>| WebhookConfig {
        secret: secret.map(str::to_string),
        accept_raw_signature: false,
        timezone: chrono_tz::Europe::Moscow,
        latin_caller_name: true,
    };
    if parse_webhook(&form, Some(header), &config(Some(SECRET))).is_ok() {
        assert!(
            rules.iter().any(|s| verify_webhook_signature(SECRET, s, header, false).is_some()),
            "accepted a wrong signature"
        );
    }
    if signed_right {
        assert!(parse_webhook(&form, Some(header), &config(Some(SECRET))).is_ok(), "refused a signed webhook");
    }
    let hook = parse_webhook(&form, None, &config(None)).expect("unsigned webhooks are accepted without a secret");
    assert!(hook.facts.is_none() || !hook.facts.as_ref().unwrap().call_id.trim().is_empty());
});
