//! Relay configuration: defaults, then the TOML file, then `CALLCARD_<SECTION>_<KEY>`
//! environment variables, then command-line flags. `relay.example.toml` documents every key.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use callcard_pbx::phone::PhoneRule;
use figment::providers::{Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub phone: PhoneRule,
    pub routing: RoutingConfig,
    pub zadarma: ZadarmaConfig,
    pub itoolabs: ItoolabsConfig,
    pub dial: DialConfig,
    pub reminders: RemindersConfig,
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
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: "127.0.0.1:8790".parse().expect("valid address"),
            data_dir: PathBuf::from("data"),
            max_body_bytes: 64 * 1024,
            heartbeat_secs: 15,
            client_timeout_secs: 45,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ZadarmaConfig {
    pub api_key: String,
    /// Also signs webhooks; empty accepts unsigned webhooks.
    pub api_secret: String,
    pub api_url: String,
    /// Also accept signatures that are base64 of the raw digest (2025 TypeScript library form).
    pub accept_raw_signature: bool,
    /// The account's time zone (IANA name): `call_start` arrives as local time.
    pub timezone: String,
    /// Lifetime asked for recording links (`/v1/pbx/record/request/`), in seconds (180 or more).
    pub record_link_lifetime_secs: u64,
}

impl Default for ZadarmaConfig {
    fn default() -> Self {
        ZadarmaConfig {
            api_key: String::new(),
            api_secret: String::new(),
            api_url: "https://api.zadarma.com".into(),
            accept_raw_signature: false,
            timezone: "Europe/Moscow".into(),
            record_link_lifetime_secs: 1800,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ItoolabsConfig {
    /// The token you set in the PBX cabinet; every PBX → CRM request must carry it. Empty
    /// refuses all ITooLabs webhooks.
    pub crm_token: String,
    /// e.g. `https://example.megapbx.ru/sys/crm_api.wcgp`.
    pub api_url: String,
    /// The PBX-issued key for CRM → PBX calls.
    pub api_token: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DialConfig {
    /// Which PBX places click-to-call calls: `zadarma`, `itoolabs`, or empty for the one whose
    /// API credentials are set (Zadarma first).
    pub provider: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemindersConfig {
    /// The agent (id, login, extension or name) who gets missed-call reminders for numbers
    /// with no responsible agent. Empty: such reminders are seen by supervisors only.
    pub default_responsible: String,
}

/// The TOML sections, which are also the first word of `CALLCARD_<SECTION>_<KEY>`.
const SECTIONS: &[&str] = &["server", "phone", "routing", "zadarma", "itoolabs", "dial", "reminders", "lines"];

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
    #[error("invalid configuration: [zadarma] timezone {0:?} is not an IANA time zone name")]
    Timezone(String),
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
        let mut config: Config = figment.extract().map_err(|e| ConfigError::Invalid(Box::new(e)))?;
        if let Some(listen) = overrides.listen {
            config.server.listen = listen;
        }
        if let Some(dir) = &overrides.data_dir {
            config.server.data_dir = dir.clone();
        }
        config.zadarma_timezone()?;
        if !matches!(config.dial.provider.as_str(), "" | "zadarma" | "itoolabs") {
            return Err(ConfigError::Invalid(Box::new(figment::Error::from(format!(
                "[dial] provider must be \"zadarma\", \"itoolabs\" or empty, not {:?}",
                config.dial.provider
            )))));
        }
        if config.zadarma.record_link_lifetime_secs < 180 {
            return Err(ConfigError::Invalid(Box::new(figment::Error::from(
                "[zadarma] record_link_lifetime_secs must be at least 180 (Zadarma's minimum)".to_string(),
            ))));
        }
        if config.server.heartbeat_secs == 0 || config.server.client_timeout_secs <= config.server.heartbeat_secs {
            return Err(ConfigError::Invalid(Box::new(figment::Error::from(
                "[server] needs heartbeat_secs >= 1 and client_timeout_secs > heartbeat_secs".to_string(),
            ))));
        }
        Ok(config)
    }

    pub fn zadarma_timezone(&self) -> Result<chrono_tz::Tz, ConfigError> {
        self.zadarma.timezone.parse().map_err(|_| ConfigError::Timezone(self.zadarma.timezone.clone()))
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
    let mut out = serde_json::Map::new();
    for (name, raw) in vars {
        let Some(rest) = name.strip_prefix("CALLCARD_") else { continue };
        let Some((section, key)) = rest.split_once('_') else { continue };
        let section = section.to_ascii_lowercase();
        if !SECTIONS.contains(&section.as_str()) {
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

/// How a secret is shown in logs: only whether it is set.
pub fn redact(secret: &str) -> &'static str {
    if secret.is_empty() {
        "(unset)"
    } else {
        "(set)"
    }
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
            assert_eq!(c.zadarma.api_key, "from-file");
            // An all-digit secret stays a string.
            assert_eq!(c.zadarma.api_secret, "12345678901234567890");
            assert_eq!(c.itoolabs.crm_token, "tok");
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
            jail.create_file("b.toml", "[zadarma]\ntimezone = \"Mars/Olympus\"\n")?;
            assert!(matches!(
                Config::load(Some(Path::new("b.toml")), &Overrides::default()),
                Err(ConfigError::Timezone(_))
            ));
            Ok(())
        });
    }

    #[test]
    fn example_file_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../relay.example.toml");
        figment::Jail::expect_with(|_| {
            Config::load(Some(&path), &Overrides::default()).unwrap();
            Ok(())
        });
    }
}
