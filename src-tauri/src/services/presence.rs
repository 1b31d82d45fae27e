//! What the supervisors' live board shows of this agent between calls: do-not-disturb (the
//! setting) and wrap-up (a wrap-up card is open). Sent by the sync loop when it changes, and
//! again after every connect (the relay may have been restarted or replaced meanwhile).

use callcard_app_core::relay_api::RelayApi;
use callcard_protocol::PresenceRequest;
use tauri::AppHandle;

use crate::state::{self, Live};

fn now_reported(s: &Live) -> PresenceRequest {
    let wrap_up_secs = if s.desk.in_wrap_up() { s.settings.wrap_up_close_secs } else { 0 };
    PresenceRequest { do_not_disturb: s.settings.do_not_disturb, wrap_up_secs }
}

/// Whether the relay has yet to hear the current presence (checked after every change).
pub fn is_stale(s: &Live) -> bool {
    s.presence_sent.as_ref().map(|p| (p.do_not_disturb, p.wrap_up_secs > 0))
        != Some((s.settings.do_not_disturb, s.desk.in_wrap_up()))
}

/// Sends the presence if the relay has not heard it yet; a failure is sent again next round.
pub async fn deliver(app: &AppHandle, api: &RelayApi) {
    let state = state::of(app);
    let Some(presence) = state.with(|s| is_stale(s).then(|| now_reported(s))) else { return };
    match api.report_presence(&presence).await {
        Ok(()) => state.with(|s| s.presence_sent = Some(presence)),
        Err(e) => tracing::info!(error = %e.words().message, "presence not reported; trying again"),
    }
}
