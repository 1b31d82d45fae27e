//! ITooLabs missed calls (seed 003): for an unanswered incoming call the PBX sends nothing but a
//! CANCELLED for each agent it rang, no history. A call whose ringing agents were all cancelled
//! and that nobody accepted within `[itoolabs] missed_after_secs` ends as missed: an event, a
//! reminder (and in the app a notification), also across a relay restart.

use std::time::{Duration, Instant};

use callcard_e2e::Relay;
use callcard_protocol::{CallEvent, CallState, Disposition, EventKind};

fn event(kind: &str, call: &str, user: &str, ext: &str) -> Vec<(&'static str, String)> {
    vec![
        ("cmd", "event".into()),
        ("type", kind.into()),
        ("phone", "79991234567".into()),
        ("diversion", "74951234567".into()),
        ("user", user.into()),
        ("ext", ext.into()),
        ("callid", call.into()),
        ("direction", "in".into()),
    ]
}

async fn send(relay: &Relay, fields: Vec<(&'static str, String)>) {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let resp = relay.itoolabs(&fields).await;
    assert_eq!(resp.status(), 200, "{fields:?}");
}

async fn next_of(agent: &mut callcard_e2e::Agent, call: &str, wait: Duration) -> anyhow::Result<CallEvent> {
    agent.next_of(call, wait).await
}

#[tokio::test]
async fn a_call_every_rung_agent_cancelled_ends_as_missed() {
    // The quiet spell through the documented variable.
    let relay = Relay::start_with_env("", &[("CALLCARD_ITOOLABS_MISSED_AFTER_SECS", "2")]).await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    relay.cli(&["contact", "add", "--name", "Ivan", "--phone", "79991234567", "--responsible", "anna"]).unwrap();
    let mut watcher = relay.subscribed(&anna).await;

    // A group ring: both phones ring, the caller gives up, each leg is cancelled.
    for (kind, user, ext) in [("INCOMING", "anna", "100"), ("INCOMING", "boris", "101"), ("CANCELLED", "anna", "100")] {
        send(&relay, event(kind, "g1", user, ext)).await;
    }
    let started = Instant::now();
    send(&relay, event("CANCELLED", "g1", "boris", "101")).await;
    // Ringing, ringing (Boris), updated (Anna stopped), updated (Boris stopped): then silence
    // until the quiet spell is over.
    for _ in 0..4 {
        let e = next_of(&mut watcher, "g1", Duration::from_secs(5)).await.unwrap();
        assert_eq!(e.call.state, CallState::Ringing, "{e:?}");
    }
    let ended = next_of(&mut watcher, "g1", Duration::from_secs(8)).await.unwrap();
    let after = started.elapsed();
    assert!(after >= Duration::from_secs(2), "ended before the quiet spell: {after:?}");
    assert!(after < Duration::from_secs(6), "ended too late: {after:?}");
    assert_eq!(ended.kind, EventKind::Ended);
    assert!(ended.call.missed, "{:?}", ended.call);
    assert_eq!(ended.call.disposition, Some(Disposition::Missed));

    // A reminder for the client's responsible agent.
    let reminders = relay.get_json("/api/v1/reminders", &anna).await;
    assert_eq!(reminders.as_array().unwrap().len(), 1, "{reminders}");
    assert_eq!(reminders[0]["phone"], "79991234567");
    assert_eq!(reminders[0]["last_call_id"], ended.call.id);
    // Once: no second end later.
    watcher.expect_silence(Duration::from_secs(3)).await.unwrap();
    let recent = relay.get_json("/api/v1/calls/recent", &boss).await;
    assert_eq!(recent["calls"][0]["state"], "ended");
}

#[tokio::test]
async fn a_cancel_while_another_agent_accepts_is_not_a_miss() {
    let relay = Relay::start_with_env("", &[("CALLCARD_ITOOLABS_MISSED_AFTER_SECS", "1")]).await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    let mut watcher = relay.subscribed(&boss).await;
    for (kind, user, ext) in [
        ("INCOMING", "anna", "100"),
        ("INCOMING", "boris", "101"),
        ("CANCELLED", "anna", "100"),
        ("ACCEPTED", "boris", "101"),
    ] {
        send(&relay, event(kind, "g2", user, ext)).await;
    }
    let mut last = None;
    for _ in 0..4 {
        last = Some(next_of(&mut watcher, "g2", Duration::from_secs(5)).await.unwrap());
    }
    let answered = last.unwrap();
    assert_eq!((answered.kind, answered.call.state), (EventKind::Answered, CallState::Answered));
    // Several quiet spells later: still talking, nothing ended it.
    watcher.expect_silence(Duration::from_secs(3)).await.unwrap();
    assert!(relay.get_json("/api/v1/reminders", &boss).await.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_miss_holds_across_a_relay_restart() {
    let mut relay = Relay::start_with_env("", &[("CALLCARD_ITOOLABS_MISSED_AFTER_SECS", "2")]).await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    send(&relay, event("INCOMING", "r1", "anna", "100")).await;
    send(&relay, event("CANCELLED", "r1", "anna", "100")).await;
    // Down before the quiet spell is over, and for longer than it.
    relay.kill();
    tokio::time::sleep(Duration::from_secs(3)).await;
    relay.revive().await;

    let mut watcher = relay.connect(&anna).await.unwrap();
    let callcard_protocol::ServerMessage::Hello { epoch, .. } = watcher.hello.clone() else { panic!("no hello") };
    let resume = callcard_protocol::Position { epoch, seq: 0 };
    assert!(matches!(
        watcher.subscribe(Some(resume)).await.unwrap(),
        callcard_protocol::ServerMessage::Subscribed { .. }
    ));
    let mut kinds = vec![];
    loop {
        let e = next_of(&mut watcher, "r1", Duration::from_secs(8)).await.unwrap();
        kinds.push(e.kind);
        if e.call.state == CallState::Ended {
            assert!(e.call.missed);
            break;
        }
    }
    assert_eq!(kinds, [EventKind::Ringing, EventKind::Updated, EventKind::Ended]);
    // A PBX that does send its history later only refines the ended call.
    let mut history: Vec<(&'static str, String)> = vec![
        ("cmd", "history".into()),
        ("type", "in".into()),
        ("status", "missed".into()),
        ("phone", "79991234567".into()),
        ("callid", "r1".into()),
        ("duration", "9".into()),
    ];
    history.push(("user", "anna".into()));
    send(&relay, history).await;
    let refined = next_of(&mut watcher, "r1", Duration::from_secs(5)).await.unwrap();
    assert_eq!((refined.kind, refined.call.duration_secs, refined.call.missed), (EventKind::Updated, Some(9), true));
}

#[tokio::test]
async fn the_simulator_s_seed_003_pbx_ends_as_missed_calls_on_the_relay() {
    use callcard_e2e::{sim_config, Sim};
    let relay = Relay::start_with_env("", &[("CALLCARD_ITOOLABS_MISSED_AFTER_SECS", "1")]).await;
    for (name, ext, login) in [("Anna", "100", "anna"), ("Boris", "101", "boris"), ("Vera", "102", "vera")] {
        relay.add_agent(name, ext, Some(login), false);
    }
    let boss = relay.add_agent("Boss", "900", None, true);
    // The ITooLabs PBX of seed 003: nothing but a CANCELLED for each agent it rang.
    let config = sim_config(&relay, "", "")
        .replace("api_token = \"test_api_token\"", "api_token = \"test_api_token\"\nhistory_for_missed = false");
    let args = ["--seed", "7", "--time-scale", "0.02", "call", "group-ring-missed", "--provider", "itoolabs"];
    let (ok, stdout, stderr) = Sim::run(&config, &args).await;
    assert!(ok, "{stdout}{stderr}");
    let call = stdout.lines().nth(1).expect("the call id").trim().to_string();
    // The whole history of the call, from its first event (the run took a while).
    let mut watcher = relay.connect(&boss).await.unwrap();
    let callcard_protocol::ServerMessage::Hello { epoch, .. } = watcher.hello.clone() else { panic!("no hello") };
    let from_start = Some(callcard_protocol::Position { epoch, seq: 0 });
    assert!(matches!(
        watcher.subscribe(from_start).await.unwrap(),
        callcard_protocol::ServerMessage::Subscribed { .. }
    ));
    let ended = loop {
        let e = next_of(&mut watcher, &call, Duration::from_secs(6)).await.unwrap();
        if e.call.state == CallState::Ended {
            break e;
        }
    };
    assert!(ended.call.missed && ended.call.ringing.is_empty(), "{:?}", ended.call);
    assert_eq!(ended.call.disposition, Some(Disposition::Missed));
    let reminders = relay.get_json("/api/v1/reminders", &boss).await;
    assert!(
        reminders.as_array().unwrap().iter().any(|r| r["last_call_id"] == ended.call.id),
        "a reminder for the missed call: {reminders}"
    );
}
