//! The settings screen's check of a relay address and token: the address answers as a relay,
//! accepts the token, and speaks this app's protocol.

use callcard_protocol::{Agent, ServerMessage, PROTOCOL_VERSION};

use crate::relay_api::{NotARelay, RelayApi, RelayError, RelayUrl, REQUEST_TIMEOUT};
use crate::socket::{self, Incoming};

/// Returns who the token belongs to.
pub async fn check(url: &str, token: &str) -> Result<Agent, RelayError> {
    let base = RelayUrl::parse(url)?;
    let token = token.trim();
    if token.is_empty() {
        return Err(RelayError::BadToken);
    }
    let api = RelayApi::new(base.clone(), token.to_string());
    let agent = api.me().await?;
    // The WebSocket's hello carries the protocol version.
    let mut socket = socket::open(&base, token).await?;
    let first = socket::next(&mut socket, REQUEST_TIMEOUT).await;
    let _ = socket.close(None).await;
    match first {
        Ok(Incoming::Message(ServerMessage::Hello { protocol, .. })) if protocol == PROTOCOL_VERSION => Ok(agent),
        Ok(Incoming::Message(ServerMessage::Hello { protocol, .. })) => {
            Err(RelayError::ProtocolMismatch { ours: PROTOCOL_VERSION, theirs: protocol })
        }
        _ => Err(RelayError::NotARelay(NotARelay::NoHello)),
    }
}
