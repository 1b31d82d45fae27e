//! Merging one provider event into the stored call. Pure: the store resolves agents and
//! contacts, this decides what the call looks like now and whether that is news.
//!
//! Events may arrive repeated, late or out of order (an END before its ANSWER, a RECORD hours
//! later), so the merge never moves a call backwards and never forgets what it knew.

use callcard_pbx::{CallFacts, Step};
use callcard_protocol::{AgentRef, Call, CallState, ContactInfo, Direction, Disposition, EventKind, Recording};
use chrono::{DateTime, Utc};

/// What the store looked up for this event.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// The agent the event names, matched against registered agents where possible.
    pub agent: Option<AgentRef>,
    /// Normalised client number.
    pub client_phone: Option<String>,
    /// Normalised line number and its label.
    pub line: Option<String>,
    pub line_label: Option<String>,
    /// The contact owning `client_phone`, if any.
    pub contact: Option<ContactInfo>,
}

fn same_agent(a: &AgentRef, b: &AgentRef) -> bool {
    match (a.agent_id, b.agent_id) {
        (Some(x), Some(y)) => x == y,
        _ => {
            (a.extension.is_some() && a.extension == b.extension)
                || (a.login.is_some() && a.login == b.login)
                || (a.pbx_user.is_some() && a.pbx_user == b.pbx_user)
        }
    }
}

fn initial_state(step: Step) -> CallState {
    match step {
        Step::Answered => CallState::Answered,
        Step::Ended | Step::RecordingReady => CallState::Ended,
        _ => CallState::Ringing,
    }
}

fn new_call(facts: &CallFacts, now: DateTime<Utc>) -> Call {
    Call {
        id: 0,
        provider: facts.provider.clone(),
        provider_call_id: facts.call_id.clone(),
        direction: facts.direction.unwrap_or(Direction::Incoming),
        state: initial_state(facts.step),
        disposition: None,
        missed: false,
        client_phone: None,
        line: None,
        line_label: None,
        agent: None,
        ringing: Vec::new(),
        contact: None,
        started_at: facts.started_at.unwrap_or(now),
        answered_at: None,
        ended_at: None,
        duration_secs: None,
        recording: None,
        outcome: None,
        seq: 0,
    }
}

fn merge_recording(call: &mut Call, facts: &CallFacts) {
    let Some(new) = &facts.recording else { return };
    let rec = call.recording.get_or_insert(Recording { id: None, url: None, ready: false });
    if new.id.is_some() {
        rec.id = new.id.clone();
    }
    if new.url.is_some() {
        rec.url = new.url.clone();
    }
    rec.ready |= new.ready;
}

fn end(call: &mut Call, facts: &CallFacts, now: DateTime<Utc>) {
    call.state = CallState::Ended;
    call.ended_at.get_or_insert(now);
    call.ringing.clear();
    if facts.duration_secs.is_some() {
        call.duration_secs = facts.duration_secs;
    }
    let answered = call.answered_at.is_some() || facts.disposition == Some(Disposition::Answered);
    // An answer the PBX never announced (Ringostat tells an outgoing call's only at its end):
    // the talk began its duration before the end, and not before the call started.
    if answered && call.answered_at.is_none() {
        let ended = call.ended_at.unwrap_or(now);
        let talk = chrono::Duration::seconds(i64::from(call.duration_secs.unwrap_or(0)));
        call.answered_at = Some((ended - talk).max(call.started_at));
    }
    let incoming = call.direction == Direction::Incoming;
    let disposition = match facts.disposition.clone() {
        // A later report (ITooLabs history after COMPLETED) refines an earlier guess.
        Some(d) => d,
        None => match call.disposition.clone() {
            Some(d) => d,
            None if answered => Disposition::Answered,
            None if incoming => Disposition::Missed,
            None => Disposition::NoAnswer,
        },
    };
    call.missed = incoming && !answered;
    // For an unanswered incoming call "the caller gave up" and "nobody picked up" are one
    // thing to the manager: a missed call. Busy, failed and the like keep their reason.
    call.disposition = Some(match disposition {
        Disposition::Cancelled | Disposition::NoAnswer if call.missed => Disposition::Missed,
        d => d,
    });
}

/// Applies `facts` to `prev` (the stored call, if any). Returns the new call and what kind of
/// news it is, or `None` when the event changes nothing (a repeat, or a late event already
/// reflected).
pub fn apply(
    prev: Option<&Call>,
    facts: &CallFacts,
    resolved: &Resolved,
    now: DateTime<Utc>,
) -> Option<(Call, EventKind)> {
    let mut call = prev.cloned().unwrap_or_else(|| new_call(facts, now));

    if let Some(direction) = facts.direction {
        call.direction = direction;
    }
    if call.client_phone.is_none() {
        call.client_phone = resolved.client_phone.clone();
    }
    // The contact as stored now (see `ledger::contact_phone`); none found keeps the last one.
    if resolved.contact.is_some() {
        call.contact = resolved.contact.clone();
    }
    if call.line.is_none() && resolved.line.is_some() {
        call.line = resolved.line.clone();
        call.line_label = resolved.line_label.clone();
    }
    // The provider's start time beats the time the first event happened to reach us.
    if let Some(started) = facts.started_at {
        if started < call.started_at || prev.is_none() {
            call.started_at = started;
        }
    }
    if call.agent.is_none() && call.direction == Direction::Outgoing {
        call.agent = resolved.agent.clone();
    }

    match facts.step {
        Step::Started => {}
        Step::Transferred => {
            // The call now belongs to whoever it was transferred to.
            if resolved.agent.is_some() {
                call.agent = resolved.agent.clone();
            }
        }
        Step::Ringing => {
            if let Some(agent) = &resolved.agent {
                if call.state == CallState::Ringing
                    && call.direction == Direction::Incoming
                    && !call.ringing.iter().any(|a| same_agent(a, agent))
                {
                    call.ringing.push(agent.clone());
                }
            }
        }
        Step::RingingStopped => {
            if let Some(agent) = &resolved.agent {
                call.ringing.retain(|a| !same_agent(a, agent));
            }
        }
        Step::Answered => {
            if call.state < CallState::Answered {
                call.state = CallState::Answered;
            }
            if call.state == CallState::Answered {
                call.answered_at.get_or_insert(now);
            }
            if resolved.agent.is_some() && (call.direction == Direction::Incoming || call.agent.is_none()) {
                call.agent = resolved.agent.clone();
            }
            // Whoever answered, the other phones of a group ring stop.
            call.ringing.clear();
        }
        Step::Ended => {
            if call.agent.is_none() && call.answered_at.is_some() {
                call.agent = resolved.agent.clone();
            }
            if call.agent.is_none() && facts.disposition == Some(Disposition::Answered) {
                call.agent = resolved.agent.clone();
            }
            end(&mut call, facts, now);
        }
        Step::RecordingReady => {
            call.state = CallState::Ended;
            call.ended_at.get_or_insert(now);
            call.ringing.clear();
        }
    }
    merge_recording(&mut call, facts);

    let kind = match prev {
        None => state_kind(call.state),
        Some(p) if p.state != call.state => state_kind(call.state),
        Some(p) if !recording_ready(p) && recording_ready(&call) => EventKind::RecordingReady,
        Some(p) if call.ringing.len() > p.ringing.len() => EventKind::Ringing,
        Some(p) if *p != call => EventKind::Updated,
        Some(_) => return None,
    };
    Some((call, kind))
}

fn recording_ready(call: &Call) -> bool {
    call.recording.as_ref().is_some_and(|r| r.ready)
}

fn state_kind(state: CallState) -> EventKind {
    match state {
        CallState::Ringing => EventKind::Ringing,
        CallState::Answered => EventKind::Answered,
        CallState::Ended => EventKind::Ended,
        // The relay never makes a state it does not know.
        CallState::Unknown => EventKind::Updated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use callcard_pbx::RecordingFacts;
    use callcard_protocol::ProviderId;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_714_550_400 + s, 0).unwrap()
    }

    fn facts(step: Step) -> CallFacts {
        let mut f = CallFacts::new(ProviderId::new(ProviderId::ZADARMA), "in_1", step);
        f.direction = Some(Direction::Incoming);
        f
    }

    fn agent(ext: &str, id: i64) -> AgentRef {
        AgentRef {
            agent_id: Some(id),
            name: Some(format!("Agent {ext}")),
            extension: Some(ext.into()),
            login: None,
            pbx_user: None,
        }
    }

    fn with_agent(ext: &str, id: i64) -> Resolved {
        Resolved { agent: Some(agent(ext, id)), ..Default::default() }
    }

    /// Runs a sequence, returning the final call and the kinds emitted.
    fn run(steps: &[(CallFacts, Resolved)]) -> (Call, Vec<EventKind>) {
        let mut call: Option<Call> = None;
        let mut kinds = vec![];
        for (i, (f, r)) in steps.iter().enumerate() {
            if let Some((c, k)) = apply(call.as_ref(), f, r, t(i as i64 * 10)) {
                call = Some(c);
                kinds.push(k);
            }
        }
        (call.unwrap(), kinds)
    }

    fn end_facts(disposition: &str, duration: u32) -> CallFacts {
        let mut f = facts(Step::Ended);
        f.disposition = Some(match disposition {
            "answered" => Disposition::Answered,
            "cancel" => Disposition::Cancelled,
            "busy" => Disposition::Busy,
            _ => Disposition::NoAnswer,
        });
        f.duration_secs = Some(duration);
        f
    }

    #[test]
    fn answered_incoming_call() {
        let mut start = facts(Step::Started);
        start.started_at = Some(t(-5));
        let (call, kinds) = run(&[
            (start, Resolved { client_phone: Some("79991234567".into()), ..Default::default() }),
            (facts(Step::Ringing), with_agent("100", 1)),
            (facts(Step::Answered), with_agent("100", 1)),
            (end_facts("answered", 30), with_agent("100", 1)),
        ]);
        assert_eq!(kinds, vec![EventKind::Ringing, EventKind::Ringing, EventKind::Answered, EventKind::Ended]);
        assert_eq!(call.state, CallState::Ended);
        assert_eq!(call.disposition, Some(Disposition::Answered));
        assert!(!call.missed);
        assert_eq!(call.answered_at, Some(t(20)));
        assert_eq!(call.started_at, t(-5));
        assert_eq!(call.agent.unwrap().extension.as_deref(), Some("100"));
        assert_eq!(call.client_phone.as_deref(), Some("79991234567"));
    }

    #[test]
    fn group_ring_one_answers_others_stop_ringing() {
        let (call, kinds) = run(&[
            (facts(Step::Ringing), with_agent("100", 1)),
            (facts(Step::Ringing), with_agent("101", 2)),
            (facts(Step::Answered), with_agent("101", 2)),
        ]);
        assert_eq!(kinds, vec![EventKind::Ringing, EventKind::Ringing, EventKind::Answered]);
        assert!(call.ringing.is_empty());
        assert_eq!(call.agent.unwrap().agent_id, Some(2));
    }

    #[test]
    fn missed_call_is_marked() {
        let (call, _) =
            run(&[(facts(Step::Ringing), with_agent("100", 1)), (end_facts("cancel", 12), with_agent("100", 1))]);
        assert!(call.missed);
        assert_eq!(call.disposition, Some(Disposition::Missed));
        assert_eq!(call.agent, None);
    }

    #[test]
    fn busy_incoming_keeps_its_reason() {
        let (call, _) =
            run(&[(facts(Step::Started), Resolved::default()), (end_facts("busy", 0), Resolved::default())]);
        assert!(call.missed);
        assert_eq!(call.disposition, Some(Disposition::Busy));
    }

    #[test]
    fn repeats_change_nothing() {
        let r = with_agent("100", 1);
        let (call, _) = run(&[(facts(Step::Ringing), r.clone()), (facts(Step::Answered), r.clone())]);
        assert!(apply(Some(&call), &facts(Step::Answered), &r, t(100)).is_none());
        assert!(apply(Some(&call), &facts(Step::Ringing), &r, t(100)).is_none());
    }

    #[test]
    fn end_before_answer_does_not_regress() {
        let r = with_agent("100", 1);
        let (call, kinds) = run(&[
            (end_facts("answered", 40), r.clone()),
            (facts(Step::Answered), r.clone()),
            (facts(Step::Ringing), r),
        ]);
        assert_eq!(kinds, vec![EventKind::Ended]);
        assert_eq!(call.state, CallState::Ended);
        assert_eq!(call.disposition, Some(Disposition::Answered));
        assert!(!call.missed);
        assert!(call.ringing.is_empty());
    }

    #[test]
    fn recording_late_and_first() {
        let mut rec = facts(Step::RecordingReady);
        rec.recording = Some(RecordingFacts { id: Some("r1".into()), url: None, ready: true });
        let mut end = end_facts("answered", 40);
        end.recording = Some(RecordingFacts { id: Some("r1".into()), url: None, ready: false });
        let (call, kinds) = run(&[
            (facts(Step::Answered), Resolved::default()),
            (end.clone(), Resolved::default()),
            (rec.clone(), Resolved::default()),
        ]);
        assert_eq!(kinds, vec![EventKind::Answered, EventKind::Ended, EventKind::RecordingReady]);
        assert!(call.recording.as_ref().unwrap().ready);
        // RECORD before END: the END does not un-ready the recording.
        let (call, _) = run(&[(rec, Resolved::default()), (end, Resolved::default())]);
        assert!(call.recording.unwrap().ready);
        assert_eq!(call.disposition, Some(Disposition::Answered));
    }

    #[test]
    fn outgoing_call_keeps_the_dialling_agent() {
        let mut out = CallFacts::new(ProviderId::new(ProviderId::ITOOLABS), "c1", Step::Ringing);
        out.direction = Some(Direction::Outgoing);
        let mut end = CallFacts::new(ProviderId::new(ProviderId::ITOOLABS), "c1", Step::Ended);
        end.disposition = Some(Disposition::Busy);
        let (call, _) = run(&[(out, with_agent("101", 2)), (end, Resolved::default())]);
        assert_eq!(call.direction, Direction::Outgoing);
        assert_eq!(call.agent.unwrap().agent_id, Some(2));
        assert!(call.ringing.is_empty());
        assert!(!call.missed);
        assert_eq!(call.disposition, Some(Disposition::Busy));
    }

    #[test]
    fn an_answer_told_only_at_the_end_counts_from_the_talk_s_start() {
        let mut out = CallFacts::new(ProviderId::new(ProviderId::RINGOSTAT), "c1", Step::Ringing);
        out.direction = Some(Direction::Outgoing);
        out.started_at = Some(t(-100));
        let mut end = CallFacts::new(ProviderId::new(ProviderId::RINGOSTAT), "c1", Step::Ended);
        end.disposition = Some(Disposition::Answered);
        end.duration_secs = Some(30);
        // The end arrives at t(10): the talk began 30 s before it.
        let (call, _) = run(&[(out.clone(), with_agent("101", 2)), (end.clone(), Resolved::default())]);
        assert_eq!(call.answered_at, Some(t(-20)));
        assert!(!call.missed);
        // Never before the call started, whatever the duration says.
        end.duration_secs = Some(3600);
        let (call, _) = run(&[(out, with_agent("101", 2)), (end, Resolved::default())]);
        assert_eq!(call.answered_at, Some(t(-100)));
    }

    #[test]
    fn itoolabs_cancel_then_history_refines() {
        let mk = |step| {
            let mut f = CallFacts::new(ProviderId::new(ProviderId::ITOOLABS), "c1", step);
            f.direction = Some(Direction::Incoming);
            f
        };
        let mut hist = mk(Step::Ended);
        hist.disposition = Some(Disposition::Missed);
        hist.duration_secs = Some(9);
        let (call, kinds) = run(&[
            (mk(Step::Ringing), with_agent("701", 1)),
            (mk(Step::Ringing), with_agent("702", 2)),
            (mk(Step::RingingStopped), with_agent("701", 1)),
            (mk(Step::RingingStopped), with_agent("702", 2)),
            (mk(Step::Ended), Resolved::default()),
            (hist, Resolved::default()),
        ]);
        assert_eq!(
            kinds,
            vec![
                EventKind::Ringing,
                EventKind::Ringing,
                EventKind::Updated,
                EventKind::Updated,
                EventKind::Ended,
                EventKind::Updated
            ]
        );
        assert!(call.missed);
        assert_eq!(call.duration_secs, Some(9));
    }
}
