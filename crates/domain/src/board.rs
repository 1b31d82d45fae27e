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
