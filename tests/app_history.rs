//! A client's past, from the app: the history search beyond today, a client's journal opened
//! from a call row (every manager's calls, outcomes and notes; recordings where this agent may
//! play them), and the supervisor's Team section following calls, wrap-up and do-not-disturb.
//! The real `callcard` under Xvfb (tauri-driver + WebKitWebDriver) against the real relay.

use std::time::{Duration, Instant};

use callcard_e2e::desktop::{App, Desktop};
use callcard_e2e::Relay;
use serde_json::{json, Value};

/// The GUI tests share two cores with WebKit: one at a time (this file's tests).
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const IVAN: &str = "79991234567";
const LINE: &str = "74951234567";

struct Team {
    relay: Relay,
    anna: String,
    boss: String,
}

/// Anna and Boris (agents), Boss (a supervisor on extension 900), Ivan Anna's client, and three
/// calls of November: Ivan with Boris (who logged a note), Ivan with Anna, a missed new number.
async fn november() -> Team {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let boris = relay.add_agent("Boris", "101", Some("boris"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    relay.add_contact("Ivan Petrov", IVAN, "ACME", "anna");
    relay.zadarma_call("h1", IVAN, "101", true, ("2026-11-20 10:00:00", LINE, "65")).await;
    relay.zadarma_call("h2", IVAN, "100", true, ("2026-11-25 11:00:00", LINE, "30")).await;
    relay.zadarma_call("h3", "79990000003", "100", false, ("2026-11-26 12:00:00", LINE, "0")).await;
    let h1 = relay_call_id(&relay, &boris, "h1").await;
    let body = json!({"code": "call_back", "note": "sent the price list", "idempotency_key": "boris-h1"});
    let logged = relay
        .http
        .post(relay.url(&format!("/api/v1/calls/{h1}/outcome")))
        .bearer_auth(&boris)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(logged.status().is_success(), "{}", logged.status());
    Team { relay, anna, boss }
}

async fn relay_call_id(relay: &Relay, token: &str, provider_call_id: &str) -> i64 {
    let recent = relay.get_json("/api/v1/calls/recent?limit=100", token).await;
    let call = recent["calls"].as_array().unwrap().iter().find(|c| c["provider_call_id"] == provider_call_id);
    call.and_then(|c| c["id"].as_i64()).unwrap_or_else(|| panic!("no call {provider_call_id}: {recent}"))
}

/// The rows of a table in the main window, each as [client, agent, outcome cell, has ▶].
async fn rows(app: &App, table: &str) -> Value {
    app.js(&format!(
        "return [...document.querySelectorAll('#{table} tbody tr')].map(tr => [\
           tr.querySelector('.client')?.textContent ?? '', tr.querySelector('.agent')?.textContent ?? '', \
           tr.querySelector('.outcome-cell')?.textContent ?? '', tr.querySelector('button.play') !== null])"
    ))
    .await
}

async fn board_activity(relay: &Relay, token: &str, name: &str) -> String {
    let board = relay.get_json("/api/v1/admin/board", token).await;
    let agent = board["agents"].as_array().unwrap().iter().find(|a| a["name"] == name).cloned().unwrap();
    agent["activity"].as_str().unwrap_or_default().to_string()
}

async fn wait_board(relay: &Relay, token: &str, name: &str, activity: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = board_activity(relay, token, name).await;
        if now == activity {
            return;
        }
        assert!(Instant::now() < deadline, "{name} is {now} on the board, not {activity}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_the_history_and_open_a_client_s_journal() {
    let _one = ONE_AT_A_TIME.lock().await;
    let team = november().await;
    let desktop = Desktop::start();
    let env = [("CALLCARD_RELAY_URL", team.relay.base.as_str()), ("CALLCARD_TOKEN", team.anna.as_str())];
    let app = App::launch(&desktop, &env, "app_history_journal").await;
    app.wait_status("connected", Duration::from_secs(10)).await;

    // By name: Anna's own call with Ivan (Boris's is not hers to list).
    app.type_into("#history-q", "Petrov").await;
    app.click_now("#history-search").await;
    app.wait_js("return document.getElementById('history-message').dataset.kind", Duration::from_secs(10), |v| {
        v == "ok"
    })
    .await;
    let found = rows(&app, "history-calls").await;
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0][0], "Ivan Petrov (ACME)");
    assert_eq!(found[0][1], "Anna");
    // Filters: missed calls only, in a date range.
    app.js("document.getElementById('history-q').value = ''; document.getElementById('history-missed').value = 'true'; \
            document.getElementById('history-from').value = '2026-11-01'; document.getElementById('history-to').value = '2026-11-30'; return true")
        .await;
    app.click_now("#history-search").await;
    app.wait_js("return document.getElementById('history-message').textContent", Duration::from_secs(10), |v| {
        v == "1 call."
    })
    .await;
    let missed = rows(&app, "history-calls").await;
    assert_eq!(missed[0][0], "New number", "{missed}");
    app.screenshot("1-history-missed").await;

    // The journal, opened from Ivan's row: both managers' calls, Boris's note, and a play button
    // only on Anna's own call (the admin has not allowed other agents' recordings).
    app.js("document.getElementById('history-missed').value = ''; document.getElementById('history-q').value = 'Petrov'; return true")
        .await;
    app.click_now("#history-search").await;
    // The missed call's row stays until the new page comes: wait for Ivan's.
    app.wait_js(
        "const b = document.querySelectorAll('#history-calls .open-client'); return b.length === 1 && b[0].textContent",
        Duration::from_secs(10),
        |v| v == "Ivan Petrov (ACME)",
    )
    .await;
    app.click_now("#history-calls .open-client").await;
    app.wait_js("return document.querySelectorAll('#journal-calls tbody tr').length", Duration::from_secs(10), |v| {
        v == 2
    })
    .await;
    assert_eq!(app.js("return document.getElementById('journal').open").await, true);
    assert_eq!(app.text("#journal-title").await, "Ivan Petrov");
    let facts = app.js("return document.getElementById('journal-facts').textContent").await;
    assert!(facts.as_str().unwrap().contains("+7 999 123-45-67"), "{facts}");
    assert!(facts.as_str().unwrap().contains("Responsible: Anna"), "{facts}");
    let journal = rows(&app, "journal-calls").await;
    assert_eq!((journal[0][1].as_str(), journal[1][1].as_str()), (Some("Anna"), Some("Boris")), "{journal}");
    assert!(journal[1][2].as_str().unwrap().contains("sent the price list"), "{journal}");
    assert_eq!((journal[0][3].as_bool(), journal[1][3].as_bool()), (Some(true), Some(false)), "{journal}");
    app.screenshot("2-client-journal").await;
    app.click_now("#journal-close").await;
    assert_eq!(app.js("return document.getElementById('journal').open").await, false);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_s_team_section_follows_calls_wrap_up_and_do_not_disturb() {
    let _one = ONE_AT_A_TIME.lock().await;
    let team = november().await;
    let relay = &team.relay;
    let desktop = Desktop::start();
    let env = [("CALLCARD_RELAY_URL", relay.base.as_str()), ("CALLCARD_TOKEN", team.boss.as_str())];
    let app = App::launch(&desktop, &env, "app_team_section").await;
    app.wait_status("connected", Duration::from_secs(10)).await;
    let activity = |name: &str| {
        format!(
            "return [...document.querySelectorAll('#team-agents tbody tr')]\
               .find(tr => tr.firstChild.textContent === '{name}')?.dataset.activity ?? ''"
        )
    };
    app.wait_js(&activity("Anna"), Duration::from_secs(10), |v| v == "free").await;

    // A call rings Anna: the Team section says so within seconds, with a ticking timer.
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let base = |event: &'static str| {
        vec![("event", event), ("call_start", now.as_str()), ("pbx_call_id", "t1"), ("caller_id", IVAN)]
    };
    assert_eq!(relay.zadarma(&base("NOTIFY_START")).await.status(), 200);
    assert_eq!(relay.zadarma(&[base("NOTIFY_INTERNAL"), vec![("internal", "100")]].concat()).await.status(), 200);
    let asked = Instant::now();
    app.wait_js(&activity("Anna"), Duration::from_secs(3), |v| v == "ringing").await;
    let took = asked.elapsed();
    let timer = app
        .wait_js(
            "return document.querySelector('#team-agents tr[data-activity=ringing] .since')?.textContent ?? ''",
            Duration::from_secs(3),
            |v| v.as_str().is_some_and(|t| t.contains(':')),
        )
        .await;
    eprintln!("the Team section showed Anna ringing {took:?} after the webhook; timer {timer}");
    app.screenshot("1-team-ringing").await;
    let missed =
        [base("NOTIFY_END"), vec![("duration", "0"), ("disposition", "cancel"), ("status_code", "16")]].concat();
    assert_eq!(relay.zadarma(&missed).await.status(), 200);
    app.wait_js(&activity("Anna"), Duration::from_secs(3), |v| v == "free").await;

    // The supervisor takes a call on his own phone: at its end his wrap-up card shows on the
    // board, closing it frees him, and do-not-disturb from the app shows too.
    relay.zadarma_call("t2", IVAN, "900", true, (&now, LINE, "20")).await;
    let (_, card) = app.wait_card("Ivan Petrov", Duration::from_secs(10)).await;
    app.wait_js("return document.body.dataset.phase", Duration::from_secs(10), |v| v == "wrap_up").await;
    wait_board(relay, &team.boss, "Boss", "wrap_up").await;
    app.to_card(card).await;
    app.click_now("#dismiss").await;
    app.to_main().await;
    wait_board(relay, &team.boss, "Boss", "free").await;
    app.click_now("#dnd").await;
    wait_board(relay, &team.boss, "Boss", "do_not_disturb").await;
    app.wait_js(&activity("Boss"), Duration::from_secs(10), |v| v == "do_not_disturb").await;
    app.screenshot("2-team-do-not-disturb").await;

    // A supervisor's history filters by agent: Boris's call only.
    app.wait_js("return document.querySelectorAll('#history-agent option').length", Duration::from_secs(10), |v| {
        v.as_u64().is_some_and(|n| n >= 4)
    })
    .await;
    assert_eq!(app.js("return document.getElementById('history-agent-label').hidden").await, false);
    app.js("const s = document.getElementById('history-agent'); \
            s.value = [...s.options].find(o => o.textContent === 'Boris').value; \
            document.getElementById('history-to').value = '2026-11-30'; return true")
        .await;
    app.click_now("#history-search").await;
    app.wait_js("return document.getElementById('history-message').textContent", Duration::from_secs(10), |v| {
        v == "1 call."
    })
    .await;
    let found = rows(&app, "history-calls").await;
    assert_eq!((found[0][1].as_str(), found[0][0].as_str()), (Some("Boris"), Some("Ivan Petrov (ACME)")), "{found}");
    app.quit().await;
}
