//! Calls from the relay to the PBX APIs: click-to-call, and recording links. Provider errors are
//! turned into [`PbxError`]s a manager can read.

mod itoolabs;
mod recordings;
mod zadarma;

use std::time::Duration;

use callcard_protocol::ProviderId;

use crate::config::Config;

pub use itoolabs::ItoolabsApi;
pub use recordings::Recordings;
pub use zadarma::ZadarmaApi;

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PbxError {
    #[error("{0} is not configured on the relay (ask the admin)")]
    NotConfigured(&'static str),
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

pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .build()
        .expect("HTTP client builds")
}

fn unreachable(e: &reqwest::Error) -> PbxError {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        text = format!("{text}: {inner}");
        source = inner.source();
    }
    PbxError::Unreachable(text)
}

/// The PBX APIs this relay may call, from its configuration.
pub struct PbxApis {
    /// For recording downloads: no limit on the whole transfer, only on silence.
    http: reqwest::Client,
    pub zadarma: Option<ZadarmaApi>,
    pub itoolabs: Option<ItoolabsApi>,
    dial_provider: Option<&'static str>,
}

impl PbxApis {
    pub fn from_config(config: &Config) -> PbxApis {
        let http = http_client();
        let zadarma = (!config.zadarma.api_key.is_empty()).then(|| ZadarmaApi::new(http.clone(), config));
        let itoolabs = (!config.itoolabs.api_url.is_empty()).then(|| ItoolabsApi::new(http.clone(), config));
        let dial_provider = match config.dial.provider.as_str() {
            "zadarma" => Some(ProviderId::ZADARMA),
            "itoolabs" => Some(ProviderId::ITOOLABS),
            _ if zadarma.is_some() => Some(ProviderId::ZADARMA),
            _ if itoolabs.is_some() => Some(ProviderId::ITOOLABS),
            _ => None,
        };
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(30))
            .build()
            .expect("HTTP client builds");
        PbxApis { http, zadarma, itoolabs, dial_provider }
    }

    /// Asks the PBX to ring the agent (`from`: extension for Zadarma, login for ITooLabs), then
    /// connect it to `to` (digits-only E.164).
    pub async fn dial(&self, agent: &callcard_protocol::Agent, to: &str) -> Result<(ProviderId, String), DialError> {
        match self.dial_provider {
            Some(ProviderId::ZADARMA) => {
                let api = self.zadarma.as_ref().ok_or(PbxError::NotConfigured("Zadarma's API key"))?;
                let from = agent.extension.clone().ok_or(DialError::NoExtension("extension"))?;
                api.callback(&from, to).await?;
                Ok((ProviderId::new(ProviderId::ZADARMA), from))
            }
            Some(ProviderId::ITOOLABS) => {
                let api = self.itoolabs.as_ref().ok_or(PbxError::NotConfigured("the ITooLabs API URL"))?;
                let user =
                    agent.login.clone().or_else(|| agent.extension.clone()).ok_or(DialError::NoExtension("login"))?;
                api.make_call(&user, to).await?;
                Ok((ProviderId::new(ProviderId::ITOOLABS), user))
            }
            _ => Err(PbxError::NotConfigured("click-to-call").into()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DialError {
    #[error("your agent has no PBX {0} on the relay (ask the admin)")]
    NoExtension(&'static str),
    #[error(transparent)]
    Pbx(#[from] PbxError),
}
