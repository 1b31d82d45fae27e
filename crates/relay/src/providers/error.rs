//! What can go wrong talking to a PBX's API, in terms a manager can act on (the HTTP layer turns
//! these into a status, an error code and a sentence).

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PbxError {
    #[error("{0} is not configured on the relay (ask the admin)")]
    NotConfigured(&'static str),
    /// This PBX's API has no such function (ITooLabs has no balance).
    #[error("this PBX offers no {0}")]
    Unsupported(&'static str),
    #[error("the PBX refused: {0}")]
    Refused(String),
    #[error("the PBX account has no money left: {0}")]
    NoMoney(String),
    #[error("the PBX is limiting requests; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("cannot reach the PBX: {0}")]
    Unreachable(String),
    #[error("the PBX has no such recording: {0}")]
    NotFound(String),
    #[error("the PBX answered something unexpected: {0}")]
    BadAnswer(String),
}

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The relay's outbound HTTP: `api` for requests with an answer (10 s in all), `download` for
/// recordings (no limit on the whole transfer, only on silence).
#[derive(Clone)]
pub struct Http {
    pub api: reqwest::Client,
    pub download: reqwest::Client,
}

impl Http {
    pub fn new() -> Http {
        let api = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .expect("HTTP client builds");
        let download = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(30))
            .build()
            .expect("HTTP client builds");
        Http { api, download }
    }
}

impl Default for Http {
    fn default() -> Http {
        Http::new()
    }
}

/// A transport failure with its whole cause chain (reqwest hides the interesting part inside).
/// The URL is cut to its host: recording links are capabilities, and this text reaches agents.
pub fn unreachable(e: &reqwest::Error) -> PbxError {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        let host = format!("{}://{}/…", url.scheme(), url.host_str().unwrap_or(""));
        text = text.replace(url.as_str(), &host);
    }
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        text = format!("{text}: {inner}");
        source = inner.source();
    }
    PbxError::Unreachable(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_failed_link_is_not_repeated_to_the_agent() {
        let e = reqwest::get("http://127.0.0.1:1/uis/media/capability-token/rec.mp3").await.unwrap_err();
        let PbxError::Unreachable(text) = unreachable(&e) else { panic!() };
        assert!(!text.contains("capability-token"), "{text}");
        assert!(text.contains("http://127.0.0.1/…"), "{text}");
    }
}
