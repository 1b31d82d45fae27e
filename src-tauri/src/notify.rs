//! OS notifications from the Rust side, so they work with every window hidden.

use callcard_app_core::desk::CallRow;
use callcard_app_core::words::{WordCode, Words};
use notify_rust::{Notification, Timeout};
use tauri::AppHandle;

/// "Missed call" with a "Call back" action. Without a notification service (no D-Bus session,
/// no daemon) this only logs: a missing notification must never stop the app.
pub fn missed_call(app: &AppHandle, call: &CallRow) {
    let body = Words::new(WordCode::MissedCallBody)
        .with_some("name", call.name.as_ref())
        .with_some("number", call.number.as_ref());
    let summary = Words::new(WordCode::MissedCallTitle);
    let call_back = Words::new(WordCode::CallBack);
    let number = call.phone.clone();
    let app = app.clone();
    std::thread::spawn(move || {
        let mut notification = Notification::new();
        notification.appname("Callcard").summary(&summary.message).body(&body.message);
        notification.icon("call-missed").timeout(Timeout::Milliseconds(60_000));
        if number.is_some() {
            notification.action("call-back", &call_back.message);
        }
        match notification.show() {
            Ok(handle) => {
                #[cfg(all(unix, not(target_os = "macos")))]
                handle.wait_for_action(|action| {
                    if action == "call-back" {
                        // Calls the client back the way the manager dials (PBX callback or softphone).
                        if let Some(number) = &number {
                            crate::actions::report(&app, crate::actions::Action::Dial(number.clone()));
                        }
                    }
                });
                #[cfg(not(all(unix, not(target_os = "macos"))))]
                let _ = (handle, &app);
            }
            Err(e) => tracing::warn!(error = %e, "cannot show the missed-call notification"),
        }
    });
}
