//! UIS's JSON-RPC 2.0 envelope, strictly as both APIs enforce it (PROTOCOLS.md §3.1–3.2):
//! POST only, `application/json`, one request object with an `id`, errors with a mnemonic.

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

/// A JSON-RPC error; clients dispatch on `mnemonic`, the code is shared by many.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub mnemonic: &'static str,
    pub message: String,
    pub field: Option<String>,
    pub value: Option<Value>,
}

impl RpcError {
    pub fn new(code: i64, mnemonic: &'static str, message: impl Into<String>) -> RpcError {
        RpcError { code, mnemonic, message: message.into(), field: None, value: None }
    }

    /// A `-32602` error about one parameter.
    pub fn param(mnemonic: &'static str, field: &str, value: Option<&Value>, message: impl Into<String>) -> RpcError {
        RpcError {
            code: -32602,
            mnemonic,
            message: message.into(),
            field: Some(field.to_string()),
            value: value.cloned(),
        }
    }

    pub fn invalid_request(message: &str) -> RpcError {
        RpcError::new(-32600, "invalid_request", message)
    }

    pub fn body(&self, id: &Value) -> Value {
        json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {
                "code": self.code,
                "message": self.message,
                "data": {
                    "mnemonic": self.mnemonic,
                    "field": self.field,
                    "value": self.value,
                    "params": {},
                    "extended_helper": null,
                    "metadata": {},
                },
            },
        })
    }
}

/// One well-formed request.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: Value,
    pub method: String,
    pub params: Map<String, Value>,
}

/// Checks the transport and the envelope. The error comes with the id to answer with.
#[allow(clippy::result_large_err)] // an error ends the request at once: its size costs nothing
pub fn parse(method: &Method, headers: &HeaderMap, body: &[u8]) -> Result<Request, (Value, RpcError)> {
    let fail = |e: RpcError| Err((Value::Null, e));
    if method != Method::POST {
        return fail(RpcError::invalid_request("Only POST requests are allowed"));
    }
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.trim().to_ascii_lowercase().starts_with("application/json") {
        return fail(RpcError::invalid_request("Content-Type must be application/json"));
    }
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return fail(RpcError::new(-32700, "parse_error", "Parse error"));
    };
    let object = match value {
        Value::Array(_) => {
            return fail(RpcError::new(-32099, "batch_opreations_not_supported", "Batch operations are not supported"))
        }
        Value::Object(o) => o,
        _ => return fail(RpcError::invalid_request("The request must be a JSON object")),
    };
    let Some(id) = object.get("id").cloned() else {
        return fail(RpcError::new(-32099, "notifications_not_supported", "Notifications are not supported"));
    };
    let bad = |message: &str| Err((id.clone(), RpcError::invalid_request(message)));
    if !(id.is_string() || id.is_number()) {
        return bad("id must be a string or a number");
    }
    if object.get("jsonrpc") != Some(&json!("2.0")) {
        return bad("jsonrpc must be \"2.0\"");
    }
    let Some(method) = object.get("method").and_then(Value::as_str) else { return bad("method must be a string") };
    let Some(params) = object.get("params").and_then(Value::as_object) else {
        return bad("params must be an object");
    };
    if let Some(extra) = object.keys().find(|k| !["jsonrpc", "id", "method", "params"].contains(&k.as_str())) {
        return bad(&format!("unexpected member {extra:?}"));
    }
    Ok(Request { id, method: method.to_string(), params: params.clone() })
}

/// The HTTP answer: errors too are 200 with a JSON-RPC body, except a wrong HTTP method.
pub fn respond(id: &Value, result: Result<Value, RpcError>) -> Response {
    match result {
        Ok(result) => Json(json!({"jsonrpc": "2.0", "id": id, "result": result})).into_response(),
        Err(e) => {
            let status = if e.message == "Only POST requests are allowed" {
                StatusCode::METHOD_NOT_ALLOWED
            } else {
                StatusCode::OK
            };
            (status, Json(e.body(id))).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("content-type", content_type.parse().unwrap());
        h
    }

    fn mnemonic(method: Method, content_type: &str, body: &str) -> &'static str {
        parse(&method, &headers(content_type), body.as_bytes()).unwrap_err().1.mnemonic
    }

    #[test]
    fn the_envelope_is_checked_like_uis() {
        let json = "application/json; charset=UTF-8";
        let ok = r#"{"jsonrpc":"2.0","id":"req1","method":"get.employees","params":{"access_token":"x"}}"#;
        let req = parse(&Method::POST, &headers(json), ok.as_bytes()).unwrap();
        assert_eq!((req.id, req.method.as_str()), (json!("req1"), "get.employees"));
        assert_eq!(mnemonic(Method::GET, json, ok), "invalid_request");
        assert_eq!(mnemonic(Method::POST, "application/x-www-form-urlencoded", ok), "invalid_request");
        assert_eq!(mnemonic(Method::POST, json, "{nope"), "parse_error");
        assert_eq!(mnemonic(Method::POST, json, &format!("[{ok}]")), "batch_opreations_not_supported");
        let no_id = r#"{"jsonrpc":"2.0","method":"get.employees","params":{}}"#;
        assert_eq!(mnemonic(Method::POST, json, no_id), "notifications_not_supported");
        for bad in [
            r#"{"jsonrpc":"1.0","id":1,"method":"m","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"m","params":[]}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"m"}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":7,"params":{}}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{},"extra":1}"#,
            r#""just a string""#,
        ] {
            assert_eq!(mnemonic(Method::POST, json, bad), "invalid_request", "{bad}");
        }
        let (id, e) =
            parse(&Method::POST, &headers(json), br#"{"jsonrpc":"1.0","id":7,"method":"m","params":{}}"#).unwrap_err();
        assert_eq!((id, e.code), (json!(7), -32600));
    }

    #[test]
    fn the_error_object_has_every_member() {
        let e = RpcError::param("invalid_parameter_value", "contact", Some(&json!("123")), "bad contact");
        let body = e.body(&json!(3));
        assert_eq!(body["error"]["code"], -32602);
        assert_eq!(
            body["error"]["data"],
            json!({"mnemonic": "invalid_parameter_value", "field": "contact", "value": "123", "params": {},
                   "extended_helper": null, "metadata": {}})
        );
        assert_eq!((body["jsonrpc"].as_str(), body["id"].as_i64()), (Some("2.0"), Some(3)));
    }
}
