//! `[itoolabs]` in the relay's config.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ItoolabsSettings {
    /// The token you set in the PBX cabinet; every PBX → CRM request must carry it. Empty
    /// refuses all ITooLabs webhooks.
    pub crm_token: String,
    /// e.g. `https://example.megapbx.ru/sys/crm_api.wcgp`.
    pub api_url: String,
    /// The PBX-issued key for CRM → PBX calls.
    pub api_token: String,
    /// The PBX says nothing when an unanswered incoming call ends but each agent's CANCELLED
    /// (seed 003): a call whose ringing agents were all cancelled, quiet this many seconds,
    /// ends as missed. 0: never.
    pub missed_after_secs: u64,
    /// Addresses (CIDR, `185.45.152.40/30`) webhooks may come from; empty: anywhere. Behind a
    /// reverse proxy, `[server] trusted_proxies` says whose `X-Forwarded-For` to believe.
    pub allow_from: Vec<String>,
}

impl Default for ItoolabsSettings {
    fn default() -> Self {
        ItoolabsSettings {
            allow_from: Vec::new(),
            crm_token: String::new(),
            api_url: String::new(),
            api_token: String::new(),
            missed_after_secs: 20,
        }
    }
}
