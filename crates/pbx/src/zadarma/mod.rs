//! Zadarma (also Novofon, Megacall): webhook signatures, webhook parsing, REST request signing.
//! Facts: PROTOCOLS.md §1.

mod adapter;
mod rest;
mod signature;
mod webhook;

pub use adapter::ZadarmaWebhooks;
pub use rest::{php_query_encode, rest_authorization, signed_query};
pub use signature::{verify_webhook_signature, webhook_signature, SignatureForm};
pub use webhook::{candidate_strings, parse_webhook, signed_string, WebhookConfig};
