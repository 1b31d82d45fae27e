//! UIS (CoMagic, CallGear, Novofon V2) HTTP notifications and the interactive routing request
//! (PROTOCOLS.md §3.3–3.6). One relay URL per event kind, `/hooks/uis/{secret}/{event}`; the
//! body is whatever the customer's template renders ([`template`]).

pub mod session;
pub mod template;

use callcard_protocol::Direction;
use serde_json::Value;

use super::{Context, Renderer, Webhook};
use crate::config::{SimAgent, SimConfig};
use crate::plan::{Beat, CallPlan, ProviderKind, Routing};
use session::{call_session_id, durations, last_employee, leg_id_of, rung};
use template::Val;

pub struct UisRenderer;

/// `notification_time`: the account's zone, milliseconds, no zone suffix.
fn notification_time(ctx: &Context) -> Val {
    let tz = ctx.config.uis_timezone().expect("validated");
    Val::Str(ctx.at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S%.3f").to_string())
}

fn direction(plan: &CallPlan) -> Val {
    Val::str(if plan.direction == Direction::Incoming { "in" } else { "out" })
}

fn employee(agent: &SimAgent) -> Val {
    Val::Int(agent.uis_employee_id())
}

fn hook(event: &str, plan: &CallPlan, vars: &[(&str, Val)], ctx: &Context) -> Webhook {
    let uis = &ctx.config.uis;
    Webhook {
        provider: ProviderKind::Uis,
        path: format!("/hooks/uis/{}/{event}", uis.webhook_secret),
        body: template::render(vars, uis.template, uis.method),
        signature: None,
        label: event.to_string(),
        call_id: plan.call_id.clone(),
        routing: false,
    }
}

/// Interactive call processing: the scenario asks the CRM where to route the call.
fn route(plan: &CallPlan, ctx: &Context) -> Webhook {
    let tz = ctx.config.uis_timezone().expect("validated");
    let id = Val::Int(call_session_id(plan));
    let vars = [
        ("numa", Val::str(&plan.client)),
        ("numb", Val::str(&plan.line)),
        ("cdr_id", id.clone()),
        ("call_session_id", id),
        ("start_time", Val::Str(ctx.started.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string())),
        ("input_result", Val::str("None")),
        ("direction", Val::str("in")),
    ];
    let mut hook = hook("route", plan, &[], ctx);
    hook.body = template::render_plain(&vars, ctx.config.uis.method);
    hook.routing = true;
    hook
}

impl UisRenderer {
    fn ringing(plan: &CallPlan, agent: &SimAgent, transferred: bool, ctx: &Context) -> Webhook {
        let vars = [
            ("notification_name", Val::str("Ожидание ответа")),
            ("notification_time", notification_time(ctx)),
            ("call_session_id", Val::Int(call_session_id(plan))),
            ("employee_id", employee(agent)),
            ("employee_full_name", Val::str(&agent.name)),
            ("leg_id", Val::Int(leg_id_of(plan, agent, transferred))),
            ("direction", direction(plan)),
            ("call_source", Val::str("va")),
            ("contact_phone_number", Val::str(&plan.client)),
            ("virtual_phone_number", Val::str(&plan.line)),
            ("external_id", Val::Null),
        ];
        hook("ringing", plan, &vars, ctx)
    }

    fn answered(plan: &CallPlan, agent: &SimAgent, transferred: bool, ctx: &Context) -> Webhook {
        let vars = [
            ("notification_name", Val::str("Начало разговора")),
            ("notification_time", notification_time(ctx)),
            ("call_session_id", Val::Int(call_session_id(plan))),
            ("employee_id", employee(agent)),
            ("leg_ids", Val::List(vec![Val::Int(leg_id_of(plan, agent, transferred))])),
            ("direction", direction(plan)),
            ("is_transfer", Val::Bool(transferred)),
            ("contact_phone_number", Val::str(&plan.client)),
            ("virtual_phone_number", Val::str(&plan.line)),
        ];
        hook("answered", plan, &vars, ctx)
    }

    fn ended(plan: &CallPlan, ctx: &Context) -> Vec<Webhook> {
        let id = Val::Int(call_session_id(plan));
        let d = durations(plan);
        let lost = session::is_lost(plan);
        let mut out = vec![];
        if lost && plan.direction == Direction::Incoming {
            let vars = [
                ("notification_name", Val::str("Потерянный звонок")),
                ("notification_time", notification_time(ctx)),
                ("call_session_id", id.clone()),
                ("wait_time_duration", Val::Int(d.wait.into())),
                ("employee_ids", Val::List(rung(plan).iter().map(employee).collect())),
                ("contact_phone_number", Val::str(&plan.client)),
                ("virtual_phone_number", Val::str(&plan.line)),
            ];
            out.push(hook("lost", plan, &vars, ctx));
        }
        let vars = [
            ("notification_name", Val::str("Завершение звонка")),
            ("notification_time", notification_time(ctx)),
            ("call_session_id", id),
            ("direction", direction(plan)),
            ("is_lost", Val::Bool(lost)),
            ("talk_time_duration", Val::Int(d.talk.into())),
            ("wait_time_duration", Val::Int(d.wait.into())),
            ("total_time_duration", Val::Int(d.total.into())),
            ("employee_id", last_employee(plan).as_ref().map(employee).unwrap_or(Val::Null)),
            ("last_talked_employee_id", plan.answered_by().map(employee).unwrap_or(Val::Null)),
            ("contact_phone_number", Val::str(&plan.client)),
            ("virtual_phone_number", Val::str(&plan.line)),
            ("call_source", Val::str("va")),
            ("tag_names", Val::List(vec![])),
        ];
        out.push(hook("ended", plan, &vars, ctx));
        out
    }

    fn recording(plan: &CallPlan, record_id: &str, ctx: &Context) -> Webhook {
        let link = ctx
            .recording_url
            .clone()
            .unwrap_or_else(|| format!("{}/uis/media/unregistered/{record_id}.mp3", ctx.config.public_url()));
        let vars = [
            ("notification_name", Val::str("Запись разговора")),
            ("notification_time", notification_time(ctx)),
            ("call_session_id", Val::Int(call_session_id(plan))),
            ("file_link", Val::Str(link)),
            ("file_duration", Val::Int(plan.talk_secs.max(1).into())),
            ("employee_id", plan.answered_by().map(employee).unwrap_or(Val::Null)),
            ("tag_ids", Val::List(vec![])),
        ];
        hook("recording", plan, &vars, ctx)
    }
}

impl Renderer for UisRenderer {
    fn render(&self, plan: &CallPlan, beat: &Beat, ctx: &Context) -> Vec<Webhook> {
        let incoming = plan.direction == Direction::Incoming;
        match beat {
            Beat::Start if incoming => {
                let vars = [
                    ("notification_name", Val::str("Входящий звонок")),
                    ("notification_time", notification_time(ctx)),
                    ("call_session_id", Val::Int(call_session_id(plan))),
                    ("contact_phone_number", Val::str(&plan.client)),
                    ("virtual_phone_number", Val::str(&plan.line)),
                    ("scenario_name", Val::str("Входящие продажи")),
                    ("communication_number", Val::Int(1)),
                    ("contact_id", Val::Null),
                    ("contact_full_name", Val::Null),
                ];
                vec![route(plan, ctx), hook("inbound", plan, &vars, ctx)]
            }
            // An outgoing plan starts with the agent's ring: the outbound call is told there.
            Beat::Start => vec![],
            Beat::Ring(agent) if !incoming => {
                let vars = [
                    ("notification_name", Val::str("Исходящий звонок")),
                    ("notification_time", notification_time(ctx)),
                    ("call_session_id", Val::Int(call_session_id(plan))),
                    ("employee_id", employee(agent)),
                    ("employee_phone_number", Val::Str(agent.uis_phone())),
                    ("contact_phone_number", Val::str(&plan.client)),
                    ("virtual_phone_number", Val::str(&plan.line)),
                    ("direction", direction(plan)),
                ];
                vec![hook("outbound", plan, &vars, ctx), Self::ringing(plan, agent, false, ctx)]
            }
            Beat::Ring(agent) => vec![Self::ringing(plan, agent, false, ctx)],
            // UIS says nothing when a phone stops ringing.
            Beat::StopRinging(_) => vec![],
            Beat::Answer(agent) => vec![Self::answered(plan, agent, false, ctx)],
            Beat::Transfer { to, .. } => {
                vec![Self::ringing(plan, to, true, ctx), Self::answered(plan, to, true, ctx)]
            }
            Beat::End(_) => Self::ended(plan, ctx),
            Beat::Recorded => match &plan.recording_id {
                Some(rec) => vec![Self::recording(plan, rec, ctx)],
                None => vec![],
            },
        }
    }

    fn routing(&self, reply: &Value, config: &SimConfig) -> Result<Routing, String> {
        routing_reply(reply, config)
    }
}

/// Reads the reply to the routing request as UIS does (§3.6): `{"phones": [...]}` routes the
/// call, `{"returned_code": n}` continues on branch `n`; anything else is unusable.
pub fn routing_reply(reply: &Value, config: &SimConfig) -> Result<Routing, String> {
    let Value::Object(reply) = reply else { return Err(format!("reply is not a JSON object: {reply}")) };
    match (reply.get("phones"), reply.get("returned_code")) {
        (Some(_), Some(_)) => Err("reply has both phones and returned_code".into()),
        (None, None) => Err(format!("reply has neither phones nor returned_code: {}", Value::Object(reply.clone()))),
        (None, Some(code)) => {
            let code = code.as_i64().ok_or_else(|| format!("returned_code must be an integer, got {code}"))?;
            Ok(Routing { blacklist: code == config.uis.blacklist_returned_code, agent: None })
        }
        (Some(phones), None) => {
            let Some(phones) = phones.as_array().filter(|p| !p.is_empty()) else {
                return Err(format!("phones must be a non-empty array, got {phones}"));
            };
            let mut numbers = vec![];
            for p in phones {
                match p.as_str() {
                    Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => numbers.push(s),
                    _ => return Err(format!("phones must hold digit strings, got {p}")),
                }
            }
            for key in ["message_name", "text", "operator_message"] {
                if let Some(v) = reply.get(key).filter(|v| !v.is_string()) {
                    return Err(format!("`{key}` must be a string, got {v}"));
                }
            }
            if reply.contains_key("message_name") && reply.contains_key("text") {
                return Err("message_name and text are alternatives".into());
            }
            // The first listed phone that is one of our agents' rings first.
            let agent = numbers
                .iter()
                .find_map(|n| config.agents.iter().find(|a| a.uis_phone() == *n))
                .map(|a| a.extension.clone());
            Ok(Routing { blacklist: false, agent })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{UisMethod, UisTemplate};
    use crate::plan::{Planner, ScenarioKind};
    use crate::render::Body;
    use chrono::Utc;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use serde_json::json;

    fn play(plan: &CallPlan, config: &SimConfig) -> Vec<Webhook> {
        let ctx = Context::new(config, Utc::now());
        plan.beats.iter().flat_map(|(_, beat)| UisRenderer.render(plan, beat, &ctx)).collect()
    }

    fn json(hook: &Webhook) -> Value {
        let Body::Json(text) = &hook.body else { panic!("{hook:?}") };
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    fn plan(config: &SimConfig, kind: ScenarioKind, seed: u64) -> Vec<CallPlan> {
        Planner::new(config, ChaCha8Rng::seed_from_u64(seed), 0.01).plan(kind, Some(ProviderKind::Uis))
    }

    fn labels(hooks: &[Webhook]) -> Vec<&str> {
        hooks.iter().map(|h| h.label.as_str()).collect()
    }

    #[test]
    fn an_answered_group_call_plays_route_inbound_ringing_answered_ended() {
        let config = SimConfig::default();
        let plan = plan(&config, ScenarioKind::GroupRingAnswered, 3).remove(0);
        let hooks = play(&plan, &config);
        let recorded = plan.recorded();
        let mut expected = vec!["route", "inbound", "ringing", "ringing", "answered", "ended"];
        if recorded {
            expected.push("recording");
        }
        assert_eq!(labels(&hooks), expected);
        assert!(hooks[0].routing && hooks[1..].iter().all(|h| !h.routing));
        assert!(hooks.iter().all(|h| h.path == format!("/hooks/uis/sim_uis_secret_0123456789abcdef/{}", h.label)));
        let id: i64 = plan.call_id.parse().unwrap();
        let route = json(&hooks[0]);
        assert_eq!((route["cdr_id"].as_i64(), route["numa"].as_str()), (Some(id), Some(plan.client.as_str())));
        assert_eq!(route["input_result"], "None");
        let (r1, r2, answered, ended) = (json(&hooks[2]), json(&hooks[3]), json(&hooks[4]), json(&hooks[5]));
        assert_eq!(r1["call_session_id"], json!(id));
        assert_ne!(r1["leg_id"], r2["leg_id"], "a leg per rung employee");
        let who = plan.answered_by().unwrap().uis_employee_id();
        let leg = [&r1, &r2].iter().find(|r| r["employee_id"] == json!(who)).unwrap()["leg_id"].clone();
        assert_eq!(answered["leg_ids"], json!([leg]));
        assert_eq!(ended["is_lost"], json!(false));
        assert_eq!(ended["last_talked_employee_id"], json!(who));
        assert!(ended["talk_time_duration"].as_i64().unwrap() >= 1);
        let time = r1["notification_time"].as_str().unwrap();
        assert!(chrono::NaiveDateTime::parse_from_str(time, "%Y-%m-%d %H:%M:%S%.3f").is_ok(), "{time}");
        assert_eq!(time.len(), 23, "{time}");
        if recorded {
            let rec = json(&hooks[6]);
            let link = rec["file_link"].as_str().unwrap();
            let record_id = plan.recording_id.as_deref().unwrap();
            assert!(record_id.len() == 32 && record_id.bytes().all(|b| b.is_ascii_hexdigit()), "{record_id}");
            assert!(link.ends_with(&format!("/{record_id}.mp3")), "{link}");
        }
    }

    #[test]
    fn a_missed_call_sends_lost_before_ended() {
        let config = SimConfig::default();
        let plan = plan(&config, ScenarioKind::GroupRingMissed, 4).remove(0);
        let hooks = play(&plan, &config);
        assert_eq!(labels(&hooks), ["route", "inbound", "ringing", "ringing", "lost", "ended"]);
        let (lost, ended) = (json(&hooks[4]), json(&hooks[5]));
        let ids: Vec<i64> = session::rung(&plan).iter().map(|a| a.uis_employee_id()).collect();
        assert_eq!(lost["employee_ids"], json!(ids));
        assert_eq!(ended["is_lost"], json!(true));
        assert_eq!(ended["last_talked_employee_id"], Value::Null);
        assert_eq!(ended["employee_id"], json!(ids[1]), "the last one rung");
        assert_eq!(ended["talk_time_duration"], json!(0));
    }

    #[test]
    fn outgoing_and_transferred_calls() {
        let config = SimConfig::default();
        let out = plan(&config, ScenarioKind::OutgoingBusy, 5).remove(0);
        let hooks = play(&out, &config);
        assert_eq!(labels(&hooks), ["outbound", "ringing", "ended"], "no lost for an outgoing call");
        let outbound = json(&hooks[0]);
        assert_eq!(outbound["direction"], "out");
        let agent = out.main_agent().unwrap();
        assert_eq!(outbound["employee_phone_number"], agent.uis_phone());
        assert_eq!(json(&hooks[2])["is_lost"], json!(true));

        let transferred = plan(&config, ScenarioKind::Transferred, 6).remove(0);
        let hooks = play(&transferred, &config);
        let labels = labels(&hooks);
        assert_eq!(&labels[..7], ["route", "inbound", "ringing", "answered", "ringing", "answered", "ended"]);
        let (second_ring, second_answer) = (json(&hooks[4]), json(&hooks[5]));
        assert_eq!(second_answer["is_transfer"], json!(true));
        assert_eq!(second_answer["leg_ids"], json!([second_ring["leg_id"]]));
        assert_ne!(json(&hooks[2])["leg_id"], second_ring["leg_id"]);
        let to = transferred.answered_by().unwrap().uis_employee_id();
        assert_eq!(json(&hooks[6])["last_talked_employee_id"], json!(to));
    }

    #[test]
    fn every_template_mode_and_get() {
        for (template, method) in [
            (UisTemplate::Quoted, UisMethod::Post),
            (UisTemplate::Renamed, UisMethod::Post),
            (UisTemplate::Nested, UisMethod::Post),
            (UisTemplate::Literal, UisMethod::Get),
        ] {
            let mut config = SimConfig::default();
            config.uis.template = template;
            config.uis.method = method;
            let plan = plan(&config, ScenarioKind::IncomingAnswered, 7).remove(0);
            let hooks = play(&plan, &config);
            let ringing = hooks.iter().find(|h| h.label == "ringing").unwrap();
            let route = &hooks[0];
            match (template, method) {
                (_, UisMethod::Get) => {
                    assert_eq!(ringing.field("call_session_id"), Some(plan.call_id.as_str()));
                    assert_eq!(route.field("cdr_id"), Some(plan.call_id.as_str()));
                }
                (UisTemplate::Quoted, _) => {
                    let Body::Json(text) = &ringing.body else { panic!() };
                    assert!(text.contains(&format!("\"call_session_id\": \"{}\"", plan.call_id)), "{text}");
                    assert!(text.contains(&format!("\"contact_phone_number\": \"\"{}\"\"", plan.client)), "{text}");
                    // The routing request is the scenario's, not a template: plain JSON.
                    assert_eq!(json(route)["cdr_id"].as_i64().unwrap().to_string(), plan.call_id);
                }
                (UisTemplate::Renamed, _) => {
                    assert_eq!(json(ringing)["session"].as_i64().unwrap().to_string(), plan.call_id);
                    assert_eq!(json(ringing)["line"], plan.line.as_str());
                }
                (UisTemplate::Nested, _) => {
                    let v = json(ringing);
                    assert_eq!(v["call_info"]["call_session_id"].as_i64().unwrap().to_string(), plan.call_id);
                    assert!(v["employee_info"]["employee_id"].is_i64());
                    if plan.recorded() {
                        let rec = json(hooks.iter().find(|h| h.label == "recording").unwrap());
                        assert!(rec["call_record_file_info"]["file_link"].is_string());
                    }
                }
                _ => unreachable!(),
            }
        }
    }

    #[test]
    fn routing_replies_are_read_strictly() {
        let config = SimConfig::default();
        let ok = |v: Value| routing_reply(&v, &config);
        assert_eq!(ok(json!({"phones": ["79160000101", "79161234567"]})).unwrap().agent.as_deref(), Some("101"));
        // An outside number first: the first agent's phone listed still decides.
        assert_eq!(ok(json!({"phones": ["79031112233", "79160000102"]})).unwrap().agent.as_deref(), Some("102"));
        assert_eq!(ok(json!({"phones": ["79031112233"], "text": "Hello"})).unwrap(), Routing::default());
        assert_eq!(ok(json!({"returned_code": 2})).unwrap(), Routing { blacklist: true, agent: None });
        assert_eq!(ok(json!({"returned_code": 1})).unwrap(), Routing::default());
        for bad in [
            json!({}),
            json!(null),
            json!([]),
            json!({"phones": []}),
            json!({"phones": "79160000101"}),
            json!({"phones": [79160000101i64]}),
            json!({"phones": [""]}),
            json!({"phones": ["+79160000101"]}),
            json!({"returned_code": "2"}),
            json!({"returned_code": 1.5}),
            json!({"phones": ["79160000101"], "returned_code": 1}),
            json!({"phones": ["79160000101"], "message_name": 5}),
            json!({"phones": ["79160000101"], "message_name": "a.mp3", "text": "hi"}),
        ] {
            assert!(ok(bad.clone()).is_err(), "accepted {bad}");
        }
    }
}
