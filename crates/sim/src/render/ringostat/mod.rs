//! Ringostat Webhooks 2.0 (PROTOCOLS.md §4.1–4.6): one relay URL per event,
//! `/hooks/ringostat/{secret}/{event}`, with the parameters the customer chose; the webhook
//! number asks where to forward each incoming call first ([`route`]).

pub mod params;
pub mod route;

use std::time::Duration;

use callcard_protocol::Direction;
use serde_json::Value;

use super::{Context, Renderer, Webhook};
use crate::config::{SimAgent, SimConfig};
use crate::plan::{Beat, CallPlan, EndReason, ProviderKind, Routing};
pub use route::RouteAnswer;

pub struct RingostatRenderer;

/// Where the PBX serves the call's recording: `{public_url}/ringostat/recordings/{uniqueid}.wav?token=…`
/// (the token is the plan's recording id), `None` for an unrecorded call.
pub fn recording_url(config: &SimConfig, plan: &CallPlan) -> Option<String> {
    let token = plan.recording_id.as_deref()?;
    Some(format!("{}/ringostat/recordings/{}.wav?token={token}", config.public_url(), plan.call_id))
}

type Params = Vec<(&'static str, String)>;

fn hook(event: &str, plan: &CallPlan, params: &[(&'static str, String)], ctx: &Context) -> Webhook {
    let account = &ctx.config.ringostat;
    Webhook {
        provider: ProviderKind::Ringostat,
        path: format!("/hooks/ringostat/{}/{event}", account.webhook_secret),
        body: params::body(params, account),
        signature: None,
        label: event.to_string(),
        call_id: plan.call_id.clone(),
        routing: false,
    }
}

/// What every call webhook opens with: id, direction, date, and the two parties (incoming:
/// client → line; outgoing: the employee's SIP login → client, and the line shown to the
/// client as `outbound_number`).
fn common(plan: &CallPlan, ctx: &Context) -> Params {
    let incoming = plan.direction == Direction::Incoming;
    let (caller, dst) = if incoming {
        (params::incoming_caller(&plan.client, &plan.call_id, &ctx.config.ringostat), plan.line.clone())
    } else {
        (plan.main_agent().map(|a| a.sip_login.clone()).unwrap_or_default(), plan.client.clone())
    };
    let (date_key, date) = params::date(ctx.started, ctx.config);
    let mut p = vec![
        ("uniqueid", plan.call_id.clone()),
        ("call_type", if incoming { "in" } else { "out" }.to_string()),
        (date_key, date),
        ("caller", caller),
        ("dst", dst),
    ];
    if !incoming {
        p.push(("outbound_number", plan.line.clone()));
    }
    p
}

fn employee(agent: Option<&SimAgent>) -> Params {
    vec![
        ("employee_fio", agent.map(|a| a.name.clone()).unwrap_or_default()),
        ("employee_number", agent.map(SimAgent::ringostat_employee_number).unwrap_or_default()),
        ("sip_login", agent.map(|a| a.sip_login.clone()).unwrap_or_default()),
    ]
}

fn project(ctx: &Context) -> (&'static str, String) {
    ("project_id", ctx.config.ringostat.project_id.clone())
}

fn secs(d: Duration) -> u32 {
    d.as_secs_f64().round() as u32
}

/// (total, talk, wait) seconds: waiting is up to the first answer, or the whole unanswered call.
fn durations(plan: &CallPlan) -> (u32, u32, u32) {
    let total = plan.duration_secs();
    let answer = plan.beats.iter().find(|(_, b)| matches!(b, Beat::Answer(_))).map(|(t, _)| secs(*t));
    let wait = answer.filter(|_| plan.talk_secs > 0).unwrap_or(total);
    (total.max(wait + plan.talk_secs), plan.talk_secs, wait)
}

fn disposition(plan: &CallPlan) -> &'static str {
    match plan.end_reason() {
        EndReason::Answered => "ANSWERED",
        EndReason::Busy => "BUSY",
        EndReason::Cancelled | EndReason::NoAnswer => "NO ANSWER",
    }
}

/// The employee the end is about: who talked last, else the last one rung (or the dialler).
fn last_employee(plan: &CallPlan) -> Option<&SimAgent> {
    plan.answered_by()
        .or_else(|| plan.beats.iter().rev().find_map(|(_, b)| if let Beat::Ring(a) = b { Some(a) } else { None }))
}

impl RingostatRenderer {
    fn with_employee(event: &str, plan: &CallPlan, agent: &SimAgent, ctx: &Context) -> Webhook {
        let mut p = common(plan, ctx);
        p.extend(employee(Some(agent)));
        p.push(project(ctx));
        hook(event, plan, &p, ctx)
    }

    fn ended(plan: &CallPlan, ctx: &Context) -> Webhook {
        let (total, talk, wait) = durations(plan);
        let recording = recording_url(ctx.config, plan);
        let mut p = common(plan, ctx);
        p.extend([
            ("disposition", disposition(plan).to_string()),
            ("duration", total.to_string()),
            ("billsec", talk.to_string()),
            ("waittime", wait.to_string()),
        ]);
        p.extend(employee(last_employee(plan)));
        p.extend([
            ("has_recording", if recording.is_some() { "1" } else { "0" }.to_string()),
            ("recording", recording.unwrap_or_default()),
            project(ctx),
        ]);
        let event = if plan.direction == Direction::Incoming { "ended" } else { "outgoing_end" };
        hook(event, plan, &p, ctx)
    }
}

impl Renderer for RingostatRenderer {
    fn render(&self, plan: &CallPlan, beat: &Beat, ctx: &Context) -> Vec<Webhook> {
        let incoming = plan.direction == Direction::Incoming;
        match beat {
            // Before the call: the webhook number is asked first, then "before the call" fires
            // (no employee yet).
            Beat::Start if incoming => {
                let mut p = common(plan, ctx);
                p.push(project(ctx));
                vec![route::request(plan, ctx), hook("ringing", plan, &p, ctx)]
            }
            Beat::Ring(agent) if incoming => vec![Self::with_employee("ringing", plan, agent, ctx)],
            Beat::Ring(agent) => vec![Self::with_employee("outgoing_start", plan, agent, ctx)],
            Beat::Answer(agent) if incoming => vec![Self::with_employee("answered", plan, agent, ctx)],
            // A transfer is a forwarding step to the second employee, who picks up.
            Beat::Transfer { to, .. } => {
                vec![Self::with_employee("ringing", plan, to, ctx), Self::with_employee("answered", plan, to, ctx)]
            }
            Beat::End(_) => vec![Self::ended(plan, ctx)],
            // Outgoing calls have only before/after events; the recording URL rides on the end.
            Beat::Start | Beat::Answer(_) | Beat::StopRinging(_) | Beat::Recorded => vec![],
        }
    }

    /// The player asks the webhook number itself ([`route::read`] on the raw answer); this
    /// reads a reply already parsed as JSON the same way.
    fn routing(&self, reply: &Value, config: &SimConfig) -> Result<Routing, String> {
        let body = match reply {
            Value::Null => String::new(),
            Value::String(s) if config.ringostat.route_response_key.is_empty() => s.clone(),
            other => other.to_string(),
        };
        route::read(&RouteAnswer::Replied { status: 200, body }, config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{RingostatDateFormat, RingostatFormat, RingostatKeys};
    use crate::plan::{Planner, ScenarioKind};
    use crate::render::Body;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn play(plan: &CallPlan, config: &SimConfig) -> Vec<Webhook> {
        let ctx = Context::new(config, chrono::Utc::now());
        plan.beats.iter().flat_map(|(_, beat)| RingostatRenderer.render(plan, beat, &ctx)).collect()
    }

    fn plan(config: &SimConfig, kind: ScenarioKind, seed: u64) -> Vec<CallPlan> {
        Planner::new(config, ChaCha8Rng::seed_from_u64(seed), 0.01).plan(kind, Some(ProviderKind::Ringostat))
    }

    /// The parameters of a webhook whatever its format.
    fn fields(hook: &Webhook) -> serde_json::Map<String, Value> {
        match &hook.body {
            Body::Json(text) => serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}")),
            Body::Form(p) | Body::Query(p) => p.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect(),
        }
    }

    fn labels(hooks: &[Webhook]) -> Vec<&str> {
        hooks.iter().map(|h| h.label.as_str()).collect()
    }

    #[test]
    fn an_answered_group_call() {
        let config = SimConfig::default();
        let plan = plan(&config, ScenarioKind::GroupRingAnswered, 3).remove(0);
        let hooks = play(&plan, &config);
        assert_eq!(labels(&hooks), ["route", "ringing", "ringing", "ringing", "answered", "ended"]);
        assert!(hooks[0].routing && hooks[1..].iter().all(|h| !h.routing));
        for h in &hooks {
            assert_eq!(h.path, format!("/hooks/ringostat/sim_ringostat_secret_0123456789/{}", h.label));
            assert!(matches!(h.body, Body::Json(_)));
        }
        let id = &plan.call_id;
        assert!(id.starts_with("ua3_-") && id[5..].split('.').all(|p| p.parse::<u64>().is_ok()), "{id}");
        let before = fields(&hooks[1]);
        assert_eq!(before["uniqueid"], id.as_str());
        assert_eq!(
            (before["caller"].as_str(), before["dst"].as_str()),
            (Some(plan.client.as_str()), Some(plan.line.as_str()))
        );
        assert_eq!(before["call_type"], "in");
        assert!(!before.contains_key("employee_fio"), "no employee before the call");
        let date = before["calldate"].as_str().unwrap();
        assert!(chrono::NaiveDateTime::parse_from_str(date, "%Y-%m-%d %H:%M:%S").is_ok(), "{date}");
        let (r1, r2) = (fields(&hooks[2]), fields(&hooks[3]));
        assert_ne!(r1["sip_login"], r2["sip_login"], "a forwarding step per employee");
        let who = plan.answered_by().unwrap();
        let answered = fields(&hooks[4]);
        assert_eq!(
            (answered["sip_login"].as_str(), answered["employee_number"].as_str()),
            (Some(who.sip_login.as_str()), Some(format!("2{}", who.extension).as_str()))
        );
        let ended = fields(&hooks[5]);
        assert_eq!(ended["disposition"], "ANSWERED");
        assert_eq!(ended["employee_fio"], who.name.as_str());
        assert_eq!(ended["billsec"], plan.talk_secs.to_string().as_str());
        let total: u32 = ended["duration"].as_str().unwrap().parse().unwrap();
        let wait: u32 = ended["waittime"].as_str().unwrap().parse().unwrap();
        assert!(total >= wait + plan.talk_secs, "{ended:?}");
        assert!(ended.values().all(Value::is_string), "Ringostat sends text");
        assert_eq!(ended["project_id"], "12345");
        if plan.recorded() {
            assert_eq!(ended["has_recording"], "1");
            let url = ended["recording"].as_str().unwrap();
            let token = plan.recording_id.as_deref().unwrap();
            assert_eq!(url, format!("http://127.0.0.1:8791/ringostat/recordings/{id}.wav?token={token}"));
            assert!(token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()));
        } else {
            assert_eq!((ended["has_recording"].as_str(), ended["recording"].as_str()), (Some("0"), Some("")));
        }
    }

    #[test]
    fn a_missed_call_names_the_last_employee_rung() {
        let config = SimConfig::default();
        let plan = plan(&config, ScenarioKind::GroupRingMissed, 4).remove(0);
        let hooks = play(&plan, &config);
        assert_eq!(labels(&hooks), ["route", "ringing", "ringing", "ringing", "ended"]);
        let ended = fields(&hooks[4]);
        assert_eq!((ended["disposition"].as_str(), ended["billsec"].as_str()), (Some("NO ANSWER"), Some("0")));
        assert_eq!(ended["sip_login"], fields(&hooks[3])["sip_login"]);
        assert_eq!(ended["waittime"], ended["duration"]);
        assert_eq!(ended["has_recording"], "0");
    }

    #[test]
    fn outgoing_and_transferred_calls() {
        let config = SimConfig::default();
        let out = plan(&config, ScenarioKind::OutgoingBusy, 5).remove(0);
        let hooks = play(&out, &config);
        assert_eq!(labels(&hooks), ["outgoing_start", "outgoing_end"]);
        let agent = out.main_agent().unwrap();
        for h in &hooks {
            let f = fields(h);
            assert_eq!(
                (f["caller"].as_str(), f["dst"].as_str()),
                (Some(agent.sip_login.as_str()), Some(out.client.as_str()))
            );
            assert_eq!(f["call_type"], "out");
            assert_eq!(f["outbound_number"], out.line.as_str());
        }
        assert_eq!(fields(&hooks[1])["disposition"], "BUSY");
        let answered = plan(&config, ScenarioKind::OutgoingAnswered, 8).remove(0);
        assert_eq!(labels(&play(&answered, &config)), ["outgoing_start", "outgoing_end"]);

        let transferred = plan(&config, ScenarioKind::Transferred, 6).remove(0);
        let hooks = play(&transferred, &config);
        assert_eq!(labels(&hooks), ["route", "ringing", "ringing", "answered", "ringing", "answered", "ended"]);
        let to = transferred.answered_by().unwrap();
        assert_eq!(fields(&hooks[4])["sip_login"], to.sip_login.as_str());
        assert_eq!(fields(&hooks[5])["sip_login"], to.sip_login.as_str());
        assert_ne!(fields(&hooks[3])["sip_login"], to.sip_login.as_str());
        assert_eq!(fields(&hooks[6])["sip_login"], to.sip_login.as_str(), "who talked last");
    }

    #[test]
    fn formats_keys_dates_and_display_names() {
        for (format, keys, dates) in [
            (RingostatFormat::Form, RingostatKeys::Default, RingostatDateFormat::Iso),
            (RingostatFormat::Get, RingostatKeys::Alternate, RingostatDateFormat::Timestamp),
            (RingostatFormat::Json, RingostatKeys::Alternate, RingostatDateFormat::Plain),
        ] {
            let mut config = SimConfig::default();
            config.ringostat.format = format;
            config.ringostat.keys = keys;
            config.ringostat.date_format = dates;
            config.ringostat.caller_display = true;
            let plan = plan(&config, ScenarioKind::IncomingAnswered, 7).remove(0);
            let hooks = play(&plan, &config);
            assert!(matches!(hooks[0].body, Body::Json(_)), "the webhook number is always JSON");
            let ended = hooks.iter().find(|h| h.label == "ended").unwrap();
            match format {
                RingostatFormat::Form => assert!(matches!(ended.body, Body::Form(_))),
                RingostatFormat::Get => assert!(matches!(ended.body, Body::Query(_))),
                RingostatFormat::Json => assert!(matches!(ended.body, Body::Json(_))),
            }
            let f = fields(ended);
            let k = |canonical: &'static str| params::key(canonical, keys);
            assert_eq!(f[k("uniqueid")], plan.call_id.as_str());
            let caller = f[k("caller")].as_str().unwrap();
            assert!(caller.contains(&plan.client) && caller.contains(' '), "a display name: {caller}");
            match keys {
                RingostatKeys::Default => assert_eq!(f["call_type"], "in"),
                RingostatKeys::Alternate => {
                    assert_eq!(f["type"], "IN");
                    for key in [
                        "call_id",
                        "caller_number",
                        "destination",
                        "status",
                        "call_duration",
                        "dialog",
                        "waiting",
                        "employee",
                        "staffid",
                        "recording_wav",
                        "recording_presence",
                    ] {
                        assert!(f.contains_key(key), "{key} missing: {f:?}");
                    }
                    assert!(!f.contains_key("uniqueid") && !f.contains_key("disposition"));
                }
            }
            match dates {
                RingostatDateFormat::Timestamp => {
                    let us: i64 = f["call_timestamp"].as_str().unwrap().parse().unwrap();
                    assert!((us - chrono::Utc::now().timestamp_micros()).abs() < 60_000_000, "{us}");
                    assert!(!f.contains_key("calldate") && !f.contains_key("call_date"));
                }
                RingostatDateFormat::Iso => {
                    let d = f["calldate"].as_str().unwrap();
                    assert!(chrono::DateTime::parse_from_str(d, "%Y-%m-%dT%H:%M:%S%z").is_ok(), "{d}");
                }
                RingostatDateFormat::Plain => assert!(f.contains_key("call_date")),
            }
        }
    }

    #[test]
    fn display_names_are_html_escaped_in_every_second_call() {
        let mut config = SimConfig::default();
        config.ringostat.caller_display = true;
        let mut planner = Planner::new(&config, ChaCha8Rng::seed_from_u64(9), 0.01);
        let callers: Vec<String> = (0..20)
            .map(|_| {
                let plan = planner.plan(ScenarioKind::IncomingMissed, Some(ProviderKind::Ringostat)).remove(0);
                let hooks = play(&plan, &config);
                fields(&hooks[1])["caller"].as_str().unwrap().to_string()
            })
            .collect();
        let escaped = callers.iter().filter(|c| c.starts_with("&quot;")).count();
        assert!((4..=16).contains(&escaped), "about half: {callers:?}");
        assert!(callers.iter().any(|c| c.starts_with('"') && c.ends_with('>')));
    }

    #[test]
    fn routing_from_json_values() {
        let config = SimConfig::default();
        let r = RingostatRenderer;
        assert_eq!(r.routing(&Value::Null, &config).unwrap(), Routing::default());
        assert_eq!(
            r.routing(&serde_json::json!({"destination": "anna"}), &config).unwrap().agent.as_deref(),
            Some("100")
        );
        assert!(r.routing(&serde_json::json!({"destination": "zed"}), &config).is_err());
    }
}
