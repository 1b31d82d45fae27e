//! The relay's agent REST API, and the settings screen's "check" of a URL and token.

use std::time::Duration;

use callcard_protocol::{
    Agent, ApiError, CallId, CallsSnapshot, ContactEntry, ContactSaved, DialRequest, DialStarted, LogOutcomeRequest,
    NewContactRequest, OutcomeOption, OutcomeSaved, Reminder, ServerMessage, PROTOCOL_VERSION,
};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;
use url::Url;

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What went wrong talking to the relay, in words a manager can act on.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, TS)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum RelayError {
    #[error("the relay address is not valid: {0}")]
    BadUrl(String),
    #[error("cannot reach the relay: {0}")]
    Unreachable(String),
    #[error("the relay refused the token (wrong, or revoked by the admin)")]
    BadToken,
    #[error("this app speaks protocol {ours}, the relay speaks {theirs}: update the app or the relay")]
    ProtocolMismatch { ours: u32, theirs: u32 },
    #[error("that address answers, but not as a Callcard relay: {0}")]
    NotARelay(String),
    /// A 4xx answer: retrying the same request will not help.
    #[error("the relay refused: {0}")]
    Rejected(String),
    /// A 5xx answer (storage busy, PBX down behind it): worth retrying later.
    #[error("the relay could not do it now: {0}")]
    Unavailable(String),
}

/// The relay's base URL (`http(s)://host[:port][/prefix]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayUrl(Url);

impl RelayUrl {
    pub fn parse(text: &str) -> Result<RelayUrl, RelayError> {
        let text = text.trim();
        let mut url = Url::parse(text).map_err(|e| RelayError::BadUrl(format!("{text:?}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(RelayError::BadUrl(format!("{text:?}: expected http://host:port or https://host")));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        url.set_query(None);
        url.set_fragment(None);
        Ok(RelayUrl(url))
    }

    pub fn api(&self, path: &str) -> Url {
        self.0.join(path.trim_start_matches('/')).expect("relative path joins")
    }

    /// `ws(s)://…/ws`.
    pub fn websocket(&self) -> Url {
        let mut url = self.api("ws");
        let scheme = if self.0.scheme() == "https" { "wss" } else { "ws" };
        url.set_scheme(scheme).expect("ws schemes are valid");
        url
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// An agent's authenticated REST client.
#[derive(Clone)]
pub struct RelayApi {
    http: reqwest::Client,
    download: reqwest::Client,
    base: RelayUrl,
    token: String,
}

impl RelayApi {
    pub fn new(base: RelayUrl, token: String) -> RelayApi {
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .expect("HTTP client builds");
        let download = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(30))
            .build()
            .expect("HTTP client builds");
        RelayApi { http, download, base, token }
    }

    pub fn base(&self) -> &RelayUrl {
        &self.base
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    async fn answer<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> Result<T, RelayError> {
        let response = request.bearer_auth(&self.token).send().await.map_err(|e| unreachable(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| unreachable(&e))?;
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(RelayError::BadToken);
        }
        if !status.is_success() {
            return Err(match serde_json::from_slice::<ApiError>(&body) {
                Ok(e) if status.is_server_error() => RelayError::Unavailable(e.error),
                Ok(e) => RelayError::Rejected(e.error),
                Err(_) if status.is_server_error() => RelayError::Unavailable(format!("HTTP {status}")),
                Err(_) => RelayError::NotARelay(format!("HTTP {status}")),
            });
        }
        serde_json::from_slice(&body).map_err(|e| RelayError::NotARelay(format!("unexpected answer: {e}")))
    }

    pub async fn me(&self) -> Result<Agent, RelayError> {
        self.answer(self.http.get(self.base.api("api/v1/me"))).await
    }

    /// Recent calls (newest first) and the position they are consistent with.
    pub async fn recent(&self, limit: u32) -> Result<CallsSnapshot, RelayError> {
        let mut url = self.base.api("api/v1/calls/recent");
        url.query_pairs_mut().append_pair("limit", &limit.to_string());
        self.answer(self.http.get(url)).await
    }

    pub async fn outcomes(&self) -> Result<Vec<OutcomeOption>, RelayError> {
        self.answer(self.http.get(self.base.api("api/v1/outcomes"))).await
    }

    pub async fn log_outcome(&self, call_id: CallId, request: &LogOutcomeRequest) -> Result<OutcomeSaved, RelayError> {
        let url = self.base.api(&format!("api/v1/calls/{call_id}/outcome"));
        self.answer(self.http.post(url).json(request)).await
    }

    /// Ended calls this agent handled that still need an outcome.
    pub async fn unlogged(&self) -> Result<CallsSnapshot, RelayError> {
        self.answer(self.http.get(self.base.api("api/v1/calls/unlogged"))).await
    }

    pub async fn reminders(&self) -> Result<Vec<Reminder>, RelayError> {
        self.answer(self.http.get(self.base.api("api/v1/reminders"))).await
    }

    pub async fn dial(&self, to: &str) -> Result<DialStarted, RelayError> {
        self.answer(self.http.post(self.base.api("api/v1/dial")).json(&DialRequest { to: to.to_string() })).await
    }

    pub async fn search_contacts(&self, query: &str) -> Result<Vec<ContactEntry>, RelayError> {
        let mut url = self.base.api("api/v1/contacts");
        url.query_pairs_mut().append_pair("q", query).append_pair("limit", "20");
        self.answer(self.http.get(url)).await
    }

    /// Starts downloading a call's recording (no overall timeout: only the connection's).
    pub async fn recording(&self, call_id: CallId) -> Result<reqwest::Response, RelayError> {
        let url = self.base.api(&format!("api/v1/calls/{call_id}/recording"));
        let response = self.download.get(url).bearer_auth(&self.token).send().await.map_err(|e| unreachable(&e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(RelayError::BadToken);
        }
        let body = response.bytes().await.unwrap_or_default();
        let reason = serde_json::from_slice::<ApiError>(&body).map(|e| e.error).unwrap_or(format!("HTTP {status}"));
        Err(if status.is_server_error() { RelayError::Unavailable(reason) } else { RelayError::Rejected(reason) })
    }

    pub async fn save_contact(&self, contact: &NewContactRequest) -> Result<ContactSaved, RelayError> {
        self.answer(self.http.post(self.base.api("api/v1/contacts")).json(contact)).await
    }
}

fn unreachable(e: &reqwest::Error) -> RelayError {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        text = format!("{text}: {inner}");
        source = inner.source();
    }
    RelayError::Unreachable(text)
}

/// The settings screen's check: the URL answers as a relay, accepts the token, and speaks our
/// protocol. Returns who the token belongs to.
pub async fn check(url: &str, token: &str) -> Result<Agent, RelayError> {
    let base = RelayUrl::parse(url)?;
    let token = token.trim();
    if token.is_empty() {
        return Err(RelayError::BadToken);
    }
    let api = RelayApi::new(base.clone(), token.to_string());
    let agent = api.me().await?;
    // The WebSocket's hello carries the protocol version.
    let mut socket = crate::connection::open_socket(&base, token).await?;
    let first = tokio::time::timeout(REQUEST_TIMEOUT, socket.next()).await;
    let _ = socket.close(None).await;
    match first {
        Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text)))) => {
            match serde_json::from_str::<ServerMessage>(&text) {
                Ok(ServerMessage::Hello { protocol, .. }) if protocol == PROTOCOL_VERSION => Ok(agent),
                Ok(ServerMessage::Hello { protocol, .. }) => {
                    Err(RelayError::ProtocolMismatch { ours: PROTOCOL_VERSION, theirs: protocol })
                }
                _ => Err(RelayError::NotARelay("no hello on the WebSocket".into())),
            }
        }
        _ => Err(RelayError::NotARelay("no hello on the WebSocket".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_urls() {
        let u = RelayUrl::parse(" http://127.0.0.1:8790 ").unwrap();
        assert_eq!(u.api("/api/v1/me").as_str(), "http://127.0.0.1:8790/api/v1/me");
        assert_eq!(u.websocket().as_str(), "ws://127.0.0.1:8790/ws");
        let u = RelayUrl::parse("https://example.com/callcard").unwrap();
        assert_eq!(u.api("api/v1/me").as_str(), "https://example.com/callcard/api/v1/me");
        assert_eq!(u.websocket().as_str(), "wss://example.com/callcard/ws");
        for bad in ["", "relay:8790", "ftp://x", "http://"] {
            assert!(matches!(RelayUrl::parse(bad), Err(RelayError::BadUrl(_))), "{bad}");
        }
    }
}
