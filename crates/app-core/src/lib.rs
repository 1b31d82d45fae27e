//! The desktop app's logic, with no UI and no Tauri: the relay link (`connection`), the REST
//! client and settings check (`relay_api`), which cards to show for the relay's call events
//! (`cards`), the app state the windows read (`desk`), settings and the token in the OS keyring.
//! The Tauri crate (`src-tauri`) stays a thin shell around this.

mod atomic_file;
pub mod backoff;
pub mod cards;
pub mod connection;
pub mod desk;
pub mod dialing;
pub mod outbox;
pub mod player;
pub mod position;
pub mod relay_api;
pub mod secrets;
pub mod settings;

/// An error message as a sentence for the UI: "cannot reach the relay: …" → "Cannot reach the relay: ….".
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}
