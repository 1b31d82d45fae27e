//! `callcard-sim scenario FILE`: a scripted sequence of calls, raw webhooks, waits and
//! expectations, for tests.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;
use serde_json::Value;

use crate::plan::{Planner, ProviderKind, ScenarioKind};
use crate::player::{Failure, Player};
use crate::render::uis::template::Val;
use crate::render::Webhook;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Scales ring and talk times: 0.05 plays a minute-long call in three seconds.
    #[serde(default = "one")]
    pub time_scale: f64,
    /// Provider of `play` steps that do not name one (default: random among the config's).
    pub provider: Option<ProviderKind>,
    #[serde(rename = "step", default)]
    pub steps: Vec<Step>,
}

fn default_seed() -> u64 {
    1
}

fn one() -> f64 {
    1.0
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Play a generated call of this kind.
    pub play: Option<ScenarioKind>,
    pub provider: Option<ProviderKind>,
    /// Override the client's number of a played call.
    pub client: Option<String>,
    /// Wait for a played call to finish before the next step.
    #[serde(default = "yes")]
    pub wait: bool,
    /// Pause this long.
    pub sleep_ms: Option<u64>,
    /// Send one raw webhook of this provider with `fields` (signed / tokened as the provider
    /// does; for UIS and Ringostat `event` is the path's event kind).
    pub send: Option<ProviderKind>,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Expected HTTP status of a raw webhook (default 200).
    pub expect_status: Option<u16>,
    /// Keys the reply to a raw webhook must have, with these values.
    pub expect_reply: Option<serde_json::Map<String, Value>>,
}

pub fn load(path: &Path) -> anyhow::Result<Scenario> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let scenario: Scenario = toml::from_str(&text).with_context(|| format!("invalid scenario {}", path.display()))?;
    for (i, step) in scenario.steps.iter().enumerate() {
        let actions =
            [step.play.is_some(), step.sleep_ms.is_some(), step.send.is_some()].iter().filter(|x| **x).count();
        anyhow::ensure!(actions == 1, "step {}: give exactly one of play, sleep_ms, send", i + 1);
    }
    Ok(scenario)
}

/// A raw webhook as the provider would send it. For UIS, `event` names the path's event kind
/// and the other fields are the variables, sent as strings the account's method's way.
fn raw_webhook(player: &Player, provider: ProviderKind, fields: &BTreeMap<String, String>) -> Webhook {
    let mut pairs: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let config = &player.config;
    match provider {
        ProviderKind::Zadarma => {
            let event = fields.get("event").cloned().unwrap_or_default();
            let form = callcard_pbx::Form::from_pairs(pairs.clone());
            let signed = callcard_pbx::zadarma::signed_string(&event, &form).unwrap_or_default();
            let mut hook = Webhook::form(provider, "/hooks/zadarma", pairs, event);
            hook.signature = Some(callcard_pbx::zadarma::webhook_signature(&config.zadarma.api_secret, &signed));
            hook
        }
        ProviderKind::Itoolabs => {
            if !fields.contains_key("crm_token") {
                pairs.push(("crm_token".into(), config.itoolabs.crm_token.clone()));
            }
            let label = fields.get("cmd").cloned().unwrap_or_default();
            Webhook::form(provider, "/hooks/itoolabs", pairs, label)
        }
        ProviderKind::Uis => {
            let event = fields.get("event").cloned().unwrap_or_default();
            let vars: Vec<(&str, Val)> =
                fields.iter().filter(|(k, _)| *k != "event").map(|(k, v)| (k.as_str(), Val::str(v))).collect();
            let mut hook = Webhook::form(provider, "", vec![], event.clone());
            hook.path = format!("/hooks/uis/{}/{event}", config.uis.webhook_secret);
            hook.body = crate::render::uis::template::render_plain(&vars, config.uis.method);
            hook.call_id = fields.get("call_session_id").cloned().unwrap_or_default();
            hook
        }
        // `event` names the path's event kind (`route` too); the rest go the account's format.
        ProviderKind::Ringostat => {
            let event = fields.get("event").cloned().unwrap_or_default();
            pairs.retain(|(k, _)| k != "event");
            let mut hook = Webhook::form(provider, "", vec![], event.clone());
            hook.path = format!("/hooks/ringostat/{}/{event}", config.ringostat.webhook_secret);
            hook.body = match (config.ringostat.format, event.as_str()) {
                (_, "route") | (crate::config::RingostatFormat::Json, _) => {
                    crate::render::Body::Json(crate::render::ringostat::params::json_object(&pairs))
                }
                (crate::config::RingostatFormat::Form, _) => crate::render::Body::Form(pairs),
                (crate::config::RingostatFormat::Get, _) => crate::render::Body::Query(pairs),
            };
            hook.call_id = fields.get("uniqueid").or(fields.get("call_id")).cloned().unwrap_or_default();
            hook
        }
    }
}

async fn send_raw(player: &Player, step: &Step, provider: ProviderKind) -> Option<String> {
    let hook = raw_webhook(player, provider, &step.fields);
    let resp = match hook.request(&player.http, &player.config.relay_url).send().await {
        Ok(r) => r,
        Err(e) => return Some(format!("relay unreachable: {e}")),
    };
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap_or_default();
    let want = step.expect_status.unwrap_or(200);
    if status != want {
        return Some(format!("expected status {want}, got {status}: {body}"));
    }
    if let Some(expected) = &step.expect_reply {
        let reply: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        for (k, v) in expected {
            if reply.get(k) != Some(v) {
                return Some(format!("expected reply {k} = {v}, got {body}"));
            }
        }
    }
    None
}

/// Runs every step; returns the failures (empty: the relay behaved as the PBX expects).
pub async fn run(player: &Player, scenario: &Scenario) -> Vec<Failure> {
    let mut planner = Planner::new(&player.config, ChaCha8Rng::seed_from_u64(scenario.seed), scenario.time_scale);
    let mut failures = vec![];
    let mut background = tokio::task::JoinSet::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let label = format!("step {}", i + 1);
        if let Some(ms) = step.sleep_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        } else if let Some(kind) = step.play {
            let mut plans = planner.plan(kind, step.provider.or(scenario.provider));
            if let Some(client) = &step.client {
                plans.iter_mut().for_each(|p| p.client = client.clone());
            }
            for plan in plans {
                tracing::info!(%label, ?kind, call = %plan.call_id, provider = ?plan.provider, "playing");
                let player = player.clone();
                background.spawn(async move { player.play(plan).await });
            }
            if step.wait {
                while let Some(done) = background.join_next().await {
                    failures.extend(done.unwrap_or_default());
                }
            }
        } else if let Some(provider) = step.send {
            if let Some(problem) = send_raw(player, step, provider).await {
                let event = step.fields.get("event").or(step.fields.get("cmd")).cloned().unwrap_or_default();
                failures.push(Failure { call_id: label.clone(), label: event, problem });
            }
        }
    }
    while let Some(done) = background.join_next().await {
        failures.extend(done.unwrap_or_default());
    }
    failures
}
