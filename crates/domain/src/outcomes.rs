//! Outcome clicks: idempotency by the client's key, who may log which call, and what is stored.
//! A store loads what each step asks for and calls these in order: [`replay`], [`may_log`],
//! then [`logged`] once the code is known to be offered.

use std::sync::Arc;

use callcard_protocol::{Agent, Call, CallId, LoggedOutcome, OutcomeSaved};
use chrono::{DateTime, Utc};

use crate::{Corrupt, PublishedEvent};

/// One outcome click, as the relay received it.
#[derive(Debug, Clone)]
pub struct OutcomeRequest {
    pub call_id: CallId,
    pub agent: Agent,
    pub code: String,
    pub note: Option<String>,
    pub idempotency_key: String,
    pub received_at: DateTime<Utc>,
}

/// What became of an outcome request.
#[derive(Debug, Clone, PartialEq)]
pub enum OutcomeResult {
    /// Stored; `event` carries the call with its new outcome to the call's viewers.
    Logged {
        saved: OutcomeSaved,
        event: Arc<PublishedEvent>,
    },
    /// The key was seen before: the first answer, nothing stored.
    Replayed(OutcomeSaved),
    NoSuchCall,
    /// Agents may log only calls they handled.
    NotYours,
    UnknownCode,
    /// The key was already used for another call.
    KeyReused,
}

/// The answer to a key seen before (`earlier`: the call it was used for and the stored answer),
/// or `None` for a new key.
pub fn replay(request: &OutcomeRequest, earlier: Option<(CallId, &str)>) -> Result<Option<OutcomeResult>, Corrupt> {
    let Some((call_id, answer)) = earlier else { return Ok(None) };
    if call_id != request.call_id {
        return Ok(Some(OutcomeResult::KeyReused));
    }
    let mut saved: OutcomeSaved = serde_json::from_str(answer).map_err(|e| Corrupt(format!("outcome answer: {e}")))?;
    saved.replayed = true;
    Ok(Some(OutcomeResult::Replayed(saved)))
}

/// Supervisors may log any call; an agent only the calls it handled.
pub fn may_log(agent: &Agent, call: &Call) -> bool {
    agent.supervisor || call.agent.as_ref().and_then(|a| a.agent_id) == Some(agent.id)
}

/// The outcome as logged now, with the code's label and colour at this moment.
pub fn logged(request: &OutcomeRequest, label: String, colour: String) -> LoggedOutcome {
    LoggedOutcome {
        code: request.code.clone(),
        label,
        colour,
        note: request.note.clone(),
        agent_id: request.agent.id,
        agent_name: request.agent.name.clone(),
        logged_at: request.received_at,
    }
}

/// The stored answer a repeat of the request gets.
pub fn answer_text(saved: &OutcomeSaved) -> String {
    serde_json::to_string(saved).expect("an outcome answer serialises")
}

#[cfg(test)]
mod tests {
    use callcard_protocol::CallState;

    use super::*;

    fn agent(id: i64, supervisor: bool) -> Agent {
        Agent {
            id,
            name: format!("Agent {id}"),
            extension: None,
            login: None,
            supervisor,
            role: if supervisor { callcard_protocol::Role::Supervisor } else { callcard_protocol::Role::Agent },
            pbx_users: Default::default(),
            may_blacklist: supervisor,
        }
    }

    fn request(call_id: CallId) -> OutcomeRequest {
        OutcomeRequest {
            call_id,
            agent: agent(1, false),
            code: "interested".into(),
            note: Some("wants a quote".into()),
            idempotency_key: "k".into(),
            received_at: Utc::now(),
        }
    }

    fn call_handled_by(id: Option<i64>) -> Call {
        let mut call = crate::test_calls::incoming(9, CallState::Ended, 0);
        call.client_phone = None;
        call.line = None;
        call.agent = id.map(crate::test_calls::agent);
        call
    }

    #[test]
    fn a_repeated_key_is_answered_from_the_first_time_and_never_reused() {
        let first = OutcomeSaved {
            call_id: 9,
            outcome: logged(&request(9), "Interested".into(), "#fff".into()),
            replayed: false,
        };
        let text = answer_text(&first);
        assert_eq!(replay(&request(9), None), Ok(None));
        let Ok(Some(OutcomeResult::Replayed(again))) = replay(&request(9), Some((9, &text))) else { panic!() };
        assert!(again.replayed);
        assert_eq!(again.outcome, first.outcome);
        assert_eq!(replay(&request(9), Some((8, &text))), Ok(Some(OutcomeResult::KeyReused)));
        assert!(replay(&request(9), Some((9, "{"))).is_err());
    }

    #[test]
    fn agents_log_only_their_calls_supervisors_any() {
        assert!(may_log(&agent(1, false), &call_handled_by(Some(1))));
        assert!(!may_log(&agent(1, false), &call_handled_by(Some(2))));
        assert!(!may_log(&agent(1, false), &call_handled_by(None)));
        assert!(may_log(&agent(7, true), &call_handled_by(None)));
    }
}
