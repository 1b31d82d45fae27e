//! The app's live link to the relay: bearer-authenticated WebSocket, resume from the persisted
//! position, snapshot reload when the relay says the position is lost, heartbeats, and
//! reconnects with backoff and jitter. Runs until a fatal answer (bad token, protocol
//! mismatch) or until its task is aborted (settings changed, app quitting).

use std::time::Duration;

use callcard_protocol::{
    Agent, Call, CallEvent, ClientMessage, ErrorCode, ErrorParams, Position, ServerMessage, PROTOCOL_VERSION,
};
use chrono::{DateTime, Utc};
use futures_util::SinkExt;
use serde::Serialize;
use tokio::sync::mpsc::UnboundedSender;
use tokio_tungstenite::tungstenite::Message;
use ts_rs::TS;

use crate::backoff::Backoff;
use crate::position::{is_new, PositionFile};
use crate::relay_api::{RelayApi, RelayError};
use crate::socket::{self, Incoming, Socket};
use crate::words::{self, WordCode, Words};

/// The connection state the tray, the main window and the tests show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// No relay URL or token yet: the settings screen is waiting.
    NotConfigured,
    Connecting,
    Connected,
    Reconnecting {
        reason: Words,
        #[ts(type = "number")]
        retry_in_ms: u64,
    },
    /// The relay refused the token; nothing is retried until the settings change.
    AuthFailed {
        reason: Words,
    },
    ProtocolMismatch {
        reason: Words,
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

/// How one connection attempt ended.
enum Ended {
    /// Try again after a delay; `was_up` resets the backoff (the link had worked).
    Retry {
        reason: Words,
        was_up: bool,
    },
    Fatal(Status),
}

impl From<RelayError> for Ended {
    fn from(e: RelayError) -> Ended {
        match e {
            RelayError::BadToken => Ended::Fatal(Status::AuthFailed { reason: e.words() }),
            RelayError::ProtocolMismatch { .. } => Ended::Fatal(Status::ProtocolMismatch { reason: e.words() }),
            other => Ended::Retry { reason: other.words(), was_up: false },
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
                tracing::info!(reason = %reason.message, ?delay, "relay link down; reconnecting");
                let status = Status::Reconnecting { reason, retry_in_ms: delay.as_millis() as u64 };
                if out.send(Inbound::Status(status)).is_err() {
                    return;
                }
                tokio::time::sleep(delay).await;
            }
        }
    }
}

/// What an `error` message from the relay means for the link. The relay closes the socket
/// after every error; a code this version does not know decides nothing by itself, so the link
/// keeps reading and ends when the socket does, giving the relay's words as the reason.
enum Verdict {
    End(Ended),
    /// Keep reading; these words say why, if the socket closes next.
    Note(Words),
}

fn verdict(code: ErrorCode, message: String, params: &ErrorParams) -> Verdict {
    let words = words::relay_error(code, params, &message)
        .unwrap_or_else(|| Words::new(WordCode::RelayReported).with("detail", &message));
    match code {
        ErrorCode::Unauthorized => Verdict::End(Ended::Fatal(Status::AuthFailed { reason: words })),
        ErrorCode::ProtocolMismatch => Verdict::End(Ended::Fatal(Status::ProtocolMismatch { reason: words })),
        ErrorCode::Unknown => {
            tracing::warn!(%message, "the relay reported an error this version does not know");
            Verdict::Note(words)
        }
        _ => Verdict::End(Ended::Retry { reason: words, was_up: false }),
    }
}

/// Reads until the relay's hello or its subscription answer: the messages before the live stream.
async fn handshake(socket: &mut Socket, tuning: &Tuning, note: &mut Option<Words>) -> Result<ServerMessage, Ended> {
    loop {
        match socket::next(socket, tuning.stale_after).await {
            Err(reason) => return Err(Ended::Retry { reason: note.take().unwrap_or(reason), was_up: false }),
            Ok(Incoming::Message(ServerMessage::Error { code, message, params })) => {
                match verdict(code, message, &params) {
                    Verdict::End(ended) => return Err(ended),
                    Verdict::Note(words) => *note = Some(words),
                }
            }
            Ok(Incoming::Message(message)) => return Ok(message),
            Ok(Incoming::Nothing | Incoming::UnreadableEvent { .. }) => continue,
        }
    }
}

/// Sends the snapshot to the app (at connect, after `resync_required`, after an unreadable event).
async fn load_snapshot(api: &RelayApi, tuning: &Tuning, out: &UnboundedSender<Inbound>) -> Result<Position, Ended> {
    let snapshot = api.recent(tuning.snapshot_limit).await.map_err(Ended::from)?;
    let _ = out.send(Inbound::Snapshot(snapshot.calls));
    Ok(snapshot.position)
}

async fn session(api: &RelayApi, position: &PositionFile, tuning: &Tuning, out: &UnboundedSender<Inbound>) -> Ended {
    let mut socket = match socket::open(api.base(), api.token()).await {
        Ok(s) => s,
        Err(e) => return e.into(),
    };
    let retry = |reason: Words| Ended::Retry { reason, was_up: false };
    // The words of an error the relay sent with a code this version does not know.
    let mut note: Option<Words> = None;

    let (epoch, agent, server_time) = loop {
        match handshake(&mut socket, tuning, &mut note).await {
            Err(ended) => return ended,
            Ok(ServerMessage::Hello { protocol, epoch, agent, server_time, .. }) => {
                if protocol != PROTOCOL_VERSION {
                    return RelayError::ProtocolMismatch { ours: PROTOCOL_VERSION, theirs: protocol }.into();
                }
                break (epoch, agent, server_time);
            }
            Ok(_) => continue,
        }
    };
    let _ = out.send(Inbound::Hello { agent, server_time });

    // The main window's list, and the resume point for an app with no saved position.
    let snapshot_at = match load_snapshot(api, tuning, out).await {
        Ok(at) => at,
        Err(ended) => return ended,
    };
    let mut at = match position.load() {
        Some(saved) if saved.epoch == epoch => saved,
        _ => snapshot_at,
    };

    let subscribe = ClientMessage::Subscribe { protocol: PROTOCOL_VERSION, resume: Some(at.clone()) };
    let text = serde_json::to_string(&subscribe).expect("subscribe serialises");
    if let Err(e) = socket.send(Message::Text(text.into())).await {
        return retry(Words::new(WordCode::ConnectionLost).with("detail", e));
    }
    loop {
        match handshake(&mut socket, tuning, &mut note).await {
            Err(ended) => return ended,
            Ok(ServerMessage::Subscribed { .. }) => break,
            Ok(ServerMessage::ResyncRequired { epoch, head_seq, reason }) => {
                tracing::info!(%reason, "relay lost our position; reloading the snapshot");
                if let Err(ended) = load_snapshot(api, tuning, out).await {
                    return ended;
                }
                at = Position { epoch, seq: head_seq };
                save(position, &at);
                break;
            }
            Ok(_) => continue,
        }
    }
    tracing::info!(seq = at.seq, "connected to the relay");
    let _ = out.send(Inbound::Status(Status::Connected));

    let mut ping = tokio::time::interval(tuning.ping_every);
    ping.tick().await;
    loop {
        tokio::select! {
            incoming = socket::next(&mut socket, tuning.stale_after) => match incoming {
                Err(reason) => return Ended::Retry { reason: note.take().unwrap_or(reason), was_up: true },
                Ok(Incoming::Message(ServerMessage::Event(event))) => {
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
                Ok(Incoming::UnreadableEvent { at: event_at, error }) => {
                    // A call changed in a way this version cannot read: the snapshot still has
                    // the call (in a shape it can), so the list and cards stay true.
                    tracing::warn!(%error, position = ?event_at, "unreadable event from the relay; reloading the snapshot");
                    if let Err(ended) = load_snapshot(api, tuning, out).await {
                        return match ended {
                            Ended::Retry { reason, .. } => Ended::Retry { reason, was_up: true },
                            fatal => fatal,
                        };
                    }
                    if let Some(event_at) = event_at.filter(|p| is_new(Some(&at), &p.epoch, p.seq)) {
                        at = event_at;
                        save(position, &at);
                    }
                }
                Ok(Incoming::Message(ServerMessage::Error { code, message, params })) => {
                    match verdict(code, message, &params) {
                        Verdict::End(Ended::Retry { reason, .. }) => return Ended::Retry { reason, was_up: true },
                        Verdict::End(fatal) => return fatal,
                        Verdict::Note(words) => note = Some(words),
                    }
                }
                Ok(_) => {}
            },
            _ = ping.tick() => {
                if let Err(e) = socket.send(Message::Ping(Default::default())).await {
                    let reason = Words::new(WordCode::ConnectionLost).with("detail", e);
                    return Ended::Retry { reason, was_up: true };
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
