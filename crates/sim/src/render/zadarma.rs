//! Zadarma PBX call notifications, signed per event (PROTOCOLS.md §1.2–1.4).

use callcard_pbx::zadarma::{signed_string, webhook_signature};
use callcard_pbx::Form;
use callcard_protocol::Direction;
use serde_json::Value;

use super::{optional_string, pairs, Context, Renderer, Webhook};
use crate::config::SimConfig;
use crate::plan::{Beat, CallPlan, EndReason, ProviderKind, Routing};

pub struct ZadarmaRenderer;

fn disposition(reason: EndReason) -> (&'static str, &'static str) {
    // (disposition, Q.931 cause code)
    match reason {
        EndReason::Answered => ("answered", "16"),
        EndReason::Cancelled => ("cancel", "16"),
        EndReason::Busy => ("busy", "17"),
        EndReason::NoAnswer => ("no answer", "19"),
    }
}

impl ZadarmaRenderer {
    fn webhook(event: &str, fields: &[(&str, String)], ctx: &Context) -> Webhook {
        let mut all = vec![("event", event.to_string())];
        all.extend_from_slice(fields);
        let fields = pairs(&all);
        let form = Form::from_pairs(fields.clone());
        let signed = signed_string(event, &form).expect("known event");
        let mut hook = Webhook::form(ProviderKind::Zadarma, "/hooks/zadarma", fields, event.to_string());
        hook.signature = Some(webhook_signature(&ctx.config.zadarma.api_secret, &signed));
        // The reply to NOTIFY_START can redirect or blacklist the call (§1.4).
        hook.routing = event == "NOTIFY_START";
        hook
    }
}

impl Renderer for ZadarmaRenderer {
    fn render(&self, plan: &CallPlan, beat: &Beat, ctx: &Context) -> Vec<Webhook> {
        let tz = ctx.config.zadarma_timezone().expect("validated");
        let call_start = ctx.started.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string();
        let id = plan.call_id.clone();
        let client = plan.client.clone();
        let line = plan.line.clone();
        let incoming = plan.direction == Direction::Incoming;
        let hook = |event: &str, fields: &[(&str, String)]| vec![Self::webhook(event, fields, ctx)];
        match (beat, incoming) {
            (Beat::Start, true) => hook(
                "NOTIFY_START",
                &[("call_start", call_start), ("pbx_call_id", id), ("caller_id", client), ("called_did", line)],
            ),
            (Beat::Ring(agent), true) => hook(
                "NOTIFY_INTERNAL",
                &[
                    ("call_start", call_start),
                    ("pbx_call_id", id),
                    ("caller_id", client),
                    ("called_did", line),
                    ("internal", agent.extension.clone()),
                ],
            ),
            (Beat::Ring(agent), false) => hook(
                "NOTIFY_OUT_START",
                &[
                    ("call_start", call_start),
                    ("pbx_call_id", id),
                    ("internal", agent.extension.clone()),
                    ("destination", client),
                ],
            ),
            (Beat::Answer(agent) | Beat::Transfer { to: agent, .. }, _) => {
                // Incoming: caller_id is the client; outgoing: the number we present (our line).
                let (caller, destination) = if incoming { (client, agent.extension.clone()) } else { (line, client) };
                hook(
                    "NOTIFY_ANSWER",
                    &[
                        ("caller_id", caller),
                        ("destination", destination),
                        ("call_start", call_start),
                        ("pbx_call_id", id),
                        ("internal", agent.extension.clone()),
                    ],
                )
            }
            (Beat::End(reason), _) => {
                let (disposition, status_code) = disposition(*reason);
                let internal = plan.answered_by().map(|a| a.extension.clone()).unwrap_or_default();
                let mut fields = vec![("call_start", call_start), ("pbx_call_id", id)];
                if incoming {
                    fields.extend([("caller_id", client), ("called_did", line)]);
                } else {
                    let dialler = plan.main_agent().map(|a| a.extension.clone()).unwrap_or_default();
                    fields.extend([("caller_id", line), ("destination", client), ("internal", dialler)]);
                }
                if incoming {
                    fields.push(("internal", internal));
                }
                fields.extend([
                    ("duration", plan.duration_secs().to_string()),
                    ("disposition", disposition.to_string()),
                    ("status_code", status_code.to_string()),
                    ("is_recorded", if plan.recorded() { "1" } else { "0" }.to_string()),
                    ("call_id_with_rec", plan.recording_id.clone().unwrap_or_default()),
                ]);
                hook(if incoming { "NOTIFY_END" } else { "NOTIFY_OUT_END" }, &fields)
            }
            (Beat::Recorded, _) => match &plan.recording_id {
                Some(rec) => hook("NOTIFY_RECORD", &[("call_id_with_rec", rec.clone()), ("pbx_call_id", id)]),
                None => vec![],
            },
            // Zadarma reports neither a start of dialling separate from OUT_START nor legs that
            // stop ringing.
            (Beat::Start, false) | (Beat::StopRinging(_), _) => vec![],
        }
    }

    fn routing(&self, reply: &Value, _config: &SimConfig) -> Result<Routing, String> {
        let Value::Object(reply) = reply else { return Err(format!("reply is not a JSON object: {reply}")) };
        optional_string(reply, "caller_name")?;
        let redirect = optional_string(reply, "redirect")?;
        if let Some(timeout) = reply.get("return_timeout") {
            let ok = timeout.as_u64().is_some_and(|t| t == 0 || t >= 3);
            if !ok || redirect.is_none() {
                return Err(format!("return_timeout must be 0 or >= 3 and come with redirect, got {timeout}"));
            }
        }
        Ok(match redirect.as_deref() {
            Some("blacklist") => Routing { blacklist: true, agent: None },
            Some(target) => Routing { blacklist: false, agent: Some(target.to_string()) },
            None => Routing::default(),
        })
    }
}
