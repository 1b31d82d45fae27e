//! Dialling as the manager sees it: the dialer window shows the number, that a call is being
//! placed, and how it went. Used by the dialer itself, the number links in other windows,
//! notifications and links opened on the desktop.

use callcard_app_core::dialing::DialerState;
use callcard_app_core::words::Words;
use tauri::AppHandle;

use crate::windows::dialer;
use crate::{dial, state};

/// Dials and reports the result in the dialer window; answers what happens next.
pub async fn dial_and_report(app: &AppHandle, input: &str) -> Result<Words, Words> {
    let number = Some(input.to_string());
    show(app, DialerState { number: number.clone(), busy: true, ..Default::default() });
    let (settings, api) = state::of(app).with(|s| (s.settings.clone(), s.api.clone()));
    let result = dial::place(app, &settings, api.as_ref(), input).await;
    if let Err(e) = &result {
        tracing::warn!(error = %e, "dialling failed");
    }
    let (ok, message) = match &result {
        Ok(words) => (true, words.clone()),
        Err(words) => (false, words.clone()),
    };
    show(app, DialerState { number, message: Some(message), ok, busy: false });
    result
}

/// Opens (or brings forward) the dialer, optionally with a number filled in.
pub fn open_dialer(app: &AppHandle, number: Option<&str>) {
    dialer::open(app);
    if let Some(number) = number {
        show(app, DialerState { number: Some(number.to_string()), ..Default::default() });
    }
}

/// A number or link to call from outside the dialer: show it there and call.
pub fn open_link(app: &AppHandle, link: &str) {
    let app = app.clone();
    let link = link.to_string();
    tauri::async_runtime::spawn(async move {
        open_dialer(&app, None);
        let _ = dial_and_report(&app, &link).await;
    });
}

pub fn dialer_state(app: &AppHandle) -> DialerState {
    state::of(app).with(|s| s.dialer.clone())
}

/// Changes what the dialer shows.
fn show(app: &AppHandle, dialer_state: DialerState) {
    state::of(app).with(|s| s.dialer = dialer_state);
    dialer::changed(app);
}
