//! Downloading a recording from a link, passing the client's `Range` on; shared by providers.

use super::{unreachable, PbxError};

/// A link the PBX says is gone (expired, deleted).
pub fn is_gone(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 403 | 404 | 410)
}

/// A GET for `url` with the client's `Range` header, if it sent one.
pub fn get(client: &reqwest::Client, url: &str, range: Option<&[u8]>) -> reqwest::RequestBuilder {
    let mut request = client.get(url);
    if let Some(range) = range {
        request = request.header(reqwest::header::RANGE, range);
    }
    request
}

/// The PBX's answer if it is the recording (200, 206, or 416 for a range past the end).
pub fn check(response: reqwest::Response) -> Result<reqwest::Response, PbxError> {
    let status = response.status();
    if status.is_success() || status == reqwest::StatusCode::RANGE_NOT_SATISFIABLE {
        Ok(response)
    } else if is_gone(status) {
        Err(PbxError::NotFound(format!("the recording link answered HTTP {status} (expired or deleted)")))
    } else {
        Err(PbxError::BadAnswer(format!("the recording download answered HTTP {status}")))
    }
}

pub async fn send(request: reqwest::RequestBuilder) -> Result<reqwest::Response, PbxError> {
    request.send().await.map_err(|e| unreachable(&e))
}
