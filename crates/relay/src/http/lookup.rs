//! In-line answers to the PBX's questions: who is calling, where to route, is it blacklisted.

use serde_json::{json, Map, Value};

use super::AppState;
use crate::store::ContactRecord;

async fn find_contact(state: &AppState, raw_phone: &str) -> Option<ContactRecord> {
    let phone = state.config.phone.normalize_lenient(raw_phone)?;
    match state.store.contact_by_phone(&phone).await {
        Ok(found) => found,
        Err(e) => {
            // The call must go on even if the lookup cannot: answer "unknown".
            tracing::error!(error = %e, "contact lookup failed");
            None
        }
    }
}

fn display_name(c: &ContactRecord) -> String {
    match c.info.company.as_deref().filter(|s| !s.is_empty()) {
        Some(company) => format!("{} / {}", c.info.name, company),
        None => c.info.name.clone(),
    }
}

/// Reply to Zadarma NOTIFY_START (PROTOCOLS.md §1.4).
pub async fn zadarma_reply(state: &AppState, raw_phone: &str) -> Value {
    let Some(contact) = find_contact(state, raw_phone).await else { return json!({}) };
    if contact.info.blacklisted {
        return json!({"redirect": "blacklist"});
    }
    let mut reply = Map::new();
    reply.insert("caller_name".into(), display_name(&contact).into());
    let routing = &state.config.routing;
    if routing.redirect_to_responsible {
        if let Some(ext) = contact.responsible.as_ref().and_then(|a| a.extension.clone()) {
            reply.insert("redirect".into(), ext.into());
            if let Some(timeout) = routing.return_timeout {
                reply.insert("return_timeout".into(), timeout.into());
            }
        }
    }
    Value::Object(reply)
}

/// Reply to ITooLabs `cmd=contact` (PROTOCOLS.md §2.2).
pub async fn itoolabs_reply(state: &AppState, raw_phone: &str) -> Value {
    let Some(contact) = find_contact(state, raw_phone).await else { return json!({}) };
    let mut reply = Map::new();
    reply.insert("contact_name".into(), display_name(&contact).into());
    if let Some(login) = contact.responsible.as_ref().and_then(|a| a.login.clone()) {
        reply.insert("responsible".into(), login.into());
    }
    Value::Object(reply)
}
