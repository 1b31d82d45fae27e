//! The recording player as the windows drive it: play a call's recording, the player bar's
//! buttons, and every change pushed to all windows.

use std::time::Duration;

use callcard_app_core::player::PlayerView;
use callcard_app_core::words::{WordCode, Words};
use callcard_protocol::CallId;
use tauri::{AppHandle, Emitter};

use crate::state;

pub async fn play_recording(app: &AppHandle, call_id: CallId) -> Result<(), Words> {
    let state = state::of(app);
    let api = state.api().ok_or_else(|| Words::new(WordCode::NotConnected))?;
    let player = state.player.clone();
    player.play_call(&api, call_id, state.cache_dir()).await
}

/// The player bar's buttons: `play`, `pause`, `stop`, `seek` (to `value` ms), `speed` (`value`
/// = 1, 1.5 or 2).
pub fn control(app: &AppHandle, action: &str, value: Option<f64>) -> Result<PlayerView, Words> {
    let player = &state::of(app).player;
    match (action, value) {
        ("play", _) => player.play(),
        ("pause", _) => player.pause(),
        ("stop", _) => player.stop(),
        ("seek", Some(ms)) if ms >= 0.0 => player.seek(ms as u64),
        ("speed", Some(speed)) => player.set_speed(speed as f32)?,
        _ => return Err(Words::new(WordCode::UnknownPlayerAction).with("action", action)),
    }
    Ok(player.view())
}

pub fn view(app: &AppHandle) -> PlayerView {
    state::of(app).player.view()
}

/// Sends every change of the recording player to all windows as `player-changed`, so the player
/// bars need no polling. At most five updates a second: the position moves continuously.
pub fn forward_changes(app: &AppHandle) {
    let mut changes = state::of(app).player.subscribe();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        while changes.changed().await.is_ok() {
            let view = changes.borrow_and_update().clone();
            let _ = app.emit("player-changed", view);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
}
