//! The admin console in a real browser (Debian's headless Chromium over WebDriver) against the
//! real relay binary and the simulator's PBX APIs: who may sign in, the telephony page's key
//! check and webhook URL, mapping an agent to a PBX user, a switch that changes what the next
//! webhook gets, the flagged webhooks, and signing out. Screenshots of every page land in
//! target/test-artifacts/admin-<page>.png.

use callcard_e2e::browser::Browser;
use callcard_e2e::{sim_config, Relay, Sim};
use serde_json::{json, Value};

/// A Zadarma NOTIFY_START from Ivan Petrov's number; the relay's answer (what the PBX does).
async fn notify_start_reply(relay: &Relay) -> Value {
    let fields = [
        ("event", "NOTIFY_START"),
        ("call_start", "2024-05-01 12:00:00"),
        ("pbx_call_id", "in_x"),
        ("caller_id", "79991234567"),
        ("called_did", "74951234567"),
    ];
    let resp = relay.zadarma(&fields).await;
    assert_eq!(resp.status(), 200);
    resp.json().await.expect("NOTIFY_START answer")
}

/// `agent add`'s agent id ("added agent 3 (Gleb), …") and token (the last line).
fn added(out: &str) -> (i64, String) {
    let id = out
        .split_whitespace()
        .skip_while(|w| *w != "agent")
        .nth(1)
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no agent id in {out:?}"));
    (id, out.lines().last().expect("token line").trim().to_string())
}

/// Signs in through the form with `token`.
async fn sign_in_with(browser: &Browser, token: &str) {
    browser.wait_shown("sign-in-form").await;
    browser.type_into("#token", token).await;
    browser.click("#sign-in").await;
}

/// The check result of a provider once it is no longer pending: `[kind, text]`.
async fn check_keys(browser: &Browser, provider: &str) -> (String, String) {
    browser.click(&format!("#check-{provider}")).await;
    let script = format!(
        "const r = document.getElementById('check-result-{provider}'); \
         return r && r.dataset.kind && r.dataset.kind !== 'pending' ? [r.dataset.kind, r.textContent] : null"
    );
    let result = browser.wait(&format!("{provider}'s key check"), &script).await;
    (result[0].as_str().unwrap_or_default().into(), result[1].as_str().unwrap_or_default().into())
}

#[tokio::test]
async fn an_admin_runs_the_relay_from_the_console_in_a_browser() {
    // First: without Chromium the test fails at once, saying what to install.
    let browser = Browser::start("admin").await;
    let mut relay = Relay::start("[routing]\nredirect_to_responsible = true\n").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    // Gleb is on ITooLabs only: no Zadarma user yet.
    let (gleb, _) = added(&relay.cli(&["agent", "add", "--name", "Gleb", "--pbx-user", "itoolabs=gleb"]).unwrap());
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "boris");
    let (_, root) = added(&relay.cli(&["agent", "add", "--name", "Root", "--admin"]).unwrap());
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;
    // A verified webhook the relay cannot read in full: flagged.
    assert_eq!(relay.zadarma(&[("event", "NOTIFY_START"), ("caller_id", "79991234567")]).await.status(), 200);

    browser.goto(&relay.url("/admin")).await;

    // Refused: a wrong token in words next to the field, an agent's token with its own panel.
    sign_in_with(&browser, "cc_wrong").await;
    let error = browser
        .wait(
            "the sign-in error",
            "const e = document.getElementById('sign-in-error'); return e.dataset.kind === 'error' && e.textContent",
        )
        .await;
    assert_eq!(error, "This token is not valid, or it was revoked.");
    assert!(!browser.shown("console-view").await && !browser.shown("not-admin").await);
    browser.screenshot("signin").await;
    sign_in_with(&browser, &anna).await;
    browser.wait_shown("not-admin").await;
    let why = browser.text_of("not-admin-text").await;
    assert!(why.contains("an agent, not an admin"), "{}", browser.report(&format!("not-admin text: {why:?}")).await);
    assert_eq!(browser.text_of("sign-in-error").await, "", "no error beside the field for a valid token");
    assert!(!browser.shown("console-view").await);
    browser.screenshot("not-admin").await;

    // An admin: the telephony page first.
    sign_in_with(&browser, &root).await;
    browser.wait_shown("console-view").await;
    browser.wait_shown("check-zadarma").await;
    assert!(!browser.shown("signin-view").await);
    assert_eq!(browser.text_of("admin-name").await, "Signed in as Root");
    let url = browser.js("return document.getElementById('webhook-url-zadarma-all').value").await;
    assert_eq!(url, relay.url("/hooks/zadarma"));
    let tally = browser.text_of("tally-zadarma").await;
    assert!(tally.contains("1 received, 1 flagged"), "{}", browser.report(&format!("tally: {tally:?}")).await);
    let (kind, text) = check_keys(&browser, "zadarma").await;
    assert_eq!(kind, "ok", "{}", browser.report(&format!("the key check said {text:?}")).await);
    assert!(text.contains("Balance: 10.34 USD."), "{text}");
    browser.screenshot("telephony").await;

    // Team: Gleb gets a free Zadarma user from the list; taken ones are not offered.
    browser.click("#nav-team").await;
    let select = format!("pbx-user-{gleb}-zadarma");
    let offered = browser
        .wait(
            "Gleb's Zadarma users",
            &format!(
                "const s = document.getElementById('{select}'); \
                 return s && s.tagName === 'SELECT' && s.options.length > 1 && [...s.options].map(o => o.value)"
            ),
        )
        .await;
    let offered: Vec<&str> = offered.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(offered.contains(&"102"), "a free user is offered: {offered:?}");
    assert!(!offered.contains(&"100") && !offered.contains(&"101"), "Anna's and Boris's users are not: {offered:?}");
    browser.find(&format!("#{select}")).await.select_by_value("102").await.expect("pick user 102");
    let note = format!(
        "const n = document.getElementById('agent-note-{gleb}'); return n && n.dataset.kind && [n.dataset.kind, n.textContent]"
    );
    let note = browser.wait("Gleb's row to be saved", &note).await;
    assert_eq!(note, json!(["ok", "Saved"]), "{}", browser.report("Gleb's Zadarma user").await);
    assert_eq!(browser.js(&format!("return document.getElementById('{select}').value")).await, "102");
    let annas = browser.js("return [...document.getElementById('pbx-user-1-zadarma').options].map(o => o.value)").await;
    assert!(!annas.as_array().unwrap().contains(&json!("102")), "102 is Gleb's now: {annas}");
    let list = relay.cli(&["agent", "list"]).unwrap();
    let row = list.lines().find(|l| l.split_whitespace().nth(1) == Some("Gleb")).unwrap_or_else(|| panic!("{list}"));
    assert_eq!(row.split_whitespace().nth(2), Some("102"), "the relay has Gleb on Zadarma 102:\n{list}");
    browser.screenshot("team").await;

    // Switches: routing to the responsible manager off; the next NOTIFY_START is not redirected.
    assert_eq!(notify_start_reply(&relay).await, json!({"caller_name": "Ivan Petrov / ACME", "redirect": "101"}));
    browser.click("#nav-switches").await;
    browser.wait_shown("switch-route_to_responsible").await;
    let before = browser
        .js("return [document.getElementById('switch-route_to_responsible').checked, \
             document.getElementById('source-route_to_responsible').dataset.source]")
        .await;
    assert_eq!(before, json!([true, "config"]));
    browser.click("#switch-route_to_responsible").await;
    let saved = browser
        .wait(
            "the switch to be saved",
            "const b = document.getElementById('switch-route_to_responsible'); \
             const s = document.getElementById('source-route_to_responsible'); \
             const e = document.getElementById('switch-error-route_to_responsible'); \
             const done = e.dataset.kind !== undefined && e.dataset.kind !== 'pending'; \
             return !b.disabled && done && [b.checked, s.dataset.source, s.textContent, e.textContent]",
        )
        .await;
    assert_eq!(saved, json!([false, "store", "set here", ""]), "{}", browser.report("the saved switch").await);
    assert_eq!(notify_start_reply(&relay).await, json!({"caller_name": "Ivan Petrov / ACME"}));
    browser.screenshot("switches").await;

    // Flagged webhooks: the one above, with its problems and raw fields.
    let flagged = relay.get_json("/api/v1/admin/webhooks/flagged", &root).await;
    let id = flagged[0]["id"].as_i64().unwrap_or_else(|| panic!("{flagged}"));
    browser.click("#nav-flagged").await;
    browser.wait_shown(&format!("flagged-row-{id}")).await;
    browser.click(&format!("#flagged-fields-{id} summary")).await;
    let row = browser
        .wait(
            "the flagged webhook's fields to open",
            &format!(
                "const d = document.getElementById('flagged-fields-{id}'); \
                 return d.open && document.getElementById('flagged-row-{id}').innerText"
            ),
        )
        .await;
    let row = row.as_str().unwrap_or_default();
    for want in ["Zadarma", "NOTIFY_START", r#""caller_id": "79991234567""#, r#""event": "NOTIFY_START""#] {
        assert!(row.contains(want), "{}", browser.report(&format!("the flagged row lacks {want}: {row}")).await);
    }
    let problems =
        browser.js(&format!("return document.querySelectorAll('#flagged-row-{id} .problems li').length")).await;
    assert!(problems.as_u64() >= Some(1), "its problems are listed: {row}");
    browser.screenshot("flagged").await;

    // A wrong key fails in words. The session outlives the relay's restart.
    relay.set_env("CALLCARD_ZADARMA_API_KEY", "wrong_key");
    relay.restart().await;
    browser.goto(&relay.url("/admin#telephony")).await;
    browser.reload().await;
    browser.wait_shown("check-zadarma").await;
    let (kind, text) = check_keys(&browser, "zadarma").await;
    assert_eq!(kind, "error", "{}", browser.report(&format!("a wrong key was accepted: {text:?}")).await);
    assert!(text.starts_with("The PBX refused the keys: "), "{text}");
    assert!(!text.contains('{') && !text.contains("\"code\""), "words, not JSON: {text}");
    browser.screenshot("telephony-wrong-key").await;

    // Signing out: the form again, and the relay no longer knows this browser.
    browser.click("#sign-out").await;
    browser.wait_shown("sign-in-form").await;
    assert!(!browser.shown("console-view").await);
    assert_eq!(browser.text_of("sign-in-notice").await, "You are signed out.");
    let status = browser.js("return fetch('/api/v1/admin/session').then(r => r.status)").await;
    assert_eq!(status, 401);
    browser.reload().await;
    browser.wait_shown("sign-in-form").await;
    assert!(!browser.shown("console-view").await && !browser.shown("sign-in-notice").await);
    browser.screenshot("signed-out").await;
    browser.quit().await;
}
