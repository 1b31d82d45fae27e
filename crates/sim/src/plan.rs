//! Call plans: what happens in a simulated call and when, independent of any provider's wire
//! format. Generated from a seed, so a run can be reproduced.

use std::time::Duration;

use callcard_protocol::Direction;
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::config::{SimAgent, SimConfig};

/// The provider a call is played through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    Zadarma,
    Itoolabs,
    Uis,
    Ringostat,
}

impl ProviderKind {
    pub fn parse(s: &str) -> anyhow::Result<ProviderKind> {
        match s {
            "zadarma" => Ok(ProviderKind::Zadarma),
            "itoolabs" => Ok(ProviderKind::Itoolabs),
            "uis" => Ok(ProviderKind::Uis),
            "ringostat" => Ok(ProviderKind::Ringostat),
            other => anyhow::bail!("unknown provider {other:?}"),
        }
    }
}

/// How a call ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    Answered,
    /// The caller hung up before anyone answered (incoming) .
    Cancelled,
    Busy,
    NoAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Beat {
    /// The call reaches the PBX (incoming) or the agent starts dialling (outgoing).
    Start,
    Ring(SimAgent),
    /// This agent's phone stops ringing (someone else answered, or the caller gave up).
    StopRinging(SimAgent),
    Answer(SimAgent),
    Transfer {
        from: SimAgent,
        to: SimAgent,
    },
    End(EndReason),
    /// The recording file is ready.
    Recorded,
}

/// The kinds of call the simulator can play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    IncomingAnswered,
    IncomingMissed,
    GroupRingAnswered,
    GroupRingMissed,
    OutgoingAnswered,
    OutgoingBusy,
    OutgoingNoAnswer,
    Transferred,
    Blacklisted,
    /// Two calls ringing the same agent at once.
    TwoCallsSameAgent,
}

impl ScenarioKind {
    pub const ALL: &'static [ScenarioKind] = &[
        ScenarioKind::IncomingAnswered,
        ScenarioKind::IncomingMissed,
        ScenarioKind::GroupRingAnswered,
        ScenarioKind::GroupRingMissed,
        ScenarioKind::OutgoingAnswered,
        ScenarioKind::OutgoingBusy,
        ScenarioKind::OutgoingNoAnswer,
        ScenarioKind::Transferred,
        ScenarioKind::Blacklisted,
        ScenarioKind::TwoCallsSameAgent,
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallPlan {
    pub provider: ProviderKind,
    /// Provider-shaped call id (`in_…`/`out_…` for Zadarma, `XXXX-NNNN` for ITooLabs, the
    /// integer `call_session_id` for UIS, `ua3_-1712345678.1234567` for Ringostat).
    pub call_id: String,
    pub direction: Direction,
    /// The client's number, digits-only E.164.
    pub client: String,
    /// Our line the client called (or is shown to the client on outgoing calls).
    pub line: String,
    /// Beats and their offsets from the start of the call.
    pub beats: Vec<(Duration, Beat)>,
    /// Seconds of talk (0 if nobody talked).
    pub talk_secs: u32,
    /// Zadarma `call_id_with_rec` (UIS: the 32-hex record id; Ringostat: the 32-hex `token` of
    /// the recording URL) if the call is recorded.
    pub recording_id: Option<String>,
}

impl CallPlan {
    pub fn recorded(&self) -> bool {
        self.recording_id.is_some()
    }

    /// Who answered last (after any transfer).
    pub fn answered_by(&self) -> Option<&SimAgent> {
        self.beats.iter().rev().find_map(|(_, b)| match b {
            Beat::Answer(a) => Some(a),
            Beat::Transfer { to, .. } => Some(to),
            _ => None,
        })
    }

    /// The agent whose phone the call is on at the end (answerer, dialler, or last rung).
    pub fn main_agent(&self) -> Option<&SimAgent> {
        self.answered_by()
            .or_else(|| self.beats.iter().find_map(|(_, b)| if let Beat::Ring(a) = b { Some(a) } else { None }))
    }

    pub fn end_reason(&self) -> EndReason {
        self.beats
            .iter()
            .find_map(|(_, b)| if let Beat::End(r) = b { Some(*r) } else { None })
            .unwrap_or(EndReason::Answered)
    }

    /// Total length of the call, start to end, in seconds.
    /// Seconds from the start until someone answered (the whole call when nobody did).
    pub fn wait_secs(&self) -> u32 {
        let answer = self.beats.iter().find(|(_, b)| matches!(b, Beat::Answer(_))).map(|(t, _)| *t);
        answer.map_or_else(|| self.duration_secs(), |t| t.as_secs_f64().round() as u32)
    }

    pub fn duration_secs(&self) -> u32 {
        let end = self.beats.iter().find(|(_, b)| matches!(b, Beat::End(_))).map(|(t, _)| *t).unwrap_or_default();
        end.as_secs_f64().round() as u32
    }

    /// What the PBX does with the relay's answer to the start of an incoming call: a
    /// blacklisted caller is rejected busy; a redirect rings that agent first.
    pub fn reroute(&mut self, routing: &Routing, agents: &[SimAgent]) {
        if self.direction != Direction::Incoming {
            return;
        }
        if routing.blacklist {
            let start = self.beats.iter().find(|(_, b)| *b == Beat::Start).cloned();
            self.beats = start.into_iter().chain([(Duration::from_millis(300), Beat::End(EndReason::Busy))]).collect();
            self.talk_secs = 0;
            self.recording_id = None;
            return;
        }
        let Some(target) = routing.agent.as_deref() else { return };
        let Some(agent) = agents.iter().find(|a| a.extension == target || a.login == target) else { return };
        // The responsible agent gets the call instead of the first agent the plan rang.
        let first = self.beats.iter().find_map(|(_, b)| if let Beat::Ring(a) = b { Some(a.clone()) } else { None });
        if let Some(first) = first.filter(|f| f != agent) {
            for (_, beat) in &mut self.beats {
                match beat {
                    Beat::Ring(a) | Beat::StopRinging(a) | Beat::Answer(a) if *a == first => *a = agent.clone(),
                    Beat::Transfer { from, .. } if *from == first => *from = agent.clone(),
                    _ => {}
                }
            }
        }
    }
}

/// The relay's routing answer to the start of an incoming call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routing {
    pub blacklist: bool,
    /// Extension or login to ring first.
    pub agent: Option<String>,
}

/// Makes call plans from a seeded random source.
pub struct Planner<'a> {
    pub config: &'a SimConfig,
    pub rng: ChaCha8Rng,
    /// Scales ring and talk times (tests run fast with 0.05).
    pub time_scale: f64,
}

/// Whole seconds of talk; any talk at all is at least a second (a recording is never empty).
fn talk_secs_of(talk: f64) -> u32 {
    if talk > 0.0 {
        (talk.round() as u32).max(1)
    } else {
        0
    }
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s.max(0.0))
}

impl<'a> Planner<'a> {
    pub fn new(config: &'a SimConfig, rng: ChaCha8Rng, time_scale: f64) -> Planner<'a> {
        Planner { config, rng, time_scale }
    }

    fn call_id(&mut self, provider: ProviderKind, direction: Direction) -> String {
        let bytes: [u8; 20] = self.rng.random();
        match provider {
            ProviderKind::Zadarma => {
                let prefix = if direction == Direction::Incoming { "in" } else { "out" };
                format!("{prefix}_{}", hex::encode(bytes))
            }
            ProviderKind::Itoolabs => {
                format!("{}-{}", hex::encode_upper(&bytes[..10]), self.rng.random_range(1000..10000))
            }
            // The nine-digit integers of UIS's examples (`237859081`).
            ProviderKind::Uis => self.rng.random_range(100_000_000u64..1_000_000_000).to_string(),
            // Cluster prefix, `_-`, an epoch-like number, `.`, a sequence (§4.5).
            ProviderKind::Ringostat => format!(
                "ua3_-{}.{}",
                self.rng.random_range(1_700_000_000u64..1_800_000_000),
                self.rng.random_range(1_000_000u32..10_000_000)
            ),
        }
    }

    fn recording_id(&mut self, provider: ProviderKind) -> String {
        match provider {
            ProviderKind::Uis | ProviderKind::Ringostat => hex::encode(self.rng.random::<[u8; 16]>()),
            _ => format!("{}.{}", chrono::Utc::now().timestamp(), self.rng.random_range(1_000_000..10_000_000)),
        }
    }

    /// For a recorded call: its recording id, and the file becoming ready a moment after the end.
    fn recording_after(
        &mut self,
        provider: ProviderKind,
        recorded: bool,
        end_at: f64,
        beats: &mut Vec<(Duration, Beat)>,
    ) -> Option<String> {
        if !recorded {
            return None;
        }
        beats.push((secs(end_at + 1.0 * self.time_scale), Beat::Recorded));
        Some(self.recording_id(provider))
    }

    fn agent(&mut self) -> SimAgent {
        self.config.agents.choose(&mut self.rng).expect("config has agents").clone()
    }

    fn two_agents(&mut self) -> (SimAgent, SimAgent) {
        let a = self.agent();
        let others: Vec<_> = self.config.agents.iter().filter(|x| **x != a).cloned().collect();
        let b = others.choose(&mut self.rng).cloned().unwrap_or_else(|| a.clone());
        (a, b)
    }

    fn line(&mut self) -> String {
        self.config.lines.choose(&mut self.rng).expect("config has lines").clone()
    }

    /// A known client most of the time, sometimes a new number.
    fn client(&mut self) -> String {
        if !self.config.clients.is_empty() && self.rng.random_bool(0.7) {
            return self.config.clients.choose(&mut self.rng).expect("non-empty").clone();
        }
        self.unknown_number()
    }

    pub fn unknown_number(&mut self) -> String {
        let prefix = &self.config.unknown_prefix;
        let digits: String = (prefix.len()..11).map(|_| char::from(b'0' + self.rng.random_range(0..10u8))).collect();
        format!("{prefix}{digits}")
    }

    fn ring_secs(&mut self) -> f64 {
        self.rng.random_range(2.0..7.0) * self.time_scale
    }

    fn talk_secs(&mut self) -> f64 {
        self.rng.random_range(15.0..90.0) * self.time_scale
    }

    fn provider(&mut self) -> ProviderKind {
        let p = self.config.providers.choose(&mut self.rng).expect("config has providers");
        ProviderKind::parse(p).expect("validated")
    }

    /// Plans one scenario (two calls for `TwoCallsSameAgent`) through `provider`, or a random
    /// enabled provider.
    pub fn plan(&mut self, kind: ScenarioKind, provider: Option<ProviderKind>) -> Vec<CallPlan> {
        let provider = provider.unwrap_or_else(|| self.provider());
        let recorded = self.rng.random_bool(0.7);
        match kind {
            ScenarioKind::IncomingAnswered => {
                let agent = self.agent();
                vec![self.incoming(provider, vec![agent.clone()], Some(agent), recorded, None)]
            }
            ScenarioKind::IncomingMissed => {
                let agent = self.agent();
                vec![self.incoming(provider, vec![agent], None, false, None)]
            }
            ScenarioKind::GroupRingAnswered => {
                let (a, b) = self.two_agents();
                vec![self.incoming(provider, vec![a, b.clone()], Some(b), recorded, None)]
            }
            ScenarioKind::GroupRingMissed => {
                let (a, b) = self.two_agents();
                vec![self.incoming(provider, vec![a, b], None, false, None)]
            }
            ScenarioKind::Transferred => {
                let (a, b) = self.two_agents();
                vec![self.incoming(provider, vec![a.clone()], Some(a), recorded, Some(b))]
            }
            ScenarioKind::Blacklisted => {
                let client = self.config.blacklisted.first().cloned().unwrap_or_else(|| self.unknown_number());
                let agent = self.agent();
                let mut plan = self.incoming(provider, vec![agent.clone()], Some(agent), false, None);
                plan.client = client;
                vec![plan]
            }
            ScenarioKind::TwoCallsSameAgent => {
                let agent = self.agent();
                let first = self.incoming(provider, vec![agent.clone()], Some(agent.clone()), recorded, None);
                let mut second = self.incoming(provider, vec![agent], None, false, None);
                // The second call arrives while the first still rings or talks.
                for (t, _) in &mut second.beats {
                    *t += secs(1.0 * self.time_scale);
                }
                vec![first, second]
            }
            ScenarioKind::OutgoingAnswered => {
                let agent = self.agent();
                let client = self.client();
                vec![self.outgoing(provider, agent, client, EndReason::Answered, recorded)]
            }
            ScenarioKind::OutgoingBusy => {
                let agent = self.agent();
                let client = self.client();
                vec![self.outgoing(provider, agent, client, EndReason::Busy, false)]
            }
            ScenarioKind::OutgoingNoAnswer => {
                let agent = self.agent();
                let client = self.client();
                vec![self.outgoing(provider, agent, client, EndReason::NoAnswer, false)]
            }
        }
    }

    /// An incoming call ringing `ring`, answered by `answer` (or missed), maybe transferred.
    pub fn incoming(
        &mut self,
        provider: ProviderKind,
        ring: Vec<SimAgent>,
        answer: Option<SimAgent>,
        recorded: bool,
        transfer_to: Option<SimAgent>,
    ) -> CallPlan {
        let client = self.client();
        let line = self.line();
        let ring_secs = self.ring_secs();
        let talk = self.talk_secs();
        self.incoming_with(provider, client, line, ring, answer, recorded, transfer_to, ring_secs, talk)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn incoming_with(
        &mut self,
        provider: ProviderKind,
        client: String,
        line: String,
        ring: Vec<SimAgent>,
        answer: Option<SimAgent>,
        recorded: bool,
        transfer_to: Option<SimAgent>,
        ring_secs: f64,
        talk_secs: f64,
    ) -> CallPlan {
        let mut beats = vec![(Duration::ZERO, Beat::Start)];
        // Each phone of a group starts ringing a moment after the last.
        let mut t = 0.3 * self.time_scale;
        for agent in &ring {
            beats.push((secs(t), Beat::Ring(agent.clone())));
            t += 0.1 * self.time_scale;
        }
        let answer_at = t + ring_secs;
        let (end_at, reason, talk) = match &answer {
            Some(agent) => {
                for other in ring.iter().filter(|a| *a != agent) {
                    beats.push((secs(answer_at), Beat::StopRinging(other.clone())));
                }
                beats.push((secs(answer_at), Beat::Answer(agent.clone())));
                if let Some(to) = &transfer_to {
                    beats.push((
                        secs(answer_at + talk_secs / 2.0),
                        Beat::Transfer { from: agent.clone(), to: to.clone() },
                    ));
                }
                (answer_at + talk_secs, EndReason::Answered, talk_secs)
            }
            None => {
                for agent in &ring {
                    beats.push((secs(answer_at), Beat::StopRinging(agent.clone())));
                }
                (answer_at, EndReason::Cancelled, 0.0)
            }
        };
        beats.push((secs(end_at), Beat::End(reason)));
        let recording_id = self.recording_after(provider, recorded && answer.is_some(), end_at, &mut beats);
        CallPlan {
            provider,
            call_id: self.call_id(provider, Direction::Incoming),
            direction: Direction::Incoming,
            client,
            line,
            beats,
            talk_secs: talk_secs_of(talk),
            recording_id,
        }
    }

    /// An outgoing call from `agent` to `client`.
    pub fn outgoing(
        &mut self,
        provider: ProviderKind,
        agent: SimAgent,
        client: String,
        end: EndReason,
        recorded: bool,
    ) -> CallPlan {
        let ring = self.ring_secs();
        let talk = self.talk_secs();
        self.outgoing_with(provider, agent, client, end, recorded, ring, talk)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn outgoing_with(
        &mut self,
        provider: ProviderKind,
        agent: SimAgent,
        client: String,
        end: EndReason,
        recorded: bool,
        ring_secs: f64,
        talk_secs: f64,
    ) -> CallPlan {
        let line = self.line();
        let mut beats = vec![(Duration::ZERO, Beat::Ring(agent.clone()))];
        let (end_at, talk) = if end == EndReason::Answered {
            beats.push((secs(ring_secs), Beat::Answer(agent)));
            (ring_secs + talk_secs, talk_secs)
        } else {
            (ring_secs, 0.0)
        };
        beats.push((secs(end_at), Beat::End(end)));
        let recording_id = self.recording_after(provider, recorded && end == EndReason::Answered, end_at, &mut beats);
        CallPlan {
            provider,
            call_id: self.call_id(provider, Direction::Outgoing),
            direction: Direction::Outgoing,
            client,
            line,
            beats,
            talk_secs: talk_secs_of(talk),
            recording_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn planner(config: &SimConfig, seed: u64) -> Planner<'_> {
        Planner::new(config, ChaCha8Rng::seed_from_u64(seed), 1.0)
    }

    #[test]
    fn same_seed_same_plans() {
        let config = SimConfig::default();
        let a: Vec<_> = ScenarioKind::ALL.iter().flat_map(|k| planner(&config, 7).plan(*k, None)).collect();
        let b: Vec<_> = ScenarioKind::ALL.iter().flat_map(|k| planner(&config, 7).plan(*k, None)).collect();
        // Recording ids carry the wall clock; everything else is reproducible.
        let strip = |v: &[CallPlan]| {
            v.iter().map(|p| (p.call_id.clone(), p.client.clone(), p.beats.clone())).collect::<Vec<_>>()
        };
        assert_eq!(strip(&a), strip(&b));
        let c: Vec<_> = ScenarioKind::ALL.iter().flat_map(|k| planner(&config, 8).plan(*k, None)).collect();
        assert_ne!(strip(&a), strip(&c));
    }

    #[test]
    fn group_ring_answer_stops_the_other_phone() {
        let config = SimConfig::default();
        let plan = planner(&config, 1).plan(ScenarioKind::GroupRingAnswered, Some(ProviderKind::Itoolabs)).remove(0);
        let rung: Vec<_> =
            plan.beats.iter().filter_map(|(_, b)| if let Beat::Ring(a) = b { Some(a.clone()) } else { None }).collect();
        assert_eq!(rung.len(), 2);
        let answered = plan.answered_by().unwrap().clone();
        assert!(plan.beats.iter().any(|(_, b)| matches!(b, Beat::StopRinging(a) if *a != answered)));
        assert!(plan.call_id.contains('-'));
        // Beats are in time order.
        assert!(plan.beats.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn blacklist_reply_turns_the_call_busy_and_redirect_rings_the_responsible() {
        let config = SimConfig::default();
        let mut p = planner(&config, 3);
        let mut plan = p.incoming(
            ProviderKind::Zadarma,
            vec![config.agents[0].clone()],
            Some(config.agents[0].clone()),
            true,
            None,
        );
        let mut redirected = plan.clone();
        plan.reroute(&Routing { blacklist: true, agent: None }, &config.agents);
        assert_eq!(plan.end_reason(), EndReason::Busy);
        assert!(!plan.recorded());
        redirected.reroute(&Routing { blacklist: false, agent: Some("101".into()) }, &config.agents);
        assert_eq!(redirected.answered_by().unwrap().extension, "101");
    }

    #[test]
    fn durations_follow_the_plan() {
        let config = SimConfig::default();
        let plan = planner(&config, 1).outgoing_with(
            ProviderKind::Zadarma,
            config.agents[0].clone(),
            "79991234567".into(),
            EndReason::Answered,
            true,
            2.0,
            30.0,
        );
        assert_eq!(plan.duration_secs(), 32);
        assert_eq!(plan.talk_secs, 30);
        assert!(plan.call_id.starts_with("out_"));
    }
}
