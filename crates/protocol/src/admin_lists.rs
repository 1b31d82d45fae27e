//! The console's lists (`/api/v1/admin/contacts|lines|outcomes…`): contacts with the CSV
//! import's per-row report, line labels, and the outcome buttons.

use serde::{Deserialize, Serialize};

use crate::{ApiError, ContactInfo, OutcomeOption};

/// A contact as the console lists it (`GET /api/v1/admin/contacts?q=`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminContact {
    /// Digits-only E.164.
    pub phone: String,
    pub contact: ContactInfo,
    /// The responsible agent's id, for the console's pick list.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub responsible_id: Option<i64>,
}

/// `POST /api/v1/admin/contacts`: adds the contact, or changes the one with this number.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveContactRequest {
    pub phone: String,
    pub name: String,
    #[serde(default)]
    pub company: Option<String>,
    /// An agent: id, login, extension or name; absent or empty for nobody.
    #[serde(default)]
    pub responsible: Option<String>,
    #[serde(default)]
    pub blacklisted: bool,
}

/// `PUT /api/v1/admin/contacts/{phone}/blacklist`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetBlacklistRequest {
    pub blacklisted: bool,
}

/// What became of one row of an imported CSV file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportRowResult {
    /// A new contact (or one that would be, when the import was refused).
    Created,
    /// An existing contact changed (or would be).
    Updated,
    /// The row is wrong: see its problem.
    Refused,
    #[serde(other)]
    Unknown,
}

/// One data row of an imported CSV file (the header is line 1).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: u32,
    /// The number as normalised, or as written when it is not one.
    pub phone: String,
    pub name: String,
    pub result: ImportRowResult,
    #[serde(default)]
    pub problem: Option<ApiError>,
}

/// `POST /api/v1/admin/contacts/import` (a CSV body): a file lands whole or not at all. With
/// any row refused, `imported` is false and nothing was saved; the other rows say what they
/// would have done.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub imported: bool,
    pub created: u32,
    pub updated: u32,
    pub refused: u32,
    pub rows: Vec<ImportRow>,
}

/// Where a line's label comes from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineSource {
    /// Set in the console: wins over the file.
    Store,
    /// `[lines]` in the config file.
    Config,
    #[serde(other)]
    Unknown,
}

/// One of our numbers (a DID) with its label: the line a card shows and the call-tracking
/// source in reports (`GET /api/v1/admin/lines`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineEntry {
    /// Digits-only E.164.
    pub did: String,
    pub label: String,
    pub source: LineSource,
}

/// `PUT /api/v1/admin/lines/{did}`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetLineRequest {
    pub label: String,
}

/// An outcome button as the console lists it, offered or retired.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOutcome {
    pub option: OutcomeOption,
    /// No longer offered; calls logged with it keep it.
    pub retired: bool,
}

/// `PUT /api/v1/admin/outcomes/{code}`: adds the code, or changes (and re-offers) it. A new
/// code goes last.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveOutcomeRequest {
    pub label: String,
    /// `#rrggbb`.
    pub colour: String,
    /// Position on the card (smaller first); absent keeps an existing code's place and puts a
    /// new one last.
    #[serde(default)]
    pub order: Option<i32>,
    /// Whether logging it makes the call's lead a client; absent keeps an existing code's
    /// choice (a new one does not convert).
    #[serde(default)]
    pub converts: Option<bool>,
}

/// `PUT /api/v1/admin/outcomes/order`: every offered code, in the order cards show them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeOrderRequest {
    pub codes: Vec<String>,
}
