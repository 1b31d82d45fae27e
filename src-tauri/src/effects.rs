//! The one place where what the desk decided (`Effect`s) is carried out: card windows, the
//! missed-call notification, the tray, the main window's refresh, wrap-up close timers.

use std::time::Duration;

use callcard_app_core::desk::Effect;
use callcard_protocol::CallId;
use tauri::AppHandle;

use crate::services::presence;
use crate::state;
use crate::windows::{self, cards};
use crate::{notify, tray};

pub fn apply(app: &AppHandle, effects: Vec<Effect>) {
    let mut overview_changed = false;
    for effect in effects {
        match effect {
            Effect::OpenCard(view) => {
                cards::open(app, &view);
                if let Some(phone) = view.phone.clone() {
                    load_journal(app, phone);
                }
            }
            Effect::UpdateCard(view) => cards::update(app, &view),
            Effect::CloseCard(id) => {
                state::of(app).with(|s| s.closing.remove(&id));
                cards::close(app, id);
            }
            Effect::ScheduleDismiss(id) => schedule_dismiss(app, id),
            Effect::NotifyMissed(row) => notify::missed_call(app, &row),
            Effect::StatusChanged(status) => {
                let connected = status == callcard_app_core::connection::Status::Connected;
                let dnd = state::of(app).with(|s| {
                    if connected {
                        // A new link: the relay hears the presence again.
                        s.presence_sent = None;
                    }
                    s.settings.do_not_disturb
                });
                tray::show_status(app, &status, dnd);
                overview_changed = true;
            }
            Effect::CallsChanged => overview_changed = true,
        }
    }
    if overview_changed {
        windows::main::overview_changed(app);
    }
    // Do-not-disturb or a wrap-up card changed: the sync loop tells the relay.
    let state = state::of(app);
    if state.with(|s| presence::is_stale(s)) {
        state.nudge_sync();
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

/// Fetches the client's journal for a card that just opened: its last calls with every agent.
/// A failure leaves the card with this agent's own previous call.
fn load_journal(app: &AppHandle, phone: String) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = state::of(&app);
        let Some(api) = state.api() else { return };
        let limit = callcard_app_core::desk::CARD_JOURNAL_CALLS as u32 + 1;
        match api.journal(&phone, limit).await {
            Ok(journal) => {
                let effects = state.with(|s| s.desk.set_journal(&journal.phone, journal.calls));
                apply(&app, effects);
            }
            Err(e) => tracing::debug!(error = %e.words().message, "no journal for the card"),
        }
    });
}
