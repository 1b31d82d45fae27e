//! Downloading a recording from a link, passing the client's `Range` on; shared by providers.

use super::{unreachable, PbxError};

/// A URL's host, lower-cased (`None` for what is no URL).
pub fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

/// Whether `link` points at one of `hosts` or a subdomain of one: a link that came with a
/// webhook is fetched only there, never at an arbitrary address.
pub fn on_hosts(link: &str, hosts: &[String]) -> bool {
    let Some(host) = host_of(link) else { return false };
    hosts.iter().any(|h| host == *h || host.ends_with(&format!(".{h}")))
}

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
