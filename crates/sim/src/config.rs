//! The simulator's config file: which PBX accounts it plays, the lines, extensions and clients
//! its calls use, and how its APIs behave. `demo/sim.toml` is a complete example.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SimConfig {
    /// Base URL of the relay the webhooks go to.
    pub relay_url: String,
    /// Where the simulated PBX APIs listen.
    pub listen: SocketAddr,
    /// The URL the relay reaches those APIs at (links in API replies use it); defaults to
    /// `http://<listen>`.
    pub public_url: Option<String>,
    /// Providers the demo plays calls through.
    pub providers: Vec<String>,
    pub zadarma: ZadarmaAccount,
    pub itoolabs: ItoolabsAccount,
    /// Our lines (DIDs), digits-only E.164.
    pub lines: Vec<String>,
    pub agents: Vec<SimAgent>,
    /// Clients the relay knows (they should be in its contact store).
    pub clients: Vec<String>,
    /// Numbers the relay has blacklisted.
    pub blacklisted: Vec<String>,
    /// Unknown callers get this prefix and random digits up to 11 digits.
    pub unknown_prefix: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ZadarmaAccount {
    pub api_key: String,
    pub api_secret: String,
    /// The account's time zone; `call_start` is sent in it.
    pub timezone: String,
    pub balance: f64,
    pub currency: String,
    /// Requests per minute before 429 (the real API allows 100).
    pub rate_limit_per_minute: u32,
    /// Shortest lifetime a record link may be given (the real API: 180 s).
    pub min_link_lifetime_secs: u64,
    /// Ring and talk time of calls played back after a click-to-call request.
    pub callback_ring_secs: f64,
    pub callback_talk_secs: f64,
}

impl Default for ZadarmaAccount {
    fn default() -> Self {
        ZadarmaAccount {
            api_key: "sim_key_0123456789ab".into(),
            api_secret: "sim_secret_0123456789".into(),
            timezone: "Europe/Moscow".into(),
            balance: 10.34,
            currency: "USD".into(),
            rate_limit_per_minute: 100,
            min_link_lifetime_secs: 180,
            callback_ring_secs: 2.0,
            callback_talk_secs: 8.0,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ItoolabsAccount {
    /// Sent as `crm_token` in every PBX → CRM request.
    pub crm_token: String,
    /// Expected as `token` in CRM → PBX requests.
    pub api_token: String,
    pub callback_ring_secs: f64,
    pub callback_talk_secs: f64,
    /// Whether an unanswered incoming call gets a `cmd=history` report (`status=missed`).
    /// `false` is what a real MegaFon PBX did (seed 003): only `cmd=event type=CANCELLED` for
    /// each agent it rang, and no history at all, so the CRM must end the call by itself.
    pub history_for_missed: bool,
}

impl Default for ItoolabsAccount {
    fn default() -> Self {
        ItoolabsAccount {
            crm_token: "sim_crm_token".into(),
            api_token: "sim_api_token".into(),
            callback_ring_secs: 2.0,
            callback_talk_secs: 8.0,
            history_for_missed: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimAgent {
    pub name: String,
    pub extension: String,
    pub login: String,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            relay_url: "http://127.0.0.1:8790".into(),
            listen: "127.0.0.1:8791".parse().expect("valid address"),
            public_url: None,
            providers: vec!["zadarma".into(), "itoolabs".into()],
            zadarma: ZadarmaAccount::default(),
            itoolabs: ItoolabsAccount::default(),
            lines: vec!["74951234567".into(), "78122345678".into()],
            agents: vec![
                SimAgent { name: "Anna Smirnova".into(), extension: "100".into(), login: "anna".into() },
                SimAgent { name: "Boris Ivanov".into(), extension: "101".into(), login: "boris".into() },
                SimAgent { name: "Vera Kuznetsova".into(), extension: "102".into(), login: "vera".into() },
            ],
            clients: vec!["79991234567".into(), "79161112233".into(), "79262223344".into()],
            blacklisted: vec!["78005553535".into()],
            unknown_prefix: "7903".into(),
        }
    }
}

impl SimConfig {
    pub fn load(path: Option<&Path>) -> anyhow::Result<SimConfig> {
        let Some(path) = path else { return Ok(SimConfig::default()) };
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let config: SimConfig = toml::from_str(&text).with_context(|| format!("invalid config {}", path.display()))?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(!self.lines.is_empty(), "config needs at least one line");
        anyhow::ensure!(!self.agents.is_empty(), "config needs at least one agent");
        anyhow::ensure!(!self.providers.is_empty(), "config needs at least one provider");
        for p in &self.providers {
            anyhow::ensure!(p == "zadarma" || p == "itoolabs", "unknown provider {p:?} (zadarma, itoolabs)");
        }
        self.zadarma_timezone()?;
        Ok(())
    }

    pub fn zadarma_timezone(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.zadarma.timezone.parse().map_err(|_| anyhow::anyhow!("unknown time zone {:?}", self.zadarma.timezone))
    }

    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }
}
