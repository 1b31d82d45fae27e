//! Changing the settings: the settings screen's save (checked against the relay first) and
//! Do not disturb (main window switch and tray menu).

use callcard_app_core::desk::{Effect, Overview};
use callcard_app_core::relay_check;
use callcard_app_core::settings::Settings;
use callcard_app_core::words::{WordCode, Words};
use callcard_protocol::Agent;
use tauri::AppHandle;

use crate::autostart;
use crate::services::link;
use crate::{effects, state, tray};

const WRAP_UP_SECS: std::ops::RangeInclusive<u32> = 1..=3600;

/// Checks the relay address and token against the relay, then saves them (the token to the
/// OS keyring) and reconnects. `token: None` keeps the saved token. Answers who the token
/// belongs to.
pub async fn save(app: &AppHandle, settings: Settings, token: Option<String>) -> Result<Agent, Words> {
    if !WRAP_UP_SECS.contains(&settings.wrap_up_close_secs) {
        let words = Words::new(WordCode::WrapUpDelayOutOfRange);
        return Err(words.with("min", WRAP_UP_SECS.start()).with("max", WRAP_UP_SECS.end()));
    }
    let url = settings.relay_url.clone().filter(|u| !u.trim().is_empty());
    let url = url.ok_or_else(|| Words::new(WordCode::EnterRelayAddress))?;
    let state = state::of(app);
    let token = match token.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => state.tokens.load().map_err(|e| e.words())?.ok_or_else(|| Words::new(WordCode::EnterToken))?,
    };
    let agent = relay_check::check(&url, &token).await.map_err(|e| e.words())?;
    tracing::info!(agent = %agent.name, "settings checked against the relay");
    state.tokens.save(&token).map_err(|e| e.words())?;
    let autostart_result = autostart::set(app, settings.start_at_login);
    state.set_notice(autostart_result.err().map(|e| Words::new(WordCode::AutostartNotChanged).with("detail", e)));
    // The language menu applies on its own (set_language), maybe while this check ran.
    let language = state.settings().language;
    state.save_settings(Settings { relay_url: Some(url.trim().to_string()), language, ..settings })?;
    link::start(app);
    Ok(agent)
}

/// Do not disturb on or off: saved, mirrored in the tray menu, open cards closed.
pub fn set_do_not_disturb(app: &AppHandle, on: bool) -> Overview {
    let state = state::of(app);
    if let Err(words) = state.save_settings(Settings { do_not_disturb: on, ..state.settings() }) {
        state.set_notice(Some(words));
    }
    tray::show_do_not_disturb(app, on);
    let effects = state.with(|s| {
        let mut effects = s.desk.set_do_not_disturb(on);
        // The tray's icon shows do-not-disturb; the main window its switch.
        effects.push(Effect::StatusChanged(s.desk.status().clone()));
        effects
    });
    effects::apply(app, effects);
    state.overview()
}

/// The tray's menu item flips the setting.
pub fn toggle_do_not_disturb(app: &AppHandle) {
    let on = !state::of(app).settings().do_not_disturb;
    set_do_not_disturb(app, on);
}
