//! Placing calls: through the PBX (the relay asks it to ring this manager, then the client) or
//! through a softphone on this computer, from a click on any number, the dialer window, a
//! notification, or a `tel:`/`callto:`/`sip:` link opened anywhere on the desktop.

use callcard_app_core::dialing::{number_from, softphone_command, DialMode, DialerState};
use callcard_pbx::phone::format_for_people;
use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};
use tauri_plugin_opener::OpenerExt;

use crate::shell::Shell;

pub const DIALER_WINDOW: &str = "dialer";

/// Places a call to what the manager typed, pasted or clicked. Answers what happens next, in
/// words for the UI.
pub async fn dial(app: &AppHandle, input: &str) -> Result<String, String> {
    let number = number_from(input).map_err(|e| e.to_string())?;
    let shell = app.state::<Shell>();
    let settings = shell.settings();
    match settings.dial_mode {
        DialMode::Pbx => {
            let api = shell.api().ok_or("Not connected to the relay: check the settings.")?;
            let started = api.dial(&number).await.map_err(|e| callcard_app_core::sentence(&e.to_string()))?;
            Ok(format!("Calling {}: your phone rings first.", format_for_people(&started.to)))
        }
        DialMode::Softphone => {
            let template = settings.softphone_command.trim();
            if template.is_empty() {
                app.opener()
                    .open_url(format!("tel:{number}"), None::<&str>)
                    .map_err(|e| format!("No program on this computer takes tel: links ({e})."))?;
            } else {
                let (program, args) = softphone_command(template, &number).map_err(|e| e.to_string())?;
                std::process::Command::new(&program)
                    .args(&args)
                    .spawn()
                    .map_err(|e| format!("Cannot start the softphone {program:?}: {e}."))?;
            }
            Ok(format!("Handed {number} to the softphone."))
        }
    }
}

/// Opens (or brings forward) the dialer, optionally with a number filled in.
pub fn open_dialer(app: &AppHandle, number: Option<&str>) {
    let window = match app.get_webview_window(DIALER_WINDOW) {
        Some(w) => w,
        None => match WebviewWindowBuilder::new(app, DIALER_WINDOW, WebviewUrl::App("dialer.html".into()))
            .title("Callcard: dial")
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
    if let Some(number) = number {
        set_state(app, DialerState { number: Some(number.to_string()), ..Default::default() });
    }
}

/// Changes what the dialer shows (it reads the state on load and on every `dialer-changed`).
fn set_state(app: &AppHandle, state: DialerState) {
    *app.state::<Shell>().dialer_state() = state;
    let _ = app.emit_to(DIALER_WINDOW, "dialer-changed", ());
}

/// Dials and reports the result in the dialer window; used by the window itself, the number
/// links in other windows, notifications and opened links.
pub async fn dial_and_report(app: &AppHandle, input: &str) -> Result<String, String> {
    let number = Some(input.to_string());
    set_state(app, DialerState { number: number.clone(), busy: true, ..Default::default() });
    let result = dial(app, input).await;
    if let Err(e) = &result {
        tracing::warn!(error = %e, "dialling failed");
    }
    let (ok, message) = match &result {
        Ok(m) => (true, m.clone()),
        Err(e) => (false, e.clone()),
    };
    set_state(app, DialerState { number, message: Some(message), ok, busy: false });
    result
}

/// A link opened with Callcard (`tel:`, `callto:`, `sip:`): show it in the dialer and call.
pub fn open_link(app: &AppHandle, link: &str) {
    tracing::info!(link, "number link opened");
    let app = app.clone();
    let link = link.to_string();
    tauri::async_runtime::spawn(async move {
        open_dialer(&app, None);
        let _ = dial_and_report(&app, &link).await;
    });
}
