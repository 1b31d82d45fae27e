//! The real desktop app under Xvfb, driven through tauri-driver + WebKitWebDriver, against the
//! real relay and `callcard-sim` playing Zadarma: first-run settings with the token in a real
//! Secret Service, pop-up cards through ring → talk → wrap-up, "Create contact" on a new number,
//! the missed-call notification reaching a real notification daemon, and a relay restart
//! mid-call. Screenshots of each card state land in target/test-artifacts/.

use std::time::{Duration, Instant};

use callcard_e2e::desktop::{App, Desktop};
use callcard_e2e::{sim_config, Relay, Sim};
use callcard_protocol::ServerMessage;

/// The GUI tests share two cores with WebKit: one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const IVAN: &str = "79991234567";
const NEW_NUMBER: &str = "79035550001";

/// A scenario step sending one signed Zadarma webhook through the simulator.
fn zd(event: &str, call: &str, caller: &str, extra: &[(&str, &str)]) -> String {
    let mut fields = vec![
        ("event", event.to_string()),
        ("call_start", chrono_now()),
        ("pbx_call_id", call.to_string()),
        ("caller_id", caller.to_string()),
        ("called_did", "74951234567".to_string()),
    ];
    fields.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    let inline: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = \"{v}\"")).collect();
    format!("\n[[step]]\nsend = \"zadarma\"\nfields = {{ {} }}\n", inline.join(", "))
}

fn sleep(ms: u64) -> String {
    format!("\n[[step]]\nsleep_ms = {ms}\n")
}

/// Zadarma's `call_start` (the relay is configured for UTC).
fn chrono_now() -> String {
    let out = std::process::Command::new("date").args(["-u", "+%Y-%m-%d %H:%M:%S"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Plays a scenario through the simulator in the background; the handle yields its verdict.
fn play(relay: &Relay, steps: String) -> tokio::task::JoinHandle<(bool, String, String)> {
    let config = sim_config(relay, "", "");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.toml");
    std::fs::write(&file, format!("time_scale = 1.0\n{steps}")).unwrap();
    tokio::spawn(async move {
        let _keep = dir;
        Sim::run(&config, &["scenario", file.to_str().unwrap()]).await
    })
}

async fn team() -> (Relay, String, String) {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    relay.add_agent("Boris", "101", Some("boris"), false);
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "boris");
    (relay, anna, boss)
}

async fn main_status(app: &App) -> String {
    app.js("return document.getElementById('status').dataset.state").await.as_str().unwrap_or_default().to_string()
}

async fn phase(app: &App) -> String {
    app.js("return document.body.dataset.phase").await.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_then_cards_for_an_answered_and_a_missed_call() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (relay, anna, boss) = team().await;
    let desktop = Desktop::start();
    let app = App::launch(&desktop, &[], "app_first_run_and_cards").await;

    // First run: nothing set up; the settings screen says what is wrong, in words.
    app.wait_status("not_configured", Duration::from_secs(10)).await;
    app.screenshot("0-first-run").await;
    let save_and_read = |url: String, token: String| {
        let app = &app;
        async move {
            app.type_into("#relay-url", &url).await;
            app.type_into("#token", &token).await;
            app.type_into("#wrap-up-secs", "4").await;
            app.click("#save-settings").await;
            let v = app
                .wait_js(
                    "const m = document.getElementById('settings-message'); \
                     return m.dataset.kind === 'pending' ? null : [m.dataset.kind, m.textContent]",
                    Duration::from_secs(15),
                    |v| v.is_array(),
                )
                .await;
            (v[0].as_str().unwrap().to_string(), v[1].as_str().unwrap().to_string())
        }
    };
    let dead = format!(
        "http://127.0.0.1:{}",
        std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    );
    let (kind, text) = save_and_read(dead, anna.clone()).await;
    assert_eq!(kind, "error");
    assert!(text.contains("Cannot reach the relay"), "{text}");
    let (kind, text) = save_and_read(relay.base.clone(), "cc_not_a_real_token".into()).await;
    assert_eq!(kind, "error");
    assert!(text.contains("refused the token"), "{text}");
    let (kind, text) = save_and_read(relay.base.clone(), anna.clone()).await;
    assert_eq!((kind.as_str(), text.as_str()), ("ok", "Saved. Signed in as Anna."));
    app.wait_status("connected", Duration::from_secs(10)).await;
    app.screenshot("1-connected").await;

    // The token went to the Secret Service, not to a file.
    let found = desktop.keyring_search(&["service", "callcard"]);
    assert!(found.contains(&anna), "token not in the keyring: {found}");
    let settings = std::fs::read_to_string(desktop.app_config_dir().join("settings.json")).unwrap();
    assert!(settings.contains(&relay.base) && !settings.contains(&anna), "{settings}");

    // A supervisor's stream timestamps when the relay emits each event.
    let mut watcher = relay.connect(&boss).await.unwrap();
    assert!(matches!(watcher.subscribe(None).await.unwrap(), ServerMessage::Subscribed { .. }));
    let (ring_tx, ring_rx) = tokio::sync::oneshot::channel();
    let watch = tokio::spawn(async move {
        while let Ok(event) = watcher.next_event().await {
            if event.call.provider_call_id == "in_app_1" && !event.call.ringing.is_empty() {
                let _ = ring_tx.send(Instant::now());
                return;
            }
        }
    });

    let mut steps = String::new();
    steps += &zd("NOTIFY_START", "in_app_1", IVAN, &[]);
    steps += &zd("NOTIFY_INTERNAL", "in_app_1", IVAN, &[("internal", "100")]);
    steps += &sleep(3000);
    steps += &zd("NOTIFY_ANSWER", "in_app_1", IVAN, &[("destination", "100"), ("internal", "100")]);
    steps += &sleep(3500);
    steps += &zd(
        "NOTIFY_END",
        "in_app_1",
        IVAN,
        &[
            ("internal", "100"),
            ("duration", "4"),
            ("disposition", "answered"),
            ("status_code", "16"),
            ("is_recorded", "0"),
        ],
    );
    steps += &sleep(6000);
    steps += &zd("NOTIFY_START", "in_app_2", NEW_NUMBER, &[]);
    steps += &zd("NOTIFY_INTERNAL", "in_app_2", NEW_NUMBER, &[("internal", "100")]);
    steps += &sleep(9000);
    steps += &zd(
        "NOTIFY_END",
        "in_app_2",
        NEW_NUMBER,
        &[
            ("internal", "100"),
            ("duration", "0"),
            ("disposition", "no answer"),
            ("status_code", "19"),
            ("is_recorded", "0"),
        ],
    );
    let sim = play(&relay, steps);

    // Ringing: the card names the caller within a second of the relay's event.
    let (ivan_call, card) = app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    let seen = Instant::now();
    let emitted = ring_rx.await.unwrap();
    // The watcher hears the relay's event before any card can show it: a card "seen" earlier
    // means the measurement (or the card) is wrong, not that the card was fast.
    let latency = seen
        .checked_duration_since(emitted)
        .unwrap_or_else(|| panic!("card seen {:?} before the relay's event reached the watcher", emitted - seen));
    assert!(latency < Duration::from_secs(1), "card took {latency:?} after the relay's event");
    assert_eq!(phase(&app).await, "ringing");
    assert_eq!(app.text("#title").await, "Incoming call from +7 999 123-45-67");
    assert_eq!(app.text("#company").await, "ACME");
    assert_eq!(app.text("#responsible").await, "Boris");
    assert_eq!(app.text("#line").await, "Moscow sales (+7 495 123-45-67)");
    app.screenshot("2-card-ringing").await;

    // Answered: "Talking with …" and a timer that runs.
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(6), |v| v == "talking").await;
    assert_eq!(app.text("#title").await, "Talking with Ivan Petrov");
    let t1 = app.text("#timer").await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let t2 = app.text("#timer").await;
    assert!(t1.starts_with("00:") && t2 > t1, "timer did not advance: {t1} → {t2}");
    app.screenshot("3-card-talking").await;

    // Ended: wrap-up, then the card closes by itself after the configured 4 s.
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(6), |v| v == "wrap_up").await;
    assert_eq!(app.text("#title").await, "Call with Ivan Petrov ended");
    app.screenshot("4-card-wrap-up").await;
    app.to_main().await;
    let closed_by = Instant::now() + Duration::from_secs(8);
    while app.cards().await.iter().any(|(id, _)| *id == ivan_call) {
        assert!(Instant::now() < closed_by, "wrap-up card did not close");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The main window updates its call list row by row: mark Ivan's row; the next call's
    // updates must leave that very element in place.
    let mark = format!("const r = document.querySelector('#calls tr[data-call-id=\"{ivan_call}\"]'); if (!r) return false; r.dataset.kept = 'yes'; return true");
    assert_eq!(app.js(&mark).await, true, "Ivan's call is in the main window's list");

    // A new number: "New number" and Create contact, saved to the relay. Its card comes in a
    // reused window (Ivan's, reloaded blank), with nothing of Ivan's call left on it.
    let (_, new_card) = app.wait_card("+7 903 555-00-01", Duration::from_secs(15)).await;
    assert_eq!(new_card, card, "the closed card's window is reused for the next call");
    assert!(app.js("return document.getElementById('new-number').hidden").await == false);
    assert_eq!(app.js("return document.getElementById('name').hidden").await, true, "Ivan's name is gone");
    assert_eq!(app.js("return document.body.dataset.phase").await, "ringing");
    app.screenshot("5-card-new-number").await;
    app.click("#create-contact").await;
    app.type_into("#contact-name", "Olga Smirnova").await;
    app.type_into("#contact-company", "Lotus").await;
    app.click("#contact-save").await;
    app.wait_js("return document.getElementById('name').textContent", Duration::from_secs(5), |v| v == "Olga Smirnova")
        .await;
    assert!(app.js("return document.getElementById('new-number').hidden").await == true);
    app.screenshot("6-card-contact-created").await;
    let contacts = relay.cli(&["contact", "list"]).unwrap();
    assert!(contacts.contains("Olga Smirnova") && contacts.contains(NEW_NUMBER), "{contacts}");

    // Missed: the card goes away and the OS notification reaches the daemon.
    app.to_main().await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let notes = desktop.notifications();
        if let Some(n) = notes.iter().find(|(_, summary, _)| summary == "Missed call") {
            assert_eq!(n.0, "Callcard");
            assert!(n.2.contains("Olga Smirnova") && n.2.contains("+7 903 555-00-01"), "{n:?}");
            break;
        }
        assert!(Instant::now() < deadline, "no missed-call notification; daemon has {notes:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(app.cards().await.is_empty(), "the missed call's card closed");

    // The main window lists today's two calls.
    let rows = app.js("return [...document.querySelectorAll('#calls tbody tr')].map(r => r.querySelector('.client').textContent + '|' + r.querySelector('.state').textContent)").await;
    assert_eq!(rows, serde_json::json!(["Olga Smirnova (Lotus)|missed", "Ivan Petrov (ACME)|answered"]));
    let kept =
        app.js("return [...document.querySelectorAll('#calls tbody tr')].map(r => r.dataset.kept ?? null)").await;
    assert_eq!(kept, serde_json::json!([null, "yes"]), "Ivan's row was rebuilt instead of kept");
    app.screenshot("7-main-window").await;

    let (ok, stdout, stderr) = sim.await.unwrap();
    assert!(ok, "simulator: {stdout}\n{stderr}");
    watch.abort();
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_restart_mid_call_keeps_exactly_one_card() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (mut relay, anna, _) = team().await;
    let desktop = Desktop::start();
    let base = relay.base.clone();
    // Provisioned the admin's way (environment → settings file and keyring); quick reconnects.
    let env = [
        ("CALLCARD_RELAY_URL", base.as_str()),
        ("CALLCARD_TOKEN", anna.as_str()),
        ("CALLCARD_STALE_SECS", "3"),
        ("CALLCARD_BACKOFF_MAX_MS", "1000"),
    ];
    let app = App::launch(&desktop, &env, "app_relay_restart").await;
    app.wait_status("connected", Duration::from_secs(10)).await;

    let ring =
        zd("NOTIFY_START", "in_app_r", IVAN, &[]) + &zd("NOTIFY_INTERNAL", "in_app_r", IVAN, &[("internal", "100")]);
    let (ok, out, err) = play(&relay, ring).await.unwrap();
    assert!(ok, "{out}\n{err}");
    let (call, _) = app.wait_card("Ivan Petrov", Duration::from_secs(5)).await;
    app.to_main().await;

    relay.kill();
    app.wait_status("reconnecting", Duration::from_secs(10)).await;
    app.screenshot("1-main-reconnecting").await;
    assert_eq!(app.cards().await.len(), 1, "the card stays while the relay is away");
    relay.revive().await;
    app.wait_status("connected", Duration::from_secs(10)).await;

    let answer = zd("NOTIFY_ANSWER", "in_app_r", IVAN, &[("destination", "100"), ("internal", "100")]);
    let (ok, out, err) = play(&relay, answer).await.unwrap();
    assert!(ok, "{out}\n{err}");
    let (again, _) = app.wait_card("Ivan Petrov", Duration::from_secs(5)).await;
    assert_eq!(again, call);
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(5), |v| v == "talking").await;
    app.screenshot("2-card-talking-after-restart").await;
    app.to_main().await;
    let cards = app.cards().await;
    assert_eq!(cards.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![call], "one card, not lost, not doubled");
    let rows = app.js("return document.querySelectorAll('#calls tbody tr').length").await;
    assert_eq!(rows, 1, "one call in the list");
    assert_eq!(main_status(&app).await, "connected");

    // An outgoing call started elsewhere (a desk phone, the PBX's web phone) shows "Calling …".
    let dial = zd("NOTIFY_OUT_START", "out_app_o", "74951234567", &[("internal", "100"), ("destination", IVAN)]);
    let (ok, out, err) = play(&relay, dial).await.unwrap();
    assert!(ok, "{out}\n{err}");
    let (outgoing, _) = app.wait_card("Calling Ivan Petrov", Duration::from_secs(5)).await;
    assert_ne!(outgoing, call);
    assert_eq!(phase(&app).await, "calling");
    app.screenshot("3-card-calling").await;
    app.to_main().await;
    assert_eq!(app.cards().await.len(), 2, "two calls, two stacked cards");
    app.quit().await;
}

/// Hidden windows give their WebKit processes back: the card windows kept after a call, the
/// main window closed to the tray, and after a quiet spell the last spare card window. Calls
/// still pop up meanwhile, and the main window comes back, built anew and up to date, when the
/// app is launched again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_windows_are_released_and_come_back() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (relay, anna, _) = team().await;
    let desktop = Desktop::start();
    let base = relay.base.clone();
    let env = [
        ("CALLCARD_RELAY_URL", base.as_str()),
        ("CALLCARD_TOKEN", anna.as_str()),
        ("CALLCARD_RELEASE_HIDDEN_SECS", "2"),
        // Long enough for the steps before the quiet spell, well under their timeouts.
        ("CALLCARD_RELEASE_SPARE_SECS", "12"),
    ];
    let mut app = App::launch(&desktop, &env, "app_release_hidden").await;
    app.wait_status("connected", Duration::from_secs(10)).await;
    let web_processes_within = |want: usize, within: Duration, what: &'static str| {
        let desktop = &desktop;
        async move {
            let deadline = Instant::now() + within;
            while desktop.web_processes() != want {
                assert!(Instant::now() < deadline, "{what}: {} web processes, not {want}", desktop.web_processes());
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    let web_processes = |want: usize, what: &'static str| web_processes_within(want, Duration::from_secs(15), what);
    web_processes(2, "the main window and one spare card").await;

    // A missed call: its card shows and closes; a second spare was built while it showed.
    let missed = |call: &str| {
        zd("NOTIFY_START", call, IVAN, &[])
            + &zd("NOTIFY_INTERNAL", call, IVAN, &[("internal", "100")])
            + &sleep(1500)
            + &zd(
                "NOTIFY_END",
                call,
                IVAN,
                &[("duration", "0"), ("disposition", "cancel"), ("status_code", "16"), ("is_recorded", "0")],
            )
    };
    let sim = play(&relay, missed("in_rel_1"));
    app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    app.to_main().await;
    let (ok, out, err) = sim.await.unwrap();
    assert!(ok, "{out}\n{err}");
    // Two seconds without a card: the used window goes, the fresh spare stays.
    web_processes(2, "the used card window released").await;
    assert!(app.cards().await.is_empty());

    // The main window closed to the tray: after two seconds hidden its page is gone too.
    app.close_main().await;
    web_processes(1, "the hidden main window released").await;

    // A call still pops up, in the spare.
    let sim = play(&relay, missed("in_rel_2"));
    let (second, _) = app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    let (ok, out, err) = sim.await.unwrap();
    assert!(ok, "{out}\n{err}");

    // Twelve seconds without a card (five minutes by default): the last spare goes as well.
    web_processes_within(0, Duration::from_secs(30), "the last spare card window released").await;

    // The next call's card waits for a window to be built, and shows all the same.
    let sim = play(&relay, missed("in_rel_3"));
    let (third, _) = app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    let (ok, out, err) = sim.await.unwrap();
    assert!(ok, "{out}\n{err}");
    assert_ne!(third, second);

    // Launched again (the desktop's menu, autostart): the main window is back, connected, and
    // lists the three calls.
    assert!(desktop.run_app(&[]).success());
    app.reattach_main(Duration::from_secs(10)).await;
    app.wait_status("connected", Duration::from_secs(10)).await;
    let ids = "return [...document.querySelectorAll('#calls tbody tr')].map(r => Number(r.dataset.callId))";
    let listed = app.wait_js(ids, Duration::from_secs(5), |v| v.as_array().is_some_and(|a| a.len() == 3)).await;
    assert_eq!(listed[0], third, "the newest call first: {listed}");
    assert_eq!(listed[1], second, "{listed}");
    app.screenshot("main-window-back").await;
    app.quit().await;
}
