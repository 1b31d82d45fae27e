//! Operating the relay, against the real binary: `/metrics` on its own listener, JSON log lines,
//! an online backup taken while webhooks arrive, and a restore that makes every app reload.

use std::time::Duration;

use callcard_e2e::{Agent, Relay};
use callcard_protocol::ServerMessage;

const START: &str = "2024-05-01 12:00:00";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A Zadarma call's start and its ring at Anna's extension.
async fn ring(relay: &Relay, call: &str) {
    let base = [("event", "NOTIFY_START"), ("call_start", START), ("pbx_call_id", call), ("caller_id", "79991234567")];
    assert_eq!(relay.zadarma(&base).await.status(), 200);
    let internal = [
        ("event", "NOTIFY_INTERNAL"),
        ("call_start", START),
        ("pbx_call_id", call),
        ("caller_id", "79991234567"),
        ("internal", "100"),
    ];
    assert_eq!(relay.zadarma(&internal).await.status(), 200);
}

/// The value of one sample line of the Prometheus text (`name{labels} value`).
fn sample(text: &str, name_and_labels: &str) -> Option<f64> {
    text.lines().find_map(|l| l.strip_prefix(name_and_labels)?.strip_prefix(' ')?.trim().parse().ok())
}

#[tokio::test]
async fn metrics_are_served_apart_from_the_webhooks_and_count_what_happened() {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let relay =
        Relay::start_with_env("", &[("CALLCARD_METRICS_LISTEN", &listen), ("CALLCARD_LOG_FORMAT", "json")]).await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let mut app = Agent::connect(&relay.addr(), &anna).await.unwrap();
    app.subscribe(None).await.unwrap();
    ring(&relay, "m1").await;
    app.next_event().await.unwrap();
    // A webhook with a wrong signature, and a repeat.
    let forged = relay
        .post("/hooks/zadarma", "application/x-www-form-urlencoded", "event=NOTIFY_START&pbx_call_id=x", Some("bad"))
        .await;
    assert_eq!(forged.status(), 401);
    let repeat =
        [("event", "NOTIFY_START"), ("call_start", START), ("pbx_call_id", "m1"), ("caller_id", "79991234567")];
    assert_eq!(relay.zadarma(&repeat).await.status(), 200);

    // The relay counts a delivery just after writing it to the socket: read until it has.
    let mut text = String::new();
    for _ in 0..50 {
        text = relay.http.get(format!("http://{listen}/metrics")).send().await.unwrap().text().await.unwrap();
        if sample(&text, "callcard_delivery_seconds_count").is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let count = |what: &str| sample(&text, what).unwrap_or_else(|| panic!("no {what} in\n{text}"));
    assert_eq!(count(r#"callcard_webhooks_total{provider="zadarma",result="stored"}"#), 2.0);
    assert_eq!(count(r#"callcard_webhooks_total{provider="zadarma",result="repeat"}"#), 1.0);
    assert_eq!(count(r#"callcard_webhooks_total{provider="zadarma",result="refused"}"#), 1.0);
    assert_eq!(count("callcard_connected_sessions"), 1.0);
    // Anna is on the call from its ring (its start went to supervisors only).
    assert_eq!(count("callcard_delivery_seconds_count"), 1.0, "the ring reached Anna's socket");
    assert_eq!(count(r#"callcard_delivery_seconds_bucket{le="1"}"#), 1.0, "within a second");
    assert_eq!(count("callcard_ingest_queue_depth"), 0.0);
    assert!(text.contains("# TYPE callcard_delivery_seconds histogram"), "{text}");
    // Never beside the webhooks.
    assert_eq!(relay.http.get(relay.url("/metrics")).send().await.unwrap().status(), 404);

    // The log is JSON lines: every line an object with a level and a message.
    let log = std::fs::read_to_string(relay.dir.path().join("relay.log")).unwrap();
    let lines: Vec<serde_json::Value> =
        log.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    assert!(lines.iter().all(|l| l["level"].is_string() && l["timestamp"].is_string()), "{log}");
    let stored = lines.iter().find(|l| l["message"] == "webhook stored").expect("a stored webhook logged");
    assert_eq!(stored["provider"], "zadarma", "fields are keys of the line: {stored}");
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_under_a_new_epoch() {
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let mut app = Agent::connect(&relay.addr(), &anna).await.unwrap();
    app.subscribe(None).await.unwrap();
    ring(&relay, "before").await;
    app.next_event().await.unwrap();
    let position = app.position.clone().expect("a position");

    // While webhooks keep arriving.
    let file = relay.dir.path().join("backup.db");
    let file_arg = file.to_string_lossy().to_string();
    let (out, _) = tokio::join!(async { relay.cli(&["backup", &file_arg]) }, ring(&relay, "during"));
    let out = out.unwrap();
    assert!(out.contains("backed up to"), "{out}");
    assert!(relay.cli(&["backup", &file_arg]).unwrap_err().to_string().contains("exists already"));
    ring(&relay, "after").await;

    // Not under a running relay; a file that is no backup changes nothing.
    let refused = relay.cli(&["restore", &file_arg]).unwrap_err().to_string();
    assert!(refused.contains("stop it first"), "{refused}");
    relay.kill();
    let junk = relay.dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let junk_arg = junk.to_string_lossy().to_string();
    assert!(relay.cli(&["restore", &junk_arg]).is_err());
    let out = relay.cli(&["restore", &file_arg]).unwrap();
    assert!(out.contains("new epoch"), "{out}");
    relay.revive().await;

    let recent = relay.get_json("/api/v1/calls/recent?limit=50", &anna).await;
    let ids: Vec<&str> =
        recent["calls"].as_array().unwrap().iter().filter_map(|c| c["provider_call_id"].as_str()).collect();
    assert!(ids.contains(&"before"), "{ids:?}");
    assert!(!ids.contains(&"after"), "taken after the backup: {ids:?}");
    assert_ne!(recent["position"]["epoch"], position.epoch.as_str(), "a new epoch");
    // An app resuming from before is told to reload rather than resuming into another history.
    let mut app = Agent::connect(&relay.addr(), &anna).await.unwrap();
    let answer = app.subscribe(Some(position)).await.unwrap();
    assert!(matches!(answer, ServerMessage::ResyncRequired { .. }), "{answer:?}");
    // Webhooks go on from the restored history.
    ring(&relay, "next").await;
    let event = tokio::time::timeout(Duration::from_secs(5), app.next_event()).await.unwrap().unwrap();
    assert_eq!(event.call.provider_call_id, "next");
}

#[tokio::test]
async fn webhooks_come_only_from_the_provider_s_addresses_and_a_trusted_proxy_names_them() {
    let start = |proxies: &'static str| async move {
        let env = [("CALLCARD_ZADARMA_ALLOW_FROM", "185.45.152.40/30"), ("CALLCARD_SERVER_TRUSTED_PROXIES", proxies)];
        Relay::start_with_env("", &env).await
    };
    let ring = |call: &'static str| {
        [("event", "NOTIFY_START"), ("call_start", START), ("pbx_call_id", call), ("caller_id", "79991234567")]
    };

    // No proxy trusted: the test's own address (127.0.0.1) is not Zadarma's, whatever the header says.
    let relay = start("").await;
    let resp = relay.zadarma_via(&ring("a1"), Some("185.45.152.41")).await;
    assert_eq!(resp.status(), 403);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(
        (body["code"].as_str(), body["params"]["from"].as_str()),
        (Some("source_not_allowed"), Some("127.0.0.1"))
    );
    // Other providers have no list: accepted from anywhere.
    let itoolabs = relay.itoolabs(&[("cmd", "contact"), ("phone", "79991234567"), ("callid", "i1")]).await;
    assert_eq!(itoolabs.status(), 200);

    // Behind a trusted proxy on loopback: the hop before it is the sender.
    let relay = start("127.0.0.1").await;
    assert_eq!(relay.zadarma_via(&ring("a2"), Some("203.0.113.9, 185.45.152.41")).await.status(), 200);
    assert_eq!(relay.zadarma_via(&ring("a3"), Some("185.45.152.41, 203.0.113.9")).await.status(), 403);
    assert_eq!(relay.zadarma_via(&ring("a4"), None).await.status(), 403, "the proxy itself is not Zadarma");
    let boss = relay.add_agent("Boss", "900", None, true);
    let recent = relay.get_json("/api/v1/calls/recent?limit=10", &boss).await;
    let ids: Vec<&str> =
        recent["calls"].as_array().unwrap().iter().filter_map(|c| c["provider_call_id"].as_str()).collect();
    assert_eq!(ids, ["a2"], "only the allowed webhook was stored");

    // A network that is none is refused with the key's name, before anything runs.
    let mut relay = relay;
    relay.set_env("CALLCARD_ZADARMA_ALLOW_FROM", "185.45.152.40/33");
    let refused = relay.cli_fails(&["settings", "list"]);
    assert!(refused.contains("[zadarma] allow_from: \"185.45.152.40/33\""), "{refused}");
}
