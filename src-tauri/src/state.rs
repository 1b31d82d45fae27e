//! The running app's state (managed by Tauri) and the loop that turns the relay link's output
//! into window, tray and notification effects.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use std::sync::Arc;

use callcard_app_core::connection::{self, Inbound, Status, Tuning};
use callcard_app_core::desk::{Desk, Effect, Overview};
use callcard_app_core::dialing::DialerState;
use callcard_app_core::outbox::Outbox;
use callcard_app_core::player::Player;
use callcard_app_core::position::PositionFile;
use callcard_app_core::relay_api::{RelayApi, RelayUrl};
use callcard_app_core::secrets::TokenStore;
use callcard_app_core::settings::{Settings, SettingsFile};
use callcard_protocol::{CallId, CallState, OutcomeOption};
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};
use tokio::sync::Notify;

pub const MAIN_WINDOW: &str = "main";

pub struct Shell {
    desk: Mutex<Desk>,
    settings: Mutex<Settings>,
    settings_file: SettingsFile,
    tokens: TokenStore,
    position_path: PathBuf,
    link: Mutex<Option<JoinHandle<()>>>,
    api: Mutex<Option<RelayApi>>,
    notice: Mutex<Option<String>>,
    /// Whether the keyring held a token when the link last started (the overview is refreshed on
    /// every event: it must not ask the keyring each time).
    token_saved: Mutex<bool>,
    /// Wrap-up cards with a close timer running.
    closing: Mutex<HashSet<CallId>>,
    outbox: Outbox,
    player: Player,
    /// Downloaded recordings live here.
    cache_dir: PathBuf,
    /// The outcome list as last loaded, so cards offer it offline too.
    outcomes_path: PathBuf,
    /// Asks the sync loop for a round (see `sync`).
    nudge: Arc<Notify>,
    sync: Mutex<Option<JoinHandle<()>>>,
    dialer: Mutex<DialerState>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the whole app down with a poisoned lock.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shell {
    pub fn open(app: &AppHandle) -> Result<Shell, Box<dyn std::error::Error>> {
        let config_dir = app.path().app_config_dir()?;
        let data_dir = app.path().app_local_data_dir()?;
        let settings_file = SettingsFile::in_dir(&config_dir);
        let (mut settings, mut notice) = settings_file.load();
        let tokens = TokenStore::new("default");

        // Provisioning by an admin or the demo script: take the relay URL and token from the
        // environment once, store them the normal way (settings file, keyring).
        if let Ok(url) = std::env::var("CALLCARD_RELAY_URL") {
            settings.relay_url = Some(url);
            if let Err(e) = settings_file.save(&settings) {
                notice = Some(format!("cannot save settings: {e}"));
            }
        }
        if let Ok(token) = std::env::var("CALLCARD_TOKEN") {
            if let Err(e) = tokens.save(token.trim()) {
                notice = Some(e.to_string());
            }
        }
        let (outbox, outbox_notice) = Outbox::open(data_dir.join("outbox.json"));
        notice = notice.or(outbox_notice);
        let outcomes_path = data_dir.join("outcomes.json");
        let mut desk = Desk::default();
        let cached_outcomes: Vec<OutcomeOption> =
            std::fs::read(&outcomes_path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        let _ = desk.set_outcome_options(cached_outcomes);
        let _ = desk.set_pending(outbox.pending());
        Ok(Shell {
            outbox,
            player: Player::new(),
            cache_dir: app.path().app_cache_dir()?,
            outcomes_path,
            nudge: Arc::new(Notify::new()),
            sync: Mutex::new(None),
            dialer: Mutex::new(DialerState::default()),
            desk: Mutex::new(desk),
            settings: Mutex::new(settings),
            settings_file,
            tokens,
            position_path: data_dir.join("position.json"),
            link: Mutex::new(None),
            api: Mutex::new(None),
            notice: Mutex::new(notice),
            token_saved: Mutex::new(false),
            closing: Mutex::new(HashSet::new()),
        })
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    pub fn tokens(&self) -> &TokenStore {
        &self.tokens
    }

    pub fn api(&self) -> Option<RelayApi> {
        lock(&self.api).clone()
    }

    pub fn desk(&self) -> MutexGuard<'_, Desk> {
        lock(&self.desk)
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    pub fn player(&self) -> &Player {
        &self.player
    }

    pub fn cache_dir(&self) -> &std::path::Path {
        &self.cache_dir
    }

    pub fn dialer_state(&self) -> MutexGuard<'_, DialerState> {
        lock(&self.dialer)
    }

    pub fn is_connected(&self) -> bool {
        *self.desk().status() == Status::Connected
    }

    /// Asks for a sync round (outbox delivery, lists) as soon as possible.
    pub fn nudge_sync(&self) {
        self.nudge.notify_one();
    }

    pub fn save_outcome_options(&self, options: &[OutcomeOption]) {
        let bytes = serde_json::to_vec(options).expect("outcomes serialise");
        if let Some(dir) = self.outcomes_path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = std::fs::write(&self.outcomes_path, bytes) {
            tracing::warn!(error = %e, "cannot cache the outcome list");
        }
    }

    pub fn set_notice(&self, notice: Option<String>) {
        *lock(&self.notice) = notice;
    }

    pub fn save_settings(&self, settings: Settings) -> std::io::Result<()> {
        self.settings_file.save(&settings)?;
        *lock(&self.settings) = settings;
        Ok(())
    }

    pub fn overview(&self) -> Overview {
        let token_saved = *lock(&self.token_saved);
        let desk = self.desk();
        Overview {
            status: desk.status().clone(),
            agent: desk.agent().cloned(),
            settings: self.settings(),
            token_saved,
            calls: desk.calls_on(chrono::Local::now().date_naive()),
            to_log: desk.to_log(),
            reminders: desk.reminders().to_vec(),
            outcomes: desk.outcome_options().to_vec(),
            notice: lock(&self.notice).clone(),
        }
    }

    /// (Re)starts the relay link with the saved URL and token.
    pub fn start_link(app: &AppHandle) {
        let shell = app.state::<Shell>();
        if let Some(old) = lock(&shell.link).take() {
            old.abort();
        }
        if let Some(old) = lock(&shell.sync).take() {
            old.abort();
        }
        let url = shell.settings().relay_url;
        let token = match shell.tokens.load() {
            Ok(t) => t,
            Err(e) => {
                shell.set_notice(Some(e.to_string()));
                None
            }
        };
        *lock(&shell.token_saved) = token.is_some();
        let (Some(url), Some(token)) = (url, token) else {
            *lock(&shell.api) = None;
            let effects = shell.desk().set_status(Status::NotConfigured);
            apply(app, effects);
            return;
        };
        let base = match RelayUrl::parse(&url) {
            Ok(b) => b,
            Err(e) => {
                shell.set_notice(Some(e.to_string()));
                let effects = shell.desk().set_status(Status::NotConfigured);
                apply(app, effects);
                return;
            }
        };
        let api = RelayApi::new(base, token);
        *lock(&shell.api) = Some(api.clone());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let position = PositionFile::new(shell.position_path.clone());
        let tuning = tuning_from_env();
        *lock(&shell.sync) = Some(crate::sync::spawn(app.clone(), api.clone(), shell.nudge.clone()));
        let app_for_loop = app.clone();
        let handle = tauri::async_runtime::spawn(async move {
            let link = tauri::async_runtime::spawn(connection::run(api, position, tuning, tx));
            while let Some(inbound) = rx.recv().await {
                // Connected, or a call ended: time to deliver queued outcomes and refresh lists.
                let sync_now = match &inbound {
                    Inbound::Status(Status::Connected) => true,
                    Inbound::Event(event) => event.call.state == CallState::Ended,
                    _ => false,
                };
                let effects = {
                    let shell = app_for_loop.state::<Shell>();
                    let mut desk = shell.desk();
                    desk.handle(inbound, chrono::Utc::now())
                };
                apply(&app_for_loop, effects);
                if sync_now {
                    app_for_loop.state::<Shell>().nudge_sync();
                }
            }
            link.abort();
        });
        *lock(&shell.link) = Some(handle);
    }
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

/// Carries out what the desk decided.
pub fn apply(app: &AppHandle, effects: Vec<Effect>) {
    let mut overview_changed = false;
    for effect in effects {
        match effect {
            Effect::OpenCard(view) => crate::cards::open(app, &view),
            Effect::UpdateCard(view) => crate::cards::update(app, &view),
            Effect::CloseCard(id) => {
                lock(&app.state::<Shell>().closing).remove(&id);
                crate::cards::close(app, id);
            }
            Effect::ScheduleDismiss(id) => schedule_dismiss(app, id),
            Effect::NotifyMissed(row) => crate::notify::missed_call(app, &row),
            Effect::StatusChanged(status) => {
                crate::tray::show_status(app, &status);
                overview_changed = true;
            }
            Effect::CallsChanged => overview_changed = true,
        }
    }
    if overview_changed {
        let _ = app.emit_to(MAIN_WINDOW, "overview-changed", ());
    }
}

/// Sends every change of the recording player to all windows as `player-changed`, so the player
/// bars need no polling. At most five updates a second: the position moves continuously.
pub fn forward_player(app: &AppHandle) {
    let mut changes = app.state::<Shell>().player().subscribe();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        while changes.changed().await.is_ok() {
            let view = changes.borrow_and_update().clone();
            let _ = app.emit("player-changed", view);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
}

fn schedule_dismiss(app: &AppHandle, id: CallId) {
    let shell = app.state::<Shell>();
    if !lock(&shell.closing).insert(id) {
        return;
    }
    let delay = Duration::from_secs(shell.settings().wrap_up_close_secs.max(1) as u64);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(delay).await;
        let shell = app.state::<Shell>();
        if lock(&shell.closing).remove(&id) {
            let effects = shell.desk().dismiss(id);
            apply(&app, effects);
        }
    });
}

/// The main window is built when first shown (not at all for a start hidden to the tray) and
/// destroyed after a spell hidden (`release`); its page reads the overview when it loads.
pub fn create_main_window(app: &AppHandle) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, MAIN_WINDOW, WebviewUrl::App("index.html".into()))
        .title("Callcard")
        .inner_size(820.0, 600.0)
        .min_inner_size(480.0, 360.0)
        .build()?;
    Ok(())
}

pub fn show_main(app: &AppHandle) {
    crate::release::MAIN.cancel();
    match app.get_webview_window(MAIN_WINDOW) {
        Some(window) => {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
        None => {
            if let Err(e) = create_main_window(app) {
                tracing::error!(error = %e, "cannot open the main window");
            }
        }
    }
}

/// Closing the main window hides it to the tray; after a while hidden it is released.
pub fn hide_main(app: &AppHandle) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else { return };
    let _ = window.hide();
    crate::release::MAIN.start(app, crate::release::hidden_delay(), |app| {
        if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
            if !window.is_visible().unwrap_or(true) {
                tracing::debug!("released the hidden main window");
                let _ = window.destroy();
            }
        }
    });
}
