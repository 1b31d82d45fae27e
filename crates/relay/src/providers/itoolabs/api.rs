//! The ITooLabs CRM → PBX API (PROTOCOLS.md §2.3): form POSTs with `cmd` and `token`.

use async_trait::async_trait;
use callcard_protocol::Call;
use serde_json::Value;

use super::settings::ItoolabsSettings;
use crate::providers::recordings::{check, get, host_of, send};
use crate::providers::{unreachable, Balance, Http, PbxError, PbxUser, ProviderApi};

pub struct ItoolabsApi {
    http: Http,
    url: String,
    token: String,
}

impl ItoolabsApi {
    pub fn new(http: &Http, settings: &ItoolabsSettings) -> ItoolabsApi {
        ItoolabsApi { http: http.clone(), url: settings.api_url.clone(), token: settings.api_token.clone() }
    }

    /// One command; the answer's JSON if the PBX accepted it.
    async fn command(&self, form: &[(&str, &str)]) -> Result<Value, PbxError> {
        if self.url.is_empty() {
            return Err(PbxError::NotConfigured("the ITooLabs API URL"));
        }
        let mut fields = vec![("token", self.token.as_str())];
        fields.extend_from_slice(form);
        let response = self.http.api.post(&self.url).form(&fields).send().await.map_err(|e| unreachable(&e))?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let message = body.get("error").and_then(Value::as_str).map(str::to_string).unwrap_or(format!("HTTP {status}"));
        match status.as_u16() {
            200..=299 => Ok(body),
            401 | 403 => Err(PbxError::Refused(format!("the relay's ITooLabs API token was not accepted ({message})"))),
            402 => Err(PbxError::NoMoney(message)),
            429 => Err(PbxError::RateLimited { retry_after_secs: 60 }),
            _ => Err(PbxError::Refused(message)),
        }
    }

    /// A recording link on the PBX's own host needs the API key (MegaFon's REST API); links
    /// elsewhere never get it.
    fn authorize(&self, link: &str, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if self.token.is_empty() || host_of(link).is_none() || host_of(link) != host_of(&self.url) {
            request
        } else {
            request.header("X-API-KEY", &self.token)
        }
    }
}

#[async_trait]
impl ProviderApi for ItoolabsApi {
    fn can_dial(&self) -> bool {
        !self.url.is_empty()
    }

    /// `makeCall`: ring the user (login or extension) first, then `to` (digits only).
    async fn dial(&self, from: &str, to: &str) -> Result<(), PbxError> {
        self.command(&[("cmd", "makeCall"), ("user", from), ("phone", to)]).await.map(|_| ())
    }

    /// The `link` the PBX pushed with `cmd=history`.
    async fn recording(&self, call: &Call, range: Option<&[u8]>) -> Result<reqwest::Response, PbxError> {
        let url = call
            .recording
            .as_ref()
            .and_then(|r| r.url.clone())
            .ok_or_else(|| PbxError::NotFound("the PBX sent no link for this recording".into()))?;
        check(send(self.authorize(&url, get(&self.http.download, &url, range))).await?)
    }

    async fn balance(&self) -> Result<Balance, PbxError> {
        if self.url.is_empty() {
            return Err(PbxError::NotConfigured("the ITooLabs API URL"));
        }
        Err(PbxError::Unsupported("balance"))
    }

    /// `accounts`: `[{"name": login, "realName", "ext", "email"}]`; webhooks name users by login.
    async fn users(&self) -> Result<Vec<PbxUser>, PbxError> {
        let body = self.command(&[("cmd", "accounts")]).await?;
        let accounts = body.as_array().ok_or_else(|| PbxError::BadAnswer("accounts is not a list".into()))?;
        Ok(accounts
            .iter()
            .filter_map(|a| {
                let id = a.get("name").and_then(Value::as_str).filter(|n| !n.is_empty())?;
                let name = a.get("realName").and_then(Value::as_str).map(str::to_string);
                Some(PbxUser { id: id.to_string(), name })
            })
            .collect())
    }
}
