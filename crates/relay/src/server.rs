//! Running the relay: `run` serves on a listener the caller bound, with the store, broker and
//! providers the caller chose, until the caller's shutdown future completes (mini-redis style),
//! so tests start relays in-process on any backend. `serve` is the binary's wiring of the
//! defaults: SQLite in the data directory, the in-process broker, the configured providers.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::serve::ListenerExt;
use callcard_protocol::ProviderId;
use tokio::net::TcpListener;

use crate::admin::secrets::{LiveProviders, SecretsKey};
use crate::admin::LiveSettings;
use crate::config::Config;
use crate::fanout::{self, Broker, InProcessBroker, LocalHub, NatsBroker};
use crate::http::{router, AppState};
use crate::ingest::Ingestor;
use crate::providers::{PbxError, Providers};
use crate::store::{SqliteStore, Store};

/// How soon a setting changed elsewhere (another node, the command line) is followed.
const SETTINGS_REFRESH: Duration = Duration::from_secs(1);

/// Events a session may have queued before it must catch up from the store.
const SESSION_QUEUE: usize = 1024;

/// What a relay runs on.
pub struct Deps {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub broker: Arc<dyn Broker>,
    pub providers: Providers,
    /// Seals the PBX keys entered in the console; `None`: the console cannot set them, and the
    /// providers stay as given.
    pub secrets_key: Option<SecretsKey>,
    /// How often the hub checks the store's head for events the broker lost.
    pub position_sync: Duration,
}

impl Deps {
    /// The binary's defaults for `config`: its SQLite store, the broker `[broker] url` names (the
    /// in-process one without), its providers.
    pub async fn from_config(config: Config) -> anyhow::Result<Deps> {
        let store = open_store(&config).await?;
        let providers = Providers::from_settings(&config.providers, &config.dial.provider)?;
        let secrets_key = Some(SecretsKey::load_or_create(&config.server.data_dir)?);
        let broker: Arc<dyn Broker> = match config.broker.nats().map_err(anyhow::Error::msg)? {
            Some(url) => Arc::new(NatsBroker::connect(url, store.epoch()).await?),
            None => Arc::new(InProcessBroker::default()),
        };
        Ok(Deps { config, store, broker, providers, secrets_key, position_sync: Duration::from_secs(2) })
    }
}

pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let dir = &config.server.data_dir;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create data directory {}", dir.display()))?;
    let path = config.database_path();
    let store = SqliteStore::open(&path).await.with_context(|| format!("cannot open database {}", path.display()))?;
    Ok(Arc::new(store))
}

/// Serves HTTP on `listener` until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    deps: Deps,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let Deps { config, store, broker, providers, secrets_key, position_sync } = deps;
    let providers = LiveProviders::new(providers, secrets_key, config.providers.clone(), config.dial.provider.clone());
    providers.reload(&*store).await?;
    crate::default_outcomes::word(&*store, &config.ui.language).await?;
    let hub = Arc::new(LocalHub::new(SESSION_QUEUE, store.head_seq().await?));
    broker.attach(hub.clone());
    let ingestor = Ingestor::spawn(store.clone(), broker.clone());
    let settings = LiveSettings::load(&*store, &config).await?;
    let mut tasks = vec![
        fanout::sync::spawn(store.clone(), hub.clone(), position_sync),
        settings.clone().spawn_refresh(store.clone(), SETTINGS_REFRESH),
    ];
    for provider in providers.get().iter() {
        if let Some(quiet) = provider.missed_after {
            tasks.push(crate::missed::spawn(
                store.clone(),
                ingestor.clone(),
                settings.clone(),
                provider.id.clone(),
                quiet,
            ));
        }
        tasks.push(spawn_upkeep(providers.clone(), provider.id.clone()));
    }
    tasks.push(providers.clone().spawn_refresh(store.clone(), SETTINGS_REFRESH));
    if config.history.keep_days > 0 || config.history.keep_calls_days > 0 {
        tasks.push(crate::retention::spawn(store.clone(), config.history.clone()));
    }
    tracing::info!(data_dir = %config.server.data_dir.display(), epoch = store.epoch(), "starting relay");
    // Events are small frames sent back to back: without NODELAY, Nagle holds each one until the
    // client's delayed ACK (40 ms on Linux), which was the delivery p99 in BENCHMARKS.md.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
    });
    let trusted_proxies = config.trusted_proxies().map_err(anyhow::Error::msg)?;
    let state = Arc::new(AppState { config, store, hub, broker, ingestor, providers, settings, trusted_proxies });
    if let Some(addr) = state.config.metrics.address().map_err(anyhow::Error::msg)? {
        tasks.push(serve_metrics(addr, state.clone()).await?);
    }
    // The peer's address goes with each request: webhooks' `allow_from` checks it.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown).await.context("server failed");
    tasks.iter().for_each(tokio::task::JoinHandle::abort);
    tracing::info!("stopped");
    served
}

/// How often providers refresh what they cache (UIS employees' numbers), and how soon they
/// try again when the PBX could not be asked (it may start after the relay).
/// `/metrics` on its own address (never beside the webhooks).
async fn serve_metrics(
    addr: std::net::SocketAddr,
    state: Arc<AppState>,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    crate::metrics::install();
    let listener = TcpListener::bind(addr).await.with_context(|| format!("cannot listen for metrics on {addr}"))?;
    tracing::info!(addr = %listener.local_addr()?, "metrics at /metrics");
    Ok(tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, crate::metrics::router(state)).await {
            tracing::error!(error = %e, "the metrics listener failed");
        }
    }))
}

const UPKEEP_EVERY: Duration = Duration::from_secs(600);
const UPKEEP_RETRY: Duration = Duration::from_secs(20);

/// Keeps `id` up to date, whichever build of it is current (keys set in the console rebuild it).
fn spawn_upkeep(providers: Arc<LiveProviders>, id: ProviderId) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut failures = 0u32;
        loop {
            let Some(provider) = providers.get().get(id.as_str()).cloned() else { return };
            let wait = match provider.api.upkeep().await {
                Ok(()) => {
                    failures = 0;
                    UPKEEP_EVERY
                }
                // Wrong credentials will not right themselves in 20 s (and a login every 20 s
                // may lock the account): the usual interval.
                Err(e @ PbxError::Refused(_)) => {
                    tracing::warn!(provider = %provider.id, error = %e, "the PBX refused the relay's refresh");
                    UPKEEP_EVERY
                }
                Err(e) => {
                    failures += 1;
                    // Said once loudly; a PBX that stays away is not news every 20 s.
                    if failures == 1 {
                        tracing::warn!(provider = %provider.id, error = %e, "could not refresh what the relay caches from the PBX; trying again");
                    } else {
                        tracing::debug!(provider = %provider.id, error = %e, failures, "PBX still not answering the refresh");
                    }
                    UPKEEP_RETRY
                }
            };
            tokio::time::sleep(wait).await;
        }
    })
}

/// `callcard-relay serve`.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    // Every agent holds a socket: take all the file descriptors the system allows this process.
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!(limit, "open file limit"),
        Err(e) => tracing::warn!(error = %e, "could not raise the open file limit"),
    }
    let listen = config.server.listen;
    // Held while the relay runs: `restore` refuses to swap the database under it.
    let _lock = crate::retention::lock_data_dir(&config.server.data_dir)?;
    let deps = Deps::from_config(config).await?;
    let listener = TcpListener::bind(listen).await.with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    // Scripts and tests read this line to learn the port (useful with --listen 127.0.0.1:0).
    println!("callcard-relay listening on http://{addr}");
    tracing::info!(%addr, "listening");
    run(listener, deps, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("signal handler");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    tracing::info!("shutting down");
}
