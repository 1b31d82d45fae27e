//! `POST /a/v2`, JSON-RPC 2.0 `Api\V2\Callback.external` (PROTOCOLS.md §4.7): rings the
//! employee's SIP phone, then the callee, and plays that outgoing call into the relay. Every
//! error comes back with HTTP 200 and a JSON-RPC `error` member, so a client must read it.

use std::time::Instant;

use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::api::ApiState;
use crate::config::SimConfig;
use crate::plan::ProviderKind;

pub const METHOD: &str = "Api\\V2\\Callback.external";

const PARAMS: &[&str] = &[
    "callee_type",
    "caller_type",
    "caller",
    "callee",
    "projectId",
    "manager_dst",
    "clientIp",
    "utmSource",
    "utmMedium",
    "utmCampaign",
    "utmTerm",
    "utmContent",
    "clientId",
    "clientUserAgent",
    "direction",
];

#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
}

fn err(code: i64, message: impl Into<String>) -> RpcError {
    RpcError { code, message: message.into() }
}

fn invalid(message: impl Into<String>) -> RpcError {
    err(-32602, message)
}

fn answer(id: &Value, result: Result<Value, RpcError>) -> Response {
    let body = match result {
        Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
        Err(e) => json!({"jsonrpc": "2.0", "id": id, "error": {"code": e.code, "message": e.message}}),
    };
    Json(body).into_response()
}

/// A well-formed request: its id, method and params.
type Envelope = (Value, String, Map<String, Value>);

/// The envelope: a POST of one JSON object with `jsonrpc` 2.0, an `id`, a method and params.
fn envelope(method: &Method, headers: &HeaderMap, body: &[u8]) -> Result<Envelope, (Value, RpcError)> {
    let request = |m: &str| err(-32600, format!("Invalid Request: {m}"));
    if method != Method::POST {
        return Err((Value::Null, request("POST only")));
    }
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.trim().to_ascii_lowercase().starts_with("application/json") {
        return Err((Value::Null, request("Content-Type must be application/json")));
    }
    let value: Value = serde_json::from_slice(body).map_err(|_| (Value::Null, err(-32700, "Parse error")))?;
    let Value::Object(mut object) = value else { return Err((Value::Null, request("not an object"))) };
    let id = object.get("id").cloned().unwrap_or(Value::Null);
    if !(id.is_string() || id.is_number()) {
        return Err((Value::Null, request("id must be a string or a number")));
    }
    if object.get("jsonrpc") != Some(&json!("2.0")) {
        return Err((id, request("jsonrpc must be \"2.0\"")));
    }
    let Some(Value::String(name)) = object.remove("method") else {
        return Err((id, request("method must be a string")));
    };
    let Some(Value::Object(params)) = object.remove("params") else {
        return Err((id, request("params must be an object")));
    };
    Ok((id, name, params))
}

pub fn handle(state: &ApiState, method: &Method, headers: &HeaderMap, body: &[u8]) -> Response {
    let (id, name, params) = match envelope(method, headers, body) {
        Ok(parts) => parts,
        Err((id, e)) => return answer(&id, Err(e)),
    };
    if name != METHOD {
        return answer(&id, Err(err(-32601, format!("Method not found: {name}"))));
    }
    if state.ringostat.limiter.check(Instant::now()).is_err() {
        return answer(&id, Err(err(-32029, "Too many requests")));
    }
    let result = match check(&state.player.config, &params) {
        Ok(call) => {
            let uniqueid = state.play_callback(ProviderKind::Ringostat, call.agent.clone(), call.callee.clone());
            tracing::info!(caller = call.agent.sip_login, callee = call.callee, call = %uniqueid, "Callback.external: playing the call");
            Ok(json!({"success": true, "uniqueid": uniqueid}))
        }
        Err(e) => {
            tracing::info!(code = e.code, message = e.message, "Callback.external refused");
            Err(e)
        }
    };
    answer(&id, result)
}

/// A request the PBX can place.
#[derive(Debug)]
pub struct Call {
    pub agent: crate::config::SimAgent,
    pub callee: String,
}

fn string<'a>(params: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, RpcError> {
    match params.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(invalid(format!("Invalid params: {key} must be a string, got {other}"))),
    }
}

pub fn check(config: &SimConfig, params: &Map<String, Value>) -> Result<Call, RpcError> {
    if let Some(extra) = params.keys().find(|k| !PARAMS.contains(&k.as_str())) {
        return Err(invalid(format!("Invalid params: unexpected {extra}")));
    }
    for key in ["callee_type", "caller_type"] {
        match string(params, key)? {
            None | Some("default") => {}
            // Forwarding schemes as callees exist at Ringostat; the simulated project has none.
            Some("scheme") if key == "callee_type" => return Err(invalid("Scheme not found")),
            Some(other) => return Err(invalid(format!("Invalid params: {key} {other:?}"))),
        }
    }
    for key in
        ["clientIp", "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "clientId", "clientUserAgent"]
    {
        string(params, key)?;
    }
    match params.get("manager_dst") {
        None => {}
        Some(v) if [json!(0), json!(1), json!("0"), json!("1")].contains(v) => {}
        Some(v) => return Err(invalid(format!("Invalid params: manager_dst must be 0 or 1, got {v}"))),
    }
    match string(params, "direction")? {
        None | Some("out") => {}
        Some(other) => return Err(invalid(format!("Invalid params: direction {other:?}"))),
    }
    let project = match params.get("projectId") {
        None => return Err(invalid("Invalid params: projectId is required")),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return Err(invalid(format!("Invalid params: projectId must be the project id, got {other}"))),
    };
    if project != config.ringostat.project_id {
        return Err(invalid("Project not found"));
    }
    let Some(caller) = string(params, "caller")?.filter(|c| !c.is_empty()) else {
        return Err(invalid("Invalid params: caller is required"));
    };
    let Some(agent) = config.agents.iter().find(|a| a.sip_login == caller).cloned() else {
        return Err(invalid("Caller not found"));
    };
    let Some(callee) = string(params, "callee")?.filter(|c| !c.is_empty()) else {
        return Err(invalid("Invalid params: callee is required"));
    };
    let is_number = (10..=15).contains(&callee.len()) && callee.bytes().all(|b| b.is_ascii_digit());
    let is_sip = config.agents.iter().any(|a| a.sip_login == callee);
    if !(is_number || is_sip) {
        return Err(invalid(format!(
            "Invalid params: callee must be a number (10-15 digits, no +) or a SIP login, got {callee:?}"
        )));
    }
    if config.blacklisted.iter().any(|b| b == callee) {
        return Err(err(-32000, "Callee is blacklisted"));
    }
    Ok(Call { agent, callee: callee.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(patch: Value) -> Map<String, Value> {
        let mut p = json!({"callee_type": "default", "caller_type": "default", "caller": "boris",
                           "callee": "79991234567", "projectId": "12345", "manager_dst": 1, "clientIp": "127.0.0.1"});
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                p.as_object_mut().unwrap().remove(k);
            } else {
                p[k] = v.clone();
            }
        }
        p.as_object().unwrap().clone()
    }

    #[test]
    fn what_callback_external_accepts_and_refuses() {
        let config = SimConfig::default();
        let call = check(&config, &params(json!({}))).unwrap();
        assert_eq!((call.agent.extension.as_str(), call.callee.as_str()), ("101", "79991234567"));
        assert!(check(&config, &params(json!({"projectId": 12345, "callee": "vera", "manager_dst": null}))).is_ok());
        for (patch, code, message) in [
            (json!({"projectId": "999"}), -32602, "Project not found"),
            (json!({"projectId": null}), -32602, "Invalid params: projectId is required"),
            (json!({"caller": "nobody"}), -32602, "Caller not found"),
            (json!({"caller": "101"}), -32602, "Caller not found"),
            (json!({"callee": "78005553535"}), -32000, "Callee is blacklisted"),
            (json!({"callee_type": "scheme"}), -32602, "Scheme not found"),
        ] {
            assert_eq!(check(&config, &params(patch.clone())).unwrap_err(), err(code, message), "{patch}");
        }
        for patch in [
            json!({"callee": "+79991234567"}),
            json!({"callee": "123"}),
            json!({"callee": null}),
            json!({"caller": 101}),
            json!({"manager_dst": 2}),
            json!({"caller_type": "sip"}),
            json!({"bogus": "x"}),
            json!({"direction": "in"}),
        ] {
            assert_eq!(check(&config, &params(patch.clone())).unwrap_err().code, -32602, "{patch}");
        }
    }

    #[test]
    fn the_envelope() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "application/json".parse().unwrap());
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"Api\\V2\\Callback.external","params":{}}"#;
        let (id, name, _) = envelope(&Method::POST, &headers, ok).unwrap();
        assert_eq!((id, name.as_str()), (json!(1), METHOD));
        assert_eq!(envelope(&Method::POST, &headers, b"{").unwrap_err().1.code, -32700);
        assert_eq!(envelope(&Method::GET, &headers, ok).unwrap_err().1.code, -32600);
        for bad in [
            &br#"{"jsonrpc":"1.0","id":1,"method":"m","params":{}}"#[..],
            br#"{"jsonrpc":"2.0","method":"m","params":{}}"#,
            br#"{"jsonrpc":"2.0","id":1,"method":"m","params":[]}"#,
        ] {
            assert_eq!(envelope(&Method::POST, &headers, bad).unwrap_err().1.code, -32600);
        }
        assert_eq!(envelope(&Method::POST, &HeaderMap::new(), ok).unwrap_err().1.code, -32600);
    }
}
