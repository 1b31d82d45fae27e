//! The app's state between the relay link and the windows: turns what the connection delivers
//! into what the UI must do (open, update or close a card, notify a missed call, refresh the
//! main window), and answers the windows' questions with view models.

use callcard_pbx::phone::format_for_people;
use std::collections::BTreeMap;

use callcard_protocol::{
    Agent, Call, CallId, CallState, ContactInfo, ContactStatus, Direction, Disposition, LoggedOutcome, OutcomeOption,
    Reminder,
};
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::cards::{Card, CardBook, CardChange, Phase};
use crate::connection::{Inbound, Status};
use crate::outbox::PendingOutcome;
use crate::words::Words;

/// What a pop-up card shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CardView {
    #[ts(type = "number")]
    pub call_id: CallId,
    pub phase: Phase,
    /// "Incoming call from +7 999 123-45-67", "Talking with Ivan Petrov", …
    pub title: Words,
    pub direction: Direction,
    /// The client's number for people, `None` for a hidden number.
    pub number: Option<String>,
    /// The client's number as stored (digits-only E.164), for "Create contact".
    pub phone: Option<String>,
    pub name: Option<String>,
    pub company: Option<String>,
    pub responsible: Option<String>,
    /// Our line the client called (for people), and the admin's label for it.
    pub line: Option<String>,
    pub line_label: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Relay clock minus this machine's clock: the timer runs on the relay's time.
    #[ts(type = "number")]
    pub clock_offset_ms: i64,
    /// The previous call with this number, if any.
    pub last_call: Option<CallRow>,
    /// The last calls with this number, every agent's (from the client's journal), newest first.
    pub recent_calls: Vec<CallRow>,
    /// Whether this agent may log the outcome (it handled the call, or is a supervisor) and
    /// the call is far enough along (talking or wrap-up).
    pub can_log: bool,
    /// The buttons to offer.
    pub outcomes: Vec<OutcomeOption>,
    /// What the relay has stored.
    pub outcome: Option<LoggedOutcome>,
    /// A click still on its way to the relay (it wins over `outcome` on screen).
    pub pending_outcome: Option<PendingOutcome>,
    pub recording_ready: bool,
    /// The number is on the blacklist.
    pub blacklisted: bool,
    /// The relay made the contact for a new number: the card offers "Name this client".
    pub lead: bool,
    /// Whether to offer the blacklist button (the admin allows this agent, and there is a number).
    pub can_blacklist: bool,
}

/// One line of the main window's call list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CallRow {
    #[ts(type = "number")]
    pub call_id: CallId,
    pub direction: Direction,
    pub number: Option<String>,
    pub name: Option<String>,
    pub company: Option<String>,
    pub state: CallState,
    pub disposition: Option<Disposition>,
    pub missed: bool,
    pub started_at: DateTime<Utc>,
    pub duration_secs: Option<u32>,
    /// Who handled it.
    pub agent: Option<String>,
    /// The number as stored (digits-only E.164), for dialling.
    pub phone: Option<String>,
    pub outcome: Option<LoggedOutcome>,
    pub pending_outcome: Option<PendingOutcome>,
    pub has_recording: bool,
    pub blacklisted: bool,
    /// Whether to offer the blacklist button.
    pub can_blacklist: bool,
}

/// Something the windows must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    OpenCard(CardView),
    UpdateCard(CardView),
    CloseCard(CallId),
    /// The card just turned into a wrap-up: close it after the configured delay.
    ScheduleDismiss(CallId),
    /// Raise the OS notification for a missed call.
    NotifyMissed(CallRow),
    StatusChanged(Status),
    /// The call list changed: refresh the main window.
    CallsChanged,
}

pub struct Desk {
    status: Status,
    book: Option<CardBook>,
    clock_offset_ms: i64,
    do_not_disturb: bool,
    outcomes: Vec<OutcomeOption>,
    /// Ended calls this agent handled with no outcome stored yet.
    to_log: BTreeMap<CallId, Call>,
    reminders: Vec<Reminder>,
    pending: Vec<PendingOutcome>,
    /// Clients' journals as the relay last gave them (every agent's calls), by number.
    journals: BTreeMap<String, Vec<Call>>,
}

/// Calls a card lists from the client's journal.
pub const CARD_JOURNAL_CALLS: usize = 3;

impl Default for Desk {
    fn default() -> Desk {
        Desk {
            status: Status::NotConfigured,
            book: None,
            clock_offset_ms: 0,
            do_not_disturb: false,
            outcomes: vec![],
            to_log: BTreeMap::new(),
            reminders: vec![],
            pending: vec![],
            journals: BTreeMap::new(),
        }
    }
}

impl Desk {
    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn agent(&self) -> Option<&Agent> {
        self.book.as_ref().map(|b| b.me())
    }

    pub fn set_status(&mut self, status: Status) -> Vec<Effect> {
        if status == self.status {
            return vec![];
        }
        self.status = status.clone();
        vec![Effect::StatusChanged(status)]
    }

    pub fn handle(&mut self, inbound: Inbound, now: DateTime<Utc>) -> Vec<Effect> {
        match inbound {
            Inbound::Status(status) => self.set_status(status),
            Inbound::Hello { agent, server_time } => {
                self.clock_offset_ms = (server_time - now).num_milliseconds();
                if self.book.as_ref().map(|b| b.me()) != Some(&agent) {
                    // Another agent (the token changed): start from a clean book.
                    let mut effects: Vec<Effect> =
                        self.book.iter().flat_map(|b| b.cards().map(|c| Effect::CloseCard(c.call.id))).collect();
                    self.to_log.clear();
                    self.reminders.clear();
                    let mut book = CardBook::new(agent);
                    book.do_not_disturb = self.do_not_disturb;
                    self.book = Some(book);
                    effects.push(Effect::CallsChanged);
                    return effects;
                }
                vec![]
            }
            Inbound::Snapshot(calls) => {
                calls.iter().for_each(|c| self.track_to_log(c));
                let Some(book) = self.book.as_mut() else { return vec![] };
                let changes = book.apply_snapshot(&calls);
                let mut effects = self.effects(changes);
                effects.push(Effect::CallsChanged);
                effects
            }
            Inbound::Event(event) => {
                self.track_to_log(&event.call);
                let Some(book) = self.book.as_mut() else { return vec![] };
                let changes = book.apply_event(&event, now);
                let mut effects = self.effects(changes);
                effects.push(Effect::CallsChanged);
                effects
            }
        }
    }

    fn handled_by_me(&self, call: &Call) -> bool {
        let Some(me) = self.agent() else { return false };
        call.agent.as_ref().and_then(|a| a.agent_id) == Some(me.id)
    }

    /// Keeps the "to log" list in step with what the relay says about a call.
    fn track_to_log(&mut self, call: &Call) {
        // A replayed older state of a call already known newer changes nothing.
        if self.book.as_ref().and_then(|b| b.call(call.id)).is_some_and(|known| known.seq > call.seq) {
            return;
        }
        let needs_outcome = call.state == CallState::Ended && call.outcome.is_none() && self.handled_by_me(call);
        let newer = self.to_log.get(&call.id).is_none_or(|known| known.seq <= call.seq);
        if needs_outcome && newer {
            self.to_log.insert(call.id, call.clone());
        } else if call.outcome.is_some() && newer {
            self.to_log.remove(&call.id);
        }
    }

    /// The relay's list of calls still to log (all of them, not only the recent ones).
    pub fn set_unlogged(&mut self, calls: Vec<Call>) -> Vec<Effect> {
        self.to_log.clear();
        calls.iter().for_each(|c| self.track_to_log(c));
        vec![Effect::CallsChanged]
    }

    pub fn set_outcome_options(&mut self, outcomes: Vec<OutcomeOption>) -> Vec<Effect> {
        if outcomes == self.outcomes {
            return vec![];
        }
        self.outcomes = outcomes;
        self.refresh_cards()
    }

    pub fn outcome_options(&self) -> &[OutcomeOption] {
        &self.outcomes
    }

    pub fn set_reminders(&mut self, reminders: Vec<Reminder>) -> Vec<Effect> {
        if reminders == self.reminders {
            return vec![];
        }
        self.reminders = reminders;
        vec![Effect::CallsChanged]
    }

    /// The outbox's clicks, shown until the relay confirms them.
    pub fn set_pending(&mut self, pending: Vec<PendingOutcome>) -> Vec<Effect> {
        self.pending = pending;
        self.refresh_cards()
    }

    /// A logged outcome the relay confirmed (its event may come later, or not at all while
    /// the link is down).
    pub fn outcome_saved(&mut self, call_id: CallId, outcome: LoggedOutcome) -> Vec<Effect> {
        self.to_log.remove(&call_id);
        if let Some(book) = self.book.as_mut() {
            book.set_outcome(call_id, outcome);
        }
        self.refresh_cards()
    }

    /// Updates every open card and the main window.
    fn refresh_cards(&self) -> Vec<Effect> {
        let Some(book) = self.book.as_ref() else { return vec![Effect::CallsChanged] };
        let mut effects: Vec<Effect> = book.cards().map(|c| Effect::UpdateCard(self.view(book, c))).collect();
        effects.push(Effect::CallsChanged);
        effects
    }

    /// A call the agent can see, by id (for logging from a card or the lists).
    pub fn call(&self, id: CallId) -> Option<&Call> {
        self.book.as_ref().and_then(|b| b.call(id)).or_else(|| self.to_log.get(&id))
    }

    /// Whether a wrap-up card is open (the live board shows the agent wrapping up).
    pub fn in_wrap_up(&self) -> bool {
        self.book.as_ref().is_some_and(|b| b.cards().any(|c| c.phase == Phase::WrapUp))
    }

    /// Whether the admin lets this agent blacklist numbers.
    pub fn may_blacklist(&self) -> bool {
        self.agent().is_some_and(|me| me.may_blacklist)
    }

    /// Whether this agent may log `call`'s outcome.
    pub fn may_log(&self, call: &Call) -> bool {
        self.agent().is_some_and(|me| me.supervisor) || self.handled_by_me(call)
    }

    /// Do not disturb: open cards close, no new ones open; calls are still listed.
    pub fn set_do_not_disturb(&mut self, on: bool) -> Vec<Effect> {
        self.do_not_disturb = on;
        let Some(book) = self.book.as_mut() else { return vec![] };
        book.do_not_disturb = on;
        if !on {
            return vec![];
        }
        let open: Vec<CallId> = book.cards().map(|c| c.call.id).collect();
        let changes = open.into_iter().filter_map(|id| book.dismiss(id)).collect();
        self.effects(changes)
    }

    pub fn dismiss(&mut self, id: CallId) -> Vec<Effect> {
        let Some(book) = self.book.as_mut() else { return vec![] };
        let changes: Vec<CardChange> = book.dismiss(id).into_iter().collect();
        self.effects(changes)
    }

    pub fn set_contact(&mut self, phone: &str, contact: &ContactInfo) -> Vec<Effect> {
        let Some(book) = self.book.as_mut() else { return vec![] };
        let changes = book.set_contact(phone, contact);
        let mut effects = self.effects(changes);
        effects.push(Effect::CallsChanged);
        effects
    }

    /// A client's journal from the relay: the cards with that number list its last calls.
    pub fn set_journal(&mut self, phone: &str, calls: Vec<Call>) -> Vec<Effect> {
        self.journals.insert(phone.to_string(), calls);
        let Some(book) = self.book.as_ref() else { return vec![] };
        book.cards()
            .filter(|c| c.call.client_phone.as_deref() == Some(phone))
            .map(|c| Effect::UpdateCard(self.view(book, c)))
            .collect()
    }

    /// The card's last calls with the client, whoever had them: the journal's, else this
    /// agent's own previous call.
    fn recent_calls(&self, book: &CardBook, call: &Call) -> Vec<CallRow> {
        match call.client_phone.as_deref().and_then(|p| self.journals.get(p)) {
            Some(journal) => journal
                .iter()
                .filter(|c| c.id != call.id && c.started_at <= call.started_at)
                .take(CARD_JOURNAL_CALLS)
                .map(row)
                .collect(),
            None => book.previous_call(call).map(row).into_iter().collect(),
        }
    }

    pub fn card_view(&self, id: CallId) -> Option<CardView> {
        let book = self.book.as_ref()?;
        book.card(id).map(|card| self.view(book, card))
    }

    /// Calls that started on `day` (local time), newest first.
    pub fn calls_on(&self, day: NaiveDate) -> Vec<CallRow> {
        let Some(book) = self.book.as_ref() else { return vec![] };
        book.calls().filter(|c| c.started_at.with_timezone(&Local).date_naive() == day).map(|c| self.row(c)).collect()
    }

    /// Ended calls still waiting for an outcome, newest first.
    pub fn to_log(&self) -> Vec<CallRow> {
        self.to_log.values().rev().map(|c| self.row(c)).collect()
    }

    pub fn reminders(&self) -> &[Reminder] {
        &self.reminders
    }

    fn pending_for(&self, id: CallId) -> Option<PendingOutcome> {
        self.pending.iter().find(|p| p.call_id == id).cloned()
    }

    /// Rows for calls from outside today's list (history, a client's journal), marked as
    /// today's rows are.
    pub fn rows(&self, calls: &[Call]) -> Vec<CallRow> {
        calls.iter().map(|c| self.row(c)).collect()
    }

    fn row(&self, call: &Call) -> CallRow {
        let mut row = row(call);
        row.pending_outcome = self.pending_for(call.id);
        row.can_blacklist = self.may_blacklist() && call.client_phone.is_some();
        row
    }

    fn view(&self, book: &CardBook, card: &Card) -> CardView {
        let call = &card.call;
        let contact = call.contact.as_ref();
        CardView {
            call_id: call.id,
            phase: card.phase,
            title: card.title(),
            direction: call.direction,
            number: call.client_phone.as_deref().map(format_for_people),
            phone: call.client_phone.clone(),
            name: contact.map(|c| c.name.clone()),
            company: contact.and_then(|c| c.company.clone()),
            responsible: contact.and_then(|c| c.responsible.clone()),
            line: call.line.as_deref().map(format_for_people),
            line_label: call.line_label.clone(),
            answered_at: call.answered_at,
            ended_at: call.ended_at,
            clock_offset_ms: self.clock_offset_ms,
            last_call: book.previous_call(call).map(row),
            recent_calls: self.recent_calls(book, call),
            can_log: matches!(card.phase, Phase::Talking | Phase::WrapUp) && self.may_log(call),
            outcomes: self.outcomes.clone(),
            outcome: call.outcome.clone(),
            pending_outcome: self.pending_for(call.id),
            recording_ready: call.recording.as_ref().is_some_and(|r| r.ready),
            blacklisted: contact.is_some_and(|c| c.blacklisted),
            lead: contact.is_some_and(|c| c.status == ContactStatus::Lead),
            can_blacklist: self.may_blacklist() && call.client_phone.is_some(),
        }
    }

    fn effects(&self, changes: Vec<CardChange>) -> Vec<Effect> {
        let Some(book) = self.book.as_ref() else { return vec![] };
        let mut effects = vec![];
        for change in changes {
            match change {
                CardChange::Opened(card) => effects.push(Effect::OpenCard(self.view(book, &card))),
                CardChange::Updated(card) => {
                    effects.push(Effect::UpdateCard(self.view(book, &card)));
                    // Sent on every wrap-up update; the window layer keeps one timer per card.
                    if card.phase == Phase::WrapUp {
                        effects.push(Effect::ScheduleDismiss(card.call.id));
                    }
                }
                CardChange::Closed { call_id, missed } => {
                    effects.push(Effect::CloseCard(call_id));
                    if missed {
                        if let Some(call) = book.call(call_id) {
                            effects.push(Effect::NotifyMissed(self.row(call)));
                        }
                    }
                }
            }
        }
        effects
    }
}

fn row(call: &Call) -> CallRow {
    let contact = call.contact.as_ref();
    CallRow {
        call_id: call.id,
        direction: call.direction,
        number: call.client_phone.as_deref().map(format_for_people),
        name: contact.map(|c| c.name.clone()),
        company: contact.and_then(|c| c.company.clone()),
        state: call.state,
        disposition: call.disposition.clone(),
        missed: call.missed,
        started_at: call.started_at,
        duration_secs: call.duration_secs,
        agent: call
            .agent
            .as_ref()
            .and_then(|a| a.name.clone().or_else(|| a.extension.clone()).or_else(|| a.login.clone())),
        phone: call.client_phone.clone(),
        outcome: call.outcome.clone(),
        pending_outcome: None,
        has_recording: call.recording.as_ref().is_some_and(|r| r.ready),
        blacklisted: contact.is_some_and(|c| c.blacklisted),
        can_blacklist: false,
    }
}

/// Everything the main window shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Overview {
    pub status: Status,
    pub agent: Option<Agent>,
    pub settings: crate::settings::Settings,
    /// Whether a token is in the keyring (the token itself never leaves Rust).
    pub token_saved: bool,
    /// Today's calls, newest first.
    pub calls: Vec<CallRow>,
    /// Ended calls handled by this agent that still need an outcome.
    pub to_log: Vec<CallRow>,
    /// Clients to call back.
    pub reminders: Vec<Reminder>,
    pub outcomes: Vec<OutcomeOption>,
    /// A problem the user should know about (keyring unavailable, damaged settings file).
    pub notice: Option<Words>,
}

#[cfg(test)]
mod tests {
    use callcard_protocol::LoggedOutcome;

    use super::*;
    use crate::cards::tests::{anna, answered, ended, event, t};

    fn hello(desk: &mut Desk) {
        desk.handle(Inbound::Hello { agent: anna(), server_time: t(0) }, t(0));
    }

    fn outcome(code: &str) -> LoggedOutcome {
        LoggedOutcome {
            code: code.into(),
            label: code.into(),
            colour: "#000000".into(),
            note: None,
            agent_id: 1,
            agent_name: "Anna".into(),
            logged_at: t(70),
        }
    }

    #[test]
    fn calls_wait_on_the_to_log_list_until_an_outcome_is_stored() {
        let mut desk = Desk::default();
        hello(&mut desk);
        // Anna's ended call and one Boris handled: only hers needs her outcome.
        let mine = ended(answered(1, 2, (1, "100")), 3);
        let boris = ended(answered(2, 4, (2, "101")), 5);
        desk.handle(Inbound::Event(event(&mine)), t(70));
        desk.handle(Inbound::Event(event(&boris)), t(70));
        assert_eq!(desk.to_log().iter().map(|r| r.call_id).collect::<Vec<_>>(), [1]);
        assert!(desk.may_log(&mine) && !desk.may_log(&boris));

        // A click on its way shows on the row; the stored outcome takes the call off the list.
        let pending = PendingOutcome {
            idempotency_key: "k".into(),
            call_id: 1,
            code: "interested".into(),
            label: "Interested".into(),
            colour: "#000000".into(),
            note: None,
            clicked_at: t(70),
        };
        desk.set_pending(vec![pending]);
        assert_eq!(desk.to_log()[0].pending_outcome.as_ref().map(|p| p.code.as_str()), Some("interested"));
        let mut logged = mine.clone();
        logged.seq = 6;
        logged.outcome = Some(outcome("interested"));
        desk.handle(Inbound::Event(event(&logged)), t(71));
        assert!(desk.to_log().is_empty());
        // A replayed older state does not put it back.
        desk.handle(Inbound::Event(event(&mine)), t(72));
        assert!(desk.to_log().is_empty());

        // The relay's list replaces ours (it also has calls older than the snapshot).
        let old = ended(answered(9, 1, (1, "100")), 1);
        desk.set_unlogged(vec![old]);
        assert_eq!(desk.to_log().iter().map(|r| r.call_id).collect::<Vec<_>>(), [9]);
        desk.outcome_saved(9, outcome("call_back"));
        assert!(desk.to_log().is_empty());
    }

    #[test]
    fn the_blacklist_button_is_offered_to_agents_the_admin_allows() {
        let mut desk = Desk::default();
        hello(&mut desk);
        let talking = answered(1, 2, (1, "100"));
        desk.handle(Inbound::Event(event(&talking)), t(6));
        let card = desk.card_view(1).expect("a card for Anna's call");
        assert!(!card.can_blacklist && !card.blacklisted, "Anna is not allowed yet");

        let mut allowed = anna();
        allowed.may_blacklist = true;
        desk.handle(Inbound::Hello { agent: allowed, server_time: t(7) }, t(7));
        desk.handle(Inbound::Event(event(&talking)), t(7));
        assert!(desk.card_view(1).expect("card").can_blacklist);

        // The relay's answer to the button puts the flag on the card and the call's row.
        let contact = ContactInfo {
            id: 5,
            name: "+79991234567".into(),
            company: None,
            responsible: None,
            blacklisted: true,
            ..Default::default()
        };
        desk.set_contact("79991234567", &contact);
        assert!(desk.card_view(1).expect("card").blacklisted);
        let today = t(7).with_timezone(&Local).date_naive();
        let rows = desk.calls_on(today);
        assert!(rows[0].blacklisted && rows[0].can_blacklist, "{rows:?}");
    }

    #[test]
    fn a_card_lists_the_client_s_last_calls_from_the_journal() {
        let mut desk = Desk::default();
        hello(&mut desk);
        let now = answered(5, 9, (1, "100"));
        desk.handle(Inbound::Event(event(&now)), t(6));
        // Without the journal: this agent's own previous call, if any.
        assert!(desk.card_view(5).unwrap().recent_calls.is_empty());
        // The relay's journal: Boris's calls too, newest first, without the current one.
        let mut older: Vec<Call> = (1..=4).map(|id| ended(answered(id, id as u64, (2, "101")), id as u64)).collect();
        older.reverse();
        let mut journal = vec![now.clone()];
        journal.extend(older);
        let effects = desk.set_journal("79991234567", journal);
        assert!(matches!(effects.as_slice(), [Effect::UpdateCard(v)] if v.call_id == 5), "{effects:?}");
        let recent: Vec<CallId> = desk.card_view(5).unwrap().recent_calls.iter().map(|r| r.call_id).collect();
        assert_eq!(recent, [4, 3, 2], "the last three, newest first");
    }
}
