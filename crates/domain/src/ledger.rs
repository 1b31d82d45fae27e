//! From a stored call and one delivery to the call event that is written and pushed: the merge
//! (`call_model`), the event's JSON, and who may see it. A store calls these inside the
//! transaction that stores the delivery, after loading what [`Loaded`] asks for, and assigns the
//! event's position (`seq`) itself.

use std::sync::Arc;

use callcard_pbx::CallFacts;
use callcard_protocol::{AgentRef, Call, CallEvent, ContactInfo, EventKind, ServerMessage};
use chrono::{DateTime, Utc};

use crate::call_model::{self, Resolved};
use crate::{Corrupt, Delivery, PublishedEvent};

/// What the store looked up for one delivery.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The call as stored, if it exists.
    pub prev: Option<Call>,
    /// The agent the facts name, matched against this provider's agent ids (unmatched: the
    /// PBX's own names, no `agent_id`).
    pub agent: Option<AgentRef>,
    /// The contact of the call's client number as stored now, if there is one.
    pub contact: Option<ContactInfo>,
}

/// The number whose contact a delivery's event carries: the delivery's, else the call's. The
/// store looks it up on every delivery, so a contact changed since (a name, the blacklist)
/// shows on the call's next event, and a later event never takes it back.
pub fn contact_phone<'a>(prev: Option<&'a Call>, delivery_phone: Option<&'a str>) -> Option<&'a str> {
    delivery_phone.or_else(|| prev.and_then(|c| c.client_phone.as_deref()))
}

/// A change to store: the call as it is now (its `id` and `seq` still to be set) and the kind
/// of news it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub call: Call,
    pub kind: EventKind,
    /// The registered agent this delivery named (or, for a PBX user not in Callcard, who such
    /// calls are filed under): involved in the call from now on.
    pub new_agent: Option<i64>,
}

/// Merges a delivery's facts into the stored call; `None` when nothing changed (no event).
pub fn merge(loaded: Loaded, delivery: &Delivery, facts: &CallFacts) -> Option<Change> {
    let new_agent = loaded.agent.as_ref().and_then(|a| a.agent_id.or(delivery.unknown_users_to));
    let resolved = Resolved {
        agent: loaded.agent,
        client_phone: delivery.client_phone.clone(),
        line: delivery.line.clone(),
        line_label: delivery.line_label.clone(),
        contact: loaded.contact,
    };
    let (call, kind) = call_model::apply(loaded.prev.as_ref(), facts, &resolved, delivery.received_at)?;
    Some(Change { call, kind, new_agent })
}

/// Who receives an event: the agents involved in the call so far and the one this event
/// involves (supervisors see every event anyway). Sorted, without repeats.
pub fn recipients(involved: impl IntoIterator<Item = i64>, new_agent: Option<i64>) -> Vec<i64> {
    let mut all: Vec<i64> = involved.into_iter().chain(new_agent).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// An event ready to be written: the call's snapshot and the message clients receive.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The call after the event, `id` and `seq` set: the stored snapshot.
    pub call: Call,
    /// The snapshot's JSON, as stored.
    pub snapshot: String,
    pub event: Arc<PublishedEvent>,
}

/// Builds the stored event at position `seq` for call `call_id`. The message is the exact text
/// clients get, live and on replay.
pub fn record(
    epoch: &str,
    seq: u64,
    call_id: i64,
    mut call: Call,
    kind: EventKind,
    at: DateTime<Utc>,
    recipients: Vec<i64>,
) -> Result<Recorded, Corrupt> {
    call.id = call_id;
    call.seq = seq;
    let snapshot = serde_json::to_string(&call).map_err(|e| Corrupt(format!("call snapshot: {e}")))?;
    let message =
        ServerMessage::Event(CallEvent { epoch: epoch.to_string(), seq, kind, at, call: call.clone().for_clients() });
    let message = serde_json::to_string(&message).map_err(|e| Corrupt(format!("event: {e}")))?;
    Ok(Recorded {
        call,
        snapshot,
        event: Arc::new(PublishedEvent { seq, recipients, message: message.into(), at: Some(at) }),
    })
}

/// A stored snapshot as a call.
pub fn call_from_snapshot(text: &str) -> Result<Call, Corrupt> {
    serde_json::from_str(text).map_err(|e| Corrupt(format!("call snapshot: {e}")))
}

#[cfg(test)]
mod tests {
    use callcard_pbx::{DedupScope, Step};
    use callcard_protocol::{CallState, Direction, ProviderId};
    use chrono::TimeZone;

    use super::*;

    fn delivery(facts: &CallFacts) -> Delivery {
        Delivery {
            provider: facts.provider.clone(),
            content_key: "k".into(),
            dedup_scope: DedupScope::Everything,
            event: "NOTIFY_INTERNAL".into(),
            fields_json: "{}".into(),
            problems: vec![],
            received_at: Utc.timestamp_opt(1_714_550_400, 0).unwrap(),
            facts: Some(facts.clone()),
            client_phone: Some("79991234567".into()),
            line: None,
            line_label: None,
            leads: None,
            unknown_users_to: None,
        }
    }

    fn anna() -> AgentRef {
        AgentRef {
            agent_id: Some(3),
            name: Some("Anna".into()),
            extension: Some("100".into()),
            login: None,
            pbx_user: None,
        }
    }

    #[test]
    fn a_ringing_agent_becomes_involved_and_the_event_reads_as_clients_get_it() {
        let mut facts = CallFacts::new(ProviderId::new(ProviderId::ZADARMA), "in_1", Step::Ringing);
        facts.direction = Some(Direction::Incoming);
        let d = delivery(&facts);
        let change = merge(Loaded { agent: Some(anna()), ..Default::default() }, &d, &facts).unwrap();
        assert_eq!((change.kind, change.new_agent), (EventKind::Ringing, Some(3)));
        assert_eq!(change.call.ringing, [anna()]);

        let to = recipients([5, 3], change.new_agent);
        assert_eq!(to, [3, 5]);
        let recorded = record("ep", 7, 42, change.call, change.kind, d.received_at, to).unwrap();
        assert_eq!((recorded.call.id, recorded.call.seq), (42, 7));
        let message: ServerMessage = serde_json::from_str(&recorded.event.message).unwrap();
        let ServerMessage::Event(event) = message else { panic!("not an event") };
        assert_eq!((event.epoch.as_str(), event.seq, event.call.id), ("ep", 7, 42));
        assert_eq!(event.call.state, CallState::Ringing);
        assert_eq!(call_from_snapshot(&recorded.snapshot).unwrap(), recorded.call);
        assert_eq!(recorded.event.recipients, [3, 5]);
    }

    #[test]
    fn a_pbx_user_not_in_callcard_is_filed_under_the_default_responsible() {
        let mut facts = CallFacts::new(ProviderId::new(ProviderId::ZADARMA), "in_1", Step::Answered);
        facts.direction = Some(Direction::Incoming);
        let stranger =
            AgentRef { agent_id: None, name: None, extension: Some("205".into()), login: None, pbx_user: None };
        let filed = Delivery { unknown_users_to: Some(9), ..delivery(&facts) };
        let change = merge(Loaded { agent: Some(stranger.clone()), ..Default::default() }, &filed, &facts).unwrap();
        assert_eq!(change.new_agent, Some(9), "the default responsible has the call in their history");
        assert_eq!(
            change.call.agent.as_ref().and_then(|a| a.extension.as_deref()),
            Some("205"),
            "shown as the PBX names it"
        );
        // A registered agent is never replaced, and nobody is named without a default responsible.
        let change = merge(Loaded { agent: Some(anna()), ..Default::default() }, &filed, &facts).unwrap();
        assert_eq!(change.new_agent, Some(3));
        let change = merge(Loaded { agent: Some(stranger), ..Default::default() }, &delivery(&facts), &facts).unwrap();
        assert_eq!(change.new_agent, None);
        // A call that names no PBX user is nobody's yet (a missed call's reminder finds its owner).
        let change = merge(Loaded::default(), &filed, &facts).unwrap();
        assert_eq!(change.new_agent, None);
    }

    #[test]
    fn a_repeat_that_changes_nothing_makes_no_event() {
        let mut facts = CallFacts::new(ProviderId::new(ProviderId::ZADARMA), "in_1", Step::Ringing);
        facts.direction = Some(Direction::Incoming);
        let d = delivery(&facts);
        let first = merge(Loaded { agent: Some(anna()), ..Default::default() }, &d, &facts).unwrap();
        let again = Loaded { prev: Some(first.call), agent: Some(anna()), contact: None };
        assert_eq!(merge(again, &d, &facts), None);
    }

    #[test]
    fn the_contact_is_the_one_stored_when_the_event_is_made() {
        let facts = CallFacts::new(ProviderId::new(ProviderId::ZADARMA), "in_1", Step::Started);
        let ivan = ContactInfo {
            id: 1,
            name: "Ivan".into(),
            company: None,
            responsible: None,
            blacklisted: false,
            ..Default::default()
        };
        let loaded = Loaded { contact: Some(ivan.clone()), ..Default::default() };
        let call = merge(loaded, &delivery(&facts), &facts).unwrap().call;
        assert_eq!(call.contact.as_ref(), Some(&ivan));
        // Blacklisted since: the next delivery carries it.
        let blacklisted = ContactInfo { blacklisted: true, ..ivan };
        let answered = CallFacts::new(ProviderId::new(ProviderId::ZADARMA), "in_1", Step::Answered);
        let loaded = Loaded { prev: Some(call.clone()), contact: Some(blacklisted.clone()), ..Default::default() };
        let next = merge(loaded, &delivery(&answered), &answered).unwrap().call;
        assert_eq!(next.contact, Some(blacklisted));
        // A delivery without the number looks up the call's.
        let mut with_phone = call;
        with_phone.client_phone = Some("79991234567".into());
        assert_eq!(contact_phone(Some(&with_phone), None), Some("79991234567"));
        assert_eq!(contact_phone(Some(&with_phone), Some("79990000000")), Some("79990000000"));
        assert!(call_from_snapshot("not json").is_err());
    }
}
