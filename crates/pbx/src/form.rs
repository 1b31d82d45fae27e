//! A decoded `application/x-www-form-urlencoded` body (or a flat JSON object), keeping the
//! providers' string values exactly as sent.

use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    fields: HashMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("body is not valid UTF-8")]
    InvalidUtf8,
    #[error("body is not a flat JSON object: {0}")]
    BadJson(String),
}

/// One `application/x-www-form-urlencoded` component, strictly: `form_urlencoded` and
/// serde_urlencoded replace invalid percent-encoded UTF-8 with U+FFFD, which would alter a
/// signed field without a trace, so the bytes are decoded here and refused if not UTF-8.
fn decode_component(raw: &[u8]) -> Result<String, FormError> {
    let plus_as_space: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
    percent_encoding::percent_decode(&plus_as_space)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| FormError::InvalidUtf8)
}

impl Form {
    /// Decodes a form body. Repeated keys keep the first value; invalid UTF-8 anywhere (raw or
    /// percent-encoded) is an error rather than being replaced silently.
    pub fn from_urlencoded(body: &[u8]) -> Result<Form, FormError> {
        std::str::from_utf8(body).map_err(|_| FormError::InvalidUtf8)?;
        let mut fields = HashMap::new();
        for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let (key, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            fields.entry(decode_component(key)?).or_insert(decode_component(value)?);
        }
        Ok(Form { fields })
    }

    /// Decodes a query string (`a=1&b=2`, without `?`) by the same rules as a form body.
    pub fn from_query(query: &str) -> Result<Form, FormError> {
        Form::from_urlencoded(query.as_bytes())
    }

    /// Accepts a flat JSON object; numbers and booleans become their text, nested values and
    /// nulls are dropped (no provider field we read is nested).
    pub fn from_json(body: &[u8]) -> Result<Form, FormError> {
        let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| FormError::BadJson(e.to_string()))?;
        let serde_json::Value::Object(map) = value else {
            return Err(FormError::BadJson("expected an object".into()));
        };
        let fields = map
            .into_iter()
            .filter_map(|(k, v)| match v {
                serde_json::Value::String(s) => Some((k, s)),
                serde_json::Value::Number(n) => Some((k, n.to_string())),
                serde_json::Value::Bool(b) => Some((k, b.to_string())),
                _ => None,
            })
            .collect();
        Ok(Form { fields })
    }

    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Form {
        Form { fields: pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect() }
    }

    /// The field's value, `None` if absent.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    /// The field's value, `None` if absent or blank.
    pub fn non_empty(&self, key: &str) -> Option<&str> {
        self.get(key).map(str::trim).filter(|v| !v.is_empty())
    }

    /// The field's value or `""`: signed strings concatenate missing fields as empty.
    pub fn or_empty(&self, key: &str) -> &str {
        self.get(key).unwrap_or("")
    }

    /// All fields sorted by key, for hashing a delivery.
    pub fn sorted_pairs(&self) -> Vec<(&str, &str)> {
        let mut pairs: Vec<_> = self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        pairs.sort_unstable();
        pairs
    }

    /// The content key of a delivery: `sha256(provider || for each field, sorted by name:
    /// 0x00 name 0x01 value)`, hex. Every field counts, secrets too (they are not stored).
    pub fn content_key(&self, provider: &str) -> String {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        hash.update(provider);
        for (k, v) in self.sorted_pairs() {
            hash.update([0]);
            hash.update(k);
            hash.update([1]);
            hash.update(v);
        }
        hex::encode(hash.finalize())
    }

    /// The fields as a JSON object of strings, sorted, without `secrets`: what is stored.
    pub fn stored_json(&self, secrets: &[&str]) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .sorted_pairs()
            .into_iter()
            .filter(|(k, _)| !secrets.contains(k))
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
            .collect();
        serde_json::Value::Object(map).to_string()
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_and_percent() {
        let f = Form::from_urlencoded(b"call_start=2024-05-01+12%3A00%3A00&a=1&a=2").unwrap();
        assert_eq!(f.get("call_start"), Some("2024-05-01 12:00:00"));
        assert_eq!(f.get("a"), Some("1"));
    }

    #[test]
    fn refuses_invalid_utf8() {
        assert_eq!(Form::from_urlencoded(b"a=%FF%FE"), Err(FormError::InvalidUtf8));
        assert_eq!(Form::from_urlencoded(b"a=\xff"), Err(FormError::InvalidUtf8));
    }

    /// Found by the `form_decode` fuzz target: a raw U+FFFD was accepted but the same text
    /// percent-encoded (as any encoder writes it) was refused.
    #[test]
    fn replacement_character_is_a_character_raw_or_encoded() {
        let raw = Form::from_urlencoded("\u{FFFD}".as_bytes()).unwrap();
        let encoded = Form::from_urlencoded(b"%EF%BF%BD").unwrap();
        assert_eq!(raw, encoded);
        assert_eq!(encoded.get("\u{FFFD}"), Some(""));
        // Still refused: invalid UTF-8 next to a genuine U+FFFD.
        assert_eq!(Form::from_urlencoded("a=\u{FFFD}&b=%FF".as_bytes()), Err(FormError::InvalidUtf8));
    }

    #[test]
    fn empty_pairs_and_missing_values() {
        let f = Form::from_urlencoded(b"&&a&b=&=c&d=1=2").unwrap();
        assert_eq!((f.get("a"), f.get("b"), f.get(""), f.get("d")), (Some(""), Some(""), Some("c"), Some("1=2")));
    }

    #[test]
    fn content_keys_cover_every_field_and_the_provider() {
        let a = Form::from_pairs([("event", "NOTIFY_START"), ("crm_token", "s")]);
        let b = Form::from_pairs([("crm_token", "s"), ("event", "NOTIFY_START")]);
        assert_eq!(a.content_key("zadarma"), b.content_key("zadarma"), "order does not matter");
        assert_ne!(a.content_key("zadarma"), a.content_key("itoolabs"));
        let c = Form::from_pairs([("event", "NOTIFY_START"), ("crm_token", "t")]);
        assert_ne!(a.content_key("zadarma"), c.content_key("zadarma"), "secrets count");
        // sha256("zadarma" 0x00 "a" 0x01 "1"): the rule earlier relays stored keys by, so a
        // redelivery across an upgrade is still a repeat.
        assert_eq!(
            Form::from_pairs([("a", "1")]).content_key("zadarma"),
            "a8d4a439ca41fe517e4e84df499feb58c41e9c760d620f3fa5270228840d2637"
        );
    }

    #[test]
    fn stored_fields_leave_secrets_out() {
        let f = Form::from_pairs([("cmd", "event"), ("crm_token", "secret"), ("n", "1")]);
        assert_eq!(f.stored_json(&["crm_token"]), r#"{"cmd":"event","n":"1"}"#);
    }

    #[test]
    fn flat_json() {
        let f = Form::from_json(br#"{"cmd":"event","n":5,"nested":{"x":1}}"#).unwrap();
        assert_eq!(f.get("n"), Some("5"));
        assert_eq!(f.get("nested"), None);
        assert!(Form::from_json(b"[1]").is_err());
    }
}
