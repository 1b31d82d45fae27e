//! Signing in to the console: an admin's token buys an HttpOnly, SameSite=Strict session cookie
//! (only its hash is stored) and a CSRF token every change must echo in `X-CSRF-Token`. The
//! session ends at sign-out, after `[admin] session_idle_mins` without a request, or when its
//! agent is revoked or stops being an admin.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::Json;
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;
use callcard_protocol::{AdminSession, Agent, ErrorCode, Role, SignInRequest};
use chrono::Utc;
use subtle::ConstantTimeEq;

use super::super::{AppState, HttpError};
use crate::auth::{bearer, new_token, token_hash};
use crate::store::NewAdminSession;

const COOKIE: &str = "callcard_admin";
const CSRF_HEADER: &str = "x-csrf-token";

/// A request made by an admin: through a console session, or with an admin's bearer token.
pub struct AdminAuthed(pub Agent);

fn not_admin(agent: &Agent) -> HttpError {
    HttpError::new(StatusCode::FORBIDDEN, ErrorCode::NotAdmin, format!("{} is not an admin", agent.name))
        .with("role", agent.role.as_str())
        .with("name", &agent.name)
}

/// The agent whose bearer token the `Authorization` header carries (401 for none or a revoked one).
async fn agent_by_bearer(state: &AppState, header: &axum::http::HeaderValue) -> Result<Agent, HttpError> {
    let token = header
        .to_str()
        .ok()
        .and_then(bearer)
        .ok_or_else(|| HttpError::unauthorized(ErrorCode::MissingToken, "missing bearer token"))?;
    agent_by_token(state, token).await
}

async fn agent_by_token(state: &AppState, token: &str) -> Result<Agent, HttpError> {
    state
        .store
        .agent_by_token_hash(&token_hash(token))
        .await?
        .ok_or_else(|| HttpError::unauthorized(ErrorCode::InvalidToken, "invalid or revoked token"))
}

/// The admin whose token this is: 401 for no such token, 403 for an agent or supervisor.
async fn admin_by_token(state: &AppState, token: &str) -> Result<Agent, HttpError> {
    admin_only(agent_by_token(state, token).await?)
}

fn admin_only(agent: Agent) -> Result<Agent, HttpError> {
    if agent.role != Role::Admin {
        tracing::info!(agent = agent.id, role = agent.role.as_str(), "admin access refused: not an admin");
        return Err(not_admin(&agent));
    }
    Ok(agent)
}

/// 401 `session_expired`: no console session, or one that has ended.
pub fn expired() -> HttpError {
    HttpError::unauthorized(ErrorCode::SessionExpired, "the console session ended; sign in again")
}

impl FromRequestParts<Arc<AppState>> for AdminAuthed {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        // Scripts: an admin's token, no cookie, so no CSRF to fear.
        if let Some(header) = parts.headers.get(AUTHORIZATION) {
            return Ok(AdminAuthed(admin_only(agent_by_bearer(state, header).await?)?));
        }
        let (agent, csrf) = session_of(&parts.headers, state).await?.ok_or_else(expired)?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD);
        let sent = parts.headers.get(CSRF_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
        if !safe && !bool::from(sent.ct_eq(csrf.as_bytes())) {
            return Err(HttpError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::CsrfRefused,
                "a change without the session's X-CSRF-Token is refused; reload the console",
            ));
        }
        Ok(AdminAuthed(agent))
    }
}

/// A read by someone who sees every call: a supervisor's or admin's bearer token, or an admin's
/// console session (reports; reads only, so no CSRF token is involved).
pub struct SupervisorAuthed(pub Agent);

impl FromRequestParts<Arc<AppState>> for SupervisorAuthed {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        if let Some(header) = parts.headers.get(AUTHORIZATION) {
            let agent = agent_by_bearer(state, header).await?;
            if !agent.role.sees_every_call() {
                return Err(HttpError::new(
                    StatusCode::FORBIDDEN,
                    ErrorCode::NotAdmin,
                    format!("{} is neither a supervisor nor an admin", agent.name),
                )
                .with("role", agent.role.as_str())
                .with("name", &agent.name));
            }
            return Ok(SupervisorAuthed(agent));
        }
        let (agent, _) = session_of(&parts.headers, state).await?.ok_or_else(expired)?;
        Ok(SupervisorAuthed(agent))
    }
}

/// The session cookie's admin and CSRF token, if the session is alive (it is marked seen).
async fn session_of(headers: &HeaderMap, state: &AppState) -> Result<Option<(Agent, String)>, HttpError> {
    match session_id_hash(headers) {
        Some(id_hash) => touch_session(state, &id_hash).await,
        None => Ok(None),
    }
}

/// The hash the console session in `headers` is stored under, if a cookie is sent.
pub fn session_id_hash(headers: &HeaderMap) -> Option<String> {
    let jar = CookieJar::from_headers(headers);
    jar.get(COOKIE).map(|c| c.value()).filter(|v| !v.is_empty()).map(token_hash)
}

/// The session's admin and CSRF token while it is alive (marking it seen); `None` once it ended.
pub async fn touch_session(state: &AppState, id_hash: &str) -> Result<Option<(Agent, String)>, HttpError> {
    let idle = chrono::Duration::minutes(i64::try_from(state.config.admin.session_idle_mins).unwrap_or(i64::MAX / 120));
    Ok(state.store.touch_admin_session(id_hash, Utc::now() - idle).await?)
}

fn answer(state: &AppState, agent: Agent, csrf: String) -> Json<AdminSession> {
    Json(AdminSession { agent, csrf, idle_timeout_secs: state.config.admin.session_idle_mins * 60 })
}

fn session_cookie(state: &AppState, value: String) -> Cookie<'static> {
    let mut cookie = Cookie::build((COOKIE, value)).path("/").http_only(true).same_site(SameSite::Strict);
    // Behind TLS the cookie never travels in clear.
    if state.config.admin.public_url.trim().starts_with("https://") {
        cookie = cookie.secure(true);
    }
    cookie.build()
}

/// `POST /api/v1/admin/session`.
pub async fn sign_in(
    State(state): State<Arc<AppState>>,
    jar: CookieJar,
    body: Result<Json<SignInRequest>, JsonRejection>,
) -> Result<(CookieJar, Json<AdminSession>), HttpError> {
    let request = HttpError::json_body("sign-in", body)?;
    let token = request.token.trim();
    if token.is_empty() {
        return Err(HttpError::unauthorized(ErrorCode::MissingToken, "give an admin's token"));
    }
    let agent = admin_by_token(&state, token).await?;
    let (id, csrf) = (new_token(), new_token());
    state
        .store
        .open_admin_session(&NewAdminSession { id_hash: token_hash(&id), agent_id: agent.id, csrf: csrf.clone() })
        .await?;
    tracing::info!(agent = agent.id, name = %agent.name, "admin signed in to the console");
    Ok((jar.add(session_cookie(&state, id)), answer(&state, agent, csrf)))
}

/// `GET /api/v1/admin/session`: who is signed in (the page asks on load).
pub async fn current(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Json<AdminSession>, HttpError> {
    let (agent, csrf) = session_of(&headers, &state).await?.ok_or_else(expired)?;
    Ok(answer(&state, agent, csrf))
}

/// `DELETE /api/v1/admin/session`: signs out (with the CSRF token, like every change).
pub async fn sign_out(
    State(state): State<Arc<AppState>>,
    AdminAuthed(agent): AdminAuthed,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), HttpError> {
    if let Some(id) = jar.get(COOKIE).map(|c| c.value().to_string()) {
        state.store.close_admin_session(&token_hash(&id)).await?;
    }
    tracing::info!(agent = agent.id, "admin signed out of the console");
    Ok((StatusCode::NO_CONTENT, jar.remove(session_cookie(&state, String::new()))))
}
