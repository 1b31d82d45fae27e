//! The relay's agent REST API: its base URL, an authenticated client, and what can go wrong
//! talking to it. (The settings screen's check of a URL and token is `relay_check`.)

use std::time::Duration;

use callcard_protocol::{
    Agent, ApiError, Board, Call, CallId, CallsSnapshot, ContactEntry, ContactSaved, DialRequest, DialStarted,
    ErrorCode, HistoryPage, Journal, LogOutcomeRequest, NewContactRequest, OutcomeOption, OutcomeSaved, Position,
    PresenceRequest, Reminder, SetBlacklistRequest,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use crate::history::HistoryQuery;
use crate::words::{self, WordCode, Words};

pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What went wrong talking to the relay. People read it as [`RelayError::words`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum RelayError {
    /// `detail` is `None` when the address is a URL, but not http(s)://host.
    BadUrl {
        address: String,
        detail: Option<String>,
    },
    Unreachable(String),
    /// No answer within this many seconds.
    TimedOut(u32),
    BadToken,
    ProtocolMismatch {
        ours: u32,
        theirs: u32,
    },
    NotARelay(NotARelay),
    /// A 4xx answer: retrying the same request will not help.
    Rejected(ApiError),
    /// A 5xx answer (storage busy, PBX down behind it): worth retrying later.
    Unavailable(ApiError),
}

/// How an address showed it is not a Callcard relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum NotARelay {
    /// An HTTP status where the relay answers JSON (or upgrades the WebSocket).
    Status(u16),
    /// A body that is not what the relay sends.
    Answer(String),
    /// The WebSocket did not start with `hello`.
    NoHello,
}

impl RelayError {
    /// What to tell people: a relay error with a known code is worded from its code and
    /// parameters, anything else from the relay's own sentence.
    pub fn words(&self) -> Words {
        match self {
            RelayError::BadUrl { address, detail: Some(detail) } => {
                Words::new(WordCode::RelayAddressInvalid).with("address", address).with("detail", detail)
            }
            RelayError::BadUrl { address, detail: None } => {
                Words::new(WordCode::RelayAddressNotHttp).with("address", address)
            }
            RelayError::Unreachable(detail) => Words::new(WordCode::RelayUnreachable).with("detail", detail),
            RelayError::TimedOut(secs) => Words::new(WordCode::RelayTimedOut).with("secs", secs),
            RelayError::BadToken => Words::new(WordCode::TokenRefused),
            RelayError::ProtocolMismatch { ours, theirs } => {
                Words::new(WordCode::ProtocolMismatch).with("client", ours).with("relay", theirs)
            }
            RelayError::NotARelay(NotARelay::Status(status)) => {
                Words::new(WordCode::NotARelayStatus).with("status", status)
            }
            RelayError::NotARelay(NotARelay::Answer(detail)) => {
                Words::new(WordCode::NotARelayAnswer).with("detail", detail)
            }
            RelayError::NotARelay(NotARelay::NoHello) => Words::new(WordCode::NotARelayNoHello),
            RelayError::Rejected(e) => words::relay_error(e.code, &e.params, &e.error)
                .unwrap_or_else(|| Words::new(WordCode::RelayRefused).with("detail", &e.error)),
            RelayError::Unavailable(e) => words::relay_error(e.code, &e.params, &e.error)
                .unwrap_or_else(|| Words::new(WordCode::RelayUnavailable).with("detail", &e.error)),
        }
    }
}

impl std::fmt::Display for RelayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words().message)
    }
}

impl std::error::Error for RelayError {}

/// The relay's base URL (`http(s)://host[:port][/prefix]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayUrl(Url);

impl RelayUrl {
    pub fn parse(text: &str) -> Result<RelayUrl, RelayError> {
        let text = text.trim();
        let bad = |detail: Option<String>| RelayError::BadUrl { address: text.to_string(), detail };
        let mut url = Url::parse(text).map_err(|e| bad(Some(e.to_string())))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(bad(None));
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
        let body = self.accepted(request).await?;
        serde_json::from_slice(&body).map_err(|e| RelayError::NotARelay(NotARelay::Answer(e.to_string())))
    }

    /// Sends `request` with the token; the body of a success, else the relay's refusal.
    async fn accepted(&self, request: reqwest::RequestBuilder) -> Result<Vec<u8>, RelayError> {
        let response = request.bearer_auth(&self.token).send().await.map_err(|e| unreachable(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| unreachable(&e))?;
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(RelayError::BadToken);
        }
        if !status.is_success() {
            return Err(refusal(status, &body));
        }
        Ok(body.into())
    }

    /// A snapshot read call by call: a call this version cannot read at all is left out (and
    /// logged) rather than failing the whole list, which would make the link reconnect for as
    /// long as that call is among the recent ones.
    async fn snapshot(&self, request: reqwest::RequestBuilder) -> Result<CallsSnapshot, RelayError> {
        #[derive(Deserialize)]
        struct Raw {
            position: Position,
            calls: Vec<serde_json::Value>,
        }
        let raw: Raw = self.answer(request).await?;
        let calls = raw
            .calls
            .into_iter()
            .filter_map(|value| match serde_json::from_value::<Call>(value) {
                Ok(call) => Some(call),
                Err(e) => {
                    tracing::warn!(error = %e, "a call in the relay's list cannot be read; left out");
                    None
                }
            })
            .collect();
        Ok(CallsSnapshot { position: raw.position, calls })
    }

    pub async fn me(&self) -> Result<Agent, RelayError> {
        self.answer(self.http.get(self.base.api("api/v1/me"))).await
    }

    /// Recent calls (newest first) and the position they are consistent with.
    pub async fn recent(&self, limit: u32) -> Result<CallsSnapshot, RelayError> {
        let mut url = self.base.api("api/v1/calls/recent");
        url.query_pairs_mut().append_pair("limit", &limit.to_string());
        self.snapshot(self.http.get(url)).await
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
        self.snapshot(self.http.get(self.base.api("api/v1/calls/unlogged"))).await
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
        Err(match refusal(status, &body) {
            // The recording endpoint passes the PBX's own statuses through (416, …).
            RelayError::NotARelay(_) => {
                RelayError::Rejected(ApiError::new(ErrorCode::Unknown, format!("HTTP {}", status.as_u16())))
            }
            other => other,
        })
    }

    pub async fn save_contact(&self, contact: &NewContactRequest) -> Result<ContactSaved, RelayError> {
        self.answer(self.http.post(self.base.api("api/v1/contacts")).json(contact)).await
    }

    /// A client's journal: every agent's calls with `phone`, newest first.
    pub async fn journal(&self, phone: &str, limit: u32) -> Result<Journal, RelayError> {
        self.answer(self.http.get(self.base.api(&format!("api/v1/contacts/{phone}/calls?limit={limit}")))).await
    }

    /// One page of the history search, newest first.
    pub async fn history(&self, query: &HistoryQuery, limit: u32) -> Result<HistoryPage, RelayError> {
        let mut url = self.base.api("api/v1/calls/history");
        url.query_pairs_mut().extend_pairs(query.pairs(limit));
        self.answer(self.http.get(url)).await
    }

    /// Tells the relay this agent's do-not-disturb and wrap-up, for the live board.
    pub async fn report_presence(&self, presence: &PresenceRequest) -> Result<(), RelayError> {
        self.accepted(self.http.put(self.base.api("api/v1/presence")).json(presence)).await.map(drop)
    }

    /// The supervisor's live board (supervisors and admins only).
    pub async fn board(&self) -> Result<Board, RelayError> {
        self.answer(self.http.get(self.base.api("api/v1/admin/board"))).await
    }

    /// The blacklist button: `phone` digits-only E.164.
    pub async fn set_blacklisted(&self, phone: &str, blacklisted: bool) -> Result<ContactSaved, RelayError> {
        let url = self.base.api(&format!("api/v1/contacts/{phone}/blacklist"));
        self.answer(self.http.put(url).json(&SetBlacklistRequest { blacklisted })).await
    }
}

/// A relay's error answer: its `ApiError` (4xx refused, 5xx unavailable), else the status.
fn refusal(status: reqwest::StatusCode, body: &[u8]) -> RelayError {
    match serde_json::from_slice::<ApiError>(body) {
        Ok(e) if status.is_server_error() => RelayError::Unavailable(e),
        Ok(e) => RelayError::Rejected(e),
        Err(_) if status.is_server_error() => {
            RelayError::Unavailable(ApiError::new(ErrorCode::Unknown, format!("HTTP {}", status.as_u16())))
        }
        Err(_) => RelayError::NotARelay(NotARelay::Status(status.as_u16())),
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
            assert!(matches!(RelayUrl::parse(bad), Err(RelayError::BadUrl { .. })), "{bad}");
        }
    }

    fn api_error(code: ErrorCode, error: &str) -> ApiError {
        ApiError::new(code, error)
    }

    #[test]
    fn relay_errors_in_words() {
        // A known code: its own words, whatever the relay's sentence says.
        let limited =
            RelayError::Rejected(api_error(ErrorCode::PbxRateLimited, "slow down").with("retry_after_secs", 12));
        assert_eq!(limited.words().message, "The PBX is taking too many requests: try again in 12 s.");
        // An unknown code or an older relay without codes: the relay's sentence.
        let future = RelayError::Rejected(api_error(ErrorCode::Unknown, "the PBX wants a quantum key"));
        assert_eq!(future.words().message, "The relay refused: the PBX wants a quantum key.");
        let busy = RelayError::Unavailable(api_error(ErrorCode::Unknown, "HTTP 503"));
        assert_eq!(busy.words().message, "The relay could not do it now: HTTP 503.");
        // The sentences the settings screen shows (the app's end-to-end tests read them).
        assert!(RelayError::Unreachable("connection refused".into()).to_string().starts_with("Cannot reach the relay"));
        assert!(RelayError::BadToken.to_string().contains("refused the token"));
        let bad = RelayUrl::parse("ftp://x").unwrap_err();
        assert_eq!(bad.words().code, WordCode::RelayAddressNotHttp);
    }
}
