//! `GET /ws`: an agent's live event stream, resumable from a position (docs/protocol.md).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, State};
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use callcard_protocol::{Agent, ClientMessage, ErrorCode, Position, ServerMessage, PROTOCOL_VERSION};
use chrono::Utc;
use tokio::time::{timeout, Instant};

use super::auth::Authed;
use super::{admin, AppState, HttpError};
use callcard_domain::{PublishedEvent, Viewer};

use crate::fanout::Delivered;

/// How long a client may take to send `subscribe` after `hello`.
const SUBSCRIBE_TIMEOUT: Duration = Duration::from_secs(10);
/// A send that takes longer than this means the client is not reading: drop it.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Events fetched from the store per replay query.
const REPLAY_PAGE: u32 = 500;
/// Clients send only small control messages. A small read buffer also keeps an idle connection
/// cheap: tungstenite zero-fills it on every read (BENCHMARKS.md, benchmarks 1 and 4).
const READ_BUFFER: usize = 4 * 1024;
const MAX_CLIENT_MESSAGE: usize = 64 * 1024;

/// How a stream was opened: an agent's bearer token (the app), or an admin's console session
/// (the console's live board: a browser cannot put a header on a WebSocket). Checked again
/// while the stream runs, so a revoked token or an ended session closes it.
pub enum Credential {
    Token(String),
    ConsoleSession(String),
}

pub struct StreamAuthed(Agent, Credential);

impl FromRequestParts<Arc<AppState>> for StreamAuthed {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(AUTHORIZATION) {
            let Authed(agent, hash) = Authed::from_request_parts(parts, state).await?;
            return Ok(StreamAuthed(agent, Credential::Token(hash)));
        }
        let Some(id_hash) = admin::session_id_hash(&parts.headers) else {
            return Err(HttpError::unauthorized(ErrorCode::MissingToken, "missing bearer token"));
        };
        // The cookie is SameSite=Strict already; a page of another site is refused outright.
        if !same_origin(&parts.headers) {
            return Err(HttpError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::CsrfRefused,
                "a console stream must come from the console's own page",
            ));
        }
        let (agent, _) = admin::touch_session(state, &id_hash).await?.ok_or_else(admin::expired)?;
        Ok(StreamAuthed(agent, Credential::ConsoleSession(id_hash)))
    }
}

/// Whether the page that opens the stream is served by this relay (`Origin`'s host is `Host`).
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    let origin = headers.get(ORIGIN).and_then(|o| o.to_str().ok());
    match (origin, host) {
        // Not a browser: no page to forge a request from.
        (None, _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").is_some_and(|(_, rest)| rest == host),
        (Some(_), None) => false,
    }
}

pub async fn upgrade(
    State(state): State<Arc<AppState>>,
    StreamAuthed(agent, credential): StreamAuthed,
    ws: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    match ws {
        Ok(ws) => ws
            .read_buffer_size(READ_BUFFER)
            .max_message_size(MAX_CLIENT_MESSAGE)
            .max_frame_size(MAX_CLIENT_MESSAGE)
            .on_upgrade(move |socket| async move {
                let name = agent.name.clone();
                tracing::info!(agent = %name, "agent connected");
                let reason =
                    Session { socket, state, viewer: Viewer::of(&agent), last_sent: 0, credential }.run(agent).await;
                tracing::info!(agent = %name, reason, "agent disconnected");
            }),
        Err(e) => HttpError::new(
            e.status(),
            ErrorCode::ExpectedWebsocket,
            format!("expected a WebSocket upgrade: {}", e.body_text()),
        )
        .with("detail", e.body_text())
        .into_response(),
    }
}

struct Session {
    socket: WebSocket,
    state: Arc<AppState>,
    viewer: Viewer,
    /// Stream position: every event up to here has been sent or was not for this viewer.
    last_sent: u64,
    /// To notice a token revoked, or a console session ended, while connected.
    credential: Credential,
}

/// The token is checked again every this many heartbeats.
const TOKEN_RECHECK_BEATS: u32 = 4;

/// Why a session ended, for the log.
type Ended = &'static str;

impl Session {
    async fn send(&mut self, message: Message) -> Result<(), Ended> {
        match timeout(SEND_TIMEOUT, self.socket.send(message)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err("connection broken"),
            Err(_) => Err("client too slow to read"),
        }
    }

    async fn send_json(&mut self, message: &ServerMessage) -> Result<(), Ended> {
        let text = serde_json::to_string(message).map_err(|_| "serialisation failed")?;
        self.send(Message::Text(text.into())).await
    }

    async fn send_event(&mut self, event: &PublishedEvent) -> Result<(), Ended> {
        self.send(Message::Text(event.message.as_ref().into())).await?;
        self.last_sent = event.seq;
        Ok(())
    }

    async fn error(&mut self, code: ErrorCode, message: &str) -> Ended {
        self.error_with(code, message, Default::default()).await
    }

    async fn error_with(&mut self, code: ErrorCode, message: &str, params: callcard_protocol::ErrorParams) -> Ended {
        let _ = self.send_json(&ServerMessage::Error { code, message: message.to_string(), params }).await;
        let _ = self.socket.send(Message::Close(None)).await;
        "protocol error"
    }

    /// Closes the stream if its token was revoked or its console session ended (a store that
    /// does not answer now is asked again next time).
    async fn credential_ended(&mut self) -> Option<Ended> {
        match &self.credential {
            Credential::Token(hash) => {
                if let Ok(None) = self.state.store.agent_by_token_hash(hash).await {
                    return Some(self.error(ErrorCode::Unauthorized, "token revoked").await);
                }
            }
            Credential::ConsoleSession(id_hash) => {
                if let Ok(None) = admin::touch_session(&self.state, id_hash).await {
                    return Some(self.error(ErrorCode::SessionExpired, "the console session ended").await);
                }
            }
        }
        None
    }

    /// Sends everything after `last_sent` from the store.
    async fn replay(&mut self) -> Result<(), Ended> {
        loop {
            let page = self
                .state
                .store
                .events_after(self.viewer, self.last_sent, REPLAY_PAGE)
                .await
                .map_err(|_| "store unavailable during replay")?;
            for event in &page {
                self.send_event(event).await?;
            }
            if page.len() < REPLAY_PAGE as usize {
                return Ok(());
            }
        }
    }

    async fn wait_for_subscribe(&mut self) -> Result<Option<Position>, Ended> {
        let deadline = Instant::now() + SUBSCRIBE_TIMEOUT;
        loop {
            let frame = match tokio::time::timeout_at(deadline, self.socket.recv()).await {
                Err(_) => return Err(self.error(ErrorCode::BadMessage, "expected subscribe").await),
                Ok(None | Some(Err(_))) | Ok(Some(Ok(Message::Close(_)))) => return Err("closed before subscribing"),
                Ok(Some(Ok(frame))) => frame,
            };
            let Message::Text(text) = frame else { continue };
            match serde_json::from_str::<ClientMessage>(&text) {
                Ok(ClientMessage::Subscribe { protocol, resume }) if protocol == PROTOCOL_VERSION => return Ok(resume),
                Ok(ClientMessage::Subscribe { protocol, .. }) => {
                    let msg = format!("relay speaks protocol {PROTOCOL_VERSION}, client speaks {protocol}");
                    let params = [("relay", PROTOCOL_VERSION), ("client", protocol)]
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                    return Err(self.error_with(ErrorCode::ProtocolMismatch, &msg, params).await);
                }
                Err(e) => return Err(self.error(ErrorCode::BadMessage, &format!("bad message: {e}")).await),
            }
        }
    }

    async fn run(mut self, agent: Agent) -> Ended {
        let store = self.state.store.clone();
        let epoch = store.epoch().to_string();
        let head = match store.head_seq().await {
            Ok(h) => h,
            Err(_) => return self.error(ErrorCode::Internal, "store unavailable").await,
        };
        let hello = ServerMessage::Hello {
            protocol: PROTOCOL_VERSION,
            epoch: epoch.clone(),
            head_seq: head,
            agent,
            server_time: Utc::now(),
        };
        if let Err(e) = self.send_json(&hello).await {
            return e;
        }
        let resume = match self.wait_for_subscribe().await {
            Ok(r) => r,
            Err(e) => return e,
        };

        // Subscribe before reading the head: whatever is committed after this is in `live`,
        // whatever before is in the store, so nothing falls between the two.
        let mut live = self.state.hub.subscribe(self.viewer);
        let head = match store.head_seq().await {
            Ok(h) => h,
            Err(_) => return self.error(ErrorCode::Internal, "store unavailable").await,
        };
        // Below what was pruned, the stream would have a hole: such a client reloads instead.
        let pruned_through = match store.pruned_through().await {
            Ok(p) => p,
            Err(_) => return self.error(ErrorCode::Internal, "store unavailable").await,
        };
        let answer = match resume {
            Some(pos) if pos.epoch == epoch && pos.seq <= head && pos.seq >= pruned_through => {
                self.last_sent = pos.seq;
                ServerMessage::Subscribed { epoch, from_seq: pos.seq }
            }
            Some(pos) => {
                self.last_sent = head;
                let reason = if pos.epoch != epoch {
                    "the relay's history was reset (new epoch)"
                } else if pos.seq < pruned_through {
                    "the relay no longer keeps history that old"
                } else {
                    "position is ahead of the relay's history"
                };
                ServerMessage::ResyncRequired { epoch, head_seq: head, reason: reason.into() }
            }
            None => {
                self.last_sent = head;
                ServerMessage::Subscribed { epoch, from_seq: head }
            }
        };
        if let Err(e) = self.send_json(&answer).await {
            return e;
        }
        if let Err(e) = self.replay().await {
            return e;
        }

        let config = &self.state.config.server;
        let client_timeout = Duration::from_secs(config.client_timeout_secs);
        let mut heartbeat = tokio::time::interval(Duration::from_secs(config.heartbeat_secs.max(1)));
        let mut last_heard = Instant::now();
        let mut beats = 0u32;
        loop {
            tokio::select! {
                delivered = live.recv() => match delivered {
                    // Only events this viewer may see arrive here.
                    Some(Delivered::Event(event)) => {
                        if event.seq > self.last_sent {
                            if let Err(e) = self.send_event(&event).await {
                                return e;
                            }
                            if let Some(after) = event.at.and_then(|at| (Utc::now() - at).to_std().ok()) {
                                crate::metrics::delivered(after);
                            }
                        }
                    }
                    Some(Delivered::Lagged) => {
                        tracing::debug!("client fell behind live events; catching up from the store");
                        if let Err(e) = self.replay().await {
                            return e;
                        }
                    }
                    None => return "relay shutting down",
                },
                frame = self.socket.recv() => match frame {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return "closed by client",
                    Some(Ok(_)) => last_heard = Instant::now(),
                },
                _ = heartbeat.tick() => {
                    if last_heard.elapsed() > client_timeout {
                        let _ = timeout(Duration::from_secs(1), self.socket.send(Message::Close(None))).await;
                        return "heartbeat timeout";
                    }
                    beats += 1;
                    if beats.is_multiple_of(TOKEN_RECHECK_BEATS) {
                        if let Some(ended) = self.credential_ended().await {
                            return ended;
                        }
                    }
                    if let Err(e) = self.send(Message::Ping(Default::default())).await {
                        return e;
                    }
                }
            }
        }
    }
}
