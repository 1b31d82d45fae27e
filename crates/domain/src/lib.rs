//! The relay's rules, with no storage and no I/O: how a provider event changes a call
//! (`call_model`), what a stored event looks like and who may see it (`ledger`, `events`),
//! whether an outcome click may be logged (`outcomes`), when a silent call counts as missed
//! (`missed`), what a new number's call makes of it (`leads`). Every store backend runs these same functions inside its own transaction.

pub mod board;
pub mod call_model;
mod delivery;
mod events;
pub mod leads;
pub mod ledger;
pub mod missed;
pub mod outcomes;
#[cfg(test)]
mod test_calls;

pub use delivery::*;
pub use events::*;

/// Stored data that no longer reads as what was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored data is corrupt: {0}")]
pub struct Corrupt(pub String);
