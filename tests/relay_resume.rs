//! Durability and resume: a relay killed between webhooks loses nothing it acknowledged, and a
//! reconnecting client gets exactly what it missed, in order.

use std::time::Duration;

use callcard_e2e::{Agent, Relay};
use callcard_protocol::{EventKind, Position, ServerMessage};

fn incoming(call: &str, event: &'static str, ext: &'static str) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("event", event.to_string()),
        ("call_start", "2024-05-01 12:00:00".to_string()),
        ("pbx_call_id", call.to_string()),
        ("caller_id", "79991234567".to_string()),
        ("called_did", "74951234567".to_string()),
        ("internal", ext.to_string()),
    ];
    if event == "NOTIFY_END" {
        f.extend([
            ("duration", "10".to_string()),
            ("disposition", "answered".to_string()),
            ("is_recorded", "0".to_string()),
        ]);
    }
    if event == "NOTIFY_ANSWER" {
        f.retain(|(k, _)| *k != "called_did");
        f.push(("destination", ext.to_string()));
    }
    f
}

async fn send(relay: &Relay, fields: &[(&'static str, String)]) {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let resp = relay.zadarma(&pairs).await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
}

#[tokio::test]
async fn restart_between_webhooks_then_resume_without_gaps_or_duplicates() {
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", None, false);
    let boss = relay.add_agent("Boss", "900", None, true);
    let mut a = relay.connect(&anna).await.unwrap();
    let ServerMessage::Subscribed { epoch, .. } = a.subscribe(None).await.unwrap() else { panic!("not subscribed") };

    send(&relay, &incoming("in_1", "NOTIFY_INTERNAL", "100")).await;
    send(&relay, &incoming("in_1", "NOTIFY_ANSWER", "100")).await;
    let first = a.events(2).await.unwrap();
    let position = a.position.clone().unwrap();
    assert_eq!(position.epoch, epoch);
    a.close().await;

    // Acknowledged while Anna is away; then the relay dies without warning.
    send(&relay, &incoming("in_1", "NOTIFY_END", "100")).await;
    send(&relay, &incoming("in_2", "NOTIFY_INTERNAL", "100")).await;
    relay.restart().await;
    send(&relay, &incoming("in_2", "NOTIFY_ANSWER", "100")).await;
    // A call for someone else: not for Anna.
    send(&relay, &incoming("in_3", "NOTIFY_INTERNAL", "555")).await;

    let mut a = relay.connect(&anna).await.unwrap();
    let answer = a.subscribe(Some(position.clone())).await.unwrap();
    assert_eq!(answer, ServerMessage::Subscribed { epoch: epoch.clone(), from_seq: position.seq });
    let missed = a.events(3).await.unwrap();
    assert_eq!(
        missed.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EventKind::Ended, EventKind::Ringing, EventKind::Answered]
    );
    assert_eq!(missed[0].call.provider_call_id, "in_1");
    assert_eq!(missed[1].call.provider_call_id, "in_2");
    assert!(missed[0].seq > first[1].seq);
    assert!(missed.windows(2).all(|w| w[0].seq < w[1].seq));
    a.expect_silence(Duration::from_millis(300)).await.unwrap();

    // Live events keep flowing after the replay, with no repeat of what was replayed.
    send(&relay, &incoming("in_2", "NOTIFY_END", "100")).await;
    let live = a.next_event().await.unwrap();
    assert_eq!(live.kind, EventKind::Ended);
    assert_eq!(live.seq, missed[2].seq + 2, "in_3 took one sequence number Anna does not see");

    // The supervisor, resuming from zero, gets the whole history exactly once.
    let mut s = relay.connect(&boss).await.unwrap();
    s.subscribe(Some(Position { epoch: epoch.clone(), seq: 0 })).await.unwrap();
    let all = s.events(7).await.unwrap();
    assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=7).collect::<Vec<u64>>());
    s.expect_silence(Duration::from_millis(300)).await.unwrap();
}

#[tokio::test]
async fn unrecoverable_positions_ask_for_a_snapshot() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", None, false);
    send(&relay, &incoming("in_1", "NOTIFY_INTERNAL", "100")).await;

    let ServerMessage::Hello { epoch, .. } = relay.connect(&anna).await.unwrap().hello else { panic!("no hello") };
    for resume in [
        Position { epoch: "some-other-relay".into(), seq: 1 },
        Position { epoch: String::new(), seq: 1 },
        // From the right history but ahead of it: the relay's data was restored from a backup.
        Position { epoch: epoch.clone(), seq: 99 },
    ] {
        let mut a = relay.connect(&anna).await.unwrap();
        match a.subscribe(Some(resume.clone())).await.unwrap() {
            ServerMessage::ResyncRequired { head_seq, epoch: e, .. } => {
                assert_eq!((head_seq, e.as_str()), (1, epoch.as_str()))
            }
            other => panic!("expected resync for {resume:?}, got {other:?}"),
        }
    }

    // The snapshot the client reloads, and the position that goes with it.
    let snap = relay.get_json("/api/v1/calls/active", &anna).await;
    assert_eq!(snap["position"]["seq"], 1);
    assert_eq!(snap["calls"].as_array().unwrap().len(), 1);
    assert_eq!(snap["calls"][0]["state"], "ringing");
    let mut a = relay.connect(&anna).await.unwrap();
    let position: Position = serde_json::from_value(snap["position"].clone()).unwrap();
    assert!(matches!(a.subscribe(Some(position)).await.unwrap(), ServerMessage::Subscribed { .. }));
    send(&relay, &incoming("in_1", "NOTIFY_ANSWER", "100")).await;
    assert_eq!(a.next_event().await.unwrap().seq, 2);
    let recent = relay.get_json("/api/v1/calls/recent?limit=10", &anna).await;
    assert_eq!(recent["calls"][0]["state"], "answered");
}

#[tokio::test]
async fn protocol_mismatch_is_refused_clearly() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", None, false);
    let mut a = relay.connect(&anna).await.unwrap();
    a.send(&callcard_protocol::ClientMessage::Subscribe { protocol: 999, resume: None }).await.unwrap();
    match a.next_message(Duration::from_secs(5)).await.unwrap() {
        ServerMessage::Error { code, message, .. } => {
            assert_eq!(code, callcard_protocol::ErrorCode::ProtocolMismatch);
            assert!(message.contains("999"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn dead_and_slow_clients_do_not_hold_up_others() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", None, false);
    let boss = relay.add_agent("Boss", "900", None, true);
    let mut fast = relay.connect(&boss).await.unwrap();
    fast.subscribe(None).await.unwrap();
    // A client that subscribes and then never reads again (so never answers a ping).
    let mut stuck = relay.connect(&boss).await.unwrap();
    stuck.subscribe(None).await.unwrap();

    let reader = tokio::spawn(async move { fast.events(300).await });
    for i in 0..300 {
        send(&relay, &incoming(&format!("in_{i}"), "NOTIFY_INTERNAL", "100")).await;
    }
    let got = reader.await.unwrap().unwrap();
    assert_eq!(got.last().unwrap().seq, 300);

    // The stuck client is dropped once its heartbeat times out (3 s in the test config).
    tokio::time::sleep(Duration::from_secs(5)).await;
    let mut drained = 0;
    let outcome = loop {
        match stuck.next_message(Duration::from_secs(2)).await {
            Ok(ServerMessage::Event(_)) => drained += 1,
            Ok(other) => panic!("{other:?}"),
            Err(e) => break e.to_string(),
        }
    };
    assert!(!outcome.contains("timed out"), "stuck client was not dropped (read {drained} queued events): {outcome}");
    let _ = Agent::connect(&relay.addr(), &anna).await.unwrap();
}
