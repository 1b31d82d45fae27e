//! Our lines (DIDs) and their labels: the line a card shows ("Moscow sales") and the
//! call-tracking source in reports. A label set here wins over `[lines]` in the config file.

use std::collections::BTreeMap;

use callcard_pbx::phone::PhoneRule;
use callcard_protocol::{ErrorCode, LineEntry, LineSource};

use super::{AdminError, Refusal, RefusalKind};
use crate::store::Store;

const LABEL_MAX: usize = 60;

/// Every labelled line: the file's, with the stored ones over them.
pub fn merged(config: &BTreeMap<String, String>, stored: &BTreeMap<String, String>) -> Vec<LineEntry> {
    let mut lines: BTreeMap<&String, LineEntry> = config
        .iter()
        .map(|(did, label)| (did, LineEntry { did: did.clone(), label: label.clone(), source: LineSource::Config }))
        .collect();
    for (did, label) in stored {
        lines.insert(did, LineEntry { did: did.clone(), label: label.clone(), source: LineSource::Store });
    }
    lines.into_values().collect()
}

pub async fn list(store: &dyn Store, config: &BTreeMap<String, String>) -> Result<Vec<LineEntry>, AdminError> {
    Ok(merged(config, &store.stored_lines().await?))
}

/// Labels `did`; returns the number as stored.
pub async fn set(store: &dyn Store, phone_rule: &PhoneRule, did: &str, label: &str) -> Result<String, AdminError> {
    let did = phone_rule.normalize(did).map_err(|e| {
        Refusal::invalid(ErrorCode::BadPhone, format!("line: {e}")).with("field", "did").with("detail", e)
    })?;
    let label = label.trim();
    if label.is_empty() {
        return Err(Refusal::invalid(ErrorCode::FieldRequired, "label is required").with("field", "label").into());
    }
    if label.chars().count() > LABEL_MAX {
        return Err(Refusal::invalid(ErrorCode::FieldTooLong, format!("label is longer than {LABEL_MAX} characters"))
            .with("field", "label")
            .with("max", LABEL_MAX)
            .into());
    }
    store.save_line(&did, label).await?;
    Ok(did)
}

/// Takes away the label set here (the file's label, if any, shows again).
pub async fn remove(store: &dyn Store, phone_rule: &PhoneRule, did: &str) -> Result<(), AdminError> {
    let normalized = phone_rule.normalize(did).unwrap_or_else(|_| did.to_string());
    if !store.remove_line(&normalized).await? {
        return Err(Refusal::new(
            RefusalKind::NotFound,
            ErrorCode::NoSuchLine,
            format!("no label was set in the console for {normalized}"),
        )
        .with("did", normalized)
        .into());
    }
    Ok(())
}
