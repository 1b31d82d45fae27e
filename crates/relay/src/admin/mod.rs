//! The admin service: what the console (`/api/v1/admin/…`) and the command line
//! (`callcard-relay settings|agent …`) both do, validated and worded in one place.

pub mod contacts;
pub mod csv_rows;
pub mod lines;
pub mod outcomes;
mod refresh;
mod refusal;
pub mod reports;
pub mod secrets;
pub mod settings;
pub mod team;

pub use refusal::{AdminError, Refusal, RefusalKind};
pub use settings::{LiveSettings, RuntimeSettings};
