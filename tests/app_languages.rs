//! The app in every language it speaks: the system's language at first (LANG), then each one
//! chosen in the settings, applied at once to the main window, the call card and the Rust
//! side's words (the missed-call notification). Each page is read whole and compared with the
//! same page in English: no English left, no message missing. The relay's `[ui] language`
//! words the outcome list of its new database. The real `callcard` under Xvfb against the real
//! relay.

use std::time::{Duration, Instant};

use callcard_e2e::desktop::{App, Desktop};
use callcard_e2e::languages::{english_left, raw_messages, PAGE_TEXTS};
use callcard_e2e::Relay;
use callcard_i18n::{Catalogue, Surface};
use serde_json::Value;

const IVAN: &str = "79991234567";
const NEW_NUMBER: &str = "79990000003";
const LINE: &str = "74951234567";

fn texts(value: Value) -> Vec<String> {
    value.as_array().unwrap().iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
}

/// The main window's texts once it speaks `language` and has shown its calls.
async fn main_window(app: &App, language: &str) -> Vec<String> {
    app.to_main().await;
    let script = format!(
        "return document.documentElement.lang === '{language}' && \
                document.querySelectorAll('#calls tbody tr').length >= 2 && \
                document.getElementById('status').dataset.state === 'connected'"
    );
    app.wait_js(&script, Duration::from_secs(15), |v| v == true).await;
    texts(app.js(PAGE_TEXTS).await)
}

/// Chooses `language` in the settings (empty: the system's); every window reloads in it.
async fn choose(app: &App, language: &str) {
    app.to_main().await;
    app.js(&format!(
        "const s = document.getElementById('language'); s.value = '{language}'; \
         s.dispatchEvent(new Event('change')); return true"
    ))
    .await;
}

/// A call from Ivan rings Anna, is answered and ends: the card's texts while ringing and in
/// wrap-up (with the outcome buttons), in the language the app speaks.
async fn card(app: &App, relay: &Relay, call: &str) -> (Vec<String>, Vec<String>) {
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let base = |event: &'static str| {
        vec![
            ("event", event),
            ("call_start", now.as_str()),
            ("pbx_call_id", call),
            ("caller_id", IVAN),
            ("called_did", LINE),
        ]
    };
    assert_eq!(relay.zadarma(&base("NOTIFY_START")).await.status(), 200);
    assert_eq!(relay.zadarma(&[base("NOTIFY_INTERNAL"), vec![("internal", "100")]].concat()).await.status(), 200);
    let (_, handle) = app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(10), |v| v == "ringing").await;
    let ringing = texts(app.js(PAGE_TEXTS).await);
    let answer = [base("NOTIFY_ANSWER"), vec![("destination", "100"), ("internal", "100")]].concat();
    assert_eq!(relay.zadarma(&answer).await.status(), 200);
    let end = [
        base("NOTIFY_END"),
        vec![("internal", "100"), ("duration", "12"), ("disposition", "answered"), ("status_code", "16")],
    ]
    .concat();
    assert_eq!(relay.zadarma(&end).await.status(), 200);
    app.to_card(handle.clone()).await;
    app.wait_js(
        "return document.body.dataset.phase === 'wrap_up' && document.querySelectorAll('#outcome-buttons button').length > 0",
        Duration::from_secs(10),
        |v| v == true,
    )
    .await;
    let wrap_up = texts(app.js(PAGE_TEXTS).await);
    app.click_now("#dismiss").await;
    app.to_main().await;
    (ringing, wrap_up)
}

fn assert_all_theirs(language: &str, page: &str, english: &[String], theirs: &[String], data: &[&str]) {
    let left = english_left(language, english, theirs, data);
    assert!(left.is_empty(), "{language}: the {page} still says in English: {left:?}\nall: {theirs:?}");
    let raw = raw_messages(theirs);
    assert!(raw.is_empty(), "{language}: the {page} shows message ids or variables: {raw:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_speaks_the_system_s_language_and_the_one_chosen_in_its_settings() {
    // A Russian office: the relay's new database offers the outcomes in Russian.
    let relay = Relay::start_with_env("", &[("CALLCARD_UI_LANGUAGE", "ru")]).await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "anna");
    let outcomes = relay.get_json("/api/v1/outcomes", &anna).await;
    let labels: Vec<String> =
        outcomes.as_array().unwrap().iter().map(|o| o["label"].as_str().unwrap().to_string()).collect();
    let russian = Catalogue::new("ru", Surface::Console);
    assert!(labels.contains(&russian.format("default-outcome-interested", None)), "{labels:?}");
    assert!(labels.contains(&russian.format("default-outcome-call-back", None)), "{labels:?}");

    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    relay.zadarma_call("d1", IVAN, "100", true, (&now, LINE, "42")).await;
    relay.zadarma_call("d2", NEW_NUMBER, "100", false, (&now, LINE, "0")).await;

    let desktop = Desktop::start();
    let env = [("CALLCARD_RELAY_URL", relay.base.as_str()), ("CALLCARD_TOKEN", anna.as_str()), ("LANG", "ru_RU.UTF-8")];
    let app = App::launch(&desktop, &env, "app_languages").await;
    // Data: names, the company, the line, the relay's outcome labels, the example address.
    let mut data: Vec<&str> =
        vec!["Ivan Petrov", "ACME", "Anna", "Moscow sales", "https://relay.example.com", "1x", "1.5x", "2x"];
    data.extend(labels.iter().map(String::as_str));

    // The system speaks Russian and nothing is chosen: Russian, with a 24-hour clock.
    let ru_first = main_window(&app, "ru").await;
    let times = app
        .js("return [...document.querySelectorAll('#calls tbody tr td:nth-child(2)')].map(td => td.textContent)")
        .await;
    assert!(
        times.as_array().unwrap().iter().all(|t| !t.as_str().unwrap().contains('M')),
        "not a 24-hour clock: {times}"
    );
    app.screenshot("ru-main").await;

    // A call missed now: its notification comes from the Rust side, in Russian too.
    relay.zadarma_call("d3", "79990000004", "100", false, (&now, LINE, "0")).await;
    let ru_app = Catalogue::new("ru", Surface::App);
    let title = ru_app.format("word-missed-call-title", None);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let notes = desktop.notifications();
        if notes.iter().any(|(_, summary, _)| *summary == title) {
            break;
        }
        assert!(Instant::now() < deadline, "no notification titled {title:?}: {notes:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // English, chosen in the settings: the page every other language is compared with.
    choose(&app, "en").await;
    let english = main_window(&app, "en").await;
    assert!(english.iter().any(|t| t == "Today's calls"), "{english:?}");
    let (english_ringing, english_wrap_up) = card(&app, &relay, "c-en").await;
    assert!(english_ringing.iter().any(|t| t == "Incoming call from +7 999 123-45-67"), "{english_ringing:?}");
    assert_all_theirs("ru", "main window", &english, &ru_first, &data);

    // Back to the system's language, then each of the others: main window and card.
    for (language, choice) in [("ru", ""), ("uk", "uk"), ("pt", "pt"), ("fr", "fr")] {
        choose(&app, choice).await;
        let main = main_window(&app, language).await;
        assert_all_theirs(language, "main window", &english, &main, &data);
        let selected = app.js("return document.getElementById('language').value").await;
        assert_eq!(selected, choice, "the menu shows the choice");
        app.screenshot(&format!("{language}-main")).await;
        let (ringing, wrap_up) = card(&app, &relay, &format!("c-{language}")).await;
        assert_all_theirs(language, "ringing card", &english_ringing, &ringing, &data);
        assert_all_theirs(language, "wrap-up card", &english_wrap_up, &wrap_up, &data);
    }

    // The choice is kept: a restart speaks French whatever the system says.
    app.quit().await;
    let app = App::launch(&desktop, &env, "app_languages").await;
    let french = main_window(&app, "fr").await;
    assert_all_theirs("fr", "main window", &english, &french, &data);
    app.quit().await;
}
