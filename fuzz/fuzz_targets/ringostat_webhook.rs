//! A Ringostat webhook with the parameters an admin ticked (JSON, form or query, display-name
//! callers, any date form): reading never panics, nothing is accepted without the URL secret,
//! and with it nothing is refused for its content.
#![no_main]

use callcard_pbx::ringostat::{RingostatConfig, RingostatWebhooks, EVENTS};
use callcard_pbx::{Inbound, RawRequest, WebhookAdapter, WebhookError};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "fuzz_ringostat_secret_0123";

fuzz_target!(|input: (u8, u8, &[u8])| {
    let (event, shape, body) = input;
    let ringostat = RingostatWebhooks::new(RingostatConfig {
        secret: Some(SECRET.into()),
        timezone: chrono_tz::Europe::Kyiv,
        fields: Default::default(),
        route_response_key: if shape & 4 == 0 { "destination".into() } else { String::new() },
    });
    let event = EVENTS[event as usize % EVENTS.len()].to_string();
    let get = shape & 1 == 1;
    let content_type = if shape & 2 == 0 { "application/json" } else { "application/x-www-form-urlencoded" };
    let query = if get { std::str::from_utf8(body).unwrap_or("") } else { "" };
    let body = if get { &b""[..] } else { body };
    let headers = vec![("content-type".to_string(), content_type.to_string())];
    let wrong = vec!["not-the-secret-0123456789".to_string(), event.clone()];
    let request = RawRequest { method: if get { "GET" } else { "POST" }, path: &wrong, query, headers: &headers, body };
    assert!(matches!(ringostat.receive(&request), Err(WebhookError::Unauthorized(_))), "accepted without the secret");
    let right = vec![SECRET.to_string(), event];
    match ringostat.receive(&RawRequest { path: &right, ..request }) {
        Ok(Inbound::Webhook(hook)) => {
            serde_json::from_str::<serde_json::Value>(&hook.stored_fields).expect("stored fields are JSON");
            assert_eq!(ringostat.reply(&hook, None).status, 200, "Ringostat never retries: always 200");
        }
        Ok(Inbound::Answer(_)) => panic!("Ringostat has no immediate answers"),
        Err(other) => panic!("refused with the right secret: {other:?}"),
    }
});
