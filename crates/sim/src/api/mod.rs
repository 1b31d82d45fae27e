//! The simulated providers' APIs (what the relay's `api_url` points at), and recordings.

mod itoolabs;
mod ratelimit;
mod recordings;
pub mod ringostat;
pub mod uis;
mod zadarma;

use std::sync::{Arc, Mutex};

use axum::routing::{any, delete, get, post};
use axum::Router;
use rand_chacha::ChaCha8Rng;

use crate::config::SimAgent;
use crate::plan::{CallPlan, EndReason, Planner, ProviderKind};
use crate::player::Player;

pub use ratelimit::RateLimiter;
pub use uis::media_link as uis_media_link;

pub struct ApiState {
    pub player: Player,
    /// Plans calls played back after click-to-call requests.
    pub rng: Mutex<ChaCha8Rng>,
    pub zadarma_limiter: RateLimiter,
    pub uis: uis::UisState,
    pub ringostat: ringostat::RingostatState,
}

impl ApiState {
    /// Plans the outgoing call a click-to-call request starts (agent first, then the client)
    /// and plays it into the relay in the background. Returns the plan's call id.
    pub fn play_callback(&self, provider: ProviderKind, agent: SimAgent, phone: String) -> String {
        self.play_outgoing(provider, agent, phone, None)
    }

    /// [`ApiState::play_callback`] showing the client `line` (default: one of the lines).
    pub fn play_outgoing(
        &self,
        provider: ProviderKind,
        agent: SimAgent,
        phone: String,
        line: Option<String>,
    ) -> String {
        let config = self.player.config.clone();
        let (ring, talk) = match provider {
            ProviderKind::Zadarma => (config.zadarma.callback_ring_secs, config.zadarma.callback_talk_secs),
            ProviderKind::Itoolabs => (config.itoolabs.callback_ring_secs, config.itoolabs.callback_talk_secs),
            ProviderKind::Uis => (config.uis.callback_ring_secs, config.uis.callback_talk_secs),
            ProviderKind::Ringostat => (config.ringostat.callback_ring_secs, config.ringostat.callback_talk_secs),
        };
        let mut plan: CallPlan = {
            let seed: u64 = rand::Rng::random(&mut *self.rng.lock().expect("lock"));
            let mut planner = Planner::new(&config, rand::SeedableRng::seed_from_u64(seed), 1.0);
            planner.outgoing_with(provider, agent, phone, EndReason::Answered, true, ring, talk)
        };
        if let Some(line) = line {
            plan.line = line;
        }
        let call_id = plan.call_id.clone();
        let player = self.player.clone();
        tokio::spawn(async move { player.play(plan).await });
        call_id
    }
}

pub fn router(state: Arc<ApiState>) -> Router {
    Router::new()
        .route("/v1/request/callback/", get(zadarma::callback))
        .route("/v1/pbx/record/request/", get(zadarma::record_request))
        .route("/v1/pbx/internal/", get(zadarma::internal))
        .route("/v1/info/balance/", get(zadarma::balance))
        .route("/v1/pbx/record/download/{token}/{file}", get(recordings::zadarma_download))
        .route("/sys/crm_api.wcgp", post(itoolabs::crm_api))
        .route("/recordings/{file}", get(recordings::itoolabs_download))
        // Any method, so that a wrong one gets UIS's JSON-RPC error rather than a bare 405.
        .route("/uis/callapi/v4.0", any(uis::call_api))
        .route("/uis/dataapi/v2.0", any(uis::data_api))
        .route("/uis/media/{token}/{file}", get(uis::media))
        // Any method, so that a wrong one gets a JSON-RPC error in the body as Ringostat does.
        .route("/ringostat/a/v2", any(ringostat::a_v2))
        .route("/ringostat/sipstatus/online", get(ringostat::sip_online))
        .route("/ringostat/sipstatus/speaking", get(ringostat::sip_speaking))
        .route("/ringostat/minicrm/contacts/sync", post(ringostat::contacts_sync))
        .route("/ringostat/recordings/{file}", get(ringostat::recording))
        // The simulator's own control, for tests: expire every temporary link at once (Zadarma's,
        // UIS's and Ringostat's), and delete a call's recordings as a PBX does when their retention ends.
        .route("/sim/expire-links", post(recordings::expire_links))
        .route("/sim/recordings/{call_id}", delete(recordings::delete_recordings))
        .route("/sim/uis/end-sessions", post(uis::end_sessions))
        .route("/sim/ringostat/contacts", get(ringostat::synced_contacts))
        .with_state(state)
}
