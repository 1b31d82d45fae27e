//! Relay configuration: defaults, then the TOML file, then `CALLCARD_<SECTION>_<KEY>`
//! environment variables, then command-line flags. `relay.example.toml` documents every key.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use callcard_pbx::phone::PhoneRule;
use figment::providers::{Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

use crate::providers::ProviderSettings;

// No `deny_unknown_fields` here (serde cannot have it with `flatten`): `load` refuses unknown
// sections itself, and every section refuses unknown keys.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub server: ServerConfig,
    pub phone: PhoneRule,
    pub routing: RoutingConfig,
    /// One section per provider (`[zadarma]`, `[itoolabs]`…), defined by the providers.
    #[serde(flatten)]
    pub providers: ProviderSettings,
    pub dial: DialConfig,
    pub reminders: RemindersConfig,
    pub reports: ReportsConfig,
    pub admin: AdminConfig,
    pub metrics: MetricsConfig,
    pub history: HistoryConfig,
    pub ui: UiConfig,
    pub broker: BrokerConfig,
    /// Labels of our lines (DIDs), keyed by the number in digits-only E.164.
    pub lines: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// How often the relay pings each WebSocket client, in seconds.
    pub heartbeat_secs: u64,
    /// A client silent for this long (no frame, no pong) is dropped, in seconds.
    pub client_timeout_secs: u64,
    /// Reverse proxies (addresses or CIDR networks) whose `X-Forwarded-For` names the sender
    /// for the providers' `allow_from`; empty: the connection's peer is the sender.
    pub trusted_proxies: Vec<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: "127.0.0.1:8790".parse().expect("valid address"),
            data_dir: PathBuf::from("data"),
            max_body_bytes: 64 * 1024,
            heartbeat_secs: 15,
            client_timeout_secs: 45,
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoutingConfig {
    /// Answer NOTIFY_START with `redirect` to the responsible agent's extension.
    pub redirect_to_responsible: bool,
    /// Seconds the PBX rings the responsible agent before returning to its menu (`0` = never
    /// return; Zadarma wants 0 or at least 3). Not sent when unset.
    pub return_timeout: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DialConfig {
    /// Which PBX places click-to-call calls: a provider id (`zadarma`, `itoolabs`…), or empty
    /// for the first whose API credentials are set (checked when the providers are built).
    pub provider: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemindersConfig {
    /// The agent (id, login, extension or name) who gets missed-call reminders for numbers
    /// with no responsible agent. Empty: such reminders are seen by supervisors only.
    pub default_responsible: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportsConfig {
    /// The IANA time zone whose days reports count in (`Europe/Moscow`).
    pub timezone: String,
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig { timezone: "UTC".into() }
    }
}

impl ReportsConfig {
    pub fn tz(&self) -> Result<chrono_tz::Tz, String> {
        self.timezone
            .parse()
            .map_err(|_| format!("[reports] timezone {:?} is not an IANA time zone name", self.timezone))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdminConfig {
    /// A console session ends after this many minutes without a request.
    pub session_idle_mins: u64,
    /// The relay's address as the PBXes reach it (`https://relay.example.com`), for the webhook
    /// URLs the console shows. Empty: the address the console was opened on.
    pub public_url: String,
}

impl Default for AdminConfig {
    fn default() -> Self {
        AdminConfig { session_idle_mins: 30, public_url: String::new() }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Where `/metrics` (Prometheus) is served, apart from the webhooks (`127.0.0.1:9790`).
    /// Empty: no metrics.
    pub listen: String,
}

impl MetricsConfig {
    pub fn address(&self) -> Result<Option<SocketAddr>, String> {
        let listen = self.listen.trim();
        if listen.is_empty() {
            return Ok(None);
        }
        listen.parse().map(Some).map_err(|_| format!("[metrics] listen {listen:?} is not an address and port"))
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryConfig {
    /// Events, raw webhooks and cached recordings older than this many days are pruned (0:
    /// kept for ever). Calls and outcomes stay for the reports.
    pub keep_days: u32,
    /// Calls (with their outcomes) older than this many days are pruned too (0: kept for ever).
    pub keep_calls_days: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    /// The language the relay words things in for people (en, ru, uk, pt, fr): the outcome
    /// labels a new database starts with. The app and the console choose their own language.
    pub language: String,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig { language: callcard_i18n::FALLBACK.to_string() }
    }
}

impl UiConfig {
    fn check(&self) -> Result<(), String> {
        if callcard_i18n::LANGUAGES.contains(&self.language.as_str()) {
            Ok(())
        } else {
            Err(format!("[ui] language {:?} is not one of {}", self.language, callcard_i18n::LANGUAGES.join(", ")))
        }
    }
}

/// How committed events reach the sessions of every node.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BrokerConfig {
    /// Empty: one node, events go straight to its sessions. `nats://host:4222`: NATS carries
    /// them to every node (core NATS: it may lose some; the nodes repair from the store).
    pub url: String,
}

impl BrokerConfig {
    /// The NATS address, if one is set.
    pub fn nats(&self) -> Result<Option<&str>, String> {
        let url = self.url.trim();
        match url {
            "" => Ok(None),
            _ if url.starts_with("nats://") || url.starts_with("tls://") => Ok(Some(url)),
            _ => Err(format!("[broker] url {url:?} is neither empty (one node) nor nats://host:port")),
        }
    }
}

/// Overrides given on the command line (highest precedence).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub listen: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {0} does not exist")]
    Missing(PathBuf),
    #[error("invalid configuration: {0}")]
    Invalid(#[from] Box<figment::Error>),
    #[error("invalid configuration: {0}")]
    Check(String),
}

impl Config {
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.exists() {
                return Err(ConfigError::Missing(path.to_path_buf()));
            }
            figment = figment.merge(Toml::file(path));
        }
        figment = figment.merge(Serialized::defaults(env_overrides(std::env::vars())?));
        let given: serde_json::Value = figment.extract().map_err(|e| ConfigError::Invalid(Box::new(e)))?;
        let known = serde_json::to_value(Config::default()).expect("config serialises");
        if let Some(unknown) = given.as_object().into_iter().flat_map(|o| o.keys()).find(|k| known.get(k).is_none()) {
            return Err(ConfigError::Check(format!("unknown section [{unknown}]")));
        }
        let mut config: Config = figment.extract().map_err(|e| ConfigError::Invalid(Box::new(e)))?;
        if let Some(listen) = overrides.listen {
            config.server.listen = listen;
        }
        if let Some(dir) = &overrides.data_dir {
            config.server.data_dir = dir.clone();
        }
        config.providers.validate().map_err(ConfigError::Check)?;
        config.reports.tz().map_err(ConfigError::Check)?;
        config.metrics.address().map_err(ConfigError::Check)?;
        config.trusted_proxies().map_err(ConfigError::Check)?;
        config.ui.check().map_err(ConfigError::Check)?;
        config.broker.nats().map_err(ConfigError::Check)?;
        if config.admin.session_idle_mins == 0 {
            return Err(ConfigError::Check("[admin] session_idle_mins must be at least 1".to_string()));
        }
        if config.server.heartbeat_secs == 0 || config.server.client_timeout_secs <= config.server.heartbeat_secs {
            return Err(ConfigError::Check(
                "[server] needs heartbeat_secs >= 1 and client_timeout_secs > heartbeat_secs".to_string(),
            ));
        }
        Ok(config)
    }

    pub fn trusted_proxies(&self) -> Result<crate::providers::sources::Networks, String> {
        crate::providers::sources::Networks::parse(&self.server.trusted_proxies, "[server] trusted_proxies")
    }

    pub fn database_path(&self) -> PathBuf {
        self.server.data_dir.join("callcard.db")
    }
}

/// `CALLCARD_<SECTION>_<KEY>` variables as a config tree. Each value takes the type of the
/// key's default (so an all-digit secret stays a string); keys without a default (line labels,
/// optional numbers) are numbers when they look like one, else strings.
fn env_overrides(vars: impl Iterator<Item = (String, String)>) -> Result<serde_json::Value, ConfigError> {
    use serde_json::Value;
    let template = serde_json::to_value(Config::default()).expect("config serialises");
    // The sections are the config's own (the provider sections included).
    let sections: Vec<&String> = template.as_object().expect("config is a table").keys().collect();
    let mut out = serde_json::Map::new();
    for (name, raw) in vars {
        let Some(rest) = name.strip_prefix("CALLCARD_") else { continue };
        let Some((section, key)) = rest.split_once('_') else { continue };
        let section = section.to_ascii_lowercase();
        if !sections.iter().any(|s| **s == section) {
            continue; // other CALLCARD_* variables belong to other programs
        }
        // Line keys are phone numbers: keep them as written.
        let key = if section == "lines" { key.to_string() } else { key.to_ascii_lowercase() };
        let invalid =
            |what: &str| ConfigError::Invalid(Box::new(figment::Error::from(format!("{name}={raw:?} is not {what}"))));
        let value = match template.get(&section).and_then(|s| s.get(&key)) {
            Some(Value::Bool(_)) => Value::Bool(match raw.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => true,
                "false" | "0" | "no" => false,
                _ => return Err(invalid("true or false")),
            }),
            Some(Value::Number(_)) => Value::Number(raw.trim().parse().map_err(|_| invalid("a number"))?),
            // Lists are comma-separated: `CALLCARD_ZADARMA_ALLOW_FROM=185.45.152.40/30,10.0.0.1`.
            Some(Value::Array(_)) => {
                Value::Array(raw.split(',').map(str::trim).filter(|v| !v.is_empty()).map(Value::from).collect())
            }
            Some(_) => Value::String(raw),
            None => match raw.trim().parse::<u64>() {
                Ok(n) if section != "lines" => Value::from(n),
                _ => Value::String(raw),
            },
        };
        out.entry(section).or_insert_with(|| Value::Object(Default::default()))[&key] = value;
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's closures return figment::Error
mod tests {
    use super::*;

    #[test]
    fn file_then_env_then_flags() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "relay.toml",
                r#"
                [server]
                listen = "127.0.0.1:9000"
                [zadarma]
                api_key = "from-file"
                [lines]
                "74951234567" = "Moscow sales"
                "#,
            )?;
            jail.set_env("CALLCARD_ZADARMA_API_SECRET", "12345678901234567890");
            jail.set_env("CALLCARD_ITOOLABS_CRM_TOKEN", "tok");
            jail.set_env("CALLCARD_ROUTING_REDIRECT_TO_RESPONSIBLE", "true");
            let overrides = Overrides { data_dir: Some("/tmp/x".into()), ..Default::default() };
            let c = Config::load(Some(Path::new("relay.toml")), &overrides).unwrap();
            assert_eq!(c.server.listen.port(), 9000);
            assert_eq!(c.providers.zadarma.api_key, "from-file");
            // An all-digit secret stays a string.
            assert_eq!(c.providers.zadarma.api_secret, "12345678901234567890");
            assert_eq!(c.providers.itoolabs.crm_token, "tok");
            assert!(c.routing.redirect_to_responsible);
            assert_eq!(c.server.data_dir, PathBuf::from("/tmp/x"));
            assert_eq!(c.lines.get("74951234567").map(String::as_str), Some("Moscow sales"));
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_and_bad_zones_are_errors() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("a.toml", "[zadarma]\napi_sekret = \"x\"\n")?;
            assert!(Config::load(Some(Path::new("a.toml")), &Overrides::default()).is_err());
            jail.create_file("s.toml", "[zadarmaa]\napi_key = \"x\"\n")?;
            let e = Config::load(Some(Path::new("s.toml")), &Overrides::default()).unwrap_err().to_string();
            assert!(e.contains("unknown section [zadarmaa]"), "{e}");
            jail.create_file("b.toml", "[zadarma]\ntimezone = \"Mars/Olympus\"\n")?;
            let e = Config::load(Some(Path::new("b.toml")), &Overrides::default()).unwrap_err().to_string();
            assert!(e.contains("Mars/Olympus") && e.contains("IANA"), "{e}");
            jail.create_file("u.toml", "[ui]\nlanguage = \"de\"\n")?;
            let e = Config::load(Some(Path::new("u.toml")), &Overrides::default()).unwrap_err().to_string();
            assert!(e.contains("[ui] language \"de\""), "{e}");
            jail.create_file("n.toml", "[broker]\nurl = \"redis://127.0.0.1:6379\"\n")?;
            let e = Config::load(Some(Path::new("n.toml")), &Overrides::default()).unwrap_err().to_string();
            assert!(e.contains("[broker] url"), "{e}");
            jail.create_file("ok.toml", "[broker]\nurl = \"nats://10.0.0.5:4222\"\n")?;
            let config = Config::load(Some(Path::new("ok.toml")), &Overrides::default()).unwrap();
            assert_eq!(config.broker.nats(), Ok(Some("nats://10.0.0.5:4222")));
            Ok(())
        });
    }

    #[test]
    fn the_example_file_shows_every_key_with_its_default() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../relay.example.toml");
        // It loads (no unknown keys, valid values)…
        figment::Jail::expect_with(|_| {
            Config::load(Some(&path), &Overrides::default()).unwrap();
            Ok(())
        });
        // …and every key it shows uncommented is the default it claims to be, and every key with
        // a default is shown (optional keys without one are commented examples).
        let text = std::fs::read_to_string(&path).unwrap();
        let example = serde_json::to_value(toml::from_str::<toml::Table>(&text).unwrap()).unwrap();
        let defaults = serde_json::to_value(Config::default()).unwrap();
        for (section, keys) in defaults.as_object().unwrap() {
            assert!(example.get(section).is_some(), "[{section}] is missing from relay.example.toml");
            for (key, value) in keys.as_object().unwrap() {
                if value.is_null() {
                    continue;
                }
                assert_eq!(example[section].get(key), Some(value), "[{section}] {key} in relay.example.toml");
            }
            for key in example[section].as_object().unwrap().keys() {
                assert!(keys.get(key).is_some(), "[{section}] {key} is not a config key");
            }
        }
    }
}
