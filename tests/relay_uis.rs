//! UIS / CoMagic notifications into the real relay (PROTOCOLS.md §3): one URL per event with the
//! secret in the path, bodies however the customer's template rendered them, the card's whole
//! life (waiting for the answer → talk → finished), lost calls as missed calls with a
//! reminder, and the interactive call processing reply.

use std::time::{Duration, Instant};

use callcard_e2e::{uis_employee, Agent, Relay, UIS_SECRET};
use callcard_protocol::{CallEvent, CallState, Direction, Disposition, EventKind, ServerMessage};
use serde_json::{json, Value};

/// The next event of `call` (others are skipped).
async fn next_of(agent: &mut Agent, call: &str) -> CallEvent {
    agent.next_of(call, Duration::from_secs(5)).await.unwrap_or_else(|e| panic!("no event of {call}: {e}"))
}

async fn send(relay: &Relay, event: &str, body: &str) {
    let resp = relay.uis(event, body).await;
    assert_eq!(resp.status(), 200, "{event} {body}");
    assert_eq!(resp.text().await.unwrap(), "", "a notification gets an empty 200");
}

fn common(call: u64) -> String {
    format!(
        r#""call_session_id": {call}, "contact_phone_number": "79991234567", "virtual_phone_number": "74951234567""#
    )
}

#[tokio::test]
async fn a_uis_call_pops_the_card_talks_and_ends() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "anna");
    let mut ws = relay.subscribed(&anna).await;
    let employee = uis_employee("100");

    send(
        &relay,
        "inbound",
        &format!(
            r#"{{"notification_name": "Входящий", "notification_time": "2024-06-03 09:15:00.120", {}}}"#,
            common(3123456789)
        ),
    )
    .await;
    // Waiting for the answer: the customer's template quoted the placeholders.
    let ringing = format!(
        r#"{{"notification_time": ""2024-06-03 09:15:02.481"", "employee_id": "{employee}", "employee_full_name": ""Анна"", "leg_id": 901, "direction": ""in"", {}}}"#,
        common(3123456789)
    );
    send(&relay, "ringing", &ringing).await;
    let mut e = next_of(&mut ws, "3123456789").await;
    if e.kind != EventKind::Ringing || e.call.ringing.is_empty() {
        e = next_of(&mut ws, "3123456789").await;
    }
    assert_eq!((e.kind, e.call.state), (EventKind::Ringing, CallState::Ringing), "{e:?}");
    assert_eq!(e.call.provider, "uis");
    assert_eq!(e.call.ringing[0].name.as_deref(), Some("Anna"));
    assert_eq!(e.call.contact.as_ref().map(|c| c.name.as_str()), Some("Ivan Petrov"));
    assert_eq!(e.call.line_label.as_deref(), Some("Moscow sales"));
    assert_eq!(e.call.direction, Direction::Incoming);
    assert_eq!(
        e.call.started_at.to_rfc3339(),
        "2024-06-03T09:15:00.120+00:00",
        "notification_time in [uis] timezone (UTC here)"
    );

    // Talk started, as a GET with the variables in the query.
    let url = relay.url(&format!(
        "/hooks/uis/{UIS_SECRET}/answered?call_session_id=3123456789&employee_id={employee}&leg_ids=901&notification_time=2024-06-03+09%3A15%3A09.000"
    ));
    assert_eq!(reqwest::get(url).await.unwrap().status(), 200);
    let e = next_of(&mut ws, "3123456789").await;
    assert_eq!((e.kind, e.call.agent.as_ref().and_then(|a| a.name.as_deref())), (EventKind::Answered, Some("Anna")));

    send(
        &relay,
        "ended",
        &format!(r#"{{"is_lost": false, "talk_time_duration": 31, "total_time_duration": 40, "employee_id": {employee}, "last_talked_employee_id": {employee}, "direction": "in", "notification_time": "2024-06-03 09:15:40.000", {}}}"#, common(3123456789)),
    )
    .await;
    let e = next_of(&mut ws, "3123456789").await;
    assert_eq!(
        (e.kind, e.call.disposition.clone(), e.call.duration_secs),
        (EventKind::Ended, Some(Disposition::Answered), Some(31))
    );
    assert!(!e.call.missed);
    // The same notification again (UIS retrying) adds nothing.
    send(
        &relay,
        "ended",
        &format!(r#"{{"is_lost": false, "talk_time_duration": 31, "total_time_duration": 40, "employee_id": {employee}, "last_talked_employee_id": {employee}, "direction": "in", "notification_time": "2024-06-03 09:15:40.000", {}}}"#, common(3123456789)),
    )
    .await;
    ws.expect_silence(Duration::from_millis(700)).await.unwrap();
}

#[tokio::test]
async fn a_lost_call_is_a_missed_call_with_a_reminder() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "anna");
    let mut ws = relay.subscribed(&anna).await;
    let employee = uis_employee("100");
    send(&relay, "ringing", &format!(r#"{{"employee_id": {employee}, "leg_id": 5, "direction": "in", "notification_time": "2024-06-03 10:00:00.000", {}}}"#, common(77))).await;
    assert_eq!(next_of(&mut ws, "77").await.kind, EventKind::Ringing);
    send(&relay, "lost", &format!(r#"{{"wait_time_duration": 25, "employee_ids": [{employee}], "notification_time": "2024-06-03 10:00:25.000", {}}}"#, common(77))).await;
    let e = next_of(&mut ws, "77").await;
    assert_eq!((e.kind, e.call.disposition.clone()), (EventKind::Ended, Some(Disposition::Missed)));
    assert!(e.call.missed, "{:?}", e.call);
    // Call finished, lost: nothing new.
    send(&relay, "ended", &format!(r#"{{"is_lost": true, "talk_time_duration": 0, "employee_id": {employee}, "last_talked_employee_id": null, "notification_time": "2024-06-03 10:00:26.000", {}}}"#, common(77))).await;
    let reminders = relay.get_json("/api/v1/reminders", &anna).await;
    assert_eq!(reminders.as_array().unwrap().len(), 1, "{reminders}");
    assert_eq!(reminders[0]["phone"], "79991234567");
    assert_eq!(reminders[0]["last_call_id"], e.call.id);
}

#[tokio::test]
async fn wrong_secrets_unknown_events_and_broken_templates() {
    let relay = Relay::start("").await;
    let boss = relay.add_agent("Boss", "900", None, true);
    let mut ws = relay.subscribed(&boss).await;
    let http = reqwest::Client::new();
    let ring = format!(r#"{{"employee_id": 1, {}}}"#, common(5));

    // A wrong secret: 401 with a reason, and nothing applied.
    let resp =
        http.post(relay.url("/hooks/uis/not-the-secret-at-all/ringing")).body(ring.clone()).send().await.unwrap();
    assert_eq!(resp.status(), 401);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["code"], "webhook_refused", "{body}");
    assert!(body["error"].as_str().unwrap().contains("secret"), "{body}");
    let resp = http.get(relay.url("/hooks/uis")).send().await.unwrap();
    assert_eq!(resp.status(), 401, "no secret at all");
    ws.expect_silence(Duration::from_millis(500)).await.unwrap();

    // An unknown event kind: 404 with the known ones.
    let resp =
        relay.post(&format!("/hooks/uis/{UIS_SECRET}/talk_paused"), "application/json", ring.clone(), None).await;
    assert_eq!(resp.status(), 404);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["code"], "unknown_webhook");
    assert_eq!(body["params"]["known"], "inbound,ringing,answered,ended,lost,outbound,recording,route");

    // Not JSON at all, with the right secret: accepted all the same (UIS may not send it
    // again), kept as text and flagged.
    send(&relay, "ringing", r#"{"call_session_id": 5, "#).await;
    // Verified but not understood: 200, stored, flagged, and the rest applied.
    send(&relay, "ringing", r#"{"employee_id": 1, "contact_phone_number": "79991234567"}"#).await;
    send(&relay, "ended", &format!(r#"{{"is_lost": "maybe", "talk_time_duration": "a while", {}}}"#, common(6))).await;
    let e = next_of(&mut ws, "6").await;
    assert_eq!(e.kind, EventKind::Ended, "the call still ends");
    let health = relay.get_json("/healthz", &boss).await;
    assert_eq!(health["flagged_webhooks"], 3, "{health}");
    let listed = relay.cli(&["webhook", "flagged"]).unwrap();
    assert!(listed.contains("uis ringing") && listed.contains("missing field `call_session_id`"), "{listed}");
    assert!(listed.contains("field `is_lost` is not true or false"), "{listed}");
    assert!(listed.contains("the body is not a JSON object or a form") && listed.contains("\"_body\""), "{listed}");
    assert!(!listed.contains(UIS_SECRET), "the URL secret is never stored");
}

#[tokio::test]
async fn renamed_and_nested_template_fields() {
    let relay = Relay::start("[uis.fields]\ncall_session_id = \"session\"\nemployee_id = \"manager\"\n").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let mut ws = relay.subscribed(&anna).await;
    let body = json!({
        "op": "call",
        "args": {"session": 901, "manager": uis_employee("100").parse::<u64>().unwrap(), "contact_phone_number": "79161112233"},
        "unknown_key": {"x": 1}
    });
    send(&relay, "ringing", &body.to_string()).await;
    let e = next_of(&mut ws, "901").await;
    assert_eq!(e.call.ringing[0].name.as_deref(), Some("Anna"));
    assert_eq!(e.call.client_phone.as_deref(), Some("79161112233"));
}

#[tokio::test]
async fn interactive_call_processing_routes_to_the_responsible() {
    let relay = Relay::start(&format!(
        "[routing]\nredirect_to_responsible = true\n\n[uis.employee_phones]\n\"{}\" = \"+7 (916) 000-01-00\"\n",
        uis_employee("100")
    ))
    .await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "anna");
    relay.add_contact("Olga", "79262223344", "", "boris");
    relay.cli(&["contact", "add", "--name", "Spam", "--phone", "78005553535", "--blacklist"]).unwrap();

    let route = |numa: &str| {
        json!({"numa": numa, "numb": "74951234567", "cdr_id": 123, "start_time": "2024-06-03 10:00:00", "input_result": "None"}).to_string()
    };
    for (numa, want) in [
        ("79991234567", json!({"phones": ["79160000100"]})),
        // Boris has no number on record: the scenario goes on.
        ("79262223344", json!({"returned_code": 1})),
        ("78005553535", json!({"returned_code": 2})),
        ("79030000000", json!({"returned_code": 1})),
    ] {
        let resp = relay.uis("route", &route(numa)).await;
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.json::<Value>().await.unwrap(), want, "{numa}");
    }
    // No usable caller (a hidden number): the scenario goes on.
    let resp = relay.uis("route", r#"{"numa": "", "cdr_id": 125}"#).await;
    assert_eq!(resp.json::<Value>().await.unwrap(), json!({"returned_code": 1}));
    // GET, as a scenario may be set up.
    let url = relay.url(&format!("/hooks/uis/{UIS_SECRET}/route?numa=79991234567&numb=74951234567&cdr_id=124"));
    let answer: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert_eq!(answer, json!({"phones": ["79160000100"]}));
}

#[tokio::test]
async fn routing_to_the_responsible_off_continues_the_scenario() {
    let relay = Relay::start(&format!("[uis.employee_phones]\n\"{}\" = \"79160000100\"\n", uis_employee("100"))).await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "anna");
    let resp = relay.uis("route", r#"{"numa": "79991234567", "numb": "74951234567"}"#).await;
    assert_eq!(resp.json::<Value>().await.unwrap(), json!({"returned_code": 1}));
}

/// The relay against the simulator's strict UIS APIs: click-to-call as the agent's employee,
/// the played call completed from the Data API, its recording streamed with `Range`, a fresh
/// link once the first one is gone, and the employees' numbers from `get.employees` used for
/// routing.
#[tokio::test]
async fn click_to_call_completion_and_recordings_through_the_simulator() {
    let mut relay = Relay::start("[routing]\nredirect_to_responsible = true\n").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "anna");
    let sim = callcard_e2e::Sim::start(&callcard_e2e::sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "uis").await;
    let mut ws = relay.subscribed(&anna).await;

    let resp = relay.dial(&anna, "+7 999 123-45-67").await;
    assert_eq!(resp.status(), 200);
    let started: Value = resp.json().await.unwrap();
    assert_eq!(
        (started["provider"].as_str(), started["from"].as_str()),
        (Some("uis"), Some(uis_employee("100").as_str()))
    );
    let sim_log = std::fs::read_to_string(sim.dir.path().join("sim.log")).unwrap();
    assert!(sim_log.contains(&format!("employee=\"{}\" contact=\"79991234567\"", uis_employee("100"))), "{sim_log}");

    // The played call: ringing, talking, ended, then completed from the legs report and its
    // recording ready.
    let deadline = Instant::now() + Duration::from_secs(15);
    let call = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match ws.next_message(left).await.expect("the dialled call's events") {
            ServerMessage::Event(e)
                if e.call.recording.as_ref().is_some_and(|r| r.ready) && e.call.state == CallState::Ended =>
            {
                break e.call
            }
            _ => continue,
        }
    };
    assert_eq!((call.provider.as_str(), call.direction), ("uis", Direction::Outgoing));
    assert_eq!(call.agent.as_ref().and_then(|a| a.name.as_deref()), Some("Anna"));
    assert_eq!(call.disposition, Some(Disposition::Answered));
    assert!(call.duration_secs.is_some_and(|d| d >= 1), "{call:?}");

    let path = format!("/api/v1/calls/{}/recording", call.id);
    let whole = relay.api(reqwest::Method::GET, &path, &anna).send().await.unwrap();
    assert_eq!(whole.status(), 200, "{:?} {}", call.recording, whole.text().await.unwrap_or_default());
    let bytes = whole.bytes().await.unwrap();
    assert!(bytes.len() > 1000 && (bytes.starts_with(b"ID3") || bytes[0] == 0xFF), "not an MP3: {} bytes", bytes.len());
    let part = relay.api(reqwest::Method::GET, &path, &anna).header("Range", "bytes=0-99").send().await.unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap().len(), 100);
    // Every link the simulator gave so far expires: the relay asks the Data API for a fresh one.
    let http = reqwest::Client::new();
    assert!(http.post(sim.url("/sim/expire-links")).send().await.unwrap().status().is_success());
    let again = relay.api(reqwest::Method::GET, &path, &anna).send().await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.bytes().await.unwrap(), bytes);

    // Routing: Anna's number comes from get.employees (fetched at start).
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let answer: Value =
            relay.uis("route", r#"{"numa": "79991234567", "numb": "74951234567"}"#).await.json().await.unwrap();
        if answer == json!({"phones": ["79160000100"]}) {
            break;
        }
        assert!(Instant::now() < deadline, "routing never used get.employees' number: {answer}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // pbx check lists the employees.
    let out = relay.cli(&["pbx", "check"]).unwrap();
    assert!(out.contains(&format!("uis: user {} (Anna) is agent 1 (Anna)", uis_employee("100"))), "{out}");
}

/// Signed in with a login and password: the relay opens a `login.user` session, keeps it while
/// it lasts, and signs in again when UIS calls it invalid, within the same click.
#[tokio::test]
async fn a_login_session_is_kept_and_renewed_after_access_token_invalid() {
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let sim = callcard_e2e::Sim::start(&callcard_e2e::sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "uis").await;
    relay.set_env("CALLCARD_UIS_ACCESS_TOKEN", "");
    relay.set_env("CALLCARD_UIS_LOGIN", callcard_e2e::UIS_LOGIN);
    relay.set_env("CALLCARD_UIS_PASSWORD", callcard_e2e::UIS_PASSWORD);
    relay.restart().await;
    let logins = || {
        std::fs::read_to_string(sim.dir.path().join("sim.log")).unwrap().matches("login.user: session opened").count()
    };

    assert_eq!(relay.dial(&anna, "79991234567").await.status(), 200);
    assert_eq!(relay.dial(&anna, "79991234567").await.status(), 200);
    let after_two = logins();
    assert!(after_two >= 1, "the relay never signed in");
    let ended: Value =
        reqwest::Client::new().post(sim.url("/sim/uis/end-sessions")).send().await.unwrap().json().await.unwrap();
    assert!(ended["ended"].as_u64().unwrap() >= 1, "{ended}");
    assert_eq!(relay.dial(&anna, "79991234567").await.status(), 200, "renewed after access_token_invalid");
    assert_eq!(logins(), after_two + 1, "one new session, after the old one was refused");

    // A wrong password: the click fails with a sentence, not a hang.
    relay.set_env("CALLCARD_UIS_PASSWORD", "wrong");
    reqwest::Client::new().post(sim.url("/sim/uis/end-sessions")).send().await.unwrap();
    relay.restart().await;
    let resp = relay.dial(&anna, "79991234567").await;
    assert_eq!(resp.status(), 502);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["code"], "pbx_refused", "{body}");
}
