//! Plays call plans into the relay in real time, checking every answer like the real PBX would.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::config::SimConfig;
use crate::plan::{Beat, CallPlan, ProviderKind};
use crate::render::{self, Context, Webhook};
use crate::state::{PbxState, RecordingInfo};

/// One webhook as sent, for load measurements.
#[derive(Debug, Clone)]
pub struct SendRecord {
    pub call_id: String,
    pub label: String,
    /// Wall-clock send time, nanoseconds since the Unix epoch.
    pub sent_unix_ns: i128,
    /// Time to the relay's answer.
    pub reply_ms: f64,
    pub status: u16,
}

/// A webhook the relay did not accept as the real PBX expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{call_id} {label}: {problem}")]
pub struct Failure {
    pub call_id: String,
    pub label: String,
    pub problem: String,
}

#[derive(Clone)]
pub struct Player {
    pub config: Arc<SimConfig>,
    pub http: reqwest::Client,
    pub state: Arc<PbxState>,
    /// Where load mode records each send.
    pub records: Option<mpsc::UnboundedSender<SendRecord>>,
}

impl Player {
    pub fn new(config: Arc<SimConfig>, state: Arc<PbxState>) -> Player {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("http client");
        Player { config, http, state, records: None }
    }

    /// Sends one webhook; returns the relay's JSON reply (`Null` for an empty body).
    pub async fn send(&self, hook: &Webhook) -> Result<Value, String> {
        let request = hook.request(&self.http, &self.config.relay_url);
        let sent_unix_ns = Utc::now().timestamp_nanos_opt().map(i128::from).unwrap_or_default();
        let started = Instant::now();
        let result = request.send().await;
        let reply_ms = started.elapsed().as_secs_f64() * 1000.0;
        let record = |status: u16| SendRecord {
            call_id: hook.call_id.clone(),
            label: hook.label.clone(),
            sent_unix_ns,
            reply_ms,
            status,
        };
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                if let Some(tx) = &self.records {
                    let _ = tx.send(record(0));
                }
                return Err(format!("relay unreachable: {e}"));
            }
        };
        let status = response.status();
        if let Some(tx) = &self.records {
            let _ = tx.send(record(status.as_u16()));
        }
        let body = response.text().await.map_err(|e| format!("reading reply: {e}"))?;
        if !status.is_success() {
            return Err(format!("relay answered {status}: {body}"));
        }
        if body.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&body).map_err(|_| format!("reply is not JSON: {body:?}"))
    }

    /// Plays a call from now to its end. Returns the problems found (empty: all accepted).
    pub async fn play(&self, mut plan: CallPlan) -> Vec<Failure> {
        let renderer = render::renderer(plan.provider);
        let started = Utc::now();
        let clock = tokio::time::Instant::now();
        let recording_url = self.register_recording(&plan);
        let mut failures = vec![];
        let mut i = 0;
        while i < plan.beats.len() {
            let (offset, beat) = plan.beats[i].clone();
            tokio::time::sleep_until(clock + offset).await;
            if matches!(beat, Beat::End(_)) && plan.provider == ProviderKind::Uis {
                // Before the end is announced: the CRM asks the Data API about the call on it.
                self.state.add_finished_call(plan.clone(), started);
            }
            let ctx = Context { config: &self.config, started, recording_url: recording_url.clone() };
            for hook in renderer.render(&plan, &beat, &ctx) {
                let fail =
                    |problem: String| Failure { call_id: plan.call_id.clone(), label: hook.label.clone(), problem };
                match self.send(&hook).await {
                    Ok(reply) if hook.routing => match renderer.routing(&reply, &self.config) {
                        Ok(routing) => {
                            if routing.blacklist || routing.agent.is_some() {
                                tracing::info!(call = %plan.call_id, ?routing, "relay routed the call");
                            }
                            plan.reroute(&routing, &self.config.agents);
                        }
                        Err(problem) => failures.push(fail(format!("unusable reply: {problem}"))),
                    },
                    Ok(_) => {}
                    Err(problem) => failures.push(fail(problem)),
                }
            }
            i += 1;
        }
        for f in &failures {
            tracing::warn!(%f, "webhook not accepted");
        }
        failures
    }

    /// Makes the call's recording known to the PBX's APIs. Returns the capability URL the
    /// provider announces it at, for providers whose URL carries a token (UIS).
    fn register_recording(&self, plan: &CallPlan) -> Option<String> {
        let rec = plan.recording_id.clone()?;
        let id = match plan.provider {
            ProviderKind::Zadarma | ProviderKind::Uis => rec,
            ProviderKind::Itoolabs => plan.call_id.clone(),
        };
        let secs = plan.talk_secs.max(1);
        self.state.add_recording(RecordingInfo { id: id.clone(), call_id: plan.call_id.clone(), secs });
        match plan.provider {
            ProviderKind::Uis => Some(crate::api::uis_media_link(&self.config, &self.state, &id)),
            _ => None,
        }
    }
}
