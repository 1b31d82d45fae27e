//! Calls that end without the PBX saying so. A PBX that sends nothing about an unanswered
//! incoming call but each agent's "stopped ringing" (ITooLabs `CANCELLED`, seed 003) leaves the
//! call ringing with nobody ringing; after a quiet spell the relay ends it as missed itself.

use callcard_pbx::{CallFacts, Step};
use callcard_protocol::{Call, CallState, Direction, Disposition};

/// Incoming, still ringing, every rung phone stopped, never answered.
pub fn is_silently_missed(call: &Call) -> bool {
    call.direction == Direction::Incoming
        && call.state == CallState::Ringing
        && call.ringing.is_empty()
        && call.answered_at.is_none()
}

/// The facts that end such a call as missed (applied through the usual merge).
pub fn missed_facts(call: &Call) -> CallFacts {
    let mut facts = CallFacts::new(call.provider.clone(), call.provider_call_id.clone(), Step::Ended);
    facts.direction = Some(Direction::Incoming);
    facts.disposition = Some(Disposition::Missed);
    facts
}

#[cfg(test)]
mod tests {
    use callcard_pbx::DedupScope;
    use callcard_protocol::{AgentRef, ProviderId};
    use chrono::Utc;

    use super::*;
    use crate::ledger::{merge, Loaded};
    use crate::Delivery;

    fn ringing_call() -> Call {
        let facts = {
            let mut f = CallFacts::new(ProviderId::new("itoolabs"), "c1", Step::Ringing);
            f.direction = Some(Direction::Incoming);
            f
        };
        let d = Delivery {
            provider: facts.provider.clone(),
            content_key: "k".into(),
            dedup_scope: DedupScope::Everything,
            event: "event/INCOMING".into(),
            fields_json: "{}".into(),
            problems: vec![],
            received_at: Utc::now(),
            facts: Some(facts.clone()),
            client_phone: Some("79991234567".into()),
            line: None,
            line_label: None,
            leads: None,
            unknown_users_to: None,
        };
        let anna =
            AgentRef { agent_id: Some(1), name: None, extension: None, login: Some("anna".into()), pbx_user: None };
        merge(Loaded { agent: Some(anna), ..Default::default() }, &d, &facts).unwrap().call
    }

    #[test]
    fn only_a_call_nobody_rings_any_more_counts() {
        let mut call = ringing_call();
        assert!(!is_silently_missed(&call), "still ringing Anna");
        call.ringing.clear();
        assert!(is_silently_missed(&call));
        let mut answered = call.clone();
        answered.answered_at = Some(Utc::now());
        assert!(!is_silently_missed(&answered));
        let mut outgoing = call.clone();
        outgoing.direction = Direction::Outgoing;
        assert!(!is_silently_missed(&outgoing));
    }

    #[test]
    fn its_end_is_a_missed_call() {
        let mut call = ringing_call();
        call.ringing.clear();
        let facts = missed_facts(&call);
        let d = Delivery {
            provider: call.provider.clone(),
            content_key: "missed".into(),
            dedup_scope: DedupScope::Everything,
            event: "relay/missed".into(),
            fields_json: "{}".into(),
            problems: vec![],
            received_at: Utc::now(),
            facts: Some(facts.clone()),
            client_phone: None,
            line: None,
            line_label: None,
            leads: None,
            unknown_users_to: None,
        };
        let change = merge(Loaded { prev: Some(call), ..Default::default() }, &d, &facts).unwrap();
        assert_eq!(change.call.state, CallState::Ended);
        assert!(change.call.missed);
        assert_eq!(change.call.disposition, Some(Disposition::Missed));
    }
}
