//! A newer relay sends values this version has never seen: a provider, direction, state,
//! disposition (a string and an object), event kind and error code it does not know, unknown
//! fields and an unknown message type. The real link (`connection::run`) runs against a small
//! fake relay on a loopback port, and what it hands over goes through the real `Desk`. Before
//! the wire became tolerant, such a call failed to parse: its events were dropped and the
//! snapshot failed as "not a relay", so the link reconnected for as long as the call was recent.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use callcard_app_core::connection::{self, Inbound, Status, Tuning};
use callcard_app_core::desk::{CallRow, Desk, Effect};
use callcard_app_core::position::PositionFile;
use callcard_app_core::relay_api::{RelayApi, RelayUrl};
use callcard_app_core::words::WordCode;
use callcard_protocol::{CallState, Direction, Disposition, PROTOCOL_VERSION};
use chrono::{SecondsFormat, Utc};
use serde_json::{json, Value};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

const EPOCH: &str = "0123456789abcdef0123456789abcdef";

/// What the fake relay answers: the i-th `GET /api/v1/calls/recent` gets `snapshots[i]` (the
/// last one from then on), and every WebSocket session gets hello, subscribed, then `frames`.
struct Fake {
    snapshots: Vec<Value>,
    frames: Vec<Value>,
    recent_hits: AtomicUsize,
    sessions: AtomicUsize,
}

async fn start(snapshots: Vec<Value>, frames: Vec<Value>) -> (RelayUrl, Arc<Fake>) {
    let fake = Arc::new(Fake { snapshots, frames, recent_hits: AtomicUsize::new(0), sessions: AtomicUsize::new(0) });
    let app = Router::new()
        .route("/api/v1/calls/recent", get(recent))
        .route("/ws", get(ws))
        .route("/api/v1/dial", post(dial))
        .route("/api/v1/contacts", get(contacts))
        .route("/api/v1/reminders", get(reminders))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = RelayUrl::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, fake)
}

async fn recent(State(fake): State<Arc<Fake>>) -> Json<Value> {
    let hit = fake.recent_hits.fetch_add(1, Ordering::SeqCst);
    Json(fake.snapshots[hit.min(fake.snapshots.len() - 1)].clone())
}

async fn ws(State(fake): State<Arc<Fake>>, upgrade: WebSocketUpgrade) -> impl IntoResponse {
    upgrade.on_upgrade(move |socket| session(fake, socket))
}

async fn session(fake: Arc<Fake>, mut socket: WebSocket) {
    fake.sessions.fetch_add(1, Ordering::SeqCst);
    let send = |value: Value| Message::Text(value.to_string().into());
    let hello = json!({
        "type": "hello", "protocol": PROTOCOL_VERSION, "epoch": EPOCH, "head_seq": 1,
        "agent": anna(), "server_time": now(), "cluster": "eu-2",
    });
    if socket.send(send(hello)).await.is_err() {
        return;
    }
    // The app's subscribe.
    match socket.recv().await {
        Some(Ok(Message::Text(text))) => {
            let subscribe: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(subscribe["type"], "subscribe", "{subscribe}");
        }
        _ => return,
    }
    let subscribed = json!({"type": "subscribed", "epoch": EPOCH, "from_seq": 1});
    if socket.send(send(subscribed)).await.is_err() {
        return;
    }
    for frame in &fake.frames {
        if socket.send(send(frame.clone())).await.is_err() {
            return;
        }
    }
    // Stay connected (answering pings) until the app goes.
    while let Some(Ok(_)) = socket.recv().await {}
}

async fn dial() -> impl IntoResponse {
    let body = json!({"error": "rate limited", "code": "pbx_rate_limited", "params": {"retry_after_secs": "30"}});
    (StatusCode::TOO_MANY_REQUESTS, Json(body))
}

async fn contacts() -> impl IntoResponse {
    let body = json!({"error": "contacts are being re-indexed", "code": "quantum_flux", "params": {"eta": "5"}});
    (StatusCode::CONFLICT, Json(body))
}

/// A relay older than error codes.
async fn reminders() -> impl IntoResponse {
    (StatusCode::BAD_GATEWAY, Json(json!({"error": "the PBX is down"})))
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn anna() -> Value {
    json!({
        "id": 1, "name": "Anna", "extension": "100", "login": "anna", "supervisor": false,
        "pbx_users": {"zadarma": "100", "uis": "323409"}, "team": "north",
    })
}

/// A call as a newer relay might send it: values and fields this version has never seen.
fn future_call(id: i64, seq: u64, disposition: Value) -> Value {
    json!({
        "id": id, "provider": "uis", "provider_call_id": format!("uis-{id}"),
        "direction": "sideways", "state": "on_hold", "disposition": disposition, "missed": false,
        "client_phone": "79991234567", "line": "74951234567", "line_label": null,
        "agent": {"agent_id": 1, "name": "Anna", "extension": null, "login": null, "pbx_user": "323409", "seat": 4},
        "ringing": [], "contact": null, "started_at": now(), "answered_at": null, "ended_at": null,
        "duration_secs": null, "recording": null, "outcome": null, "seq": seq,
        "hold_music": "jazz",
    })
}

/// A call this version knows all about: ringing Anna.
fn ringing_anna(id: i64, seq: u64) -> Value {
    json!({
        "id": id, "provider": "zadarma", "provider_call_id": format!("in-{id}"),
        "direction": "incoming", "state": "ringing", "disposition": null, "missed": false,
        "client_phone": "79035550001", "line": "74951234567", "line_label": null, "agent": null,
        "ringing": [{"agent_id": 1, "name": "Anna", "extension": "100", "login": null}],
        "contact": null, "started_at": now(), "answered_at": null, "ended_at": null,
        "duration_secs": null, "recording": null, "seq": seq,
    })
}

fn event(seq: u64, kind: &str, call: Value) -> Value {
    json!({"type": "event", "epoch": EPOCH, "seq": seq, "kind": kind, "at": now(), "call": call, "trace": "t-1"})
}

fn snapshot(seq: u64, calls: Vec<Value>) -> Value {
    json!({"position": {"epoch": EPOCH, "seq": seq}, "calls": calls, "next_page": null})
}

/// Runs the real link against `base` with a short backoff, so a reconnect would show at once.
fn link(base: RelayUrl, dir: &tempfile::TempDir) -> UnboundedReceiver<Inbound> {
    let api = RelayApi::new(base, "cc_test".into());
    let position = PositionFile::new(dir.path().join("position.json"));
    let tuning = Tuning {
        backoff_base: Duration::from_millis(50),
        backoff_max: Duration::from_millis(200),
        ..Tuning::default()
    };
    let (tx, rx) = unbounded_channel();
    tokio::spawn(connection::run(api, position, tuning, tx));
    rx
}

/// Everything the link hands over until `done` says enough (or 10 s pass).
async fn collect(rx: &mut UnboundedReceiver<Inbound>, done: impl Fn(&[Inbound]) -> bool) -> Vec<Inbound> {
    let mut got = vec![];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !done(&got) {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(inbound)) => got.push(inbound),
            Ok(None) => panic!("the link stopped: {got:#?}"),
            Err(_) => panic!("the link did not deliver everything within 10 s: {got:#?}"),
        }
    }
    got
}

/// Nothing more arrives for a while; in particular the link does not reconnect.
async fn stays_quiet(rx: &mut UnboundedReceiver<Inbound>, fake: &Fake) {
    match tokio::time::timeout(Duration::from_secs(3), rx.recv()).await {
        Err(_) => {}
        Ok(more) => panic!("the link went on with {more:#?}"),
    }
    assert_eq!(fake.sessions.load(Ordering::SeqCst), 1, "the link reconnected");
}

fn event_seqs(got: &[Inbound]) -> Vec<u64> {
    got.iter().filter_map(|i| if let Inbound::Event(e) = i { Some(e.seq) } else { None }).collect()
}

fn snapshot_ids(got: &[Inbound]) -> Vec<Vec<i64>> {
    got.iter()
        .filter_map(
            |i| if let Inbound::Snapshot(calls) = i { Some(calls.iter().map(|c| c.id).collect()) } else { None },
        )
        .collect()
}

/// Feeds what the link delivered to a desk, as the app does; returns every effect.
fn through_desk(desk: &mut Desk, got: Vec<Inbound>) -> Vec<Effect> {
    got.into_iter().flat_map(|inbound| desk.handle(inbound, Utc::now())).collect()
}

fn row(desk: &Desk, call_id: i64) -> Option<CallRow> {
    desk.calls_on(chrono::Local::now().date_naive()).into_iter().find(|r| r.call_id == call_id)
}

fn opened(effects: &[Effect]) -> Vec<i64> {
    effects.iter().filter_map(|e| if let Effect::OpenCard(card) = e { Some(card.call_id) } else { None }).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_relays_values_reach_the_desk_and_the_link_stays_up() {
    let snapshots = vec![snapshot(
        1,
        vec![
            future_call(10, 1, json!("voicemail_box")),
            // Not a call this version can read at all: left out, the rest of the list still counts.
            json!({"id": 99, "shape": "from the future"}),
        ],
    )];
    let frames = vec![
        event(2, "transferred_away", future_call(10, 2, json!("voicemail_box"))),
        json!({"type": "presence", "agents": [1, 2], "since": now()}),
        // An error code this version does not know, on a session the relay keeps open.
        json!({"type": "error", "code": "quantum_flux", "message": "the relay is re-sharding", "params": {"shard": "7"}}),
        event(3, "transferred_away", future_call(10, 3, json!({"future": {"x": 1}}))),
        event(4, "ringing", ringing_anna(12, 4)),
    ];
    let (base, fake) = start(snapshots, frames).await;
    let dir = tempfile::tempdir().unwrap();
    let mut rx = link(base, &dir);

    let got = collect(&mut rx, |got| event_seqs(got).contains(&4)).await;
    // In order: the state changes, the snapshot with the call, connected, then every event.
    let shape: Vec<&str> = got
        .iter()
        .map(|i| match i {
            Inbound::Status(Status::Connecting) => "connecting",
            Inbound::Status(Status::Connected) => "connected",
            Inbound::Status(_) => "other status",
            Inbound::Hello { .. } => "hello",
            Inbound::Snapshot(_) => "snapshot",
            Inbound::Event(_) => "event",
        })
        .collect();
    assert_eq!(shape, ["connecting", "hello", "snapshot", "connected", "event", "event", "event"], "{got:#?}");
    assert_eq!(snapshot_ids(&got), [vec![10]]);
    assert_eq!(event_seqs(&got), [2, 3, 4], "an event was dropped");
    let Inbound::Event(first) = &got[4] else { unreachable!() };
    assert_eq!(first.call.provider, "uis");
    assert_eq!((first.call.direction, first.call.state), (Direction::Unknown, CallState::Unknown));
    assert_eq!(first.call.disposition, Some(Disposition::Unknown("voicemail_box".into())));
    stays_quiet(&mut rx, &fake).await;
    assert_eq!(fake.recent_hits.load(Ordering::SeqCst), 1);

    // The desk lists the call as the relay last described it, and opens no card for a state
    // it does not know; a call it knows still pops its card.
    let mut desk = Desk::default();
    let effects = through_desk(&mut desk, got);
    assert_eq!(opened(&effects), [12]);
    let listed = row(&desk, 10).expect("the call with unknown values is listed");
    assert_eq!((listed.state, listed.direction), (CallState::Unknown, Direction::Unknown));
    assert_eq!(listed.disposition, Some(Disposition::Unknown(r#"{"future":{"x":1}}"#.into())));
    assert_eq!(listed.agent.as_deref(), Some("Anna"));
    assert!(desk.card_view(10).is_none());
    assert!(row(&desk, 99).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_this_version_cannot_read_reloads_the_snapshot() {
    let mut unreadable = ringing_anna(11, 2);
    unreadable["started_at"] = json!("the day after tomorrow");
    let snapshots = vec![snapshot(1, vec![]), snapshot(2, vec![ringing_anna(11, 2)])];
    let frames = vec![event(2, "ringing", unreadable), event(3, "ringing", ringing_anna(12, 3))];
    let (base, fake) = start(snapshots, frames).await;
    let dir = tempfile::tempdir().unwrap();
    let mut rx = link(base, &dir);

    let got = collect(&mut rx, |got| event_seqs(got).contains(&3)).await;
    // The call arrives in the reloaded snapshot; the next event is not held back.
    assert_eq!(snapshot_ids(&got), [vec![], vec![11]], "{got:#?}");
    assert_eq!(event_seqs(&got), [3]);
    assert_eq!(fake.recent_hits.load(Ordering::SeqCst), 2);
    stays_quiet(&mut rx, &fake).await;
    let saved = PositionFile::new(dir.path().join("position.json")).load().unwrap();
    assert_eq!(saved.seq, 3);

    let mut desk = Desk::default();
    let effects = through_desk(&mut desk, got);
    assert_eq!(opened(&effects), [11, 12], "the unreadable event's call still shows its card");
    assert!(row(&desk, 11).is_some());
}

#[tokio::test]
async fn relay_errors_are_worded_from_their_code_or_else_the_relays_sentence() {
    let (base, _fake) = start(vec![snapshot(1, vec![])], vec![]).await;
    let api = RelayApi::new(base, "cc_test".into());

    let limited = api.dial("+79991234567").await.unwrap_err().words();
    assert_eq!(limited.code, WordCode::PbxRateLimited);
    assert_eq!(limited.message, "The PBX is taking too many requests: try again in 30 s.");

    let future = api.search_contacts("ivan").await.unwrap_err().words();
    assert_eq!(future.code, WordCode::RelayRefused);
    assert_eq!(future.message, "The relay refused: contacts are being re-indexed.");

    let old = api.reminders().await.unwrap_err().words();
    assert_eq!(old.code, WordCode::RelayUnavailable);
    assert_eq!(old.message, "The relay could not do it now: the PBX is down.");
}
