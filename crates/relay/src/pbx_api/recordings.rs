//! Where a call's recording is fetched from: Zadarma hands out temporary links (kept until
//! shortly before they expire, and replaced when the PBX says one has expired); ITooLabs pushes
//! a link with the call.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::http::HeaderValue;
use callcard_protocol::{Call, ProviderId};
use chrono::Utc;

use super::zadarma::RecordLink;
use super::{unreachable, PbxApis, PbxError};

/// A cached link is not used in its last seconds: a download must not start on a dying link.
const EXPIRY_MARGIN_SECS: i64 = 30;

#[derive(Default)]
pub struct Recordings {
    links: Mutex<HashMap<i64, RecordLink>>,
}

/// Where the bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RecordingSource {
    Fresh(String),
    Cached(String),
}

impl Recordings {
    fn cached(&self, call_id: i64) -> Option<String> {
        let links = self.links.lock().unwrap_or_else(|p| p.into_inner());
        let link = links.get(&call_id)?;
        (link.expires - chrono::Duration::seconds(EXPIRY_MARGIN_SECS) > Utc::now()).then(|| link.url.clone())
    }

    async fn zadarma_link(&self, apis: &PbxApis, call: &Call, fresh: bool) -> Result<RecordingSource, PbxError> {
        if !fresh {
            if let Some(url) = self.cached(call.id) {
                return Ok(RecordingSource::Cached(url));
            }
        }
        let api = apis.zadarma.as_ref().ok_or(PbxError::NotConfigured("Zadarma's API key"))?;
        let recording_id = call.recording.as_ref().and_then(|r| r.id.as_deref());
        let link = api.record_link(recording_id, &call.provider_call_id).await?;
        let url = link.url.clone();
        self.links.lock().unwrap_or_else(|p| p.into_inner()).insert(call.id, link);
        Ok(RecordingSource::Fresh(url))
    }

    /// Starts the download of `call`'s recording (passing the client's `Range` on). The answer
    /// is the PBX's, status and all (200, 206 or 416).
    pub async fn open(
        &self,
        apis: &PbxApis,
        call: &Call,
        range: Option<&HeaderValue>,
    ) -> Result<reqwest::Response, PbxError> {
        let get = |url: &str| {
            let mut request = apis.http.get(url);
            if let Some(range) = range {
                request = request.header(reqwest::header::RANGE, range.as_bytes());
            }
            request
        };
        match call.provider.as_str() {
            ProviderId::ZADARMA => {
                let source = self.zadarma_link(apis, call, false).await?;
                let (RecordingSource::Fresh(url) | RecordingSource::Cached(url)) = &source;
                let mut response = get(url).send().await.map_err(|e| unreachable(&e))?;
                if is_gone(response.status()) && matches!(source, RecordingSource::Cached(_)) {
                    // Expired before its time (clock skew, PBX restart): ask once more.
                    tracing::info!(call = call.id, "recording link expired; requesting a fresh one");
                    let RecordingSource::Fresh(url) = self.zadarma_link(apis, call, true).await? else {
                        unreachable!("a fresh link was asked for")
                    };
                    response = get(&url).send().await.map_err(|e| unreachable(&e))?;
                }
                check(response)
            }
            ProviderId::ITOOLABS => {
                let url = call
                    .recording
                    .as_ref()
                    .and_then(|r| r.url.clone())
                    .ok_or_else(|| PbxError::NotFound("the PBX sent no link for this recording".into()))?;
                let request = match &apis.itoolabs {
                    Some(api) => api.authorize(&url, get(&url)),
                    None => get(&url),
                };
                check(request.send().await.map_err(|e| unreachable(&e))?)
            }
            other => {
                Err(PbxError::NotConfigured(if other.is_empty() { "recordings" } else { "recordings of this PBX" }))
            }
        }
    }
}

fn is_gone(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 403 | 404 | 410)
}

fn check(response: reqwest::Response) -> Result<reqwest::Response, PbxError> {
    let status = response.status();
    if status.is_success() || status == reqwest::StatusCode::RANGE_NOT_SATISFIABLE {
        Ok(response)
    } else if is_gone(status) {
        Err(PbxError::NotFound(format!("the recording link answered HTTP {status} (expired or deleted)")))
    } else {
        Err(PbxError::BadAnswer(format!("the recording download answered HTTP {status}")))
    }
}
