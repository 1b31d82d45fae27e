//! The tray icon: connection state at a glance (icon and tooltip), Open, Dial…, Do not
//! disturb, Quit. Menu clicks are reported as actions; the tray shows what it is given.

use callcard_app_core::connection::Status;
use callcard_app_core::words::{WordCode, Words};
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager};

use crate::actions::{self, Action};

const TRAY_ID: &str = "callcard";

const CONNECTED: &[u8] = include_bytes!("../../icons/tray/connected.png");
const RECONNECTING: &[u8] = include_bytes!("../../icons/tray/reconnecting.png");
const OFFLINE: &[u8] = include_bytes!("../../icons/tray/offline.png");
const DND: &[u8] = include_bytes!("../../icons/tray/dnd.png");

/// The menu's items: Do not disturb mirrors changes made in the main window, and every item
/// is worded again when the language changes.
struct Items {
    open: MenuItem<tauri::Wry>,
    dial: MenuItem<tauri::Wry>,
    dnd: CheckMenuItem<tauri::Wry>,
    quit: MenuItem<tauri::Wry>,
}

fn say(code: WordCode) -> String {
    Words::new(code).message
}

pub fn create(app: &AppHandle, do_not_disturb: bool) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", say(WordCode::MenuOpen), true, None::<&str>)?;
    let dial = MenuItem::with_id(app, "dial", say(WordCode::MenuDial), true, None::<&str>)?;
    let dnd = CheckMenuItem::with_id(app, "dnd", say(WordCode::MenuDoNotDisturb), true, do_not_disturb, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", say(WordCode::MenuQuit), true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &dial, &dnd, &PredefinedMenuItem::separator(app)?, &quit])?;
    app.manage(Items { open, dial, dnd, quit });
    let built = TrayIconBuilder::with_id(TRAY_ID)
        .icon(Image::from_bytes(OFFLINE)?)
        .tooltip(say(WordCode::TrayStarting))
        .menu(&menu)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => actions::report(app, Action::ShowMain),
            "dial" => actions::report(app, Action::OpenDialer),
            "dnd" => actions::report(app, Action::ToggleDoNotDisturb),
            "quit" => app.exit(0),
            _ => {}
        })
        .build(app);
    match built {
        // Benchmarks time the start-up by this line (BENCHMARKS.md).
        Ok(_) => tracing::info!("tray ready"),
        // A desktop without a tray still gets cards and the main window.
        Err(e) => tracing::warn!(error = %e, "no tray icon"),
    }
    Ok(())
}

/// Ticks or clears Do not disturb in the menu (the switch is also in the main window).
pub fn show_do_not_disturb(app: &AppHandle, on: bool) {
    if let Some(items) = app.try_state::<Items>() {
        let _ = items.dnd.set_checked(on);
    }
}

/// Words the menu again, in the language the app now speaks (the tooltip follows with the
/// status, which the caller shows again).
pub fn reword(app: &AppHandle) {
    if let Some(items) = app.try_state::<Items>() {
        let _ = items.open.set_text(say(WordCode::MenuOpen));
        let _ = items.dial.set_text(say(WordCode::MenuDial));
        let _ = items.dnd.set_text(say(WordCode::MenuDoNotDisturb));
        let _ = items.quit.set_text(say(WordCode::MenuQuit));
    }
}

pub fn show_status(app: &AppHandle, status: &Status, do_not_disturb: bool) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else { return };
    let (icon, words) = match status {
        Status::Connected if do_not_disturb => (DND, Words::new(WordCode::TrayConnectedDoNotDisturb)),
        Status::Connected => (CONNECTED, Words::new(WordCode::TrayConnected)),
        Status::Connecting => (RECONNECTING, Words::new(WordCode::TrayConnecting)),
        Status::Reconnecting { reason, .. } => {
            (RECONNECTING, Words::new(WordCode::TrayReconnecting).because(reason.clone()))
        }
        Status::AuthFailed { reason } => (OFFLINE, Words::new(WordCode::TrayTokenRefused).because(reason.clone())),
        Status::ProtocolMismatch { reason } => {
            (OFFLINE, Words::new(WordCode::TrayIncompatibleRelay).because(reason.clone()))
        }
        Status::NotConfigured => (OFFLINE, Words::new(WordCode::TrayNotSetUp)),
    };
    if let Ok(image) = Image::from_bytes(icon) {
        let _ = tray.set_icon(Some(image));
    }
    let _ = tray.set_tooltip(Some(words.message));
}
