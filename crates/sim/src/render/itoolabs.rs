//! ITooLabs PBX → CRM requests (`cmd=contact`, `cmd=event`, `cmd=history`; PROTOCOLS.md §2.2).

use callcard_protocol::Direction;
use serde_json::Value;

use super::{optional_string, pairs, Context, Renderer, Webhook};
use crate::config::SimAgent;
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

impl ItoolabsRenderer {
    fn webhook(label: String, fields: Vec<(&str, String)>, ctx: &Context) -> Webhook {
        let mut fields = pairs(&fields);
        fields.push(("crm_token".into(), ctx.config.itoolabs.crm_token.clone()));
        Webhook { provider: ProviderKind::Itoolabs, path: "/hooks/itoolabs", fields, signature: None, label }
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
                hook.fields.insert(hook.fields.len() - 1, ("second_callid".into(), format!("{}-T", plan.call_id)));
                vec![hook]
            }
            Beat::End(reason) => {
                let mut out = vec![];
                let agent = plan.main_agent().cloned();
                if *reason == EndReason::Answered {
                    if let Some(agent) = &agent {
                        out.push(Self::event("COMPLETED", plan, agent, ctx));
                    }
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

    fn routing(&self, reply: &Value) -> Result<Routing, String> {
        let Value::Object(reply) = reply else { return Err(format!("reply is not a JSON object: {reply}")) };
        optional_string(reply, "contact_name")?;
        Ok(Routing { blacklist: false, agent: optional_string(reply, "responsible")? })
    }
}
