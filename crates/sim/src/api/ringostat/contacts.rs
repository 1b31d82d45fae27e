//! `POST /minicrm/contacts/sync` (PROTOCOLS.md §4.7): contacts with their phones and e-mails,
//! checked strictly (a bad shape is a 400 naming what is wrong) and kept by `externalId`.

use std::sync::Mutex;

use serde_json::{Map, Value};

/// Synced contacts, in first-sync order; a later sync of the same `externalId` replaces it.
#[derive(Default)]
pub struct Contacts(Mutex<Vec<Value>>);

impl Contacts {
    pub fn store(&self, batch: Vec<Value>) {
        let mut all = self.0.lock().expect("lock");
        for contact in batch {
            match all.iter_mut().find(|c| c["externalId"] == contact["externalId"]) {
                Some(old) => *old = contact,
                None => all.push(contact),
            }
        }
    }

    pub fn all(&self) -> Vec<Value> {
        self.0.lock().expect("lock").clone()
    }
}

const CONTACT_KEYS: &[&str] = &["projectId", "fullName", "origin", "externalId", "contactDirections"];
const DIRECTION_KEYS: &[&str] = &["name", "type", "value"];

fn exact_keys(object: &Map<String, Value>, keys: &[&str], at: &str) -> Result<(), String> {
    if let Some(extra) = object.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(format!("{at}: unexpected field {extra:?}"));
    }
    if let Some(missing) = keys.iter().find(|k| !object.contains_key(**k)) {
        return Err(format!("{at}: {missing} is required"));
    }
    Ok(())
}

fn text<'a>(object: &'a Map<String, Value>, key: &str, at: &str) -> Result<&'a str, String> {
    match object.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        other => Err(format!("{at}.{key} must be a non-empty string, got {}", other.unwrap_or(&Value::Null))),
    }
}

fn direction(value: &Value, at: &str) -> Result<(), String> {
    let Value::Object(d) = value else { return Err(format!("{at} must be an object")) };
    exact_keys(d, DIRECTION_KEYS, at)?;
    text(d, "name", at)?;
    let v = text(d, "value", at)?;
    match text(d, "type", at)? {
        "phone" if (10..=15).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        "phone" => Err(format!("{at}.value: a phone is 10-15 digits without +, got {v:?}")),
        "email" if v.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.')) => Ok(()),
        "email" => Err(format!("{at}.value: not an e-mail address: {v:?}")),
        other => Err(format!("{at}.type must be phone or email, got {other:?}")),
    }
}

fn contact(value: &Value, project_id: &str, at: &str) -> Result<(), String> {
    let Value::Object(c) = value else { return Err(format!("{at} must be an object")) };
    exact_keys(c, CONTACT_KEYS, at)?;
    // The project id as text or as a number, but this project's.
    let project = match &c["projectId"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => return Err(format!("{at}.projectId must be the project id, got {other}")),
    };
    if project != project_id {
        return Err(format!("{at}.projectId: project {project} not found"));
    }
    text(c, "fullName", at)?;
    text(c, "origin", at)?;
    text(c, "externalId", at)?;
    let Some(directions) = c["contactDirections"].as_array().filter(|d| !d.is_empty()) else {
        return Err(format!("{at}.contactDirections must be a non-empty array"));
    };
    for (i, d) in directions.iter().enumerate() {
        direction(d, &format!("{at}.contactDirections[{i}]"))?;
    }
    Ok(())
}

/// The contacts of a sync request, or what is wrong with it.
pub fn parse(body: &[u8], project_id: &str) -> Result<Vec<Value>, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))?;
    let Value::Object(top) = value else { return Err("body must be an object".into()) };
    exact_keys(&top, &["contacts"], "body")?;
    let Some(contacts) = top["contacts"].as_array() else { return Err("contacts must be an array".into()) };
    for (i, c) in contacts.iter().enumerate() {
        contact(c, project_id, &format!("contacts[{i}]"))?;
    }
    Ok(contacts.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({"projectId": "12345", "fullName": "Ivan Petrov", "origin": "callcard", "externalId": "c1",
               "contactDirections": [{"name": "mobile", "type": "phone", "value": "79991234567"},
                                     {"name": "work", "type": "email", "value": "ivan@acme.example"}]})
    }

    fn with(patch: impl FnOnce(&mut Value)) -> Vec<u8> {
        let mut c = good();
        patch(&mut c);
        json!({"contacts": [c]}).to_string().into_bytes()
    }

    #[test]
    fn a_good_sync_and_what_is_refused() {
        assert_eq!(parse(&with(|_| {}), "12345").unwrap().len(), 1);
        assert!(parse(&with(|c| c["projectId"] = json!(12345)), "12345").is_ok(), "a number too");
        assert!(parse(br#"{"contacts": []}"#, "12345").is_ok());
        let bad: Vec<Vec<u8>> = vec![
            b"nope".to_vec(),
            b"[]".to_vec(),
            br#"{"contacts": {}}"#.to_vec(),
            br#"{"contacts": [], "extra": 1}"#.to_vec(),
            with(|c| c["projectId"] = json!("999")),
            with(|c| c["fullName"] = json!("")),
            with(|c| c["externalId"] = json!(7)),
            with(|c| c["nickname"] = json!("x")),
            with(|c| {
                c.as_object_mut().unwrap().remove("origin");
            }),
            with(|c| c["contactDirections"] = json!([])),
            with(|c| c["contactDirections"][0]["type"] = json!("fax")),
            with(|c| c["contactDirections"][0]["value"] = json!("+79991234567")),
            with(|c| c["contactDirections"][1]["value"] = json!("ivan")),
            with(|c| c["contactDirections"][0]["label"] = json!("x")),
        ];
        for body in bad {
            assert!(parse(&body, "12345").is_err(), "accepted {}", String::from_utf8_lossy(&body));
        }
    }

    #[test]
    fn a_later_sync_replaces_the_contact() {
        let contacts = Contacts::default();
        contacts.store(parse(&with(|_| {}), "12345").unwrap());
        contacts.store(parse(&with(|c| c["fullName"] = json!("Ivan P.")), "12345").unwrap());
        contacts.store(parse(&with(|c| c["externalId"] = json!("c2")), "12345").unwrap());
        let all = contacts.all();
        assert_eq!(all.len(), 2);
        assert_eq!((all[0]["fullName"].as_str(), all[1]["externalId"].as_str()), (Some("Ivan P."), Some("c2")));
    }
}
