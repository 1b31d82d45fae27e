//! WebSocket clients of the relay that do what the desktop app does on the wire (hello,
//! subscribe, answer pings) and note when each event arrives.

use std::time::Duration;

use anyhow::{bail, Context};
use callcard_protocol::{ClientMessage, PROTOCOL_VERSION};
use chrono::{DateTime, Utc};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::stats::now_ns;

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// One event as a client saw it.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub call_id: String,
    /// The event's `at` (when the relay accepted the webhook; for NATS, when it was published).
    pub at_ns: i64,
    pub received_ns: i64,
}

/// Only what the measurement needs from an event; the rest of the JSON is skipped.
#[derive(Deserialize)]
struct EventFrame {
    #[serde(rename = "type")]
    kind: String,
    at: Option<DateTime<Utc>>,
    call: Option<CallRef>,
}

#[derive(Deserialize)]
struct CallRef {
    provider_call_id: String,
}

/// A receipt from an event's JSON text, if it is an event.
pub fn receipt(text: &str, received_ns: i64) -> Option<Receipt> {
    let frame: EventFrame = serde_json::from_str(text).ok()?;
    if frame.kind != "event" {
        return None;
    }
    Some(Receipt { call_id: frame.call?.provider_call_id, at_ns: frame.at?.timestamp_nanos_opt()?, received_ns })
}

/// Connects, reads the hello, subscribes from the head and reads the answer.
pub async fn subscribe(addr: &str, token: &str) -> anyhow::Result<Socket> {
    let mut request = format!("ws://{addr}/ws").into_client_request()?;
    request.headers_mut().insert("Authorization", format!("Bearer {token}").parse()?);
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.context("connect")?;
    expect_type(&mut ws, "hello").await?;
    let subscribe = ClientMessage::Subscribe { protocol: PROTOCOL_VERSION, resume: None };
    ws.send(Message::Text(serde_json::to_string(&subscribe)?.into())).await?;
    expect_type(&mut ws, "subscribed").await?;
    Ok(ws)
}

async fn expect_type(ws: &mut Socket, expected: &str) -> anyhow::Result<()> {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(30), ws.next())
            .await
            .with_context(|| format!("no {expected} from the relay"))?;
        match frame {
            Some(Ok(Message::Text(text))) => {
                let value: serde_json::Value = serde_json::from_str(&text)?;
                if value["type"] == expected {
                    return Ok(());
                }
                bail!("expected {expected}, got {text}");
            }
            Some(Ok(_)) => continue,
            Some(Err(e)) => bail!("websocket error: {e}"),
            None => bail!("closed before {expected}"),
        }
    }
}

/// Connects `tokens.len()` clients, at most `parallel` handshakes at a time.
pub async fn connect_all(addr: &str, tokens: &[String], parallel: usize) -> anyhow::Result<Vec<Socket>> {
    let mut sockets = Vec::with_capacity(tokens.len());
    for chunk in tokens.chunks(parallel.max(1)) {
        let mut set = JoinSet::new();
        for (i, token) in chunk.iter().enumerate() {
            let (addr, token) = (addr.to_string(), token.clone());
            set.spawn(async move { (i, subscribe(&addr, &token).await) });
        }
        let mut connected: Vec<(usize, Socket)> = vec![];
        while let Some(joined) = set.join_next().await {
            let (i, socket) = joined?;
            connected.push((i, socket?));
        }
        connected.sort_by_key(|(i, _)| *i);
        sockets.extend(connected.into_iter().map(|(_, s)| s));
    }
    Ok(sockets)
}

/// Reads each socket until `stop` turns true; returns what every client received.
pub fn record(sockets: Vec<Socket>, stop: watch::Receiver<bool>) -> JoinSet<Vec<Receipt>> {
    let mut set = JoinSet::new();
    for mut ws in sockets {
        let mut stop = stop.clone();
        set.spawn(async move {
            let mut receipts = vec![];
            loop {
                tokio::select! {
                    frame = ws.next() => match frame {
                        Some(Ok(Message::Text(text))) => {
                            if let Some(r) = receipt(&text, now_ns()) {
                                receipts.push(r);
                            }
                        }
                        Some(Ok(_)) => {}
                        _ => break,
                    },
                    _ = stop.changed() => break,
                }
            }
            let _ = ws.close(None).await;
            receipts
        });
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relay_event_gives_a_receipt_and_other_messages_none() {
        let event = r#"{"type":"event","epoch":"e","seq":7,"kind":"updated","at":"2026-11-21T10:00:00.000000123Z",
            "call":{"id":1,"provider_call_id":"in_1","extra":[1,2]}}"#;
        let r = receipt(event, 5).expect("receipt");
        assert_eq!(r.call_id, "in_1");
        assert_eq!(r.at_ns % 1_000_000_000, 123);
        assert!(receipt(r#"{"type":"hello","protocol":1}"#, 5).is_none());
        assert!(receipt("not json", 5).is_none());
    }
}
