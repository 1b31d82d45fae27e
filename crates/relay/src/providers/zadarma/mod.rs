//! Zadarma (also Novofon legacy, Megacall): signed form webhooks in, the signed REST API out.
//! Facts: PROTOCOLS.md §1.

mod api;
pub mod settings;

use callcard_pbx::zadarma::{WebhookConfig, ZadarmaWebhooks};
use callcard_protocol::ProviderId;

use self::settings::ZadarmaSettings;
use super::{Http, Provider};

pub use api::ZadarmaApi;

pub fn register(settings: &ZadarmaSettings, http: &Http) -> anyhow::Result<Provider> {
    let timezone = settings.timezone().map_err(anyhow::Error::msg)?;
    let secret = Some(settings.api_secret.clone()).filter(|s| !s.is_empty());
    if secret.is_none() {
        tracing::warn!("[zadarma] api_secret is not set: Zadarma webhooks are accepted unsigned");
    }
    let webhooks = ZadarmaWebhooks::new(WebhookConfig {
        secret,
        accept_raw_signature: settings.accept_raw_signature,
        timezone,
        latin_caller_name: settings.latin_caller_name,
    });
    Ok(Provider {
        id: ProviderId::new(ProviderId::ZADARMA),
        webhooks: Box::new(webhooks),
        api: Box::new(ZadarmaApi::new(http, settings, timezone)),
        missed_after: None,
        hooks: super::HookUrls { events: &[], verified: !settings.api_secret.is_empty() },
        sources: Default::default(),
    })
}
