//! The relay's HTTP surface: provider webhooks, the agents' WebSocket and REST API.

mod admin;
mod api;
mod auth;
mod console;
mod contacts;
mod dial;
mod error;
mod history;
mod hooks;
mod journal;
mod lookup;
mod outcomes;
mod presence;
mod recordings;
mod reminders;
mod ws;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get, post, put};
use axum::Router;

use crate::admin::secrets::LiveProviders;
use crate::admin::LiveSettings;
use crate::config::Config;
use crate::fanout::{Broker, LocalHub};
use crate::ingest::Ingestor;
use crate::store::Store;

pub use error::HttpError;

/// Everything a request handler needs.
pub struct AppState {
    pub config: Config,
    pub store: Arc<dyn Store>,
    /// This node's sessions.
    pub hub: Arc<LocalHub>,
    /// Carries events to every node's hub (health reports whether it does now).
    pub broker: Arc<dyn Broker>,
    pub ingestor: Ingestor,
    /// Rebuilt when PBX keys are set in the console: take `providers.get()` per request.
    pub providers: Arc<LiveProviders>,
    /// The switches and the default responsible, as the store says now.
    pub settings: Arc<LiveSettings>,
    /// Whose `X-Forwarded-For` names a webhook's sender (`[server] trusted_proxies`).
    pub trusted_proxies: crate::providers::sources::Networks,
}

impl AppState {
    /// The zone whose days reports, the history and the board count in (checked at start-up).
    pub fn report_tz(&self) -> Result<chrono_tz::Tz, HttpError> {
        self.config.reports.tz().map_err(|e| HttpError::bad_request(callcard_protocol::ErrorCode::Internal, e))
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    let max_body = state.config.server.max_body_bytes;
    Router::new()
        // Every provider's webhooks, by its id (`/hooks/zadarma`, `/hooks/itoolabs`, and paths
        // below it for providers with URL secrets or event kinds in the path).
        .route("/hooks/{provider}", any(hooks::receive))
        .route("/hooks/{provider}/{*path}", any(hooks::receive_path))
        .route("/ws", get(ws::upgrade))
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/calls/active", get(api::active_calls))
        .route("/api/v1/calls/recent", get(api::recent_calls))
        .route("/api/v1/calls/history", get(history::history))
        .route("/api/v1/calls/unlogged", get(outcomes::unlogged))
        .route("/api/v1/calls/{id}/outcome", post(outcomes::log))
        .route("/api/v1/calls/{id}/recording", get(recordings::recording))
        .route("/api/v1/outcomes", get(outcomes::list))
        .route("/api/v1/dial", post(dial::dial))
        .route("/api/v1/reminders", get(reminders::list))
        .route("/api/v1/presence", put(presence::report))
        .route("/api/v1/contacts", get(contacts::search).post(contacts::save_contact))
        .route("/api/v1/contacts/{phone}/blacklist", put(contacts::set_blacklist))
        .route("/api/v1/contacts/{phone}/calls", get(journal::journal))
        .route("/healthz", get(api::health))
        .nest("/api/v1/admin", admin::routes())
        .route("/admin", get(console::index))
        .route("/admin/", get(console::index))
        .route("/admin/{*path}", get(console::file))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}
