//! What the app does, called by the commands (one line each) and by `actions` (tray,
//! notifications, links). Services read and change the state, hand the desk's effects to
//! `effects::apply`, and drive the window leaves with data.

pub mod actions;
pub mod calls;
pub mod dialing;
pub mod history;
pub mod language;
pub mod link;
pub mod player;
pub mod presence;
pub mod settings;
pub mod sync;
