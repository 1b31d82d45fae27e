//! ITooLabs' side of the webhook seam: one URL for every command, form or JSON bodies carrying
//! `crm_token`, the `cmd=contact` reply, and the error bodies that API specifies.

use callcard_protocol::ProviderId;
use serde_json::{json, Map, Value};

use super::webhook::{parse_webhook, INVALID_PARAMETERS, INVALID_TOKEN};
use crate::{Form, FormError, Inbound, LookupAnswer, RawRequest, Reply, Webhook, WebhookAdapter, WebhookError};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

pub struct ItoolabsWebhooks {
    id: ProviderId,
    /// The CRM token set in the PBX cabinet; `None` refuses every request.
    crm_token: Option<String>,
}

impl ItoolabsWebhooks {
    pub fn new(crm_token: Option<String>) -> ItoolabsWebhooks {
        ItoolabsWebhooks { id: ProviderId::new(ProviderId::ITOOLABS), crm_token: crm_token.filter(|t| !t.is_empty()) }
    }
}

fn decode(json: bool, body: &[u8]) -> Result<Form, FormError> {
    if json {
        Form::from_json(body)
    } else {
        Form::from_urlencoded(body)
    }
}

/// The spec says form, its own example is JSON (PROTOCOLS.md §2.2): decode by Content-Type, and
/// if that yields no `cmd`, try the other format.
fn decode_either(content_type: &str, body: &[u8]) -> Result<Form, WebhookError> {
    let json = match content_type {
        FORM => false,
        JSON => true,
        _ => return Err(WebhookError::UnsupportedMediaType("application/x-www-form-urlencoded or application/json")),
    };
    let primary = decode(json, body);
    if primary.as_ref().map_or(true, |f| f.get("cmd").is_none()) {
        if let Some(other) = decode(!json, body).ok().filter(|f| f.get("cmd").is_some()) {
            return Ok(other);
        }
    }
    primary.map_err(|e| WebhookError::Malformed(e.to_string()))
}

impl WebhookAdapter for ItoolabsWebhooks {
    fn provider(&self) -> &ProviderId {
        &self.id
    }

    fn receive(&self, request: &RawRequest) -> Result<Inbound, WebhookError> {
        if request.method != "POST" {
            return Err(WebhookError::MethodNotAllowed);
        }
        let form = decode_either(&request.content_type(), request.body)?;
        parse_webhook(&form, self.crm_token.as_deref()).map(Inbound::Webhook)
    }

    /// `cmd=contact`: `{"contact_name", "responsible"}`, `{}` for an unknown caller (never `[]`,
    /// never an empty `responsible`). ITooLabs has no blacklist answer.
    fn reply(&self, webhook: &Webhook, answer: Option<&LookupAnswer>) -> Reply {
        let Some(answer) = answer.filter(|_| webhook.lookup.is_some()) else { return Reply::empty() };
        let Some(contact) = &answer.contact else { return Reply::empty() };
        let mut reply = Map::new();
        if !answer.hide_caller_name {
            reply.insert("contact_name".into(), contact.display_name().into());
        }
        if let Some(login) = answer.responsible_user.as_ref().filter(|l| !l.is_empty()) {
            reply.insert("responsible".into(), login.clone().into());
        }
        Reply::json(200, &Value::Object(reply))
    }

    fn refusal(&self, error: &WebhookError) -> Reply {
        match error {
            WebhookError::Unauthorized(_) => Reply::json(401, &json!({"error": INVALID_TOKEN})),
            WebhookError::Malformed(detail) => {
                Reply::json(400, &json!({"error": INVALID_PARAMETERS, "detail": detail}))
            }
            other => Reply::json(other.status(), &serde_json::to_value(other.api_error()).expect("errors serialise")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CallerContact;

    const TOKEN: &str = "tok";

    fn post<'a>(content_type: &str, body: &'a [u8], headers: &'a mut Vec<(String, String)>) -> RawRequest<'a> {
        headers.push(("content-type".into(), content_type.into()));
        RawRequest { method: "POST", path: &[], query: "", headers, body }
    }

    fn receive(content_type: &str, body: &str) -> Result<Inbound, WebhookError> {
        let mut headers = vec![];
        ItoolabsWebhooks::new(Some(TOKEN.into())).receive(&post(content_type, body.as_bytes(), &mut headers))
    }

    #[test]
    fn form_json_and_the_other_format_under_the_wrong_header() {
        for (ct, body) in [
            (FORM, "cmd=contact&phone=79101234567&crm_token=tok"),
            (JSON, r#"{"cmd":"contact","phone":"79101234567","crm_token":"tok"}"#),
            (JSON, "cmd=contact&phone=79101234567&crm_token=tok"),
        ] {
            let Ok(Inbound::Webhook(hook)) = receive(ct, body) else { panic!("{ct} {body}") };
            assert_eq!(hook.lookup.unwrap().caller, "79101234567", "{ct} {body}");
        }
        assert_eq!(receive("text/xml", "<cmd/>").unwrap_err().status(), 415);
        assert!(matches!(receive(JSON, r#"{"cmd": "event","#), Err(WebhookError::Malformed(_))));
        assert!(matches!(receive(FORM, "cmd=contact&crm_token=nope"), Err(WebhookError::Unauthorized(_))));
        let mut headers = vec![];
        let get = RawRequest { method: "GET", ..post(FORM, b"", &mut headers) };
        assert_eq!(
            ItoolabsWebhooks::new(Some(TOKEN.into())).receive(&get).unwrap_err(),
            WebhookError::MethodNotAllowed
        );
    }

    #[test]
    fn refusals_in_the_api_s_own_words() {
        let i = ItoolabsWebhooks::new(None);
        let reply = i.refusal(&WebhookError::Unauthorized("x".into()));
        assert_eq!((reply.status, reply.body.as_str()), (401, r#"{"error":"Invalid token"}"#));
        let reply = i.refusal(&WebhookError::Malformed("body is not valid UTF-8".into()));
        assert_eq!(reply.status, 400);
        assert_eq!(
            serde_json::from_str::<Value>(&reply.body).unwrap(),
            json!({"error": "Invalid parameters", "detail": "body is not valid UTF-8"})
        );
    }

    #[test]
    fn contact_replies() {
        let i = ItoolabsWebhooks::new(Some(TOKEN.into()));
        let Ok(Inbound::Webhook(hook)) = receive(FORM, "cmd=contact&phone=79101234567&crm_token=tok") else { panic!() };
        let answer = LookupAnswer {
            contact: Some(CallerContact { name: "Ivan".into(), company: Some("ACME".into()), blacklisted: true }),
            responsible_user: Some("boris".into()),
            ..Default::default()
        };
        let body: Value = serde_json::from_str(&i.reply(&hook, Some(&answer)).body).unwrap();
        assert_eq!(body, json!({"contact_name": "Ivan / ACME", "responsible": "boris"}));
        let nameless = LookupAnswer { hide_caller_name: true, ..answer.clone() };
        let body: Value = serde_json::from_str(&i.reply(&hook, Some(&nameless)).body).unwrap();
        assert_eq!(body, json!({"responsible": "boris"}));
        let nobody = LookupAnswer { responsible_user: None, ..answer };
        let body: Value = serde_json::from_str(&i.reply(&hook, Some(&nobody)).body).unwrap();
        assert_eq!(body, json!({"contact_name": "Ivan / ACME"}));
        assert_eq!(i.reply(&hook, Some(&LookupAnswer::default())).body, "{}");
    }
}
