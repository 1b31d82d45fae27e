//! A webhook on its way into the store, and what became of it.

use std::sync::Arc;

use callcard_pbx::{CallFacts, DedupScope};
use callcard_protocol::ProviderId;
use chrono::{DateTime, Utc};

use crate::PublishedEvent;

/// One accepted webhook, ready to be made durable.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub provider: ProviderId,
    /// Hash of the webhook's fields: the same webhook delivered twice has the same key.
    pub content_key: String,
    pub dedup_scope: DedupScope,
    pub event: String,
    /// The webhook's fields as JSON, secrets removed.
    pub fields_json: String,
    /// What in the webhook could not be read (stored for the admins; empty when all parsed).
    pub problems: Vec<String>,
    pub received_at: DateTime<Utc>,
    pub facts: Option<CallFacts>,
    /// Normalised client number, line and line label (the store resolves agents and contacts).
    pub client_phone: Option<String>,
    pub line: Option<String>,
    pub line_label: Option<String>,
    /// The seeds' rules for new numbers, while the auto-create switch is on; `None`: off.
    pub leads: Option<crate::leads::LeadRules>,
    /// Who a call of a PBX user not in Callcard is filed under (seed 003: the default
    /// responsible), so that history and reports miss no call; `None`: nobody.
    pub unknown_users_to: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IngestOutcome {
    /// Already stored by an earlier delivery: nothing changed.
    Duplicate,
    /// Stored; `event` is the resulting call event, if the webhook changed a call.
    Stored { event: Option<Arc<PublishedEvent>> },
}
