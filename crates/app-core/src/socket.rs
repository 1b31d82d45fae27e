//! The relay's WebSocket: opening it with the bearer token, and reading its messages in a way
//! that tolerates a newer relay (unknown message types are skipped; an `event` this version
//! cannot read is reported, never dropped in silence).

use std::time::Duration;

use callcard_protocol::{Position, ServerMessage};
use futures_util::StreamExt;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::relay_api::{NotARelay, RelayError, RelayUrl, REQUEST_TIMEOUT};
use crate::words::{WordCode, Words};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens the WebSocket with the bearer token.
pub async fn open(base: &RelayUrl, token: &str) -> Result<Socket, RelayError> {
    let address = base.websocket();
    let mut request = address
        .as_str()
        .into_client_request()
        .map_err(|e| RelayError::BadUrl { address: address.to_string(), detail: Some(e.to_string()) })?;
    let header = format!("Bearer {token}").parse().map_err(|_| RelayError::BadToken)?;
    request.headers_mut().insert("authorization", header);
    let connect = tokio_tungstenite::connect_async(request);
    match tokio::time::timeout(REQUEST_TIMEOUT, connect).await {
        Err(_) => Err(RelayError::TimedOut(REQUEST_TIMEOUT.as_secs() as u32)),
        Ok(Ok((socket, _))) => Ok(socket),
        Ok(Err(tungstenite::Error::Http(response))) if response.status() == 401 => Err(RelayError::BadToken),
        Ok(Err(tungstenite::Error::Http(response))) => {
            Err(RelayError::NotARelay(NotARelay::Status(response.status().as_u16())))
        }
        Ok(Err(e)) => Err(RelayError::Unreachable(e.to_string())),
    }
}

/// One read from the socket.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Incoming {
    Message(ServerMessage),
    /// A frame with nothing for us: a ping, or a message type this version does not know.
    Nothing,
    /// An `event` this version cannot read at all; `at` is its position if that much could be read.
    UnreadableEvent {
        at: Option<Position>,
        error: String,
    },
}

/// The next message, within `wait`; the error says, in words, why the link is down.
pub async fn next(socket: &mut Socket, wait: Duration) -> Result<Incoming, Words> {
    match tokio::time::timeout(wait, socket.next()).await {
        Err(_) => Err(Words::new(WordCode::RelaySilent).with("secs", wait.as_secs())),
        Ok(None) | Ok(Some(Ok(Message::Close(_)))) => Err(Words::new(WordCode::RelayClosed)),
        Ok(Some(Err(e))) => Err(Words::new(WordCode::ConnectionLost).with("detail", e)),
        Ok(Some(Ok(Message::Text(text)))) => Ok(read(&text)),
        Ok(Some(Ok(_))) => Ok(Incoming::Nothing),
    }
}

/// Reads one text frame.
pub fn read(text: &str) -> Incoming {
    let error = match serde_json::from_str::<ServerMessage>(text) {
        Ok(message) => return Incoming::Message(message),
        Err(e) => e,
    };
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    if value.get("type").and_then(|t| t.as_str()) != Some("event") {
        // A newer relay may send messages this version does not know: skip them.
        tracing::debug!(%error, "unknown message from the relay ignored");
        return Incoming::Nothing;
    }
    let at = serde_json::from_value::<Position>(value).ok();
    Incoming::UnreadableEvent { at, error: error.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_a_newer_relay_may_send() {
        assert!(matches!(read(r#"{"type":"subscribed","epoch":"e","from_seq":3}"#), Incoming::Message(_)));
        assert!(matches!(read(r#"{"type":"presence","who":"boris"}"#), Incoming::Nothing));
        assert!(matches!(read("not json"), Incoming::Nothing));
        match read(r#"{"type":"event","epoch":"e","seq":7,"kind":"ringing","call":{"id":"seven"}}"#) {
            Incoming::UnreadableEvent { at, error } => {
                assert_eq!(at, Some(Position { epoch: "e".into(), seq: 7 }));
                assert!(!error.is_empty());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(read(r#"{"type":"event","garbage":true}"#), Incoming::UnreadableEvent { at: None, .. }));
    }
}
