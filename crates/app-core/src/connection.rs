//! The app's live link to the relay: bearer-authenticated WebSocket, resume from the persisted
//! position, snapshot reload when the relay says the position is lost, heartbeats, and
//! reconnects with backoff and jitter. Runs until a fatal answer (bad token, protocol
//! mismatch) or until its task is aborted (settings changed, app quitting).

use std::time::Duration;

use callcard_protocol::{Agent, Call, CallEvent, ClientMessage, ErrorCode, Position, ServerMessage, PROTOCOL_VERSION};
use chrono::{DateTime, Utc};
use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use tokio::net::TcpStream;
use tokio::sync::mpsc::UnboundedSender;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use ts_rs::TS;

use crate::backoff::Backoff;
use crate::position::{is_new, PositionFile};
use crate::relay_api::{RelayApi, RelayError, RelayUrl};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The connection state the tray, the main window and the tests show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// No relay URL or token yet: the settings screen is waiting.
    NotConfigured,
    Connecting,
    Connected,
    Reconnecting {
        reason: String,
        #[ts(type = "number")]
        retry_in_ms: u64,
    },
    /// The relay refused the token; nothing is retried until the settings change.
    AuthFailed {
        reason: String,
    },
    ProtocolMismatch {
        reason: String,
    },
}

/// What the connection hands the app, in order. (Each is handed over once, by value, so the
/// size gap between variants costs nothing worth boxing for.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Inbound {
    Status(Status),
    /// Connected as this agent; the relay's clock, to run card timers by it.
    Hello {
        agent: Agent,
        server_time: DateTime<Utc>,
    },
    /// Recent calls, newest first (at every connect, and after `resync_required`).
    Snapshot(Vec<Call>),
    Event(CallEvent),
}

#[derive(Debug, Clone)]
pub struct Tuning {
    /// Reconnect when nothing (not even the relay's ping) arrived for this long.
    pub stale_after: Duration,
    /// Our own ping, so the relay hears from us.
    pub ping_every: Duration,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Calls loaded at connect for the main window's list.
    pub snapshot_limit: u32,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            stale_after: Duration::from_secs(45),
            ping_every: Duration::from_secs(15),
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            snapshot_limit: 200,
        }
    }
}

/// Opens the WebSocket with the bearer token.
pub async fn open_socket(base: &RelayUrl, token: &str) -> Result<Socket, RelayError> {
    let mut request = base.websocket().as_str().into_client_request().map_err(|e| RelayError::BadUrl(e.to_string()))?;
    let header = format!("Bearer {token}").parse().map_err(|_| RelayError::BadToken)?;
    request.headers_mut().insert("authorization", header);
    let connect = tokio_tungstenite::connect_async(request);
    match tokio::time::timeout(Duration::from_secs(10), connect).await {
        Err(_) => Err(RelayError::Unreachable("no answer within 10 s".into())),
        Ok(Ok((socket, _))) => Ok(socket),
        Ok(Err(tungstenite::Error::Http(response))) if response.status() == 401 => Err(RelayError::BadToken),
        Ok(Err(tungstenite::Error::Http(response))) => {
            Err(RelayError::NotARelay(format!("WebSocket upgrade answered HTTP {}", response.status())))
        }
        Ok(Err(e)) => Err(RelayError::Unreachable(e.to_string())),
    }
}

/// How one connection attempt ended.
enum Ended {
    /// Try again after a delay; `was_up` resets the backoff (the link had worked).
    Retry {
        reason: String,
        was_up: bool,
    },
    Fatal(Status),
}

impl From<RelayError> for Ended {
    fn from(e: RelayError) -> Ended {
        match e {
            RelayError::BadToken => Ended::Fatal(Status::AuthFailed { reason: e.to_string() }),
            RelayError::ProtocolMismatch { .. } => Ended::Fatal(Status::ProtocolMismatch { reason: e.to_string() }),
            other => Ended::Retry { reason: other.to_string(), was_up: false },
        }
    }
}

/// Runs the link until a fatal answer; the caller aborts the task to stop it earlier.
pub async fn run(api: RelayApi, position: PositionFile, tuning: Tuning, out: UnboundedSender<Inbound>) {
    let mut backoff = Backoff::new(tuning.backoff_base, tuning.backoff_max);
    let _ = out.send(Inbound::Status(Status::Connecting));
    loop {
        match session(&api, &position, &tuning, &out).await {
            Ended::Fatal(status) => {
                tracing::warn!(?status, "relay link stopped");
                let _ = out.send(Inbound::Status(status));
                return;
            }
            Ended::Retry { reason, was_up } => {
                if was_up {
                    backoff.reset();
                }
                let delay = backoff.next_delay(&mut rand::rng());
                tracing::info!(%reason, ?delay, "relay link down; reconnecting");
                let status = Status::Reconnecting { reason, retry_in_ms: delay.as_millis() as u64 };
                if out.send(Inbound::Status(status)).is_err() {
                    return;
                }
                tokio::time::sleep(delay).await;
            }
        }
    }
}

async fn next_message(socket: &mut Socket, wait: Duration) -> Result<Option<ServerMessage>, String> {
    match tokio::time::timeout(wait, socket.next()).await {
        Err(_) => Err(format!("the relay was silent for {} s", wait.as_secs())),
        Ok(None) | Ok(Some(Ok(Message::Close(_)))) => Err("the relay closed the connection".into()),
        Ok(Some(Err(e))) => Err(format!("connection lost: {e}")),
        Ok(Some(Ok(Message::Text(text)))) => match serde_json::from_str(&text) {
            Ok(message) => Ok(Some(message)),
            Err(e) => {
                // A newer relay may send messages this version does not know: skip them.
                tracing::debug!(error = %e, "unknown message from the relay ignored");
                Ok(None)
            }
        },
        Ok(Some(Ok(_))) => Ok(None),
    }
}

fn fatal_error(code: ErrorCode, message: String) -> Ended {
    match code {
        ErrorCode::Unauthorized => Ended::Fatal(Status::AuthFailed { reason: message }),
        ErrorCode::ProtocolMismatch => Ended::Fatal(Status::ProtocolMismatch { reason: message }),
        _ => Ended::Retry { reason: format!("the relay reported an error: {message}"), was_up: false },
    }
}

async fn session(api: &RelayApi, position: &PositionFile, tuning: &Tuning, out: &UnboundedSender<Inbound>) -> Ended {
    let mut socket = match open_socket(api.base(), api.token()).await {
        Ok(s) => s,
        Err(e) => return e.into(),
    };
    let retry = |reason: String| Ended::Retry { reason, was_up: false };

    let (epoch, agent, server_time) = loop {
        match next_message(&mut socket, tuning.stale_after).await {
            Err(reason) => return retry(reason),
            Ok(Some(ServerMessage::Hello { protocol, epoch, agent, server_time, .. })) => {
                if protocol != PROTOCOL_VERSION {
                    return RelayError::ProtocolMismatch { ours: PROTOCOL_VERSION, theirs: protocol }.into();
                }
                break (epoch, agent, server_time);
            }
            Ok(Some(ServerMessage::Error { code, message, .. })) => return fatal_error(code, message),
            Ok(_) => continue,
        }
    };
    let _ = out.send(Inbound::Hello { agent, server_time });

    // The main window's list, and the resume point for an app with no saved position.
    let snapshot = match api.recent(tuning.snapshot_limit).await {
        Ok(s) => s,
        Err(e) => return e.into(),
    };
    let _ = out.send(Inbound::Snapshot(snapshot.calls));
    let mut at = match position.load() {
        Some(saved) if saved.epoch == epoch => saved,
        _ => snapshot.position,
    };

    let subscribe = ClientMessage::Subscribe { protocol: PROTOCOL_VERSION, resume: Some(at.clone()) };
    let text = serde_json::to_string(&subscribe).expect("subscribe serialises");
    if let Err(e) = socket.send(Message::Text(text.into())).await {
        return retry(format!("connection lost: {e}"));
    }
    loop {
        match next_message(&mut socket, tuning.stale_after).await {
            Err(reason) => return retry(reason),
            Ok(Some(ServerMessage::Subscribed { .. })) => break,
            Ok(Some(ServerMessage::ResyncRequired { epoch, head_seq, reason })) => {
                tracing::info!(%reason, "relay lost our position; reloading the snapshot");
                match api.recent(tuning.snapshot_limit).await {
                    Ok(s) => {
                        let _ = out.send(Inbound::Snapshot(s.calls));
                    }
                    Err(e) => return e.into(),
                }
                at = Position { epoch, seq: head_seq };
                save(position, &at);
                break;
            }
            Ok(Some(ServerMessage::Error { code, message, .. })) => return fatal_error(code, message),
            Ok(_) => continue,
        }
    }
    tracing::info!(seq = at.seq, "connected to the relay");
    let _ = out.send(Inbound::Status(Status::Connected));

    let mut ping = tokio::time::interval(tuning.ping_every);
    ping.tick().await;
    loop {
        tokio::select! {
            message = next_message(&mut socket, tuning.stale_after) => match message {
                Err(reason) => return Ended::Retry { reason, was_up: true },
                Ok(Some(ServerMessage::Event(event))) => {
                    // Replays and live events can overlap at the seam: drop repeats by sequence.
                    if !is_new(Some(&at), &event.epoch, event.seq) {
                        continue;
                    }
                    at = Position { epoch: event.epoch.clone(), seq: event.seq };
                    if out.send(Inbound::Event(event)).is_err() {
                        // Nobody listens any more (the app is reconfiguring or quitting): stop.
                        return Ended::Fatal(Status::NotConfigured);
                    }
                    save(position, &at);
                }
                Ok(Some(ServerMessage::Error { code, message, .. })) => return match fatal_error(code, message) {
                    Ended::Retry { reason, .. } => Ended::Retry { reason, was_up: true },
                    fatal => fatal,
                },
                Ok(_) => {}
            },
            _ = ping.tick() => {
                if let Err(e) = socket.send(Message::Ping(Default::default())).await {
                    return Ended::Retry { reason: format!("connection lost: {e}"), was_up: true };
                }
            }
        }
    }
}

fn save(position: &PositionFile, at: &Position) {
    if let Err(e) = position.save(at) {
        // Not fatal: a lost position only means a snapshot reload next time.
        tracing::warn!(error = %e, path = %position.path().display(), "cannot save the resume position");
    }
}
