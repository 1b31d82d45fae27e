//! Every call to a PBX's API, counted for `/metrics` by provider, call and result, around the
//! provider's own implementation.

use async_trait::async_trait;
use callcard_protocol::Call;

use super::{Balance, FollowUp, PbxError, PbxUser, ProviderApi, SyncedContact};
use callcard_pbx::Webhook;

pub struct Counted {
    provider: String,
    inner: Box<dyn ProviderApi>,
}

impl Counted {
    pub fn new(provider: &str, inner: Box<dyn ProviderApi>) -> Counted {
        Counted { provider: provider.to_string(), inner }
    }

    fn count<T>(&self, call: &'static str, result: Result<T, PbxError>) -> Result<T, PbxError> {
        crate::metrics::pbx_api(&self.provider, call, result.as_ref().map_or_else(result_of, |_| "ok"));
        result
    }
}

/// A result label per kind of failure (few values: Prometheus labels must stay few).
fn result_of(e: &PbxError) -> &'static str {
    match e {
        PbxError::NotConfigured(_) => "not_configured",
        PbxError::Unsupported(_) => "unsupported",
        PbxError::Refused(_) => "refused",
        PbxError::NoMoney(_) => "no_money",
        PbxError::RateLimited { .. } => "rate_limited",
        PbxError::Unreachable(_) => "unreachable",
        PbxError::NotFound(_) => "not_found",
        PbxError::BadAnswer(_) => "bad_answer",
    }
}

#[async_trait]
impl ProviderApi for Counted {
    fn can_dial(&self) -> bool {
        self.inner.can_dial()
    }

    async fn dial(&self, from: &str, to: &str) -> Result<(), PbxError> {
        self.count("dial", self.inner.dial(from, to).await)
    }

    async fn recording(&self, call: &Call, range: Option<&[u8]>) -> Result<reqwest::Response, PbxError> {
        self.count("recording", self.inner.recording(call, range).await)
    }

    async fn balance(&self) -> Result<Balance, PbxError> {
        self.count("balance", self.inner.balance().await)
    }

    async fn users(&self) -> Result<Vec<PbxUser>, PbxError> {
        self.count("users", self.inner.users().await)
    }

    fn lists_users(&self) -> bool {
        self.inner.lists_users()
    }

    fn follows_up(&self, webhook: &Webhook) -> bool {
        self.inner.follows_up(webhook)
    }

    async fn follow_up(&self, webhook: &Webhook) -> Result<Option<FollowUp>, PbxError> {
        self.count("follow_up", self.inner.follow_up(webhook).await)
    }

    async fn contacts_changed(&self, contacts: &[SyncedContact]) -> Result<(), PbxError> {
        self.count("contacts", self.inner.contacts_changed(contacts).await)
    }

    async fn upkeep(&self) -> Result<(), PbxError> {
        self.count("upkeep", self.inner.upkeep().await)
    }
}
