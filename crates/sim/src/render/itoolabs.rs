//! ITooLabs PBX → CRM requests (`cmd=contact`, `cmd=event`, `cmd=history`; PROTOCOLS.md §2.2).

use callcard_protocol::Direction;
use serde_json::Value;

use super::{optional_string, pairs, Body, Context, Renderer, Webhook};
use crate::config::{SimAgent, SimConfig};
use crate::plan::{Beat, CallPlan, EndReason, ProviderKind, Routing};

pub struct ItoolabsRenderer;

/// Where the simulator serves ITooLabs recordings (`link` in `cmd=history`).
pub fn recording_link(public_url: &str, call_id: &str) -> String {
    format!("{public_url}/recordings/{call_id}.mp3")
}

fn history_status(plan: &CallPlan) -> &'static str {
    match (plan.direction, plan.end_reason()) {
        (_, EndReason::Answered) => "Success",
        (Direction::Incoming, _) => "missed",
        (Direction::Outgoing, EndReason::Busy) => "Busy",
        (_, _) => "NotAvailable",
    }
}

/// Agents the call rang that no beat of the plan stops ringing (nor answered it): their
/// phones stop when the call ends, and the PBX says so.
fn still_ringing_at_end(plan: &CallPlan) -> Vec<&SimAgent> {
    let answered = plan.answered_by();
    let mut ringing: Vec<&SimAgent> = vec![];
    for (_, beat) in &plan.beats {
        match beat {
            Beat::Ring(a) if !ringing.contains(&a) => ringing.push(a),
            Beat::StopRinging(a) | Beat::Answer(a) => ringing.retain(|r| *r != a),
            _ => {}
        }
    }
    ringing.retain(|a| Some(*a) != answered);
    ringing
}

impl ItoolabsRenderer {
    fn webhook(label: String, fields: Vec<(&str, String)>, ctx: &Context) -> Webhook {
        let mut fields = pairs(&fields);
        fields.push(("crm_token".into(), ctx.config.itoolabs.crm_token.clone()));
        let routing = label == "contact";
        let mut hook = Webhook::form(ProviderKind::Itoolabs, "/hooks/itoolabs", fields, label);
        // The reply to cmd=contact names the responsible agent (§2.2).
        hook.routing = routing;
        hook
    }

    fn event(kind: &str, plan: &CallPlan, agent: &SimAgent, ctx: &Context) -> Webhook {
        let direction = if plan.direction == Direction::Incoming { "in" } else { "out" };
        let mut fields = vec![
            ("cmd", "event".to_string()),
            ("type", kind.to_string()),
            ("phone", plan.client.clone()),
            ("diversion", plan.line.clone()),
            ("user", agent.login.clone()),
            ("ext", agent.extension.clone()),
        ];
        let rung = plan.beats.iter().filter(|(_, b)| matches!(b, Beat::Ring(_))).count();
        if rung > 1 {
            fields.push(("groupRealName", "Sales".to_string()));
        }
        fields.extend([("callid", plan.call_id.clone()), ("direction", direction.to_string())]);
        Self::webhook(format!("event/{kind}"), fields, ctx)
    }
}

impl Renderer for ItoolabsRenderer {
    fn render(&self, plan: &CallPlan, beat: &Beat, ctx: &Context) -> Vec<Webhook> {
        let incoming = plan.direction == Direction::Incoming;
        match beat {
            Beat::Start if incoming => vec![Self::webhook(
                "contact".into(),
                vec![
                    ("cmd", "contact".into()),
                    ("phone", plan.client.clone()),
                    ("diversion", plan.line.clone()),
                    ("callid", plan.call_id.clone()),
                ],
                ctx,
            )],
            Beat::Start => vec![],
            Beat::Ring(agent) => vec![Self::event(if incoming { "INCOMING" } else { "OUTGOING" }, plan, agent, ctx)],
            Beat::StopRinging(agent) => vec![Self::event("CANCELLED", plan, agent, ctx)],
            Beat::Answer(agent) => vec![Self::event("ACCEPTED", plan, agent, ctx)],
            Beat::Transfer { to, .. } => {
                let mut hook = Self::event("TRANSFERRED", plan, to, ctx);
                if let Body::Form(fields) = &mut hook.body {
                    fields.insert(fields.len() - 1, ("second_callid".into(), format!("{}-T", plan.call_id)));
                }
                vec![hook]
            }
            Beat::End(reason) => {
                let mut out = vec![];
                let agent = plan.main_agent().cloned();
                if *reason == EndReason::Answered {
                    if let Some(agent) = &agent {
                        out.push(Self::event("COMPLETED", plan, agent, ctx));
                    }
                } else if incoming {
                    out.extend(still_ringing_at_end(plan).into_iter().map(|a| Self::event("CANCELLED", plan, a, ctx)));
                }
                // Seed 003's PBX reports nothing more of a missed incoming call.
                if incoming && *reason != EndReason::Answered && !ctx.config.itoolabs.history_for_missed {
                    return out;
                }
                let mut fields = vec![
                    ("cmd", "history".to_string()),
                    ("type", if incoming { "in" } else { "out" }.to_string()),
                    ("status", history_status(plan).to_string()),
                    ("phone", plan.client.clone()),
                    ("diversion", plan.line.clone()),
                ];
                if let Some(agent) = &agent {
                    fields.extend([("user", agent.login.clone()), ("ext", agent.extension.clone())]);
                }
                fields.extend([
                    ("callid", plan.call_id.clone()),
                    ("start", ctx.started.format("%Y%m%dT%H%M%SZ").to_string()),
                    // As the PBX counts them: the wait before the answer, and the whole call.
                    ("wait", plan.wait_secs().to_string()),
                    ("duration", plan.duration_secs().to_string()),
                ]);
                if plan.recorded() {
                    fields.push(("link", recording_link(&ctx.config.public_url(), &plan.call_id)));
                }
                out.push(Self::webhook("history".into(), fields, ctx));
                out
            }
            // The recording link already went out with cmd=history.
            Beat::Recorded => vec![],
        }
    }

    fn routing(&self, reply: &Value, _config: &SimConfig) -> Result<Routing, String> {
        let Value::Object(reply) = reply else { return Err(format!("reply is not a JSON object: {reply}")) };
        optional_string(reply, "contact_name")?;
        Ok(Routing { blacklist: false, agent: optional_string(reply, "responsible")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Planner;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Every webhook of a plan, in beat order, as (label, `user` field).
    fn played(plan: &CallPlan, config: &SimConfig) -> Vec<(String, String)> {
        let ctx = Context::new(config, chrono::Utc::now());
        plan.beats
            .iter()
            .flat_map(|(_, beat)| ItoolabsRenderer.render(plan, beat, &ctx))
            .map(|h| (h.label.clone(), h.field("user").unwrap_or_default().to_string()))
            .collect()
    }

    fn missed(config: &SimConfig, ring: &[usize]) -> CallPlan {
        let agents = ring.iter().map(|i| config.agents[*i].clone()).collect();
        let mut planner = Planner::new(config, ChaCha8Rng::seed_from_u64(1), 0.01);
        planner.incoming_with(
            ProviderKind::Itoolabs,
            "79991234567".into(),
            "74951234567".into(),
            agents,
            None,
            false,
            None,
            3.0,
            0.0,
        )
    }

    fn labels(hooks: &[(String, String)]) -> Vec<&str> {
        hooks.iter().map(|(l, _)| l.as_str()).collect()
    }

    fn config(history_for_missed: bool) -> SimConfig {
        let mut config = SimConfig::default();
        config.itoolabs.history_for_missed = history_for_missed;
        config
    }

    #[test]
    fn a_missed_group_call_cancels_every_rung_agent_and_reports_history_by_default() {
        let config = config(true);
        let hooks = played(&missed(&config, &[0, 1]), &config);
        assert_eq!(
            labels(&hooks),
            ["contact", "event/INCOMING", "event/INCOMING", "event/CANCELLED", "event/CANCELLED", "history"]
        );
        let cancelled: Vec<&str> =
            hooks.iter().filter(|(l, _)| l == "event/CANCELLED").map(|(_, u)| u.as_str()).collect();
        assert_eq!(cancelled, ["anna", "boris"]);
        let ctx = Context::new(&config, chrono::Utc::now());
        let plan = missed(&config, &[0]);
        let history = ItoolabsRenderer.render(&plan, &Beat::End(EndReason::Cancelled), &ctx);
        assert_eq!(history.last().and_then(|h| h.field("status")), Some("missed"));
    }

    #[test]
    fn seed_003_mode_sends_only_cancelled_for_a_missed_call() {
        let config = config(false);
        let group = played(&missed(&config, &[0, 2]), &config);
        assert_eq!(
            labels(&group),
            ["contact", "event/INCOMING", "event/INCOMING", "event/CANCELLED", "event/CANCELLED"]
        );
        assert_eq!(group[3..].iter().map(|(_, u)| u.as_str()).collect::<Vec<_>>(), ["anna", "vera"]);
        let single = played(&missed(&config, &[1]), &config);
        assert_eq!(labels(&single), ["contact", "event/INCOMING", "event/CANCELLED"]);
        assert_eq!(single[2].1, "boris");
    }

    #[test]
    fn seed_003_mode_still_reports_answered_and_outgoing_calls() {
        let config = config(false);
        let mut planner = Planner::new(&config, ChaCha8Rng::seed_from_u64(2), 0.01);
        let (anna, boris) = (config.agents[0].clone(), config.agents[1].clone());
        let answered = planner.incoming_with(
            ProviderKind::Itoolabs,
            "79991234567".into(),
            "74951234567".into(),
            vec![anna.clone(), boris.clone()],
            Some(boris.clone()),
            false,
            None,
            3.0,
            10.0,
        );
        assert_eq!(
            labels(&played(&answered, &config)),
            [
                "contact",
                "event/INCOMING",
                "event/INCOMING",
                "event/CANCELLED",
                "event/ACCEPTED",
                "event/COMPLETED",
                "history"
            ]
        );
        let busy =
            planner.outgoing_with(ProviderKind::Itoolabs, anna, "79991234567".into(), EndReason::Busy, false, 2.0, 0.0);
        assert_eq!(labels(&played(&busy, &config)), ["event/OUTGOING", "history"]);
    }

    #[test]
    fn phones_still_ringing_when_the_caller_gives_up_are_cancelled_at_the_end() {
        // A plan without stop-ringing beats (a scripted one): the end itself stops the phones.
        for history in [true, false] {
            let config = config(history);
            let mut plan = missed(&config, &[0, 1]);
            plan.beats.retain(|(_, b)| !matches!(b, Beat::StopRinging(_)));
            let hooks = played(&plan, &config);
            let cancelled: Vec<&str> =
                hooks.iter().filter(|(l, _)| l == "event/CANCELLED").map(|(_, u)| u.as_str()).collect();
            assert_eq!(cancelled, ["anna", "boris"], "history_for_missed = {history}");
            assert_eq!(hooks.iter().any(|(l, _)| l == "history"), history);
        }
    }
}
