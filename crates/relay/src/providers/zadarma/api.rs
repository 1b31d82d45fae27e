//! Zadarma's REST API, signed per PROTOCOLS.md §1.5 (PHP query encoding, base64 of hex HMAC):
//! click-to-call, temporary recording links (kept until shortly before they expire, replaced
//! when the PBX says one has), balance and the PBX's extensions.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use callcard_pbx::zadarma::{php_query_encode, rest_authorization};
use callcard_protocol::Call;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::settings::ZadarmaSettings;
use crate::providers::recordings::{check, get, is_gone, send};
use crate::providers::{unreachable, Balance, Http, PbxError, PbxUser, ProviderApi};

/// A cached link is not used in its last seconds: a download must not start on a dying link.
const EXPIRY_MARGIN_SECS: i64 = 30;

pub struct ZadarmaApi {
    http: Http,
    base: String,
    key: String,
    secret: String,
    timezone: chrono_tz::Tz,
    link_lifetime_secs: u64,
    /// Recording links by call id (lost on restart: a fresh link is then requested).
    links: Mutex<HashMap<i64, RecordLink>>,
}

/// A temporary recording link and when the PBX says it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLink {
    pub url: String,
    pub expires: DateTime<Utc>,
}

impl ZadarmaApi {
    pub fn new(http: &Http, settings: &ZadarmaSettings, timezone: chrono_tz::Tz) -> ZadarmaApi {
        ZadarmaApi {
            http: http.clone(),
            base: settings.api_url.trim_end_matches('/').to_string(),
            key: settings.api_key.clone(),
            secret: settings.api_secret.clone(),
            timezone,
            link_lifetime_secs: settings.record_link_lifetime_secs,
            links: Mutex::default(),
        }
    }

    fn configured(&self) -> Result<(), PbxError> {
        if self.key.is_empty() {
            Err(PbxError::NotConfigured("Zadarma's API key"))
        } else {
            Ok(())
        }
    }

    /// A signed GET; `Ok` only for `{"status":"success"}`.
    async fn get(&self, method_path: &str, params: &[(&str, &str)]) -> Result<Value, PbxError> {
        self.configured()?;
        let mut params: Vec<(&str, &str)> = params.to_vec();
        params.push(("format", "json"));
        params.sort_by(|a, b| a.0.cmp(b.0));
        let authorization = rest_authorization(&self.key, &self.secret, method_path, &params);
        let url = format!("{}{method_path}?{}", self.base, php_query_encode(&params));
        let response =
            self.http.api.get(&url).header("Authorization", authorization).send().await.map_err(|e| unreachable(&e))?;
        let status = response.status();
        let reset = response
            .headers()
            .get("X-RateLimit-Reset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let message = body.get("message").and_then(Value::as_str).unwrap_or("").to_string();
        let described = || if message.is_empty() { format!("HTTP {status}") } else { message.clone() };
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(PbxError::RateLimited { retry_after_secs: reset.unwrap_or(60).max(1) });
        }
        if status == reqwest::StatusCode::PAYMENT_REQUIRED || message.to_lowercase().contains("money") {
            return Err(PbxError::NoMoney(described()));
        }
        if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
            return Err(PbxError::Refused(format!("the relay's Zadarma API key was not accepted ({})", described())));
        }
        if status == reqwest::StatusCode::NOT_FOUND {
            return Err(PbxError::NotFound(described()));
        }
        if !status.is_success() || body.get("status").and_then(Value::as_str) != Some("success") {
            return Err(PbxError::Refused(described()));
        }
        Ok(body)
    }

    /// `GET /v1/pbx/record/request/`: a fresh temporary link to a recording, by its
    /// `call_id_with_rec` or else by the call's `pbx_call_id` (first recording).
    async fn record_link(&self, recording_id: Option<&str>, pbx_call_id: &str) -> Result<RecordLink, PbxError> {
        let lifetime = self.link_lifetime_secs.to_string();
        let body = match recording_id {
            Some(id) => self.get("/v1/pbx/record/request/", &[("call_id", id), ("lifetime", &lifetime)]).await?,
            None => {
                self.get("/v1/pbx/record/request/", &[("pbx_call_id", pbx_call_id), ("lifetime", &lifetime)]).await?
            }
        };
        let url = body
            .get("link")
            .and_then(Value::as_str)
            .or_else(|| body.get("links").and_then(|l| l.get(0)).and_then(Value::as_str))
            .ok_or_else(|| PbxError::BadAnswer("no link in the record/request answer".into()))?
            .to_string();
        let expires = body
            .get("lifetime_till")
            .and_then(Value::as_str)
            .and_then(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").ok())
            .and_then(|local| local.and_local_timezone(self.timezone).earliest())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc::now() + chrono::Duration::seconds(self.link_lifetime_secs as i64));
        Ok(RecordLink { url, expires })
    }

    fn cached_link(&self, call_id: i64) -> Option<String> {
        let links = self.links.lock().unwrap_or_else(|p| p.into_inner());
        let link = links.get(&call_id)?;
        (link.expires - chrono::Duration::seconds(EXPIRY_MARGIN_SECS) > Utc::now()).then(|| link.url.clone())
    }

    async fn fresh_link(&self, call: &Call) -> Result<String, PbxError> {
        let recording_id = call.recording.as_ref().and_then(|r| r.id.as_deref());
        let link = self.record_link(recording_id, &call.provider_call_id).await?;
        let url = link.url.clone();
        self.links.lock().unwrap_or_else(|p| p.into_inner()).insert(call.id, link);
        Ok(url)
    }
}

#[async_trait]
impl ProviderApi for ZadarmaApi {
    fn can_dial(&self) -> bool {
        !self.key.is_empty()
    }

    /// `GET /v1/request/callback/`: ring extension `from`, then `to`.
    async fn dial(&self, from: &str, to: &str) -> Result<(), PbxError> {
        self.get("/v1/request/callback/", &[("from", from), ("to", to)]).await.map(|_| ())
    }

    async fn recording(&self, call: &Call, range: Option<&[u8]>) -> Result<reqwest::Response, PbxError> {
        self.configured()?;
        let (url, cached) = match self.cached_link(call.id) {
            Some(url) => (url, true),
            None => (self.fresh_link(call).await?, false),
        };
        let mut response = send(get(&self.http.download, &url, range)).await?;
        if cached && is_gone(response.status()) {
            // Expired before its time (clock skew, PBX restart): ask once more.
            tracing::info!(call = call.id, "recording link expired; requesting a fresh one");
            let url = self.fresh_link(call).await?;
            response = send(get(&self.http.download, &url, range)).await?;
        }
        check(response)
    }

    /// `GET /v1/info/balance/`.
    async fn balance(&self) -> Result<Balance, PbxError> {
        let body = self.get("/v1/info/balance/", &[]).await?;
        let amount = body
            .get("balance")
            .and_then(|b| b.as_f64().or_else(|| b.as_str().and_then(|s| s.parse().ok())))
            .ok_or_else(|| PbxError::BadAnswer("no balance in the answer".into()))?;
        let currency = body.get("currency").and_then(Value::as_str).unwrap_or("").to_string();
        Ok(Balance { amount, currency })
    }

    /// `GET /v1/pbx/internal/`: the PBX's extensions (numbers or strings).
    async fn users(&self) -> Result<Vec<PbxUser>, PbxError> {
        let body = self.get("/v1/pbx/internal/", &[]).await?;
        let numbers = body
            .get("numbers")
            .and_then(Value::as_array)
            .ok_or_else(|| PbxError::BadAnswer("no numbers in the answer".into()))?;
        Ok(numbers
            .iter()
            .filter_map(|n| match n {
                Value::Number(n) => Some(n.to_string()),
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                _ => None,
            })
            .map(|id| PbxUser { id, name: None })
            .collect())
    }
}
