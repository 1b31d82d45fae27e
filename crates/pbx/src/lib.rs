//! PBX provider adapters: verify and parse each provider's webhooks into one normalised shape
//! ([`Webhook`] with [`CallFacts`]) through one seam ([`WebhookAdapter`]), answer them in the
//! provider's format, and sign requests to their APIs. Pure code, no I/O: the relay and the
//! simulator both build on it.

mod chosen;
mod facts;
mod form;
mod inbound;
pub mod itoolabs;
pub mod latin;
pub mod phone;
mod reader;
pub mod ringostat;
pub mod uis;
pub mod zadarma;

pub use facts::*;
pub use form::{Form, FormError};
pub use inbound::*;
