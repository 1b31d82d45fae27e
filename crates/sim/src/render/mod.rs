//! Turning call plans into each provider's real webhooks. A new provider is a new [`Renderer`].

mod itoolabs;
pub mod ringostat;
pub mod uis;
mod zadarma;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::config::SimConfig;
use crate::plan::{Beat, CallPlan, ProviderKind, Routing};

pub use itoolabs::ItoolabsRenderer;
pub use ringostat::RingostatRenderer;
pub use uis::UisRenderer;
pub use zadarma::ZadarmaRenderer;

/// The `User-Agent` of every Ringostat request.
pub const RINGOSTAT_USER_AGENT: &str = "ringostat HTTP Client v1.1";

/// What a webhook carries, and so how it is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A POST of `application/x-www-form-urlencoded` fields, in the order the provider sends them.
    Form(Vec<(String, String)>),
    /// A POST of `application/json`, as raw text: a customer's template may render text that
    /// is not quite JSON (UIS's quoted placeholders).
    Json(String),
    /// A GET with these variables as the query string.
    Query(Vec<(String, String)>),
}

/// One HTTP request the PBX sends to the CRM.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    pub provider: ProviderKind,
    /// Path on the relay, e.g. `/hooks/zadarma`.
    pub path: String,
    pub body: Body,
    /// Zadarma's `Signature` header.
    pub signature: Option<String>,
    /// Event name for logs and load records (`NOTIFY_START`, `event/INCOMING`…).
    pub label: String,
    /// The provider's call id, for load records.
    pub call_id: String,
    /// A synchronous routing request: the PBX acts on the reply ([`Renderer::routing`]).
    pub routing: bool,
}

impl Webhook {
    /// A form POST (Zadarma, ITooLabs).
    pub fn form(provider: ProviderKind, path: &str, fields: Vec<(String, String)>, label: String) -> Webhook {
        let call_id = ["pbx_call_id", "callid"]
            .iter()
            .find_map(|k| fields.iter().find(|(f, _)| f == k))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        Webhook {
            provider,
            path: path.to_string(),
            body: Body::Form(fields),
            signature: None,
            label,
            call_id,
            routing: false,
        }
    }

    /// The form fields or query variables (none for a JSON body).
    pub fn fields(&self) -> &[(String, String)] {
        match &self.body {
            Body::Form(fields) | Body::Query(fields) => fields,
            Body::Json(_) => &[],
        }
    }

    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields().iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The request body (empty for a GET).
    pub fn body_text(&self) -> String {
        match &self.body {
            Body::Form(fields) => serde_urlencoded::to_string(fields).expect("string pairs always encode"),
            Body::Json(text) => text.clone(),
            Body::Query(_) => String::new(),
        }
    }

    /// The request, ready to send to the relay at `base`.
    pub fn request(&self, http: &reqwest::Client, base: &str) -> reqwest::RequestBuilder {
        let url = format!("{}{}", base.trim_end_matches('/'), self.path);
        let request = match &self.body {
            Body::Form(_) => {
                http.post(url).header("content-type", "application/x-www-form-urlencoded").body(self.body_text())
            }
            Body::Json(text) => http.post(url).header("content-type", "application/json").body(text.clone()),
            Body::Query(fields) => {
                let query = serde_urlencoded::to_string(fields).expect("string pairs always encode");
                http.get(if query.is_empty() { url } else { format!("{url}?{query}") })
            }
        };
        // Ringostat's HTTP client names itself (§4.1, §4.6).
        let request = match self.provider {
            ProviderKind::Ringostat => request.header("User-Agent", RINGOSTAT_USER_AGENT),
            _ => request,
        };
        match &self.signature {
            Some(sig) => request.header("Signature", sig),
            None => request,
        }
    }
}

/// What a renderer needs besides the plan.
pub struct Context<'a> {
    pub config: &'a SimConfig,
    /// When the call started (the plan's offsets count from here).
    pub started: DateTime<Utc>,
    /// When this beat happens: the time notifications are stamped with (now, for a call played
    /// live; the call's own hour, for one dated in the past).
    pub at: DateTime<Utc>,
    /// Where the PBX serves this call's recording, made by the player when the call starts
    /// (UIS's `file_link` capability URL); `None` for providers whose renderer builds it.
    pub recording_url: Option<String>,
}

impl<'a> Context<'a> {
    pub fn new(config: &'a SimConfig, started: DateTime<Utc>) -> Context<'a> {
        Context { config, started, at: started, recording_url: None }
    }
}

pub trait Renderer: Send + Sync {
    /// The webhooks this beat produces (none for beats the provider does not report).
    fn render(&self, plan: &CallPlan, beat: &Beat, ctx: &Context) -> Vec<Webhook>;

    /// Reads the relay's reply to the start of an incoming call, strictly: a reply the real
    /// PBX could not use is an error.
    fn routing(&self, reply: &Value, config: &SimConfig) -> Result<Routing, String>;
}

pub fn renderer(provider: ProviderKind) -> &'static dyn Renderer {
    match provider {
        ProviderKind::Zadarma => &ZadarmaRenderer,
        ProviderKind::Itoolabs => &ItoolabsRenderer,
        ProviderKind::Uis => &UisRenderer,
        ProviderKind::Ringostat => &RingostatRenderer,
    }
}

fn pairs(items: &[(&str, String)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

/// An optional string field of a JSON reply; anything but a string is an error.
fn optional_string(reply: &serde_json::Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match reply.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("`{key}` must be a string, got {other}")),
    }
}
