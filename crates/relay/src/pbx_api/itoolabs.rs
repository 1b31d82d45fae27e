//! The ITooLabs CRM → PBX API (PROTOCOLS.md §2.3): form POSTs with `cmd` and `token`.

use serde_json::Value;

use super::{unreachable, PbxError};
use crate::config::Config;

pub struct ItoolabsApi {
    http: reqwest::Client,
    url: String,
    token: String,
}

impl ItoolabsApi {
    pub fn new(http: reqwest::Client, config: &Config) -> ItoolabsApi {
        ItoolabsApi { http, url: config.itoolabs.api_url.clone(), token: config.itoolabs.api_token.clone() }
    }

    /// `makeCall`: ring the user (login or extension) first, then `phone` (digits only).
    pub async fn make_call(&self, user: &str, phone: &str) -> Result<String, PbxError> {
        let form = [("cmd", "makeCall"), ("token", self.token.as_str()), ("user", user), ("phone", phone)];
        let response = self.http.post(&self.url).form(&form).send().await.map_err(|e| unreachable(&e))?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let message = body.get("error").and_then(Value::as_str).map(str::to_string).unwrap_or(format!("HTTP {status}"));
        match status.as_u16() {
            200..=299 => Ok(body
                .get("uuid")
                .or_else(|| body.get("callid"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()),
            401 | 403 => Err(PbxError::Refused(format!("the relay's ITooLabs API token was not accepted ({message})"))),
            402 => Err(PbxError::NoMoney(message)),
            429 => Err(PbxError::RateLimited { retry_after_secs: 60 }),
            _ => Err(PbxError::Refused(message)),
        }
    }

    /// A recording link on the PBX's own host needs the API key (MegaFon's REST API); links
    /// elsewhere never get it.
    pub fn authorize(&self, link: &str, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let host = |u: &str| url::Url::parse(u).ok().and_then(|u| u.host_str().map(str::to_string));
        if self.token.is_empty() || host(link).is_none() || host(link) != host(&self.url) {
            request
        } else {
            request.header("X-API-KEY", &self.token)
        }
    }
}
