//! The admin console's page and assets (`ui/` builds them into `ui/dist-admin`), served at
//! `/admin`. Debug builds read the files from disk; release builds carry them inside.

use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use callcard_protocol::ErrorCode;

use super::HttpError;

#[derive(rust_embed::Embed)]
#[folder = "../../ui/dist-admin/"]
#[allow_missing = true]
struct Console;

/// Same origin only: no script, style or frame from anywhere else.
const POLICY: &str =
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

fn serve(path: &str) -> Response {
    let Some(file) = Console::get(path) else {
        if Console::get("admin.html").is_none() {
            return HttpError::not_found(
                ErrorCode::NoSuchEndpoint,
                "the admin console is not built into this relay: run scripts/build-ui, then build the relay",
            )
            .into_response();
        }
        return HttpError::not_found(ErrorCode::NoSuchEndpoint, "no such console file").into_response();
    };
    // The page itself is never cached (it names the current assets); the assets have hashed names.
    let cache = if path == "admin.html" { "no-store" } else { "public, max-age=31536000, immutable" };
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, file.metadata.mimetype().to_string()),
            (CACHE_CONTROL, cache.to_string()),
            (CONTENT_SECURITY_POLICY, POLICY.to_string()),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (X_FRAME_OPTIONS, "DENY".to_string()),
        ],
        file.data,
    )
        .into_response()
}

/// `/admin`, `/admin/`.
pub async fn index() -> Response {
    serve("admin.html")
}

/// `/admin/assets/…`; any other path is the page (it has no routes of its own yet).
pub async fn file(axum::extract::Path(path): axum::extract::Path<String>) -> Response {
    if path.starts_with("assets/") {
        serve(&path)
    } else {
        serve("admin.html")
    }
}
