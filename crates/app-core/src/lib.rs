//! The desktop app's logic, with no UI and no Tauri: which cards to show for the relay's call
//! events, the persisted resume position, reconnect backoff. The Tauri crate stays a thin shell
//! around this (issue #4).

pub mod backoff;
pub mod cards;
pub mod position;
