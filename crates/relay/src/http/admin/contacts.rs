//! `/api/v1/admin/contacts…`: search, add or change, the blacklist flag, and CSV imports.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use callcard_protocol::{AdminContact, ImportReport, SaveContactRequest, SetBlacklistRequest};
use serde::Deserialize;

use super::super::{AppState, HttpError};
use super::AdminAuthed;
use crate::admin::contacts;
use crate::store::{NewContact, Saved};

/// Largest CSV file the console takes (the rest of the API takes far less).
pub const IMPORT_MAX_BYTES: usize = 8 * 1024 * 1024;

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    limit: Option<u32>,
}

pub async fn search(
    State(state): State<Arc<AppState>>,
    _: AdminAuthed,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<Vec<AdminContact>>, HttpError> {
    let Query(query) = query.map_err(|e| HttpError::bad_query(e.body_text()))?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(HttpError::bad_limit(1, 500));
    }
    Ok(Json(contacts::search(&*state.store, query.q.as_deref().unwrap_or(""), limit).await?))
}

pub async fn save(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    body: Result<Json<SaveContactRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<AdminContact>), HttpError> {
    let request = HttpError::json_body("contact", body)?;
    let (saved, how) = contacts::save(&*state.store, &state.config.phone, request).await?;
    tracing::info!(admin = admin.id, phone = %saved.phone, created = how == Saved::Created, "contact saved in the console");
    tell_pbxes_later(&state, vec![NewContact::from(&saved)]);
    let status = if how == Saved::Created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(saved)))
}

pub async fn set_blacklist(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    Path(phone): Path<String>,
    body: Result<Json<SetBlacklistRequest>, JsonRejection>,
) -> Result<Json<AdminContact>, HttpError> {
    let request = HttpError::json_body("blacklist", body)?;
    let saved = contacts::set_blacklisted(&*state.store, &state.config.phone, &phone, request.blacklisted).await?;
    tracing::info!(admin = admin.id, phone = %saved.phone, blacklisted = request.blacklisted, "blacklist changed in the console");
    Ok(Json(saved))
}

/// A CSV body (`phone,name[,company,responsible,blacklist]`): saved whole, or not at all with
/// the rows to fix in the report.
pub async fn import(
    State(state): State<Arc<AppState>>,
    AdminAuthed(admin): AdminAuthed,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportReport>, HttpError> {
    let body = body?;
    let imported = contacts::import(&*state.store, &state.config.phone, &body).await?;
    let r = &imported.report;
    tracing::info!(
        admin = admin.id,
        imported = r.imported,
        created = r.created,
        updated = r.updated,
        refused = r.refused,
        "contacts import in the console"
    );
    tell_pbxes_later(&state, imported.saved);
    Ok(Json(imported.report))
}

/// The PBXes that keep names learn them in the background: the admin does not wait.
fn tell_pbxes_later(state: &Arc<AppState>, contacts: Vec<NewContact>) {
    if contacts.is_empty() {
        return;
    }
    let providers = state.providers.get();
    tokio::spawn(async move { contacts::tell_pbxes(&providers, &contacts).await });
}
