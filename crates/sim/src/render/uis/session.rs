//! A UIS call session as the platform sees it: one leg per dialled party, with the times and
//! ids its notifications and reports carry. Derived from the plan alone, so the notifications
//! and the Data API always tell the same story.

use std::time::Duration;

use callcard_protocol::Direction;

use crate::config::SimAgent;
use crate::plan::{Beat, CallPlan, EndReason};

/// One leg: the contact's (no agent) or an employee's.
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    pub id: i64,
    pub agent: Option<SimAgent>,
    /// Offsets from the start of the call.
    pub start: Duration,
    pub connect: Option<Duration>,
    pub end: Duration,
    pub is_transfered: bool,
    pub finish_reason: &'static str,
}

impl Leg {
    pub fn is_talked(&self) -> bool {
        self.connect.is_some()
    }
}

/// The plan's `call_session_id` (UIS plans have integer ids).
pub fn call_session_id(plan: &CallPlan) -> i64 {
    plan.call_id.parse().unwrap_or_default()
}

fn round_secs(d: Duration) -> u32 {
    d.as_secs_f64().round() as u32
}

fn end_offset(plan: &CallPlan) -> Duration {
    plan.beats.iter().find(|(_, b)| matches!(b, Beat::End(_))).map(|(t, _)| *t).unwrap_or_default()
}

fn first_answer(plan: &CallPlan) -> Option<Duration> {
    plan.beats.iter().find(|(_, b)| matches!(b, Beat::Answer(_))).map(|(t, _)| *t)
}

/// Every leg of the call, the contact's first; leg ids are the session id with a leg number.
pub fn legs(plan: &CallPlan) -> Vec<Leg> {
    let base = call_session_id(plan) * 100;
    let end_at = end_offset(plan);
    let answered = plan.answered_by().is_some();
    let mut legs = vec![Leg {
        id: base,
        agent: None,
        start: Duration::ZERO,
        connect: first_answer(plan),
        end: end_at,
        is_transfered: false,
        finish_reason: match plan.end_reason() {
            EndReason::Busy if plan.direction == Direction::Outgoing => "subscriber_busy",
            EndReason::NoAnswer => "timeout",
            _ => "subscriber_disconnects",
        },
    }];
    // Legs still open (no end beat of their own yet), by index.
    let mut open: Vec<usize> = vec![];
    let leg_of = |legs: &[Leg], open: &[usize], agent: &SimAgent| {
        open.iter().copied().find(|i| legs[*i].agent.as_ref() == Some(agent))
    };
    for (t, beat) in &plan.beats {
        match beat {
            Beat::Ring(agent) => {
                open.push(legs.len());
                legs.push(Leg {
                    id: base + legs.len() as i64,
                    agent: Some(agent.clone()),
                    start: *t,
                    connect: None,
                    end: end_at,
                    is_transfered: false,
                    finish_reason: "subscriber_disconnects",
                });
            }
            Beat::StopRinging(agent) => {
                if let Some(i) = leg_of(&legs, &open, agent) {
                    legs[i].end = *t;
                    legs[i].finish_reason = if answered { "another_operator_answer" } else { "subscriber_disconnects" };
                    open.retain(|o| *o != i);
                }
            }
            Beat::Answer(agent) => {
                if let Some(i) = leg_of(&legs, &open, agent) {
                    legs[i].connect = Some(*t);
                }
            }
            Beat::Transfer { from, to } => {
                if let Some(i) = leg_of(&legs, &open, from) {
                    legs[i].end = *t;
                    legs[i].finish_reason = "operator_disconnects";
                    open.retain(|o| *o != i);
                }
                open.push(legs.len());
                legs.push(Leg {
                    id: base + legs.len() as i64,
                    agent: Some(to.clone()),
                    start: *t,
                    connect: Some(*t),
                    end: end_at,
                    is_transfered: true,
                    finish_reason: "subscriber_disconnects",
                });
            }
            Beat::End(EndReason::Busy) if plan.direction == Direction::Outgoing => {
                open.iter().for_each(|i| legs[*i].finish_reason = "subscriber_busy");
            }
            Beat::End(EndReason::NoAnswer) => open.iter().for_each(|i| legs[*i].finish_reason = "timeout"),
            _ => {}
        }
    }
    legs
}

/// The employee leg a ringing notification is about: the agent's first leg, or the leg a
/// transfer made.
pub fn leg_id_of(plan: &CallPlan, agent: &SimAgent, transferred: bool) -> i64 {
    legs(plan)
        .iter()
        .find(|l| l.agent.as_ref() == Some(agent) && l.is_transfered == transferred)
        .map(|l| l.id)
        .unwrap_or_else(|| call_session_id(plan) * 100)
}

/// Seconds the call took, UIS-style: waiting (to the first answer, or all of a lost call),
/// talking, and the total (never less than the two together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Durations {
    pub wait: u32,
    pub talk: u32,
    pub total: u32,
}

pub fn durations(plan: &CallPlan) -> Durations {
    let end = round_secs(end_offset(plan));
    let wait = first_answer(plan).filter(|_| plan.talk_secs > 0).map(round_secs).unwrap_or(end);
    let talk = plan.talk_secs;
    Durations { wait, talk, total: end.max(wait + talk) }
}

/// Whether nobody talked (UIS's `is_lost`).
pub fn is_lost(plan: &CallPlan) -> bool {
    plan.answered_by().is_none()
}

/// Every employee the call rang, in order, each once.
pub fn rung(plan: &CallPlan) -> Vec<SimAgent> {
    let mut out: Vec<SimAgent> = vec![];
    for leg in legs(plan) {
        if let Some(a) = leg.agent.filter(|a| !out.contains(a)) {
            out.push(a);
        }
    }
    out
}

/// The employee the end of the call is about: who talked last, else the last one rung.
pub fn last_employee(plan: &CallPlan) -> Option<SimAgent> {
    plan.answered_by().cloned().or_else(|| rung(plan).pop())
}

/// The session's `finish_reason` (`get.calls_report`).
pub fn finish_reason(plan: &CallPlan) -> &'static str {
    match (plan.direction, plan.end_reason()) {
        (_, EndReason::Answered) => "subscriber_disconnects",
        // The relay sent the call to the blacklist branch before any phone rang.
        (Direction::Incoming, _) if rung(plan).is_empty() => "numa_in_black_list",
        (Direction::Incoming, _) => "subscriber_disconnects",
        (_, EndReason::Busy) => "subscriber_busy",
        (_, _) => "no_success_subscriber_call",
    }
}

/// The numbers a leg connects: (calling, called).
pub fn leg_numbers(plan: &CallPlan, leg: &Leg) -> (String, String) {
    let incoming = plan.direction == Direction::Incoming;
    match (&leg.agent, incoming) {
        (None, true) => (plan.client.clone(), plan.line.clone()),
        (None, false) => (plan.line.clone(), plan.client.clone()),
        (Some(agent), true) => (plan.client.clone(), agent.uis_phone()),
        (Some(agent), false) => (plan.line.clone(), agent.uis_phone()),
    }
}

/// Whole seconds between two offsets, at least one for a talk that happened.
pub fn span_secs(from: Duration, to: Duration) -> u32 {
    round_secs(to.saturating_sub(from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::plan::{Planner, ProviderKind};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn a_transferred_group_call_has_a_leg_per_party() {
        let config = SimConfig::default();
        let (anna, boris, vera) = (config.agents[0].clone(), config.agents[1].clone(), config.agents[2].clone());
        let mut planner = Planner::new(&config, ChaCha8Rng::seed_from_u64(4), 1.0);
        let mut plan = planner.incoming_with(
            ProviderKind::Uis,
            "79991234567".into(),
            "74951234567".into(),
            vec![anna.clone(), boris.clone()],
            Some(boris.clone()),
            true,
            Some(vera.clone()),
            3.2,
            20.0,
        );
        plan.talk_secs = 20;
        let legs = legs(&plan);
        let id = call_session_id(&plan);
        assert!(id >= 100_000_000, "{id}");
        assert_eq!(legs.iter().map(|l| l.id - id * 100).collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(legs[1].agent.as_ref(), Some(&anna));
        assert!(!legs[1].is_talked());
        assert_eq!(legs[1].finish_reason, "another_operator_answer");
        assert!(legs[2].is_talked() && legs[2].finish_reason == "operator_disconnects");
        assert!(legs[3].is_transfered && legs[3].agent.as_ref() == Some(&vera));
        assert_eq!(leg_id_of(&plan, &vera, true), legs[3].id);
        assert_eq!(last_employee(&plan), Some(vera));
        assert_eq!(rung(&plan).len(), 3);
        let d = durations(&plan);
        assert_eq!((d.wait, d.talk, d.total), (4, 20, 24));
        assert!(!is_lost(&plan));
    }

    #[test]
    fn a_missed_call_is_lost_and_names_the_last_agent_rung() {
        let config = SimConfig::default();
        let (anna, boris) = (config.agents[0].clone(), config.agents[1].clone());
        let mut planner = Planner::new(&config, ChaCha8Rng::seed_from_u64(5), 1.0);
        let plan = planner.incoming_with(
            ProviderKind::Uis,
            "79991234567".into(),
            "74951234567".into(),
            vec![anna, boris.clone()],
            None,
            false,
            None,
            4.0,
            0.0,
        );
        assert!(is_lost(&plan));
        assert_eq!(last_employee(&plan), Some(boris));
        let d = durations(&plan);
        assert_eq!((d.talk, d.wait), (0, d.total));
        assert!(legs(&plan).iter().all(|l| !l.is_talked()));
        assert_eq!(finish_reason(&plan), "subscriber_disconnects");
    }
}
