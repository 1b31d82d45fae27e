//! The one place where what the desk decided (`Effect`s) is carried out: card windows, the
//! missed-call notification, the tray, the main window's refresh, wrap-up close timers.

use std::time::Duration;

use callcard_app_core::desk::Effect;
use callcard_protocol::CallId;
use tauri::AppHandle;

use crate::state;
use crate::windows::{self, cards};
use crate::{notify, tray};

pub fn apply(app: &AppHandle, effects: Vec<Effect>) {
    let mut overview_changed = false;
    for effect in effects {
        match effect {
            Effect::OpenCard(view) => cards::open(app, &view),
            Effect::UpdateCard(view) => cards::update(app, &view),
            Effect::CloseCard(id) => {
                state::of(app).with(|s| s.closing.remove(&id));
                cards::close(app, id);
            }
            Effect::ScheduleDismiss(id) => schedule_dismiss(app, id),
            Effect::NotifyMissed(row) => notify::missed_call(app, &row),
            Effect::StatusChanged(status) => {
                let dnd = state::of(app).with(|s| s.settings.do_not_disturb);
                tray::show_status(app, &status, dnd);
                overview_changed = true;
            }
            Effect::CallsChanged => overview_changed = true,
        }
    }
    if overview_changed {
        windows::main::overview_changed(app);
    }
}

/// Closes a wrap-up card after the configured delay, unless it closed meanwhile. The desk asks
/// on every wrap-up update; one timer runs per card.
fn schedule_dismiss(app: &AppHandle, id: CallId) {
    let (fresh, secs) = state::of(app).with(|s| (s.closing.insert(id), s.settings.wrap_up_close_secs));
    if !fresh {
        return;
    }
    let delay = Duration::from_secs(secs.max(1) as u64);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(delay).await;
        let effects = state::of(&app).with(|s| if s.closing.remove(&id) { s.desk.dismiss(id) } else { vec![] });
        apply(&app, effects);
    });
}
