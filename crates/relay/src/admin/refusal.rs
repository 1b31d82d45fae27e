//! Why the admin service did not do what was asked: a code and its parameters for the console,
//! an English sentence for the command line and logs.

use callcard_protocol::{ErrorCode, ErrorParams};

use crate::store::StoreError;

/// What kind of no it is (the console's HTTP status follows from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// The request is wrong as given (400).
    Invalid,
    /// What it names does not exist (404).
    NotFound,
    /// It clashes with what is stored (409).
    Conflict,
    /// This agent may not do it (403).
    Forbidden,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub kind: RefusalKind,
    pub code: ErrorCode,
    pub message: String,
    pub params: ErrorParams,
}

impl Refusal {
    pub fn new(kind: RefusalKind, code: ErrorCode, message: impl Into<String>) -> Refusal {
        Refusal { kind, code, message: message.into(), params: ErrorParams::new() }
    }

    pub fn invalid(code: ErrorCode, message: impl Into<String>) -> Refusal {
        Refusal::new(RefusalKind::Invalid, code, message)
    }

    pub fn with(mut self, name: &str, value: impl ToString) -> Refusal {
        self.params.insert(name.to_string(), value.to_string());
        self
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{}", .0.message)]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Refusal> for AdminError {
    fn from(r: Refusal) -> AdminError {
        AdminError::Refused(r)
    }
}
