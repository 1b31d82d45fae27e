//! Ringostat (PROTOCOLS.md §4): Webhooks 2.0 with the parameters the admin ticked, one URL per
//! event with a secret in the path, and the webhook number's answer (smart redirect).

mod adapter;
mod fields;
mod webhook;

pub use adapter::{RingostatConfig, RingostatWebhooks};
pub use fields::known_names;
pub use webhook::{clean_number, EVENTS};
