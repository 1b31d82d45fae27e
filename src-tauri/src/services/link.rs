//! The relay link's lifecycle: (re)started with the saved URL and token, its output handed to
//! the desk, the desk's effects to the windows, and a sync round asked for when it is due.

use std::time::Duration;

use callcard_app_core::connection::{self, Inbound, Status, Tuning};
use callcard_app_core::position::PositionFile;
use callcard_app_core::relay_api::{RelayApi, RelayUrl};
use callcard_protocol::CallState;
use tauri::AppHandle;

use crate::services::sync;
use crate::{effects, state};

/// (Re)starts the relay link with the saved URL and token.
pub fn start(app: &AppHandle) {
    let state = state::of(app);
    let (old_link, old_sync) = state.with(|s| (s.link.take(), s.sync.take()));
    old_link.into_iter().chain(old_sync).for_each(|task| task.abort());
    let url = state.settings().relay_url;
    let token = match state.tokens.load() {
        Ok(t) => t,
        Err(e) => {
            state.set_notice(Some(e.words()));
            None
        }
    };
    state.with(|s| s.token_saved = token.is_some());
    let (Some(url), Some(token)) = (url, token) else {
        let effects = state.with(|s| {
            s.api = None;
            s.desk.set_status(Status::NotConfigured)
        });
        effects::apply(app, effects);
        return;
    };
    let base = match RelayUrl::parse(&url) {
        Ok(b) => b,
        Err(e) => {
            let effects = state.with(|s| {
                s.notice = Some(e.words());
                s.desk.set_status(Status::NotConfigured)
            });
            effects::apply(app, effects);
            return;
        }
    };
    let api = RelayApi::new(base, token);
    state.with(|s| s.api = Some(api.clone()));
    let sync = sync::spawn(app.clone(), api.clone(), state.nudge.clone());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let position = PositionFile::new(state.position_path.clone());
    let tuning = tuning_from_env();
    let app = app.clone();
    let link = tauri::async_runtime::spawn(async move {
        let link = tauri::async_runtime::spawn(connection::run(api, position, tuning, tx));
        while let Some(inbound) = rx.recv().await {
            // Connected, or a call ended: time to deliver queued outcomes and refresh lists.
            let sync_now = match &inbound {
                Inbound::Status(Status::Connected) => true,
                Inbound::Event(event) => event.call.state == CallState::Ended,
                _ => false,
            };
            let state = state::of(&app);
            let effects = state.with(|s| s.desk.handle(inbound, chrono::Utc::now()));
            effects::apply(&app, effects);
            if sync_now {
                state.nudge_sync();
            }
        }
        link.abort();
    });
    state.with(|s| {
        s.link = Some(link);
        s.sync = Some(sync);
    });
}

/// Heartbeat and backoff can be tightened for tests (`CALLCARD_STALE_SECS`, `CALLCARD_BACKOFF_MAX_MS`).
fn tuning_from_env() -> Tuning {
    let mut tuning = Tuning::default();
    if let Some(secs) = std::env::var("CALLCARD_STALE_SECS").ok().and_then(|s| s.parse().ok()) {
        tuning.stale_after = Duration::from_secs(secs);
        tuning.ping_every = Duration::from_secs((secs / 3).max(1));
    }
    if let Some(ms) = std::env::var("CALLCARD_BACKOFF_MAX_MS").ok().and_then(|s| s.parse().ok()) {
        tuning.backoff_max = Duration::from_millis(ms);
        tuning.backoff_base = tuning.backoff_base.min(tuning.backoff_max);
    }
    tuning
}
