//! What people ask for outside the windows (the tray menu, a notification's button, a link
//! opened on the desktop), reported to `services::actions`, which acts on it. The leaves that
//! report know this enum and nothing of the app's state.

use tauri::{AppHandle, Manager};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    ShowMain,
    OpenDialer,
    ToggleDoNotDisturb,
    /// A number or a `tel:`/`callto:`/`sip:` link: show it in the dialer and call.
    Dial(String),
}

/// The reporting end, managed by Tauri.
pub struct Actions(UnboundedSender<Action>);

pub fn channel() -> (Actions, UnboundedReceiver<Action>) {
    let (tx, rx) = unbounded_channel();
    (Actions(tx), rx)
}

pub fn report(app: &AppHandle, action: Action) {
    match app.try_state::<Actions>() {
        Some(actions) => {
            if actions.0.send(action).is_err() {
                tracing::warn!("nobody acts on the tray, notifications and links any more");
            }
        }
        None => tracing::warn!(?action, "reported before the app was set up; ignored"),
    }
}
