//! The simulator's config file: which PBX accounts it plays, the lines, extensions and clients
//! its calls use, and how its APIs behave. `demo/sim.toml` is a complete example.

mod ringostat;

use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

pub use ringostat::{RingostatAccount, RingostatDateFormat, RingostatFormat, RingostatKeys};

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
    pub uis: UisAccount,
    pub ringostat: RingostatAccount,
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

/// How the customer wrote the UIS notification templates (PROTOCOLS.md §3.5): the body is
/// whatever the template renders, so the simulator plays the shapes real accounts produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UisTemplate {
    /// `"key": {{key}}`: placeholders rendered as JSON literals (numbers bare, strings quoted).
    Literal,
    /// `"key": "{{key}}"`: the customer quoted the placeholders, so strings arrive as `""x""`.
    Quoted,
    /// Keys of the customer's choosing (`session`, `client_phone`, `manager_id`, `line`).
    Renamed,
    /// Variables grouped one level deep (`call_info`, `contact_info`, `employee_info`…).
    Nested,
}

/// The HTTP method the customer chose for the notifications and the routing request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum UisMethod {
    /// A JSON body (`Content-Type: application/json`).
    Post,
    /// The same variables as a query string, values as plain text.
    Get,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UisAccount {
    /// The secret in every notification's path: `/hooks/uis/{webhook_secret}/{event}`.
    pub webhook_secret: String,
    /// A permanent API key, accepted by the Call API and the Data API.
    pub access_token: String,
    /// Credentials of `login.user`, which hands out session tokens.
    pub login: String,
    pub password: String,
    /// Lifetime of a session token (the real API: one hour); then `access_token_invalid`.
    pub session_lifetime_secs: u64,
    pub template: UisTemplate,
    pub method: UisMethod,
    /// Points per minute of both APIs together before `-32029 limit_exceeded`.
    pub rate_limit_per_minute: u32,
    pub callback_ring_secs: f64,
    pub callback_talk_secs: f64,
    /// The virtual number `start.employee_call` must name.
    pub virtual_phone_number: String,
    /// The `returned_code` of the routing reply that sends a call to the blacklist branch.
    pub blacklist_returned_code: i64,
    /// The account's time zone: `notification_time` and the Data API's times are in it.
    pub timezone: String,
}

impl Default for UisAccount {
    fn default() -> Self {
        UisAccount {
            webhook_secret: "sim_uis_secret_0123456789abcdef".into(),
            access_token: "sim_uis_token".into(),
            login: "sim_uis_login".into(),
            password: "sim_uis_password".into(),
            session_lifetime_secs: 3600,
            template: UisTemplate::Literal,
            method: UisMethod::Post,
            rate_limit_per_minute: 150,
            callback_ring_secs: 2.0,
            callback_talk_secs: 8.0,
            virtual_phone_number: "74951234567".into(),
            blacklist_returned_code: 2,
            timezone: "Europe/Moscow".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimAgent {
    pub name: String,
    pub extension: String,
    pub login: String,
    /// UIS employee id (digits); empty in a config file means `3234` + extension.
    #[serde(default)]
    pub employee_id: String,
    /// Ringostat SIP login; empty in a config file means the login.
    #[serde(default)]
    pub sip_login: String,
}

impl SimAgent {
    /// The agent's phone at UIS (`get.employees` `phone_numbers`, routing replies): an E.164
    /// mobile number made from the extension, `100` → `79160000100`.
    pub fn uis_phone(&self) -> String {
        format!("7916{:0>7}", self.extension)
    }

    /// The employee id as the integer UIS sends.
    pub fn uis_employee_id(&self) -> i64 {
        self.employee_id.parse().expect("validated")
    }

    /// The Ringostat `employee_number` (`staffid`): `2` and the extension, `100` → `2100`.
    pub fn ringostat_employee_number(&self) -> String {
        format!("2{}", self.extension)
    }
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
            uis: UisAccount::default(),
            ringostat: RingostatAccount::default(),
            lines: vec!["74951234567".into(), "78122345678".into()],
            agents: vec![
                SimAgent {
                    name: "Anna Smirnova".into(),
                    extension: "100".into(),
                    login: "anna".into(),
                    employee_id: "3234100".into(),
                    sip_login: "anna".into(),
                },
                SimAgent {
                    name: "Boris Ivanov".into(),
                    extension: "101".into(),
                    login: "boris".into(),
                    employee_id: "3234101".into(),
                    sip_login: "boris".into(),
                },
                SimAgent {
                    name: "Vera Kuznetsova".into(),
                    extension: "102".into(),
                    login: "vera".into(),
                    employee_id: "3234102".into(),
                    sip_login: "vera".into(),
                },
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
        let mut config: SimConfig =
            toml::from_str(&text).with_context(|| format!("invalid config {}", path.display()))?;
        config.fill_defaults();
        config.validate()?;
        Ok(config)
    }

    /// Defaults that depend on other fields: an agent's UIS employee id and SIP login.
    pub fn fill_defaults(&mut self) {
        for agent in &mut self.agents {
            if agent.employee_id.is_empty() {
                agent.employee_id = format!("3234{}", agent.extension);
            }
            if agent.sip_login.is_empty() {
                agent.sip_login = agent.login.clone();
            }
        }
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(!self.lines.is_empty(), "config needs at least one line");
        anyhow::ensure!(!self.agents.is_empty(), "config needs at least one agent");
        anyhow::ensure!(!self.providers.is_empty(), "config needs at least one provider");
        for p in &self.providers {
            anyhow::ensure!(
                ["zadarma", "itoolabs", "uis", "ringostat"].contains(&p.as_str()),
                "unknown provider {p:?} (zadarma, itoolabs, uis, ringostat)"
            );
        }
        self.zadarma_timezone()?;
        self.uis_timezone()?;
        self.ringostat_timezone()?;
        for (i, agent) in self.agents.iter().enumerate() {
            let id = &agent.employee_id;
            anyhow::ensure!(
                !id.is_empty() && id.len() <= 15 && id.bytes().all(|b| b.is_ascii_digit()),
                "agent {:?}: employee_id must be digits, got {id:?}",
                agent.name
            );
            anyhow::ensure!(
                self.agents[..i].iter().all(|a| a.employee_id != *id),
                "agent {:?}: employee_id {id} is taken",
                agent.name
            );
        }
        // A query string has neither quotes nor groups: those templates are JSON bodies.
        anyhow::ensure!(
            self.uis.method == UisMethod::Post
                || matches!(self.uis.template, UisTemplate::Literal | UisTemplate::Renamed),
            "[uis] method = \"GET\" sends a query string: template must be literal or renamed"
        );
        anyhow::ensure!(!self.uis.webhook_secret.is_empty(), "[uis] webhook_secret must not be empty");
        self.validate_ringostat()
    }

    fn validate_ringostat(&self) -> anyhow::Result<()> {
        let r = &self.ringostat;
        anyhow::ensure!(!r.webhook_secret.is_empty(), "[ringostat] webhook_secret must not be empty");
        anyhow::ensure!(!r.auth_key.is_empty(), "[ringostat] auth_key must not be empty");
        anyhow::ensure!(
            !r.project_id.is_empty() && r.project_id.bytes().all(|b| b.is_ascii_digit()),
            "[ringostat] project_id must be digits"
        );
        anyhow::ensure!(r.route_timeout_ms > 0, "[ringostat] route_timeout_ms must be positive");
        for (i, agent) in self.agents.iter().enumerate() {
            let sip = &agent.sip_login;
            // A SIP login is what a webhook-number answer may name instead of a number.
            anyhow::ensure!(
                !sip.is_empty()
                    && !sip.bytes().all(|b| b.is_ascii_digit())
                    && sip.bytes().all(|b| b.is_ascii_graphic()),
                "agent {:?}: sip_login must be a login (not all digits, no spaces), got {sip:?}",
                agent.name
            );
            anyhow::ensure!(
                self.agents[..i].iter().all(|a| a.sip_login != *sip),
                "agent {:?}: sip_login {sip} is taken",
                agent.name
            );
        }
        Ok(())
    }

    pub fn zadarma_timezone(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.zadarma.timezone.parse().map_err(|_| anyhow::anyhow!("unknown time zone {:?}", self.zadarma.timezone))
    }

    pub fn uis_timezone(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.uis.timezone.parse().map_err(|_| anyhow::anyhow!("unknown time zone {:?}", self.uis.timezone))
    }

    pub fn ringostat_timezone(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.ringostat.timezone.parse().map_err(|_| anyhow::anyhow!("unknown time zone {:?}", self.ringostat.timezone))
    }

    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> anyhow::Result<SimConfig> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("sim.toml");
        std::fs::write(&path, text)?;
        SimConfig::load(Some(&path))
    }

    const AGENT: &str = "[[agents]]\nname = \"Anna\"\nextension = \"100\"\nlogin = \"anna\"\n";

    #[test]
    fn the_demo_config_plays_uis() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/sim.toml");
        let config = SimConfig::load(Some(&path)).unwrap();
        assert!(config.providers.iter().any(|p| p == "uis"));
        assert_eq!(config.agents[0].uis_employee_id(), 3234100);
        assert_eq!(config.uis.virtual_phone_number, config.lines[0]);
        assert!(config.providers.iter().any(|p| p == "ringostat"));
        assert_eq!(config.agents[0].sip_login, "anna");
        assert!(config.ringostat.webhook_secret.len() >= 32, "128 bits and more");
    }

    #[test]
    fn uis_defaults_and_employee_ids() {
        let config = parse(AGENT).unwrap();
        assert_eq!(config.agents[0].employee_id, "3234100", "3234 and the extension");
        assert_eq!(config.agents[0].uis_phone(), "79160000100");
        assert_eq!((config.uis.template, config.uis.method), (UisTemplate::Literal, UisMethod::Post));
        assert_eq!(config.uis.webhook_secret, "sim_uis_secret_0123456789abcdef");
        let default = SimConfig::default();
        let ids: Vec<&str> = default.agents.iter().map(|a| a.employee_id.as_str()).collect();
        assert_eq!(ids, ["3234100", "3234101", "3234102"]);
        let custom =
            parse(&format!("providers = [\"uis\"]\n[uis]\ntemplate = \"nested\"\n{AGENT}employee_id = \"77\"\n"))
                .unwrap();
        assert_eq!((custom.uis.template, custom.agents[0].uis_employee_id()), (UisTemplate::Nested, 77));
    }

    #[test]
    fn ringostat_defaults_and_sip_logins() {
        let config = parse(AGENT).unwrap();
        let r = &config.ringostat;
        assert_eq!(r.webhook_secret, "sim_ringostat_secret_0123456789");
        assert_eq!((r.auth_key.as_str(), r.project_id.as_str()), ("sim_ringostat_auth_key", "12345"));
        assert_eq!(
            (r.format, r.keys, r.date_format),
            (RingostatFormat::Json, RingostatKeys::Default, RingostatDateFormat::Plain)
        );
        assert_eq!(
            (r.route_response_key.as_str(), r.route_timeout_ms, r.rate_limit_per_minute),
            ("destination", 1500, 60)
        );
        assert_eq!(config.agents[0].sip_login, "anna", "the login by default");
        assert_eq!(config.agents[0].ringostat_employee_number(), "2100");
        let custom = parse(&format!(
            "providers = [\"ringostat\"]\n[ringostat]\nformat = \"get\"\nkeys = \"alternate\"\ndate_format = \"timestamp\"\n{AGENT}sip_login = \"anna_sip\"\n"
        ))
        .unwrap();
        assert_eq!((custom.ringostat.format, custom.ringostat.keys), (RingostatFormat::Get, RingostatKeys::Alternate));
        assert_eq!(custom.agents[0].sip_login, "anna_sip");
    }

    #[test]
    fn what_validation_refuses() {
        for bad in [
            format!("providers = [\"ringostat2\"]\n{AGENT}"),
            format!("[ringostat]\nformat = \"xml\"\n{AGENT}"),
            format!("[ringostat]\nkeys = \"mine\"\n{AGENT}"),
            format!("[ringostat]\ndate_format = \"unix\"\n{AGENT}"),
            format!("[ringostat]\ntimezone = \"Mars/Olympus\"\n{AGENT}"),
            format!("[ringostat]\nproject_id = \"p1\"\n{AGENT}"),
            format!("[ringostat]\nsecret = \"x\"\n{AGENT}"),
            format!("{AGENT}sip_login = \"2100\"\n"),
            format!("{AGENT}sip_login = \"s\"\n{}sip_login = \"s\"\n", AGENT.replace("100", "101")),
            format!("[uis]\nmethod = \"GET\"\ntemplate = \"quoted\"\n{AGENT}"),
            format!("[uis]\nmethod = \"PUT\"\n{AGENT}"),
            format!("[uis]\ntemplate = \"yaml\"\n{AGENT}"),
            format!("[uis]\ntimezone = \"Mars/Olympus\"\n{AGENT}"),
            format!("[uis]\nsecret = \"x\"\n{AGENT}"),
            format!("{AGENT}employee_id = \"A-1\"\n"),
            // Two agents, one employee id.
            format!("{AGENT}employee_id = \"5\"\n{}employee_id = \"5\"\n", AGENT.replace("100", "101")),
        ] {
            assert!(parse(&bad).is_err(), "accepted:\n{bad}");
        }
        assert!(parse(&format!("[uis]\nmethod = \"GET\"\ntemplate = \"renamed\"\n{AGENT}")).is_ok());
    }
}
