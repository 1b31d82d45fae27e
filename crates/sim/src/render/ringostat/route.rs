//! The webhook number ("smart redirect", PROTOCOLS.md §4.6): Ringostat asks the CRM where to
//! forward an incoming call, waits the configured timeout, and reads the destination as the
//! plain body or under the configured JSON key. A failed or empty answer moves the call on
//! down the forwarding scheme; an answer naming nowhere Ringostat could forward to is an error.

use serde_json::Value;

use super::params::json_object;
use crate::config::SimConfig;
use crate::plan::{CallPlan, ProviderKind, Routing};
use crate::render::{Body, Context, Webhook};

/// What the webhook-number request got back.
#[derive(Debug, Clone, PartialEq)]
pub enum RouteAnswer {
    /// Timed out or unreachable: the scheme moves on.
    NoAnswer(String),
    Replied {
        status: u16,
        body: String,
    },
}

/// A UUID-shaped id derived from the call id (stable for a seed).
fn uuid(call_id: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut bytes = [0u8; 16];
    for (i, b) in bytes.iter_mut().enumerate() {
        for c in call_id.bytes().chain([i as u8]) {
            h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
        }
        *b = (h >> 24) as u8;
    }
    let hex = hex::encode(bytes);
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// The request: always a JSON POST (JSON submission forces POST), keys as the help example.
pub fn request(plan: &CallPlan, ctx: &Context) -> Webhook {
    let pairs: Vec<(String, String)> = [
        ("call_id", plan.call_id.clone()),
        ("caller", plan.client.clone()),
        ("dst", plan.line.clone()),
        ("step_forward", "webhookNumber:120".to_string()),
        ("uuid", uuid(&plan.call_id)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Webhook {
        provider: ProviderKind::Ringostat,
        path: format!("/hooks/ringostat/{}/route", ctx.config.ringostat.webhook_secret),
        body: Body::Json(json_object(&pairs)),
        signature: None,
        label: "route".into(),
        call_id: plan.call_id.clone(),
        routing: true,
    }
}

/// Reads the answer strictly; `Ok(Routing::default())` continues down the scheme.
pub fn read(answer: &RouteAnswer, config: &SimConfig) -> Result<Routing, String> {
    let RouteAnswer::Replied { status: 200, body } = answer else { return Ok(Routing::default()) };
    let body = body.trim();
    if body.is_empty() {
        return Ok(Routing::default());
    }
    let key = config.ringostat.route_response_key.as_str();
    if key.is_empty() {
        if body.starts_with(['{', '[', '"']) {
            return Err(format!("the webhook number reads a plain destination, got JSON {body:?}"));
        }
        return destination(body, config);
    }
    let value: Value = serde_json::from_str(body).map_err(|_| format!("reply is not JSON: {body:?}"))?;
    let Value::Object(reply) = value else { return Err(format!("reply is not a JSON object: {body}")) };
    if reply.is_empty() {
        return Ok(Routing::default());
    }
    match reply.get(key) {
        None => Err(format!("reply has no `{key}`: {body}")),
        Some(Value::Null) => Ok(Routing::default()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Routing::default()),
        Some(Value::String(s)) => destination(s.trim(), config),
        Some(other) => Err(format!("`{key}` must be a string, got {other}")),
    }
}

/// A destination Ringostat can forward to: an agent's SIP login, an agent's employee number or
/// extension, or an international number without `+` (then nobody of ours rings first).
fn destination(dest: &str, config: &SimConfig) -> Result<Routing, String> {
    let agent = config
        .agents
        .iter()
        .find(|a| a.sip_login == dest || a.extension == dest || a.ringostat_employee_number() == dest);
    if let Some(agent) = agent {
        return Ok(Routing { blacklist: false, agent: Some(agent.extension.clone()) });
    }
    if (10..=15).contains(&dest.len()) && dest.bytes().all(|b| b.is_ascii_digit()) {
        tracing::info!(dest, "webhook number: forwarded to an outside number");
        return Ok(Routing::default());
    }
    Err(format!("destination {dest:?} is neither an agent's SIP login nor a number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replied(body: &str) -> RouteAnswer {
        RouteAnswer::Replied { status: 200, body: body.into() }
    }

    #[test]
    fn json_answers_under_the_configured_key() {
        let config = SimConfig::default();
        let read = |a: RouteAnswer| read(&a, &config);
        let boris = Routing { blacklist: false, agent: Some("101".into()) };
        assert_eq!(read(replied(r#"{"destination": "boris"}"#)).unwrap(), boris);
        assert_eq!(read(replied(r#"{"destination": "2101"}"#)).unwrap(), boris, "the employee number");
        assert_eq!(read(replied(r#" {"destination": " boris "} "#)).unwrap(), boris);
        // Everything that means "continue down the scheme".
        for neutral in [
            replied(""),
            replied("  \n"),
            replied("{}"),
            replied(r#"{"destination": ""}"#),
            replied(r#"{"destination": null}"#),
            replied(r#"{"destination": "380671112233"}"#),
            RouteAnswer::Replied { status: 500, body: "oops".into() },
            RouteAnswer::Replied { status: 404, body: r#"{"destination": "nobody"}"#.into() },
            RouteAnswer::NoAnswer("timed out".into()),
        ] {
            assert_eq!(read(neutral.clone()).unwrap(), Routing::default(), "{neutral:?}");
        }
        for bad in [
            "boris",
            "[]",
            r#""boris""#,
            r#"{"dest": "boris"}"#,
            r#"{"destination": 2101}"#,
            r#"{"destination": ["boris"]}"#,
            r#"{"destination": "nobody"}"#,
            r#"{"destination": "+380671112233"}"#,
            r#"{"destination": "12345"}"#,
            r#"{"destination": "boris"#,
        ] {
            assert!(read(replied(bad)).is_err(), "accepted {bad}");
        }
    }

    #[test]
    fn plain_answers_when_no_key_is_configured() {
        let mut config = SimConfig::default();
        config.ringostat.route_response_key = String::new();
        let read = |body: &str| read(&replied(body), &config);
        assert_eq!(read("vera\n").unwrap().agent.as_deref(), Some("102"));
        assert_eq!(read("").unwrap(), Routing::default());
        assert_eq!(read("380671112233").unwrap(), Routing::default());
        for bad in [r#"{"destination": "vera"}"#, r#""vera""#, "nobody", "12"] {
            assert!(read(bad).is_err(), "accepted {bad}");
        }
    }

    #[test]
    fn the_request_is_json_with_the_help_example_keys() {
        let config = SimConfig::default();
        let mut planner = crate::plan::Planner::new(&config, rand::SeedableRng::seed_from_u64(1), 0.01);
        let plan = planner.plan(crate::plan::ScenarioKind::IncomingAnswered, Some(ProviderKind::Ringostat)).remove(0);
        let hook = request(&plan, &Context::new(&config, chrono::Utc::now()));
        assert_eq!(hook.path, "/hooks/ringostat/sim_ringostat_secret_0123456789/route");
        let Body::Json(text) = &hook.body else { panic!() };
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            (v["call_id"].as_str(), v["caller"].as_str()),
            (Some(plan.call_id.as_str()), Some(plan.client.as_str()))
        );
        assert_eq!(
            (v["dst"].as_str(), v["step_forward"].as_str()),
            (Some(plan.line.as_str()), Some("webhookNumber:120"))
        );
        let uuid = v["uuid"].as_str().unwrap();
        assert_eq!(uuid.split('-').map(str::len).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{uuid}");
        assert!(hook.routing);
    }
}
