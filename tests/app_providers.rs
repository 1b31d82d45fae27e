//! A UIS account end to end in the real app (under Xvfb, tauri-driver + WebKitWebDriver): its
//! notifications pop the card through ringing → talking → wrap-up, click-to-call goes through
//! the simulator's strict Call API as the agent's employee and comes back as a card, and the
//! recording plays into a real ALSA output captured to a file.

use std::path::Path;
use std::time::{Duration, Instant};

use callcard_e2e::desktop::{App, Desktop};
use callcard_e2e::{uis_employee, uis_sim_config, Relay, Sim};

const IVAN: &str = "79991234567";

async fn phase(app: &App) -> String {
    app.js("return document.body.dataset.phase").await.as_str().unwrap_or_default().to_string()
}

/// The loudest sample of the captured WAV (16-bit), from its `data` chunk on.
fn loudest(path: &Path) -> u16 {
    let bytes = std::fs::read(path).unwrap_or_default();
    let Some(at) = bytes.windows(4).position(|w| w == b"data") else { return 0 };
    bytes[at + 8..].chunks_exact(2).map(|s| i16::from_le_bytes([s[0], s[1]]).unsigned_abs()).max().unwrap_or(0)
}

async fn notify(relay: &Relay, event: &str, body: serde_json::Value) {
    let resp = relay.uis(event, &body.to_string()).await;
    assert_eq!(resp.status(), 200, "{event}");
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S%.3f").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_uis_call_pops_the_card_click_to_call_and_the_recording() {
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "anna");
    let sim = Sim::start(&uis_sim_config(&relay.base, "timezone = \"UTC\""), &["serve"]).await;
    relay.use_sim_apis(&sim, "uis").await;
    let employee: u64 = uis_employee("100").parse().unwrap();

    let desktop = Desktop::start();
    let (alsa_config, capture) = desktop.alsa_capture();
    let env = [
        ("CALLCARD_RELAY_URL", relay.base.as_str()),
        ("CALLCARD_TOKEN", anna.as_str()),
        ("ALSA_CONFIG_PATH", alsa_config.as_str()),
    ];
    let app = App::launch(&desktop, &env, "app_uis").await;
    app.wait_status("connected", Duration::from_secs(10)).await;

    // An incoming call: the virtual number is called, then Anna's phone rings ("Waiting for
    // the answer"): the card pops.
    let session = 4_100_000_001u64;
    let call = |extra: serde_json::Value| {
        let mut body = serde_json::json!({
            "notification_time": now(), "call_session_id": session,
            "contact_phone_number": IVAN, "virtual_phone_number": "74951234567"
        });
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    notify(&relay, "inbound", call(serde_json::json!({"notification_name": "Входящий звонок"}))).await;
    notify(&relay, "ringing", call(serde_json::json!({"employee_id": employee, "leg_id": 1, "direction": "in"}))).await;
    let (incoming, _) = app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    assert_eq!(phase(&app).await, "ringing");
    assert_eq!(app.text("#title").await, "Incoming call from +7 999 123-45-67");
    assert_eq!(app.text("#line").await, "Moscow sales (+7 495 123-45-67)");
    app.screenshot("1-uis-card-ringing").await;

    notify(&relay, "answered", call(serde_json::json!({"employee_id": employee, "leg_ids": [1]}))).await;
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(6), |v| v == "talking").await;
    assert_eq!(app.text("#title").await, "Talking with Ivan Petrov");
    app.screenshot("2-uis-card-talking").await;

    let ended = serde_json::json!({
        "is_lost": false, "talk_time_duration": 4, "employee_id": employee,
        "last_talked_employee_id": employee, "direction": "in"
    });
    notify(&relay, "ended", call(ended)).await;
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(6), |v| v == "wrap_up").await;
    assert_eq!(app.text("#title").await, "Call with Ivan Petrov ended");
    app.screenshot("3-uis-card-wrap-up").await;

    // Click-to-call from the dialer: UIS's Call API rings Anna's employee first, then plays
    // the outgoing call back as notifications: a second card.
    app.to_main().await;
    let status = app.dial_from_dialer("+7 999 123-45-67").await;
    assert_eq!(status, serde_json::json!(["ok", "Calling +7 999 123-45-67: your phone rings first."]));
    let deadline = Instant::now() + Duration::from_secs(15);
    let outgoing = loop {
        app.to_main().await;
        if let Some((id, _)) = app.cards().await.into_iter().find(|(id, _)| *id != incoming) {
            break id;
        }
        assert!(Instant::now() < deadline, "no card for the UIS click-to-call call");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let recent = relay.get_json("/api/v1/calls/recent", &anna).await;
    let dialled = recent["calls"].as_array().unwrap().iter().find(|c| c["id"] == outgoing).cloned().unwrap();
    assert_eq!(
        (dialled["provider"].as_str(), dialled["direction"].as_str()),
        (Some("uis"), Some("outgoing")),
        "{dialled}"
    );
    assert_eq!(dialled["client_phone"], IVAN);
    assert_eq!(dialled["agent"]["name"], "Anna", "{dialled}");

    // Its recording: the card offers it once UIS says it is complete, and it plays.
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
    app.click("#play-recording").await;
    app.wait_js("return document.getElementById('player').dataset.state", Duration::from_secs(15), |v| {
        v == "ended" || v == "failed"
    })
    .await;
    let state = app
        .js("return [document.getElementById('player').dataset.state, document.getElementById('player').textContent]")
        .await;
    assert_eq!(state[0], "ended", "{state}");
    assert!(loudest(&capture) > 1000, "the recording's sound did not reach the ALSA output");
    app.screenshot("4-uis-recording-played").await;
    app.quit().await;
}
