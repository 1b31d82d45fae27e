//! Call API methods (PROTOCOLS.md §3.7): `login.user` and `start.employee_call`, which rings
//! the employee, then the contact, and plays that outgoing call into the relay.

use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::params::{boolean, check_keys, integer, invalid, object, string, Params};
use super::rpc::RpcError;
use super::{Answer, UisState};
use crate::api::ApiState;
use crate::config::SimConfig;
use crate::plan::ProviderKind;

/// `login.user {login, password}` → a session token (both APIs).
pub fn login_user(config: &SimConfig, uis: &UisState, params: &Params) -> Result<Answer, RpcError> {
    check_keys(params, "", &["login", "password"], &["login", "password"])?;
    let (login, password) = (string(params, "login")?.unwrap_or(""), string(params, "password")?.unwrap_or(""));
    let same = |a: &str, b: &str| bool::from(a.as_bytes().ct_eq(b.as_bytes()));
    if !(same(login, &config.uis.login) & same(password, &config.uis.password)) {
        return Err(RpcError::new(-32001, "auth_error", "Wrong login or password"));
    }
    let (token, expires) = uis.login(config.uis.session_lifetime_secs);
    tracing::info!(login, expires = %expires, "login.user: session opened");
    Ok(Answer::data(json!({"access_token": token, "expire_at": expires.timestamp()})))
}

const START_EMPLOYEE_CALL: &[&str] = &[
    "access_token",
    "first_call",
    "virtual_phone_number",
    "contact",
    "employee",
    "switch_at_once",
    "early_switching",
    "media_file_id",
    "virtual_phone_usage_rule",
    "show_virtual_phone_number",
    "external_id",
    "dtmf_string",
    "direction",
    "contact_message",
    "employee_message",
];

fn one_of(params: &Params, key: &str, allowed: &[&str]) -> Result<Option<String>, RpcError> {
    match string(params, key)? {
        Some(v) if !allowed.contains(&v) => Err(invalid(key, params.get(key), format!("{key} is one of {allowed:?}"))),
        other => Ok(other.map(str::to_string)),
    }
}

/// `contact_message` / `employee_message`: `{type: media|tts, value}`. Returns whether it is TTS.
fn message(params: &Params, key: &str) -> Result<bool, RpcError> {
    let Some(m) = object(params, key)? else { return Ok(false) };
    check_keys(m, &format!("{key}."), &["type", "value"], &["type", "value"])?;
    let kind = one_of(m, "type", &["media", "tts"]).map_err(|mut e| {
        e.field = Some(format!("{key}.type"));
        e
    })?;
    string(m, "value")?;
    Ok(kind.as_deref() == Some("tts"))
}

pub fn start_employee_call(state: &ApiState, params: &Params) -> Result<Answer, RpcError> {
    let config = state.player.config.clone();
    let required = ["access_token", "first_call", "virtual_phone_number", "contact", "employee"];
    check_keys(params, "", START_EMPLOYEE_CALL, &required)?;
    let first_call = one_of(params, "first_call", &["employee", "contact"])?.unwrap_or_default();
    let switch_at_once = boolean(params, "switch_at_once")?.unwrap_or(false);
    let early_switching = boolean(params, "early_switching")?.unwrap_or(false);
    boolean(params, "show_virtual_phone_number")?;
    one_of(params, "direction", &["in", "out"])?;
    one_of(
        params,
        "virtual_phone_usage_rule",
        &["fixed", "fixed_for_numa", "random", "regional_random", "regional_fixed_for_numa"],
    )?;
    string(params, "external_id")?;
    if let Some(dtmf) = string(params, "dtmf_string")? {
        if !dtmf.chars().all(|c| c.is_ascii_digit() || "*#.".contains(c)) {
            return Err(invalid("dtmf_string", params.get("dtmf_string"), "dtmf_string is 0-9, *, # and ."));
        }
    }
    let tts = message(params, "contact_message")? | message(params, "employee_message")?;
    if early_switching && !(first_call == "employee" && switch_at_once) {
        return Err(RpcError::param(
            "invalid_parameters_combination",
            "early_switching",
            params.get("early_switching"),
            "early_switching needs first_call = employee and switch_at_once = true",
        ));
    }
    if tts && switch_at_once {
        return Err(RpcError::param(
            "invalid_parameters_combination",
            "switch_at_once",
            params.get("switch_at_once"),
            "a tts message rules out switch_at_once = true",
        ));
    }
    // The simulated account has no media files of its own.
    if let Some(id) = integer(params, "media_file_id")? {
        return Err(RpcError::param("media_file_not_found", "media_file_id", Some(&json!(id)), "Media file not found"));
    }

    let vpn = string(params, "virtual_phone_number")?.unwrap_or_default();
    if vpn != config.uis.virtual_phone_number {
        return Err(RpcError {
            code: -32007,
            mnemonic: "virtual_phone_number_not_found",
            message: format!("Virtual phone number {vpn} not found"),
            field: Some("virtual_phone_number".into()),
            value: params.get("virtual_phone_number").cloned(),
        });
    }
    let contact_value = params.get("contact");
    let contact = string(params, "contact")?.unwrap_or_default();
    // E.164 digits only: no +, no internal extensions.
    if !(11..=15).contains(&contact.len()) || !contact.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("contact", contact_value, "contact must be an E.164 number"));
    }
    if config.lines.iter().any(|l| l == contact) || contact == vpn {
        return Err(RpcError::param(
            "own_virtual_phone_number_not_allowed",
            "contact",
            contact_value,
            "The contact is a virtual number of the account",
        ));
    }
    let employee = object(params, "employee")?.expect("required");
    check_keys(employee, "employee.", &["id", "phone_number"], &["id"])?;
    let id = integer(employee, "id").map_err(|mut e| {
        e.field = Some("employee.id".into());
        e
    })?;
    let Some(agent) = config.agents.iter().find(|a| Some(a.uis_employee_id()) == id).cloned() else {
        return Err(RpcError::param("employee_not_found", "employee.id", employee.get("id"), "Employee not found"));
    };
    if let Some(phone) = string(employee, "phone_number")? {
        if phone != agent.uis_phone() && phone != agent.extension {
            return Err(RpcError::param(
                "no_active_phone_number",
                "employee.phone_number",
                employee.get("phone_number"),
                "The employee has no such active phone number",
            ));
        }
    }
    if config.blacklisted.iter().any(|b| b == contact) {
        return Err(RpcError {
            code: -32002,
            mnemonic: "contact_in_blacklist",
            message: "The contact is in the blacklist".into(),
            field: Some("contact".into()),
            value: contact_value.cloned(),
        });
    }
    let call_id = state.play_outgoing(ProviderKind::Uis, agent.clone(), contact.to_string(), Some(vpn.to_string()));
    tracing::info!(employee = agent.employee_id, contact, call = %call_id, "start.employee_call: playing the call");
    let session: i64 = call_id.parse().expect("UIS call ids are integers");
    Ok(Answer::data(json!({"call_session_id": Value::from(session)})))
}
