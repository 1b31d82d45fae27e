//! Leads for new numbers (seed 004), while the admin's auto-create switch is on: a call with a
//! number nobody saved creates the client, so that nobody retypes it.
//!
//! | call | new number | a lead nobody has taken on |
//! |---|---|---|
//! | incoming, ringing | a lead, nobody's yet (the card shows it at once) | — |
//! | incoming, answered | a lead; responsible = who answered | it goes to who answered |
//! | incoming, missed | a lead; responsible = the default responsible | it goes to the default responsible |
//! | outgoing | a lead; responsible = who dialled | it goes to who reached the client |
//!
//! A call taken or made by a PBX user who is not in Callcard counts as the default
//! responsible's (seed 003), so its lead has an owner too.
//!
//! A lead the default responsible holds because its call was missed moves to whoever next talks
//! with the client (seed 003: "it stays with that person until someone calls back"). A known
//! client is never changed here.

use callcard_protocol::{AgentRef, Call, CallState, ContactStatus, Direction};

/// The switch and who takes leads of missed calls; `None` of these: the switch is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeadRules {
    pub default_responsible: Option<i64>,
}

/// The number's contact as stored, as far as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Existing {
    pub status: ContactStatus,
    pub responsible: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadAction {
    /// A new lead for the call's number, first seen on the call's line.
    Create { phone: String, responsible: Option<i64>, source_line: Option<String> },
    /// The number's lead gets this responsible agent.
    Assign { responsible: i64 },
}

/// What the call, as merged now, does to its number's contact.
pub fn decide(rules: &LeadRules, call: &Call, existing: Option<Existing>) -> Option<LeadAction> {
    let phone = call.client_phone.clone()?;
    // A PBX user not in Callcard stands for the default responsible (seed 003).
    let agent_id = |a: &AgentRef| a.agent_id.or(rules.default_responsible);
    let talked_with = call.answered_at.and(call.agent.as_ref()).and_then(agent_id);
    let missed = call.state == CallState::Ended && call.answered_at.is_none();
    let owner = match call.direction {
        // Who dialled owns a new number from the first event on.
        Direction::Outgoing => call.agent.as_ref().and_then(agent_id),
        _ if missed => rules.default_responsible,
        _ => talked_with,
    };
    match existing {
        None => Some(LeadAction::Create { phone, responsible: owner, source_line: call.line.clone() }),
        Some(Existing { status: ContactStatus::Lead, responsible }) => {
            let held_for_a_missed_call = responsible.is_some() && responsible == rules.default_responsible;
            let new_owner = match (responsible, talked_with) {
                (None, _) => owner,
                (Some(_), Some(agent)) if held_for_a_missed_call => Some(agent),
                _ => None,
            };
            new_owner.filter(|o| Some(*o) != responsible).map(|responsible| LeadAction::Assign { responsible })
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_calls::{agent, incoming};

    const ANNA: i64 = 1;
    const BORIS: i64 = 2;
    const DEFAULT: i64 = 9;
    const RULES: LeadRules = LeadRules { default_responsible: Some(DEFAULT) };

    fn call(direction: Direction, state: CallState, answered_by: Option<i64>) -> Call {
        let mut call = incoming(1, state, 0);
        call.direction = direction;
        call.agent = answered_by.map(agent);
        call.answered_at = (answered_by.is_some() && state != CallState::Ringing).then_some(call.started_at);
        call
    }

    fn created(responsible: Option<i64>) -> Option<LeadAction> {
        Some(LeadAction::Create { phone: "79991234567".into(), responsible, source_line: Some("74951234567".into()) })
    }

    fn lead(responsible: Option<i64>) -> Option<Existing> {
        Some(Existing { status: ContactStatus::Lead, responsible })
    }

    #[test]
    fn a_new_number_becomes_a_lead_of_who_had_the_call() {
        let ringing = call(Direction::Incoming, CallState::Ringing, None);
        assert_eq!(decide(&RULES, &ringing, None), created(None), "the card shows the lead at once");
        let answered = call(Direction::Incoming, CallState::Answered, Some(ANNA));
        assert_eq!(decide(&RULES, &answered, None), created(Some(ANNA)));
        let missed = call(Direction::Incoming, CallState::Ended, None);
        assert_eq!(decide(&RULES, &missed, None), created(Some(DEFAULT)));
        let mut dialled = call(Direction::Outgoing, CallState::Ringing, None);
        dialled.agent = answered.agent.clone();
        assert_eq!(decide(&RULES, &dialled, None), created(Some(ANNA)));
    }

    #[test]
    fn a_lead_nobody_has_goes_to_who_answers_or_to_the_default_responsible() {
        let answered = call(Direction::Incoming, CallState::Answered, Some(BORIS));
        assert_eq!(decide(&RULES, &answered, lead(None)), Some(LeadAction::Assign { responsible: BORIS }));
        let missed = call(Direction::Incoming, CallState::Ended, None);
        assert_eq!(decide(&RULES, &missed, lead(None)), Some(LeadAction::Assign { responsible: DEFAULT }));
        // Held for a missed call until someone talks with the client.
        assert_eq!(decide(&RULES, &answered, lead(Some(DEFAULT))), Some(LeadAction::Assign { responsible: BORIS }));
        assert_eq!(decide(&RULES, &missed, lead(Some(DEFAULT))), None);
    }

    #[test]
    fn a_pbx_user_not_in_callcard_counts_as_the_default_responsible() {
        let mut answered = call(Direction::Incoming, CallState::Answered, Some(ANNA));
        answered.agent.as_mut().unwrap().agent_id = None;
        assert_eq!(decide(&RULES, &answered, None), created(Some(DEFAULT)));
        let mut dialled = call(Direction::Outgoing, CallState::Ringing, None);
        dialled.agent = answered.agent.clone();
        assert_eq!(decide(&RULES, &dialled, None), created(Some(DEFAULT)));
        // Held for a missed call: the stranger's answer does not move it from the default responsible.
        assert_eq!(decide(&RULES, &answered, lead(Some(DEFAULT))), None);
        // Without a default responsible, nobody.
        assert_eq!(decide(&LeadRules::default(), &answered, None), created(None));
    }

    #[test]
    fn owned_leads_and_clients_are_left_alone() {
        let answered = call(Direction::Incoming, CallState::Answered, Some(BORIS));
        assert_eq!(decide(&RULES, &answered, lead(Some(ANNA))), None);
        let client = Some(Existing { status: ContactStatus::Client, responsible: None });
        assert_eq!(decide(&RULES, &answered, client), None);
        let mut hidden = answered;
        hidden.client_phone = None;
        assert_eq!(decide(&RULES, &hidden, None), None);
    }
}
