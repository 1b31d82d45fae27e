//! The main window: connection state, today's calls, settings. Built when first shown (not at
//! all for a start hidden to the tray), hidden to the tray when closed, and destroyed after a
//! spell hidden (`release`); its page reads the overview when it loads.

use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

use crate::windows::release;

pub const LABEL: &str = "main";

pub fn create(app: &AppHandle) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("index.html".into()))
        .title("Callcard")
        .inner_size(820.0, 600.0)
        .min_inner_size(480.0, 360.0)
        .build()?;
    Ok(())
}

pub fn show(app: &AppHandle) {
    release::MAIN.cancel();
    match app.get_webview_window(LABEL) {
        Some(window) => {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
        None => {
            if let Err(e) = create(app) {
                tracing::error!(error = %e, "cannot open the main window");
            }
        }
    }
}

/// Closing the main window hides it to the tray; after a while hidden it is released.
pub fn hide(app: &AppHandle) {
    let Some(window) = app.get_webview_window(LABEL) else { return };
    let _ = window.hide();
    release::MAIN.start(app, release::hidden_delay(), |app| {
        if let Some(window) = app.get_webview_window(LABEL) {
            if !window.is_visible().unwrap_or(true) {
                tracing::debug!("released the hidden main window");
                let _ = window.destroy();
            }
        }
    });
}

/// Something the main window shows changed: it reads the overview again.
pub fn overview_changed(app: &AppHandle) {
    let _ = app.emit_to(LABEL, "overview-changed", ());
}
