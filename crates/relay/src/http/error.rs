//! Every error the relay's HTTP surface answers is JSON: `{"error": "<reason>"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use callcard_protocol::ApiError;

use crate::ingest::IngestError;
use crate::store::StoreError;

#[derive(Debug)]
pub struct HttpError {
    pub status: StatusCode,
    pub message: String,
}

impl HttpError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> HttpError {
        HttpError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> HttpError {
        HttpError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> HttpError {
        HttpError::new(StatusCode::UNAUTHORIZED, message)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        (self.status, Json(ApiError::new(callcard_protocol::ErrorCode::Unknown, self.message))).into_response()
    }
}

impl From<StoreError> for HttpError {
    fn from(e: StoreError) -> HttpError {
        tracing::error!(error = %e, "store error");
        HttpError::new(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable, try again")
    }
}

impl From<IngestError> for HttpError {
    fn from(e: IngestError) -> HttpError {
        tracing::error!(error = %e, "ingest error");
        HttpError::new(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable, try again")
    }
}

impl From<axum::extract::rejection::BytesRejection> for HttpError {
    fn from(e: axum::extract::rejection::BytesRejection) -> HttpError {
        let status = e.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "request body is too large".to_string()
        } else {
            format!("could not read request body: {}", e.body_text())
        };
        HttpError::new(status, message)
    }
}

pub async fn not_found() -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, "no such endpoint")
}

pub async fn method_not_allowed() -> HttpError {
    HttpError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed on this endpoint")
}
