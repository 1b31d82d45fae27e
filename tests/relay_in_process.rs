//! Relays started in-process (`server::run` on port 0, with the store, broker and providers the
//! test chooses), for what the binary cannot be made to do: a broker that loses events (sessions
//! still get every event, in order and once: a gap on arrival sends them to the store, and the
//! position sync catches a lost last event), and a provider of the shape UIS and Ringostat have
//! (a secret and the event kind in the path, nested JSON or a query) through the one webhook
//! handler.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use callcard_domain::PublishedEvent;
use callcard_e2e::{Agent, ZADARMA_SECRET};
use callcard_pbx::{
    AgentKey, CallFacts, DedupScope, Form, Inbound, RawRequest, Step, Webhook, WebhookAdapter, WebhookError,
};
use callcard_protocol::{Call, ProviderId, Role};
use callcard_relay::auth::{new_token, token_hash};
use callcard_relay::config::Config;
use callcard_relay::fanout::{Broker, BrokerError, InProcessBroker, LocalHub};
use callcard_relay::providers::{Balance, HookUrls, PbxError, PbxUser, Provider, ProviderApi, Providers};
use callcard_relay::server::{run, Deps};
use callcard_relay::store::{NewAgent, SqliteStore, Store};

/// Loses the events whose position `lose` picks, and fails to publish those `fail` picks.
struct LossyBroker {
    inner: InProcessBroker,
    lose: fn(u64) -> bool,
    fail: fn(u64) -> bool,
    lost: AtomicU64,
}

#[async_trait]
impl Broker for LossyBroker {
    async fn publish(&self, event: Arc<PublishedEvent>) -> Result<(), BrokerError> {
        if (self.fail)(event.seq) {
            return Err(BrokerError(format!("injected failure for {}", event.seq)));
        }
        if (self.lose)(event.seq) {
            self.lost.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.inner.publish(event).await
    }

    fn attach(&self, hub: Arc<LocalHub>) {
        self.inner.attach(hub)
    }
}

/// Delivers every event twice, and holds every fourth back until the next one has gone: what
/// two nodes publishing at once, and a network redelivering, look like to a hub.
struct ShufflingBroker {
    inner: InProcessBroker,
    held: std::sync::Mutex<Option<Arc<PublishedEvent>>>,
}

#[async_trait]
impl Broker for ShufflingBroker {
    async fn publish(&self, event: Arc<PublishedEvent>) -> Result<(), BrokerError> {
        if event.seq % 4 == 1 {
            *self.held.lock().unwrap() = Some(event);
            return Ok(());
        }
        let held = self.held.lock().unwrap().take();
        for e in [Some(event.clone()), Some(event), held.clone(), held].into_iter().flatten() {
            self.inner.publish(e).await?;
        }
        Ok(())
    }

    fn attach(&self, hub: Arc<LocalHub>) {
        self.inner.attach(hub)
    }
}

struct InProcessRelay {
    addr: String,
    http: reqwest::Client,
    store: Arc<dyn Store>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    served: tokio::task::JoinHandle<anyhow::Result<()>>,
    _dir: tempfile::TempDir,
}

async fn start(broker: Arc<dyn Broker>) -> InProcessRelay {
    start_with(broker, None).await
}

async fn start_with(broker: Arc<dyn Broker>, provider: Option<Provider>) -> InProcessRelay {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.providers.zadarma.api_secret = ZADARMA_SECRET.into();
    config.providers.zadarma.timezone = "UTC".into();
    config.server.data_dir = dir.path().to_path_buf();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&config.database_path()).await.unwrap());
    let providers = match provider {
        Some(p) => Providers::new(vec![Arc::new(p)], "").unwrap(),
        None => Providers::from_settings(&config.providers, "").unwrap(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let deps = Deps {
        config,
        store: store.clone(),
        broker,
        providers,
        secrets_key: None,
        position_sync: Duration::from_millis(50),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(run(listener, deps, async {
        let _ = stopped.await;
    }));
    InProcessRelay { addr, http: reqwest::Client::new(), store, stop: Some(stop), served, _dir: dir }
}

impl InProcessRelay {
    async fn agent(&self, name: &str, extension: &str, supervisor: bool) -> String {
        let token = new_token();
        let new = NewAgent {
            name: name.into(),
            pbx_users: [("zadarma".to_string(), extension.to_string())].into(),
            role: if supervisor { Role::Supervisor } else { Role::Agent },
        };
        self.store.add_agent(&new, &token_hash(&token)).await.unwrap();
        token
    }

    /// A signed NOTIFY_INTERNAL: call `n` rings `extension`.
    async fn ring(&self, n: u32, extension: &str) {
        let call = format!("in_{n}");
        let fields = [
            ("event", "NOTIFY_INTERNAL"),
            ("call_start", "2026-12-01 10:00:00"),
            ("pbx_call_id", call.as_str()),
            ("caller_id", "79991234567"),
            ("called_did", "74951234567"),
            ("internal", extension),
        ];
        let signed = "79991234567749512345672026-12-01 10:00:00";
        let resp = self
            .http
            .post(format!("http://{}/hooks/zadarma", self.addr))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("Signature", callcard_e2e::webhook_signature(ZADARMA_SECRET, signed))
            .body(serde_urlencoded::to_string(fields).unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
    }

    /// Anna (agent, extension 100) and Boss (supervisor), both subscribed.
    async fn anna_and_boss(&self) -> (Agent, Agent) {
        let mut live = vec![];
        for (name, extension, supervisor) in [("Anna", "100", false), ("Boss", "900", true)] {
            let token = self.agent(name, extension, supervisor).await;
            let mut agent = Agent::connect(&self.addr, &token).await.unwrap();
            agent.subscribe(None).await.unwrap();
            live.push(agent);
        }
        let boss = live.pop().unwrap();
        (live.pop().unwrap(), boss)
    }

    async fn health(&self) -> serde_json::Value {
        self.http.get(format!("http://{}/healthz", self.addr)).send().await.unwrap().json().await.unwrap()
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.served.await.unwrap().unwrap();
    }
}

#[tokio::test]
async fn sessions_get_every_event_though_the_broker_loses_some() {
    // Every third event is lost on the way, the last one among them.
    let broker = Arc::new(LossyBroker {
        inner: InProcessBroker::default(),
        lose: |seq| seq % 3 == 0,
        fail: |_| false,
        lost: AtomicU64::new(0),
    });
    let relay = start(broker.clone()).await;
    let (mut anna_live, mut boss_live) = relay.anna_and_boss().await;

    // 12 events: Anna's calls and calls of an extension nobody has (supervisor only).
    for n in 1..=12 {
        relay.ring(n, if n % 2 == 0 { "100" } else { "555" }).await;
    }
    let boss_seqs: Vec<u64> = boss_live.events(12).await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(boss_seqs, (1..=12).collect::<Vec<_>>(), "in order, once, nothing missing");
    let anna_seqs: Vec<u64> = anna_live.events(6).await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(anna_seqs, [2, 4, 6, 8, 10, 12], "her events only, the lost ones too");
    boss_live.expect_silence(Duration::from_millis(300)).await.unwrap();
    assert_eq!(broker.lost.load(Ordering::Relaxed), 4, "the broker really lost 3, 6, 9, 12");
    let health = relay.health().await;
    assert!(health["fanout_repairs"].as_u64().unwrap() >= 1, "{health}");
    relay.stop().await;
}

#[tokio::test]
async fn sessions_get_each_event_once_and_in_order_though_the_broker_repeats_and_reorders() {
    let broker = Arc::new(ShufflingBroker { inner: InProcessBroker::default(), held: Default::default() });
    let relay = start(broker).await;
    let (mut anna_live, mut boss_live) = relay.anna_and_boss().await;
    // Event 9 is held back last of all: only the position sync can see it is missing.
    for n in 1..=9 {
        relay.ring(n, if n % 3 == 0 { "100" } else { "555" }).await;
    }
    let boss_seqs: Vec<u64> = boss_live.events(9).await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(boss_seqs, (1..=9).collect::<Vec<_>>(), "in order, once, nothing missing");
    let anna_seqs: Vec<u64> = anna_live.events(3).await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(anna_seqs, [3, 6, 9], "her events only");
    boss_live.expect_silence(Duration::from_millis(300)).await.unwrap();
    anna_live.expect_silence(Duration::from_millis(100)).await.unwrap();
    relay.stop().await;
}

#[tokio::test]
async fn a_broker_that_fails_to_publish_is_counted_and_repaired_from_the_store() {
    let broker = Arc::new(LossyBroker {
        inner: InProcessBroker::default(),
        lose: |_| false,
        fail: |seq| seq >= 2,
        lost: AtomicU64::new(0),
    });
    let relay = start(broker).await;
    let boss = relay.agent("Boss", "900", true).await;
    let mut live = Agent::connect(&relay.addr, &boss).await.unwrap();
    live.subscribe(None).await.unwrap();
    // From the second event on nothing goes through the broker: the position sync notices the
    // store's head moving on and sends the session to the store.
    for n in 1..=3 {
        relay.ring(n, "555").await;
    }
    let seqs: Vec<u64> = live.events(3).await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3], "a failed publish still reaches live sessions");
    live.expect_silence(Duration::from_millis(300)).await.unwrap();
    assert_eq!(relay.health().await["publish_failures"], 2);
    relay.stop().await;
}

/// A provider shaped like UIS and Ringostat: `/hooks/pathpbx/<secret>/<event>`, the call id in a
/// nested JSON object (POST) or in the query (GET), the employees rung as an array.
struct PathHooks {
    id: ProviderId,
}

const EVENTS: [&str; 2] = ["ringing", "ended"];

impl WebhookAdapter for PathHooks {
    fn provider(&self) -> &ProviderId {
        &self.id
    }

    fn receive(&self, request: &RawRequest) -> Result<Inbound, WebhookError> {
        let [secret, event] = request.path else { return Err(WebhookError::UnknownPath { known: EVENTS.to_vec() }) };
        if secret != "s3cret" {
            return Err(WebhookError::Unauthorized("wrong URL secret".into()));
        }
        let step = match event.as_str() {
            "ringing" => Step::Ringing,
            "ended" => Step::Ended,
            _ => return Err(WebhookError::UnknownPath { known: EVENTS.to_vec() }),
        };
        let (call, employees, raw) = match request.method {
            "GET" => {
                let query = Form::from_query(request.query).map_err(|e| WebhookError::Malformed(e.to_string()))?;
                (query.get("call_id").map(str::to_string), vec![], request.query.to_string())
            }
            _ => {
                let body: serde_json::Value =
                    serde_json::from_slice(request.body).map_err(|e| WebhookError::Malformed(e.to_string()))?;
                let call = body["call"]["id"].as_u64().map(|id| id.to_string());
                let employees = body["employee_ids"]
                    .as_array()
                    .map(|ids| ids.iter().filter_map(|i| i.as_u64()).map(|i| i.to_string()).collect())
                    .unwrap_or_default();
                (call, employees, body.to_string())
            }
        };
        let facts = call.map(|call| {
            let mut f = CallFacts::new(self.id.clone(), call, step);
            f.direction = Some(callcard_protocol::Direction::Incoming);
            f.agent = (!employees.is_empty()).then(|| AgentKey {
                other: employees.first().cloned(),
                ids: employees.clone(),
                ..Default::default()
            });
            f
        });
        let fields = Form::from_pairs([("event", event.as_str()), ("raw", raw.as_str())]);
        Ok(Inbound::Webhook(Webhook {
            provider: self.id.clone(),
            event: event.clone(),
            problems: if facts.is_none() { vec!["no call id".into()] } else { vec![] },
            facts,
            lookup: None,
            dedup_scope: DedupScope::Everything,
            content_key: fields.content_key(self.id.as_str()),
            stored_fields: fields.stored_json(&[]),
        }))
    }
}

/// The test provider has no API.
struct NoApi;

#[async_trait]
impl ProviderApi for NoApi {
    fn can_dial(&self) -> bool {
        false
    }
    async fn dial(&self, _: &str, _: &str) -> Result<(), PbxError> {
        Err(PbxError::NotConfigured("dialling"))
    }
    async fn recording(&self, _: &Call, _: Option<&[u8]>) -> Result<reqwest::Response, PbxError> {
        Err(PbxError::NotConfigured("recordings"))
    }
    async fn balance(&self) -> Result<Balance, PbxError> {
        Err(PbxError::NotConfigured("balance"))
    }
    async fn users(&self) -> Result<Vec<PbxUser>, PbxError> {
        Err(PbxError::NotConfigured("users"))
    }
}

#[tokio::test]
async fn a_provider_with_its_secret_and_event_in_the_path_goes_through_the_one_webhook_handler() {
    let provider = Provider {
        id: ProviderId::new("pathpbx"),
        webhooks: Box::new(PathHooks { id: ProviderId::new("pathpbx") }),
        api: Box::new(NoApi),
        missed_after: None,
        hooks: HookUrls { events: &["ring"], verified: true },
        sources: Default::default(),
    };
    let relay = start_with(Arc::new(InProcessBroker::default()), Some(provider)).await;
    // Employee 42 on this PBX; extension 42 on Zadarma is somebody else.
    let token = new_token();
    let new = NewAgent {
        name: "Olena".into(),
        pbx_users: [("pathpbx".to_string(), "42".to_string())].into(),
        role: Role::Agent,
    };
    relay.store.add_agent(&new, &token_hash(&token)).await.unwrap();
    relay.agent("Zed", "42", false).await;
    let mut olena = Agent::connect(&relay.addr, &token).await.unwrap();
    olena.subscribe(None).await.unwrap();

    let hook = |path: &str| format!("http://{}/hooks/pathpbx/{path}", relay.addr);
    let body = serde_json::json!({"call": {"id": 7}, "employee_ids": [41, 42], "extra": {"kept": true}});
    let r = relay.http.post(hook("s3cret/ringing")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let e = olena.next_event().await.unwrap();
    assert_eq!((e.call.provider.as_str(), e.call.provider_call_id.as_str()), ("pathpbx", "7"));
    // The employee ids are matched in order against this provider's users only: 41 is nobody,
    // 42 is Olena (and not Zed, whose Zadarma extension is 42).
    assert_eq!(e.call.ringing.iter().map(|a| a.name.as_deref()).collect::<Vec<_>>(), [Some("Olena")]);
    // GET with the query, the event kind from the path.
    let r = relay.http.get(hook("s3cret/ended?call_id=7")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(olena.next_event().await.unwrap().call.state, callcard_protocol::CallState::Ended);

    let r = relay.http.post(hook("wrong/ringing")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = relay.http.post(hook("s3cret/transferred")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let refusal: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        (refusal["code"].as_str(), refusal["params"]["known"].as_str()),
        (Some("unknown_webhook"), Some("ringing,ended"))
    );
    // Verified but without a call id: stored, flagged, answered.
    let r = relay.http.post(hook("s3cret/ringing")).json(&serde_json::json!({"call": {}})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(relay.health().await["flagged_webhooks"], 1);
    olena.expect_silence(Duration::from_millis(300)).await.unwrap();
    relay.stop().await;
}

#[tokio::test]
async fn a_client_resuming_from_a_pruned_position_is_told_to_reload() {
    use callcard_protocol::{Position, ServerMessage};
    let relay = start(Arc::new(InProcessBroker::default())).await;
    let boss = relay.agent("Boss", "900", true).await;
    for n in 1..=3 {
        relay.ring(n, "100").await;
    }
    let epoch = relay.health().await["epoch"].as_str().unwrap().to_string();
    // A horizon past everything: all but the newest event go.
    let pruned = relay.store.prune(Some(chrono::Utc::now() + chrono::Duration::hours(1)), None).await.unwrap();
    assert_eq!(pruned.events, 2);
    let resume = |seq: u64| Some(Position { epoch: epoch.clone(), seq });
    // From 1, event 2 is gone: a hole, so reload.
    let mut app = Agent::connect(&relay.addr, &boss).await.unwrap();
    let answer = app.subscribe(resume(1)).await.unwrap();
    assert!(matches!(answer, ServerMessage::ResyncRequired { .. }), "{answer:?}");
    // From 2, every later event is still there: resumed, and 3 comes.
    let mut app = Agent::connect(&relay.addr, &boss).await.unwrap();
    let answer = app.subscribe(resume(2)).await.unwrap();
    assert!(matches!(answer, ServerMessage::Subscribed { from_seq: 2, .. }), "{answer:?}");
    assert_eq!(app.next_event().await.unwrap().seq, 3);
    relay.stop().await;
}
