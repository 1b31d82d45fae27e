//! UIS, CoMagic, CallGear and Novofon V2 (one platform): notifications with a secret in the
//! path in, interactive call processing answered from the relay's contacts, the JSON-RPC Call
//! API and Data API out. Facts: PROTOCOLS.md §3.

mod api;
mod legs;
mod rpc;
pub mod settings;

use callcard_pbx::uis::{PhoneBook, UisConfig, UisWebhooks};
use callcard_protocol::ProviderId;

use self::settings::UisSettings;
use super::{Http, Provider};

pub use api::UisApi;

pub fn register(settings: &UisSettings, http: &Http) -> anyhow::Result<Provider> {
    let timezone = settings.timezone().map_err(anyhow::Error::msg)?;
    if settings.webhook_secret.is_empty() {
        tracing::debug!("[uis] webhook_secret is not set: UIS notifications are refused");
    }
    // Shared: the API fills it from `get.employees`, the routing reply reads it.
    let phones = PhoneBook::default();
    let webhooks = UisWebhooks::new(UisConfig {
        secret: Some(settings.webhook_secret.clone()),
        timezone,
        fields: settings.fields.clone(),
        blacklist_returned_code: settings.blacklist_returned_code,
        fallback_returned_code: settings.fallback_returned_code,
        phones: phones.clone(),
    });
    Ok(Provider {
        id: ProviderId::new(ProviderId::UIS),
        webhooks: Box::new(webhooks),
        api: Box::new(UisApi::new(http, settings, phones)),
        missed_after: None,
        hooks: super::HookUrls { events: callcard_pbx::uis::EVENTS, verified: !settings.webhook_secret.is_empty() },
        sources: Default::default(),
    })
}
