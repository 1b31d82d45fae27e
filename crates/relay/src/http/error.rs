//! Every error the relay's HTTP surface answers is JSON: `{"error": "<sentence>", "code":
//! "<stable code>", "params": {…}}` (`callcard_protocol::ApiError`). Clients word it from the
//! code; the sentence is for logs and for clients that do not know the code.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use callcard_protocol::{ApiError, ErrorCode};

use crate::admin::{AdminError, RefusalKind};
use crate::ingest::IngestError;
use crate::store::StoreError;

#[derive(Debug)]
pub struct HttpError {
    pub status: StatusCode,
    pub body: ApiError,
}

impl HttpError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> HttpError {
        HttpError { status, body: ApiError::new(code, message) }
    }

    /// Adds a parameter the client words the error with.
    pub fn with(mut self, name: &str, value: impl ToString) -> HttpError {
        self.body = self.body.with(name, value);
        self
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> HttpError {
        HttpError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized(code: ErrorCode, message: impl Into<String>) -> HttpError {
        HttpError::new(StatusCode::UNAUTHORIZED, code, message)
    }

    /// A query string that does not parse.
    pub fn bad_query(detail: impl std::fmt::Display) -> HttpError {
        HttpError::bad_request(ErrorCode::BadQuery, format!("bad query: {detail}")).with("detail", detail)
    }

    /// A JSON body that does not parse (its status is the rejection's: 400, 415 or 422).
    pub fn bad_body(status: StatusCode, what: &str, detail: impl std::fmt::Display) -> HttpError {
        HttpError::new(status, ErrorCode::BadBody, format!("bad {what}: {detail}")).with("detail", detail)
    }

    /// A JSON body, or a `bad_body` error naming `what` (its status is the rejection's).
    pub fn json_body<T>(what: &str, body: Result<Json<T>, JsonRejection>) -> Result<T, HttpError> {
        body.map(|Json(v)| v).map_err(|e| HttpError::bad_body(e.status(), what, e.body_text()))
    }

    pub fn bad_limit(min: u32, max: u32) -> HttpError {
        HttpError::bad_request(ErrorCode::BadLimit, format!("limit must be between {min} and {max}"))
            .with("min", min)
            .with("max", max)
    }

    pub fn too_long(field: &str, max: usize) -> HttpError {
        HttpError::bad_request(ErrorCode::FieldTooLong, format!("{field} is longer than {max} characters"))
            .with("field", field)
            .with("max", max)
    }

    pub fn not_found(code: ErrorCode, message: impl Into<String>) -> HttpError {
        HttpError::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn storage_unavailable() -> HttpError {
        HttpError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::StorageUnavailable, "storage unavailable, try again")
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<StoreError> for HttpError {
    fn from(e: StoreError) -> HttpError {
        tracing::error!(error = %e, "store error");
        crate::metrics::store_error();
        HttpError::storage_unavailable()
    }
}

impl From<crate::admin::Refusal> for HttpError {
    fn from(r: crate::admin::Refusal) -> HttpError {
        AdminError::Refused(r).into()
    }
}

impl From<AdminError> for HttpError {
    fn from(e: AdminError) -> HttpError {
        match e {
            AdminError::Store(e) => e.into(),
            AdminError::Refused(r) => {
                let status = match r.kind {
                    RefusalKind::Invalid => StatusCode::BAD_REQUEST,
                    RefusalKind::NotFound => StatusCode::NOT_FOUND,
                    RefusalKind::Conflict => StatusCode::CONFLICT,
                    RefusalKind::Forbidden => StatusCode::FORBIDDEN,
                };
                let mut error = HttpError::new(status, r.code, r.message);
                error.body.params.extend(r.params);
                error
            }
        }
    }
}

impl From<IngestError> for HttpError {
    fn from(e: IngestError) -> HttpError {
        tracing::error!(error = %e, "ingest error");
        HttpError::storage_unavailable()
    }
}

impl From<axum::extract::rejection::BytesRejection> for HttpError {
    fn from(e: axum::extract::rejection::BytesRejection) -> HttpError {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            HttpError::new(status, ErrorCode::BodyTooLarge, "request body is too large")
        } else {
            HttpError::new(status, ErrorCode::UnreadableBody, format!("could not read request body: {}", e.body_text()))
                .with("detail", e.body_text())
        }
    }
}

pub async fn not_found() -> HttpError {
    HttpError::not_found(ErrorCode::NoSuchEndpoint, "no such endpoint")
}

pub async fn method_not_allowed() -> HttpError {
    HttpError::new(StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed, "method not allowed on this endpoint")
}
