//! A UIS notification, however a template rendered it (JSON with quoted placeholders, nested
//! groups, a query): reading never panics, nothing is accepted without the URL secret, and with
//! it nothing is refused for its content (bad bodies and fields become problems).
#![no_main]

use callcard_pbx::uis::{PhoneBook, UisConfig, UisWebhooks, EVENTS};
use callcard_pbx::{Inbound, RawRequest, WebhookAdapter, WebhookError};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "fuzz_uis_secret_0123456789";

fuzz_target!(|input: (u8, bool, &[u8])| {
    let (event, get, body) = input;
    let uis = UisWebhooks::new(UisConfig {
        secret: Some(SECRET.into()),
        timezone: chrono_tz::Europe::Moscow,
        fields: Default::default(),
        blacklist_returned_code: 2,
        fallback_returned_code: 1,
        phones: PhoneBook::default(),
    });
    let event = EVENTS[event as usize % EVENTS.len()].to_string();
    let query = if get { std::str::from_utf8(body).unwrap_or("") } else { "" };
    let body = if get { &b""[..] } else { body };
    let headers = vec![("content-type".to_string(), "application/json".to_string())];
    let wrong = vec!["not-the-secret-0123456789".to_string(), event.clone()];
    let request = RawRequest { method: if get { "GET" } else { "POST" }, path: &wrong, query, headers: &headers, body };
    assert!(matches!(uis.receive(&request), Err(WebhookError::Unauthorized(_))), "accepted without the secret");
    let right = vec![SECRET.to_string(), event];
    match uis.receive(&RawRequest { path: &right, ..request }) {
        Ok(Inbound::Webhook(hook)) => {
            serde_json::from_str::<serde_json::Value>(&hook.stored_fields).expect("stored fields are JSON");
            let sent = String::from_utf8_lossy(body).contains(SECRET) || query.contains(SECRET);
            assert!(sent || !hook.stored_fields.contains(SECRET), "the secret is stored");
            let _ = uis.reply(&hook, None);
        }
        Ok(Inbound::Answer(_)) => panic!("UIS has no immediate answers"),
        Err(other) => panic!("refused with the right secret: {other:?}"),
    }
});
