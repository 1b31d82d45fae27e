//! The seam every provider's webhooks come through: a raw HTTP request in, a verified and parsed
//! [`Webhook`] (or an immediate answer) out, and the provider's own reply and refusal formats.
//! Pure: the relay does the I/O (reading the request, looking up contacts, storing).

use callcard_protocol::{ApiError, ErrorCode, ProviderId};

use crate::CallFacts;

/// One HTTP request as it reached `/hooks/<provider>…`.
#[derive(Debug, Clone, Copy)]
pub struct RawRequest<'a> {
    /// `GET`, `POST`…
    pub method: &'a str,
    /// Path segments after `/hooks/<provider>`, percent-decoded (a URL secret, an event kind).
    pub path: &'a [String],
    /// The query string as sent, without `?`.
    pub query: &'a str,
    /// Headers as (lower-case name, value); values that are not text are left out.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl RawRequest<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body's media type, lower-cased, without parameters (`""` when absent).
    pub fn content_type(&self) -> String {
        self.header("content-type")
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default()
    }
}

/// An answer in the provider's own format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl Reply {
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply { status, content_type: "application/json", body: body.to_string() }
    }

    pub fn text(status: u16, body: impl Into<String>) -> Reply {
        Reply { status, content_type: "text/plain; charset=utf-8", body: body.into() }
    }

    /// `{}`: the reply to a webhook that asked nothing.
    pub fn empty() -> Reply {
        Reply::json(200, &serde_json::json!({}))
    }
}

/// What a request turned out to be. (Handed over once, by value: the size gap between the
/// variants costs nothing worth boxing for.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// Answered at once and stored nowhere (Zadarma's `zd_echo` URL check).
    Answer(Reply),
    Webhook(Webhook),
}

/// What a repeat is compared against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DedupScope {
    /// Any earlier webhook: the provider's fields identify the event (Zadarma carries the
    /// call's start time and the leg in every event).
    Everything,
    /// Only the call's latest webhook: the fields carry no time, so the same fields later in
    /// the call are a new event (ITooLabs INCOMING → CANCELLED → INCOMING to one agent).
    LatestOfCall,
}

/// The PBX asks who is calling from this number (and where to route the call); answered in the
/// webhook's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// The caller's number as the PBX sent it.
    pub caller: String,
}

/// One verified, parsed webhook. Once verified it is never refused for its content: what did
/// not parse is listed in `problems`, and the rest is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    pub provider: ProviderId,
    /// The provider's event name (`NOTIFY_START`, `event/INCOMING`, `history`…), for logs.
    pub event: String,
    /// `None` for events that change no call (unknown or informational events, or a call id
    /// that could not be read).
    pub facts: Option<CallFacts>,
    pub lookup: Option<Lookup>,
    pub dedup_scope: DedupScope,
    /// Hash of every field sent, secrets included: the same webhook again has the same key.
    pub content_key: String,
    /// The fields as a JSON object, secrets removed: what is stored.
    pub stored_fields: String,
    /// What could not be read ("missing field `pbx_call_id`"…), for the admins' list.
    pub problems: Vec<String>,
}

/// What the relay found for a [`Lookup`], for the provider to put in its reply format.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LookupAnswer {
    pub contact: Option<CallerContact>,
    /// The responsible agent's user on this PBX, if the contact has one.
    pub responsible_user: Option<String>,
    /// The `route_to_responsible` switch: ring the responsible agent first.
    pub redirect_to_responsible: bool,
    /// `[routing] return_timeout`.
    pub return_timeout: Option<u32>,
    /// The admin switched "caller name on the IP phone" off: say no name.
    pub hide_caller_name: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerContact {
    pub name: String,
    pub company: Option<String>,
    pub blacklisted: bool,
}

impl CallerContact {
    /// "Name / Company", or the name alone.
    pub fn display_name(&self) -> String {
        match self.company.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(company) => format!("{} / {company}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Why a request was refused. Only these refuse: a webhook that passed authentication is
/// accepted whatever it holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// Failed the provider's authentication (signature, token, URL secret): 401.
    #[error("{0}")]
    Unauthorized(String),
    /// Not a form / JSON body at all: 400.
    #[error("{0}")]
    Malformed(String),
    /// A request of this endpoint that carries nothing to store and is wrong as asked (a
    /// Zadarma GET without `zd_echo`): 400.
    #[error("{0}")]
    BadRequest(String),
    /// A Content-Type the endpoint does not take: 415.
    #[error("expected Content-Type: {0}")]
    UnsupportedMediaType(&'static str),
    #[error("method not allowed on this endpoint")]
    MethodNotAllowed,
    /// No such event kind (or path) on this endpoint: 404.
    #[error("unknown webhook path; known: {}", .known.join(", "))]
    UnknownPath { known: Vec<&'static str> },
}

impl WebhookError {
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::Unauthorized(_) => 401,
            WebhookError::Malformed(_) | WebhookError::BadRequest(_) => 400,
            WebhookError::UnsupportedMediaType(_) => 415,
            WebhookError::MethodNotAllowed => 405,
            WebhookError::UnknownPath { .. } => 404,
        }
    }

    /// The relay's usual error body: `{"error", "code", "params"}`.
    pub fn api_error(&self) -> ApiError {
        let error = ApiError::new(self.code(), self.to_string());
        match self {
            WebhookError::UnsupportedMediaType(expected) => error.with("expected", expected),
            WebhookError::UnknownPath { known } => error.with("known", known.join(",")),
            WebhookError::Malformed(detail) => error.with("detail", detail),
            _ => error,
        }
    }

    fn code(&self) -> ErrorCode {
        match self {
            WebhookError::Unauthorized(_) => ErrorCode::WebhookRefused,
            WebhookError::Malformed(_) => ErrorCode::UnreadableBody,
            WebhookError::BadRequest(_) => ErrorCode::BadQuery,
            WebhookError::UnsupportedMediaType(_) => ErrorCode::UnsupportedMediaType,
            WebhookError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            WebhookError::UnknownPath { .. } => ErrorCode::UnknownWebhook,
        }
    }
}

/// One provider's inbound side: how its requests are verified and read, and how it is answered.
pub trait WebhookAdapter: Send + Sync {
    fn provider(&self) -> &ProviderId;

    /// Verifies and parses a request. `Err` only for what must be refused (see [`WebhookError`]).
    fn receive(&self, request: &RawRequest) -> Result<Inbound, WebhookError>;

    /// The reply to an accepted webhook; `answer` is what the relay found for its lookup.
    fn reply(&self, webhook: &Webhook, answer: Option<&LookupAnswer>) -> Reply {
        let _ = (webhook, answer);
        Reply::empty()
    }

    /// How a refusal is worded for this provider.
    fn refusal(&self, error: &WebhookError) -> Reply {
        let body = serde_json::to_value(error.api_error()).expect("errors serialise");
        Reply::json(error.status(), &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_ignores_case_and_parameters() {
        let headers = vec![("Content-Type".to_string(), "Application/JSON; charset=utf-8".to_string())];
        let request = RawRequest { method: "POST", path: &[], query: "", headers: &headers, body: b"" };
        assert_eq!(request.content_type(), "application/json");
        let none = RawRequest { headers: &[], ..request };
        assert_eq!(none.content_type(), "");
    }

    #[test]
    fn refusals_carry_a_code_and_the_status() {
        let e = WebhookError::UnsupportedMediaType("application/x-www-form-urlencoded");
        assert_eq!(e.status(), 415);
        let body = e.api_error();
        assert_eq!(body.code, ErrorCode::UnsupportedMediaType);
        assert_eq!(body.params["expected"], "application/x-www-form-urlencoded");
        assert_eq!(body.error, "expected Content-Type: application/x-www-form-urlencoded");
    }

    #[test]
    fn display_names() {
        let c = CallerContact { name: "Ivan Petrov".into(), company: Some("ACME".into()), blacklisted: false };
        assert_eq!(c.display_name(), "Ivan Petrov / ACME");
        let c = CallerContact { company: Some(" ".into()), ..c };
        assert_eq!(c.display_name(), "Ivan Petrov");
    }
}
