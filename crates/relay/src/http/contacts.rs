//! `POST /api/v1/contacts`: an agent saves a contact for a number (the card's "Create contact").

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use callcard_pbx::phone::PhoneError;
use callcard_protocol::{ContactEntry, ContactSaved, ErrorCode, NewContactRequest, SetBlacklistRequest};

use super::auth::Authed;
use super::{AppState, HttpError};
use crate::admin;
use crate::providers::{contacts_changed, SyncedContact};
use crate::store::{NewContact, Saved};

/// A phone number that is not one.
pub fn bad_phone(field: &str, e: PhoneError) -> HttpError {
    HttpError::bad_request(ErrorCode::BadPhone, format!("{field}: {e}")).with("field", field).with("detail", e)
}

const MAX_FIELD_CHARS: usize = 200;

fn clean(field: &str, value: &str) -> Result<String, HttpError> {
    let value = value.trim();
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(HttpError::too_long(field, MAX_FIELD_CHARS));
    }
    Ok(value.to_string())
}

pub async fn save_contact(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    body: Result<Json<NewContactRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<ContactSaved>), HttpError> {
    let request = HttpError::json_body("contact", body)?;
    let phone = state.config.phone.normalize(&request.phone).map_err(|e| bad_phone("phone", e))?;
    let name = clean("name", &request.name)?;
    if name.is_empty() {
        return Err(HttpError::bad_request(ErrorCode::FieldRequired, "name is required").with("field", "name"));
    }
    let company = clean("company", request.company.as_deref().unwrap_or(""))?;

    // Correcting a contact keeps its responsible agent and blacklist flag; a new contact
    // belongs to the agent who created it.
    let existing = state.store.contact_by_phone(&phone).await?;
    let (responsible_agent_id, blacklisted) = match &existing {
        Some(c) => (c.responsible.as_ref().map(|a| a.id), c.info.blacklisted),
        None => (Some(agent.id), false),
    };
    let contact = NewContact {
        phone: phone.clone(),
        name,
        company: (!company.is_empty()).then_some(company),
        responsible_agent_id,
        blacklisted,
    };
    let saved = state.store.save_contacts(std::slice::from_ref(&contact)).await?;
    // An agent who names a lead has taken the client on (seed 004: "Name this client").
    state.store.mark_client(&phone).await?;
    let created = matches!(saved.first(), Some((_, Saved::Created)));
    let record = state.store.contact_by_phone(&phone).await?.ok_or_else(HttpError::storage_unavailable)?;
    // The PBX's own phone app learns the name too, in the background: the agent does not wait.
    let synced = SyncedContact::new(&phone, &record.info.name, record.info.company.as_deref());
    let sync_state = state.clone();
    tokio::spawn(async move { contacts_changed(&sync_state.providers.get(), &[synced]).await });
    tracing::info!(agent = %agent.name, phone = %phone, created, "contact saved by agent");
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(ContactSaved { phone, contact: record.info, created })))
}

/// `PUT /api/v1/contacts/{phone}/blacklist`: the app's blacklist button, for agents the admin
/// allows.
pub async fn set_blacklist(
    State(state): State<Arc<AppState>>,
    Authed(agent, _): Authed,
    Path(phone): Path<String>,
    body: Result<Json<SetBlacklistRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<ContactSaved>), HttpError> {
    let request = HttpError::json_body("blacklist", body)?;
    let (saved, how) =
        admin::contacts::blacklist_from_app(&*state.store, &state.config.phone, &agent, &phone, request.blacklisted)
            .await?;
    tracing::info!(agent = %agent.name, phone = %saved.phone, blacklisted = request.blacklisted, "blacklist changed from the app");
    let created = how == Saved::Created;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(ContactSaved { phone: saved.phone, contact: saved.contact, created })))
}

#[derive(serde::Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    limit: Option<u32>,
}

/// `GET /api/v1/contacts?q=…`: contacts whose name, company or number contains `q` (the
/// dialer's search as you type).
pub async fn search(
    State(state): State<Arc<AppState>>,
    _: Authed,
    query: Result<axum::extract::Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<ContactEntry>>, HttpError> {
    let axum::extract::Query(query) = query.map_err(|e| HttpError::bad_query(e.body_text()))?;
    let limit = query.limit.unwrap_or(20);
    if !(1..=200).contains(&limit) {
        return Err(HttpError::bad_limit(1, 200));
    }
    let q = query.q.unwrap_or_default();
    let q = q.trim();
    if q.chars().count() > MAX_FIELD_CHARS {
        return Err(HttpError::too_long("q", MAX_FIELD_CHARS));
    }
    let found = if q.is_empty() {
        state.store.list_contacts(limit).await?
    } else {
        state.store.search_contacts(q, limit).await?
    };
    Ok(Json(found.into_iter().map(|c| ContactEntry { phone: c.phone, contact: c.info }).collect()))
}
