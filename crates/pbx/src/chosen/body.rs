//! Reading a body the way the customer's template or ticked parameters made it (PROTOCOLS.md
//! §3.5, §4.1): JSON whose values are literals or strings, `""value""` where a placeholder was
//! quoted, the customer's own envelope or nested groups, a form, or the same variables as a GET
//! query.

use serde_json::{Map, Value};

use crate::{Form, FormError, RawRequest};

/// Parses a JSON body leniently: as sent, else after repairing quoted placeholders.
pub fn parse_json(body: &[u8]) -> Result<Map<String, Value>, FormError> {
    let text = std::str::from_utf8(body).map_err(|_| FormError::InvalidUtf8)?;
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(first) => serde_json::from_str::<Value>(&repair_quoted_placeholders(text))
            .map_err(|_| FormError::BadJson(first.to_string()))?,
    };
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(FormError::BadJson("expected an object".into())),
    }
}

/// `"key": ""value""` → `"key": "value"`: a template that put quotes around a placeholder UIS
/// already renders as a JSON string. An empty string (`""` followed by `,`, `}` or `]`) is
/// left alone.
pub fn repair_quoted_placeholders(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut last = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            if bytes.get(i + 1) == Some(&b'"') && starts_value(bytes, i) && !ends_value(bytes, i + 2) {
                // `""x…` at a value's start: find the closing `""`.
                if let Some(close) = find_closing(bytes, i + 2) {
                    out.push_str(&text[last..i]);
                    out.push('"');
                    out.push_str(&escape_bare_quotes(&text[i + 2..close]));
                    out.push('"');
                    i = close + 2;
                    last = i;
                    continue;
                }
            }
            in_string = true;
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    out
}

/// The quotes inside a repaired value, escaped unless they already are (`ООО "Ромашка"` and
/// `ООО \"Ромашка\"` both become `ООО \"Ромашка\"`).
fn escape_bare_quotes(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len() + 8);
    let mut escaped = false;
    for c in inner.chars() {
        if c == '"' && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

/// A repaired value is a rendered placeholder, not a document: the closing `""` is looked for
/// this far at most, so a crafted body cannot make the repair quadratic.
const LONGEST_VALUE: usize = 4096;

/// Whether the quote at `at` starts a value (after `:`, `[` or `,`, spaces aside).
fn starts_value(bytes: &[u8], at: usize) -> bool {
    bytes[..at].iter().rev().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| matches!(b, b':' | b'[' | b','))
}

/// Whether a value ends at `at` (spaces aside): what follows `""` in an empty string.
fn ends_value(bytes: &[u8], at: usize) -> bool {
    match bytes[at..].iter().find(|b| !b.is_ascii_whitespace()) {
        None => true,
        Some(b) => matches!(b, b',' | b'}' | b']' | b':'),
    }
}

/// The `""` that closes a doubly quoted value starting at `from`, followed by the value's end.
fn find_closing(bytes: &[u8], from: usize) -> Option<usize> {
    let end = bytes.len().saturating_sub(1).min(from + LONGEST_VALUE);
    (from..end).find(|&j| bytes[j] == b'"' && bytes[j + 1] == b'"' && ends_value(bytes, j + 2))
}

/// The object's fields as text, nested groups flattened one level (`{"call_info": {"direction":
/// "in"}}` gives `direction`; a key at the top wins over the same key in a group). Arrays are
/// joined with `,`; `null` is left out.
pub fn flatten(map: &Map<String, Value>) -> Form {
    // A lone envelope (`{"data": {…}}`) is unwrapped first, so its groups are flattened too.
    let mut map = map;
    while let (1, Some(Value::Object(inner))) = (map.len(), map.values().next()) {
        map = inner;
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut nested: Vec<(String, String)> = Vec::new();
    for (key, value) in map {
        match value {
            Value::Object(group) => {
                for (inner, value) in group {
                    if let Some(text) = scalar(value) {
                        nested.push((inner.clone(), text));
                    }
                }
            }
            other => {
                if let Some(text) = scalar(other) {
                    pairs.push((key.clone(), text));
                }
            }
        }
    }
    for (key, value) in nested {
        if !pairs.iter().any(|(k, _)| *k == key) {
            pairs.push((key, value));
        }
    }
    Form::from_pairs(pairs)
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(items.iter().filter_map(scalar).collect::<Vec<_>>().join(",")),
        Value::Object(_) => None,
    }
}

/// A query value a template rendered as a JSON string literal (`direction="in"`): unquoted.
fn unquoted(value: &str) -> &str {
    value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value)
}

/// The variables of a request: the query, and over it a POST's body (JSON however the template
/// rendered it, or a form). The secret was right, so nothing is refused for its content: what
/// cannot be read is kept as text (`_body`, `_query`) with a problem saying why.
pub fn read_variables(request: &RawRequest) -> (Form, Vec<String>) {
    let mut problems = vec![];
    let mut pairs: Vec<(String, String)> = vec![];
    let body = request.body;
    if request.method != "GET" && !body.iter().all(u8::is_ascii_whitespace) {
        let looks_like_json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        let form_said = request.content_type() == "application/x-www-form-urlencoded";
        // The Content-Type is undocumented for these PBXes: JSON first unless it says form and
        // the body is no object, then the other reading.
        let as_json = || parse_json(body).map(|map| flatten(&map));
        let as_form = || Form::from_urlencoded(body).ok().filter(|f| !f.is_empty() && !looks_like_json);
        let from_body = if form_said && !looks_like_json {
            Form::from_urlencoded(body).or_else(|e| as_json().map_err(|_| e))
        } else {
            as_json().or_else(|e| as_form().ok_or(e))
        };
        match from_body {
            Ok(form) => pairs.extend(form.sorted_pairs().into_iter().map(|(k, v)| (k.to_string(), v.to_string()))),
            Err(e) => {
                problems.push(format!("the body is not a JSON object or a form: {e}"));
                pairs.push(("_body".into(), String::from_utf8_lossy(body).into_owned()));
            }
        }
    }
    match Form::from_query(request.query) {
        Ok(query) => {
            for (k, v) in query.sorted_pairs() {
                if !pairs.iter().any(|(key, _)| key == k) {
                    pairs.push((k.to_string(), unquoted(v).to_string()));
                }
            }
        }
        Err(e) => {
            problems.push(format!("the query does not decode: {e}"));
            pairs.push(("_query".into(), request.query.to_string()));
        }
    }
    (Form::from_pairs(pairs), problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_quoted_placeholders_and_leaves_empty_strings() {
        let raw = r#"{"a": ""Петрова Анна"", "b": "", "c": ""x"", "d":[""1"",""2""], "e": "ok"}"#;
        let map = parse_json(raw.as_bytes()).unwrap();
        assert_eq!(map["a"], "Петрова Анна");
        assert_eq!(map["b"], "");
        assert_eq!(map["c"], "x");
        assert_eq!(map["d"], serde_json::json!(["1", "2"]));
        assert_eq!(map["e"], "ok");
        // A quoted number placeholder is a plain string: valid JSON, nothing to repair.
        assert_eq!(parse_json(br#"{"employee_id": "323409"}"#).unwrap()["employee_id"], "323409");
        assert!(parse_json(b"{\"a\": ").is_err());
        assert!(parse_json(b"[1]").is_err());
        assert!(parse_json(b"\xff").is_err());
    }

    #[test]
    fn a_quote_inside_a_repaired_value_stays_valid() {
        let map = parse_json(r#"{"name": ""ООО "Ромашка""", "n": 1}"#.as_bytes()).unwrap();
        assert_eq!(map["name"], "ООО \"Ромашка\"");
        // UIS renders a string as a JSON literal, so a quote in it arrives escaped.
        let map = parse_json(r#"{"name": ""ООО \"Ромашка\""", "n": 1}"#.as_bytes()).unwrap();
        assert_eq!(map["name"], "ООО \"Ромашка\"");
    }

    #[test]
    fn a_lone_envelope_is_unwrapped_before_its_groups_are_flattened() {
        let map = parse_json(br#"{"data": {"call_info": {"call_session_id": 1}, "is_lost": true}}"#).unwrap();
        let form = flatten(&map);
        assert_eq!((form.get("call_session_id"), form.get("is_lost")), (Some("1"), Some("true")));
    }

    #[test]
    fn the_repair_is_linear_in_the_body() {
        let body = format!("[{}]", r#"""a,"#.repeat(20_000));
        let started = std::time::Instant::now();
        let _ = repair_quoted_placeholders(&body);
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    }

    #[test]
    fn flattens_one_level_and_the_top_wins() {
        let map = parse_json(
            br#"{"op":"call","args":{"call_session_id":3123456789,"is_lost":false,"employee_ids":[1,2],"x":null},
                "direction":"in","call_info":{"direction":"out","deep":{"y":1}}}"#,
        )
        .unwrap();
        let form = flatten(&map);
        assert_eq!(form.get("call_session_id"), Some("3123456789"));
        assert_eq!(form.get("is_lost"), Some("false"));
        assert_eq!(form.get("employee_ids"), Some("1,2"));
        assert_eq!(form.get("direction"), Some("in"));
        assert_eq!(form.get("x"), None);
        assert_eq!(form.get("y"), None);
        assert_eq!(form.get("op"), Some("call"));
    }
}
