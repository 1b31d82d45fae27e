//! The commands the windows invoke. Thin: each validates, calls into app-core, and words errors
//! for people (the UI shows the string as is).

use callcard_app_core::desk::{CardView, Overview};
use callcard_app_core::relay_api;
use callcard_app_core::settings::Settings;
use callcard_protocol::{Agent, CallId, NewContactRequest};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_autostart::ManagerExt;

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
    let agent = relay_api::check(&url, &token).await.map_err(|e| capitalise(&e.to_string()))?;
    tracing::info!(agent = %agent.name, "settings checked against the relay");
    shell.tokens().save(&token).map_err(|e| capitalise(&e.to_string()))?;
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

#[tauri::command]
pub async fn get_card(shell: State<'_, Shell>, call_id: CallId) -> Result<Option<CardView>, String> {
    Ok(shell.desk().card_view(call_id))
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
        api.save_contact(&NewContactRequest { phone, name, company }).await.map_err(|e| capitalise(&e.to_string()))?;
    let effects = shell.desk().set_contact(&saved.phone, &saved.contact);
    apply(&app, effects);
    Ok(())
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}
