//! Zadarma's side of the webhook seam: the `zd_echo` URL check, form bodies signed per event,
//! and the NOTIFY_START reply (caller name, redirect to the responsible agent, blacklist).

use callcard_protocol::ProviderId;
use serde_json::{json, Map, Value};

use super::webhook::{parse_webhook, WebhookConfig};
use crate::{Form, Inbound, LookupAnswer, RawRequest, Reply, Webhook, WebhookAdapter, WebhookError};

const FORM: &str = "application/x-www-form-urlencoded";

pub struct ZadarmaWebhooks {
    id: ProviderId,
    config: WebhookConfig,
}

impl ZadarmaWebhooks {
    pub fn new(config: WebhookConfig) -> ZadarmaWebhooks {
        ZadarmaWebhooks { id: ProviderId::new(ProviderId::ZADARMA), config }
    }
}

impl WebhookAdapter for ZadarmaWebhooks {
    fn provider(&self) -> &ProviderId {
        &self.id
    }

    fn receive(&self, request: &RawRequest) -> Result<Inbound, WebhookError> {
        match request.method {
            // Zadarma checks the URL when it is saved: GET ?zd_echo=X must answer exactly X.
            "GET" => {
                let echo = Form::from_query(request.query).ok().and_then(|q| q.get("zd_echo").map(str::to_string));
                return match echo {
                    Some(echo) => Ok(Inbound::Answer(Reply::text(200, echo))),
                    None => Err(WebhookError::BadRequest("expected ?zd_echo=<value>".into())),
                };
            }
            "POST" => {}
            _ => return Err(WebhookError::MethodNotAllowed),
        }
        if request.content_type() != FORM {
            return Err(WebhookError::UnsupportedMediaType(FORM));
        }
        let form = Form::from_urlencoded(request.body).map_err(|e| WebhookError::Malformed(e.to_string()))?;
        parse_webhook(&form, request.header("signature"), &self.config).map(Inbound::Webhook)
    }

    /// Only NOTIFY_START is answered with something (PROTOCOLS.md §1.4); everything else `{}`.
    fn reply(&self, webhook: &Webhook, answer: Option<&LookupAnswer>) -> Reply {
        let Some(answer) = answer.filter(|_| webhook.lookup.is_some()) else { return Reply::empty() };
        let Some(contact) = &answer.contact else { return Reply::empty() };
        if contact.blacklisted {
            return Reply::json(200, &json!({"redirect": "blacklist"}));
        }
        let mut reply = Map::new();
        if !answer.hide_caller_name {
            let name = contact.display_name();
            let name = if self.config.latin_caller_name { crate::latin::transliterate(&name) } else { name };
            reply.insert("caller_name".into(), name.into());
        }
        if let (true, Some(extension)) = (answer.redirect_to_responsible, &answer.responsible_user) {
            reply.insert("redirect".into(), extension.clone().into());
            if let Some(timeout) = answer.return_timeout {
                reply.insert("return_timeout".into(), timeout.into());
            }
        }
        Reply::json(200, &Value::Object(reply))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CallerContact;

    fn adapter(latin: bool) -> ZadarmaWebhooks {
        ZadarmaWebhooks::new(WebhookConfig {
            secret: None,
            accept_raw_signature: false,
            timezone: chrono_tz::UTC,
            latin_caller_name: latin,
        })
    }

    fn request<'a>(method: &'a str, query: &'a str, headers: &'a [(String, String)], body: &'a [u8]) -> RawRequest<'a> {
        RawRequest { method, path: &[], query, headers, body }
    }

    fn form_headers() -> Vec<(String, String)> {
        vec![("content-type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())]
    }

    #[test]
    fn the_url_check_is_echoed_and_other_methods_refused() {
        let z = adapter(true);
        let echo = z.receive(&request("GET", "zd_echo=a+b%21", &[], b"")).unwrap();
        assert_eq!(echo, Inbound::Answer(Reply::text(200, "a b!")));
        assert_eq!(z.receive(&request("GET", "", &[], b"")).unwrap_err().status(), 400);
        assert_eq!(z.receive(&request("PUT", "", &[], b"")).unwrap_err(), WebhookError::MethodNotAllowed);
        let json = vec![("content-type".to_string(), "application/json".to_string())];
        assert_eq!(z.receive(&request("POST", "", &json, b"{}")).unwrap_err().status(), 415);
        let headers = form_headers();
        assert_eq!(z.receive(&request("POST", "", &headers, b"a=%ff")).unwrap_err().status(), 400);
    }

    fn start(z: &ZadarmaWebhooks) -> Webhook {
        let headers = form_headers();
        let body = b"event=NOTIFY_START&pbx_call_id=in_1&caller_id=79991234567&called_did=74951234567";
        match z.receive(&request("POST", "", &headers, body)).unwrap() {
            Inbound::Webhook(w) => w,
            other => panic!("{other:?}"),
        }
    }

    fn answer(name: &str, company: Option<&str>, blacklisted: bool) -> LookupAnswer {
        LookupAnswer {
            contact: Some(CallerContact { name: name.into(), company: company.map(str::to_string), blacklisted }),
            responsible_user: Some("101".into()),
            redirect_to_responsible: false,
            return_timeout: Some(20),
            hide_caller_name: false,
        }
    }

    fn body(reply: Reply) -> Value {
        assert_eq!(reply.status, 200);
        serde_json::from_str(&reply.body).unwrap()
    }

    #[test]
    fn the_caller_name_is_in_latin_letters_unless_switched_off() {
        let latin = adapter(true);
        let hook = start(&latin);
        let reply = body(latin.reply(&hook, Some(&answer("Иван Петров", Some("ООО Ромашка"), false))));
        assert_eq!(reply, json!({"caller_name": "Ivan Petrov / OOO Romashka"}));
        // Ukrainian letters too.
        // Ukrainian letters too, each kept apart (Ґ is not Г, ї is not і).
        let reply = body(latin.reply(&hook, Some(&answer("Олексій Ґудзь", Some("Київські їжаки"), false))));
        assert_eq!(reply["caller_name"], "Oleksii G'udz' / Kiyivs'ki yizhaki");
        let original = adapter(false);
        let reply = body(original.reply(&hook, Some(&answer("Иван Петров", None, false))));
        assert_eq!(reply, json!({"caller_name": "Иван Петров"}));
    }

    #[test]
    fn redirects_blacklist_and_unknown_callers() {
        let z = adapter(true);
        let hook = start(&z);
        assert_eq!(body(z.reply(&hook, Some(&answer("X", None, true)))), json!({"redirect": "blacklist"}));
        assert_eq!(body(z.reply(&hook, Some(&LookupAnswer::default()))), json!({}));
        assert_eq!(body(z.reply(&hook, None)), json!({}));
        let routed = LookupAnswer { redirect_to_responsible: true, ..answer("Ivan", None, false) };
        assert_eq!(
            body(z.reply(&hook, Some(&routed))),
            json!({"caller_name": "Ivan", "redirect": "101", "return_timeout": 20})
        );
        let nameless = LookupAnswer { hide_caller_name: true, ..routed.clone() };
        assert_eq!(body(z.reply(&hook, Some(&nameless))), json!({"redirect": "101", "return_timeout": 20}));
        let no_extension = LookupAnswer { responsible_user: None, ..routed };
        assert_eq!(body(z.reply(&hook, Some(&no_extension))), json!({"caller_name": "Ivan"}));
    }
}
