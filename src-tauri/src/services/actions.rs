//! Acts on what the tray, notifications and links report (`crate::actions`).

use tauri::AppHandle;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::actions::Action;
use crate::services::{dialing, settings};
use crate::windows;

/// Serves the reported actions for as long as the app runs.
pub fn serve(app: &AppHandle, mut reported: UnboundedReceiver<Action>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        while let Some(action) = reported.recv().await {
            tracing::debug!(?action, "action");
            match action {
                Action::ShowMain => windows::main::show(&app),
                Action::OpenDialer => dialing::open_dialer(&app, None),
                Action::ToggleDoNotDisturb => settings::toggle_do_not_disturb(&app),
                Action::Dial(number) => dialing::open_link(&app, &number),
            }
        }
    });
}
