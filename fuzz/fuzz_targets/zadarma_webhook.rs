//! A Zadarma webhook body and Signature header as they arrive: parsing never panics, and a
//! webhook is accepted only with the signature of its own fields.
#![no_main]

use callcard_pbx::zadarma::{parse_webhook, signed_string, verify_webhook_signature, WebhookConfig};
use callcard_pbx::Form;
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "test_secret_456";

fuzz_target!(|input: (&[u8], &str, bool)| {
    let (body, header, signed_right) = input;
    let Ok(form) = Form::from_urlencoded(body) else { return };
    let event = form.or_empty("event").to_string();
    // Half the runs carry the right signature so the parsers behind the check are reached.
    let right = signed_string(&event, &form).map(|s| callcard_pbx::zadarma::webhook_signature(SECRET, &s));
    let header = if signed_right { right.as_deref().unwrap_or(header) } else { header };
    let config = |secret: Option<&str>| WebhookConfig {
        secret: secret.map(str::to_string),
        accept_raw_signature: false,
        timezone: chrono_tz::Europe::Moscow,
    };
    if parse_webhook(&form, Some(header), &config(Some(SECRET))).is_ok() {
        let signed = signed_string(&event, &form).expect("an accepted event has a signing rule");
        assert!(verify_webhook_signature(SECRET, &signed, header, false).is_some(), "accepted a wrong signature");
    }
    let _ = parse_webhook(&form, None, &config(None));
});
