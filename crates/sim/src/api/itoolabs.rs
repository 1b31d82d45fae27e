//! ITooLabs CRM → PBX API (`/sys/crm_api.wcgp`, PROTOCOLS.md §2.3).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use callcard_pbx::Form;
use serde_json::json;
use subtle::ConstantTimeEq;

use super::ApiState;
use crate::plan::ProviderKind;

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}

pub async fn crm_api(State(state): State<Arc<ApiState>>, body: Bytes) -> Response {
    let Ok(form) = Form::from_urlencoded(&body) else { return error(StatusCode::BAD_REQUEST, "Invalid parameters") };
    let config = state.player.config.clone();
    let token_ok =
        form.get("token").is_some_and(|t| bool::from(t.as_bytes().ct_eq(config.itoolabs.api_token.as_bytes())));
    if !token_ok {
        return error(StatusCode::UNAUTHORIZED, "Invalid token");
    }
    match form.get("cmd").unwrap_or("") {
        "makeCall" => {
            let (Some(user), Some(phone)) = (form.non_empty("user"), form.non_empty("phone")) else {
                return error(StatusCode::BAD_REQUEST, "Invalid parameters");
            };
            // The real API takes digits only: a leading + is refused.
            if !(7..=15).contains(&phone.len()) || !phone.bytes().all(|b| b.is_ascii_digit()) {
                return error(StatusCode::BAD_REQUEST, "Invalid parameters");
            }
            let Some(agent) = config.agents.iter().find(|a| a.login == user || a.extension == user).cloned() else {
                return error(StatusCode::BAD_REQUEST, "Invalid parameters");
            };
            let uuid = state.play_callback(ProviderKind::Itoolabs, agent, phone.to_string());
            tracing::info!(user, phone, call = %uuid, "makeCall: playing the outgoing call");
            Json(json!({"uuid": uuid})).into_response()
        }
        "accounts" => {
            let accounts: Vec<_> = config
                .agents
                .iter()
                .map(|a| json!({"name": a.login, "realName": a.name, "ext": a.extension, "email": format!("{}@example.com", a.login)}))
                .collect();
            Json(accounts).into_response()
        }
        _ => error(StatusCode::BAD_REQUEST, "Invalid parameters"),
    }
}
