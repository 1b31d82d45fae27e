//! The admin console's JSON API, `/api/v1/admin/…`: admins only (a console session cookie with
//! its CSRF token, or an admin's bearer token for scripts). What it does is the admin service's
//! (`crate::admin`); this module is its HTTP face.

mod board;
mod contacts;
mod lines;
mod outcomes;
mod reports;
mod session;
mod settings;
mod team;
mod telephony;
mod webhooks;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;

use super::AppState;

pub use session::{expired, session_id_hash, touch_session, AdminAuthed, SupervisorAuthed};

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/session", post(session::sign_in).get(session::current).delete(session::sign_out))
        .route("/settings", get(settings::list))
        .route("/settings/{name}", put(settings::set))
        .route("/agents", get(team::list).post(team::add))
        .route("/agents/{id}/role", put(team::set_role))
        .route("/agents/{id}/pbx-users/{provider}", put(team::set_pbx_user))
        .route("/agents/{id}/permissions", put(team::set_permissions))
        .route("/agents/{id}/revoke", post(team::revoke))
        .route("/providers", get(telephony::list))
        .route("/providers/{id}/check", post(telephony::check))
        .route("/providers/{id}/users", get(telephony::users))
        .route("/providers/{id}/keys", put(telephony::set_keys))
        .route("/webhooks/flagged", get(webhooks::flagged))
        .route("/contacts", get(contacts::search).post(contacts::save))
        .route("/contacts/import", post(contacts::import).layer(DefaultBodyLimit::max(contacts::IMPORT_MAX_BYTES)))
        .route("/contacts/{phone}/blacklist", put(contacts::set_blacklist))
        .route("/contacts/{phone}/calls", get(super::journal::journal_for_console))
        .route("/calls/{id}/recording", get(super::recordings::recording_for_console))
        .route("/lines", get(lines::list))
        .route("/lines/{did}", put(lines::set).delete(lines::remove))
        .route("/board", get(board::board))
        .route("/reports", get(reports::report))
        .route("/reports/calls.csv", get(reports::calls_csv))
        .route("/outcomes", get(outcomes::list))
        // Before `{code}`: `order` is not a code.
        .route("/outcomes/order", put(outcomes::reorder))
        .route("/outcomes/{code}", put(outcomes::save))
        .route("/outcomes/{code}/retire", post(outcomes::retire))
}
