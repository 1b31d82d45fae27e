//! UIS's side of the webhook seam: `/hooks/uis/{secret}/{event}`, the secret in the path (UIS
//! signs nothing, PROTOCOLS.md §3.3), POST JSON or GET query, and the interactive call
//! processing reply (`{"phones": […]}` or `{"returned_code": n}`, §3.6).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use callcard_protocol::ProviderId;
use chrono_tz::Tz;
use serde_json::json;

use super::fields::fields;
use super::webhook::{parse_notification, EVENTS};
use crate::chosen::{path_event, read_variables};
use crate::{Inbound, LookupAnswer, RawRequest, Reply, Webhook, WebhookAdapter, WebhookError};

/// Employees' phone numbers (employee id → digits), for routing a caller to the responsible:
/// filled from the Data API's `get.employees` and the admin's config, read on every routing
/// request.
#[derive(Debug, Clone, Default)]
pub struct PhoneBook(Arc<RwLock<HashMap<String, Vec<String>>>>);

impl PhoneBook {
    pub fn phones(&self, employee: &str) -> Vec<String> {
        self.0.read().expect("phone book lock").get(employee).cloned().unwrap_or_default()
    }

    /// Replaces the numbers of the employees given; others stay.
    pub fn set(&self, employee: &str, phones: Vec<String>) {
        self.0.write().expect("phone book lock").insert(employee.to_string(), phones);
    }
}

/// A number as `get.employees` lists it, digits only: `74955140578...2345` (extension dialling
/// after `...`) is `74955140578` (§3.10).
pub fn dialable(raw: &str) -> Option<String> {
    let number = raw.split("...").next().unwrap_or("");
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 3).then_some(digits)
}

#[derive(Debug, Clone)]
pub struct UisConfig {
    /// The secret in every URL; `None` refuses every request.
    pub secret: Option<String>,
    /// The account's time zone (`notification_time` carries none).
    pub timezone: Tz,
    /// `[uis.fields]`: our variable name → the customer's key.
    pub fields: BTreeMap<String, String>,
    /// The scenario branch for a blacklisted caller.
    pub blacklist_returned_code: i64,
    /// The branch for everyone the relay does not route.
    pub fallback_returned_code: i64,
    pub phones: PhoneBook,
}

pub struct UisWebhooks {
    id: ProviderId,
    config: UisConfig,
}

impl UisWebhooks {
    pub fn new(mut config: UisConfig) -> UisWebhooks {
        config.secret = config.secret.filter(|s| !s.is_empty());
        UisWebhooks { id: ProviderId::new(ProviderId::UIS), config }
    }
}

impl WebhookAdapter for UisWebhooks {
    fn provider(&self) -> &ProviderId {
        &self.id
    }

    fn receive(&self, request: &RawRequest) -> Result<Inbound, WebhookError> {
        let event = path_event(self.config.secret.as_deref(), request.path, EVENTS)?;
        if !matches!(request.method, "GET" | "POST") {
            return Err(WebhookError::MethodNotAllowed);
        }
        let (form, unreadable) = read_variables(request);
        let fields = fields(&form, &self.config.fields);
        let mut webhook = parse_notification(event, &form, fields, self.config.timezone);
        webhook.problems.splice(0..0, unreadable);
        Ok(Inbound::Webhook(webhook))
    }

    /// Notifications get an empty 200. The routing request gets the responsible's phones (when
    /// routing to the responsible is on and the relay knows their number), the blacklist branch
    /// for a blacklisted caller, and the fallback branch otherwise.
    fn reply(&self, webhook: &Webhook, answer: Option<&LookupAnswer>) -> Reply {
        if webhook.event != "route" {
            return Reply::text(200, "");
        }
        let fallback = Reply::json(200, &json!({"returned_code": self.config.fallback_returned_code}));
        let Some(answer) = answer else { return fallback };
        if answer.contact.as_ref().is_some_and(|c| c.blacklisted) {
            return Reply::json(200, &json!({"returned_code": self.config.blacklist_returned_code}));
        }
        let phones = match (&answer.responsible_user, answer.redirect_to_responsible, &answer.contact) {
            (Some(employee), true, Some(_)) => self.config.phones.phones(employee),
            _ => vec![],
        };
        if phones.is_empty() {
            fallback
        } else {
            Reply::json(200, &json!({"phones": phones}))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CallerContact;

    const SECRET: &str = "s3cr3t-0123456789abcdef";

    fn uis() -> UisWebhooks {
        UisWebhooks::new(UisConfig {
            secret: Some(SECRET.into()),
            timezone: chrono_tz::Europe::Moscow,
            fields: BTreeMap::from([("employee_id".into(), "manager".into())]),
            blacklist_returned_code: 2,
            fallback_returned_code: 1,
            phones: PhoneBook::default(),
        })
    }

    fn receive(method: &str, path: &[&str], query: &str, body: &str) -> Result<Inbound, WebhookError> {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        let headers = vec![("content-type".to_string(), "application/json".to_string())];
        uis().receive(&RawRequest { method, path: &path, query, headers: &headers, body: body.as_bytes() })
    }

    fn webhook(result: Result<Inbound, WebhookError>) -> Webhook {
        match result {
            Ok(Inbound::Webhook(w)) => w,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_secret_and_the_event_come_from_the_path() {
        assert!(matches!(receive("POST", &["nope", "ringing"], "", "{}"), Err(WebhookError::Unauthorized(_))));
        assert!(matches!(receive("POST", &["nope", "party"], "", "{}"), Err(WebhookError::Unauthorized(_))));
        assert!(matches!(receive("POST", &[], "", "{}"), Err(WebhookError::Unauthorized(_))));
        let Err(WebhookError::UnknownPath { known }) = receive("POST", &[SECRET, "party"], "", "{}") else { panic!() };
        assert!(known.contains(&"ringing") && known.contains(&"route"));
        assert!(matches!(receive("POST", &[SECRET], "", "{}"), Err(WebhookError::UnknownPath { .. })));
        assert_eq!(receive("PUT", &[SECRET, "ringing"], "", "{}").unwrap_err(), WebhookError::MethodNotAllowed);
        let nobody = UisWebhooks::new(UisConfig { secret: Some(String::new()), ..uis().config });
        let path = vec![String::new(), "ringing".to_string()];
        let request = RawRequest { method: "GET", path: &path, query: "", headers: &[], body: b"" };
        assert!(matches!(nobody.receive(&request), Err(WebhookError::Unauthorized(_))));
    }

    #[test]
    fn post_json_get_query_and_renamed_fields() {
        let post = webhook(receive("POST", &[SECRET, "ringing"], "", r#"{"call_session_id": 1, "manager": 4711}"#));
        assert_eq!(post.facts.unwrap().agent.unwrap().ids, ["4711"]);
        let get = webhook(receive("GET", &[SECRET, "ringing"], "call_session_id=1&manager=4711", ""));
        assert_eq!(get.facts.unwrap().agent.unwrap().ids, ["4711"]);
        // Not JSON at all: accepted all the same (the secret was right), kept as text, flagged.
        let broken = webhook(receive("POST", &[SECRET, "ringing"], "", "{\"a\":"));
        assert!(broken.problems[0].starts_with("the body is not a JSON object"), "{:?}", broken.problems);
        assert!(broken.stored_fields.contains("_body"), "{}", broken.stored_fields);
        // A GET whose template quoted values as JSON strings.
        let quoted = webhook(receive("GET", &[SECRET, "ringing"], "call_session_id=1&direction=%22out%22", ""));
        assert_eq!(quoted.facts.unwrap().direction, Some(callcard_protocol::Direction::Outgoing));
        // Unknown keys are kept in what is stored.
        let hook = webhook(receive(
            "POST",
            &[SECRET, "ended"],
            "",
            r#"{"call_session_id": 1, "is_lost": false, "utm_x": "y"}"#,
        ));
        assert!(hook.stored_fields.contains("utm_x"), "{}", hook.stored_fields);
    }

    #[test]
    fn routing_replies() {
        let u = uis();
        u.config.phones.set("4711", vec!["79160000100".into()]);
        let route = webhook(receive(
            "POST",
            &[SECRET, "route"],
            "",
            r#"{"numa": "79991234567", "numb": "74951234567", "cdr_id": 5}"#,
        ));
        let known = CallerContact { name: "Ivan".into(), company: None, blacklisted: false };
        let answer = LookupAnswer {
            contact: Some(known.clone()),
            responsible_user: Some("4711".into()),
            redirect_to_responsible: true,
            return_timeout: None,
            hide_caller_name: false,
        };
        assert_eq!(u.reply(&route, Some(&answer)).body, r#"{"phones":["79160000100"]}"#);
        let off = LookupAnswer { redirect_to_responsible: false, ..answer.clone() };
        assert_eq!(u.reply(&route, Some(&off)).body, r#"{"returned_code":1}"#);
        let no_phone = LookupAnswer { responsible_user: Some("9".into()), ..answer.clone() };
        assert_eq!(u.reply(&route, Some(&no_phone)).body, r#"{"returned_code":1}"#);
        let spam = LookupAnswer { contact: Some(CallerContact { blacklisted: true, ..known }), ..answer };
        assert_eq!(u.reply(&route, Some(&spam)).body, r#"{"returned_code":2}"#);
        assert_eq!(u.reply(&route, Some(&LookupAnswer::default())).body, r#"{"returned_code":1}"#);
        // A routing request without a usable caller (a hidden number) still gets a branch.
        let hidden = webhook(receive("POST", &[SECRET, "route"], "", r#"{"numa": "", "cdr_id": 5}"#));
        assert_eq!(u.reply(&hidden, None).body, r#"{"returned_code":1}"#);
        let note = webhook(receive("POST", &[SECRET, "ringing"], "", r#"{"call_session_id": 1}"#));
        assert_eq!((u.reply(&note, None).status, u.reply(&note, None).body.as_str()), (200, ""));
    }

    #[test]
    fn employee_numbers_are_dialable_digits() {
        assert_eq!(dialable("74955140578...2345").as_deref(), Some("74955140578"));
        assert_eq!(dialable("+7 (916) 000-01-00").as_deref(), Some("79160000100"));
        assert_eq!(dialable(""), None);
    }
}
