//! Ringostat webhooks into the real relay (PROTOCOLS.md §4): one URL per event with the secret
//! in the path, JSON, form or query with the admin's parameter names, the card's life, missed
//! calls with a reminder, and the webhook number's answer (smart redirect).

use std::time::{Duration, Instant};

use callcard_e2e::{Agent, Relay, RINGOSTAT_SECRET};
use callcard_protocol::{CallEvent, CallState, Direction, Disposition, EventKind, ServerMessage};
use serde_json::{json, Value};

const IVAN: &str = "380501234567";
const LINE: &str = "380443334455";

/// The next event of `call` (others are skipped).
async fn next_of(agent: &mut Agent, call: &str) -> CallEvent {
    agent.next_of(call, Duration::from_secs(5)).await.unwrap_or_else(|e| panic!("no event of {call}: {e}"))
}

async fn send(relay: &Relay, event: &str, body: Value) {
    let resp = relay.ringostat(event, &body.to_string()).await;
    assert_eq!(resp.status(), 200, "{event} {body}");
    assert_eq!(resp.text().await.unwrap(), "", "a webhook gets an empty 200");
}

#[tokio::test]
async fn a_ringostat_call_pops_the_card_talks_and_ends() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "anna");
    let mut ws = relay.subscribed(&anna).await;
    let call = "ua3_-1712345678.1234567";

    // Before the call: the caller with a display name, HTML-escaped.
    send(&relay, "ringing", json!({"uniqueid": call, "call_type": "in", "calldate": "2024-06-03 09:20:00", "caller": format!("&quot;Іван&quot; &lt;{IVAN}&gt;"), "dst": LINE})).await;
    // A forwarding step rings Anna (by SIP login).
    send(&relay, "ringing", json!({"uniqueid": call, "calldate": "2024-06-03 09:20:01", "caller": IVAN, "dst": LINE, "sip_login": "anna", "employee_number": "2100"})).await;
    let mut e = next_of(&mut ws, call).await;
    if e.call.ringing.is_empty() {
        e = next_of(&mut ws, call).await;
    }
    assert_eq!((e.kind, e.call.state), (EventKind::Ringing, CallState::Ringing), "{e:?}");
    assert_eq!(e.call.provider, "ringostat");
    assert_eq!(e.call.ringing[0].name.as_deref(), Some("Anna"));
    assert_eq!(e.call.client_phone.as_deref(), Some(IVAN));
    assert_eq!(e.call.contact.as_ref().map(|c| c.name.as_str()), Some("Ivan Petrov"));
    assert_eq!(e.call.started_at.to_rfc3339(), "2024-06-03T09:20:00+00:00");

    // Picked up, as a form POST.
    let form = format!("uniqueid={call}&calldate=2024-06-03+09%3A20%3A09&sip_login=anna");
    let resp = relay
        .post(&format!("/hooks/ringostat/{RINGOSTAT_SECRET}/answered"), "application/x-www-form-urlencoded", form, None)
        .await;
    assert_eq!(resp.status(), 200);
    let e = next_of(&mut ws, call).await;
    assert_eq!((e.kind, e.call.agent.as_ref().and_then(|a| a.name.as_deref())), (EventKind::Answered, Some("Anna")));

    // After the call: a status in any case; the recording link (its token is never shown).
    let after = json!({"uniqueid": call, "call_type": "in", "calldate": "2024-06-03 09:20:00", "caller": IVAN, "dst": LINE,
        "disposition": "Answered", "duration": "95", "billsec": "83", "waittime": "12", "sip_login": "anna", "has_recording": "1",
        "recording": format!("https://app.ringostat.com/recordings/{call}.wav?token=0123456789abcdef0123456789abcdef")});
    send(&relay, "ended", after.clone()).await;
    let e = next_of(&mut ws, call).await;
    assert_eq!(
        (e.kind, e.call.disposition.clone(), e.call.duration_secs),
        (EventKind::Ended, Some(Disposition::Answered), Some(83))
    );
    assert!(e.call.recording.as_ref().is_some_and(|r| r.ready));
    let wire = serde_json::to_string(&e.call).unwrap();
    assert!(!wire.contains("0123456789abcdef0123456789abcdef"), "the recording token reached an agent: {wire}");
    // Ringostat never retries, but a repeat adds nothing.
    send(&relay, "ended", after).await;
    ws.expect_silence(Duration::from_millis(600)).await.unwrap();
}

#[tokio::test]
async fn missed_and_outgoing_calls_by_query_and_renamed_parameters() {
    let relay = Relay::start("[ringostat.fields]\ncall_id = \"ringo_id\"\n").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "anna");
    let mut ws = relay.subscribed(&anna).await;

    // A missed call, its parameters in the query (GET) under the admin's name for the id.
    let url = relay.url(&format!(
        "/hooks/ringostat/{RINGOSTAT_SECRET}/ringing?ringo_id=m1&caller={IVAN}&dst={LINE}&sip_login=anna&calldate=2024-06-03+10%3A00%3A00"
    ));
    assert_eq!(reqwest::get(url).await.unwrap().status(), 200);
    assert_eq!(next_of(&mut ws, "m1").await.kind, EventKind::Ringing);
    send(&relay, "ended", json!({"ringo_id": "m1", "caller": IVAN, "dst": LINE, "status": "NO ANSWER", "dialog": "0", "staffid": "2100", "calldate": "2024-06-03 10:00:00"})).await;
    let e = next_of(&mut ws, "m1").await;
    assert_eq!((e.kind, e.call.disposition.clone()), (EventKind::Ended, Some(Disposition::Missed)));
    assert!(e.call.missed);
    let reminders = relay.get_json("/api/v1/reminders", &anna).await;
    assert_eq!(reminders[0]["phone"], IVAN, "{reminders}");

    // An outgoing call: the caller is Anna's SIP account.
    send(
        &relay,
        "outgoing_start",
        json!({"ringo_id": "o1", "caller": "anna", "destination": IVAN, "call_timestamp": "1717408800000000"}),
    )
    .await;
    let e = next_of(&mut ws, "o1").await;
    assert_eq!(
        (e.call.direction, e.call.agent.as_ref().and_then(|a| a.name.as_deref())),
        (Direction::Outgoing, Some("Anna"))
    );
    assert_eq!(e.call.client_phone.as_deref(), Some(IVAN));
    send(&relay, "outgoing_end", json!({"ringo_id": "o1", "caller": "anna", "destination": IVAN, "disposition": "BUSY", "billsec": "0", "call_timestamp": "1717408800000000"})).await;
    let e = next_of(&mut ws, "o1").await;
    assert_eq!((e.kind, e.call.disposition.clone()), (EventKind::Ended, Some(Disposition::Busy)));
}

#[tokio::test]
async fn refusals_and_what_is_flagged() {
    let relay = Relay::start("").await;
    let boss = relay.add_agent("Boss", "900", None, true);
    let http = reqwest::Client::new();
    let resp = http.post(relay.url("/hooks/ringostat/not-the-secret-at-all/ended")).body("{}").send().await.unwrap();
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.json::<Value>().await.unwrap()["code"], "webhook_refused");
    let resp = relay.ringostat("after_call", "{}").await;
    assert_eq!(resp.status(), 404);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["params"]["known"],
        "ringing,answered,ended,outgoing_start,outgoing_end,route"
    );
    // With the right secret nothing is refused: Ringostat would not send it again.
    send(&relay, "ended", json!({"disposition": "ANSWERED"})).await;
    assert_eq!(relay.ringostat("ended", "not json at all").await.status(), 200);
    let health = relay.get_json("/healthz", &boss).await;
    assert_eq!(health["flagged_webhooks"], 2, "{health}");
    let listed = relay.cli(&["webhook", "flagged"]).unwrap();
    assert!(listed.contains("ringostat ended") && listed.contains("missing field `call_id`"), "{listed}");
    assert!(!listed.contains(RINGOSTAT_SECRET));
}

#[tokio::test]
async fn the_webhook_number_routes_to_the_responsible() {
    let relay = Relay::start("[routing]\nredirect_to_responsible = true\n").await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "anna");
    relay.cli(&["contact", "add", "--name", "Spam", "--phone", "380800000000", "--blacklist"]).unwrap();
    relay.cli(&["contact", "add", "--name", "Nobody's", "--phone", "380670000000"]).unwrap();
    let route = |caller: &str| {
        json!({"call_id": "r1", "caller": caller, "dst": LINE, "step_forward": "webhookNumber:120", "uuid": "x"})
            .to_string()
    };
    for (caller, want) in [
        (IVAN.to_string(), json!({"destination": "anna"})),
        (format!("\"Іван\" <{IVAN}>"), json!({"destination": "anna"})),
        ("380800000000".to_string(), json!({})),
        ("380670000000".to_string(), json!({})),
        ("380990000000".to_string(), json!({})),
    ] {
        let resp = relay.ringostat("route", &route(&caller)).await;
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.json::<Value>().await.unwrap(), want, "{caller}");
    }
}

#[tokio::test]
async fn the_webhook_number_answers_a_plain_body_when_configured() {
    let env = [("CALLCARD_RINGOSTAT_ROUTE_RESPONSE_KEY", "")];
    let relay = Relay::start_with_env("[routing]\nredirect_to_responsible = true\n", &env).await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "anna");
    let resp = relay.ringostat("route", &json!({"caller": IVAN}).to_string()).await;
    assert_eq!(resp.text().await.unwrap(), "anna");
    let resp = relay.ringostat("route", &json!({"caller": "380990000000"}).to_string()).await;
    assert_eq!(resp.text().await.unwrap(), "");
}

/// The relay against the simulator's strict Ringostat API: click-to-call as the agent's SIP
/// account, the played call back with its recording (streamed with `Range`), the webhook number
/// ringing the responsible agent first, and contact names pushed to Ringostat's phone app.
#[tokio::test]
async fn click_to_call_recording_smart_redirect_and_contact_names_through_the_simulator() {
    let mut relay = Relay::start("[routing]\nredirect_to_responsible = true\n").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    relay.add_agent("Vera", "102", Some("vera"), false);
    let sim = callcard_e2e::Sim::start(&callcard_e2e::sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "ringostat").await;
    // Saved through the CLI: its name reaches Ringostat's contacts.
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "vera");
    let synced: Value = reqwest::get(sim.url("/sim/ringostat/contacts")).await.unwrap().json().await.unwrap();
    assert!(synced.to_string().contains("Ivan Petrov / ACME"), "{synced}");

    let mut ws = relay.subscribed(&anna).await;
    let resp = relay.dial(&anna, "+7 999 123-45-67").await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap_or_default());
    let deadline = Instant::now() + Duration::from_secs(15);
    let call = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match ws.next_message(left).await.expect("the dialled call's events") {
            ServerMessage::Event(e) if e.call.state == CallState::Ended => break e.call,
            _ => continue,
        }
    };
    assert_eq!((call.provider.as_str(), call.direction), ("ringostat", Direction::Outgoing));
    assert_eq!(call.agent.as_ref().and_then(|a| a.name.as_deref()), Some("Anna"));
    assert!(call.recording.as_ref().is_some_and(|r| r.ready && r.url.is_none()), "{:?}", call.recording);
    let path = format!("/api/v1/calls/{}/recording", call.id);
    let whole = relay.api(reqwest::Method::GET, &path, &anna).send().await.unwrap();
    assert_eq!(whole.status(), 200);
    let bytes = whole.bytes().await.unwrap();
    assert!(bytes.starts_with(b"RIFF") && bytes.len() > 1000, "not a WAV: {} bytes", bytes.len());
    let part = relay.api(reqwest::Method::GET, &path, &anna).header("Range", "bytes=0-43").send().await.unwrap();
    assert_eq!((part.status().as_u16(), part.bytes().await.unwrap().len()), (206, 44));

    // An incoming call from Vera's client: the webhook number sends it to Vera first.
    let mut watcher = relay.subscribed(&boss).await;
    let (ok, stdout, stderr) = callcard_e2e::Sim::run(
        &callcard_e2e::sim_config(&relay, "", ""),
        &["--seed", "7", "--time-scale", "0.05", "call", "incoming-answered", "--provider", "ringostat"],
    )
    .await;
    assert!(ok, "{stdout}{stderr}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let rung = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match watcher.next_message(left).await.expect("the incoming call's events") {
            ServerMessage::Event(e) if !e.call.ringing.is_empty() && e.call.provider == "ringostat" => break e.call,
            _ => continue,
        }
    };
    // The simulator's only client is Ivan, Vera's.
    assert_eq!(rung.client_phone.as_deref(), Some("79991234567"));
    assert_eq!(rung.ringing[0].name.as_deref(), Some("Vera"), "the responsible agent rings first: {rung:?}");
}
