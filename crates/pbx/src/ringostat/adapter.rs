//! Ringostat's side of the webhook seam: `/hooks/ringostat/{secret}/{event}` (Ringostat signs
//! nothing and never retries, PROTOCOLS.md §4.1), JSON, form or query, and the webhook number's
//! answer (§4.6): the destination as the plain body or under the admin's JSON key.

use std::collections::BTreeMap;

use callcard_protocol::ProviderId;
use chrono_tz::Tz;
use serde_json::{Map, Value};

use super::fields::fields;
use super::webhook::{parse_webhook, EVENTS};
use crate::chosen::{path_event, read_variables};
use crate::{Inbound, LookupAnswer, RawRequest, Reply, Webhook, WebhookAdapter, WebhookError};

#[derive(Debug, Clone)]
pub struct RingostatConfig {
    /// The secret in every URL; `None` refuses every request.
    pub secret: Option<String>,
    /// The zone of dates that carry none.
    pub timezone: Tz,
    /// `[ringostat.fields]`: our parameter name → the admin's.
    pub fields: BTreeMap<String, String>,
    /// "Name in response for destination (for JSON)" as set in the cabinet; empty: the
    /// destination is the plain body.
    pub route_response_key: String,
}

pub struct RingostatWebhooks {
    id: ProviderId,
    config: RingostatConfig,
}

impl RingostatWebhooks {
    pub fn new(config: RingostatConfig) -> RingostatWebhooks {
        RingostatWebhooks { id: ProviderId::new(ProviderId::RINGOSTAT), config }
    }

    /// The webhook number's answer: `destination`, or what lets the call go on down the
    /// forwarding scheme (an empty answer).
    fn destination(&self, destination: Option<&str>) -> Reply {
        let key = self.config.route_response_key.trim();
        match (destination, key) {
            (Some(d), "") => Reply::text(200, d),
            (None, "") => Reply::text(200, ""),
            (Some(d), key) => Reply::json(200, &Value::Object(Map::from_iter([(key.to_string(), d.into())]))),
            (None, _) => Reply::json(200, &Value::Object(Map::new())),
        }
    }
}

impl WebhookAdapter for RingostatWebhooks {
    fn provider(&self) -> &ProviderId {
        &self.id
    }

    fn receive(&self, request: &RawRequest) -> Result<Inbound, WebhookError> {
        let event = path_event(self.config.secret.as_deref(), request.path, EVENTS)?;
        // The webhook number may be set to any of these (§4.6); webhooks use GET or POST.
        if !matches!(request.method, "GET" | "POST" | "PUT" | "DELETE") {
            return Err(WebhookError::MethodNotAllowed);
        }
        let (form, unreadable) = read_variables(request);
        let mut webhook = parse_webhook(event, &form, fields(&form, &self.config.fields), self.config.timezone);
        webhook.problems.splice(0..0, unreadable);
        Ok(Inbound::Webhook(webhook))
    }

    /// Webhooks get an empty 200. The webhook number gets the responsible agent's Ringostat
    /// user (SIP login or number) when routing to the responsible is on; a blacklisted or
    /// unknown caller, or one without a responsible, gets the empty answer: the call goes on.
    fn reply(&self, webhook: &Webhook, answer: Option<&LookupAnswer>) -> Reply {
        if webhook.event != "route" {
            return Reply::text(200, "");
        }
        let destination = answer
            .filter(|a| a.redirect_to_responsible)
            .filter(|a| a.contact.as_ref().is_some_and(|c| !c.blacklisted))
            .and_then(|a| a.responsible_user.as_deref())
            .filter(|user| !user.is_empty());
        self.destination(destination)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CallerContact;

    const SECRET: &str = "ringo-secret-0123456789";

    fn ringostat(key: &str) -> RingostatWebhooks {
        RingostatWebhooks::new(RingostatConfig {
            secret: Some(SECRET.into()),
            timezone: chrono_tz::Europe::Kyiv,
            fields: BTreeMap::from([("call_id".into(), "ringo_id".into())]),
            route_response_key: key.into(),
        })
    }

    fn receive(
        r: &RingostatWebhooks,
        method: &str,
        event: &str,
        content_type: &str,
        query: &str,
        body: &str,
    ) -> Result<Inbound, WebhookError> {
        let path = vec![SECRET.to_string(), event.to_string()];
        let headers = vec![("content-type".to_string(), content_type.to_string())];
        r.receive(&RawRequest { method, path: &path, query, headers: &headers, body: body.as_bytes() })
    }

    fn webhook(result: Result<Inbound, WebhookError>) -> Webhook {
        match result {
            Ok(Inbound::Webhook(w)) => w,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_form_and_query_with_renamed_parameters() {
        let r = ringostat("destination");
        for (method, ct, query, body) in [
            ("POST", "application/json", "", r#"{"ringo_id": "u1", "sip_login": "anna"}"#),
            ("POST", "application/x-www-form-urlencoded", "", "ringo_id=u1&sip_login=anna"),
            ("GET", "", "ringo_id=u1&sip_login=anna", ""),
        ] {
            let f = webhook(receive(&r, method, "answered", ct, query, body)).facts.unwrap();
            assert_eq!((f.call_id.as_str(), f.agent.unwrap().ids), ("u1", vec!["anna".to_string()]), "{method} {ct}");
        }
        let path = vec!["wrong-secret-0123456789".to_string(), "ended".to_string()];
        let request = RawRequest { method: "POST", path: &path, query: "", headers: &[], body: b"{}" };
        assert!(matches!(r.receive(&request), Err(WebhookError::Unauthorized(_))));
        assert!(matches!(receive(&r, "POST", "after_call", "", "", "{}"), Err(WebhookError::UnknownPath { .. })));
        assert_eq!(receive(&r, "PATCH", "ended", "", "", "{}").unwrap_err(), WebhookError::MethodNotAllowed);
    }

    #[test]
    fn the_webhook_number_answers_the_responsible_or_lets_the_call_go_on() {
        let known = CallerContact { name: "Ivan".into(), company: None, blacklisted: false };
        let answer = LookupAnswer {
            contact: Some(known.clone()),
            responsible_user: Some("anna".into()),
            redirect_to_responsible: true,
            return_timeout: None,
            hide_caller_name: false,
        };
        for (key, routed, goes_on) in [("destination", r#"{"destination":"anna"}"#, "{}"), ("", "anna", "")] {
            let r = ringostat(key);
            let route = webhook(receive(
                &r,
                "POST",
                "route",
                "application/json",
                "",
                r#"{"call_id": "u1", "caller": "380501234567"}"#,
            ));
            assert_eq!(r.reply(&route, Some(&answer)).body, routed, "{key:?}");
            let spam =
                LookupAnswer { contact: Some(CallerContact { blacklisted: true, ..known.clone() }), ..answer.clone() };
            assert_eq!(r.reply(&route, Some(&spam)).body, goes_on);
            let nobody = LookupAnswer { responsible_user: None, ..answer.clone() };
            assert_eq!(r.reply(&route, Some(&nobody)).body, goes_on);
            let off = LookupAnswer { redirect_to_responsible: false, ..answer.clone() };
            assert_eq!(r.reply(&route, Some(&off)).body, goes_on);
            assert_eq!(r.reply(&route, None).body, goes_on);
            assert_eq!(r.reply(&route, None).status, 200);
        }
    }
}
