//! The relay with NATS between its nodes (`[broker] url`): the real binary and Debian's real
//! `nats-server`. Every committed event goes out on NATS for the other nodes, and theirs reach
//! this node's sessions from it; this node's own sessions get its events at once either way.
//! With NATS stopped, health says `degraded` and sessions still get every event; the relay
//! reconnects by itself when NATS is back, and starts without it. (Several nodes sharing one history need the PostgreSQL store, issue #23.)

use std::time::{Duration, Instant};

use callcard_e2e::nats::{NatsServer, NATS_SERVER};
use callcard_e2e::{Agent, Relay};
use futures_util::StreamExt;

const IVAN: &str = "79991234567";

async fn health(relay: &Relay) -> serde_json::Value {
    relay.http.get(relay.url("/healthz")).send().await.unwrap().json().await.unwrap()
}

async fn wait_health(relay: &Relay, status: &str, within: Duration) -> serde_json::Value {
    let deadline = Instant::now() + within;
    loop {
        let now = health(relay).await;
        if now["status"] == status {
            return now;
        }
        assert!(Instant::now() < deadline, "health is not {status} within {within:?}: {now}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A call rings Boss's team; the supervisor's session gets its two events.
async fn call(relay: &Relay, boss: &mut Agent, id: &str) -> Vec<u64> {
    relay.zadarma_call(id, IVAN, "100", false, ("2026-12-01 10:00:00", "74951234567", "0")).await;
    let mut seqs = vec![];
    while seqs.len() < 3 {
        let event = tokio::time::timeout(Duration::from_secs(5), boss.next_event()).await;
        let event = event.unwrap_or_else(|_| panic!("no event of {id} within 5 s; got {seqs:?}")).unwrap();
        seqs.push(event.seq);
        if event.call.provider_call_id == id && event.call.ended_at.is_some() {
            break;
        }
    }
    seqs
}

#[tokio::test]
async fn events_go_out_on_nats_and_sessions_get_them_while_nats_is_away() {
    let mut nats = NatsServer::start(std::path::Path::new(NATS_SERVER)).await.expect("nats-server");
    let relay = Relay::start_with_env("", &[("CALLCARD_BROKER_URL", nats.tcp_url.as_str())]).await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    let mut boss_live = relay.subscribed(&boss).await;
    let ok = wait_health(&relay, "ok", Duration::from_secs(5)).await;
    assert_eq!(ok["broker"], "connected", "{ok}");

    // Another node's view: what arrives on NATS.
    let other_node = async_nats::connect(&nats.tcp_url).await.unwrap();
    let mut on_nats = other_node.subscribe("callcard.events.>").await.unwrap();
    other_node.flush().await.unwrap();
    let seqs = call(&relay, &mut boss_live, "n1").await;
    let mut carried = vec![];
    let mut subject = String::new();
    while carried.len() < seqs.len() {
        let message = tokio::time::timeout(Duration::from_secs(5), on_nats.next()).await.unwrap().unwrap();
        let event: serde_json::Value = serde_json::from_slice(&message.payload).unwrap();
        subject = message.subject.to_string();
        assert!(subject.ends_with(ok["epoch"].as_str().unwrap()), "{subject}");
        carried.push(event);
    }
    let carried_seqs: Vec<u64> = carried.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(carried_seqs, seqs, "every committed event goes out on NATS, in order");

    // NATS dies: health says so, and the sessions still get every event.
    nats.stop();
    let degraded = wait_health(&relay, "degraded", Duration::from_secs(10)).await;
    assert_eq!(degraded["broker"], "away");
    let during = call(&relay, &mut boss_live, "n2").await;
    assert_eq!(during[0], seqs.last().unwrap() + 1, "no gap: {seqs:?} then {during:?}");

    // Back: the relay reconnects by itself.
    nats.resume().await.unwrap();
    wait_health(&relay, "ok", Duration::from_secs(20)).await;
    let after = call(&relay, &mut boss_live, "n3").await;
    assert_eq!(after[0], during.last().unwrap() + 1, "no gap: {during:?} then {after:?}");
    boss_live.expect_silence(Duration::from_millis(300)).await.unwrap();

    // Another node commits the next event and sends it on NATS: this node's sessions get it.
    let next = after.last().unwrap() + 1;
    let mut theirs = carried[0].clone();
    let old = theirs["seq"].as_u64().unwrap();
    theirs["node"] = "another-node".into();
    theirs["seq"] = next.into();
    let message = theirs["message"].as_str().unwrap().replace(&format!("\"seq\":{old}"), &format!("\"seq\":{next}"));
    theirs["message"] = message.into();
    other_node.publish(subject, serde_json::to_vec(&theirs).unwrap().into()).await.unwrap();
    other_node.flush().await.unwrap();
    let delivered = tokio::time::timeout(Duration::from_secs(5), boss_live.next_event()).await;
    assert_eq!(delivered.expect("the other node's event").unwrap().seq, next);
}

#[tokio::test]
async fn the_relay_starts_while_nats_is_not_up_and_says_degraded() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("nats://127.0.0.1:{port}");
    let relay = Relay::start_with_env("", &[("CALLCARD_BROKER_URL", url.as_str())]).await;
    let boss = relay.add_agent("Boss", "900", None, true);
    let mut boss_live = relay.subscribed(&boss).await;
    let health = wait_health(&relay, "degraded", Duration::from_secs(5)).await;
    assert_eq!(health["broker"], "away");
    let seqs = call(&relay, &mut boss_live, "d1").await;
    assert_eq!(seqs[0], 1, "the session got the call all the same: {seqs:?}");
}
