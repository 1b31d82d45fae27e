//! `[ringostat]` in the relay's config.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::providers::checks;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RingostatSettings {
    /// The secret in every webhook URL (`/hooks/ringostat/{secret}/{event}`); empty refuses all
    /// Ringostat requests.
    pub webhook_secret: String,
    /// The key of "Integration → Ringostat API" (the `Auth-key` header).
    pub auth_key: String,
    /// The project id (`projectId`, `x-project-id`).
    pub project_id: String,
    /// The REST API: its base URL, or its JSON-RPC endpoint (`…/a/v2`).
    pub api_url: String,
    /// "Name in response for destination (for JSON)" as set for the webhook number; empty
    /// answers the destination as the plain body.
    pub route_response_key: String,
    /// The zone of dates that carry none (the webhook's date format setting).
    pub timezone: String,
    /// Push contact names to Ringostat Smart Phone (`minicrm/contacts/sync`) when contacts change.
    pub sync_contacts: bool,
    /// Renamed parameters: our name → the name in your webhooks.
    pub fields: BTreeMap<String, String>,
    /// Addresses (CIDR, `185.45.152.40/30`) webhooks may come from; empty: anywhere. Behind a
    /// reverse proxy, `[server] trusted_proxies` says whose `X-Forwarded-For` to believe.
    pub allow_from: Vec<String>,
}

impl Default for RingostatSettings {
    fn default() -> Self {
        RingostatSettings {
            allow_from: Vec::new(),
            webhook_secret: String::new(),
            auth_key: String::new(),
            project_id: String::new(),
            api_url: "https://api.ringostat.net".into(),
            route_response_key: "destination".into(),
            timezone: "Europe/Kyiv".into(),
            sync_contacts: true,
            fields: BTreeMap::new(),
        }
    }
}

impl RingostatSettings {
    pub fn timezone(&self) -> Result<chrono_tz::Tz, String> {
        checks::timezone("ringostat", &self.timezone)
    }

    pub fn validate(&self) -> Result<(), String> {
        self.timezone()?;
        checks::url_secret("ringostat", &self.webhook_secret)?;
        let known: Vec<&str> = callcard_pbx::ringostat::known_names().collect();
        if let Some(unknown) = self.fields.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!(
                "[ringostat.fields] {unknown:?} is not a parameter the relay reads; known: {}",
                known.join(", ")
            ));
        }
        url::Url::parse(&self.api_url).map_err(|e| format!("[ringostat] api_url {:?}: {e}", self.api_url))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_validation_refuses() {
        assert_eq!(RingostatSettings::default().validate(), Ok(()));
        let short = RingostatSettings { webhook_secret: "abc".into(), ..Default::default() };
        assert!(short.validate().is_err());
        let fields =
            RingostatSettings { fields: BTreeMap::from([("colour".into(), "x".into())]), ..Default::default() };
        assert!(fields.validate().unwrap_err().contains("call_id"));
        let url = RingostatSettings { api_url: "not a url".into(), ..Default::default() };
        assert!(url.validate().is_err());
    }
}
