//! The simulated providers' APIs (what the relay's `api_url` points at), and recordings.

mod itoolabs;
mod ratelimit;
mod recordings;
mod zadarma;

use std::sync::{Arc, Mutex};

use axum::routing::{get, post};
use axum::Router;
use rand_chacha::ChaCha8Rng;

use crate::player::Player;

pub use ratelimit::RateLimiter;

pub struct ApiState {
    pub player: Player,
    /// Plans calls played back after click-to-call requests.
    pub rng: Mutex<ChaCha8Rng>,
    pub zadarma_limiter: RateLimiter,
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
        .with_state(state)
}
