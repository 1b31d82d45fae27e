//! Webhooks whose shape the customer chose: UIS renders its notifications from the admin's
//! templates, Ringostat sends the parameters the admin ticked under names the admin may change.
//! Both put a secret and the event kind in the URL path. What they share is here: reading any
//! body leniently, finding a variable under its aliases or the admin's key, noting what does not
//! parse, and the path's secret.

mod body;
mod fields;
mod path;
mod reading;

pub use body::read_variables;
#[cfg(test)]
pub use body::{flatten, parse_json};
pub use fields::{Aliases, Fields};
pub use path::{content_key, dedup_scope, path_event};
pub use reading::{parse_time, Reading};
