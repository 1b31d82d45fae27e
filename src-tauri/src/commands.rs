//! The commands the windows invoke. Thin: each validates, calls into app-core, and words errors
//! for people (the UI shows the string as is).

use callcard_app_core::desk::{CardView, Overview};
use callcard_app_core::dialing::DialerState;
use callcard_app_core::outbox::PendingOutcome;
use callcard_app_core::player::PlayerView;
use callcard_app_core::settings::Settings;
use callcard_app_core::{relay_api, sentence};
use callcard_protocol::{Agent, CallId, ContactEntry, NewContactRequest};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_autostart::ManagerExt;

use crate::cards::CardWindows;
use crate::shell::{apply, Shell};

#[tauri::command]
pub async fn get_overview(shell: State<'_, Shell>) -> Result<Overview, String> {
    Ok(shell.overview())
}

/// Checks the relay address and token against the relay, then saves them (the token to the
/// OS keyring) and reconnects. `token: None` keeps the saved token. Answers who the token
/// belongs to.
#[tauri::command]
pub async fn save_settings(
    app: AppHandle,
    shell: State<'_, Shell>,
    settings: Settings,
    token: Option<String>,
) -> Result<Agent, String> {
    if !(1..=3600).contains(&settings.wrap_up_close_secs) {
        return Err("The wrap-up delay must be between 1 and 3600 seconds.".into());
    }
    let url = settings.relay_url.clone().filter(|u| !u.trim().is_empty()).ok_or("Enter the relay address.")?;
    let token = match token.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => {
            shell.tokens().load().map_err(|e| e.to_string())?.ok_or("Enter the agent token your admin gave you.")?
        }
    };
    let agent = relay_api::check(&url, &token).await.map_err(|e| sentence(&e.to_string()))?;
    tracing::info!(agent = %agent.name, "settings checked against the relay");
    shell.tokens().save(&token).map_err(|e| sentence(&e.to_string()))?;
    let autostart = app.autolaunch();
    let autostart_result = if settings.start_at_login { autostart.enable() } else { autostart.disable() };
    if let Err(e) = autostart_result {
        shell.set_notice(Some(format!("Start with the session could not be changed: {e}")));
    } else {
        shell.set_notice(None);
    }
    let settings = Settings { relay_url: Some(url.trim().to_string()), ..settings };
    shell.save_settings(settings).map_err(|e| format!("Cannot save the settings: {e}"))?;
    Shell::start_link(&app);
    Ok(agent)
}

#[tauri::command]
pub async fn set_do_not_disturb(app: AppHandle, on: bool) -> Result<Overview, String> {
    apply_do_not_disturb(&app, on);
    Ok(app.state::<Shell>().overview())
}

/// Shared by the main window's switch and the tray menu.
pub fn apply_do_not_disturb(app: &AppHandle, on: bool) {
    let shell = app.state::<Shell>();
    let settings = Settings { do_not_disturb: on, ..shell.settings() };
    if let Err(e) = shell.save_settings(settings) {
        shell.set_notice(Some(format!("Cannot save the settings: {e}")));
    }
    if let Some(item) = app.try_state::<crate::tray::DndItem>() {
        let _ = item.0.set_checked(on);
    }
    let effects = shell.desk().set_do_not_disturb(on);
    apply(app, effects);
    let status = shell.desk().status().clone();
    crate::tray::show_status(app, &status);
    apply(app, vec![callcard_app_core::desk::Effect::CallsChanged]);
}

/// The card the asking window shows, if it shows one (a spare window shows none yet).
#[tauri::command]
pub async fn my_card(
    app: AppHandle,
    window: tauri::WebviewWindow,
    shell: State<'_, Shell>,
    cards: State<'_, CardWindows>,
) -> Result<Option<CardView>, String> {
    let call = cards.call_of(window.label());
    if call.is_some() {
        // A card's page has loaded: the next spare can be built now (`cards::open`).
        crate::cards::prepare_spare(&app);
    }
    Ok(call.and_then(|id| shell.desk().card_view(id)))
}

#[tauri::command]
pub async fn dismiss_card(app: AppHandle, call_id: CallId) -> Result<(), String> {
    let effects = app.state::<Shell>().desk().dismiss(call_id);
    apply(&app, effects);
    Ok(())
}

/// "Create contact" on a new number's card: saved to the relay, shown on the card at once.
#[tauri::command]
pub async fn create_contact(app: AppHandle, call_id: CallId, name: String, company: String) -> Result<(), String> {
    let shell = app.state::<Shell>();
    let phone = shell.desk().card_view(call_id).and_then(|c| c.phone).ok_or("This call has no number to save.")?;
    if name.trim().is_empty() {
        return Err("Enter the client's name.".into());
    }
    let api = shell.api().ok_or("Not connected to the relay: check the settings.")?;
    let company = Some(company.trim().to_string()).filter(|c| !c.is_empty());
    let saved =
        api.save_contact(&NewContactRequest { phone, name, company }).await.map_err(|e| sentence(&e.to_string()))?;
    let effects = shell.desk().set_contact(&saved.phone, &saved.contact);
    apply(&app, effects);
    Ok(())
}

/// One click on an outcome button (card, "to log" list or history). Queued on disk first, so
/// it survives a dead network and a restart; the sync loop delivers it.
#[tauri::command]
pub async fn log_outcome(app: AppHandle, call_id: CallId, code: String, note: Option<String>) -> Result<(), String> {
    let shell = app.state::<Shell>();
    let (option, allowed) = {
        let desk = shell.desk();
        let call = desk.call(call_id).ok_or("This call is not in the app's list any more.")?;
        let option = desk.outcome_options().iter().find(|o| o.code == code).cloned();
        (option, desk.may_log(call))
    };
    if !allowed {
        return Err("You can log outcomes only for calls you handled.".into());
    }
    let option = option.ok_or("That outcome is not offered any more.")?;
    let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err("The note is too long (500 characters at most).".into());
    }
    let item = PendingOutcome {
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        call_id,
        code: option.code,
        label: option.label,
        colour: option.colour,
        note,
        clicked_at: chrono::Utc::now(),
    };
    shell.outbox().push(item).map_err(|e| format!("Cannot save the outcome on this computer: {e}."))?;
    let effects = shell.desk().set_pending(shell.outbox().pending());
    apply(&app, effects);
    shell.nudge_sync();
    Ok(())
}

/// Dials a number (any human format or a tel:/callto:/sip: link); answers what happens next.
#[tauri::command]
pub async fn dial(app: AppHandle, number: String) -> Result<String, String> {
    crate::dialer::dial_and_report(&app, &number).await
}

#[tauri::command]
pub async fn open_dialer(app: AppHandle, number: Option<String>) -> Result<(), String> {
    crate::dialer::open_dialer(&app, number.as_deref());
    Ok(())
}

#[tauri::command]
pub async fn get_dialer_state(shell: State<'_, Shell>) -> Result<DialerState, String> {
    Ok(shell.dialer_state().clone())
}

#[tauri::command]
pub async fn search_contacts(shell: State<'_, Shell>, query: String) -> Result<Vec<ContactEntry>, String> {
    let api = shell.api().ok_or("Not connected to the relay: check the settings.")?;
    api.search_contacts(query.trim()).await.map_err(|e| sentence(&e.to_string()))
}

#[tauri::command]
pub async fn play_recording(shell: State<'_, Shell>, call_id: CallId) -> Result<(), String> {
    let api = shell.api().ok_or("Not connected to the relay: check the settings.")?;
    let player = shell.player().clone();
    player.play_call(&api, call_id, shell.cache_dir()).await
}

/// The player bar's buttons: `play`, `pause`, `stop`, `seek` (to `value` ms), `speed` (`value`
/// = 1, 1.5 or 2).
#[tauri::command]
pub async fn player_control(shell: State<'_, Shell>, action: String, value: Option<f64>) -> Result<PlayerView, String> {
    let player = shell.player();
    match (action.as_str(), value) {
        ("play", _) => player.play(),
        ("pause", _) => player.pause(),
        ("stop", _) => player.stop(),
        ("seek", Some(ms)) if ms >= 0.0 => player.seek(ms as u64),
        ("speed", Some(speed)) => player.set_speed(speed as f32)?,
        _ => return Err(format!("Unknown player action {action:?}.")),
    }
    Ok(player.view())
}

#[tauri::command]
pub async fn get_player(shell: State<'_, Shell>) -> Result<PlayerView, String> {
    Ok(shell.player().view())
}
