//! UIS and Ringostat end to end in the real app (under Xvfb, tauri-driver + WebKitWebDriver):
//! their webhooks pop the card through ringing → talking → wrap-up, click-to-call goes through
//! the simulator's strict API as the agent's user on that PBX and comes back as a card, and the
//! recording plays into a real ALSA output captured to a file.

use std::path::Path;
use std::time::{Duration, Instant};

use callcard_e2e::desktop::{App, Desktop};
use callcard_e2e::{sim_config, uis_employee, Relay, Sim};
use serde_json::{json, Value};

/// The GUI tests share two cores with WebKit: one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const IVAN: &str = "79991234567";
const LINE: &str = "74951234567";

async fn phase(app: &App) -> String {
    app.js("return document.body.dataset.phase").await.as_str().unwrap_or_default().to_string()
}

/// The loudest sample of the captured WAV (16-bit), from its `data` chunk on.
fn loudest(path: &Path) -> u16 {
    let bytes = std::fs::read(path).unwrap_or_default();
    let Some(at) = bytes.windows(4).position(|w| w == b"data") else { return 0 };
    bytes[at + 8..].chunks_exact(2).map(|s| i16::from_le_bytes([s[0], s[1]]).unsigned_abs()).max().unwrap_or(0)
}

async fn notify(relay: &Relay, provider: &str, event: &str, body: &Value) {
    let resp = match provider {
        "uis" => relay.uis(event, &body.to_string()).await,
        _ => relay.ringostat(event, &body.to_string()).await,
    };
    assert_eq!(resp.status(), 200, "{provider} {event}");
}

/// An incoming call as a provider's webhooks tell it: ringing (and before it), answered, ended.
struct Incoming {
    provider: &'static str,
    ringing: Vec<(&'static str, Value)>,
    answered: (&'static str, Value),
    ended: (&'static str, Value),
}

/// Now as the webhooks write it (the test relay reads zone-less times as UTC).
fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The card's life from `incoming`, then click-to-call and the recording through the simulator.
async fn card_click_to_call_and_recording(incoming: Incoming) {
    let _one = ONE_AT_A_TIME.lock().await;
    let provider = incoming.provider;
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "anna");
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, provider).await;

    let desktop = Desktop::start();
    let (alsa_config, capture) = desktop.alsa_capture();
    let env = [
        ("CALLCARD_RELAY_URL", relay.base.as_str()),
        ("CALLCARD_TOKEN", anna.as_str()),
        ("ALSA_CONFIG_PATH", alsa_config.as_str()),
    ];
    let app = App::launch(&desktop, &env, &format!("app_{provider}")).await;
    app.wait_status("connected", Duration::from_secs(10)).await;

    // An incoming call: before it rings nobody, then Anna's phone rings: the card pops.
    for (event, webhook) in &incoming.ringing {
        notify(&relay, provider, event, webhook).await;
    }
    let (incoming_call, _) = app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    assert_eq!(phase(&app).await, "ringing");
    assert_eq!(app.text("#title").await, "Incoming call from +7 999 123-45-67");
    assert_eq!(app.text("#line").await, "Moscow sales (+7 495 123-45-67)");
    app.screenshot(&format!("1-{provider}-card-ringing")).await;

    notify(&relay, provider, incoming.answered.0, &incoming.answered.1).await;
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(6), |v| v == "talking").await;
    assert_eq!(app.text("#title").await, "Talking with Ivan Petrov");
    app.screenshot(&format!("2-{provider}-card-talking")).await;

    notify(&relay, provider, incoming.ended.0, &incoming.ended.1).await;
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(6), |v| v == "wrap_up").await;
    assert_eq!(app.text("#title").await, "Call with Ivan Petrov ended");
    app.screenshot(&format!("3-{provider}-card-wrap-up")).await;

    // Click-to-call from the dialer: the PBX's API rings Anna's phone first, then plays the
    // outgoing call back as webhooks: a second card.
    app.to_main().await;
    let status = app.dial_from_dialer("+7 999 123-45-67").await;
    assert_eq!(status, serde_json::json!(["ok", "Calling +7 999 123-45-67: your phone rings first."]));
    let deadline = Instant::now() + Duration::from_secs(15);
    let outgoing = loop {
        app.to_main().await;
        if let Some((id, _)) = app.cards().await.into_iter().find(|(id, _)| *id != incoming_call) {
            break id;
        }
        assert!(Instant::now() < deadline, "no card for the {provider} click-to-call call");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let recent = relay.get_json("/api/v1/calls/recent", &anna).await;
    let dialled = recent["calls"].as_array().unwrap().iter().find(|c| c["id"] == outgoing).cloned().unwrap();
    assert_eq!(
        (dialled["provider"].as_str(), dialled["direction"].as_str()),
        (Some(provider), Some("outgoing")),
        "{dialled}"
    );
    assert_eq!(dialled["client_phone"], IVAN);
    assert_eq!(dialled["agent"]["name"], "Anna", "{dialled}");

    // Its recording: the card offers it once the PBX says it is complete, and it plays.
    let deadline = Instant::now() + Duration::from_secs(20);
    'found: loop {
        for (id, handle) in app.cards().await {
            if id == outgoing {
                app.client.switch_to_window(handle).await.unwrap();
                let shown = app.js("return !document.getElementById('play-recording').hidden").await;
                if shown == true {
                    break 'found;
                }
            }
        }
        assert!(Instant::now() < deadline, "the outgoing call's card never offered its recording");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let state = app.play_recording().await;
    assert_eq!(state[0], "ended", "{state}");
    assert!(loudest(&capture) > 1000, "the recording's sound did not reach the ALSA output");
    app.screenshot(&format!("4-{provider}-recording-played")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_uis_call_pops_the_card_click_to_call_and_the_recording() {
    let employee: u64 = uis_employee("100").parse().unwrap();
    let session = 4_100_000_001u64;
    let call = |extra: Value| {
        let mut body = json!({"notification_time": now(), "call_session_id": session, "contact_phone_number": IVAN, "virtual_phone_number": LINE});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    card_click_to_call_and_recording(Incoming {
        provider: "uis",
        ringing: vec![
            ("inbound", call(json!({"notification_name": "Входящий звонок"}))),
            ("ringing", call(json!({"employee_id": employee, "leg_id": 1, "direction": "in"}))),
        ],
        answered: ("answered", call(json!({"employee_id": employee, "leg_ids": [1]}))),
        ended: ("ended", call(json!({"is_lost": false, "talk_time_duration": 4, "employee_id": employee, "last_talked_employee_id": employee, "direction": "in"}))),
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ringostat_call_pops_the_card_click_to_call_and_the_recording() {
    let id = "ua3_-1764000000.1000001";
    let call = |extra: Value| {
        let mut body = json!({"uniqueid": id, "call_type": "in", "calldate": now(), "caller": format!("\"Іван\" <{IVAN}>"), "dst": LINE});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    card_click_to_call_and_recording(Incoming {
        provider: "ringostat",
        ringing: vec![("ringing", call(json!({}))), ("ringing", call(json!({"sip_login": "anna", "employee_number": "2100"})))],
        answered: ("answered", call(json!({"sip_login": "anna"}))),
        ended: ("ended", call(json!({"disposition": "ANSWERED", "billsec": "4", "duration": "9", "sip_login": "anna", "has_recording": "0"}))),
    })
    .await;
}
