//! What each agent is doing, from the calls not yet ended: the supervisor's live board.

use std::collections::BTreeMap;

use callcard_protocol::{AgentActivity, Call, CallState, Direction};
use chrono::{DateTime, Utc};

/// An agent's activity, the call and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    pub activity: AgentActivity,
    pub call_id: Option<i64>,
    pub since: Option<DateTime<Utc>>,
}

/// What an agent's app last said about them (`PUT /api/v1/presence`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentPresence {
    pub do_not_disturb: bool,
    /// In wrap-up until then (after it: not).
    pub wrap_up_until: Option<DateTime<Utc>>,
    /// When do-not-disturb or the wrap-up began.
    pub since: DateTime<Utc>,
}

/// Longest wrap-up an app may report (its card's close delay is at most an hour).
pub const WRAP_UP_MAX_SECS: u32 = 3600;

impl AgentPresence {
    /// What an app reported at `now`; `previous` keeps `since` while nothing the board shows changes.
    pub fn reported(
        do_not_disturb: bool,
        wrap_up_secs: u32,
        now: DateTime<Utc>,
        previous: Option<&AgentPresence>,
    ) -> AgentPresence {
        let wrap_up_until =
            (wrap_up_secs > 0).then(|| now + chrono::Duration::seconds(i64::from(wrap_up_secs.min(WRAP_UP_MAX_SECS))));
        let was = previous.map(|p| (p.do_not_disturb, p.wrap_up_until.is_some_and(|u| u > now)));
        let since = match previous {
            Some(p) if was == Some((do_not_disturb, wrap_up_until.is_some())) => p.since,
            _ => now,
        };
        AgentPresence { do_not_disturb, wrap_up_until, since }
    }
}

/// A call says more than the app: an agent on a call is ringing or talking whatever they
/// reported. Between calls, wrap-up while it lasts, then do-not-disturb.
pub fn with_presence(calls: Activity, presence: Option<&AgentPresence>, now: DateTime<Utc>) -> Activity {
    let Some(p) = presence.filter(|_| calls.activity == AgentActivity::Free) else { return calls };
    let activity = if p.wrap_up_until.is_some_and(|until| until > now) {
        AgentActivity::WrapUp
    } else if p.do_not_disturb {
        AgentActivity::DoNotDisturb
    } else {
        return calls;
    };
    Activity { activity, call_id: None, since: Some(p.since) }
}

const FREE: Activity = Activity { activity: AgentActivity::Free, call_id: None, since: None };

/// By agent id: talking beats ringing (an agent on a call may be rung by another); agents not
/// named are free.
pub fn activities(active: &[Call]) -> BTreeMap<i64, Activity> {
    let mut by_agent: BTreeMap<i64, Activity> = BTreeMap::new();
    for call in active.iter().filter(|c| c.state != CallState::Ended) {
        if let (Some(id), Some(answered)) = (call.agent.as_ref().and_then(|a| a.agent_id), call.answered_at) {
            by_agent.insert(
                id,
                Activity { activity: AgentActivity::Talking, call_id: Some(call.id), since: Some(answered) },
            );
        }
    }
    for call in active.iter().filter(|c| c.state == CallState::Ringing) {
        let ringing = call.ringing.iter().chain(call.agent.iter()).filter_map(|a| a.agent_id);
        for id in ringing {
            by_agent.entry(id).or_insert(Activity {
                activity: AgentActivity::Ringing,
                call_id: Some(call.id),
                since: Some(call.started_at),
            });
        }
    }
    by_agent
}

pub fn activity_of(activities: &BTreeMap<i64, Activity>, agent_id: i64) -> Activity {
    activities.get(&agent_id).copied().unwrap_or(FREE)
}

/// Incoming calls still ringing, longest waiting first.
pub fn waiting(active: &[Call]) -> Vec<Call> {
    let mut waiting: Vec<Call> = active
        .iter()
        .filter(|c| c.state == CallState::Ringing && c.direction == Direction::Incoming && c.answered_at.is_none())
        .cloned()
        .collect();
    waiting.sort_by_key(|c| (c.started_at, c.id));
    waiting
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_calls::{agent, incoming as call};

    #[test]
    fn calls_beat_what_the_app_reports_and_wrap_up_runs_out() {
        let now = Utc::now();
        let wrapping = AgentPresence::reported(true, 30, now, None);
        assert_eq!(with_presence(FREE, Some(&wrapping), now).activity, AgentActivity::WrapUp);
        assert_eq!(with_presence(FREE, Some(&wrapping), now).since, Some(now));
        let later = now + chrono::Duration::seconds(31);
        assert_eq!(with_presence(FREE, Some(&wrapping), later).activity, AgentActivity::DoNotDisturb, "wrap-up over");
        let talking = Activity { activity: AgentActivity::Talking, call_id: Some(1), since: Some(now) };
        assert_eq!(with_presence(talking, Some(&wrapping), now), talking);
        let available = AgentPresence::reported(false, 0, later, Some(&wrapping));
        assert_eq!(with_presence(FREE, Some(&available), later), FREE);
        assert_eq!(with_presence(FREE, None, now), FREE);
        // A repeat of the same report keeps when it began; a change starts anew.
        let again = AgentPresence::reported(true, 25, now + chrono::Duration::seconds(5), Some(&wrapping));
        assert_eq!(again.since, now);
        let huge = AgentPresence::reported(false, u32::MAX, now, None);
        assert_eq!(huge.wrap_up_until, Some(now + chrono::Duration::seconds(3600)));
    }

    #[test]
    fn talking_beats_ringing_and_the_rest_are_free() {
        let mut talking = call(1, CallState::Answered, 0);
        talking.agent = Some(agent(1));
        talking.answered_at = Some(talking.started_at);
        let mut ringing = call(2, CallState::Ringing, 5);
        ringing.ringing = vec![agent(1), agent(2)];
        let mut older = call(3, CallState::Ringing, 2);
        older.ringing = vec![agent(3)];
        let calls = [talking, ringing, older];
        let by_agent = activities(&calls);
        assert_eq!(
            (activity_of(&by_agent, 1).activity, activity_of(&by_agent, 1).call_id),
            (AgentActivity::Talking, Some(1))
        );
        assert_eq!(activity_of(&by_agent, 2).activity, AgentActivity::Ringing);
        assert_eq!(activity_of(&by_agent, 9).activity, AgentActivity::Free);
        assert_eq!(waiting(&calls).iter().map(|c| c.id).collect::<Vec<_>>(), [3, 2], "longest waiting first");
    }
}
