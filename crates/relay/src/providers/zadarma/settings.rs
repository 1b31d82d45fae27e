//! `[zadarma]` in the relay's config.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ZadarmaSettings {
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
    /// NOTIFY_START's `caller_name` in Latin letters (IP phones show only Latin); false keeps
    /// the contact's name as written.
    pub latin_caller_name: bool,
    /// Addresses (CIDR, `185.45.152.40/30`) webhooks may come from; empty: anywhere. Behind a
    /// reverse proxy, `[server] trusted_proxies` says whose `X-Forwarded-For` to believe.
    pub allow_from: Vec<String>,
}

impl Default for ZadarmaSettings {
    fn default() -> Self {
        ZadarmaSettings {
            allow_from: Vec::new(),
            api_key: String::new(),
            api_secret: String::new(),
            api_url: "https://api.zadarma.com".into(),
            accept_raw_signature: false,
            timezone: "Europe/Moscow".into(),
            record_link_lifetime_secs: 1800,
            latin_caller_name: true,
        }
    }
}

impl ZadarmaSettings {
    pub fn timezone(&self) -> Result<chrono_tz::Tz, String> {
        crate::providers::checks::timezone("zadarma", &self.timezone)
    }

    pub fn validate(&self) -> Result<(), String> {
        self.timezone()?;
        if self.record_link_lifetime_secs < 180 {
            return Err("[zadarma] record_link_lifetime_secs must be at least 180 (Zadarma's minimum)".into());
        }
        Ok(())
    }
}
