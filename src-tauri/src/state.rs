//! The running app's one state, managed by Tauri: what changes lives behind a single lock
//! ([`AppState::with`]), what is fixed for the app's life (files, the keyring slot, the outbox
//! and the player, which guard themselves) beside it. `with` takes a closure, so the lock can
//! neither be held across an `.await` nor while a window is being talked to: callers take the
//! effects out of the closure and hand them to `effects::apply` after it returns.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use callcard_app_core::connection::Status;
use callcard_app_core::desk::{Desk, Overview};
use callcard_app_core::dialing::DialerState;
use callcard_app_core::outbox::Outbox;
use callcard_app_core::player::Player;
use callcard_app_core::relay_api::RelayApi;
use callcard_app_core::secrets::TokenStore;
use callcard_app_core::settings::{Settings, SettingsFile};
use callcard_app_core::words::{WordCode, Words};
use callcard_protocol::{CallId, OutcomeOption};
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Manager};
use tokio::sync::Notify;

/// The parts of the state that change while the app runs.
pub struct Live {
    pub desk: Desk,
    pub settings: Settings,
    /// The relay client of the running link (`None` until set up).
    pub api: Option<RelayApi>,
    /// A problem the main window shows until it is solved or replaced.
    pub notice: Option<Words>,
    /// Whether the keyring held a token when the link last started (the overview is refreshed
    /// on every event: it must not ask the keyring each time).
    pub token_saved: bool,
    /// Wrap-up cards with a close timer running.
    pub closing: HashSet<CallId>,
    /// What the dialer window shows.
    pub dialer: DialerState,
    /// The relay link's task and its sync loop, aborted when the link restarts.
    pub link: Option<JoinHandle<()>>,
    pub sync: Option<JoinHandle<()>>,
    /// The presence the relay last acknowledged (`None`: send it on the next sync round).
    pub presence_sent: Option<callcard_protocol::PresenceRequest>,
}

pub struct AppState {
    live: Mutex<Live>,
    pub settings_file: SettingsFile,
    pub tokens: TokenStore,
    pub position_path: PathBuf,
    pub outbox: Outbox,
    pub player: Player,
    /// Downloaded recordings live here.
    pub cache_dir: PathBuf,
    /// The outcome list as last loaded, so cards offer it offline too.
    outcomes_path: PathBuf,
    /// Asks the sync loop for a round (`services::sync`).
    pub nudge: Arc<Notify>,
}

/// The app's state, from anywhere that has the app.
pub fn of(app: &AppHandle) -> tauri::State<'_, AppState> {
    app.state::<AppState>()
}

impl AppState {
    pub fn open(app: &AppHandle) -> Result<AppState, Box<dyn std::error::Error>> {
        let config_dir = app.path().app_config_dir()?;
        let data_dir = app.path().app_local_data_dir()?;
        let settings_file = SettingsFile::in_dir(&config_dir);
        let first_start = !settings_file.path().exists();
        let (mut settings, mut notice) = settings_file.load();
        // Installed with an autostart entry for everyone: the setting starts as it is.
        if first_start && crate::autostart::installed_for_everyone() {
            settings.start_at_login = true;
        }
        let tokens = TokenStore::new("default");

        // Provisioning by an admin or the demo script: take the relay URL and token from the
        // environment once, store them the normal way (settings file, keyring).
        if let Ok(url) = std::env::var("CALLCARD_RELAY_URL") {
            settings.relay_url = Some(url);
            if let Err(e) = settings_file.save(&settings) {
                notice = Some(Words::new(WordCode::SettingsNotSaved).with("detail", e));
            }
        }
        if let Ok(token) = std::env::var("CALLCARD_TOKEN") {
            if let Err(e) = tokens.save(token.trim()) {
                notice = Some(e.words());
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
        let live = Live {
            desk,
            settings,
            api: None,
            notice,
            token_saved: false,
            closing: HashSet::new(),
            dialer: DialerState::default(),
            link: None,
            sync: None,
            presence_sent: None,
        };
        Ok(AppState {
            live: Mutex::new(live),
            settings_file,
            tokens,
            position_path: data_dir.join("position.json"),
            outbox,
            player: Player::new(),
            cache_dir: app.path().app_cache_dir()?,
            outcomes_path,
            nudge: Arc::new(Notify::new()),
        })
    }

    /// Reads or changes the live state under its lock.
    pub fn with<R>(&self, f: impl FnOnce(&mut Live) -> R) -> R {
        // A panic elsewhere must not take the whole app down with a poisoned lock.
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut live)
    }

    pub fn settings(&self) -> Settings {
        self.with(|s| s.settings.clone())
    }

    pub fn api(&self) -> Option<RelayApi> {
        self.with(|s| s.api.clone())
    }

    pub fn set_notice(&self, notice: Option<Words>) {
        self.with(|s| s.notice = notice);
    }

    pub fn is_connected(&self) -> bool {
        self.with(|s| *s.desk.status() == Status::Connected)
    }

    /// Asks for a sync round (outbox delivery, lists) as soon as possible.
    pub fn nudge_sync(&self) {
        self.nudge.notify_one();
    }

    /// Saves the settings file, then takes the settings as current.
    pub fn save_settings(&self, settings: Settings) -> Result<(), Words> {
        self.settings_file.save(&settings).map_err(|e| Words::new(WordCode::SettingsNotSaved).with("detail", e))?;
        self.with(|s| s.settings = settings);
        Ok(())
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

    pub fn cache_dir(&self) -> &Path {
        &self.cache_dir
    }

    /// Everything the main window shows.
    pub fn overview(&self) -> Overview {
        self.with(|s| Overview {
            status: s.desk.status().clone(),
            agent: s.desk.agent().cloned(),
            settings: s.settings.clone(),
            token_saved: s.token_saved,
            calls: s.desk.calls_on(chrono::Local::now().date_naive()),
            to_log: s.desk.to_log(),
            reminders: s.desk.reminders().to_vec(),
            outcomes: s.desk.outcome_options().to_vec(),
            notice: s.notice.clone(),
        })
    }
}
