//! Leads for new numbers (seed 004's rules) through every provider: the simulator plays each
//! kind of call with a number nobody saved, signed as that PBX signs it, and the relay's
//! contacts are checked after it.

use callcard_e2e::{sim_config, Relay, Sim};
use callcard_protocol::{CallState, CallsSnapshot};
use serde_json::Value;

/// The simulator's agents, a supervisor who is the default responsible, and the switch on.
fn team(relay: &Relay) -> (String, String, String) {
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    relay.add_agent("Vera", "102", Some("vera"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    let root =
        relay.cli(&["agent", "add", "--name", "Root", "--admin"]).unwrap().lines().last().unwrap().trim().to_string();
    relay.cli(&["settings", "set", "auto_create_contacts", "true"]).unwrap();
    relay.cli(&["settings", "set", "default_responsible", "Boss"]).unwrap();
    // The running relay reads the settings every second.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    (boss, root, anna)
}

/// Every provider, and no known clients: every call is with a new number.
fn config(relay: &Relay) -> String {
    let config = sim_config(relay, "", "").replace("clients = [\"79991234567\"]", "clients = []").replace(
        "providers = [\"zadarma\", \"itoolabs\"]",
        "providers = [\"zadarma\", \"itoolabs\", \"uis\", \"ringostat\"]",
    );
    if config.contains("\n[ringostat]\n") {
        config
    } else {
        format!("{config}\n[ringostat]\ntimezone = \"UTC\"\n")
    }
}

#[tokio::test]
async fn new_numbers_become_leads_of_who_had_the_call_for_every_provider() {
    let relay = Relay::start_with_env("", &[("CALLCARD_ITOOLABS_MISSED_AFTER_SECS", "1")]).await;
    let (boss, root, anna) = team(&relay);
    let mut last_lead = String::new();
    let config = config(&relay);
    let mut seed = 100;
    for provider in ["zadarma", "itoolabs", "uis", "ringostat"] {
        for kind in ["incoming-answered", "incoming-missed", "outgoing-answered"] {
            seed += 1;
            let seed_text = seed.to_string();
            let args = ["--seed", &seed_text, "--time-scale", "0.02", "call", kind, "--provider", provider];
            let (ok, stdout, stderr) = Sim::run(&config, &args).await;
            assert!(ok, "{provider}/{kind}: {stdout}{stderr}");
            let call_id = stdout.lines().nth(1).unwrap_or_default().trim().to_string();
            let call = ended_call(&relay, &boss, &call_id).await;
            let phone =
                call["client_phone"].as_str().unwrap_or_else(|| panic!("{provider}/{kind}: {call}")).to_string();
            let agent = call["agent"]["name"].as_str().map(str::to_string);
            let found = relay.get_json(&format!("/api/v1/admin/contacts?q={phone}"), &root).await;
            let lead = found
                .as_array()
                .and_then(|f| f.first())
                .unwrap_or_else(|| panic!("{provider}/{kind}: no lead for {phone}: {call}"));
            assert_eq!(lead["contact"]["status"], "lead", "{provider}/{kind}: {lead}");
            assert_eq!(lead["contact"]["name"], format!("+{phone}"), "{provider}/{kind}");
            // The call's line is the lead's source (an outgoing call may name none).
            assert_eq!(lead["contact"]["source_line"], call["line"], "{provider}/{kind}: the line is its source");
            if kind.starts_with("incoming") {
                assert_eq!(call["line"], "74951234567", "{provider}/{kind}");
            }
            let responsible = lead["contact"]["responsible"].as_str().map(str::to_string);
            let expected = match kind {
                "incoming-missed" => Some("Boss".to_string()),
                _ => agent.clone(),
            };
            assert!(expected.is_some(), "{provider}/{kind}: the call has no agent: {call}");
            assert_eq!(responsible, expected, "{provider}/{kind}: {lead}");
            last_lead = phone.clone();
            // The missed lead's reminder goes to the default responsible.
            if kind == "incoming-missed" {
                let reminders = relay.get_json("/api/v1/reminders", &boss).await;
                let mine = reminders.as_array().unwrap().iter().find(|r| r["phone"] == phone.as_str());
                let mine = mine.unwrap_or_else(|| panic!("{provider}/{kind}: no reminder: {reminders}"));
                assert_eq!(mine["assignee_name"], "Boss", "{provider}/{kind}: {mine}");
            }
        }
    }

    // A manager names a lead ("Name this client"): it is a client from then on.
    let resp = relay
        .http
        .post(relay.url("/api/v1/contacts"))
        .bearer_auth(&anna)
        .json(&serde_json::json!({"phone": last_lead, "name": "Pavel Orlov", "company": "Orlov & Co"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "the lead existed: an update");
    let saved: Value = resp.json().await.unwrap();
    assert_eq!(
        (saved["contact"]["status"].as_str(), saved["contact"]["name"].as_str()),
        (Some("client"), Some("Pavel Orlov"))
    );
}

/// The call once it has ended (ITooLabs' missed calls end after a quiet second).
async fn ended_call(relay: &Relay, token: &str, call_id: &str) -> Value {
    for _ in 0..60 {
        let snap: CallsSnapshot =
            serde_json::from_value(relay.get_json("/api/v1/calls/recent?limit=100", token).await).unwrap();
        if let Some(call) = snap.calls.iter().find(|c| c.provider_call_id == call_id && c.state == CallState::Ended) {
            return serde_json::to_value(call).unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("call {call_id} did not end on the relay");
}

/// A Zadarma call from `phone` to `ext` (answered or not), with a recording when answered.
async fn zadarma_call(relay: &Relay, call: &str, phone: &str, ext: &str, answered: bool) {
    relay.zadarma_call(call, phone, ext, answered, ("2024-05-01 12:00:00", "74951234567", "42")).await
}

#[tokio::test]
async fn a_client_s_journal_has_every_agent_s_calls_and_their_recordings_where_allowed() {
    // The PBX's API is a closed port: a recording the relay lets through fails fast as unreachable.
    let env = [("CALLCARD_ZADARMA_API_URL", "http://127.0.0.1:9"), ("CALLCARD_ZADARMA_API_KEY", "key")];
    let relay = Relay::start_with_env("", &env).await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "anna");
    zadarma_call(&relay, "j1", "79991234567", "101", true).await;
    zadarma_call(&relay, "j2", "79991234567", "100", false).await;
    zadarma_call(&relay, "j3", "79990000000", "100", true).await;

    // Anna sees Boris's call with Ivan too, newest first, but not its recording.
    let journal = relay.get_json("/api/v1/contacts/+7 999 123-45-67/calls", &anna).await;
    assert_eq!(journal["phone"], "79991234567");
    assert_eq!(journal["contact"]["name"], "Ivan Petrov");
    let calls = journal["calls"].as_array().unwrap();
    let ids: Vec<&str> = calls.iter().map(|c| c["provider_call_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["j2", "j1"], "{journal}");
    assert_eq!(calls[1]["agent"]["name"], "Boris");
    assert_eq!(calls[1]["recording"], Value::Null, "another agent's recording without the admin's leave");
    let j1 = calls[1]["id"].as_i64().unwrap();
    let resp =
        relay.http.get(relay.url(&format!("/api/v1/calls/{j1}/recording"))).bearer_auth(&anna).send().await.unwrap();
    assert_eq!(resp.status(), 404);

    // The admin allows it: the recording is listed and the relay no longer refuses it.
    relay.cli(&["settings", "set", "recordings_of_others", "true"]).unwrap();
    let mut listed = Value::Null;
    for _ in 0..30 {
        let journal = relay.get_json("/api/v1/contacts/79991234567/calls", &anna).await;
        listed = journal["calls"][1]["recording"].clone();
        if !listed.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(listed["ready"], true, "{listed}");
    let resp =
        relay.http.get(relay.url(&format!("/api/v1/calls/{j1}/recording"))).bearer_auth(&anna).send().await.unwrap();
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (504, Some("pbx_unreachable")),
        "it went on to the PBX: {body}"
    );

    let resp = relay.http.get(relay.url("/api/v1/contacts/not-a-phone/calls")).bearer_auth(&anna).send().await.unwrap();
    assert_eq!(resp.status(), 400);
}

#[tokio::test]
async fn reports_count_what_happened_by_local_days() {
    let relay = Relay::start("[reports]\ntimezone = \"Europe/Moscow\"\n").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "anna");
    relay.cli(&["settings", "set", "auto_create_contacts", "true"]).unwrap();
    relay.cli(&["settings", "set", "default_responsible", "Boss"]).unwrap();
    // The running relay reads the settings every second.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    // Hand counts: 1 May, Ivan answered by Anna (42 s) and a new number missed while it rang
    // Anna; 22:30 UTC on 1 May is 2 May in Moscow: a new number Boris answered (30 s) on the
    // Petersburg line; 3 May, Ivan again (60 s).
    relay.zadarma_call("m1", "79991234567", "100", true, ("2024-05-01 09:00:00", "74951234567", "42")).await;
    relay.zadarma_call("m2", "79990000001", "100", false, ("2024-05-01 10:00:00", "74951234567", "0")).await;
    relay.zadarma_call("m3", "79990000003", "101", true, ("2024-05-01 22:30:00", "78122345678", "30")).await;
    relay.zadarma_call("m4", "79991234567", "100", true, ("2024-05-03 08:00:00", "74951234567", "60")).await;
    relay.zadarma_call("m5", "79991234567", "100", true, ("2024-05-04 08:00:00", "74951234567", "60")).await;
    let calls = relay.get_json("/api/v1/calls/recent", &anna).await;
    let m1 = calls["calls"].as_array().unwrap().iter().find(|c| c["provider_call_id"] == "m1").unwrap()["id"]
        .as_i64()
        .unwrap();
    let body = serde_json::json!({"code": "interested", "note": "wants a quote", "idempotency_key": "k-m1"});
    let resp = relay
        .http
        .post(relay.url(&format!("/api/v1/calls/{m1}/outcome")))
        .bearer_auth(&anna)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);

    let r = relay.get_json("/api/v1/admin/reports?from=2024-05-01&to=2024-05-03", &boss).await;
    assert_eq!(r["timezone"], "Europe/Moscow");
    assert_eq!(
        r["totals"],
        serde_json::json!({"calls": 4, "incoming": 4, "outgoing": 0, "answered": 3, "missed": 1, "talk_secs": 132, "new_leads": 2})
    );
    let days: Vec<(String, String, u64, u64, u64)> = r["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let n = |k: &str| d[k].as_u64().unwrap();
            (
                d["day"].as_str().unwrap().into(),
                d["line"].as_str().unwrap().into(),
                n("calls"),
                n("answered"),
                n("missed"),
            )
        })
        .collect();
    let day = |d: &str, l: &str, c, a, m| (d.to_string(), l.to_string(), c, a, m);
    assert_eq!(
        days,
        [
            day("2024-05-01", "74951234567", 2, 1, 1),
            day("2024-05-02", "78122345678", 1, 1, 0),
            day("2024-05-03", "74951234567", 1, 1, 0)
        ]
    );
    assert_eq!(r["days"][0]["line_label"], "Moscow sales");
    let agent = |name: &str| r["agents"].as_array().unwrap().iter().find(|a| a["name"] == name).cloned().unwrap();
    let anna_figures = agent("Anna");
    let n = |v: &Value, k: &str| v[k].as_u64().unwrap();
    assert_eq!(
        (
            n(&anna_figures, "calls"),
            n(&anna_figures, "answered"),
            n(&anna_figures, "missed"),
            n(&anna_figures, "talk_secs")
        ),
        (3, 2, 1, 102),
        "{anna_figures}"
    );
    assert_eq!(n(&anna_figures, "with_outcome"), 1);
    assert!(anna_figures["avg_wait_secs"].as_f64().is_some());
    let boris = agent("Boris");
    assert_eq!((n(&boris, "calls"), n(&boris, "answered"), n(&boris, "talk_secs")), (1, 1, 30));
    assert_eq!(r["outcomes"], serde_json::json!([{"code": "interested", "label": "Interested", "calls": 1}]));
    let sources: Vec<(String, u64)> = r["lead_sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["line"].as_str().unwrap().to_string(), n(s, "leads")))
        .collect();
    assert_eq!(sources, [("74951234567".to_string(), 1), ("78122345678".to_string(), 1)]);

    // The CSV: a BOM, a header, one row per call, local times; `;` on request.
    let csv = |query: &str| {
        let url = relay.url(&format!("/api/v1/admin/reports/calls.csv?{query}"));
        let http = relay.http.clone();
        let token = boss.clone();
        async move { http.get(url).bearer_auth(token).send().await.unwrap() }
    };
    let resp = csv("from=2024-05-01&to=2024-05-03").await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-disposition"].to_str().unwrap().contains("calls-2024-05-01-2024-05-03.csv"));
    let text = resp.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'), "no byte-order mark");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].starts_with("started_at,direction,answered,missed,line,line_label,client_phone,client_name"));
    assert!(
        lines[1].starts_with(
            "2024-05-01 12:00:00,incoming,yes,no,74951234567,Moscow sales,79991234567,Ivan Petrov,ACME,client,Anna,"
        ),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",42,interested,Interested,wants a quote,zadarma,m1"), "{}", lines[1]);
    assert!(
        lines[3].starts_with("2024-05-02 01:30:00,incoming,yes,no,78122345678,,79990000003,+79990000003,,lead,Boris"),
        "{}",
        lines[3]
    );
    let semicolons = csv("from=2024-05-01&to=2024-05-01&sep=semicolon").await.text().await.unwrap();
    assert!(semicolons.lines().nth(1).unwrap().starts_with("2024-05-01 12:00:00;incoming;yes"), "{semicolons}");

    // The command line: the same figures, and the same CSV.
    let out = relay.cli(&["report", "--from", "2024-05-01", "--to", "2024-05-03"]).unwrap();
    assert!(out.contains("calls 4  incoming 4  answered 3  missed 1"), "{out}");
    let file = relay.dir.path().join("may.csv");
    let out = relay
        .cli(&[
            "report",
            "--from",
            "2024-05-01",
            "--to",
            "2024-05-03",
            "--csv",
            file.to_str().unwrap(),
            "--separator",
            ";",
        ])
        .unwrap();
    assert!(out.contains("wrote 4 calls"), "{out}");
    assert!(std::fs::read_to_string(&file).unwrap().contains(";Ivan Petrov;"));

    // The history: Anna's calls only, searched and filtered, a page at a time.
    let ids = |page: &Value| -> Vec<String> {
        page["calls"].as_array().unwrap().iter().map(|c| c["provider_call_id"].as_str().unwrap().to_string()).collect()
    };
    let page = relay.get_json("/api/v1/calls/history?from=2024-05-01&to=2024-05-03&limit=2", &anna).await;
    assert_eq!(ids(&page), ["m4", "m2"], "{page}");
    let before = page["next_before"].as_i64().expect("a next page");
    let page = relay
        .get_json(&format!("/api/v1/calls/history?from=2024-05-01&to=2024-05-03&limit=2&before={before}"), &anna)
        .await;
    assert_eq!((ids(&page), page["next_before"].clone()), (vec!["m1".to_string()], Value::Null));
    assert_eq!(ids(&relay.get_json("/api/v1/calls/history?q=ivan", &anna).await), ["m5", "m4", "m1"]);
    assert_eq!(ids(&relay.get_json("/api/v1/calls/history?q=999123", &anna).await), ["m5", "m4", "m1"]);
    assert_eq!(ids(&relay.get_json("/api/v1/calls/history?missed=true", &anna).await), ["m2"]);
    assert_eq!(ids(&relay.get_json("/api/v1/calls/history?outcome=interested", &anna).await), ["m1"]);
    assert_eq!(
        ids(&relay.get_json("/api/v1/calls/history?to=2024-05-01", &anna).await),
        ["m2", "m1"],
        "Moscow's 1 May"
    );
    assert_eq!(ids(&relay.get_json("/api/v1/calls/history?agent=2", &boss).await), ["m3"]);
    let resp = relay.http.get(relay.url("/api/v1/calls/history?agent=2")).bearer_auth(&anna).send().await.unwrap();
    assert_eq!(resp.status(), 400, "agents do not filter by agent");
    let resp =
        relay.http.get(relay.url("/api/v1/calls/history?direction=sideways")).bearer_auth(&anna).send().await.unwrap();
    assert_eq!(resp.status(), 400);

    // Agents do not get reports; bad periods are refused in words.
    let resp = relay
        .http
        .get(relay.url("/api/v1/admin/reports?from=2024-05-01&to=2024-05-03"))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    for query in [
        "from=2024-05-03&to=2024-05-01",
        "from=1.5.2024&to=2024-05-03",
        "to=2024-05-03",
        "from=2020-01-01&to=2024-05-03",
    ] {
        let resp = relay
            .http
            .get(relay.url(&format!("/api/v1/admin/reports?{query}")))
            .bearer_auth(&boss)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{query}");
    }
}

#[tokio::test]
async fn the_board_shows_who_is_ringing_talking_or_free_and_today_s_missed_calls() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let base = |event: &'static str| {
        vec![
            ("event", event),
            ("call_start", now.as_str()),
            ("pbx_call_id", "b1"),
            ("caller_id", "79991234567"),
            ("called_did", "74951234567"),
        ]
    };
    let activity = |board: &Value, name: &str| {
        let agent = board["agents"].as_array().unwrap().iter().find(|a| a["name"] == name).cloned().unwrap();
        agent["activity"].as_str().unwrap().to_string()
    };
    assert_eq!(relay.zadarma(&base("NOTIFY_START")).await.status(), 200);
    assert_eq!(relay.zadarma(&[base("NOTIFY_INTERNAL"), vec![("internal", "100")]].concat()).await.status(), 200);
    let board = relay.get_json("/api/v1/admin/board", &boss).await;
    assert_eq!(
        (activity(&board, "Anna"), activity(&board, "Boris")),
        ("ringing".to_string(), "free".to_string()),
        "{board}"
    );
    assert_eq!(board["waiting"].as_array().unwrap().len(), 1);
    assert_eq!(board["waiting"][0]["provider_call_id"], "b1");
    let answer = [base("NOTIFY_ANSWER"), vec![("destination", "100"), ("internal", "100")]].concat();
    assert_eq!(relay.zadarma(&answer).await.status(), 200);
    let board = relay.get_json("/api/v1/admin/board", &boss).await;
    assert_eq!(activity(&board, "Anna"), "talking");
    assert!(board["agents"].as_array().unwrap().iter().any(|a| a["name"] == "Anna" && a["since"].is_string()));
    assert!(board["waiting"].as_array().unwrap().is_empty());

    // A missed call today; once the number is reached, it was called back.
    relay.zadarma_call("b2", "79990000002", "101", false, (&now, "74951234567", "0")).await;
    let board = relay.get_json("/api/v1/admin/board", &boss).await;
    let missed = board["missed_today"].as_array().unwrap();
    assert_eq!(
        (missed.len(), missed[0]["phone"].as_str(), missed[0]["called_back"].as_bool()),
        (1, Some("79990000002"), Some(false))
    );
    let later = (chrono::Utc::now() + chrono::Duration::seconds(5)).format("%Y-%m-%d %H:%M:%S").to_string();
    relay.zadarma_call("b3", "79990000002", "101", true, (&later, "74951234567", "12")).await;
    let board = relay.get_json("/api/v1/admin/board", &boss).await;
    assert_eq!(board["missed_today"][0]["called_back"], true, "{board}");

    // Agents do not see the board.
    let resp = relay.http.get(relay.url("/api/v1/admin/board")).bearer_auth(&anna).send().await.unwrap();
    assert_eq!(resp.status(), 403);
}

#[tokio::test]
async fn the_board_shows_wrap_up_and_do_not_disturb_as_the_apps_report_them() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let boris = relay.add_agent("Boris", "101", Some("boris"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    let presence = |token: &str, body: Value| {
        relay.http.put(relay.url("/api/v1/presence")).bearer_auth(token.to_string()).json(&body).send()
    };
    let board_agent = |board: &Value, name: &str| -> Value {
        board["agents"].as_array().unwrap().iter().find(|a| a["name"] == name).cloned().unwrap()
    };
    let r = presence(&anna, serde_json::json!({"do_not_disturb": false, "wrap_up_secs": 2})).await.unwrap();
    assert_eq!(r.status(), 204);
    let r = presence(&boris, serde_json::json!({"do_not_disturb": true})).await.unwrap();
    assert_eq!(r.status(), 204);
    let board = relay.get_json("/api/v1/admin/board", &boss).await;
    let (a, b) = (board_agent(&board, "Anna"), board_agent(&board, "Boris"));
    assert_eq!((a["activity"].as_str(), b["activity"].as_str()), (Some("wrap_up"), Some("do_not_disturb")), "{board}");
    assert!(a["since"].is_string() && b["since"].is_string());

    // A call says more than the app: Boris is rung through do-not-disturb at the PBX.
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let base = |event: &'static str| {
        vec![("event", event), ("call_start", now.as_str()), ("pbx_call_id", "p1"), ("caller_id", "79991234567")]
    };
    assert_eq!(relay.zadarma(&base("NOTIFY_START")).await.status(), 200);
    assert_eq!(relay.zadarma(&[base("NOTIFY_INTERNAL"), vec![("internal", "101")]].concat()).await.status(), 200);
    let board = relay.get_json("/api/v1/admin/board", &boss).await;
    assert_eq!(board_agent(&board, "Boris")["activity"], "ringing");

    // The wrap-up runs out on the relay's clock, even if the app never says so.
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let board = relay.get_json("/api/v1/admin/board", &boss).await;
    assert_eq!(board_agent(&board, "Anna")["activity"], "free", "{board}");

    // Bad input is refused with a reason; no token, no presence.
    let r = presence(&anna, serde_json::json!({"do_not_disturb": "yes"})).await.unwrap();
    assert_eq!(r.status(), 422, "a body of the wrong shape");
    let body: Value = r.json().await.unwrap();
    assert!(body["code"].is_string(), "{body}");
    let r = relay.http.put(relay.url("/api/v1/presence")).json(&serde_json::json!({"do_not_disturb": true})).send();
    assert_eq!(r.await.unwrap().status(), 401);
}

#[tokio::test]
async fn calls_of_pbx_users_not_in_callcard_are_filed_under_the_default_responsible() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let vera = relay.add_agent("Vera", "102", Some("vera"), false);
    relay.cli(&["settings", "set", "auto_create_contacts", "true"]).unwrap();
    relay.cli(&["settings", "set", "default_responsible", "Vera"]).unwrap();
    // The running relay reads the settings every second.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    // Extension 205 answers; nobody in Callcard has it.
    zadarma_call(&relay, "u1", "79990000205", "205", true).await;
    let call = ended_call(&relay, &vera, "u1").await;
    assert_eq!(call["agent"]["extension"], "205", "shown as the PBX names it");
    assert!(call["agent"]["agent_id"].is_null());
    // In the default responsible's history (Vera is no supervisor), with the new lead hers.
    let history = relay.get_json("/api/v1/calls/history?q=0205", &vera).await;
    assert_eq!(history["calls"].as_array().unwrap().len(), 1, "{history}");
    let journal = relay.get_json("/api/v1/contacts/79990000205/calls", &anna).await;
    assert_eq!(journal["contact"]["status"], "lead");
    assert_eq!(journal["contact"]["responsible"], "Vera", "{journal}");
    // Anna was never involved: her history does not have it.
    let hers = relay.get_json("/api/v1/calls/history?q=0205", &anna).await;
    assert!(hers["calls"].as_array().unwrap().is_empty(), "{hers}");
}

#[tokio::test]
async fn a_seeded_simulator_month_is_reported_as_its_ledger_counts_it() {
    use std::collections::BTreeMap;
    let relay = Relay::start("").await;
    let (boss, root, _) = team(&relay);
    let dir = tempfile::tempdir().unwrap();
    let ledger_path = dir.path().join("ledger.jsonl");
    let ledger_arg = ledger_path.to_string_lossy().to_string();
    let args =
        ["--seed", "2026", "month", "--from", "2026-10-01", "--days", "31", "--calls", "120", "--ledger", &ledger_arg];
    let (ok, stdout, stderr) = Sim::run(&config(&relay), &args).await;
    assert!(ok, "{stdout}{stderr}");
    let ledger: Vec<Value> =
        std::fs::read_to_string(&ledger_path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(ledger.len(), 120);
    let providers: std::collections::BTreeSet<&str> = ledger.iter().filter_map(|p| p["provider"].as_str()).collect();
    assert_eq!(providers.len(), 4, "every provider plays a part: {providers:?}");

    // Every call has ended on the relay (history pages through the month).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let page = relay.get_json("/api/v1/calls/history?from=2026-10-01&to=2026-10-31&limit=200", &boss).await;
        let calls = page["calls"].as_array().unwrap();
        if calls.len() == ledger.len() && calls.iter().all(|c| c["state"] == "ended") {
            break;
        }
        if std::time::Instant::now() > deadline {
            let all = relay.get_json("/api/v1/calls/recent?limit=500", &boss).await;
            let odd: Vec<String> = all["calls"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| {
                    c["state"] != "ended" || !c["started_at"].as_str().unwrap_or_default().starts_with("2026-10")
                })
                .map(|c| {
                    format!(
                        "{} {} {} {} {}",
                        c["provider"], c["direction"], c["state"], c["started_at"], c["disposition"]
                    )
                })
                .collect();
            panic!("{} of {} calls ended in October; the others: {odd:#?}", calls.len(), ledger.len());
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    // The hand count, from the ledger.
    let extension_of = |name: &str| match name {
        "Anna" => "100",
        "Boris" => "101",
        "Vera" => "102",
        _ => "",
    };
    let incoming = |p: &Value| p["direction"] == "incoming";
    let answered = |p: &Value| p["answered"] == true;
    let count = |f: &dyn Fn(&Value) -> bool| ledger.iter().filter(|p| f(p)).count() as u64;
    let mut days: BTreeMap<(String, String), [u64; 4]> = BTreeMap::new();
    for p in &ledger {
        let day = p["started_at"].as_str().unwrap()[..10].to_string();
        let row = days.entry((day, p["line"].as_str().unwrap().to_string())).or_default();
        row[0] += 1;
        row[1] += u64::from(incoming(p));
        row[2] += u64::from(incoming(p) && answered(p));
        row[3] += u64::from(incoming(p) && !answered(p));
    }
    let clients: std::collections::BTreeSet<&str> = ledger.iter().filter_map(|p| p["client"].as_str()).collect();

    let report = relay.get_json("/api/v1/admin/reports?from=2026-10-01&to=2026-10-31", &root).await;
    let totals = &report["totals"];
    assert_eq!(totals["calls"], 120);
    assert_eq!(totals["incoming"], count(&|p| incoming(p)), "{totals}");
    assert_eq!(totals["outgoing"], count(&|p| !incoming(p)), "{totals}");
    assert_eq!(totals["answered"], count(&|p| incoming(p) && answered(p)), "{totals}");
    assert_eq!(totals["missed"], count(&|p| incoming(p) && !answered(p)), "{totals}");
    assert_eq!(totals["new_leads"], clients.len() as u64, "one lead per new number: {totals}");
    let reported: BTreeMap<(String, String), [u64; 4]> = report["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let key = (d["day"].as_str().unwrap().to_string(), d["line"].as_str().unwrap_or_default().to_string());
            let n = |k: &str| d[k].as_u64().unwrap();
            (key, [n("calls"), n("incoming"), n("answered"), n("missed")])
        })
        .collect();
    assert_eq!(reported, days, "per day and line");
    for agent in report["agents"].as_array().unwrap() {
        let ext = extension_of(agent["name"].as_str().unwrap());
        let theirs = |p: &Value| p["agent"] == ext;
        let expected = [
            count(&|p| theirs(p)),
            count(&|p| theirs(p) && answered(p)),
            count(&|p| theirs(p) && incoming(p) && !answered(p)),
        ];
        let got =
            [agent["calls"].as_u64().unwrap(), agent["answered"].as_u64().unwrap(), agent["missed"].as_u64().unwrap()];
        if got != expected {
            let page = relay.get_json("/api/v1/calls/history?from=2026-10-01&to=2026-10-31&limit=200", &boss).await;
            let odd: Vec<String> = page["calls"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| {
                    ledger.iter().any(|p| {
                        p["call_id"] == c["provider_call_id"]
                            && theirs(p)
                            && answered(p)
                            && (c["answered_at"].is_null() || c["agent"]["extension"] != ext)
                    })
                })
                .map(|c| c.to_string())
                .collect();
            panic!("{}: {got:?} != {expected:?}: {odd:#?}", agent["name"]);
        }
    }
    // Talk time as each PBX reports it: Zadarma's `duration` (the simulator sends the whole
    // call), ITooLabs' `duration` less its `wait`, UIS's and Ringostat's talk.
    let secs = |p: &Value, k: &str| p[k].as_u64().unwrap();
    let talk: u64 = ledger
        .iter()
        .filter(|p| answered(p))
        .map(|p| match p["provider"].as_str().unwrap() {
            "zadarma" => secs(p, "duration_secs"),
            "itoolabs" => secs(p, "duration_secs") - secs(p, "wait_secs"),
            _ => secs(p, "talk_secs"),
        })
        .sum();
    assert_eq!(totals["talk_secs"], talk, "talk seconds");
}
