//! The language the app speaks: chosen in the settings (or the system's), applied at once to the
//! Rust side's words, the tray and every open window, which reload in the new language.

use callcard_app_core::language::{self, UiLanguage};
use callcard_app_core::settings::Settings;
use callcard_app_core::words::{WordCode, Words};
use tauri::{AppHandle, Emitter, Manager};

use crate::{state, tray, windows};

/// What the windows speak now (they ask on load).
pub fn current(app: &AppHandle) -> UiLanguage {
    language::apply(state::of(app).settings().language.as_deref())
}

/// Speaks `chosen` from now on (`None`: the system's language) and saves the choice.
pub fn set(app: &AppHandle, chosen: Option<String>) -> Result<UiLanguage, Words> {
    if let Some(code) = chosen.as_deref().filter(|c| !callcard_i18n::LANGUAGES.contains(c)) {
        return Err(Words::new(WordCode::UnknownLanguage).with("language", code));
    }
    let state = state::of(app);
    state.save_settings(Settings { language: chosen.clone(), ..state.settings() })?;
    let now = language::apply(chosen.as_deref());
    tray::reword(app);
    let (status, dnd) = state.with(|s| (s.desk.status().clone(), s.settings.do_not_disturb));
    tray::show_status(app, &status, dnd);
    if let Some(dialer) = app.get_webview_window(windows::dialer::LABEL) {
        let _ = dialer.set_title(&Words::new(WordCode::DialerWindowTitle).message);
    }
    // The cards' titles are the window titles too: worded again from their calls.
    for call in windows::cards::shown(app) {
        if let Some(view) = state.with(|s| s.desk.card_view(call)) {
            windows::cards::update(app, &view);
        }
    }
    // Every window reloads in the new language; a card asks for its call again.
    let _ = app.emit("language-changed", &now);
    Ok(now)
}
