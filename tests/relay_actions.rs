//! What managers do with calls, through the real relay binary (and the simulator playing the
//! PBX APIs): outcomes, click-to-call, recordings, missed-call reminders.

use std::time::Duration;

use callcard_e2e::{sim_config, Relay, Sim};
use callcard_protocol::{Direction, EventKind};
use reqwest::Method;
use serde_json::{json, Value};

const START: &str = "2024-05-01 12:00:00";

/// The webhooks of an incoming Zadarma call from `phone` to extension `ext`, answered or missed.
async fn zadarma_call(relay: &Relay, call: &str, phone: &str, ext: &str, answered: bool) {
    let base = |event: &'static str| {
        vec![
            ("event", event),
            ("call_start", START),
            ("pbx_call_id", call),
            ("caller_id", phone),
            ("called_did", "74951234567"),
        ]
    };
    let mut steps = vec![base("NOTIFY_START"), [base("NOTIFY_INTERNAL"), vec![("internal", ext)]].concat()];
    if answered {
        steps.push([base("NOTIFY_ANSWER"), vec![("destination", ext), ("internal", ext)]].concat());
    }
    let (disposition, duration) = if answered { ("answered", "42") } else { ("cancel", "20") };
    let who = if answered { vec![("internal", ext)] } else { vec![] };
    steps.push(
        [
            base("NOTIFY_END"),
            who,
            vec![("duration", duration), ("disposition", disposition), ("is_recorded", "0"), ("status_code", "16")],
        ]
        .concat(),
    );
    for fields in steps {
        let resp = relay.zadarma(&fields).await;
        assert_eq!(resp.status(), 200, "{:?}", resp.text().await);
    }
}

async fn json_of(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}")))
}

async fn log_outcome(relay: &Relay, token: &str, call_id: i64, code: &str, key: &str) -> (u16, Value) {
    let body = json!({"code": code, "note": "asked for a quote", "idempotency_key": key});
    json_of(
        relay.api(Method::POST, &format!("/api/v1/calls/{call_id}/outcome"), token).json(&body).send().await.unwrap(),
    )
    .await
}

async fn dial(relay: &Relay, token: &str, to: &str) -> (u16, Value) {
    json_of(relay.dial(token, to).await).await
}

#[tokio::test]
async fn outcomes_are_authorised_idempotent_and_editable() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let boris = relay.add_agent("Boris", "101", Some("boris"), false);
    let boss = relay.add_agent("Boss", "900", None, true);

    // The admin's list: defaults, one added, one removed.
    relay.cli(&["outcome", "add", "--code", "sold", "--label", "Sold", "--colour", "#00AA00", "--order", "5"]).unwrap();
    relay.cli(&["outcome", "remove", "wrong_number"]).unwrap();
    assert!(relay.cli(&["outcome", "add", "--code", "x", "--label", "X", "--colour", "green"]).is_err());
    assert!(relay.cli(&["outcome", "remove", "no_such_code"]).is_err());
    let listed = relay.cli(&["outcome", "list"]).unwrap();
    assert!(listed.contains("wrong_number") && listed.contains("removed"), "{listed}");
    let offered = relay.get_json("/api/v1/outcomes", &anna).await;
    let codes: Vec<&str> = offered.as_array().unwrap().iter().map(|o| o["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["sold", "interested", "call_back", "not_interested", "visit_booked"]);
    assert_eq!(
        offered[0],
        json!({"code": "sold", "label": "Sold", "colour": "#00aa00", "order": 5, "converts": false})
    );

    zadarma_call(&relay, "in_outcome_call_1", "79991234567", "100", true).await;
    let calls = relay.get_json("/api/v1/calls/unlogged", &anna).await;
    assert_eq!(calls["calls"].as_array().unwrap().len(), 1, "{calls}");
    let call_id = calls["calls"][0]["id"].as_i64().unwrap();
    assert!(relay.get_json("/api/v1/calls/unlogged", &boris).await["calls"].as_array().unwrap().is_empty());

    let mut anna_ws = relay.subscribed(&anna).await;
    let mut boss_ws = relay.subscribed(&boss).await;

    // Boris did not handle the call: 403. Unknown or removed codes: 422. No such call: 404.
    assert_eq!(log_outcome(&relay, &boris, call_id, "interested", "k-boris").await.0, 403);
    assert_eq!(log_outcome(&relay, &anna, call_id, "wrong_number", "k-a0").await.0, 422);
    assert_eq!(log_outcome(&relay, &anna, call_id, "nonsense", "k-a0").await.0, 422);
    assert_eq!(log_outcome(&relay, &anna, 999_999, "interested", "k-a0").await.0, 404);

    // Anna logs it: stored with the call, the agent and the time, and pushed as an event.
    let (status, first) = log_outcome(&relay, &anna, call_id, "interested", "k-a1").await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["outcome"]["code"], "interested");
    assert_eq!(first["outcome"]["label"], "Interested");
    assert_eq!(first["outcome"]["agent_name"], "Anna");
    assert_eq!(first["outcome"]["note"], "asked for a quote");
    assert_eq!(first["replayed"], false);
    for ws in [&mut anna_ws, &mut boss_ws] {
        let event = ws.next_event().await.unwrap();
        assert_eq!(event.kind, EventKind::Updated);
        assert_eq!(event.call.outcome.as_ref().unwrap().code, "interested");
    }
    // The app retries the same click (lost answer): same answer, nothing new stored or pushed.
    for _ in 0..3 {
        let (status, again) = log_outcome(&relay, &anna, call_id, "interested", "k-a1").await;
        assert_eq!(status, 200);
        assert_eq!(again["replayed"], true);
        assert_eq!(again["outcome"], first["outcome"]);
    }
    anna_ws.expect_silence(Duration::from_millis(400)).await.unwrap();
    // A key is one click: reused for another call it is refused.
    zadarma_call(&relay, "in_outcome_call_2", "79991234568", "100", true).await;
    let second_call = anna_ws.events(3).await.unwrap()[2].call.id;
    assert_eq!(log_outcome(&relay, &anna, second_call, "interested", "k-a1").await.0, 409);
    assert!(relay.get_json("/api/v1/calls/unlogged", &anna).await["calls"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"].as_i64() != Some(call_id)));

    // Changed later from the history (a new click), and by a supervisor.
    assert_eq!(log_outcome(&relay, &anna, call_id, "visit_booked", "k-a2").await.0, 201);
    assert_eq!(log_outcome(&relay, &boss, call_id, "sold", "k-boss").await.0, 201);
    let recent = relay.get_json("/api/v1/calls/recent", &anna).await;
    let stored = recent["calls"].as_array().unwrap().iter().find(|c| c["id"].as_i64() == Some(call_id)).unwrap();
    assert_eq!(stored["outcome"]["code"], "sold");
    assert_eq!(stored["outcome"]["agent_name"], "Boss");

    // Bad input: clear 4xx with a JSON reason.
    let path = format!("/api/v1/calls/{call_id}/outcome");
    for (body, expected) in [
        ("{", 400),
        (r#"{"code": "sold"}"#, 422),
        (r#"{"code": "sold", "idempotency_key": ""}"#, 400),
        (r#"{"code": "sold", "idempotency_key": "k", "note": 5}"#, 422),
    ] {
        let resp =
            relay.api(Method::POST, &path, &anna).header("content-type", "application/json").body(body).send().await;
        let (status, reason) = json_of(resp.unwrap()).await;
        assert_eq!(status, expected, "{body}: {reason}");
        assert!(reason["error"].as_str().is_some_and(|e| !e.is_empty()), "{reason}");
    }
    let long_note = json!({"code": "sold", "idempotency_key": "k-long", "note": "x".repeat(501)});
    let resp = relay.api(Method::POST, &path, &anna).json(&long_note).send().await.unwrap();
    assert_eq!(resp.status(), 400);
    let resp = relay.api(Method::POST, "/api/v1/calls/abc/outcome", &anna).json(&long_note).send().await.unwrap();
    assert_eq!(resp.status(), 400);
    let resp = relay.http.post(relay.url(&path)).json(&long_note).send().await.unwrap();
    assert_eq!(resp.status(), 401);

    // Everything survives a restart: outcomes and idempotency keys are on disk.
    let mut relay = relay;
    relay.restart().await;
    let (status, replay) = log_outcome(&relay, &anna, call_id, "interested", "k-a1").await;
    assert_eq!((status, replay["replayed"].as_bool()), (200, Some(true)));
}

#[tokio::test]
async fn dial_rings_the_agent_through_each_pbx_and_words_its_errors() {
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let nobody = relay.add_agent("Nobody", "555", Some("nobody"), false);
    // Not configured yet: a clear answer, not a hang.
    let (status, reason) = dial(&relay, &anna, "+7 999 123-45-67").await;
    assert_eq!(status, 501, "{reason}");
    assert!(reason["error"].as_str().unwrap().contains("not configured"), "{reason}");

    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;
    let mut ws = relay.subscribed(&anna).await;

    // Zadarma: the simulator checks the signature of GET /v1/request/callback/ byte for byte
    // and then plays the outgoing call: ring Anna, answer, end.
    let (status, started) = dial(&relay, &anna, "8 (999) 123-45-67").await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started, json!({"to": "79991234567", "provider": "zadarma", "from": "100"}));
    let events = ws.events(3).await.unwrap();
    assert_eq!(events[0].kind, EventKind::Ringing);
    assert_eq!(events[0].call.direction, Direction::Outgoing);
    assert_eq!(events[0].call.client_phone.as_deref(), Some("79991234567"));
    assert_eq!(events[2].kind, EventKind::Ended);

    // Errors in words: a number that is not one, an extension the PBX does not have.
    let (status, reason) = dial(&relay, &anna, "hello").await;
    assert_eq!(status, 400, "{reason}");
    let (status, reason) = dial(&relay, &nobody, "79991234567").await;
    assert_eq!(status, 502, "{reason}");
    assert!(reason["error"].as_str().unwrap().starts_with("the PBX refused"), "{reason}");

    // ITooLabs makeCall with the agent's login.
    relay.use_sim_apis(&sim, "itoolabs").await;
    let mut ws = relay.subscribed(&anna).await;
    let (status, started) = dial(&relay, &anna, "79991234567").await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started["provider"], "itoolabs");
    assert_eq!(started["from"], "anna");
    let event = ws.next_event().await.unwrap();
    assert_eq!((event.kind, event.call.direction), (EventKind::Ringing, Direction::Outgoing));
    drop(sim);

    // The PBX is down: unreachable, in words.
    let (status, reason) = dial(&relay, &anna, "79991234567").await;
    assert_eq!(status, 504, "{reason}");
    assert!(reason["error"].as_str().unwrap().contains("cannot reach the PBX"), "{reason}");
}

#[tokio::test]
async fn dial_reports_no_money_and_rate_limits() {
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let config = sim_config(&relay, "", "").replacen(
        "timezone = \"UTC\"",
        "timezone = \"UTC\"\nbalance = 0.0\nrate_limit_per_minute = 2",
        1,
    );
    let sim = Sim::start(&config, &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;
    let (status, reason) = dial(&relay, &anna, "79991234567").await;
    assert_eq!(status, 502, "{reason}");
    assert!(reason["error"].as_str().unwrap().contains("no money"), "{reason}");
    dial(&relay, &anna, "79991234567").await;
    let (status, reason) = dial(&relay, &anna, "79991234567").await;
    assert_eq!(status, 429, "{reason}");
    assert!(reason["error"].as_str().unwrap().contains("try again in"), "{reason}");
}

#[tokio::test]
async fn recordings_stream_through_with_range_and_fresh_links() {
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let boris = relay.add_agent("Boris", "101", Some("boris"), false);
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;
    let mut ws = relay.subscribed(&anna).await;
    assert_eq!(dial(&relay, &anna, "79991234567").await.0, 200);
    let events = ws.events(4).await.unwrap();
    assert_eq!(events[3].kind, EventKind::RecordingReady);
    let call_id = events[3].call.id;
    let zadarma_call_id = events[3].call.provider_call_id.clone();
    let path = format!("/api/v1/calls/{call_id}/recording");
    let zadarma_path = path.clone();

    let full = relay.api(Method::GET, &path, &anna).send().await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "audio/mpeg");
    let length: usize = full.headers()["content-length"].to_str().unwrap().parse().unwrap();
    let bytes = full.bytes().await.unwrap();
    assert_eq!(bytes.len(), length);
    assert_eq!((bytes[0], bytes[1] & 0xE0), (0xFF, 0xE0), "MPEG frame sync");
    let part = relay.api(Method::GET, &path, &anna).header("Range", "bytes=1000-1999").send().await.unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], format!("bytes 1000-1999/{length}").as_str());
    assert_eq!(part.bytes().await.unwrap(), bytes[1000..2000]);
    let beyond = relay.api(Method::GET, &path, &anna).header("Range", "bytes=99999999-").send().await.unwrap();
    assert_eq!(beyond.status(), 416);

    // Boris cannot see Anna's call; a call without a recording; a bad id.
    assert_eq!(relay.api(Method::GET, &path, &boris).send().await.unwrap().status(), 404);
    zadarma_call(&relay, "in_no_recording", "79991234567", "100", true).await;
    let plain = ws.events(3).await.unwrap()[2].call.id;
    let (status, reason) =
        json_of(relay.api(Method::GET, &format!("/api/v1/calls/{plain}/recording"), &anna).send().await.unwrap()).await;
    assert_eq!(status, 404, "{reason}");
    assert!(reason["error"].as_str().unwrap().contains("no recording"));
    assert_eq!(relay.api(Method::GET, "/api/v1/calls/x/recording", &anna).send().await.unwrap().status(), 400);

    // The simulator expires every link now: the relay's cached link is dead, so it asks for a
    // fresh one and the play still works.
    let expired = reqwest::Client::new().post(sim.url("/sim/expire-links")).send().await.unwrap();
    assert_eq!(expired.status(), 200);
    let again = relay.api(Method::GET, &path, &anna).send().await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.bytes().await.unwrap(), bytes);
    let log = std::fs::read_to_string(relay.dir.path().join("relay.log")).unwrap();
    assert_eq!(log.matches("requesting a fresh one").count(), 1, "the cached link was used, then replaced once");

    // ITooLabs: the pushed link, streamed through the same way.
    relay.use_sim_apis(&sim, "itoolabs").await;
    let mut ws = relay.subscribed(&anna).await;
    assert_eq!(dial(&relay, &anna, "79991234567").await.0, 200);
    let events = ws.events(4).await.unwrap();
    let itoolabs_call_id = events[3].call.provider_call_id.clone();
    let path = format!("/api/v1/calls/{}/recording", events[3].call.id);
    let part = relay.api(Method::GET, &path, &anna).header("Range", "bytes=0-99").send().await.unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap().len(), 100);

    // The PBX has lost the files (deleted after its retention): a clear 404 in JSON, not a
    // broken stream and not a gateway error. Zadarma answers the relay's request for a link
    // "Record not found"; the link ITooLabs pushed with the call answers 404.
    let sim_http = reqwest::Client::new();
    for call in [&zadarma_call_id, &itoolabs_call_id] {
        let deleted = sim_http.delete(sim.url(&format!("/sim/recordings/{call}"))).send().await.unwrap();
        assert_eq!(deleted.status(), 200, "{call}");
    }
    let again = sim_http.delete(sim.url(&format!("/sim/recordings/{itoolabs_call_id}"))).send().await.unwrap();
    assert_eq!(again.status(), 404, "deleted once, gone after");
    for (provider, lost) in [("zadarma", &zadarma_path), ("itoolabs", &path)] {
        let resp = relay.api(Method::GET, lost, &anna).send().await.unwrap();
        assert_eq!(resp.headers()["content-type"], "application/json", "{provider}");
        let (status, reason) = json_of(resp).await;
        assert_eq!(status, 404, "{provider}: {reason}");
        let error = reason["error"].as_str().unwrap_or_default();
        assert!(error.contains("the PBX has no such recording"), "{provider}: {reason}");
    }

    // The PBX is down: unreachable, in words.
    drop(sim);
    let (status, reason) = json_of(relay.api(Method::GET, &path, &anna).send().await.unwrap()).await;
    assert_eq!(status, 504, "{reason}");
    assert!(reason["error"].as_str().unwrap_or_default().contains("cannot reach the PBX"), "{reason}");
}

#[tokio::test]
async fn missed_calls_become_reminders_until_the_client_is_reached() {
    let mut relay = Relay::start("[reminders]\ndefault_responsible = \"vera\"\n").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let boris = relay.add_agent("Boris", "101", Some("boris"), false);
    let vera = relay.add_agent("Vera", "102", Some("vera"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    relay.add_contact("Ivan Petrov", "+7 999 123-45-67", "ACME", "boris");

    // Ivan (Boris's client) calls twice and rings Anna; an unknown number calls once.
    zadarma_call(&relay, "in_missed_1", "79991234567", "100", false).await;
    zadarma_call(&relay, "in_missed_2", "79991234567", "100", false).await;
    zadarma_call(&relay, "in_missed_3", "79030000001", "100", false).await;

    let for_boris = relay.get_json("/api/v1/reminders", &boris).await;
    assert_eq!(for_boris.as_array().unwrap().len(), 1, "{for_boris}");
    assert_eq!(for_boris[0]["phone"], "79991234567");
    assert_eq!(for_boris[0]["missed_calls"], 2);
    assert_eq!(for_boris[0]["contact"]["name"], "Ivan Petrov");
    assert_eq!(for_boris[0]["assignee_name"], "Boris");
    let for_vera = relay.get_json("/api/v1/reminders", &vera).await;
    assert_eq!(for_vera.as_array().unwrap().len(), 1, "{for_vera}");
    assert_eq!(for_vera[0]["phone"], "79030000001");
    assert_eq!(for_vera[0]["contact"], Value::Null);
    assert!(relay.get_json("/api/v1/reminders", &anna).await.as_array().unwrap().is_empty());
    assert_eq!(relay.get_json("/api/v1/reminders", &boss).await.as_array().unwrap().len(), 2);

    // Boris calls Ivan back through the PBX; the answered call closes the reminder.
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;
    let mut ws = relay.subscribed(&boris).await;
    assert_eq!(dial(&relay, &boris, "79991234567").await.0, 200);
    ws.events(3).await.unwrap();
    assert!(relay.get_json("/api/v1/reminders", &boris).await.as_array().unwrap().is_empty());
    assert_eq!(relay.get_json("/api/v1/reminders", &boss).await.as_array().unwrap().len(), 1);

    // The unknown number calls again and is answered by Anna: Vera's reminder closes too.
    let later = [
        ("event", "NOTIFY_START"),
        ("call_start", "2024-05-01 13:00:00"),
        ("pbx_call_id", "in_answered_5"),
        ("caller_id", "79030000001"),
        ("called_did", "74951234567"),
    ];
    relay.zadarma(&later).await;
    let answer = [later.to_vec(), vec![("destination", "100"), ("internal", "100")]].concat();
    let answer: Vec<(&str, &str)> =
        answer.into_iter().map(|(k, v)| if k == "event" { (k, "NOTIFY_ANSWER") } else { (k, v) }).collect();
    assert_eq!(relay.zadarma(&answer).await.status(), 200);
    assert!(relay.get_json("/api/v1/reminders", &vera).await.as_array().unwrap().is_empty());
    assert!(relay.get_json("/api/v1/reminders", &boss).await.as_array().unwrap().is_empty());
}
