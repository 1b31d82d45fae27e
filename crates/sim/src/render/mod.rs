//! Turning call plans into each provider's real webhooks. A new provider (UIS, Ringostat) is a
//! new [`Renderer`].

mod itoolabs;
mod zadarma;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::config::SimConfig;
use crate::plan::{Beat, CallPlan, ProviderKind, Routing};

pub use itoolabs::ItoolabsRenderer;
pub use zadarma::ZadarmaRenderer;

/// One HTTP request the PBX sends to the CRM.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    pub provider: ProviderKind,
    /// Path on the relay, e.g. `/hooks/zadarma`.
    pub path: &'static str,
    /// Form fields in the order the provider sends them.
    pub fields: Vec<(String, String)>,
    /// Zadarma's `Signature` header.
    pub signature: Option<String>,
    /// Event name for logs and load records (`NOTIFY_START`, `event/INCOMING`…).
    pub label: String,
}

impl Webhook {
    pub fn body(&self) -> String {
        serde_urlencoded::to_string(&self.fields).expect("string pairs always encode")
    }

    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// What a renderer needs besides the plan.
pub struct Context<'a> {
    pub config: &'a SimConfig,
    /// When the call started (the plan's offsets count from here).
    pub started: DateTime<Utc>,
}

pub trait Renderer: Send + Sync {
    /// The webhooks this beat produces (none for beats the provider does not report).
    fn render(&self, plan: &CallPlan, beat: &Beat, ctx: &Context) -> Vec<Webhook>;

    /// Reads the relay's reply to the start of an incoming call, strictly: a reply the real
    /// PBX could not use is an error.
    fn routing(&self, reply: &Value) -> Result<Routing, String>;
}

pub fn renderer(provider: ProviderKind) -> &'static dyn Renderer {
    match provider {
        ProviderKind::Zadarma => &ZadarmaRenderer,
        ProviderKind::Itoolabs => &ItoolabsRenderer,
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
