//! The admin console in every language it speaks, chosen in its language menu (kept in the
//! browser): the sign-in page and every page of the console are read whole and compared with
//! the same page in English, so that no English is left and no message is missing. Debian's
//! headless Chromium over WebDriver against the real relay.

use callcard_e2e::browser::Browser;
use callcard_e2e::languages::{english_left, raw_messages, PAGE_TEXTS};
use callcard_e2e::Relay;
use serde_json::Value;

const PAGES: [&str; 9] =
    ["telephony", "team", "contacts", "lines", "outcomes", "reports", "board", "switches", "flagged"];

fn texts(value: Value) -> Vec<String> {
    value.as_array().unwrap().iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
}

/// Chooses `language` in the menu; the page reloads in it.
async fn choose(browser: &Browser, language: &str) {
    browser
        .js(&format!(
            "const s = document.getElementById('language'); s.value = '{language}'; \
             s.dispatchEvent(new Event('change')); return true"
        ))
        .await;
    browser
        .wait(
            &format!("the console in {language}"),
            &format!("return document.documentElement.lang === '{language}' && document.readyState === 'complete'"),
        )
        .await;
}

/// The texts of the console showing `page`, once it has loaded.
async fn page(browser: &Browser, name: &str) -> Vec<String> {
    browser.js(&format!("location.hash = '#{name}'; return true")).await;
    let loaded = format!(
        "const root = document.getElementById('page-{name}'); \
         return !root.hidden && root.children.length > 0 && !root.querySelector('[data-kind=pending]')"
    );
    browser.wait(&format!("the {name} page"), &loaded).await;
    texts(browser.js(PAGE_TEXTS).await)
}

fn assert_all_theirs(language: &str, page: &str, english: &[String], theirs: &[String], data: &[&str]) {
    let left = english_left(language, english, theirs, data);
    assert!(left.is_empty(), "{language}: the {page} page still says in English: {left:?}\nall: {theirs:?}");
    let raw = raw_messages(theirs);
    assert!(raw.is_empty(), "{language}: the {page} page shows message ids or variables: {raw:?}");
}

#[tokio::test]
async fn the_console_speaks_the_language_chosen_in_its_menu_on_every_page() {
    let browser = Browser::start("console-languages").await;
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "anna");
    let root = relay.cli(&["agent", "add", "--name", "Root", "--admin"]).unwrap();
    let root = root.lines().last().unwrap().trim().to_string();
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    relay.zadarma_call("l1", "79991234567", "100", true, (&now, "74951234567", "42")).await;
    relay.zadarma_call("l2", "79990000003", "100", false, (&now, "74951234567", "0")).await;
    // A verified webhook the relay cannot read in full: the flagged page has a row.
    assert_eq!(relay.zadarma(&[("event", "NOTIFY_START"), ("caller_id", "79991234567")]).await.status(), 200);
    let outcomes = relay.get_json("/api/v1/outcomes", &anna).await;
    let mut data: Vec<String> =
        ["Anna", "Root", "Ivan Petrov", "ACME", "Moscow sales", "Zadarma", "MegaFon", "ITooLabs"]
            .into_iter()
            .chain(["UIS", "CoMagic", "Ringostat", "Callcard", "CSV", "cc_…", "#2e7d32"])
            // What the PBXes' cabinets call their webhook fields, beside each URL.
            .chain(["inbound", "ringing", "answered", "ended", "lost", "outbound", "recording", "route"])
            .chain(["outgoing_start", "outgoing_end"])
            // A flagged webhook: its event and what the relay's parser said of it.
            .chain(["NOTIFY_START", "missing field `pbx_call_id`"])
            .map(str::to_string)
            .collect();
    // The outcome list is the relay's data: its codes and labels.
    for o in outcomes.as_array().unwrap() {
        data.extend(["code", "label"].map(|k| o[k].as_str().unwrap().to_string()));
    }
    let data: Vec<&str> = data.iter().map(String::as_str).collect();

    // The sign-in page in each language.
    browser.goto(&relay.url("/admin")).await;
    choose(&browser, "en").await;
    browser.wait_shown("sign-in-form").await;
    let english_sign_in = texts(browser.js(PAGE_TEXTS).await);
    for language in ["ru", "uk", "pt", "fr"] {
        choose(&browser, language).await;
        browser.wait_shown("sign-in-form").await;
        assert_all_theirs(language, "sign-in", &english_sign_in, &texts(browser.js(PAGE_TEXTS).await), &data);
    }

    // Signed in (the session outlives the reloads): every page in English, then in the others.
    choose(&browser, "en").await;
    browser.wait_shown("sign-in-form").await;
    browser.type_into("#token", &root).await;
    browser.click("#sign-in").await;
    browser.wait_shown("console-view").await;
    let mut english = vec![];
    for name in PAGES {
        english.push(page(&browser, name).await);
    }
    for language in ["ru", "uk", "pt", "fr"] {
        choose(&browser, language).await;
        browser.wait_shown("console-view").await;
        for (name, english) in PAGES.iter().zip(&english) {
            let theirs = page(&browser, name).await;
            assert_all_theirs(language, name, english, &theirs, &data);
        }
        browser.screenshot(&format!("{language}-reports")).await;
    }
    // The choice stays with the browser.
    browser.reload().await;
    browser.wait("French after a reload", "return document.documentElement.lang === 'fr'").await;
    browser.quit().await;
}
