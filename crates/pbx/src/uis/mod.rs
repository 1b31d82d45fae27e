//! UIS, CoMagic, CallGear and Novofon V2 (one platform, PROTOCOLS.md §3): HTTP notifications
//! rendered from the customer's templates, one URL per event with a secret in the path, and the
//! interactive call processing reply.

mod adapter;
mod fields;
mod webhook;

pub use adapter::{dialable, PhoneBook, UisConfig, UisWebhooks};
pub use fields::known_names;
pub use webhook::EVENTS;
