//! The tray icon: connection state at a glance (icon and tooltip), Open, Do not disturb, Quit.

use callcard_app_core::connection::Status;
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager};

const TRAY_ID: &str = "callcard";

const CONNECTED: &[u8] = include_bytes!("../../icons/tray/connected.png");
const RECONNECTING: &[u8] = include_bytes!("../../icons/tray/reconnecting.png");
const OFFLINE: &[u8] = include_bytes!("../../icons/tray/offline.png");
const DND: &[u8] = include_bytes!("../../icons/tray/dnd.png");

/// The do-not-disturb menu item, kept to mirror changes made in the main window.
pub struct DndItem(pub CheckMenuItem<tauri::Wry>);

pub fn create(app: &AppHandle) -> tauri::Result<()> {
    let dnd_on = app.state::<crate::shell::Shell>().settings().do_not_disturb;
    let open = MenuItem::with_id(app, "open", "Open Callcard", true, None::<&str>)?;
    let dial = MenuItem::with_id(app, "dial", "Dial…", true, None::<&str>)?;
    let dnd = CheckMenuItem::with_id(app, "dnd", "Do not disturb", true, dnd_on, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &dial, &dnd, &PredefinedMenuItem::separator(app)?, &quit])?;
    app.manage(DndItem(dnd));
    let built = TrayIconBuilder::with_id(TRAY_ID)
        .icon(Image::from_bytes(OFFLINE)?)
        .tooltip("Callcard: starting")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => crate::shell::show_main(app),
            "dial" => crate::dialer::open_dialer(app, None),
            "dnd" => {
                let on = !app.state::<crate::shell::Shell>().settings().do_not_disturb;
                crate::commands::apply_do_not_disturb(app, on);
            }
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

pub fn show_status(app: &AppHandle, status: &Status) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else { return };
    let dnd = app.state::<crate::shell::Shell>().settings().do_not_disturb;
    let (icon, text) = match status {
        Status::Connected if dnd => (DND, "Connected, do not disturb".to_string()),
        Status::Connected => (CONNECTED, "Connected".to_string()),
        Status::Connecting => (RECONNECTING, "Connecting…".to_string()),
        Status::Reconnecting { reason, .. } => (RECONNECTING, format!("Reconnecting: {reason}")),
        Status::AuthFailed { reason } => (OFFLINE, format!("Token refused: {reason}")),
        Status::ProtocolMismatch { reason } => (OFFLINE, format!("Incompatible relay: {reason}")),
        Status::NotConfigured => (OFFLINE, "Not set up".to_string()),
    };
    if let Ok(image) = Image::from_bytes(icon) {
        let _ = tray.set_icon(Some(image));
    }
    let _ = tray.set_tooltip(Some(format!("Callcard: {text}")));
}
