//! The app's windows. Leaves: they take data to show, keep their own window bookkeeping, and
//! never read the app's state.

pub mod cards;
pub mod dialer;
pub mod main;
pub mod release;
