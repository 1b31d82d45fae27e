//! The wire contract between `callcard-relay` and its clients (the desktop app, tests, tools).
//!
//! Everything that crosses the WebSocket or the agent REST API is defined here, once. The JSON
//! shape is documented in `docs/protocol.md`; bump [`PROTOCOL_VERSION`] on any change that an
//! older client could misread.

mod admin;
mod admin_lists;
mod board;
mod call;
mod errors;
mod messages;
mod reports;

pub use admin::*;
pub use admin_lists::*;
pub use board::*;
pub use call::*;
pub use errors::*;
pub use messages::*;
pub use reports::*;

/// Version of the WebSocket protocol, carried in [`ServerMessage::Hello`] and
/// [`ClientMessage::Subscribe`]. A client that speaks another version is refused with
/// [`ErrorCode::ProtocolMismatch`].
pub const PROTOCOL_VERSION: u32 = 1;
