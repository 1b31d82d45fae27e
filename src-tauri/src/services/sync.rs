//! Keeping the side lists in step with the relay while connected: the outcome list, the calls
//! still to log, the reminders, and delivery of queued outcome clicks. Runs at connect, when
//! something changed (a call ended, an outcome was clicked), and every half minute.

use std::sync::Arc;
use std::time::Duration;

use callcard_app_core::relay_api::RelayApi;
use callcard_app_core::words::{WordCode, Words};
use tauri::AppHandle;
use tokio::sync::Notify;

use super::presence;
use crate::{effects, state};

const EVERY: Duration = Duration::from_secs(30);

/// Starts the sync loop for one relay link; `nudge` asks for a round soon. Ends with the link
/// (the caller aborts it).
pub fn spawn(app: AppHandle, api: RelayApi, nudge: Arc<Notify>) -> tauri::async_runtime::JoinHandle<()> {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::select! {
                _ = nudge.notified() => {}
                _ = tokio::time::sleep(EVERY) => {}
            }
            round(&app, &api).await;
        }
    })
}

async fn round(app: &AppHandle, api: &RelayApi) {
    let state = state::of(app);
    if !state.is_connected() {
        // Offline: nothing to fetch; the outbox waits. (The link nudges again on connect.)
        return;
    }
    presence::deliver(app, api).await;
    let delivery = state.outbox.deliver(api).await;
    let pending = state.outbox.pending();
    let mut effects = state.with(|s| {
        let mut effects = vec![];
        for saved in delivery.delivered {
            tracing::info!(call = saved.call_id, code = %saved.outcome.code, replayed = saved.replayed, "outcome delivered");
            effects.extend(s.desk.outcome_saved(saved.call_id, saved.outcome));
        }
        effects.extend(s.desk.set_pending(pending));
        effects
    });
    if let Some((item, reason)) = delivery.refused.last() {
        let words = Words::new(WordCode::OutcomeRefused).with("label", &item.label).because(reason.clone());
        state.set_notice(Some(words));
    }
    if let Some(e) = &delivery.stalled {
        tracing::info!(error = %e, "outcomes stay queued");
    }
    match api.outcomes().await {
        Ok(options) => {
            state.save_outcome_options(&options);
            effects.extend(state.with(|s| s.desk.set_outcome_options(options)));
        }
        Err(e) => tracing::warn!(error = %e, "cannot load the outcome list"),
    }
    match api.unlogged().await {
        Ok(snapshot) => effects.extend(state.with(|s| s.desk.set_unlogged(snapshot.calls))),
        Err(e) => tracing::warn!(error = %e, "cannot load the calls to log"),
    }
    match api.reminders().await {
        Ok(reminders) => effects.extend(state.with(|s| s.desk.set_reminders(reminders))),
        Err(e) => tracing::warn!(error = %e, "cannot load reminders"),
    }
    effects::apply(app, effects);
}
