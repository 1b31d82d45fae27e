//! OS notifications from the Rust side, so they work with every window hidden.

use callcard_app_core::desk::CallRow;
use notify_rust::{Notification, Timeout};
use tauri::AppHandle;

/// "Missed call" with a "Call back" action. Without a notification service (no D-Bus session,
/// no daemon) this only logs: a missing notification must never stop the app.
pub fn missed_call(app: &AppHandle, call: &CallRow) {
    let who = match (&call.name, &call.number) {
        (Some(name), Some(number)) => format!("{name}, {number}"),
        (Some(name), None) => name.clone(),
        (None, Some(number)) => number.clone(),
        (None, None) => "a hidden number".to_string(),
    };
    let number = call.phone.clone();
    let app = app.clone();
    std::thread::spawn(move || {
        let mut notification = Notification::new();
        notification.appname("Callcard").summary("Missed call").body(&format!("Missed call from {who}"));
        notification.icon("call-missed").timeout(Timeout::Milliseconds(60_000));
        if number.is_some() {
            notification.action("call-back", "Call back");
        }
        match notification.show() {
            Ok(handle) => {
                #[cfg(all(unix, not(target_os = "macos")))]
                handle.wait_for_action(|action| {
                    if action == "call-back" {
                        call_back(&app, number.as_deref());
                    }
                });
                #[cfg(not(all(unix, not(target_os = "macos"))))]
                let _ = (handle, &app);
            }
            Err(e) => tracing::warn!(error = %e, "cannot show the missed-call notification"),
        }
    });
}

/// Calls the client back the way the manager dials (PBX callback or softphone).
fn call_back(app: &AppHandle, number: Option<&str>) {
    let Some(number) = number else { return };
    crate::dialer::open_link(app, number);
}
