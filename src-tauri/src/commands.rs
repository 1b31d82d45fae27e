//! The commands the windows invoke (names and arguments as in `ui/src/api.ts`). One line each:
//! the work is in `services`. Every error is `Words` (code, params, message in the app's language).

use callcard_app_core::desk::{CardView, Overview};
use callcard_app_core::dialing::DialerState;
use callcard_app_core::history::{HistoryQuery, HistoryView, JournalView};
use callcard_app_core::language::UiLanguage;
use callcard_app_core::player::PlayerView;
use callcard_app_core::settings::Settings;
use callcard_app_core::words::Words;
use callcard_protocol::{Agent, Board, CallId, ContactEntry};
use tauri::{AppHandle, WebviewWindow};

use crate::services::{calls, dialing, history, language, player, settings};
use crate::state;

type Answer<T> = Result<T, Words>;

#[tauri::command]
pub async fn get_overview(app: AppHandle) -> Answer<Overview> {
    Ok(state::of(&app).overview())
}

#[tauri::command]
pub async fn save_settings(app: AppHandle, settings: Settings, token: Option<String>) -> Answer<Agent> {
    settings::save(&app, settings, token).await
}

/// The language the windows speak (the same as the tray and notifications).
#[tauri::command]
pub async fn ui_language(app: AppHandle) -> Answer<UiLanguage> {
    Ok(language::current(&app))
}

/// The settings' language menu (`None`: the system's); every window reloads in it.
#[tauri::command]
pub async fn set_language(app: AppHandle, language: Option<String>) -> Answer<UiLanguage> {
    language::set(&app, language)
}

#[tauri::command]
pub async fn set_do_not_disturb(app: AppHandle, on: bool) -> Answer<Overview> {
    Ok(settings::set_do_not_disturb(&app, on))
}

#[tauri::command]
pub async fn my_card(app: AppHandle, window: WebviewWindow) -> Answer<Option<CardView>> {
    Ok(calls::my_card(&app, window.label()))
}

#[tauri::command]
pub async fn dismiss_card(app: AppHandle, call_id: CallId) -> Answer<()> {
    calls::dismiss(&app, call_id);
    Ok(())
}

#[tauri::command]
pub async fn create_contact(app: AppHandle, call_id: CallId, name: String, company: String) -> Answer<()> {
    calls::create_contact(&app, call_id, name, company).await
}

/// The blacklist button on a card or a call row (`phone`: digits-only E.164).
#[tauri::command]
pub async fn set_blacklisted(app: AppHandle, phone: String, blacklisted: bool) -> Answer<()> {
    calls::set_blacklisted(&app, phone, blacklisted).await
}

#[tauri::command]
pub async fn log_outcome(app: AppHandle, call_id: CallId, code: String, note: Option<String>) -> Answer<()> {
    calls::log_outcome(&app, call_id, code, note)
}

/// Dials a number (any human format or a tel:/callto:/sip: link); answers what happens next.
#[tauri::command]
pub async fn dial(app: AppHandle, number: String) -> Answer<Words> {
    dialing::dial_and_report(&app, &number).await
}

#[tauri::command]
pub async fn open_dialer(app: AppHandle, number: Option<String>) -> Answer<()> {
    dialing::open_dialer(&app, number.as_deref());
    Ok(())
}

#[tauri::command]
pub async fn get_dialer_state(app: AppHandle) -> Answer<DialerState> {
    Ok(dialing::dialer_state(&app))
}

#[tauri::command]
pub async fn search_contacts(app: AppHandle, query: String) -> Answer<Vec<ContactEntry>> {
    calls::search_contacts(&app, &query).await
}

#[tauri::command]
pub async fn play_recording(app: AppHandle, call_id: CallId) -> Answer<()> {
    player::play_recording(&app, call_id).await
}

#[tauri::command]
pub async fn player_control(app: AppHandle, action: String, value: Option<f64>) -> Answer<PlayerView> {
    player::control(&app, &action, value)
}

#[tauri::command]
pub async fn get_player(app: AppHandle) -> Answer<PlayerView> {
    Ok(player::view(&app))
}

/// One page of the history search.
#[tauri::command]
pub async fn search_history(app: AppHandle, query: HistoryQuery) -> Answer<HistoryView> {
    history::search(&app, query).await
}

/// A client's journal (`phone`: digits-only E.164).
#[tauri::command]
pub async fn client_journal(app: AppHandle, phone: String) -> Answer<JournalView> {
    history::journal(&app, &phone).await
}

/// The supervisor's live board.
#[tauri::command]
pub async fn team_board(app: AppHandle) -> Answer<Board> {
    history::board(&app).await
}
