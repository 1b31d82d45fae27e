//! Checking a method's `params` as UIS does: no unknown keys, required ones present, each of
//! its JSON type.

use serde_json::{Map, Value};

use super::rpc::RpcError;

pub type Params = Map<String, Value>;

/// Unknown keys are `unexpected_parameters`; a required key absent or null is
/// `required_parameter_missed`. `prefix` names nested objects in errors (`employee.`).
pub fn check_keys(params: &Params, prefix: &str, allowed: &[&str], required: &[&str]) -> Result<(), RpcError> {
    if let Some(extra) = params.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(RpcError::param(
            "unexpected_parameters",
            &format!("{prefix}{extra}"),
            params.get(extra),
            format!("Unexpected parameter {prefix}{extra}"),
        ));
    }
    if let Some(missing) = required.iter().find(|k| params.get(**k).is_none_or(Value::is_null)) {
        return Err(RpcError::param(
            "required_parameter_missed",
            &format!("{prefix}{missing}"),
            None,
            format!("Required parameter {prefix}{missing} is missing"),
        ));
    }
    Ok(())
}

fn type_error(key: &str, value: &Value, expected: &str) -> RpcError {
    RpcError::param("data_type_error", key, Some(value), format!("Parameter {key} must be {expected}"))
}

/// An optional parameter of one JSON type (`null` counts as absent).
fn typed<'a, T>(
    params: &'a Params,
    key: &str,
    expected: &str,
    get: impl Fn(&'a Value) -> Option<T>,
) -> Result<Option<T>, RpcError> {
    match params.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => get(v).map(Some).ok_or_else(|| type_error(key, v, expected)),
    }
}

pub fn string<'a>(params: &'a Params, key: &str) -> Result<Option<&'a str>, RpcError> {
    typed(params, key, "a string", Value::as_str)
}

pub fn boolean(params: &Params, key: &str) -> Result<Option<bool>, RpcError> {
    typed(params, key, "a boolean", Value::as_bool)
}

pub fn integer(params: &Params, key: &str) -> Result<Option<i64>, RpcError> {
    typed(params, key, "an integer", Value::as_i64)
}

pub fn object<'a>(params: &'a Params, key: &str) -> Result<Option<&'a Params>, RpcError> {
    typed(params, key, "an object", Value::as_object)
}

pub fn array<'a>(params: &'a Params, key: &str) -> Result<Option<&'a Vec<Value>>, RpcError> {
    typed(params, key, "an array", Value::as_array)
}

/// A value outside what the parameter allows.
pub fn invalid(key: &str, value: Option<&Value>, message: impl Into<String>) -> RpcError {
    RpcError::param("invalid_parameter_value", key, value, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_missing_and_mistyped_parameters() {
        let p = json!({"a": 1, "b": "x", "c": null}).as_object().unwrap().clone();
        assert!(check_keys(&p, "", &["a", "b", "c"], &["a"]).is_ok());
        assert_eq!(check_keys(&p, "", &["a", "b"], &[]).unwrap_err().mnemonic, "unexpected_parameters");
        let missed = check_keys(&p, "employee.", &["a", "b", "c"], &["c"]).unwrap_err();
        assert_eq!((missed.mnemonic, missed.field.as_deref()), ("required_parameter_missed", Some("employee.c")));
        assert_eq!(integer(&p, "a").unwrap(), Some(1));
        assert_eq!(integer(&p, "b").unwrap_err().mnemonic, "data_type_error");
        assert_eq!(string(&p, "c").unwrap(), None);
        assert_eq!(boolean(&p, "a").unwrap_err().code, -32602);
    }
}
