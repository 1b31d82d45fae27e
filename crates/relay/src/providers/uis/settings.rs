//! `[uis]` in the relay's config: UIS, CoMagic, CallGear and Novofon V2 (one platform, hosts by
//! brand).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::providers::checks;
use crate::providers::recordings::host_of;

/// The brands' API hosts (PROTOCOLS.md §3.1): Call API, Data API.
const BRANDS: &[(&str, &str, &str)] = &[
    ("uis", "https://callapi.uiscom.ru/v4.0", "https://dataapi.uiscom.ru/v2.0"),
    ("comagic", "https://callapi.comagic.ru/v4.0", "https://dataapi.comagic.ru/v2.0"),
    ("callgear", "https://callapi.callgear.com/v4.0", "https://dataapi.callgear.com/v2.0"),
    ("novofon", "https://callapi-jsonrpc.novofon.ru/v4.0", "https://dataapi-jsonrpc.novofon.ru/v2.0"),
];

/// Where each brand keeps recordings (`media.`, `app.`, `files.` hosts, §3.9).
const MEDIA_DOMAINS: &[(&str, &str)] =
    &[("uis", "uiscom.ru"), ("comagic", "comagic.ru"), ("callgear", "callgear.com"), ("novofon", "novofon.ru")];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UisSettings {
    /// The secret in every notification URL (`/hooks/uis/{secret}/{event}`); empty refuses all
    /// UIS requests.
    pub webhook_secret: String,
    /// `uis`, `comagic`, `callgear` or `novofon`: picks the API hosts.
    pub brand: String,
    /// Overrides the brand's Call API URL.
    pub call_api_url: String,
    /// Overrides the brand's Data API URL.
    pub data_api_url: String,
    /// A permanent API key; or leave it empty and set `login` and `password` (1-hour sessions).
    pub access_token: String,
    pub login: String,
    pub password: String,
    /// The caller id of click-to-call calls (digits-only E.164).
    pub virtual_phone_number: String,
    /// The account's time zone (IANA name): `notification_time` carries none.
    pub timezone: String,
    /// Interactive call processing: the scenario branch for a blacklisted caller.
    pub blacklist_returned_code: i64,
    /// The branch for callers the relay does not route (unknown, no responsible, no phone).
    pub fallback_returned_code: i64,
    /// Renamed template keys: our variable name → the key in your templates.
    pub fields: BTreeMap<String, String>,
    /// Employees' numbers for routing (employee id → number), over what `get.employees` lists.
    pub employee_phones: BTreeMap<String, String>,
    /// Addresses (CIDR, `185.45.152.40/30`) webhooks may come from; empty: anywhere. Behind a
    /// reverse proxy, `[server] trusted_proxies` says whose `X-Forwarded-For` to believe.
    pub allow_from: Vec<String>,
}

impl Default for UisSettings {
    fn default() -> Self {
        UisSettings {
            allow_from: Vec::new(),
            webhook_secret: String::new(),
            brand: "uis".into(),
            call_api_url: String::new(),
            data_api_url: String::new(),
            access_token: String::new(),
            login: String::new(),
            password: String::new(),
            virtual_phone_number: String::new(),
            timezone: "Europe/Moscow".into(),
            blacklist_returned_code: 2,
            fallback_returned_code: 1,
            fields: BTreeMap::new(),
            employee_phones: BTreeMap::new(),
        }
    }
}

impl UisSettings {
    pub fn timezone(&self) -> Result<chrono_tz::Tz, String> {
        checks::timezone("uis", &self.timezone)
    }

    fn brand_hosts(&self) -> Result<(&'static str, &'static str), String> {
        BRANDS.iter().find(|(b, _, _)| *b == self.brand).map(|(_, call, data)| (*call, *data)).ok_or_else(|| {
            let known: Vec<&str> = BRANDS.iter().map(|(b, _, _)| *b).collect();
            format!("[uis] brand must be one of {}, not {:?}", known.join(", "), self.brand)
        })
    }

    /// The Call API and Data API URLs: the overrides, else the brand's.
    pub fn api_urls(&self) -> (String, String) {
        let (call, data) = self.brand_hosts().unwrap_or((BRANDS[0].1, BRANDS[0].2));
        let pick = |over: &str, default: &str| if over.is_empty() { default.to_string() } else { over.to_string() };
        (pick(&self.call_api_url, call), pick(&self.data_api_url, data))
    }

    /// The hosts a recording link may point at: the brand's domain and its subdomains, and the
    /// hosts of the API URLs (an override points at them). Anything else is not fetched: a
    /// `file_link` comes from a webhook, and the relay must not fetch arbitrary URLs for it.
    pub fn recording_hosts(&self) -> Vec<String> {
        let mut hosts: Vec<String> =
            MEDIA_DOMAINS.iter().filter(|(b, _)| *b == self.brand).map(|(_, d)| d.to_string()).collect();
        let (call, data) = self.api_urls();
        for url in [call, data] {
            hosts.extend(host_of(&url));
        }
        hosts
    }

    /// Whether the API can be called at all (a key, or a login and password).
    pub fn has_credentials(&self) -> bool {
        !self.access_token.is_empty() || (!self.login.is_empty() && !self.password.is_empty())
    }

    pub fn validate(&self) -> Result<(), String> {
        self.timezone()?;
        self.brand_hosts()?;
        checks::url_secret("uis", &self.webhook_secret)?;
        if let Some(unknown) = self.fields.keys().find(|k| !callcard_pbx::uis::known_names().any(|n| n == k.as_str())) {
            let known: Vec<&str> = callcard_pbx::uis::known_names().collect();
            return Err(format!(
                "[uis.fields] {unknown:?} is not a variable the relay reads; known: {}",
                known.join(", ")
            ));
        }
        if let Some((id, phone)) = self.employee_phones.iter().find(|(_, p)| callcard_pbx::uis::dialable(p).is_none()) {
            return Err(format!("[uis.employee_phones] {id:?} = {phone:?} is not a phone number"));
        }
        if !self.virtual_phone_number.chars().all(|c| c.is_ascii_digit()) {
            return Err("[uis] virtual_phone_number must be digits only (E.164 without +)".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_follow_the_brand_and_the_overrides() {
        let mut s = UisSettings::default();
        assert_eq!(s.api_urls().0, "https://callapi.uiscom.ru/v4.0");
        s.brand = "callgear".into();
        assert_eq!(s.api_urls().1, "https://dataapi.callgear.com/v2.0");
        s.data_api_url = "http://127.0.0.1:1/uis/dataapi/v2.0".into();
        assert_eq!(s.api_urls().1, "http://127.0.0.1:1/uis/dataapi/v2.0");
        assert!(s.recording_hosts().contains(&"callgear.com".to_string()));
        assert!(s.recording_hosts().contains(&"127.0.0.1".to_string()));
        s.brand = "beeline".into();
        assert!(s.validate().unwrap_err().contains("uis, comagic, callgear, novofon"));
    }

    #[test]
    fn what_validation_refuses() {
        let ok = UisSettings { webhook_secret: "0123456789abcdef".into(), ..Default::default() };
        assert_eq!(ok.validate(), Ok(()));
        let short = UisSettings { webhook_secret: "abc".into(), ..Default::default() };
        assert!(short.validate().is_err());
        let slash = UisSettings { webhook_secret: "0123456789abcdef/x".into(), ..Default::default() };
        assert!(slash.validate().is_err());
        let fields = UisSettings { fields: BTreeMap::from([("colour".into(), "x".into())]), ..Default::default() };
        assert!(fields.validate().unwrap_err().contains("call_session_id"));
        let phones =
            UisSettings { employee_phones: BTreeMap::from([("1".into(), "call me".into())]), ..Default::default() };
        assert!(phones.validate().unwrap_err().contains("not a phone number"));
        let zone = UisSettings { timezone: "Mars/Olympus".into(), ..Default::default() };
        assert!(zone.validate().is_err());
    }
}
