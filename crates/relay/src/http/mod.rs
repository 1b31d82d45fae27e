//! The relay's HTTP surface: provider webhooks, the agents' WebSocket and REST API.

mod api;
mod auth;
mod contacts;
mod dial;
mod error;
mod hooks;
mod lookup;
mod outcomes;
mod recordings;
mod reminders;
mod ws;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use callcard_pbx::zadarma;

use crate::config::Config;
use crate::hub::Fanout;
use crate::ingest::Ingestor;
use crate::pbx_api::{PbxApis, Recordings};
use crate::store::Store;

pub use error::HttpError;

/// Everything a request handler needs.
pub struct AppState {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub hub: Arc<dyn Fanout>,
    pub ingestor: Ingestor,
    pub zadarma: zadarma::WebhookConfig,
    pub pbx: PbxApis,
    pub recordings: Recordings,
}

pub fn router(state: Arc<AppState>) -> Router {
    let max_body = state.config.server.max_body_bytes;
    Router::new()
        .route("/hooks/zadarma", get(hooks::zadarma_echo).post(hooks::zadarma))
        .route("/hooks/itoolabs", post(hooks::itoolabs))
        .route("/ws", get(ws::upgrade))
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/calls/active", get(api::active_calls))
        .route("/api/v1/calls/recent", get(api::recent_calls))
        .route("/api/v1/calls/unlogged", get(outcomes::unlogged))
        .route("/api/v1/calls/{id}/outcome", post(outcomes::log))
        .route("/api/v1/calls/{id}/recording", get(recordings::recording))
        .route("/api/v1/outcomes", get(outcomes::list))
        .route("/api/v1/dial", post(dial::dial))
        .route("/api/v1/reminders", get(reminders::list))
        .route("/api/v1/contacts", get(contacts::search).post(contacts::save_contact))
        .route("/healthz", get(api::health))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}
