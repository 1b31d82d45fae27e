//! How a customer's Ringostat webhook writes its parameters (PROTOCOLS.md §4.1, §4.3, §4.5):
//! the key names they picked, the date format, `caller` with a display name, and the body
//! format. Values are always text, as Ringostat sends them.

use chrono::{DateTime, Utc};

use crate::config::{RingostatAccount, RingostatDateFormat, RingostatFormat, RingostatKeys, SimConfig};
use crate::render::Body;

/// The other names an "alternate" cabinet uses (§4.3's alias table).
const ALTERNATE: &[(&str, &str)] = &[
    ("uniqueid", "call_id"),
    ("call_type", "type"),
    ("calldate", "call_date"),
    ("caller", "caller_number"),
    ("dst", "destination"),
    ("disposition", "status"),
    ("duration", "call_duration"),
    ("billsec", "dialog"),
    ("waittime", "waiting"),
    ("employee_fio", "employee"),
    ("employee_number", "staffid"),
    ("recording", "recording_wav"),
    ("has_recording", "recording_presence"),
];

/// The key a parameter (named by its default key) is sent under.
pub fn key(canonical: &'static str, keys: RingostatKeys) -> &'static str {
    match keys {
        RingostatKeys::Default => canonical,
        RingostatKeys::Alternate => {
            ALTERNATE.iter().find(|(from, _)| *from == canonical).map(|(_, to)| *to).unwrap_or(canonical)
        }
    }
}

/// The call's date parameter: `calldate` (plain or ISO) or `call_timestamp` (microseconds).
pub fn date(started: DateTime<Utc>, config: &SimConfig) -> (&'static str, String) {
    let tz = config.ringostat_timezone().expect("validated");
    match config.ringostat.date_format {
        RingostatDateFormat::Plain => ("calldate", started.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string()),
        RingostatDateFormat::Iso => ("calldate", started.with_timezone(&tz).format("%Y-%m-%dT%H:%M:%S%z").to_string()),
        RingostatDateFormat::Timestamp => ("call_timestamp", started.timestamp_micros().to_string()),
    }
}

const DISPLAY_NAMES: &[&str] = &["Олена Коваль", "Іван Петренко", "Марія Шевченко"];

/// FNV-1a: stable across Rust versions, so a seed replays the same quirks.
fn hash(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// An incoming `caller`: the bare number, or with `caller_display` a display name around it,
/// HTML-escaped in every second call (both seen in the wild, §4.5).
pub fn incoming_caller(client: &str, call_id: &str, account: &RingostatAccount) -> String {
    if !account.caller_display {
        return client.to_string();
    }
    let name = DISPLAY_NAMES[hash(client) as usize % DISPLAY_NAMES.len()];
    if call_id.bytes().last().unwrap_or(0) % 2 == 1 {
        format!("&quot;{name}&quot; &lt;{client}&gt;")
    } else {
        format!("\"{name}\" <{client}>")
    }
}

/// The body of one webhook: `params` under the cabinet's keys, in its format.
pub fn body(params: &[(&'static str, String)], account: &RingostatAccount) -> Body {
    let pairs: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| {
            // The alternate cabinet's integration reads the direction upper-case (IN/OUT).
            let v = if *k == "call_type" && account.keys == RingostatKeys::Alternate {
                v.to_uppercase()
            } else {
                v.clone()
            };
            (key(k, account.keys).to_string(), v)
        })
        .collect();
    match account.format {
        RingostatFormat::Json => Body::Json(json_object(&pairs)),
        RingostatFormat::Form => Body::Form(pairs),
        RingostatFormat::Get => Body::Query(pairs),
    }
}

/// A JSON object of strings, keys in the given order.
pub fn json_object(pairs: &[(String, String)]) -> String {
    let encode = |s: &str| serde_json::to_string(s).expect("strings encode");
    let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{}: {}", encode(k), encode(v))).collect();
    format!("{{{}}}", inner.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_in_each_format() {
        let mut config = SimConfig::default();
        // 06:30:47 UTC is 09:30:47 in Kyiv in summer (+0300).
        let at = Utc.with_ymd_and_hms(2019, 6, 2, 6, 30, 47).unwrap() + chrono::Duration::microseconds(505_487);
        assert_eq!(date(at, &config), ("calldate", "2019-06-02 09:30:47".to_string()));
        config.ringostat.date_format = RingostatDateFormat::Iso;
        assert_eq!(date(at, &config), ("calldate", "2019-06-02T09:30:47+0300".to_string()));
        config.ringostat.date_format = RingostatDateFormat::Timestamp;
        assert_eq!(date(at, &config), ("call_timestamp", "1559457047505487".to_string()));
    }

    #[test]
    fn callers_with_display_names_escaped_every_second_call() {
        let mut account = RingostatAccount::default();
        assert_eq!(incoming_caller("380501234567", "ua3_-1.1", &account), "380501234567");
        account.caller_display = true;
        let plain = incoming_caller("380501234567", "ua3_-1712345678.1234568", &account);
        let escaped = incoming_caller("380501234567", "ua3_-1712345678.1234567", &account);
        assert!(plain.starts_with('"') && plain.ends_with("\" <380501234567>"), "{plain}");
        assert!(escaped.starts_with("&quot;") && escaped.ends_with("&quot; &lt;380501234567&gt;"), "{escaped}");
        let name = plain.split('"').nth(1).unwrap();
        assert!(DISPLAY_NAMES.contains(&name), "{name}");
        assert_eq!(escaped, format!("&quot;{name}&quot; &lt;380501234567&gt;"), "the same name either way");
    }

    #[test]
    fn keys_and_formats() {
        let mut account = RingostatAccount::default();
        let params =
            [("uniqueid", "ua3_-1.2".to_string()), ("call_type", "in".to_string()), ("sip_login", "anna".into())];
        let Body::Json(text) = body(&params, &account) else { panic!() };
        assert_eq!(text, r#"{"uniqueid": "ua3_-1.2", "call_type": "in", "sip_login": "anna"}"#);
        account.keys = RingostatKeys::Alternate;
        account.format = RingostatFormat::Form;
        let pairs = |b: Body| match b {
            Body::Form(p) | Body::Query(p) => p,
            other => panic!("{other:?}"),
        };
        let form = pairs(body(&params, &account));
        let expected: Vec<(String, String)> =
            [("call_id", "ua3_-1.2"), ("type", "IN"), ("sip_login", "anna")].map(|(k, v)| (k.into(), v.into())).into();
        assert_eq!(form, expected);
        account.format = RingostatFormat::Get;
        assert!(matches!(body(&params, &account), Body::Query(_)));
        for (from, to) in ALTERNATE {
            assert_eq!(key(from, RingostatKeys::Alternate), *to);
            assert_eq!(key(from, RingostatKeys::Default), *from);
        }
    }
}
