//! Zadarma's REST API, signed per PROTOCOLS.md §1.5 (PHP query encoding, base64 of hex HMAC).

use callcard_pbx::zadarma::{php_query_encode, rest_authorization};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::{unreachable, PbxError};
use crate::config::Config;

pub struct ZadarmaApi {
    http: reqwest::Client,
    base: String,
    key: String,
    secret: String,
    timezone: chrono_tz::Tz,
    pub link_lifetime_secs: u64,
}

/// A temporary recording link and when the PBX says it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLink {
    pub url: String,
    pub expires: DateTime<Utc>,
}

impl ZadarmaApi {
    pub fn new(http: reqwest::Client, config: &Config) -> ZadarmaApi {
        ZadarmaApi {
            http,
            base: config.zadarma.api_url.trim_end_matches('/').to_string(),
            key: config.zadarma.api_key.clone(),
            secret: config.zadarma.api_secret.clone(),
            timezone: config.zadarma_timezone().unwrap_or(chrono_tz::Europe::Moscow),
            link_lifetime_secs: config.zadarma.record_link_lifetime_secs,
        }
    }

    /// A signed GET; `Ok` only for `{"status":"success"}`.
    async fn get(&self, method_path: &str, params: &[(&str, &str)]) -> Result<Value, PbxError> {
        let mut params: Vec<(&str, &str)> = params.to_vec();
        params.push(("format", "json"));
        params.sort_by(|a, b| a.0.cmp(b.0));
        let authorization = rest_authorization(&self.key, &self.secret, method_path, &params);
        let url = format!("{}{method_path}?{}", self.base, php_query_encode(&params));
        let response =
            self.http.get(&url).header("Authorization", authorization).send().await.map_err(|e| unreachable(&e))?;
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

    /// `GET /v1/request/callback/`: ring extension `from`, then `to`.
    pub async fn callback(&self, from: &str, to: &str) -> Result<(), PbxError> {
        self.get("/v1/request/callback/", &[("from", from), ("to", to)]).await.map(|_| ())
    }

    /// `GET /v1/pbx/record/request/`: a fresh temporary link to a recording, by its
    /// `call_id_with_rec` or else by the call's `pbx_call_id` (first recording).
    pub async fn record_link(&self, recording_id: Option<&str>, pbx_call_id: &str) -> Result<RecordLink, PbxError> {
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
}
