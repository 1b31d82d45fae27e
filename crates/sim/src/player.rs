//! Plays call plans into the relay in real time, checking every answer like the real PBX would.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::config::{SimAgent, SimConfig};
use crate::plan::{Beat, CallPlan, ProviderKind, Routing};
use crate::render::ringostat::{self, RouteAnswer};
use crate::render::{self, Context, Webhook};
use crate::state::{Link, PbxState, RecordingInfo};

/// How long a Ringostat recording URL works. Ringostat does not say; it is a capability URL.
const RINGOSTAT_LINK_LIFETIME_HOURS: i64 = 24;

/// Who is talking in one played call, kept in [`PbxState`] for `sipstatus/speaking`; dropping
/// it (the call ended or was abandoned) ends the talk.
struct Talking {
    state: Arc<PbxState>,
    login: Option<String>,
}

impl Talking {
    fn set(&mut self, agent: Option<&SimAgent>) {
        if let Some(old) = self.login.take() {
            self.state.stop_talking(&old);
        }
        if let Some(agent) = agent {
            self.state.start_talking(&agent.login);
            self.login = Some(agent.login.clone());
        }
    }

    fn follow(&mut self, beat: &Beat) {
        match beat {
            Beat::Answer(agent) | Beat::Transfer { to: agent, .. } => self.set(Some(agent)),
            Beat::End(_) => self.set(None),
            _ => {}
        }
    }
}

impl Drop for Talking {
    fn drop(&mut self) {
        self.set(None);
    }
}

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

    /// Sends one webhook, waiting at most `timeout` (the client's own otherwise); returns the
    /// relay's status and body, or why no answer came.
    pub async fn send_raw(&self, hook: &Webhook, timeout: Option<Duration>) -> Result<(u16, String), String> {
        let mut request = hook.request(&self.http, &self.config.relay_url);
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
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
                return Err(if e.is_timeout() {
                    format!("no reply in time: {e}")
                } else {
                    format!("relay unreachable: {e}")
                });
            }
        };
        let status = response.status().as_u16();
        if let Some(tx) = &self.records {
            let _ = tx.send(record(status));
        }
        let body = response.text().await.map_err(|e| format!("reading reply: {e}"))?;
        Ok((status, body))
    }

    /// Sends one webhook; returns the relay's JSON reply (`Null` for an empty body).
    pub async fn send(&self, hook: &Webhook) -> Result<Value, String> {
        let (status, body) = self.send_raw(hook, None).await?;
        if !(200..300).contains(&status) {
            let status = reqwest::StatusCode::from_u16(status).map(|s| s.to_string()).unwrap_or(status.to_string());
            return Err(format!("relay answered {status}: {body}"));
        }
        if body.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&body).map_err(|_| format!("reply is not JSON: {body:?}"))
    }

    /// Ringostat's webhook number: the answer is read raw (plain or JSON), and a slow or
    /// failed one only moves the call on down the forwarding scheme.
    async fn ask_ringostat_route(&self, hook: &Webhook) -> Result<Routing, String> {
        let timeout = Duration::from_millis(self.config.ringostat.route_timeout_ms);
        let answer = match self.send_raw(hook, Some(timeout)).await {
            Ok((status, body)) => RouteAnswer::Replied { status, body },
            Err(why) => {
                tracing::warn!(call = %hook.call_id, %why, "webhook number did not answer: the scheme moves on");
                RouteAnswer::NoAnswer(why)
            }
        };
        ringostat::route::read(&answer, &self.config)
    }

    /// Plays a call from now to its end. Returns the problems found (empty: all accepted).
    pub async fn play(&self, plan: CallPlan) -> Vec<Failure> {
        self.play_from(plan, Utc::now(), true).await
    }

    /// Plays a call that started at `started` (in the past, say), each beat at once rather
    /// than at its offset: its webhooks carry the call's own times.
    pub async fn play_dated(&self, plan: CallPlan, started: DateTime<Utc>) -> Vec<Failure> {
        self.play_from(plan, started, false).await
    }

    async fn play_from(&self, mut plan: CallPlan, started: DateTime<Utc>, paced: bool) -> Vec<Failure> {
        let renderer = render::renderer(plan.provider);
        let clock = tokio::time::Instant::now();
        let recording_url = self.register_recording(&plan);
        let mut talking = Talking { state: self.state.clone(), login: None };
        let mut failures = vec![];
        let mut i = 0;
        while i < plan.beats.len() {
            let (offset, beat) = plan.beats[i].clone();
            if paced {
                tokio::time::sleep_until(clock + offset).await;
            }
            if matches!(beat, Beat::End(_)) && plan.provider == ProviderKind::Uis {
                // Before the end is announced: the CRM asks the Data API about the call on it.
                self.state.add_finished_call(plan.clone(), started);
            }
            let at = started + chrono::Duration::from_std(offset).unwrap_or_default();
            let ctx = Context { config: &self.config, started, at, recording_url: recording_url.clone() };
            talking.follow(&beat);
            for hook in renderer.render(&plan, &beat, &ctx) {
                let fail =
                    |problem: String| Failure { call_id: plan.call_id.clone(), label: hook.label.clone(), problem };
                let routed = if hook.routing && plan.provider == ProviderKind::Ringostat {
                    self.ask_ringostat_route(&hook).await.map(Some)
                } else {
                    match self.send(&hook).await {
                        Ok(reply) if hook.routing => renderer
                            .routing(&reply, &self.config)
                            .map(Some)
                            .map_err(|problem| format!("unusable reply: {problem}")),
                        Ok(_) => Ok(None),
                        Err(problem) => Err(problem),
                    }
                };
                match routed {
                    Ok(Some(routing)) => {
                        if routing.blacklist || routing.agent.is_some() {
                            tracing::info!(call = %plan.call_id, ?routing, "relay routed the call");
                        }
                        plan.reroute(&routing, &self.config.agents);
                    }
                    Ok(None) => {}
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
            ProviderKind::Zadarma | ProviderKind::Uis => rec.clone(),
            ProviderKind::Itoolabs | ProviderKind::Ringostat => plan.call_id.clone(),
        };
        let secs = plan.talk_secs.max(1);
        self.state.add_recording(RecordingInfo { id: id.clone(), call_id: plan.call_id.clone(), secs });
        match plan.provider {
            ProviderKind::Uis => Some(crate::api::uis_media_link(&self.config, &self.state, &id)),
            // The plan's recording id is the token of the URL its after-call webhook carries.
            ProviderKind::Ringostat => {
                let expires = Utc::now() + chrono::Duration::hours(RINGOSTAT_LINK_LIFETIME_HOURS);
                self.state.add_link(rec, Link { recording_id: id, expires });
                ringostat::recording_url(&self.config, plan)
            }
            _ => None,
        }
    }
}
