//! PBX provider adapters: verify and parse each provider's webhooks into one normalised shape
//! ([`Webhook`]), and sign requests to their APIs. Pure code, no I/O: the relay and the
//! simulator both build on it.

mod facts;
mod form;
pub mod itoolabs;
pub mod phone;
pub mod zadarma;

pub use facts::*;
pub use form::{Form, FormError};
