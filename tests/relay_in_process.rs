//! Relays started in-process (`server::run` on port 0, with the store and broker the test
//! chooses), for what the binary cannot be made to do: a broker that loses events. Sessions
//! still get every event, in order and once: a gap on arrival sends them to the store, and the
//! position sync catches a lost last event.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use callcard_domain::PublishedEvent;
use callcard_e2e::{Agent, ZADARMA_SECRET};
use callcard_relay::auth::{new_token, token_hash};
use callcard_relay::config::Config;
use callcard_relay::fanout::{Broker, BrokerError, InProcessBroker, LocalHub};
use callcard_relay::providers::Providers;
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

struct InProcessRelay {
    addr: String,
    http: reqwest::Client,
    store: Arc<dyn Store>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    served: tokio::task::JoinHandle<anyhow::Result<()>>,
    _dir: tempfile::TempDir,
}

async fn start(broker: Arc<dyn Broker>) -> InProcessRelay {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.zadarma.api_secret = ZADARMA_SECRET.into();
    config.zadarma.timezone = "UTC".into();
    config.server.data_dir = dir.path().to_path_buf();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&config.database_path()).await.unwrap());
    let providers = Providers::from_config(&config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let deps = Deps { config, store: store.clone(), broker, providers, position_sync: Duration::from_millis(50) };
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
            supervisor,
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
    let anna = relay.agent("Anna", "100", false).await;
    let boss = relay.agent("Boss", "900", true).await;
    let mut anna_live = Agent::connect(&relay.addr, &anna).await.unwrap();
    anna_live.subscribe(None).await.unwrap();
    let mut boss_live = Agent::connect(&relay.addr, &boss).await.unwrap();
    boss_live.subscribe(None).await.unwrap();

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
