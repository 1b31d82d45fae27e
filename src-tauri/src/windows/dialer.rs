//! The dialer window: a number field, a keypad, contacts found as you type, recent calls. It
//! reads what to show (`get_dialer_state`) on load and on every `dialer-changed`.

use callcard_app_core::words::{WordCode, Words};
use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

pub const LABEL: &str = "dialer";

/// Opens the dialer, or brings it forward.
pub fn open(app: &AppHandle) {
    let window = match app.get_webview_window(LABEL) {
        Some(w) => w,
        None => match WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("dialer.html".into()))
            .title(Words::new(WordCode::DialerWindowTitle).message)
            .inner_size(340.0, 560.0)
            .resizable(false)
            .build()
        {
            Ok(w) => w,
            Err(e) => {
                tracing::error!(error = %e, "cannot open the dialer");
                return;
            }
        },
    };
    let _ = window.show();
    let _ = window.set_focus();
}

/// What the dialer shows changed.
pub fn changed(app: &AppHandle) {
    let _ = app.emit_to(LABEL, "dialer-changed", ());
}
