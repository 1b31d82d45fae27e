//! Ringostat: Webhooks 2.0 with a secret in the path in, the webhook number (smart redirect)
//! answered from the relay's contacts, the REST API out. Facts: PROTOCOLS.md §4.

mod api;
pub mod settings;

use callcard_pbx::ringostat::{RingostatConfig, RingostatWebhooks};
use callcard_protocol::ProviderId;

use self::settings::RingostatSettings;
use super::{Http, Provider};

pub use api::RingostatApi;

pub fn register(settings: &RingostatSettings, http: &Http) -> anyhow::Result<Provider> {
    let timezone = settings.timezone().map_err(anyhow::Error::msg)?;
    let webhooks = RingostatWebhooks::new(RingostatConfig {
        secret: Some(settings.webhook_secret.clone()).filter(|s| !s.is_empty()),
        timezone,
        fields: settings.fields.clone(),
        route_response_key: settings.route_response_key.clone(),
    });
    Ok(Provider {
        id: ProviderId::new(ProviderId::RINGOSTAT),
        webhooks: Box::new(webhooks),
        api: Box::new(RingostatApi::new(http, settings)),
        missed_after: None,
        hooks: super::HookUrls {
            events: callcard_pbx::ringostat::EVENTS,
            verified: !settings.webhook_secret.is_empty(),
        },
        sources: Default::default(),
    })
}
