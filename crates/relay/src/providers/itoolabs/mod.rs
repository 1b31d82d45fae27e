//! ITooLabs cloud PBX (MegaFon Virtual PBX, Gravitel and other resellers): PBX → CRM requests
//! with a shared `crm_token` in, the CRM API (`makeCall`, `accounts`) out. Facts: PROTOCOLS.md §2.

mod api;
pub mod settings;

use std::time::Duration;

use callcard_pbx::itoolabs::ItoolabsWebhooks;
use callcard_protocol::ProviderId;

use self::settings::ItoolabsSettings;
use super::{Http, Provider};

pub use api::ItoolabsApi;

pub fn register(settings: &ItoolabsSettings, http: &Http) -> anyhow::Result<Provider> {
    if settings.crm_token.is_empty() {
        tracing::warn!("[itoolabs] crm_token is not set: ITooLabs webhooks are refused");
    }
    Ok(Provider {
        id: ProviderId::new(ProviderId::ITOOLABS),
        webhooks: Box::new(ItoolabsWebhooks::new(Some(settings.crm_token.clone()))),
        api: Box::new(ItoolabsApi::new(http, settings)),
        missed_after: (settings.missed_after_secs > 0).then(|| Duration::from_secs(settings.missed_after_secs)),
        hooks: super::HookUrls { events: &[], verified: !settings.crm_token.is_empty() },
        sources: Default::default(),
    })
}
