//! The PBX providers the relay speaks. A provider is one module: its config section, its
//! inbound side (a `callcard_pbx::WebhookAdapter`: verify, parse, reply, refuse) and its
//! outbound side ([`ProviderApi`]: dial, recordings, balance, the PBX's users), and one line in
//! [`REGISTRY`]. Everything else (the webhook handler, the store, the fan-out, the API) is
//! provider-neutral. docs/architecture.md, "Adding a provider", lists the steps.

mod checks;
mod counted;
mod error;
pub mod itoolabs;
mod recordings;
pub mod ringostat;
pub mod sources;
pub mod uis;
pub mod zadarma;

use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;
use async_trait::async_trait;
use callcard_pbx::{CallFacts, Webhook, WebhookAdapter};
use callcard_protocol::{Call, ProviderId};
use serde::{Deserialize, Serialize};

pub use error::{unreachable, Http, PbxError};

/// Every provider, one line each: its id and how it is built from its config section.
const REGISTRY: &[(&str, Register)] = &[
    (ProviderId::ZADARMA, |s, http| zadarma::register(&s.zadarma, http)),
    (ProviderId::ITOOLABS, |s, http| itoolabs::register(&s.itoolabs, http)),
    (ProviderId::UIS, |s, http| uis::register(&s.uis, http)),
    (ProviderId::RINGOSTAT, |s, http| ringostat::register(&s.ringostat, http)),
];

type Register = fn(&ProviderSettings, &Http) -> anyhow::Result<Provider>;

/// Every provider's config section (`[zadarma]`, `[itoolabs]`…), one field each; the relay's
/// config has them at its top level.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderSettings {
    pub zadarma: zadarma::settings::ZadarmaSettings,
    pub itoolabs: itoolabs::settings::ItoolabsSettings,
    pub uis: uis::settings::UisSettings,
    pub ringostat: ringostat::settings::RingostatSettings,
}

impl ProviderSettings {
    /// Checks what the types cannot (a time zone name, a minimum, networks).
    pub fn validate(&self) -> Result<(), String> {
        for id in known_ids() {
            sources::Networks::parse(self.allow_from(id), &format!("[{id}] allow_from"))?;
        }
        self.zadarma.validate()?;
        self.uis.validate()?;
        self.ringostat.validate()
    }
}

impl ProviderSettings {
    /// A provider's `allow_from` list, by its id.
    pub fn allow_from(&self, id: &str) -> &[String] {
        match id {
            ProviderId::ZADARMA => &self.zadarma.allow_from,
            ProviderId::ITOOLABS => &self.itoolabs.allow_from,
            ProviderId::UIS => &self.uis.allow_from,
            ProviderId::RINGOSTAT => &self.ringostat.allow_from,
            _ => &[],
        }
    }
}

/// The ids of every provider this relay knows (for validating `--pbx-user PROVIDER=ID`).
pub fn known_ids() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|(id, _)| *id)
}

/// Account money, as the PBX reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    pub amount: f64,
    pub currency: String,
}

/// A user (extension, login, employee) as the PBX lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PbxUser {
    /// What a webhook names the user by, and what `--pbx-user PROVIDER=ID` takes.
    pub id: String,
    pub name: Option<String>,
}

/// What a provider learned after a webhook (UIS: the Data API's legs of a finished call),
/// applied as one more delivery of that call.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    /// For logs and the stored webhook list (`data_api/call_legs`).
    pub event: String,
    /// What the PBX answered, stored with the delivery.
    pub fields_json: String,
    pub facts: CallFacts,
}

/// A contact as a PBX's own phone app shows it (Ringostat Smart Phone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedContact {
    /// Digits-only E.164.
    pub phone: String,
    /// "Name / Company", or the name.
    pub name: String,
}

impl SyncedContact {
    pub fn new(phone: &str, name: &str, company: Option<&str>) -> SyncedContact {
        let caller = callcard_pbx::CallerContact {
            name: name.to_string(),
            company: company.map(str::to_string),
            blacklisted: false,
        };
        SyncedContact { phone: phone.to_string(), name: caller.display_name() }
    }
}

/// A provider's API: what the relay asks of the PBX.
#[async_trait]
pub trait ProviderApi: Send + Sync {
    /// Whether the credentials click-to-call needs are set.
    fn can_dial(&self) -> bool;

    /// Rings the agent's phone first (`from`: the agent's user on this PBX), then connects it to
    /// `to` (digits-only E.164).
    async fn dial(&self, from: &str, to: &str) -> Result<(), PbxError>;

    /// Starts downloading `call`'s recording, passing the client's `Range` on. The answer is
    /// the PBX's (200, 206 or 416).
    async fn recording(&self, call: &Call, range: Option<&[u8]>) -> Result<reqwest::Response, PbxError>;

    async fn balance(&self) -> Result<Balance, PbxError>;

    /// The PBX's users, to check agents' `--pbx-user` ids against.
    async fn users(&self) -> Result<Vec<PbxUser>, PbxError>;

    /// Whether [`users`](Self::users) lists them (the console offers a pick list), rather than
    /// only proving the key.
    fn lists_users(&self) -> bool {
        true
    }

    /// Whether `webhook` needs [`follow_up`](Self::follow_up) (asked of every webhook: cheap).
    fn follows_up(&self, webhook: &Webhook) -> bool {
        let _ = webhook;
        false
    }

    /// Asks the PBX what `webhook` did not say, after it was answered; `Ok(None)`: nothing
    /// (yet).
    async fn follow_up(&self, webhook: &Webhook) -> Result<Option<FollowUp>, PbxError> {
        let _ = webhook;
        Ok(None)
    }

    /// Tells the PBX that these contacts were added or changed (Ringostat: names for its phone
    /// app). Failing here never undoes the save.
    async fn contacts_changed(&self, contacts: &[SyncedContact]) -> Result<(), PbxError> {
        let _ = contacts;
        Ok(())
    }

    /// Refreshes what the provider caches (UIS: employees' numbers for routing); the server
    /// calls it at start and every few minutes, sooner again after a failure.
    async fn upkeep(&self) -> Result<(), PbxError> {
        Ok(())
    }
}

/// One provider, as the relay runs it.
pub struct Provider {
    pub id: ProviderId,
    pub webhooks: Box<dyn WebhookAdapter>,
    pub api: Box<dyn ProviderApi>,
    /// A PBX that says nothing when an unanswered call ends (ITooLabs, seed 003): a call left
    /// ringing with nobody ringing is ended as missed after this quiet spell.
    pub missed_after: Option<Duration>,
    /// Where the PBX sends its webhooks, for the console to show.
    pub hooks: HookUrls,
    /// Where its webhooks may come from (`allow_from`; empty: anywhere).
    pub sources: sources::Networks,
}

/// The shape of a provider's webhook URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HookUrls {
    /// Empty: one URL, `/hooks/<id>`. Otherwise one per event, `/hooks/<id>/<secret>/<event>`.
    pub events: &'static [&'static str],
    /// A secret or token that verifies its webhooks is set.
    pub verified: bool,
}

impl HookUrls {
    /// `(event, path)` pairs, `{secret}` standing for the URL secret (never shown back).
    pub fn paths(&self, id: &str) -> Vec<(String, String)> {
        if self.events.is_empty() {
            return vec![("all".to_string(), format!("/hooks/{id}"))];
        }
        self.events.iter().map(|e| (e.to_string(), format!("/hooks/{id}/{{secret}}/{e}"))).collect()
    }
}

/// Hands saved contacts to every provider that keeps names of its own; failures are logged and
/// returned as sentences (the contacts are saved all the same).
pub async fn contacts_changed(providers: &Providers, contacts: &[SyncedContact]) -> Vec<String> {
    let mut failures = vec![];
    for provider in providers.iter() {
        if let Err(e) = provider.api.contacts_changed(contacts).await {
            tracing::warn!(provider = %provider.id, error = %e, "could not pass contact names to the PBX");
            failures.push(format!("{}: {e}", provider.id));
        }
    }
    failures
}

/// The providers of this relay, and which one places click-to-call calls.
pub struct Providers {
    list: Vec<Arc<Provider>>,
    dial: Option<usize>,
}

impl Providers {
    /// Builds every registered provider from its config section. `dial` (`[dial] provider`)
    /// names the one that dials; empty picks the first whose click-to-call credentials are set.
    pub fn from_settings(settings: &ProviderSettings, dial: &str) -> anyhow::Result<Providers> {
        let http = Http::new();
        let list = REGISTRY
            .iter()
            .map(|(_, register)| -> anyhow::Result<Arc<Provider>> {
                let provider = register(settings, &http)?;
                let Provider { id, webhooks, api, missed_after, hooks, .. } = provider;
                let what = format!("[{id}] allow_from");
                let sources =
                    sources::Networks::parse(settings.allow_from(id.as_str()), &what).map_err(anyhow::Error::msg)?;
                let api = Box::new(counted::Counted::new(id.as_str(), api));
                Ok(Arc::new(Provider { id, webhooks, api, missed_after, hooks, sources }))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Providers::new(list, dial)
    }

    /// Providers built by the caller (tests): `dial` as in `[dial] provider`.
    pub fn new(list: Vec<Arc<Provider>>, dial: &str) -> anyhow::Result<Providers> {
        let dial = match dial.trim() {
            "" => list.iter().position(|p| p.api.can_dial()),
            id => match list.iter().position(|p| p.id == id) {
                Some(i) => Some(i),
                None => {
                    let known: Vec<&str> = list.iter().map(|p| p.id.as_str()).collect();
                    bail!("[dial] provider must be one of {} or empty, not {id:?}", known.join(", "))
                }
            },
        };
        Ok(Providers { list, dial })
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Provider>> {
        self.list.iter().find(|p| p.id == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<Provider>> {
        self.list.iter()
    }

    /// The provider that places click-to-call calls.
    pub fn dialler(&self) -> Option<&Arc<Provider>> {
        self.dial.map(|i| &self.list[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialling_provider_follows_the_config() {
        let mut settings = ProviderSettings::default();
        let providers = Providers::from_settings(&settings, "").unwrap();
        assert_eq!(providers.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), known_ids().collect::<Vec<_>>());
        assert!(providers.dialler().is_none(), "no API credentials: nobody dials");
        settings.itoolabs.api_url = "https://pbx.example/sys/crm_api.wcgp".into();
        settings.itoolabs.api_token = "t".into();
        assert_eq!(Providers::from_settings(&settings, "").unwrap().dialler().unwrap().id, "itoolabs");
        settings.zadarma.api_key = "k".into();
        assert_eq!(Providers::from_settings(&settings, "").unwrap().dialler().unwrap().id, "zadarma", "Zadarma first");
        assert_eq!(Providers::from_settings(&settings, "itoolabs").unwrap().dialler().unwrap().id, "itoolabs");
        let e = Providers::from_settings(&settings, "asterisk").err().unwrap().to_string();
        assert!(e.contains("zadarma, itoolabs, uis, ringostat"), "{e}");
    }
}
