//! UIS's JSON-RPC 2.0 (PROTOCOLS.md §3.1–3.2), one endpoint each for the Call API and the Data
//! API: `access_token` inside `params`, errors dispatched on `error.data.mnemonic`, and the
//! 1-hour `login.user` session renewed before it lapses and after `access_token_invalid`.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{json, Map, Value};
use tokio::sync::Mutex;

use crate::providers::{unreachable, Http, PbxError};

/// A session is renewed this long before UIS says it ends.
const RENEW_MARGIN_SECS: i64 = 60;

/// How the relay signs in.
#[derive(Debug, Clone)]
pub enum Credentials {
    Key(String),
    Login { login: String, password: String },
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
    pub code: i64,
    pub mnemonic: String,
    pub message: String,
}

/// Why a call failed: the PBX's error, or no answer worth reading.
#[derive(Debug)]
pub enum Failure {
    Rpc(RpcError),
    Other(PbxError),
}

impl From<PbxError> for Failure {
    fn from(e: PbxError) -> Failure {
        Failure::Other(e)
    }
}

struct Session {
    token: String,
    expires_at: i64,
}

pub struct Endpoint {
    http: Http,
    url: String,
    credentials: Credentials,
    session: Mutex<Option<Session>>,
    next_id: AtomicU64,
}

impl Endpoint {
    pub fn new(http: &Http, url: String, credentials: Credentials) -> Endpoint {
        Endpoint { http: http.clone(), url, credentials, session: Mutex::new(None), next_id: AtomicU64::new(1) }
    }

    /// Calls `method`; the result's `data` on success. A session that UIS calls invalid is
    /// renewed and the call made once more.
    pub async fn call(&self, method: &str, params: Value) -> Result<Value, Failure> {
        let token = self.token(None).await?;
        match self.send(method, &params, &token).await {
            Err(Failure::Rpc(e))
                if e.mnemonic == "access_token_invalid" && matches!(self.credentials, Credentials::Login { .. }) =>
            {
                tracing::info!("UIS session no longer valid; signing in again");
                let token = self.token(Some(&token)).await?;
                self.send(method, &params, &token).await
            }
            other => other,
        }
    }

    /// The token to use: the key, or the session (opened or renewed as needed). `refused`: a
    /// session token UIS just called invalid; renewed unless another request already did.
    async fn token(&self, refused: Option<&str>) -> Result<String, Failure> {
        let (login, password) = match &self.credentials {
            Credentials::Key(key) => return Ok(key.clone()),
            Credentials::None => {
                return Err(
                    PbxError::NotConfigured("UIS API credentials ([uis] access_token, or login and password)").into()
                )
            }
            Credentials::Login { login, password } => (login, password),
        };
        let mut session = self.session.lock().await;
        let now = chrono::Utc::now().timestamp();
        if let Some(s) =
            session.as_ref().filter(|s| refused != Some(s.token.as_str()) && s.expires_at - RENEW_MARGIN_SECS > now)
        {
            return Ok(s.token.clone());
        }
        let data = self.rpc("login.user", json!({"login": login, "password": password})).await?;
        let token = data
            .get("access_token")
            .and_then(Value::as_str)
            .ok_or_else(|| PbxError::BadAnswer("login.user gave no access_token".into()))?
            .to_string();
        // The Call API says `expire_at`, the Data API's example `expire` (§3.2): read both.
        let expires_at = ["expire_at", "expire"]
            .iter()
            .find_map(|k| data.get(*k).and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok()))))
            .unwrap_or(now + 3600);
        *session = Some(Session { token: token.clone(), expires_at });
        Ok(token)
    }

    async fn send(&self, method: &str, params: &Value, token: &str) -> Result<Value, Failure> {
        let mut params = params.as_object().cloned().unwrap_or_default();
        params.insert("access_token".into(), token.into());
        self.rpc(method, Value::Object(params)).await
    }

    async fn rpc(&self, method: &str, params: Value) -> Result<Value, Failure> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let request = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let response = self
            .http
            .api
            .post(&self.url)
            .header("Content-Type", "application/json; charset=UTF-8")
            .body(request.to_string())
            .send()
            .await
            .map_err(|e| unreachable(&e))?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if let Some(error) = body.get("error") {
            return Err(Failure::Rpc(rpc_error(error)));
        }
        if !status.is_success() {
            return Err(PbxError::BadAnswer(format!("{method} answered HTTP {status}")).into());
        }
        let result = body
            .get("result")
            .and_then(Value::as_object)
            .ok_or_else(|| PbxError::BadAnswer(format!("{method} answered no result")))?;
        Ok(result.get("data").cloned().unwrap_or(Value::Object(Map::new())))
    }
}

fn rpc_error(error: &Value) -> RpcError {
    RpcError {
        code: error.get("code").and_then(Value::as_i64).unwrap_or(0),
        mnemonic: error.pointer("/data/mnemonic").and_then(Value::as_str).unwrap_or("").to_string(),
        message: error.get("message").and_then(Value::as_str).unwrap_or("").to_string(),
    }
}

/// UIS's errors in terms a manager or admin can act on (dispatched on the mnemonic, §3.2).
pub fn pbx_error(e: RpcError, subject: &str) -> PbxError {
    let said = if e.message.is_empty() { e.mnemonic.clone() } else { format!("{} ({})", e.message, e.mnemonic) };
    match e.mnemonic.as_str() {
        "limit_exceeded" => PbxError::RateLimited { retry_after_secs: 60 },
        "access_token_invalid" | "access_token_expired" | "access_token_blocked" | "auth_error" => {
            PbxError::Refused(format!("the relay's UIS API key or login was not accepted: {said}"))
        }
        "ip_not_whitelisted" => PbxError::Refused(format!(
            "UIS does not accept requests from the relay's IP address; add it in the UIS cabinet (Administrator → Account → Security → API): {said}"
        )),
        "employee_not_found" => PbxError::Refused(format!("UIS has no employee {subject}: {said}")),
        "no_active_phone_number" => PbxError::Refused(format!("the UIS employee {subject} has no active phone number: {said}")),
        "contact_in_blacklist" => PbxError::Refused(format!("the number is in the UIS blacklist: {said}")),
        "virtual_phone_number_not_found" => {
            PbxError::Refused(format!("[uis] virtual_phone_number is not a number of this UIS account: {said}"))
        }
        "account_inactive" => PbxError::Refused(format!("the UIS account is inactive: {said}")),
        "component_disabled" | "method_component_disabled" | "parameter_component_disabled" => {
            PbxError::Refused(format!("the UIS account lacks the API component this needs: {said}"))
        }
        _ => PbxError::Refused(said),
    }
}

/// A call's failure as a [`PbxError`].
pub fn failed(f: Failure, subject: &str) -> PbxError {
    match f {
        Failure::Rpc(e) => pbx_error(e, subject),
        Failure::Other(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_by_mnemonic() {
        let e = |m: &str| RpcError { code: -32602, mnemonic: m.into(), message: "x".into() };
        assert_eq!(pbx_error(e("limit_exceeded"), ""), PbxError::RateLimited { retry_after_secs: 60 });
        assert!(matches!(pbx_error(e("ip_not_whitelisted"), ""), PbxError::Refused(m) if m.contains("IP address")));
        assert!(matches!(pbx_error(e("employee_not_found"), "42"), PbxError::Refused(m) if m.contains("employee 42")));
        assert!(matches!(pbx_error(e("contact_in_blacklist"), ""), PbxError::Refused(m) if m.contains("blacklist")));
        assert!(matches!(pbx_error(e("something_new"), ""), PbxError::Refused(m) if m == "x (something_new)"));
        let parsed = rpc_error(&json!({"code": -32029, "message": "Limit", "data": {"mnemonic": "limit_exceeded"}}));
        assert_eq!((parsed.code, parsed.mnemonic.as_str()), (-32029, "limit_exceeded"));
    }
}
