//! Ringostat's REST API (PROTOCOLS.md §4.7): click-to-call through the extended callback
//! (`Api\V2\Callback.external`, JSON-RPC whose errors come with HTTP 200), recordings from the
//! after-call webhook's link (its `token` is its only credential).

use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use callcard_protocol::Call;
use serde_json::{json, Value};

use super::settings::RingostatSettings;
use crate::providers::recordings::{check, get, host_of, on_hosts, send};
use crate::providers::{unreachable, Balance, Http, PbxError, PbxUser, ProviderApi, SyncedContact};

/// Contacts per `minicrm/contacts/sync` request.
const SYNC_BATCH: usize = 100;

/// Where Ringostat keeps recordings: its own domains.
const RECORDING_DOMAINS: &[&str] = &["ringostat.com", "ringostat.net"];

pub struct RingostatApi {
    http: Http,
    base: String,
    auth_key: String,
    project_id: String,
    /// Hosts recording links may point at: Ringostat's and the configured API's.
    recording_hosts: Vec<String>,
    sync_contacts: bool,
    next_id: AtomicU64,
}

impl RingostatApi {
    pub fn new(http: &Http, settings: &RingostatSettings) -> RingostatApi {
        // The API's base, or its JSON-RPC endpoint (`…/a/v2`): both name the same API.
        let base = settings.api_url.trim_end_matches('/').trim_end_matches("/a/v2").to_string();
        let mut recording_hosts: Vec<String> = RECORDING_DOMAINS.iter().map(|d| d.to_string()).collect();
        recording_hosts.extend(host_of(&base));
        RingostatApi {
            http: http.clone(),
            base,
            auth_key: settings.auth_key.clone(),
            project_id: settings.project_id.clone(),
            recording_hosts,
            sync_contacts: settings.sync_contacts,
            next_id: AtomicU64::new(1),
        }
    }

    fn configured(&self) -> Result<(), PbxError> {
        if self.auth_key.is_empty() || self.project_id.is_empty() {
            Err(PbxError::NotConfigured("Ringostat's API key and project id"))
        } else {
            Ok(())
        }
    }

    /// Whether `link` is on Ringostat's hosts: a link comes from a webhook, and the relay must
    /// not fetch arbitrary URLs for it.
    fn trusted(&self, link: &str) -> bool {
        on_hosts(link, &self.recording_hosts)
    }

    /// One `minicrm/contacts/sync` request.
    async fn sync_batch(&self, batch: &[SyncedContact]) -> Result<(), PbxError> {
        let contacts: Vec<Value> = batch
            .iter()
            .map(|c| {
                json!({
                    "projectId": self.project_id,
                    "fullName": c.name,
                    "origin": "callcard",
                    "externalId": c.phone,
                    "contactDirections": [{"name": "phone", "type": "phone", "value": c.phone}]
                })
            })
            .collect();
        let response = self
            .http
            .api
            .post(format!("{}/minicrm/contacts/sync", self.base))
            .header("Auth-key", &self.auth_key)
            .header("x-project-id", &self.project_id)
            .json(&json!({"contacts": contacts}))
            .send()
            .await
            .map_err(|e| unreachable(&e))?;
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        match status {
            401 | 403 => Err(PbxError::Refused("the relay's Ringostat API key was not accepted".into())),
            429 => Err(PbxError::RateLimited { retry_after_secs: 60 }),
            // An error may come with a 200, as from the JSON-RPC API.
            200..=299 if body.get("error").is_none() => Ok(()),
            _ => Err(PbxError::BadAnswer(format!(
                "contacts/sync answered HTTP {status}: {}",
                body.get("error").unwrap_or(&body)
            ))),
        }
    }

    /// One JSON-RPC call to `/a/v2`; its `result`. Errors arrive with HTTP 200 in `error`.
    async fn rpc(&self, method: &str, params: Value) -> Result<Value, PbxError> {
        self.configured()?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let request = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let response = self
            .http
            .api
            .post(format!("{}/a/v2", self.base))
            .header("Auth-key", &self.auth_key)
            .json(&request)
            .send()
            .await
            .map_err(|e| unreachable(&e))?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        match status.as_u16() {
            401 | 403 => return Err(PbxError::Refused("the relay's Ringostat API key was not accepted".into())),
            429 => return Err(PbxError::RateLimited { retry_after_secs: 60 }),
            _ => {}
        }
        if let Some(error) = body.get("error") {
            let code = error.get("code").and_then(Value::as_i64).unwrap_or(0);
            let message = error.get("message").and_then(Value::as_str).unwrap_or("").to_string();
            return Err(if code == -32029 || message.to_ascii_lowercase().contains("too many") {
                PbxError::RateLimited { retry_after_secs: 60 }
            } else {
                PbxError::Refused(format!("{message} ({code})"))
            });
        }
        if !status.is_success() {
            return Err(PbxError::BadAnswer(format!("{method} answered HTTP {status}")));
        }
        let result =
            body.get("result").cloned().ok_or_else(|| PbxError::BadAnswer(format!("{method} answered no result")))?;
        if result.get("success").and_then(Value::as_bool) == Some(false) {
            return Err(PbxError::Refused(format!("{method} answered success: false")));
        }
        Ok(result)
    }
}

#[async_trait]
impl ProviderApi for RingostatApi {
    fn can_dial(&self) -> bool {
        self.configured().is_ok()
    }

    /// `Api\V2\Callback.external`: the agent's SIP account (`caller`) rings first, then the
    /// client (`callee`, international digits).
    async fn dial(&self, from: &str, to: &str) -> Result<(), PbxError> {
        let params = json!({
            "callee_type": "default",
            "caller_type": "default",
            "caller": from,
            "callee": to,
            "projectId": self.project_id,
            "manager_dst": 1
        });
        self.rpc("Api\\V2\\Callback.external", params).await.map(|_| ())
    }

    /// The after-call webhook's `recording` link.
    async fn recording(&self, call: &Call, range: Option<&[u8]>) -> Result<reqwest::Response, PbxError> {
        let url = call
            .recording
            .as_ref()
            .and_then(|r| r.url.clone())
            .ok_or_else(|| PbxError::NotFound("Ringostat sent no link for this recording".into()))?;
        if !self.trusted(&url) {
            return Err(PbxError::NotFound("the recording link is not on Ringostat's hosts; not fetched".into()));
        }
        check(send(get(&self.http.download, &url, range)).await?)
    }

    async fn balance(&self) -> Result<Balance, PbxError> {
        self.configured()?;
        Err(PbxError::Unsupported("balance"))
    }

    /// `POST /minicrm/contacts/sync` (PROTOCOLS.md §4.7, known from community code only): the
    /// names Ringostat Smart Phone shows for the numbers.
    async fn contacts_changed(&self, contacts: &[SyncedContact]) -> Result<(), PbxError> {
        if !self.sync_contacts || self.configured().is_err() {
            return Ok(());
        }
        // Every batch is tried; the first failure is reported.
        let mut first_failure = None;
        for batch in contacts.chunks(SYNC_BATCH) {
            if let Err(e) = self.sync_batch(batch).await {
                first_failure.get_or_insert(e);
            }
        }
        first_failure.map_or(Ok(()), Err)
    }

    /// Ringostat has no API that lists SIP accounts (§4.9): the admin maps them. Asking who is
    /// online (`GET /sipstatus/online`) still proves the key works.
    /// `sipstatus` proves the key but names no users.
    fn lists_users(&self) -> bool {
        false
    }

    async fn users(&self) -> Result<Vec<PbxUser>, PbxError> {
        self.configured()?;
        let response = self
            .http
            .api
            .get(format!("{}/sipstatus/online", self.base))
            .header("Auth-key", &self.auth_key)
            .send()
            .await
            .map_err(|e| unreachable(&e))?;
        match response.status().as_u16() {
            200..=299 => Err(PbxError::Unsupported("list of its users")),
            401 | 403 => Err(PbxError::Refused("the relay's Ringostat API key was not accepted".into())),
            status => Err(PbxError::BadAnswer(format!("sipstatus/online answered HTTP {status}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_links_only_on_ringostat_hosts() {
        let settings = RingostatSettings { api_url: "http://127.0.0.1:9/ringostat".into(), ..Default::default() };
        let api = RingostatApi::new(&Http::new(), &settings);
        assert!(api.trusted("https://app.ringostat.com/recordings/u.wav?token=1"));
        assert!(api.trusted("http://127.0.0.1:9/ringostat/recordings/u.wav?token=1"));
        assert!(!api.trusted("http://169.254.169.254/latest"));
        assert!(!api.trusted("https://app.ringostat.com.evil.example/x"));
        let endpoint = RingostatSettings { api_url: "https://api.ringostat.net/a/v2/".into(), ..Default::default() };
        assert_eq!(RingostatApi::new(&Http::new(), &endpoint).base, "https://api.ringostat.net");
    }
}
