//! What managers do from the app, end to end: the real `callcard` under Xvfb (tauri-driver +
//! WebKitWebDriver), the real relay, and `callcard-sim` playing the PBX and its APIs. Dial from
//! the dialer and from a `tel:` link opened on the desktop; log an outcome on the card; play the
//! recording into a real ALSA output captured to a file; an outcome clicked while the relay is
//! down reaches it exactly once, across an app restart.

use std::path::Path;
use std::time::{Duration, Instant};

use callcard_e2e::desktop::{App, Desktop};
use callcard_e2e::{sim_config, Relay, Sim};

/// The GUI tests share two cores with WebKit: one at a time (this file's tests).
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const IVAN: &str = "79991234567";

/// A relay with Anna and her client Ivan, and the simulator as its PBX (dialing, recordings).
async fn anna_with_a_pbx() -> (Relay, String, Sim) {
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.cli(&["agent", "may-blacklist", "anna", "true"]).unwrap();
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "anna");
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;
    (relay, anna, sim)
}

/// The relay's view of a call, as Anna sees it.
async fn call_on_relay(relay: &Relay, token: &str, call_id: i64) -> serde_json::Value {
    let recent = relay.get_json("/api/v1/calls/recent", token).await;
    recent["calls"].as_array().unwrap().iter().find(|c| c["id"].as_i64() == Some(call_id)).cloned().unwrap()
}

/// Samples of the captured WAV (16-bit stereo), left channel, from its `data` chunk on.
fn captured_left_channel(path: &Path) -> Vec<i16> {
    let bytes = std::fs::read(path).unwrap_or_default();
    let Some(at) = bytes.windows(4).position(|w| w == b"data") else { return vec![] };
    bytes[at + 8..].chunks_exact(4).map(|f| i16::from_le_bytes([f[0], f[1]])).collect()
}

/// The frequency of a pure tone, from its zero crossings.
fn frequency(samples: &[i16], rate: f64) -> f64 {
    let crossings = samples.windows(2).filter(|w| (w[0] < 0) != (w[1] < 0)).count();
    crossings as f64 / 2.0 / (samples.len() as f64 / rate)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dial_log_an_outcome_and_hear_the_recording() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (relay, anna, sim) = anna_with_a_pbx().await;

    let desktop = Desktop::start();
    let (alsa_config, capture) = desktop.alsa_capture();
    let env = [
        ("CALLCARD_RELAY_URL", relay.base.as_str()),
        ("CALLCARD_TOKEN", anna.as_str()),
        ("ALSA_CONFIG_PATH", alsa_config.as_str()),
    ];
    let app = App::launch(&desktop, &env, "app_dial_outcome_recording").await;
    app.wait_status("connected", Duration::from_secs(10)).await;

    // The dialer: a pasted number in a human format, one click.
    let status = app.dial_from_dialer("8 (999) 123-45-67").await;
    assert_eq!(status, serde_json::json!(["ok", "Calling +7 999 123-45-67: your phone rings first."]));
    app.screenshot("1-dialer").await;
    // The simulator got a correctly signed callback request (it refuses others) and plays the
    // outgoing call: its card pops.
    let (call_id, _) = app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    let sim_log = std::fs::read_to_string(sim.dir.path().join("sim.log")).unwrap();
    assert!(sim_log.contains("click-to-call: playing the outgoing call"), "{sim_log}");
    assert!(sim_log.contains("from=100") || sim_log.contains("from=\"100\""), "{sim_log}");

    // Wrap-up: one click logs the outcome, with a note.
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(10), |v| v == "wrap_up").await;
    app.type_into("#outcome-note", "wants a quote").await;
    app.click_now("button.outcome[data-code='interested']").await;
    app.wait_js("return document.getElementById('outcome-logged').dataset.state", Duration::from_secs(10), |v| {
        v == "stored"
    })
    .await;
    let stored = call_on_relay(&relay, &anna, call_id).await;
    assert_eq!(stored["outcome"]["code"], "interested", "{stored}");
    assert_eq!(stored["outcome"]["note"], "wants a quote");
    assert_eq!(stored["outcome"]["agent_name"], "Anna");
    app.screenshot("2-card-outcome-logged").await;

    // The blacklist button (the admin allowed Anna): on the card, then back off from the call list.
    let blacklisted = || async {
        let found = relay.get_json("/api/v1/contacts?q=Ivan", &anna).await;
        found[0]["contact"]["blacklisted"].as_bool().unwrap()
    };
    app.click_now("#blacklist-area button.blacklist").await;
    app.wait_js("return !document.getElementById('blacklisted').hidden", Duration::from_secs(10), |v| v == true).await;
    assert!(blacklisted().await, "the card's button did not reach the relay");
    app.screenshot("2b-card-blacklisted").await;

    // The recording: play it; the sound reaches the ALSA output, and it is the simulator's.
    app.wait_js("return !document.getElementById('play-recording').hidden", Duration::from_secs(10), |v| v == true)
        .await;
    let state = app.play_recording().await;
    assert_eq!(state[0], "ended", "{state}");
    app.screenshot("3-card-recording-played").await;
    let recording_id = stored["recording"]["id"].as_str().unwrap().to_string();
    let (tone_a, tone_b) = callcard_sim::audio::tones(&recording_id);
    let left = captured_left_channel(&capture);
    let start = left.iter().position(|s| s.unsigned_abs() > 1000).expect("sound reached the ALSA output");
    let rate = 48_000.0;
    let first = frequency(&left[start + 4_800..start + 19_200], rate);
    let second = frequency(&left[start + 28_800..start + 43_200], rate);
    assert!((first - f64::from(tone_a)).abs() < f64::from(tone_a) * 0.03, "first tone {first} Hz, expected {tone_a}");
    assert!(
        (second - f64::from(tone_b)).abs() < f64::from(tone_b) * 0.03,
        "second tone {second} Hz, expected {tone_b}"
    );

    app.to_main().await;
    let row_button = "#calls button.blacklist[data-blacklisted='true']";
    app.wait_js(&format!("return document.querySelectorAll(\"{row_button}\").length"), Duration::from_secs(10), |v| {
        v == 1
    })
    .await;
    app.click_now(row_button).await;
    app.wait_js(
        "return document.querySelectorAll(\"#calls button.blacklist[data-blacklisted='false']\").length",
        Duration::from_secs(10),
        |v| v == 1,
    )
    .await;
    assert!(!blacklisted().await, "the call row's button did not reach the relay");

    // A tel: link opened anywhere on the desktop: the OS runs `callcard tel:…`, which hands it
    // to the running app; it dials through the PBX and the dialer says so.
    app.to_main().await;
    let status = desktop.run_app(&["tel:+79991234567"]);
    assert!(status.success(), "{status}");
    // A second card, beside the first call's wrap-up.
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.cards().await.iter().all(|(id, _)| *id == call_id) {
        assert!(Instant::now() < deadline, "no card for the call dialled from the tel: link");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sim_log = std::fs::read_to_string(sim.dir.path().join("sim.log")).unwrap();
    assert_eq!(sim_log.matches("click-to-call: playing the outgoing call").count(), 2, "{sim_log}");
    // The new card lists the client's last call from the relay's journal, with its outcome.
    let (_, second) = app.cards().await.into_iter().find(|(id, _)| *id != call_id).expect("the second card");
    app.to_card(second).await;
    let recent = app
        .wait_js("return document.getElementById('recent-calls').textContent", Duration::from_secs(10), |v| {
            v.as_str().is_some_and(|t| t.contains("Interested"))
        })
        .await;
    assert!(recent.as_str().unwrap().contains("wants a quote"), "{recent}");
    app.screenshot("4-card-journal").await;

    // Softphone mode: a click on a number in the call list runs the configured command.
    app.to_main().await;
    let handed = desktop.dir.path().join("softphone-got.txt");
    let command = format!("sh -c 'echo \"$0\" > {}' {{number}}", handed.display());
    app.js("const s = document.getElementById('dial-mode'); s.value = 'softphone'; return s.value").await;
    app.type_into("#softphone-command", &command).await;
    let valid = app.js("return document.getElementById('settings-form').checkValidity()").await;
    assert_eq!(valid, true, "the settings form is not valid as filled");
    // In one script: the main window re-renders on call events, and a pointer click synthesised
    // while a card window sits above it was seen to reach nothing.
    app.click_now("#save-settings").await;
    app.wait_js("return document.getElementById('settings-message').dataset.kind", Duration::from_secs(30), |v| {
        v == "ok"
    })
    .await;
    app.wait_js("return document.querySelectorAll('#calls .dial-link').length", Duration::from_secs(5), |v| v == 2)
        .await;
    app.click_now("#calls .dial-link").await;
    // The shell creates the file before it writes the number: wait for the line itself.
    let deadline = Instant::now() + Duration::from_secs(5);
    let written = loop {
        let text = std::fs::read_to_string(&handed).unwrap_or_default();
        if text.ends_with('\n') {
            break text;
        }
        assert!(Instant::now() < deadline, "the softphone command did not run (file: {text:?})");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(written.trim(), "+79991234567");
    let sim_log = std::fs::read_to_string(sim.dir.path().join("sim.log")).unwrap();
    assert_eq!(sim_log.matches("click-to-call").count(), 2, "softphone mode does not ask the PBX");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outcome_clicked_offline_arrives_once_after_a_restart() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (mut relay, anna, _sim) = anna_with_a_pbx().await;
    let desktop = Desktop::start();
    let base = relay.base.clone();
    let env = [
        ("CALLCARD_RELAY_URL", base.as_str()),
        ("CALLCARD_TOKEN", anna.as_str()),
        ("CALLCARD_STALE_SECS", "3"),
        ("CALLCARD_BACKOFF_MAX_MS", "1000"),
    ];
    let app = App::launch(&desktop, &env, "app_offline_outcome").await;
    app.wait_status("connected", Duration::from_secs(10)).await;

    // A call Anna handled ends: it is on the "to log" list.
    assert_eq!(relay.dial(&anna, IVAN).await.status(), 200);
    let (call_id, _) = app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(10), |v| v == "wrap_up").await;
    app.to_main().await;
    let to_log = format!("return !!document.querySelector('#to-log tr[data-call-id=\"{call_id}\"]')");
    app.wait_js(&to_log, Duration::from_secs(10), |v| v == true).await;
    app.screenshot("1-to-log").await;

    // The relay goes away; the manager clicks the outcome anyway.
    relay.kill();
    app.wait_status("reconnecting", Duration::from_secs(10)).await;
    app.wait_card("Ivan Petrov", Duration::from_secs(5)).await;
    app.click_now("button.outcome[data-code='call_back']").await;
    app.wait_js("return document.getElementById('outcome-logged').dataset.state", Duration::from_secs(5), |v| {
        v == "pending"
    })
    .await;
    app.screenshot("2-card-outcome-queued").await;
    // It is on disk before anything else happens.
    let outbox = std::fs::read_to_string(desktop.app_data_dir().join("outbox.json")).unwrap();
    assert!(outbox.contains("call_back") && outbox.contains(&format!("\"call_id\": {call_id}")), "{outbox}");

    // The app is closed and started again, still offline; then the relay comes back.
    app.quit().await;
    let app = App::launch(&desktop, &env, "app_offline_outcome_restarted").await;
    app.wait_status("reconnecting", Duration::from_secs(15)).await;
    relay.revive().await;
    app.wait_status("connected", Duration::from_secs(15)).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let stored = call_on_relay(&relay, &anna, call_id).await;
        if stored["outcome"]["code"] == "call_back" {
            break;
        }
        assert!(Instant::now() < deadline, "the queued outcome never arrived: {stored}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Delivered once: one outcome stored, the queue empty, the call off the "to log" list.
    app.wait_js(&to_log, Duration::from_secs(10), |v| v == false).await;
    let log = std::fs::read_to_string(relay.dir.path().join("relay.log")).unwrap();
    assert_eq!(log.matches("outcome logged").count(), 1, "{log}");
    let outbox = std::fs::read_to_string(desktop.app_data_dir().join("outbox.json")).unwrap();
    assert_eq!(outbox.trim(), "[]");
    app.screenshot("3-main-after-delivery").await;
    app.quit().await;
}
