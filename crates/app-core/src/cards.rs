//! The pop-up cards: which calls this agent should see right now, and in what phase.
//!
//! Fed with relay events (live or replayed) and snapshots, in any order and with repeats; the
//! newest state of each call (by its `seq`) wins, so the result does not depend on delivery.

use std::collections::BTreeMap;

use callcard_pbx::phone::format_for_people;
use callcard_protocol::{Agent, AgentRef, Call, CallEvent, CallId, CallState, ContactInfo, Direction};
use chrono::{DateTime, Utc};

use crate::words::{WordCode, Words};

/// What a card shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// An incoming call ringing this agent's phone.
    Ringing,
    /// This agent is dialling out.
    Calling,
    /// This agent is talking (timer runs from `answered_at`).
    Talking,
    /// The call this agent handled has ended: log its outcome.
    WrapUp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub call: Call,
    pub phase: Phase,
}

impl Card {
    /// The card's title: "Incoming call from +7 999 123-45-67" (a ringing card names the
    /// number; the client's name is on the card's next line), "Talking with Ivan Petrov".
    pub fn title(&self) -> Words {
        match self.phase {
            Phase::Ringing => Words::new(WordCode::CardRinging).with_some("number", self.number()),
            Phase::Calling => Words::new(WordCode::CardCalling).with_some("who", self.counterpart()),
            Phase::Talking => Words::new(WordCode::CardTalking).with_some("who", self.counterpart()),
            Phase::WrapUp => Words::new(WordCode::CardEnded).with_some("who", self.counterpart()),
        }
    }

    /// The client's name if known, else the number formatted for people; `None` for a hidden number.
    pub fn counterpart(&self) -> Option<String> {
        match &self.call.contact {
            Some(c) => Some(c.name.clone()),
            None => self.number(),
        }
    }

    /// The client's number formatted for people.
    pub fn number(&self) -> Option<String> {
        self.call.client_phone.as_deref().map(format_for_people)
    }

    /// The live timer, `mm:ss` since the answer (by the relay's clock, not the window's).
    pub fn timer(&self, now: DateTime<Utc>) -> Option<String> {
        let answered = self.call.answered_at?;
        let end = self.call.ended_at.unwrap_or(now);
        let secs = (end - answered).num_seconds().max(0);
        Some(format!("{:02}:{:02}", secs / 60, secs % 60))
    }
}

/// Something the UI must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum CardChange {
    Opened(Card),
    Updated(Card),
    /// The card goes away; `missed` means raise a "missed call" notification.
    Closed {
        call_id: CallId,
        missed: bool,
    },
}

/// Only the relay knows which PBX user is which agent (an extension "100" on one PBX is not
/// "100" on another), so a leg the relay could not match is nobody's here either.
fn is_me(me: &Agent, who: &AgentRef) -> bool {
    who.agent_id == Some(me.id)
}

/// The phase of `call`'s card for `me`, or `None` if `me` should not see a card.
pub fn phase_for(me: &Agent, call: &Call) -> Option<Phase> {
    let mine = call.agent.as_ref().is_some_and(|a| is_me(me, a));
    match (call.state, call.direction) {
        (CallState::Ringing, Direction::Incoming) => {
            call.ringing.iter().any(|a| is_me(me, a)).then_some(Phase::Ringing)
        }
        (CallState::Ringing, Direction::Outgoing) => mine.then_some(Phase::Calling),
        (CallState::Answered, _) => mine.then_some(Phase::Talking),
        (CallState::Ended, _) => (mine && !call.missed).then_some(Phase::WrapUp),
        // A state or direction from a newer relay: listed in the main window, no card.
        (CallState::Ringing, Direction::Unknown) | (CallState::Unknown, _) => None,
    }
}

/// A missed call raises a notification only if it ended this recently: replaying yesterday's
/// history after a restart must not flood the desktop (the reminders list covers those).
pub const MISSED_NOTIFICATION_WINDOW_SECS: i64 = 15 * 60;

/// Calls kept in memory for the main window and the "last call" line.
const KEEP_CALLS: usize = 2000;

/// Where a call state comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A relay event (live or replayed on resume), applied at this local time.
    Event { now: DateTime<Utc> },
    /// A snapshot reload: shows what is going on now, never re-announces the past.
    Snapshot,
}

/// All of this agent's cards.
#[derive(Debug, Clone)]
pub struct CardBook {
    me: Agent,
    /// Newest known state of every call seen, by call id.
    calls: BTreeMap<CallId, Call>,
    cards: BTreeMap<CallId, Card>,
    /// Do not disturb: calls are tracked, no card opens.
    pub do_not_disturb: bool,
}

impl CardBook {
    pub fn new(me: Agent) -> CardBook {
        CardBook { me, calls: BTreeMap::new(), cards: BTreeMap::new(), do_not_disturb: false }
    }

    pub fn me(&self) -> &Agent {
        &self.me
    }

    pub fn cards(&self) -> impl Iterator<Item = &Card> {
        self.cards.values()
    }

    pub fn card(&self, id: CallId) -> Option<&Card> {
        self.cards.get(&id)
    }

    /// Every call seen, newest first (the main window's list).
    pub fn calls(&self) -> impl Iterator<Item = &Call> {
        self.calls.values().rev()
    }

    /// Puts an outcome the relay confirmed on the call (its event may arrive later or, with the
    /// link down, not at all).
    pub fn set_outcome(&mut self, id: CallId, outcome: callcard_protocol::LoggedOutcome) {
        if let Some(card) = self.cards.get_mut(&id) {
            card.call.outcome = Some(outcome.clone());
        }
        if let Some(call) = self.calls.get_mut(&id) {
            call.outcome = Some(outcome);
        }
    }

    pub fn call(&self, id: CallId) -> Option<&Call> {
        self.calls.get(&id)
    }

    /// The newest earlier call with the same client number ("last call" on the card).
    pub fn previous_call(&self, call: &Call) -> Option<&Call> {
        let phone = call.client_phone.as_ref()?;
        self.calls.range(..call.id).rev().map(|(_, c)| c).find(|c| c.client_phone.as_ref() == Some(phone))
    }

    pub fn apply_event(&mut self, event: &CallEvent, now: DateTime<Utc>) -> Vec<CardChange> {
        self.apply_call(&event.call, Source::Event { now })
    }

    /// Merges a snapshot (after `resync_required` or at start-up).
    pub fn apply_snapshot(&mut self, calls: &[Call]) -> Vec<CardChange> {
        calls.iter().flat_map(|c| self.apply_call(c, Source::Snapshot)).collect()
    }

    /// Merges one call state; older states than the one known are ignored.
    pub fn apply_call(&mut self, call: &Call, source: Source) -> Vec<CardChange> {
        if self.calls.get(&call.id).is_some_and(|known| known.seq >= call.seq) {
            return vec![];
        }
        self.calls.insert(call.id, call.clone());
        self.prune();
        let phase = if self.do_not_disturb { None } else { phase_for(&self.me, call) };
        match (self.cards.get(&call.id).map(|c| c.phase), phase) {
            (None, None) => {
                // A missed call that never reached a card (do-not-disturb, or the ring was
                // missed while offline) still deserves the notification if it was for me.
                let for_me = call.missed && call.ringing.is_empty() && self.was_for_me(call);
                if for_me && !self.do_not_disturb && is_recent(call, source) {
                    vec![CardChange::Closed { call_id: call.id, missed: true }]
                } else {
                    vec![]
                }
            }
            // A card never opens on a call that is already over: it goes to the "to log" list.
            (None, Some(Phase::WrapUp)) => vec![],
            (None, Some(phase)) => {
                let card = Card { call: call.clone(), phase };
                self.cards.insert(call.id, card.clone());
                vec![CardChange::Opened(card)]
            }
            (Some(_), Some(phase)) => {
                let card = Card { call: call.clone(), phase };
                self.cards.insert(call.id, card.clone());
                vec![CardChange::Updated(card)]
            }
            (Some(_), None) => {
                self.cards.remove(&call.id);
                let missed = call.missed && call.state == CallState::Ended && is_recent(call, source);
                vec![CardChange::Closed { call_id: call.id, missed }]
            }
        }
    }

    /// A contact was created or corrected for `phone`: every call with that number shows it.
    pub fn set_contact(&mut self, phone: &str, contact: &ContactInfo) -> Vec<CardChange> {
        let mut changes = vec![];
        for call in self.calls.values_mut().filter(|c| c.client_phone.as_deref() == Some(phone)) {
            call.contact = Some(contact.clone());
            if let Some(card) = self.cards.get_mut(&call.id) {
                card.call.contact = Some(contact.clone());
                changes.push(CardChange::Updated(card.clone()));
            }
        }
        changes
    }

    /// Closes a wrap-up card (its delay ran out or the outcome was logged).
    pub fn dismiss(&mut self, id: CallId) -> Option<CardChange> {
        self.cards.remove(&id).map(|_| CardChange::Closed { call_id: id, missed: false })
    }

    fn was_for_me(&self, call: &Call) -> bool {
        // The relay only sends an agent the calls it was involved in; a supervisor sees all,
        // so only the responsible agent's name marks a missed call as theirs.
        !self.me.supervisor || call.contact.as_ref().and_then(|c| c.responsible.as_ref()) == Some(&self.me.name)
    }

    fn prune(&mut self) {
        while self.calls.len() > KEEP_CALLS {
            let oldest = *self.calls.keys().next().expect("non-empty");
            if self.cards.contains_key(&oldest) {
                break;
            }
            self.calls.remove(&oldest);
        }
    }
}

fn is_recent(call: &Call, source: Source) -> bool {
    match source {
        Source::Snapshot => false,
        Source::Event { now } => {
            let ended = call.ended_at.unwrap_or(call.started_at);
            (now - ended).num_seconds() <= MISSED_NOTIFICATION_WINDOW_SECS
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use callcard_protocol::{ContactInfo, Disposition, EventKind, ProviderId};
    use chrono::TimeZone;

    pub(crate) fn anna() -> Agent {
        Agent {
            id: 1,
            name: "Anna".into(),
            extension: Some("100".into()),
            login: Some("anna".into()),
            supervisor: false,
            role: Default::default(),
            pbx_users: [("zadarma".to_string(), "100".to_string()), ("itoolabs".to_string(), "anna".to_string())]
                .into(),
            may_blacklist: false,
        }
    }

    fn agent_ref(id: i64, ext: &str) -> AgentRef {
        AgentRef { agent_id: Some(id), name: None, extension: Some(ext.into()), login: None, pbx_user: None }
    }

    fn live() -> Source {
        Source::Event { now: t(70) }
    }

    pub(crate) fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_714_550_400 + s, 0).unwrap()
    }

    pub(crate) fn call(id: CallId, seq: u64, state: CallState) -> Call {
        Call {
            id,
            provider: ProviderId::new(ProviderId::ZADARMA),
            provider_call_id: format!("in_{id}"),
            direction: Direction::Incoming,
            state,
            disposition: None,
            missed: false,
            client_phone: Some("79991234567".into()),
            line: Some("74951234567".into()),
            line_label: None,
            agent: None,
            ringing: vec![],
            contact: None,
            started_at: t(0),
            answered_at: None,
            ended_at: None,
            duration_secs: None,
            recording: None,
            outcome: None,
            seq,
        }
    }

    fn ringing(id: CallId, seq: u64, exts: &[(i64, &str)]) -> Call {
        let mut c = call(id, seq, CallState::Ringing);
        c.ringing = exts.iter().map(|(i, e)| agent_ref(*i, e)).collect();
        c
    }

    pub(crate) fn answered(id: CallId, seq: u64, by: (i64, &str)) -> Call {
        let mut c = call(id, seq, CallState::Answered);
        c.agent = Some(agent_ref(by.0, by.1));
        c.answered_at = Some(t(5));
        c
    }

    pub(crate) fn ended(mut c: Call, seq: u64) -> Call {
        c.seq = seq;
        c.state = CallState::Ended;
        c.ended_at = Some(t(65));
        c.missed = c.answered_at.is_none();
        c.disposition = Some(if c.missed { Disposition::Missed } else { Disposition::Answered });
        c.ringing.clear();
        c
    }

    pub(crate) fn event(c: &Call) -> CallEvent {
        CallEvent { epoch: "e".into(), seq: c.seq, kind: EventKind::Updated, at: t(0), call: c.clone() }
    }

    #[test]
    fn ring_answer_end_wrap_up() {
        let mut book = CardBook::new(anna());
        let ring = ringing(7, 1, &[(1, "100")]);
        let opened = book.apply_event(&event(&ring), t(1));
        assert!(matches!(&opened[..], [CardChange::Opened(c)] if c.phase == Phase::Ringing));
        assert_eq!(book.card(7).unwrap().title().message, "Incoming call from +7 999 123-45-67");
        let talk = answered(7, 2, (1, "100"));
        book.apply_event(&event(&talk), t(6));
        let card = book.card(7).unwrap();
        assert_eq!(card.phase, Phase::Talking);
        assert_eq!(card.timer(t(5 + 83)).as_deref(), Some("01:23"), "timer from the relay's answer time");
        book.apply_event(&event(&ended(talk, 3)), t(66));
        let card = book.card(7).unwrap();
        assert_eq!(card.phase, Phase::WrapUp);
        assert_eq!(card.timer(t(1000)).as_deref(), Some("01:00"), "frozen at the end");
        assert_eq!(book.dismiss(7), Some(CardChange::Closed { call_id: 7, missed: false }));
    }

    #[test]
    fn answered_elsewhere_closes_without_notification() {
        let mut book = CardBook::new(anna());
        book.apply_call(&ringing(7, 1, &[(1, "100"), (2, "101")]), live());
        let changes = book.apply_call(&answered(7, 2, (2, "101")), live());
        assert_eq!(changes, vec![CardChange::Closed { call_id: 7, missed: false }]);
        assert!(book.cards().next().is_none());
    }

    #[test]
    fn missed_call_closes_with_notification() {
        let mut book = CardBook::new(anna());
        let ring = ringing(7, 1, &[(1, "100")]);
        book.apply_call(&ring, live());
        assert_eq!(book.apply_call(&ended(ring, 2), live()), vec![CardChange::Closed { call_id: 7, missed: true }]);
    }

    #[test]
    fn repeats_and_stale_states_are_ignored() {
        let mut book = CardBook::new(anna());
        let ring = ringing(7, 1, &[(1, "100")]);
        let talk = answered(7, 3, (1, "100"));
        book.apply_call(&ring, live());
        book.apply_call(&talk, live());
        assert!(book.apply_call(&talk, live()).is_empty(), "duplicate");
        assert!(book.apply_call(&ring, live()).is_empty(), "out of order: older seq");
        assert_eq!(book.card(7).unwrap().phase, Phase::Talking);
    }

    #[test]
    fn two_calls_at_once_stack() {
        let mut book = CardBook::new(anna());
        book.apply_call(&answered(7, 1, (1, "100")), live());
        book.apply_call(&ringing(8, 2, &[(1, "100")]), live());
        let phases: Vec<_> = book.cards().map(|c| (c.call.id, c.phase)).collect();
        assert_eq!(phases, vec![(7, Phase::Talking), (8, Phase::Ringing)]);
    }

    #[test]
    fn resume_after_a_gap_via_snapshot() {
        // Offline while the call was answered and ended: the snapshot brings the final state.
        let mut book = CardBook::new(anna());
        let ring = ringing(7, 1, &[(1, "100")]);
        book.apply_call(&ring, live());
        let final_state = ended(answered(7, 2, (1, "100")), 5);
        let changes = book.apply_snapshot(&[final_state]);
        assert!(matches!(&changes[..], [CardChange::Updated(c)] if c.phase == Phase::WrapUp));
    }

    #[test]
    fn outgoing_calling_card_and_names() {
        let mut book = CardBook::new(anna());
        let mut out = call(9, 1, CallState::Ringing);
        out.direction = Direction::Outgoing;
        out.agent = Some(agent_ref(1, "100"));
        out.contact = Some(ContactInfo {
            id: 1,
            name: "Ivan Petrov".into(),
            company: None,
            responsible: None,
            blacklisted: false,
            ..Default::default()
        });
        book.apply_call(&out, live());
        assert_eq!(book.card(9).unwrap().title().message, "Calling Ivan Petrov");
    }

    #[test]
    fn do_not_disturb_tracks_calls_without_cards() {
        let mut book = CardBook::new(anna());
        book.do_not_disturb = true;
        assert!(book.apply_call(&ringing(7, 1, &[(1, "100")]), live()).is_empty());
        assert_eq!(book.calls().count(), 1);
    }

    #[test]
    fn old_missed_calls_and_snapshots_do_not_notify() {
        let mut book = CardBook::new(anna());
        let ring = ringing(7, 1, &[(1, "100")]);
        book.apply_call(&ring, live());
        let late = Source::Event { now: t(65 + MISSED_NOTIFICATION_WINDOW_SECS + 1) };
        assert_eq!(book.apply_call(&ended(ring, 2), late), vec![CardChange::Closed { call_id: 7, missed: false }]);

        // A snapshot shows what goes on now, and does not re-announce the past.
        let mut book = CardBook::new(anna());
        let handled = ended(answered(8, 3, (1, "100")), 4);
        let missed = ended(ringing(9, 5, &[(1, "100")]), 6);
        let ringing_now = ringing(10, 7, &[(1, "100")]);
        let changes = book.apply_snapshot(&[handled, missed, ringing_now]);
        assert!(matches!(&changes[..], [CardChange::Opened(c)] if c.call.id == 10), "{changes:?}");
        assert_eq!(book.calls().count(), 3, "all listed in the main window");
    }

    #[test]
    fn a_replayed_call_that_is_over_opens_no_card() {
        let mut book = CardBook::new(anna());
        assert!(book.apply_call(&ended(answered(7, 2, (1, "100")), 3), live()).is_empty());
        assert!(book.cards().next().is_none());
    }

    #[test]
    fn a_new_contact_shows_on_the_open_card_and_last_call_is_found() {
        let mut book = CardBook::new(anna());
        let first = ended(answered(7, 2, (1, "100")), 3);
        book.apply_call(&first, live());
        book.apply_call(&ringing(8, 4, &[(1, "100")]), live());
        assert_eq!(book.card(8).unwrap().title().message, "Incoming call from +7 999 123-45-67");
        assert_eq!(book.previous_call(book.call(8).unwrap()).map(|c| c.id), Some(7));
        assert_eq!(book.previous_call(book.call(7).unwrap()), None);
        let olga = ContactInfo {
            id: 5,
            name: "Olga".into(),
            company: None,
            responsible: Some("Anna".into()),
            blacklisted: false,
            ..Default::default()
        };
        let changes = book.set_contact("79991234567", &olga);
        assert!(matches!(&changes[..], [CardChange::Updated(c)] if c.call.id == 8));
        assert_eq!(book.card(8).unwrap().counterpart().as_deref(), Some("Olga"));
        assert_eq!(book.call(7).unwrap().contact.as_ref().unwrap().name, "Olga");
    }

    #[test]
    fn missing_events_still_give_the_right_card() {
        // The ring was never seen (lost, or before the app started): the answer opens the card.
        let mut book = CardBook::new(anna());
        let changes = book.apply_call(&answered(7, 4, (1, "100")), live());
        assert!(matches!(&changes[..], [CardChange::Opened(c)] if c.phase == Phase::Talking));
        // The answer was never seen: ringing goes straight to ended-and-answered → wrap-up.
        let mut book = CardBook::new(anna());
        book.apply_call(&ringing(8, 1, &[(1, "100")]), live());
        let mut done = ended(answered(8, 9, (1, "100")), 9);
        done.ringing.clear();
        let changes = book.apply_call(&done, live());
        assert!(matches!(&changes[..], [CardChange::Updated(c)] if c.phase == Phase::WrapUp), "{changes:?}");
        // A group ring where another agent's leg is all we hear about: no card for Anna.
        let mut book = CardBook::new(anna());
        assert!(book.apply_call(&ringing(9, 1, &[(2, "101")]), live()).is_empty());
    }

    #[test]
    fn a_leg_the_relay_did_not_match_is_not_mine_even_with_my_extension() {
        // Extension 100 on another PBX is somebody else: only the relay's agent id counts.
        let mut book = CardBook::new(anna());
        let mut ring = call(9, 1, CallState::Ringing);
        ring.ringing =
            vec![AgentRef { agent_id: None, name: None, extension: Some("100".into()), login: None, pbx_user: None }];
        assert!(book.apply_call(&ring, live()).is_empty());
        assert!(book.cards().next().is_none());
    }
}
