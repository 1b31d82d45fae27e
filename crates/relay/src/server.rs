//! `callcard-relay serve`: open the store, start the writer, serve HTTP until told to stop.

use std::sync::Arc;

use anyhow::Context;
use axum::serve::ListenerExt;
use callcard_pbx::zadarma;
use tokio::net::TcpListener;

use crate::config::{redact, Config};
use crate::http::{router, AppState};
use crate::hub::LocalHub;
use crate::ingest::Ingestor;
use crate::pbx_api::{PbxApis, Recordings};
use crate::store::{SqliteStore, Store};

pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let dir = &config.server.data_dir;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create data directory {}", dir.display()))?;
    let path = config.database_path();
    let store = SqliteStore::open(&path).await.with_context(|| format!("cannot open database {}", path.display()))?;
    Ok(Arc::new(store))
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    // Every agent holds a socket: take all the file descriptors the system allows this process.
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!(limit, "open file limit"),
        Err(e) => tracing::warn!(error = %e, "could not raise the open file limit"),
    }
    let store = open_store(&config).await?;
    let hub = Arc::new(LocalHub::new(1024));
    let ingestor = Ingestor::spawn(store.clone(), hub.clone());
    let zadarma = zadarma::WebhookConfig {
        secret: Some(config.zadarma.api_secret.clone()).filter(|s| !s.is_empty()),
        accept_raw_signature: config.zadarma.accept_raw_signature,
        timezone: config.zadarma_timezone()?,
    };
    tracing::info!(
        data_dir = %config.server.data_dir.display(),
        epoch = store.epoch(),
        zadarma_secret = redact(&config.zadarma.api_secret),
        itoolabs_crm_token = redact(&config.itoolabs.crm_token),
        "starting relay"
    );
    if zadarma.secret.is_none() {
        tracing::warn!("[zadarma] api_secret is not set: Zadarma webhooks are accepted unsigned");
    }
    if config.itoolabs.crm_token.is_empty() {
        tracing::warn!("[itoolabs] crm_token is not set: ITooLabs webhooks are refused");
    }
    let listener = TcpListener::bind(config.server.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.server.listen))?;
    let addr = listener.local_addr()?;
    // Events are small frames sent back to back: without NODELAY, Nagle holds each one until the
    // client's delayed ACK (40 ms on Linux), which was the delivery p99 in BENCHMARKS.md.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
    });
    let pbx = PbxApis::from_config(&config);
    let state = Arc::new(AppState { config, store, hub, ingestor, zadarma, pbx, recordings: Recordings::default() });
    // Scripts and tests read this line to learn the port (useful with --listen 127.0.0.1:0).
    println!("callcard-relay listening on http://{addr}");
    tracing::info!(%addr, "listening");
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown_signal()).await.context("server failed")?;
    tracing::info!("stopped");
    Ok(())
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
