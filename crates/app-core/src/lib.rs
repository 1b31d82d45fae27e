//! The desktop app's logic, with no UI and no Tauri: the relay link (`connection` over
//! `socket`), the REST client (`relay_api`) and settings check (`relay_check`), which cards to
//! show for the relay's call events (`cards`), the app state the windows read (`desk`),
//! settings, the token in the OS keyring, and every sentence people read (`words`).
//! The Tauri crate (`src-tauri`) stays a thin shell around this.

mod atomic_file;
pub mod backoff;
pub mod cards;
pub mod connection;
pub mod desk;
pub mod dialing;
pub mod history;
pub mod language;
pub mod outbox;
pub mod player;
pub mod position;
pub mod relay_api;
pub mod relay_check;
pub mod secrets;
pub mod settings;
pub mod socket;
pub mod words;
