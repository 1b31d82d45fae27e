//! The admin console in a real browser (Debian's headless Chromium over WebDriver) against the
//! real relay binary and the simulator's PBX APIs: who may sign in, the telephony page's key
//! check, PBX keys entered in the console and webhook URL, mapping an agent to a PBX user, a
//! switch that changes what the next webhook gets, the flagged webhooks, contacts (a CSV import,
//! search, the blacklist), line labels, the outcomes' order, a period's report with its charts and
//! CSV, and signing out. Screenshots of every page land in target/test-artifacts/admin-<page>.png.

use std::path::{Path, PathBuf};

use callcard_e2e::browser::Browser;
use callcard_e2e::{sim_config, Relay, Sim, ZADARMA_SECRET};
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

/// Waits until the message element `id` has an answer (not pending): `[kind, text]`.
async fn answer_of(browser: &Browser, what: &str, id: &str) -> (String, String) {
    let script = format!(
        "const r = document.getElementById('{id}'); \
         return r && r.dataset.kind && r.dataset.kind !== 'pending' ? [r.dataset.kind, r.textContent] : null"
    );
    let result = browser.wait(what, &script).await;
    (result[0].as_str().unwrap_or_default().into(), result[1].as_str().unwrap_or_default().into())
}

/// Types `value` into one of Zadarma's key fields and saves the keys; the save's answer.
async fn save_zadarma_key(browser: &Browser, name: &str, value: &str) -> (String, String) {
    browser.type_into(&format!("#key-zadarma-{name}"), value).await;
    browser.click("#keys-save-zadarma").await;
    answer_of(browser, "the keys to be saved", "keys-result-zadarma").await
}

/// Where a key's value comes from, as its field says (`store`, `config`, `unset`).
async fn key_source(browser: &Browser, name: &str) -> Value {
    browser.js(&format!("return document.getElementById('key-source-zadarma-{name}').dataset.source")).await
}

/// The keys form: a wrong API secret entered here wins over the file's and is refused by the
/// PBX, the right one works, and clearing it brings the file's back.
async fn zadarma_keys_in_the_console(browser: &Browser) {
    assert_eq!(key_source(browser, "api_secret").await, "config");
    let typed = browser.js("return document.getElementById('key-zadarma-api_secret').value").await;
    assert_eq!(typed, "", "a secret is never shown back");
    let (kind, text) = save_zadarma_key(browser, "api_secret", "not_the_secret").await;
    assert_eq!(
        (kind.as_str(), text.as_str()),
        ("ok", "Saved. Check the keys to prove them."),
        "{}",
        browser.report("save").await
    );
    assert_eq!(key_source(browser, "api_secret").await, "store");
    let (kind, text) = check_keys(browser, "zadarma").await;
    assert_eq!(kind, "error", "{}", browser.report(&format!("a wrong secret was accepted: {text:?}")).await);
    assert!(text.starts_with("The PBX refused the keys: "), "{text}");
    let (kind, _) = save_zadarma_key(browser, "api_secret", ZADARMA_SECRET).await;
    assert_eq!(kind, "ok");
    let (kind, text) = check_keys(browser, "zadarma").await;
    assert_eq!(kind, "ok", "{}", browser.report(&format!("the right secret was refused: {text:?}")).await);
    assert!(text.contains("Balance: 10.34 USD."), "{text}");
    browser.screenshot("telephony-keys").await;
    // Clearing takes the console's value away: the file's (the same secret) applies again.
    browser.click("#key-clear-zadarma-api_secret").await;
    browser.click("#keys-save-zadarma").await;
    let (kind, _) = answer_of(browser, "the cleared key to be saved", "keys-result-zadarma").await;
    assert_eq!(kind, "ok", "{}", browser.report("clearing the secret").await);
    assert_eq!(key_source(browser, "api_secret").await, "config");
}

/// Writes a CSV file for the import's file input; returns its path.
fn csv_file(relay: &Relay, name: &str, text: &str) -> PathBuf {
    let path = relay.dir.path().join(name);
    std::fs::write(&path, text).expect("write the CSV file");
    path
}

/// Picks `path` in the import's file input (as a user does) and imports it; the answer.
async fn import_csv(browser: &Browser, path: &Path) -> (String, String) {
    let input = browser.find("#contact-import-file").await;
    input.send_keys(&path.display().to_string()).await.unwrap_or_else(|e| panic!("pick {}: {e}", path.display()));
    browser.click("#contact-import-submit").await;
    answer_of(browser, "the import's report", "contact-import-result").await
}

/// The phones the contacts table shows, in order (a script expression).
const SHOWN_PHONES: &str = "[...document.querySelectorAll('#contacts-table tbody tr')].map(r => r.dataset.phone)";

/// Contacts: a CSV import lands whole, one with a bad row not at all; a search, a blacklisted
/// number (as the relay then has it), and a save error beside its field.
async fn contacts_page(browser: &Browser, relay: &Relay, root: &str) {
    browser.click("#nav-contacts").await;
    browser.wait_shown("contact-import-file").await;
    let good = csv_file(
        relay,
        "two.csv",
        "phone,name,company,responsible\n+7 999 555-00-01,Olga Smirnova,Globex,anna\n79995550002,Pavel Orlov,,\n",
    );
    let (kind, text) = import_csv(browser, &good).await;
    assert_eq!((kind.as_str(), text.as_str()), ("ok", "2 added, 0 updated."), "{}", browser.report("the import").await);
    let bad = csv_file(relay, "bad.csv", "phone,name\n79995550003,Roman Belov\nnot a phone,Bad Row\n");
    let (kind, text) = import_csv(browser, &bad).await;
    assert_eq!((kind.as_str(), text.as_str()), ("error", "Nothing was imported: 1 row needs fixing."));
    let refused = browser.wait("the refused row", "return document.getElementById('import-row-3')?.textContent").await;
    let refused = refused.as_str().unwrap_or_default();
    assert!(refused.starts_with("Line 3 (not a phone): Not a phone number we can use"), "{refused}");
    assert!(!refused.contains('{') && !refused.contains("\"code\""), "words, not JSON: {refused}");
    let rows = browser.js("return document.querySelectorAll('#contact-import-problems li').length").await;
    assert_eq!(rows, 1, "only the bad row is listed");
    assert_eq!(relay.get_json("/api/v1/admin/contacts?q=Roman", root).await, json!([]), "nothing was imported");
    browser.screenshot("contacts-import").await;

    // Search as you type; blacklist the one found.
    browser.type_into("#contact-search", "Olga").await;
    let only_olga = format!("const p = {SHOWN_PHONES}; return p.length === 1 && p[0] === '79995550001'");
    browser.wait("the search to find Olga only", &only_olga).await;
    let row = browser.js("return document.getElementById('contact-row-79995550001').innerText").await;
    let row = row.as_str().unwrap_or_default();
    for want in ["Olga Smirnova", "Globex", "Anna"] {
        assert!(row.contains(want), "{}", browser.report(&format!("Olga's row lacks {want}: {row}")).await);
    }
    browser.click("#blacklist-79995550001").await;
    let (kind, text) = answer_of(browser, "the blacklist to be saved", "contact-note-79995550001").await;
    assert_eq!((kind.as_str(), text.as_str()), ("ok", "Blacklisted"), "{}", browser.report("blacklist").await);
    let found = relay.get_json("/api/v1/admin/contacts?q=79995550001", root).await;
    assert_eq!(found[0]["contact"]["blacklisted"], true, "the relay has Olga blacklisted: {found}");
    let pavel = relay.get_json("/api/v1/admin/contacts?q=Pavel", root).await;
    assert_eq!(pavel[0]["contact"]["blacklisted"], false, "{pavel}");

    // A contact without a name: the error sits beside the name field.
    browser.type_into("#contact-phone", "79995550004").await;
    browser.click("#save-contact-submit").await;
    let (kind, text) = answer_of(browser, "the name's error", "contact-error-name").await;
    assert_eq!(
        (kind.as_str(), text.as_str()),
        ("error", "Enter the contact's name."),
        "{}",
        browser.report("save").await
    );
    assert_eq!(browser.text_of("save-contact-error").await, "", "nothing above the form");
    browser.screenshot("contacts").await;

    // A contact's journal: every call with the number, its manager and a player for the recording.
    relay.zadarma_call("journal_1", "79995550002", "100", true, ("2024-05-02 09:30:00", "74951234567", "75")).await;
    relay.zadarma_call("journal_2", "79995550002", "100", false, ("2024-05-03 10:00:00", "74951234567", "0")).await;
    browser.type_into("#contact-search", "Pavel").await;
    browser.wait("Pavel's row", "return document.getElementById('journal-contact-79995550002') !== null").await;
    browser.click("#journal-contact-79995550002").await;
    let rows = browser
        .wait(
            "Pavel's journal",
            "const r = document.querySelectorAll('#journal-table tbody tr'); return r.length === 2 && \
             [...r].map(tr => [tr.querySelector('.agent').textContent, tr.querySelector('.state').textContent, \
               tr.querySelector('audio')?.getAttribute('src') ?? ''])",
        )
        .await;
    assert_eq!(rows[0][1], "missed", "newest first: {rows}");
    assert_eq!((rows[1][0].as_str(), rows[1][1].as_str()), (Some("Anna"), Some("answered")), "{rows}");
    let src = rows[1][2].as_str().unwrap_or_default().to_string();
    assert!(src.starts_with("/api/v1/admin/calls/") && src.ends_with("/recording"), "{rows}");
    // The player's request carries the session's cookie: the relay lets it through to the PBX
    // (the test's PBX API is a closed port: 504, not 401).
    let status = browser.js(&format!("return fetch('{src}').then(r => r.status)")).await;
    assert_ne!(status, 401, "the console session plays recordings");
    assert_ne!(status, 403, "the console session plays recordings");
    browser.screenshot("contact-journal").await;
}

/// Lines: a label set here over the config file's, and a new line.
async fn lines_page(browser: &Browser, relay: &Relay, root: &str) {
    browser.click("#nav-lines").await;
    browser.wait_shown("line-label-74951234567").await;
    assert_eq!(browser.js("return document.getElementById('line-source-74951234567').dataset.source").await, "config");
    assert!(!browser.shown("line-remove-74951234567").await, "a file's label cannot be removed here");
    browser.type_into("#add-line-did", "+7 495 765-43-21").await;
    browser.type_into("#add-line-label", "Tver office").await;
    browser.click("#add-line-submit").await;
    let (kind, text) = answer_of(browser, "the new line", "line-note-74957654321").await;
    assert_eq!((kind.as_str(), text.as_str()), ("ok", "Saved"), "{}", browser.report("the new line").await);
    let listed = browser.js("return document.getElementById('line-label-74957654321').value").await;
    assert_eq!(listed, "Tver office");
    browser.wait_shown("line-remove-74957654321").await;
    let lines = relay.get_json("/api/v1/admin/lines", root).await;
    assert_eq!(
        lines,
        json!([
            {"did": "74951234567", "label": "Moscow sales", "source": "config"},
            {"did": "74957654321", "label": "Tver office", "source": "store"},
        ])
    );
    browser.screenshot("lines").await;
}

/// The outcomes' codes in the order the page lists them.
const OUTCOME_ORDER: &str =
    "return [...document.querySelectorAll('#outcomes-table tbody tr')].map(r => r.dataset.code)";

/// Outcomes: one moved up, as the relay then orders them; one retired and offered again.
async fn outcomes_page(browser: &Browser, relay: &Relay, root: &str) {
    browser.click("#nav-outcomes").await;
    browser.wait_shown("outcome-up-call_back").await;
    let before = browser.js(OUTCOME_ORDER).await;
    assert_eq!(before, json!(["interested", "call_back", "not_interested", "wrong_number", "visit_booked"]));
    browser.click("#outcome-up-call_back").await;
    let (kind, _) = answer_of(browser, "the move", "outcome-note-call_back").await;
    assert_eq!(kind, "ok", "{}", browser.report("moving call_back up").await);
    let after = json!(["call_back", "interested", "not_interested", "wrong_number", "visit_booked"]);
    assert_eq!(browser.js(OUTCOME_ORDER).await, after);
    let listed = relay.get_json("/api/v1/admin/outcomes", root).await;
    let codes: Vec<&str> = listed.as_array().unwrap().iter().filter_map(|o| o["option"]["code"].as_str()).collect();
    assert_eq!(json!(codes), after, "the relay has the new order");
    browser.click("#outcome-retire-wrong_number").await;
    browser.wait_shown("outcome-offer-wrong_number").await;
    let retired = browser.js("return document.getElementById('outcome-row-wrong_number').dataset.retired").await;
    assert_eq!(retired, "yes");
    browser.screenshot("outcomes").await;
    browser.click("#outcome-offer-wrong_number").await;
    let (kind, text) = answer_of(browser, "offering it again", "outcome-note-wrong_number").await;
    assert_eq!((kind.as_str(), text.as_str()), ("ok", "Offered again"));
    assert_eq!(browser.js(OUTCOME_ORDER).await, after, "back in its place");
}

/// A Zadarma call on `line` from `phone`, ringing extension `ext`, started at `start` (UTC):
/// answered and talked `talk` seconds, or (`None`) missed.
async fn zadarma_call(relay: &Relay, call: &str, phone: &str, line: &str, ext: &str, start: &str, talk: Option<&str>) {
    let base = |event: &'static str| {
        vec![("event", event), ("call_start", start), ("pbx_call_id", call), ("caller_id", phone), ("called_did", line)]
    };
    let mut steps = vec![base("NOTIFY_START"), [base("NOTIFY_INTERNAL"), vec![("internal", ext)]].concat()];
    let end = match talk {
        Some(secs) => {
            steps.push([base("NOTIFY_ANSWER"), vec![("destination", ext), ("internal", ext)]].concat());
            vec![("internal", ext), ("duration", secs), ("disposition", "answered"), ("is_recorded", "0")]
        }
        None => vec![("duration", "20"), ("disposition", "cancel"), ("is_recorded", "0")],
    };
    steps.push([base("NOTIFY_END"), end, vec![("status_code", "16")]].concat());
    for fields in steps {
        assert_eq!(relay.zadarma(&fields).await.status(), 200, "{call}: {fields:?}");
    }
}

/// Logs `code` as the outcome of the call the PBX calls `call`, as the agent with `token`.
async fn log_outcome(relay: &Relay, token: &str, call: &str, code: &str) {
    let recent = relay.get_json("/api/v1/calls/recent?limit=100", token).await;
    let id = recent["calls"]
        .as_array()
        .and_then(|calls| calls.iter().find(|c| c["provider_call_id"] == call))
        .and_then(|c| c["id"].as_i64())
        .unwrap_or_else(|| panic!("{call} is not among the agent's calls: {recent}"));
    let body = json!({"code": code, "note": "", "idempotency_key": format!("report-{call}")});
    let resp = relay.api(reqwest::Method::POST, &format!("/api/v1/calls/{id}/outcome"), token).json(&body).send().await;
    assert_eq!(resp.expect("relay reachable").status(), 201, "outcome of {call}");
}

/// `h:mm`, as the totals show talk time.
fn hours_minutes(secs: u64) -> String {
    format!("{}:{:02}", secs / 3600, secs / 60 % 60)
}

/// Sets the period's dates (a date input's typed form depends on the browser's locale) and
/// presses Show; waits for the page to answer.
async fn show_period(browser: &Browser, from: &str, to: &str) {
    browser
        .js(&format!(
            "document.getElementById('report-from').value = '{from}'; \
             document.getElementById('report-to').value = '{to}'; return true"
        ))
        .await;
    browser.click("#report-show").await;
    browser
        .wait(
            "the report to answer",
            "const m = document.getElementById('error-reports'); \
             return !document.getElementById('report-show').disabled && m.dataset.kind !== 'pending'",
        )
        .await;
}

/// Reports: calls in a past week, an impossible period refused beside its field, the figures as
/// the API has them, the per-day chart drawn with its table, and both CSV links.
async fn reports_page(browser: &Browser, relay: &Relay, root: &str, anna: &str) {
    // New numbers become leads, so the leads chart has figures; the relay reads settings every second.
    relay.cli(&["settings", "set", "auto_create_contacts", "true"]).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let (moscow, tver) = ("74951234567", "74957654321");
    zadarma_call(relay, "r1", "79991234567", moscow, "100", "2024-03-04 09:00:00", Some("125")).await;
    zadarma_call(relay, "r2", "79995550101", moscow, "101", "2024-03-04 10:00:00", None).await;
    zadarma_call(relay, "r3", "79995550102", tver, "102", "2024-03-05 11:00:00", Some("300")).await;
    zadarma_call(relay, "r4", "79995550002", moscow, "100", "2024-03-07 12:00:00", Some("60")).await;
    zadarma_call(relay, "r5", "79995550103", tver, "100", "2024-03-07 13:00:00", None).await;
    log_outcome(relay, anna, "r1", "interested").await;
    log_outcome(relay, anna, "r4", "call_back").await;

    browser.click("#nav-reports").await;
    browser.wait_shown("report-show").await;
    // The current month so far by default.
    let from = browser.js("return document.getElementById('report-from').value").await;
    assert!(from.as_str().is_some_and(|d| d.len() == 10 && d.ends_with("-01")), "from: {from}");

    // A period that ends before it starts: the error sits beside the last day.
    show_period(browser, "2024-03-10", "2024-03-01").await;
    let (kind, text) = answer_of(browser, "the period's error", "report-error-to").await;
    assert_eq!(kind, "error", "{}", browser.report("a backwards period").await);
    assert!(text.starts_with("The last day must be a date on or after the first"), "{text}");
    assert_eq!(browser.text_of("report-error-from").await, "");

    show_period(browser, "2024-03-01", "2024-03-31").await;
    browser.wait_shown("report-totals").await;
    assert_eq!(browser.text_of("report-error-to").await, "", "the error is gone");
    let api = relay.get_json("/api/v1/admin/reports?from=2024-03-01&to=2024-03-31", root).await;
    let totals = &api["totals"];
    let n = |v: &Value, k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    // Hand counts first, so the comparison below is not of two empty reports.
    assert_eq!(
        (n(totals, "calls"), n(totals, "answered"), n(totals, "missed"), n(totals, "talk_secs")),
        (5, 3, 2, 485),
        "{api}"
    );
    assert!(n(totals, "new_leads") >= 1, "{api}");
    let shown = browser
        .js("return Object.fromEntries([...document.querySelectorAll('#report-totals .figure')] \
             .map(f => [f.id.replace('report-total-', ''), [f.dataset.value, f.querySelector('.figure-value').textContent]]))")
        .await;
    for (name, key) in [("calls", "calls"), ("answered", "answered"), ("missed", "missed"), ("new_leads", "new_leads")]
    {
        let want = n(totals, key).to_string();
        assert_eq!(shown[name], json!([want, want]), "{name}: {shown}");
    }
    assert_eq!(shown["talk"], json!(["485", hours_minutes(485)]), "{shown}");

    // The per-day chart is drawn (its canvas has painted pixels), its table has the API's days.
    let painted = browser
        .wait(
            "the per-day chart to be drawn",
            "const c = document.getElementById('report-chart-days'); if (!c || !c.width) return null; \
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
             let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n > 500 && n",
        )
        .await;
    assert!(painted.as_u64() > Some(500), "{painted}");
    for chart in ["lines", "outcomes", "leads"] {
        assert!(browser.shown(&format!("report-chart-{chart}")).await, "{}", browser.report(chart).await);
    }
    let mut by_day: Vec<(String, [u64; 4])> = Vec::new();
    for d in api["days"].as_array().unwrap() {
        let figures = [n(d, "calls"), n(d, "incoming"), n(d, "answered"), n(d, "missed")];
        match by_day.last_mut() {
            Some((day, sum)) if *day == d["day"] => (0..4).for_each(|i| sum[i] += figures[i]),
            _ => by_day.push((d["day"].as_str().unwrap().to_string(), figures)),
        }
    }
    let want: Vec<Vec<String>> = by_day.iter().map(|(_, f)| f.iter().map(u64::to_string).collect()).collect();
    assert_eq!(want, [["2", "2", "1", "1"], ["1", "1", "1", "0"], ["2", "2", "1", "1"]], "{api}");
    let rows = browser
        .js("return [...document.querySelectorAll('#report-table-days tbody tr')] \
             .map(r => [...r.cells].slice(1).map(c => c.textContent))")
        .await;
    assert_eq!(rows, json!(want), "{}", browser.report("the per-day table").await);
    let agents = browser.js("return document.querySelectorAll('#report-table-agents tbody tr').length").await;
    assert_eq!(agents, json!(api["agents"].as_array().unwrap().len()), "{api}");
    browser.screenshot("reports").await;
    browser.js("document.getElementById('report-chart-box-lines').scrollIntoView(); return true").await;
    browser.screenshot("reports-charts").await;

    // Both CSV links: the period's calls, UTF-8 with a byte-order mark and a header row.
    for (id, header) in [("report-csv", "started_at,direction,"), ("report-csv-semicolon", "started_at;direction;")] {
        let href = browser.js(&format!("return document.getElementById('{id}').getAttribute('href')")).await;
        let href = href.as_str().unwrap_or_else(|| panic!("{id} has no href"));
        assert!(href.contains("from=2024-03-01") && href.contains("to=2024-03-31"), "{href}");
        let resp = relay.api(reqwest::Method::GET, href, root).send().await.expect("relay reachable");
        assert_eq!(resp.status(), 200, "{href}");
        let bytes = resp.bytes().await.expect("the CSV");
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "{id}: no byte-order mark");
        let text = String::from_utf8_lossy(&bytes[3..]).to_string();
        assert!(text.starts_with(header), "{id}: {text}");
        assert_eq!(text.lines().count(), 6, "a header and five calls: {text}");
        // The link itself, as the browser follows it: the session's cookie, a file to save.
        let got = browser
            .js(&format!(
                "return fetch('{href}').then(async r => [r.status, r.headers.get('content-disposition') ?? '', (await r.text()).split('\\n').length])"
            ))
            .await;
        assert_eq!(got[0], 200, "{id} in the browser: {got}");
        assert!(got[1].as_str().unwrap_or_default().starts_with("attachment"), "{id}: {got}");
        assert!(got[2].as_u64() >= Some(6), "{id}: {got}");
    }

    // A quiet period says so, with no charts left from the one before.
    show_period(browser, "2023-01-01", "2023-01-31").await;
    browser.wait_shown("report-empty").await;
    assert_eq!(browser.text_of("report-empty").await, "There were no calls from Jan 1, 2023 to Jan 31, 2023.");
    assert!(!browser.shown("report-chart-days").await && !browser.shown("report-csv").await);
}

#[tokio::test]
async fn an_admin_runs_the_relay_from_the_console_in_a_browser() {
    // First: without Chromium the test fails at once, saying what to install.
    let browser = Browser::start("admin").await;
    let mut relay = Relay::start("[routing]\nredirect_to_responsible = true\n").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    // Gleb is on ITooLabs only: no Zadarma user yet.
    let (gleb, gleb_token) =
        added(&relay.cli(&["agent", "add", "--name", "Gleb", "--pbx-user", "itoolabs=gleb"]).unwrap());
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
    zadarma_keys_in_the_console(&browser).await;

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
    let note_script = format!(
        "const n = document.getElementById('agent-note-{gleb}'); return n && n.dataset.kind && [n.dataset.kind, n.textContent]"
    );
    let note = browser.wait("Gleb's row to be saved", &note_script).await;
    assert_eq!(note, json!(["ok", "Saved"]), "{}", browser.report("Gleb's Zadarma user").await);
    assert_eq!(browser.js(&format!("return document.getElementById('{select}').value")).await, "102");
    let annas = browser.js("return [...document.getElementById('pbx-user-1-zadarma').options].map(o => o.value)").await;
    assert!(!annas.as_array().unwrap().contains(&json!("102")), "102 is Gleb's now: {annas}");
    let list = relay.cli(&["agent", "list"]).unwrap();
    let row = list.lines().find(|l| l.split_whitespace().nth(1) == Some("Gleb")).unwrap_or_else(|| panic!("{list}"));
    assert_eq!(row.split_whitespace().nth(2), Some("102"), "the relay has Gleb on Zadarma 102:\n{list}");
    // Gleb gets the app's blacklist button.
    assert_eq!(relay.get_json("/api/v1/me", &gleb_token).await["may_blacklist"], false);
    browser.click(&format!("#may-blacklist-{gleb}")).await;
    let mut allowed = false;
    for _ in 0..50 {
        if relay.get_json("/api/v1/me", &gleb_token).await["may_blacklist"] == true {
            allowed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(allowed, "{}", browser.report("Gleb's blacklist button").await);
    let box_state = browser
        .wait(
            "the box to stay ticked",
            &format!("const b = document.getElementById('may-blacklist-{gleb}'); return b && !b.disabled && b.checked"),
        )
        .await;
    assert_eq!(box_state, true);
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

    contacts_page(&browser, &relay, &root).await;
    lines_page(&browser, &relay, &root).await;
    outcomes_page(&browser, &relay, &root).await;

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
    reports_page(&browser, &relay, &root, &anna).await;
    board_page(&browser, &relay).await;

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

/// The live board follows a call within a second: Anna rings, then talks with Ivan, then
/// is free again.
async fn board_page(browser: &Browser, relay: &Relay) {
    browser.click("#nav-board").await;
    // The board is drawn, and follows the relay's events (its stream subscribed).
    browser
        .wait(
            "the board, live",
            "return document.getElementById('board-agent-1') !== null && document.getElementById('page-board').dataset.live === 'true'",
        )
        .await;
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let base = |event: &'static str| {
        vec![
            ("event", event),
            ("call_start", now.as_str()),
            ("pbx_call_id", "board_1"),
            ("caller_id", "79991234567"),
            ("called_did", "74951234567"),
        ]
    };
    let activity =
        |state: &str| format!("return document.getElementById('board-agent-1')?.dataset.activity === '{state}'");
    // Within a second: the page reads the board again on every call event of its WebSocket
    // (its slow read runs every 5 s).
    let follow = std::time::Duration::from_secs(1);
    for fields in [base("NOTIFY_START"), [base("NOTIFY_INTERNAL"), vec![("internal", "100")]].concat()] {
        assert_eq!(relay.zadarma(&fields).await.status(), 200);
    }
    browser.wait_for("Anna ringing on the board", &activity("ringing"), follow).await;
    // Earlier NOTIFY_STARTs of this test left calls ringing too: ours is among them.
    let waiting = browser
        .wait("the call waiting", "return document.querySelectorAll('#board-waiting tr[data-call-id]').length")
        .await;
    assert!(waiting.as_u64().is_some_and(|n| n >= 1), "{waiting}");
    let answer = [base("NOTIFY_ANSWER"), vec![("destination", "100"), ("internal", "100")]].concat();
    assert_eq!(relay.zadarma(&answer).await.status(), 200);
    browser.wait_for("Anna talking on the board", &activity("talking"), follow).await;
    let client = browser.js("return document.querySelector('#board-agent-1 td.client').textContent").await;
    assert_eq!(client, "Ivan Petrov");
    browser.screenshot("board").await;
    let end = [
        base("NOTIFY_END"),
        vec![
            ("internal", "100"),
            ("duration", "5"),
            ("disposition", "answered"),
            ("status_code", "16"),
            ("is_recorded", "0"),
        ],
    ]
    .concat();
    assert_eq!(relay.zadarma(&end).await.status(), 200);
    browser.wait_for("Anna free again", &activity("free"), follow).await;
}
