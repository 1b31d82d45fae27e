//! The store's contract, written down once as behaviour tests that run against any backend:
//! `contract_suite!(async { (store, guard) })` in a backend's test module instantiates every
//! one of them (SQLite today; the PostgreSQL store runs the same list). Each test takes a fresh,
//! empty store. The ordering rules are stated in `store/mod.rs`.

use std::collections::BTreeMap;

use callcard_domain::{Delivery, IngestOutcome, Viewer};
use callcard_pbx::{AgentKey, CallFacts, DedupScope, Step};
use callcard_protocol::{Agent, CallState, Direction, Disposition, EventKind, ProviderId, Role, ServerMessage};
use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;

/// Instantiates the whole suite for a backend; `$fresh` is an async expression giving
/// `(Arc<dyn Store>, guard)` for an empty store (the guard keeps its files or database alive).
macro_rules! contract_suite {
    ($fresh:expr) => {
        $crate::store::contract::contract_suite!(@tests $fresh;
            repeats_are_stored_once,
            repeats_against_the_latest_webhook_of_a_call,
            positions_are_global_gapless_and_in_order,
            concurrent_writers_get_distinct_consecutive_positions,
            viewers_see_only_calls_they_are_involved_in,
            snapshots_agree_with_the_head,
            agents_match_only_their_own_provider_s_ids,
            agents_are_found_and_revoked,
            outcomes_are_authorised_and_idempotent,
            contacts_are_saved_found_and_searched,
            missed_calls_remind_until_the_number_is_reached,
            quiet_ringing_calls_are_listed_for_the_missed_rule,
            webhooks_with_problems_are_flagged,
            roles_and_pbx_users_change,
            settings_are_stored_by_name,
            admin_sessions_end_idle_revoked_or_demoted,
            webhooks_are_tallied_per_provider,
            line_labels_are_stored_and_removed,
            sealed_secrets_are_saved_and_removed_together,
            outcomes_are_put_in_order_only_whole,
            starting_outcomes_follow_the_language_leaving_an_admin_s_labels,
            events_carry_the_contact_as_it_is_now,
            new_numbers_become_leads_by_the_seeds_rules,
            calls_of_pbx_users_not_in_callcard_are_filed_under_the_default_responsible,
            presence_is_stored_per_agent,
            history_past_the_horizon_is_pruned_and_positions_go_on,
        );
    };
    (@tests $fresh:expr; $($name:ident,)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                let (store, _guard) = $fresh.await;
                $crate::store::contract::$name(&*store).await;
            }
        )*
    };
}
pub(crate) use contract_suite;

fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_764_000_000 + secs, 0).unwrap()
}

fn zadarma() -> ProviderId {
    ProviderId::new(ProviderId::ZADARMA)
}

fn itoolabs() -> ProviderId {
    ProviderId::new(ProviderId::ITOOLABS)
}

/// A delivery carrying `facts`, keyed by `key`.
fn delivery(key: &str, facts: CallFacts, at: DateTime<Utc>) -> Delivery {
    Delivery {
        provider: facts.provider.clone(),
        content_key: key.to_string(),
        dedup_scope: DedupScope::Everything,
        event: format!("{:?}", facts.step),
        fields_json: "{}".into(),
        problems: vec![],
        received_at: at,
        client_phone: facts.client_phone.clone(),
        line: None,
        line_label: None,
        leads: None,
        unknown_users_to: None,
        facts: Some(facts),
    }
}

fn incoming(provider: ProviderId, call: &str, step: Step, phone: &str, agent: Option<&str>) -> CallFacts {
    let mut f = CallFacts::new(provider, call, step);
    f.direction = Some(Direction::Incoming);
    f.client_phone = Some(phone.to_string());
    f.agent = agent.map(AgentKey::extension);
    f
}

fn ring(call: &str, ext: &str) -> CallFacts {
    incoming(zadarma(), call, Step::Ringing, "79991234567", Some(ext))
}

async fn ingest_one(store: &dyn Store, d: Delivery) -> IngestOutcome {
    let mut outcomes = store.ingest(vec![d]).await.expect("batch stored");
    outcomes.pop().expect("one outcome").expect("delivery stored")
}

/// The event's sequence, or 0 for none.
fn seq_of(outcome: &IngestOutcome) -> u64 {
    match outcome {
        IngestOutcome::Stored { event: Some(e) } => e.seq,
        _ => 0,
    }
}

async fn add_agent(store: &dyn Store, name: &str, users: &[(&str, &str)], supervisor: bool) -> Agent {
    let new = NewAgent {
        name: name.to_string(),
        pbx_users: users.iter().map(|(p, u)| (p.to_string(), u.to_string())).collect(),
        role: if supervisor { Role::Supervisor } else { Role::Agent },
    };
    store.add_agent(&new, &format!("hash-of-{name}")).await.expect("agent added")
}

async fn seqs_for(store: &dyn Store, viewer: Viewer, after: u64) -> Vec<u64> {
    store.events_after(viewer, after, 500).await.unwrap().iter().map(|e| e.seq).collect()
}

pub async fn repeats_are_stored_once(store: &dyn Store) {
    let first = ingest_one(store, delivery("k1", ring("in_1", "100"), t(0))).await;
    assert_eq!(seq_of(&first), 1);
    assert_eq!(ingest_one(store, delivery("k1", ring("in_1", "100"), t(1))).await, IngestOutcome::Duplicate);
    // Two copies in one batch: the second is the repeat.
    let both = store
        .ingest(vec![delivery("k2", ring("in_2", "100"), t(2)), delivery("k2", ring("in_2", "100"), t(2))])
        .await
        .unwrap();
    assert_eq!(seq_of(both[0].as_ref().unwrap()), 2);
    assert_eq!(both[1].as_ref().unwrap(), &IngestOutcome::Duplicate);
    // A webhook that changes no call is stored and makes no event.
    let mut none = delivery("k3", ring("in_1", "100"), t(3));
    none.facts = None;
    assert_eq!(ingest_one(store, none).await, IngestOutcome::Stored { event: None });
    assert_eq!(store.head_seq().await.unwrap(), 2);
}

pub async fn repeats_against_the_latest_webhook_of_a_call(store: &dyn Store) {
    // ITooLabs events carry no time: the same fields again are news unless they repeat the
    // call's latest webhook (INCOMING → CANCELLED → INCOMING rings again).
    let latest = |key: &str, step: Step| {
        let mut d = delivery(key, incoming(itoolabs(), "c1", step, "79991234567", Some("anna")), t(0));
        d.dedup_scope = DedupScope::LatestOfCall;
        d
    };
    assert!(seq_of(&ingest_one(store, latest("incoming", Step::Ringing)).await) > 0);
    assert_eq!(ingest_one(store, latest("incoming", Step::Ringing)).await, IngestOutcome::Duplicate);
    assert!(seq_of(&ingest_one(store, latest("cancelled", Step::RingingStopped)).await) > 0);
    let again = ingest_one(store, latest("incoming", Step::Ringing)).await;
    assert!(matches!(again, IngestOutcome::Stored { event: Some(_) }), "rings again: {again:?}");
    assert_eq!(ingest_one(store, latest("incoming", Step::Ringing)).await, IngestOutcome::Duplicate);
}

pub async fn positions_are_global_gapless_and_in_order(store: &dyn Store) {
    assert_eq!(store.head_seq().await.unwrap(), 0);
    let mut seqs = vec![];
    for batch in 0..3 {
        let deliveries = (0..4)
            .map(|n| {
                let call = format!("in_{batch}_{n}");
                delivery(&call.clone(), incoming(zadarma(), &call, Step::Started, "79991234567", None), t(n))
            })
            .collect();
        for outcome in store.ingest(deliveries).await.unwrap() {
            seqs.push(seq_of(&outcome.unwrap()));
        }
    }
    // A repeat and a no-change webhook take no position.
    ingest_one(store, delivery("in_0_0", incoming(zadarma(), "in_0_0", Step::Started, "79991234567", None), t(0)))
        .await;
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
    assert_eq!(store.head_seq().await.unwrap(), 12);
    assert_eq!(seqs_for(store, Viewer::Supervisor, 0).await, seqs);
    assert_eq!(seqs_for(store, Viewer::Supervisor, 5).await, (6..=12).collect::<Vec<_>>());
    let page = store.events_after(Viewer::Supervisor, 2, 3).await.unwrap();
    assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 4, 5], "limit is honoured");
    // The stored message is exactly what clients get, with its own position.
    let ServerMessage::Event(event) = serde_json::from_str(&page[0].message).unwrap() else { panic!("not an event") };
    assert_eq!((event.epoch.as_str(), event.seq, event.call.seq), (store.epoch(), 3, 3));
}

pub async fn concurrent_writers_get_distinct_consecutive_positions(store: &dyn Store) {
    let writers = (0..8).map(|w| async move {
        let mut mine = vec![];
        for n in 0..10 {
            let call = format!("in_{w}_{n}");
            let d = delivery(&call, incoming(zadarma(), &call, Step::Started, "79991234567", None), t(n));
            mine.push(seq_of(&ingest_one(store, d).await));
        }
        mine
    });
    let mut all: Vec<u64> = futures_util::future::join_all(writers).await.into_iter().flatten().collect();
    all.sort_unstable();
    assert_eq!(all, (1..=80).collect::<Vec<_>>());
    assert_eq!(seqs_for(store, Viewer::Supervisor, 0).await, all, "committed in position order");
}

pub async fn viewers_see_only_calls_they_are_involved_in(store: &dyn Store) {
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    let boris = add_agent(store, "Boris", &[("zadarma", "101")], false).await;
    // A call before anyone rings: supervisors only.
    let start = incoming(zadarma(), "in_g", Step::Started, "79991234567", None);
    assert_eq!(seq_of(&ingest_one(store, delivery("s", start, t(0))).await), 1);
    assert_eq!(seq_of(&ingest_one(store, delivery("r1", ring("in_g", "100"), t(1))).await), 2);
    assert_eq!(seq_of(&ingest_one(store, delivery("r2", ring("in_g", "101"), t(2))).await), 3);
    // Boris answers: Anna (involved since her ring) sees that too.
    let answer = incoming(zadarma(), "in_g", Step::Answered, "79991234567", Some("101"));
    assert_eq!(seq_of(&ingest_one(store, delivery("a", answer, t(3))).await), 4);
    // Another call rings only Boris; an unknown extension rings nobody we know.
    assert_eq!(seq_of(&ingest_one(store, delivery("o", ring("in_o", "101"), t(4))).await), 5);
    assert_eq!(seq_of(&ingest_one(store, delivery("u", ring("in_u", "555"), t(5))).await), 6);

    assert_eq!(seqs_for(store, Viewer::Agent(anna.id), 0).await, [2, 3, 4]);
    assert_eq!(seqs_for(store, Viewer::Agent(boris.id), 0).await, [3, 4, 5]);
    assert_eq!(seqs_for(store, Viewer::Agent(anna.id), 3).await, [4]);
    assert_eq!(seqs_for(store, Viewer::Supervisor, 0).await, [1, 2, 3, 4, 5, 6]);
    let live = store.ingest(vec![delivery("e", ring("in_o", "100"), t(6))]).await.unwrap();
    let IngestOutcome::Stored { event: Some(event) } = live[0].as_ref().unwrap() else { panic!("no event") };
    assert_eq!(event.recipients, {
        let mut both = vec![anna.id, boris.id];
        both.sort_unstable();
        both
    });

    let (_, anna_calls) = store.calls(Viewer::Agent(anna.id), false, 50).await.unwrap();
    let ids: Vec<&str> = anna_calls.iter().map(|c| c.provider_call_id.as_str()).collect();
    assert_eq!(ids, ["in_o", "in_g"], "newest first, only hers");
    let unknown = store.calls(Viewer::Supervisor, false, 50).await.unwrap().1;
    let u = unknown.iter().find(|c| c.provider_call_id == "in_u").unwrap();
    let leg = &u.ringing[0];
    assert_eq!((leg.agent_id, leg.extension.as_deref()), (None, Some("555")), "the PBX's name is kept");
    assert!(store.call(Viewer::Agent(anna.id), u.id).await.unwrap().is_none());
    assert!(store.call(Viewer::Supervisor, u.id).await.unwrap().is_some());
}

pub async fn snapshots_agree_with_the_head(store: &dyn Store) {
    for n in 0..3 {
        let call = format!("in_{n}");
        ingest_one(store, delivery(&call, ring(&call, "100"), t(n))).await;
    }
    let end = incoming(zadarma(), "in_0", Step::Ended, "79991234567", None);
    ingest_one(store, delivery("end", end, t(9))).await;
    let (head, all) = store.calls(Viewer::Supervisor, false, 50).await.unwrap();
    assert_eq!(head, 4);
    assert!(all.iter().all(|c| c.seq <= head));
    let (_, active) = store.calls(Viewer::Supervisor, true, 50).await.unwrap();
    assert_eq!(active.iter().map(|c| c.provider_call_id.as_str()).collect::<Vec<_>>(), ["in_2", "in_1"]);
    assert_eq!(store.calls(Viewer::Supervisor, false, 1).await.unwrap().1.len(), 1);
}

pub async fn agents_match_only_their_own_provider_s_ids(store: &dyn Store) {
    // Extension "100" on Zadarma is Anna; "100" on ITooLabs is somebody else.
    let anna = add_agent(store, "Anna", &[("zadarma", "100"), ("itoolabs", "anna")], false).await;
    let vera = add_agent(store, "Vera", &[("itoolabs", "100")], false).await;
    assert_eq!(anna.extension.as_deref(), Some("100"));
    assert_eq!(anna.login.as_deref(), Some("anna"));
    ingest_one(store, delivery("z", ring("in_z", "100"), t(0))).await;
    let mut it = incoming(itoolabs(), "c1", Step::Ringing, "79991234567", None);
    it.agent = Some(AgentKey {
        ids: vec!["nobody".into(), "100".into()],
        extension: Some("100".into()),
        login: Some("nobody".into()),
        other: None,
    });
    ingest_one(store, delivery("i", it, t(1))).await;
    let (_, calls) = store.calls(Viewer::Supervisor, false, 10).await.unwrap();
    let by_call: BTreeMap<&str, Option<i64>> =
        calls.iter().map(|c| (c.provider_call_id.as_str(), c.ringing[0].agent_id)).collect();
    assert_eq!(by_call["in_z"], Some(anna.id));
    assert_eq!(by_call["c1"], Some(vera.id), "matched by ITooLabs ids only, in order");
    assert_eq!(seqs_for(store, Viewer::Agent(anna.id), 0).await, [1]);
    assert_eq!(store.agent_by_pbx_user("itoolabs", "100").await.unwrap().map(|a| a.id), Some(vera.id));
    assert_eq!(store.agent_by_pbx_user("uis", "100").await.unwrap(), None);
    let found = store.find_agent("anna").await.unwrap().unwrap();
    assert_eq!(found.pbx_users.get("zadarma").map(String::as_str), Some("100"));
}

pub async fn agents_are_found_and_revoked(store: &dyn Store) {
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    let boss = add_agent(store, "Boss", &[], true).await;
    assert_eq!(store.find_agent(&anna.id.to_string()).await.unwrap().map(|a| a.id), Some(anna.id));
    assert_eq!(store.find_agent("Boss").await.unwrap().map(|a| a.supervisor), Some(true));
    assert_eq!(store.find_agent("100").await.unwrap().map(|a| a.id), Some(anna.id));
    assert_eq!(store.agent_by_token_hash("hash-of-Anna").await.unwrap().map(|a| a.id), Some(anna.id));
    assert!(store.revoke_agent(anna.id).await.unwrap());
    assert!(!store.revoke_agent(anna.id).await.unwrap(), "already revoked");
    assert_eq!(store.agent_by_token_hash("hash-of-Anna").await.unwrap(), None);
    assert_eq!(store.find_agent("100").await.unwrap(), None);
    // A revoked agent's extension matches nobody any more.
    ingest_one(store, delivery("r", ring("in_1", "100"), t(0))).await;
    let (_, calls) = store.calls(Viewer::Supervisor, false, 1).await.unwrap();
    assert_eq!(calls[0].ringing[0].agent_id, None);
    let listed = store.list_agents().await.unwrap();
    assert_eq!(
        listed.iter().map(|r| (r.agent.id, r.revoked_at.is_some())).collect::<Vec<_>>(),
        [(anna.id, true), (boss.id, false)]
    );
    // All or nothing.
    let dup = NewAgent { name: "Twin".into(), pbx_users: BTreeMap::new(), role: Role::Agent };
    let both = [(dup.clone(), "same".to_string()), (dup, "same".to_string())];
    assert!(store.add_agents(&both).await.is_err());
    assert_eq!(store.list_agents().await.unwrap().len(), 2);
}

async fn answered_call(store: &dyn Store, call: &str, ext: &str, at: i64) -> i64 {
    let answer = incoming(zadarma(), call, Step::Answered, "79991234567", Some(ext));
    ingest_one(store, delivery(&format!("{call}-a"), answer, t(at))).await;
    let end = incoming(zadarma(), call, Step::Ended, "79991234567", Some(ext));
    let outcome = ingest_one(store, delivery(&format!("{call}-e"), end, t(at + 60))).await;
    let IngestOutcome::Stored { event: Some(e) } = outcome else { panic!("no end event") };
    let ServerMessage::Event(event) = serde_json::from_str(&e.message).unwrap() else { panic!() };
    event.call.id
}

fn click(agent: &Agent, call_id: i64, code: &str, key: &str) -> OutcomeRequest {
    OutcomeRequest {
        call_id,
        agent: agent.clone(),
        code: code.to_string(),
        note: Some("wants a quote".into()),
        idempotency_key: key.to_string(),
        received_at: t(100),
    }
}

pub async fn outcomes_are_authorised_and_idempotent(store: &dyn Store) {
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    let boris = add_agent(store, "Boris", &[("zadarma", "101")], false).await;
    let boss = add_agent(store, "Boss", &[], true).await;
    let call = answered_call(store, "in_1", "100", 0).await;
    assert_eq!(store.unlogged_calls(anna.id, 10).await.unwrap().len(), 1);
    let head = store.head_seq().await.unwrap();

    let OutcomeResult::Logged { saved, event } =
        store.log_outcome(click(&anna, call, "interested", "k1")).await.unwrap()
    else {
        panic!("not logged")
    };
    assert_eq!((saved.outcome.label.as_str(), saved.replayed), ("Interested", false));
    assert_eq!(event.seq, head + 1, "an outcome is an event at the next position");
    let ServerMessage::Event(e) = serde_json::from_str(&event.message).unwrap() else { panic!() };
    assert_eq!((e.kind, e.call.outcome.as_ref().map(|o| o.code.as_str())), (EventKind::Updated, Some("interested")));
    assert!(store.unlogged_calls(anna.id, 10).await.unwrap().is_empty());

    // The same click again: the first answer, nothing stored, no event.
    let OutcomeResult::Replayed(again) = store.log_outcome(click(&anna, call, "interested", "k1")).await.unwrap()
    else {
        panic!("not replayed")
    };
    assert!(again.replayed);
    assert_eq!(store.head_seq().await.unwrap(), head + 1);
    let other = answered_call(store, "in_2", "100", 200).await;
    assert_eq!(store.log_outcome(click(&anna, other, "interested", "k1")).await.unwrap(), OutcomeResult::KeyReused);
    assert_eq!(store.log_outcome(click(&boris, call, "interested", "kb")).await.unwrap(), OutcomeResult::NotYours);
    assert_eq!(store.log_outcome(click(&anna, 9999, "interested", "k9")).await.unwrap(), OutcomeResult::NoSuchCall);
    assert_eq!(store.log_outcome(click(&anna, call, "no_such_code", "k2")).await.unwrap(), OutcomeResult::UnknownCode);
    assert!(matches!(
        store.log_outcome(click(&boss, call, "call_back", "ks")).await.unwrap(),
        OutcomeResult::Logged { .. }
    ));
    // Retired codes are no longer accepted; the list shows them only when asked.
    assert!(store.retire_outcome_option("visit_booked").await.unwrap());
    assert_eq!(store.log_outcome(click(&anna, call, "visit_booked", "k3")).await.unwrap(), OutcomeResult::UnknownCode);
    let offered = store.outcome_options(false).await.unwrap();
    assert!(offered.iter().all(|(o, retired)| o.code != "visit_booked" && !retired));
    let option = OutcomeOption {
        code: "visit_booked".into(),
        label: "Visit".into(),
        colour: "#000000".into(),
        order: 5,
        converts: true,
    };
    assert_eq!(store.save_outcome_option(&option).await.unwrap(), Saved::Updated);
    assert_eq!(store.outcome_options(false).await.unwrap()[0].0, option, "back, first by order");
}

pub async fn contacts_are_saved_found_and_searched(store: &dyn Store) {
    let anna = add_agent(store, "Anna", &[("zadarma", "100"), ("itoolabs", "anna")], false).await;
    let ivan = NewContact {
        phone: "79991234567".into(),
        name: "Ivan Petrov".into(),
        company: Some("ACME".into()),
        responsible_agent_id: Some(anna.id),
        blacklisted: false,
    };
    let olga = NewContact { phone: "79161112233".into(), name: "Olga".into(), company: None, ..ivan.clone() };
    let saved = store.save_contacts(&[ivan.clone(), olga]).await.unwrap();
    assert_eq!(saved.iter().map(|(_, s)| *s).collect::<Vec<_>>(), [Saved::Created, Saved::Created]);
    let found = store.contact_by_phone("79991234567").await.unwrap().unwrap();
    assert_eq!((found.info.name.as_str(), found.info.responsible.as_deref()), ("Ivan Petrov", Some("Anna")));
    assert_eq!(found.responsible.unwrap().pbx_users.get("itoolabs").map(String::as_str), Some("anna"));
    let renamed = NewContact { name: "Ivan P.".into(), ..ivan };
    assert_eq!(store.save_contacts(&[renamed]).await.unwrap()[0].1, Saved::Updated);
    let names = |found: Vec<ContactRecord>| found.into_iter().map(|c| c.info.name).collect::<Vec<_>>();
    assert_eq!(names(store.search_contacts("acme", 10).await.unwrap()), ["Ivan P."]);
    assert_eq!(names(store.search_contacts("1112", 10).await.unwrap()), ["Olga"]);
    assert_eq!(names(store.search_contacts("%", 10).await.unwrap()), Vec::<String>::new(), "no wildcards");
    assert_eq!(store.list_contacts(1).await.unwrap().len(), 1);
    // A call from a known number carries its contact.
    ingest_one(store, delivery("r", ring("in_1", "100"), t(0))).await;
    let (_, calls) = store.calls(Viewer::Supervisor, false, 1).await.unwrap();
    assert_eq!(calls[0].contact.as_ref().map(|c| c.name.as_str()), Some("Ivan P."));
}

pub async fn missed_calls_remind_until_the_number_is_reached(store: &dyn Store) {
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    let boris = add_agent(store, "Boris", &[("zadarma", "101")], false).await;
    let contact = NewContact {
        phone: "79991234567".into(),
        name: "Ivan".into(),
        company: None,
        responsible_agent_id: Some(anna.id),
        blacklisted: false,
    };
    store.save_contacts(&[contact]).await.unwrap();
    for (n, call) in ["in_m1", "in_m2"].iter().enumerate() {
        ingest_one(store, delivery(&format!("{call}-r"), ring(call, "101"), t(n as i64 * 100))).await;
        let end = incoming(zadarma(), call, Step::Ended, "79991234567", None);
        ingest_one(store, delivery(&format!("{call}-e"), end, t(n as i64 * 100 + 30))).await;
    }
    // A stranger's missed call goes to the default assignee.
    let stranger = incoming(zadarma(), "in_s", Step::Ended, "79160000000", None);
    ingest_one(store, delivery("s", stranger, t(300))).await;
    // A blacklisted caller turned away is nobody's to call back.
    let spam = NewContact {
        phone: "78005553535".into(),
        name: "Spam".into(),
        company: None,
        responsible_agent_id: Some(anna.id),
        blacklisted: true,
    };
    store.save_contacts(&[spam]).await.unwrap();
    let spam_call = incoming(zadarma(), "in_spam", Step::Ended, "78005553535", None);
    ingest_one(store, delivery("spam", spam_call, t(310))).await;

    let mine = store.reminders(Viewer::Agent(anna.id), Some(boris.id)).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].phone.as_str(), mine[0].missed_calls), ("79991234567", 2));
    assert_eq!(mine[0].assignee_id, Some(anna.id));
    let his = store.reminders(Viewer::Agent(boris.id), Some(boris.id)).await.unwrap();
    assert_eq!(his.iter().map(|r| r.phone.as_str()).collect::<Vec<_>>(), ["79160000000"]);
    assert_eq!(store.reminders(Viewer::Supervisor, None).await.unwrap().len(), 2);

    // Reached later (an answered call with that number): the reminder closes.
    answered_call(store, "in_back", "100", 500).await;
    assert!(store.reminders(Viewer::Agent(anna.id), Some(boris.id)).await.unwrap().is_empty());
}

pub async fn quiet_ringing_calls_are_listed_for_the_missed_rule(store: &dyn Store) {
    let it = |call: &str, step: Step| incoming(itoolabs(), call, step, "79991234567", Some("anna"));
    ingest_one(store, delivery("old", it("c_old", Step::Ringing), t(0))).await;
    ingest_one(store, delivery("old-x", it("c_old", Step::RingingStopped), t(5))).await;
    ingest_one(store, delivery("new", it("c_new", Step::Ringing), t(100))).await;
    ingest_one(store, delivery("ans", it("c_ans", Step::Answered), t(0))).await;
    ingest_one(store, delivery("z", ring("in_z", "100"), t(0))).await;

    let quiet = store.quiet_ringing_calls(&itoolabs(), t(50), 10).await.unwrap();
    assert_eq!(quiet.iter().map(|c| c.provider_call_id.as_str()).collect::<Vec<_>>(), ["c_old"]);
    assert!(quiet[0].ringing.is_empty(), "the cancel was its last event");
    assert!(callcard_domain::missed::is_silently_missed(&quiet[0]));
    let later = store.quiet_ringing_calls(&itoolabs(), t(200), 10).await.unwrap();
    assert_eq!(later.len(), 2, "both still ringing, one still rings Anna");
    assert!(!callcard_domain::missed::is_silently_missed(
        later.iter().find(|c| c.provider_call_id == "c_new").unwrap()
    ));

    // Ended as missed through the usual path: no longer listed, and a missed call.
    let missed = callcard_domain::missed::missed_facts(&quiet[0]);
    let mut d = delivery("missed-c_old", missed, t(60));
    d.client_phone = None;
    ingest_one(store, d).await;
    let quiet = store.quiet_ringing_calls(&itoolabs(), t(50) + Duration::hours(1), 10).await.unwrap();
    assert_eq!(quiet.iter().map(|c| c.provider_call_id.as_str()).collect::<Vec<_>>(), ["c_new"]);
    let (_, calls) = store.calls(Viewer::Supervisor, false, 10).await.unwrap();
    let old = calls.iter().find(|c| c.provider_call_id == "c_old").unwrap();
    assert_eq!((old.state, old.missed, &old.disposition), (CallState::Ended, true, &Some(Disposition::Missed)));
}

pub async fn webhooks_with_problems_are_flagged(store: &dyn Store) {
    let mut bad = delivery("bad", ring("in_1", "100"), t(0));
    bad.problems = vec!["field `duration` is not a whole number: \"ten\"".into()];
    bad.fields_json = r#"{"duration":"ten"}"#.into();
    ingest_one(store, bad).await;
    ingest_one(store, delivery("good", ring("in_2", "100"), t(1))).await;
    let mut unreadable = delivery("no-id", ring("in_3", "100"), t(2));
    unreadable.facts = None;
    unreadable.problems = vec!["missing field `pbx_call_id`".into()];
    ingest_one(store, unreadable).await;

    assert_eq!(store.flagged_count().await.unwrap(), 2);
    let flagged = store.flagged_webhooks(10).await.unwrap();
    assert_eq!(
        flagged.iter().map(|f| f.problems.clone()).collect::<Vec<_>>(),
        [
            vec!["missing field `pbx_call_id`".to_string()],
            vec!["field `duration` is not a whole number: \"ten\"".into()]
        ],
        "newest first"
    );
    assert_eq!(flagged[1].fields, r#"{"duration":"ten"}"#);
    assert_eq!(flagged[1].provider, zadarma());
    assert_eq!(store.flagged_webhooks(1).await.unwrap().len(), 1);
    // What parsed was applied anyway.
    assert_eq!(store.head_seq().await.unwrap(), 2);
}

pub async fn roles_and_pbx_users_change(store: &dyn Store) {
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    assert_eq!((anna.role, anna.supervisor), (Role::Agent, false));
    assert!(store.set_agent_role(anna.id, Role::Admin).await.unwrap());
    let admin = store.find_agent("Anna").await.unwrap().unwrap();
    assert_eq!((admin.role, admin.supervisor), (Role::Admin, true), "admins see every call");
    assert_eq!(store.agent_by_token_hash("hash-of-Anna").await.unwrap().unwrap().role, Role::Admin);
    assert!(store.set_agent_role(anna.id, Role::Supervisor).await.unwrap());
    assert_eq!(store.find_agent("Anna").await.unwrap().unwrap().role, Role::Supervisor);
    assert!(!store.set_agent_role(9999, Role::Admin).await.unwrap(), "no such agent");

    // A PBX user is replaced, added and taken away; the old one matches nobody.
    assert!(store.set_pbx_user(anna.id, "zadarma", Some("101")).await.unwrap());
    assert!(store.set_pbx_user(anna.id, "uis", Some("323401")).await.unwrap());
    let a = store.find_agent("Anna").await.unwrap().unwrap();
    assert_eq!(a.extension.as_deref(), Some("101"), "the Zadarma copy follows");
    assert_eq!(a.pbx_users.get("uis").map(String::as_str), Some("323401"));
    assert_eq!(store.agent_by_pbx_user("zadarma", "100").await.unwrap(), None);
    assert_eq!(store.agent_by_pbx_user("zadarma", "101").await.unwrap().map(|a| a.id), Some(anna.id));
    assert!(store.set_pbx_user(anna.id, "zadarma", None).await.unwrap());
    let a = store.find_agent("Anna").await.unwrap().unwrap();
    assert_eq!((a.extension, a.pbx_users.len()), (None, 1));
    // A revoked agent cannot be changed.
    store.revoke_agent(anna.id).await.unwrap();
    assert!(!store.set_pbx_user(anna.id, "zadarma", Some("102")).await.unwrap());
    assert!(!store.set_agent_role(anna.id, Role::Agent).await.unwrap());
}

pub async fn settings_are_stored_by_name(store: &dyn Store) {
    assert!(store.stored_settings().await.unwrap().is_empty(), "a new store has no settings");
    store.save_setting("blacklist", "false").await.unwrap();
    store.save_setting("default_responsible", "3").await.unwrap();
    store.save_setting("blacklist", "true").await.unwrap();
    let stored = store.stored_settings().await.unwrap();
    assert_eq!(
        stored.into_iter().collect::<Vec<_>>(),
        [("blacklist".to_string(), "true".to_string()), ("default_responsible".to_string(), "3".to_string())]
    );
}

pub async fn admin_sessions_end_idle_revoked_or_demoted(store: &dyn Store) {
    let root = add_agent(store, "Root", &[], true).await;
    store.set_agent_role(root.id, Role::Admin).await.unwrap();
    let open = |id: &str| NewAdminSession { id_hash: id.to_string(), agent_id: root.id, csrf: format!("csrf-{id}") };
    store.open_admin_session(&open("s1")).await.unwrap();
    store.open_admin_session(&open("s2")).await.unwrap();
    let long_ago = Utc::now() - Duration::hours(1);
    let (agent, csrf) = store.touch_admin_session("s1", long_ago).await.unwrap().expect("a fresh session");
    assert_eq!((agent.id, agent.role, csrf.as_str()), (root.id, Role::Admin, "csrf-s1"));
    assert_eq!(store.touch_admin_session("nope", long_ago).await.unwrap(), None);
    // Idle since before "now + 1 s": gone, and gone for good.
    assert_eq!(store.touch_admin_session("s1", Utc::now() + Duration::seconds(1)).await.unwrap(), None);
    assert_eq!(store.touch_admin_session("s1", long_ago).await.unwrap(), None);
    // Signed out.
    store.close_admin_session("s2").await.unwrap();
    assert_eq!(store.touch_admin_session("s2", long_ago).await.unwrap(), None);
    // No longer an admin, then revoked.
    store.open_admin_session(&open("s3")).await.unwrap();
    store.set_agent_role(root.id, Role::Supervisor).await.unwrap();
    assert_eq!(store.touch_admin_session("s3", long_ago).await.unwrap(), None);
    store.set_agent_role(root.id, Role::Admin).await.unwrap();
    assert_eq!(store.touch_admin_session("s3", long_ago).await.unwrap(), None, "demotion ended it for good");
    store.open_admin_session(&open("s4")).await.unwrap();
    store.revoke_agent(root.id).await.unwrap();
    assert_eq!(store.touch_admin_session("s4", long_ago).await.unwrap(), None);
}

pub async fn webhooks_are_tallied_per_provider(store: &dyn Store) {
    assert!(store.webhook_tallies().await.unwrap().is_empty());
    ingest_one(store, delivery("a", ring("in_1", "100"), t(10))).await;
    let mut flagged = delivery("b", ring("in_2", "100"), t(20));
    flagged.problems = vec!["missing field `caller_id`".into()];
    ingest_one(store, flagged).await;
    let mut other = delivery("c", incoming(itoolabs(), "it_1", Step::Ringing, "79990000000", None), t(5));
    other.provider = itoolabs();
    ingest_one(store, other).await;
    ingest_one(store, delivery("a", ring("in_1", "100"), t(30))).await; // a repeat adds nothing
    let tallies = store.webhook_tallies().await.unwrap();
    let z = &tallies["zadarma"];
    assert_eq!((z.count, z.flagged, z.last_at), (2, 1, Some(t(20))));
    let i = &tallies["itoolabs"];
    assert_eq!((i.count, i.flagged, i.last_at), (1, 0, Some(t(5))));
}

pub async fn line_labels_are_stored_and_removed(store: &dyn Store) {
    assert!(store.stored_lines().await.unwrap().is_empty(), "a new store has no line labels");
    store.save_line("74951234567", "Moscow sales").await.unwrap();
    store.save_line("78122345678", "Saint Petersburg").await.unwrap();
    store.save_line("74951234567", "Moscow: ads").await.unwrap();
    let stored = store.stored_lines().await.unwrap();
    assert_eq!(stored.get("74951234567").map(String::as_str), Some("Moscow: ads"));
    assert_eq!(stored.len(), 2);
    assert!(store.remove_line("78122345678").await.unwrap());
    assert!(!store.remove_line("78122345678").await.unwrap(), "removed twice");
    assert_eq!(store.stored_lines().await.unwrap().len(), 1);
}

pub async fn sealed_secrets_are_saved_and_removed_together(store: &dyn Store) {
    use crate::store::SealedSecret;
    let sealed = |provider: &str, name: &str, sealed: &str| SealedSecret {
        provider: provider.into(),
        name: name.into(),
        sealed: sealed.into(),
    };
    assert!(store.sealed_secrets().await.unwrap().is_empty());
    store
        .save_sealed_secrets(&[sealed("zadarma", "api_key", "v1:a"), sealed("zadarma", "api_secret", "v1:b")], &[])
        .await
        .unwrap();
    store
        .save_sealed_secrets(
            &[sealed("zadarma", "api_key", "v1:c")],
            &[("zadarma".to_string(), "api_secret".to_string())],
        )
        .await
        .unwrap();
    assert_eq!(store.sealed_secrets().await.unwrap(), [sealed("zadarma", "api_key", "v1:c")]);
}

pub async fn outcomes_are_put_in_order_only_whole(store: &dyn Store) {
    let codes = |options: Vec<(OutcomeOption, bool)>| options.into_iter().map(|(o, _)| o.code).collect::<Vec<_>>();
    let mut first = codes(store.outcome_options(false).await.unwrap());
    assert!(first.len() >= 2, "the migration offers a starting list");
    first.reverse();
    store.order_outcome_options(&first).await.unwrap();
    assert_eq!(codes(store.outcome_options(false).await.unwrap()), first);
    let missing_one = &first[1..];
    assert!(matches!(store.order_outcome_options(missing_one).await, Err(StoreError::Invalid(_))));
    assert_eq!(codes(store.outcome_options(false).await.unwrap()), first, "a refused order changes nothing");
    store.retire_outcome_option(&first[0]).await.unwrap();
    assert!(
        matches!(store.order_outcome_options(&first).await, Err(StoreError::Invalid(_))),
        "a retired code cannot be ordered"
    );
}

pub async fn starting_outcomes_follow_the_language_leaving_an_admin_s_labels(store: &dyn Store) {
    let labels = crate::default_outcomes::labels_by_language();
    let label_of = |options: &[(OutcomeOption, bool)], code: &str| {
        options.iter().find(|(o, _)| o.code == code).map(|(o, _)| o.label.clone()).unwrap()
    };
    let now = || async { store.outcome_options(false).await.unwrap() };
    // The migration starts in English, the catalogue's English.
    for (code, label) in &labels["en"] {
        assert_eq!(&label_of(&now().await, code), label, "{code}");
    }
    assert!(!store.word_default_outcomes("en", &labels).await.unwrap(), "English is what it is");
    // An admin renamed one before the relay first started in Russian.
    let mut wrong = now().await.into_iter().find(|(o, _)| o.code == "wrong_number").unwrap().0;
    wrong.label = "Not our client".into();
    store.save_outcome_option(&wrong).await.unwrap();
    assert!(store.word_default_outcomes("ru", &labels).await.unwrap());
    let options = now().await;
    assert_eq!(label_of(&options, "interested"), labels["ru"]["interested"]);
    assert_eq!(label_of(&options, "call_back"), labels["ru"]["call_back"]);
    assert_eq!(label_of(&options, "wrong_number"), "Not our client", "an admin's label stays");
    assert!(!store.word_default_outcomes("ru", &labels).await.unwrap(), "a restart in Russian changes nothing");
    // Then the admin renames another, and the relay is switched to French.
    let mut interested = options.into_iter().find(|(o, _)| o.code == "interested").unwrap().0;
    interested.label = "Горячий".into();
    store.save_outcome_option(&interested).await.unwrap();
    assert!(store.word_default_outcomes("fr", &labels).await.unwrap());
    let options = now().await;
    assert_eq!(label_of(&options, "call_back"), labels["fr"]["call_back"], "the Russian default follows");
    assert_eq!(label_of(&options, "interested"), "Горячий");
    assert_eq!(label_of(&options, "wrong_number"), "Not our client");
}

pub async fn events_carry_the_contact_as_it_is_now(store: &dyn Store) {
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    let contact = |blacklisted: bool| NewContact {
        phone: "79991234567".into(),
        name: "Ivan".into(),
        company: None,
        responsible_agent_id: None,
        blacklisted,
    };
    store.save_contacts(&[contact(false)]).await.unwrap();
    let call_id = answered_call(store, "in_1", "100", 0).await;
    // Blacklisted after the call: the outcome's event says so, and so does a later webhook's.
    store.save_contacts(&[contact(true)]).await.unwrap();
    let OutcomeResult::Logged { event, .. } =
        store.log_outcome(click(&anna, call_id, "interested", "k1")).await.unwrap()
    else {
        panic!("not logged")
    };
    let ServerMessage::Event(e) = serde_json::from_str(&event.message).unwrap() else { panic!() };
    assert_eq!(e.call.contact.map(|c| c.blacklisted), Some(true), "the outcome's event has the old contact");
    store.save_contacts(&[NewContact { name: "Ivan Petrov".into(), ..contact(true) }]).await.unwrap();
    let late = incoming(zadarma(), "in_1", Step::Ended, "79991234567", Some("100"));
    let mut late_delivery = delivery("in_1-late", late, t(90));
    late_delivery.event = "NOTIFY_RECORD".into();
    let IngestOutcome::Stored { event: Some(e) } = ingest_one(store, late_delivery).await else {
        panic!("a later webhook with a changed contact makes no event")
    };
    let ServerMessage::Event(e) = serde_json::from_str(&e.message).unwrap() else { panic!() };
    assert_eq!(e.call.contact.map(|c| c.name).as_deref(), Some("Ivan Petrov"));
    let (_, calls) = store.calls(Viewer::Agent(anna.id), false, 10).await.unwrap();
    assert_eq!(
        calls[0].contact.as_ref().map(|c| c.name.as_str()),
        Some("Ivan Petrov"),
        "the snapshot keeps the old name"
    );
}

pub async fn new_numbers_become_leads_by_the_seeds_rules(store: &dyn Store) {
    use callcard_domain::leads::LeadRules;
    use callcard_protocol::ContactStatus;
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    let boss = add_agent(store, "Boss", &[], true).await;
    let rules = Some(LeadRules { default_responsible: Some(boss.id) });
    let with_rules = |mut d: Delivery| {
        d.leads = rules;
        d.line = Some("74951234567".into());
        d
    };

    // Incoming, answered: a lead of who answered, on the card from the first event.
    let ring = incoming(zadarma(), "in_1", Step::Ringing, "79990000001", Some("100"));
    let outcome = ingest_one(store, with_rules(delivery("r1", ring, t(0)))).await;
    let IngestOutcome::Stored { event: Some(e) } = outcome else { panic!("no event") };
    let ServerMessage::Event(e) = serde_json::from_str(&e.message).unwrap() else { panic!() };
    let shown = e.call.contact.expect("the ringing event shows the lead");
    assert_eq!((shown.name.as_str(), shown.status), ("+79990000001", ContactStatus::Lead));
    assert_eq!(shown.source_line.as_deref(), Some("74951234567"));
    let answer = incoming(zadarma(), "in_1", Step::Answered, "79990000001", Some("100"));
    ingest_one(store, with_rules(delivery("a1", answer, t(5)))).await;
    let lead = store.contact_by_phone("79990000001").await.unwrap().unwrap();
    assert_eq!((lead.info.status, lead.responsible.map(|a| a.id)), (ContactStatus::Lead, Some(anna.id)));

    // Incoming, missed: a lead of the default responsible.
    let ring = incoming(zadarma(), "in_2", Step::Ringing, "79990000002", None);
    ingest_one(store, with_rules(delivery("r2", ring, t(10)))).await;
    let end = incoming(zadarma(), "in_2", Step::Ended, "79990000002", None);
    ingest_one(store, with_rules(delivery("e2", end, t(30)))).await;
    assert_eq!(store.contact_by_phone("79990000002").await.unwrap().unwrap().responsible.map(|a| a.id), Some(boss.id));
    // ...until someone talks with the client: then it is theirs.
    let back = incoming(zadarma(), "in_3", Step::Answered, "79990000002", Some("100"));
    ingest_one(store, with_rules(delivery("a3", back, t(60)))).await;
    assert_eq!(store.contact_by_phone("79990000002").await.unwrap().unwrap().responsible.map(|a| a.id), Some(anna.id));

    // Known clients are left as they are; with the switch off nothing is created.
    store
        .save_contacts(&[NewContact {
            phone: "79990000004".into(),
            name: "Olga".into(),
            company: None,
            responsible_agent_id: None,
            blacklisted: false,
        }])
        .await
        .unwrap();
    let known = incoming(zadarma(), "in_4", Step::Answered, "79990000004", Some("100"));
    ingest_one(store, with_rules(delivery("a4", known, t(70)))).await;
    let olga = store.contact_by_phone("79990000004").await.unwrap().unwrap();
    assert_eq!((olga.info.status, olga.responsible), (ContactStatus::Client, None));
    let off = incoming(zadarma(), "in_5", Step::Answered, "79990000005", Some("100"));
    ingest_one(store, delivery("a5", off, t(80))).await;
    assert!(store.contact_by_phone("79990000005").await.unwrap().is_none());

    // An outcome the admin marks as converting makes the lead a client.
    let end = incoming(zadarma(), "in_1", Step::Ended, "79990000001", Some("100"));
    let outcome = ingest_one(store, with_rules(delivery("e1", end, t(65)))).await;
    let IngestOutcome::Stored { event: Some(e) } = outcome else { panic!("no end event") };
    let ServerMessage::Event(e) = serde_json::from_str(&e.message).unwrap() else { panic!() };
    let not_yet = store.log_outcome(click(&anna, e.call.id, "call_back", "k1")).await.unwrap();
    assert!(matches!(not_yet, OutcomeResult::Logged { .. }));
    assert_eq!(
        store.contact_by_phone("79990000001").await.unwrap().unwrap().info.status,
        ContactStatus::Lead,
        "call_back does not convert"
    );
    let OutcomeResult::Logged { event, .. } =
        store.log_outcome(click(&anna, e.call.id, "interested", "k2")).await.unwrap()
    else {
        panic!("not logged")
    };
    assert_eq!(store.contact_by_phone("79990000001").await.unwrap().unwrap().info.status, ContactStatus::Client);
    let ServerMessage::Event(e) = serde_json::from_str(&event.message).unwrap() else { panic!() };
    assert_eq!(e.call.contact.map(|c| c.status), Some(ContactStatus::Client), "the outcome's event says so");
}

pub async fn calls_of_pbx_users_not_in_callcard_are_filed_under_the_default_responsible(store: &dyn Store) {
    use callcard_domain::leads::LeadRules;
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    let boss = add_agent(store, "Boss", &[("zadarma", "101")], false).await;
    let filed = |mut d: Delivery| {
        d.unknown_users_to = Some(boss.id);
        d.leads = Some(LeadRules { default_responsible: Some(boss.id) });
        d
    };
    // Extension 205 is nobody in Callcard: the call is the default responsible's.
    let answered = incoming(zadarma(), "in_1", Step::Answered, "79990000001", Some("205"));
    let outcome = ingest_one(store, filed(delivery("a1", answered, t(0)))).await;
    let IngestOutcome::Stored { event: Some(e) } = outcome else { panic!("no event") };
    assert_eq!(e.recipients, [boss.id]);
    let (_, boss_calls) = store.calls(Viewer::Agent(boss.id), false, 50).await.unwrap();
    assert_eq!(boss_calls.len(), 1, "in the default responsible's history");
    let shown = boss_calls[0].agent.clone().expect("the PBX's user is kept");
    assert_eq!((shown.agent_id, shown.extension.as_deref()), (None, Some("205")));
    let lead = store.contact_by_phone("79990000001").await.unwrap().unwrap();
    assert_eq!(lead.responsible.map(|a| a.id), Some(boss.id), "and so is the new number's lead");
    // A registered agent's call stays theirs alone.
    let theirs = incoming(zadarma(), "in_2", Step::Answered, "79990000002", Some("100"));
    let outcome = ingest_one(store, filed(delivery("a2", theirs, t(10)))).await;
    let IngestOutcome::Stored { event: Some(e) } = outcome else { panic!("no event") };
    assert_eq!(e.recipients, [anna.id]);
    // Without a default responsible such a call is nobody's, as before.
    let stray = incoming(zadarma(), "in_3", Step::Answered, "79990000003", Some("205"));
    let outcome = ingest_one(store, delivery("a3", stray, t(20))).await;
    let IngestOutcome::Stored { event: Some(e) } = outcome else { panic!("no event") };
    assert!(e.recipients.is_empty());
}

pub async fn presence_is_stored_per_agent(store: &dyn Store) {
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    let boris = add_agent(store, "Boris", &[("zadarma", "101")], false).await;
    assert!(store.presences().await.unwrap().is_empty());
    let wrapping = AgentPresence { do_not_disturb: false, wrap_up_until: Some(t(30)), since: t(0) };
    let away = AgentPresence { do_not_disturb: true, wrap_up_until: None, since: t(5) };
    store.save_presence(anna.id, &wrapping).await.unwrap();
    store.save_presence(boris.id, &away).await.unwrap();
    let back = AgentPresence { do_not_disturb: false, wrap_up_until: None, since: t(40) };
    store.save_presence(anna.id, &back).await.unwrap();
    let all = store.presences().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all.get(&anna.id), Some(&back), "the latest report replaces the one before");
    assert_eq!(all.get(&boris.id), Some(&away));
}

pub async fn history_past_the_horizon_is_pruned_and_positions_go_on(store: &dyn Store) {
    let anna = add_agent(store, "Anna", &[("zadarma", "100")], false).await;
    // Two old calls (day 0) and a recent one (day 10), each ringing, then ended.
    for (call, day) in [("old_1", 0), ("old_2", 0), ("new_1", 10)] {
        let at = t(day * 86_400);
        ingest_one(store, delivery(&format!("{call}-r"), ring(call, "100"), at)).await;
        let end = incoming(zadarma(), call, Step::Ended, "79991234567", Some("100"));
        ingest_one(store, delivery(&format!("{call}-e"), end, at + Duration::seconds(30))).await;
    }
    let head = store.head_seq().await.unwrap();
    assert_eq!((head, store.pruned_through().await.unwrap()), (6, 0));

    // Events and webhooks before day 5 go; the calls stay for the reports.
    let pruned = store.prune(Some(t(5 * 86_400)), None).await.unwrap();
    assert_eq!((pruned.events, pruned.webhooks, pruned.calls), (4, 4, 0));
    assert_eq!(store.pruned_through().await.unwrap(), 4, "a client below 4 must reload");
    assert_eq!(seqs_for(store, Viewer::Agent(anna.id), 0).await, [5, 6]);
    let (_, calls) = store.calls(Viewer::Supervisor, false, 50).await.unwrap();
    assert_eq!(calls.len(), 3);
    // A repeat of a pruned webhook is new again, but positions still only go up.
    let again = ingest_one(store, delivery("new_2-r", ring("new_2", "100"), t(11 * 86_400))).await;
    assert_eq!(seq_of(&again), 7);

    // Even a horizon past everything keeps the newest event: positions continue from it.
    store.prune(Some(t(100 * 86_400)), None).await.unwrap();
    assert_eq!(store.head_seq().await.unwrap(), 7);
    assert_eq!(store.pruned_through().await.unwrap(), 6);
    // Calls go once their events and webhooks are gone, not before.
    let pruned = store.prune(None, Some(t(5 * 86_400))).await.unwrap();
    assert_eq!(pruned.calls, 2, "the two old calls");
    let (_, calls) = store.calls(Viewer::Supervisor, false, 50).await.unwrap();
    assert_eq!(calls.iter().map(|c| c.provider_call_id.as_str()).collect::<Vec<_>>(), ["new_2", "new_1"]);
}
