//! How a customer's UIS notification template renders the variables (PROTOCOLS.md §3.5):
//! placeholders become JSON literals, inside whatever keys, quotes and groups the customer
//! wrote around them; with GET the variables travel as a query string instead.

use crate::config::{UisMethod, UisTemplate};
use crate::render::Body;

/// One variable's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Str(String),
    Int(i64),
    Bool(bool),
    Null,
    List(Vec<Val>),
}

impl Val {
    pub fn str(s: impl Into<String>) -> Val {
        Val::Str(s.into())
    }

    /// The placeholder as UIS substitutes it: a JSON literal.
    fn literal(&self) -> String {
        match self {
            Val::Str(s) => serde_json::to_string(s).expect("strings encode"),
            Val::Int(n) => n.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Null => "null".into(),
            Val::List(items) => format!("[{}]", items.iter().map(Val::literal).collect::<Vec<_>>().join(",")),
        }
    }

    /// The value in a query string.
    fn plain(&self) -> String {
        match self {
            Val::Str(s) => s.clone(),
            Val::Null => String::new(),
            Val::List(items) => items.iter().map(Val::plain).collect::<Vec<_>>().join(","),
            other => other.literal(),
        }
    }
}

/// The keys a "renamed" customer chose instead of the variable names.
pub const RENAMED: &[(&str, &str)] = &[
    ("call_session_id", "session"),
    ("contact_phone_number", "client_phone"),
    ("employee_id", "manager_id"),
    ("virtual_phone_number", "line"),
];

fn renamed(key: &str) -> &str {
    RENAMED.iter().find(|(from, _)| *from == key).map(|(_, to)| *to).unwrap_or(key)
}

/// The group a "nested" customer put a variable in (`None`: top level).
fn group(key: &str) -> Option<&'static str> {
    match key {
        "notification_name" | "notification_mnemonic" | "notification_time" => None,
        "contact_phone_number" | "contact_id" | "contact_full_name" => Some("contact_info"),
        "employee_id" | "employee_full_name" | "employee_phone_number" => Some("employee_info"),
        "file_link" | "file_duration" => Some("call_record_file_info"),
        _ => Some("call_info"),
    }
}

fn object(entries: &[(String, String)]) -> String {
    let inner: Vec<String> =
        entries.iter().map(|(k, v)| format!("{}: {v}", serde_json::to_string(k).expect("strings encode"))).collect();
    format!("{{{}}}", inner.join(", "))
}

/// The body of one notification as the customer's template renders it.
pub fn render(vars: &[(&str, Val)], template: UisTemplate, method: UisMethod) -> Body {
    let key = |k: &str| if template == UisTemplate::Renamed { renamed(k).to_string() } else { k.to_string() };
    if method == UisMethod::Get {
        return Body::Query(vars.iter().map(|(k, v)| (key(k), v.plain())).collect());
    }
    let value = |v: &Val| match (template, v) {
        // `"key": "{{var}}"`: a string's own quotes end up doubled. Lists are left bare: no
        // template quotes a list placeholder.
        (UisTemplate::Quoted, Val::List(_)) => v.literal(),
        (UisTemplate::Quoted, _) => format!("\"{}\"", v.literal()),
        _ => v.literal(),
    };
    if template != UisTemplate::Nested {
        let entries: Vec<(String, String)> = vars.iter().map(|(k, v)| (key(k), value(v))).collect();
        return Body::Json(object(&entries));
    }
    // Groups in the order their first variable comes.
    let mut top: Vec<(String, String)> = vec![];
    let mut groups: Vec<(&str, Vec<(String, String)>)> = vec![];
    for (k, v) in vars {
        match group(k) {
            None => top.push((k.to_string(), value(v))),
            Some(g) => match groups.iter_mut().find(|(name, _)| *name == g) {
                Some((_, entries)) => entries.push((k.to_string(), value(v))),
                None => groups.push((g, vec![(k.to_string(), value(v))])),
            },
        }
    }
    top.extend(groups.into_iter().map(|(name, entries)| (name.to_string(), object(&entries))));
    Body::Json(object(&top))
}

/// The interactive routing request's parameters: chosen in the scenario, not a template, so
/// always plain JSON literals (POST) or a query string (GET).
pub fn render_plain(vars: &[(&str, Val)], method: UisMethod) -> Body {
    render(vars, UisTemplate::Literal, method)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn vars() -> Vec<(&'static str, Val)> {
        vec![
            ("notification_name", Val::str("Ожидание ответа")),
            ("call_session_id", Val::Int(237859081)),
            ("contact_phone_number", Val::str("79991234567")),
            ("contact_id", Val::Null),
            ("employee_id", Val::Int(3234100)),
            ("employee_full_name", Val::str("Anna \"A\" Smirnova")),
            ("is_lost", Val::Bool(false)),
            ("employee_ids", Val::List(vec![Val::Int(3234100), Val::Int(3234101)])),
            ("file_link", Val::str("http://sim/uis/media/t/r.mp3")),
        ]
    }

    fn json_of(body: Body) -> (String, Value) {
        let Body::Json(text) = body else { panic!("not JSON: {body:?}") };
        let value = serde_json::from_str(&text).unwrap_or(Value::Null);
        (text, value)
    }

    #[test]
    fn literal_placeholders_are_json_literals() {
        let (text, v) = json_of(render(&vars(), UisTemplate::Literal, UisMethod::Post));
        assert!(text.contains("\"call_session_id\": 237859081"), "{text}");
        assert_eq!(v["call_session_id"], json!(237859081));
        assert_eq!(v["employee_id"], json!(3234100));
        assert_eq!(v["contact_id"], Value::Null);
        assert_eq!(v["is_lost"], json!(false));
        assert_eq!(v["employee_ids"], json!([3234100, 3234101]));
        assert_eq!(v["employee_full_name"], "Anna \"A\" Smirnova");
        assert_eq!(v["notification_name"], "Ожидание ответа");
    }

    #[test]
    fn quoted_placeholders_double_the_quotes_of_strings() {
        let (text, v) = json_of(render(&vars(), UisTemplate::Quoted, UisMethod::Post));
        assert_eq!(v, Value::Null, "not JSON as sent: {text}");
        assert!(text.contains("\"contact_phone_number\": \"\"79991234567\"\""), "{text}");
        assert!(text.contains("\"call_session_id\": \"237859081\""), "{text}");
        assert!(text.contains("\"contact_id\": \"null\""), "{text}");
        assert!(text.contains("\"employee_ids\": [3234100,3234101]"), "{text}");
        // What a receiver's `""x""` → `"x"` repair makes of it.
        let repaired = text.replace("\"\"", "\"");
        let v: Value = serde_json::from_str(&repaired).unwrap();
        assert_eq!(v["contact_phone_number"], "79991234567");
        assert_eq!(v["call_session_id"], "237859081");
    }

    #[test]
    fn renamed_keys_are_the_customers() {
        let (_, v) = json_of(render(&vars(), UisTemplate::Renamed, UisMethod::Post));
        assert_eq!(v["session"], json!(237859081));
        assert_eq!(v["client_phone"], "79991234567");
        assert_eq!(v["manager_id"], json!(3234100));
        for (from, _) in RENAMED {
            assert!(v.get(from).is_none(), "{from} still there: {v}");
        }
        assert_eq!(v["employee_full_name"], "Anna \"A\" Smirnova");
    }

    #[test]
    fn nested_groups_are_one_level_deep() {
        let (_, v) = json_of(render(&vars(), UisTemplate::Nested, UisMethod::Post));
        assert_eq!(v["notification_name"], "Ожидание ответа");
        assert_eq!(v["call_info"]["call_session_id"], json!(237859081));
        assert_eq!(v["call_info"]["is_lost"], json!(false));
        assert_eq!(v["contact_info"]["contact_phone_number"], "79991234567");
        assert_eq!(v["employee_info"], json!({"employee_id": 3234100, "employee_full_name": "Anna \"A\" Smirnova"}));
        assert_eq!(v["call_record_file_info"]["file_link"], "http://sim/uis/media/t/r.mp3");
        assert!(v.get("call_session_id").is_none());
    }

    #[test]
    fn get_sends_plain_text_in_the_query() {
        let Body::Query(pairs) = render(&vars(), UisTemplate::Renamed, UisMethod::Get) else { panic!() };
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("session"), Some("237859081"));
        assert_eq!(get("client_phone"), Some("79991234567"));
        assert_eq!(get("contact_id"), Some(""));
        assert_eq!(get("is_lost"), Some("false"));
        assert_eq!(get("employee_ids"), Some("3234100,3234101"));
        assert_eq!(get("employee_full_name"), Some("Anna \"A\" Smirnova"));
    }
}
