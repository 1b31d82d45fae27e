//! The real simulator plays every call scenario through every provider into the real relay;
//! the relay must store and push exactly those calls.

use std::collections::BTreeMap;
use std::time::Duration;

use callcard_e2e::{sim_config, Relay, Sim, CRM_TOKEN, UIS_SECRET, ZADARMA_SECRET};
use callcard_protocol::{Call, CallState, CallsSnapshot, Direction, Disposition, ServerMessage};

const KINDS: &[&str] = &[
    "incoming_answered",
    "incoming_missed",
    "group_ring_answered",
    "group_ring_missed",
    "outgoing_answered",
    "outgoing_busy",
    "outgoing_no_answer",
    "transferred",
    "blacklisted",
    "two_calls_same_agent",
];

/// A relay with the simulator's agents; returns it with the supervisor's and Vera's tokens.
async fn relay_with_team() -> (Relay, String, String) {
    relay_with_team_and("").await
}

/// [`relay_with_team`] with `extra` in the relay's config.
async fn relay_with_team_and(extra: &str) -> (Relay, String, String) {
    team(Relay::start(&format!("[routing]\nredirect_to_responsible = true\n{extra}")).await)
}

/// The simulator's agents, a supervisor, Ivan (Vera's client) and a blacklisted spammer on
/// `relay`; returns it with the supervisor's and Vera's tokens.
fn team(relay: Relay) -> (Relay, String, String) {
    relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    let vera = relay.add_agent("Vera", "102", Some("vera"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "vera");
    relay.cli(&["contact", "add", "--name", "Spam", "--phone", "78005553535", "--blacklist"]).unwrap();
    (relay, boss, vera)
}

/// The shared simulator config with `lines` in its `[ringostat]` table, which is in UTC like
/// the test relay's (added here if the shared config has no such table).
fn with_ringostat(config: String, lines: &str) -> String {
    if config.contains("\n[ringostat]\n") {
        config.replacen("\n[ringostat]\n", &format!("\n[ringostat]\n{lines}\n"), 1)
    } else {
        format!("{config}\n[ringostat]\ntimezone = \"UTC\"\n{lines}\n")
    }
}

fn outcome(call: &Call) -> String {
    let d = match &call.disposition {
        Some(Disposition::Other(o)) => o.clone(),
        Some(d) => serde_json::to_value(d).unwrap().as_str().unwrap().to_string(),
        None => "none".into(),
    };
    let dir = if call.direction == Direction::Incoming { "in" } else { "out" };
    format!("{dir}/{d}{}", if call.missed { "/missed" } else { "" })
}

#[tokio::test]
async fn every_scenario_through_every_provider() {
    let (relay, boss, vera) = relay_with_team().await;
    let mut supervisor = relay.connect(&boss).await.unwrap();
    supervisor.subscribe(None).await.unwrap();
    // Read the supervisor's stream while the simulator plays (an unread client is dropped).
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = tokio::spawn({
        let done = done.clone();
        async move {
            let mut seqs = vec![];
            loop {
                match supervisor.next_message(Duration::from_millis(300)).await {
                    Ok(ServerMessage::Event(e)) => seqs.push(e.seq),
                    Ok(other) => panic!("{other:?}"),
                    Err(e) if e.to_string().contains("timed out") => {
                        if done.load(std::sync::atomic::Ordering::SeqCst) {
                            return seqs;
                        }
                    }
                    Err(e) => panic!("supervisor stream broke: {e}"),
                }
            }
        }
    });

    let mut scenario = String::from("seed = 11\ntime_scale = 0.02\n");
    for provider in ["zadarma", "itoolabs", "uis", "ringostat"] {
        for kind in KINDS {
            scenario.push_str(&format!("\n[[step]]\nplay = \"{kind}\"\nprovider = \"{provider}\"\n"));
        }
    }
    // The test relay's UIS and Ringostat accounts are in UTC.
    let config = with_ringostat(sim_config(&relay, "", ""), "");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.toml");
    std::fs::write(&file, scenario).unwrap();
    let (ok, stdout, stderr) = Sim::run(&config, &["scenario", file.to_str().unwrap()]).await;
    assert!(ok, "scenario failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("40 steps, 0 failures"), "{stdout}");

    let snap: CallsSnapshot =
        serde_json::from_value(relay.get_json("/api/v1/calls/recent?limit=500", &boss).await).unwrap();
    assert_eq!(snap.calls.len(), 44, "ten scenarios per provider, one of them two calls");
    assert!(snap.calls.iter().all(|c| c.state == CallState::Ended), "every call ended");
    let mut by_provider: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for call in &snap.calls {
        *by_provider.entry(call.provider.as_str().into()).or_default().entry(outcome(call)).or_default() += 1;
    }
    let expect = |pairs: &[(&str, usize)]| pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect::<BTreeMap<_, _>>();
    // Zadarma: the relay blacklists the spammer, so the PBX rejects that call busy.
    assert_eq!(
        by_provider["zadarma"],
        expect(&[
            ("in/answered", 4),
            ("in/missed/missed", 3),
            ("in/busy/missed", 1),
            ("out/answered", 1),
            ("out/busy", 1),
            ("out/no_answer", 1)
        ])
    );
    // ITooLabs has no blacklist answer: that call is answered like any other.
    assert_eq!(
        by_provider["itoolabs"],
        expect(&[
            ("in/answered", 5),
            ("in/missed/missed", 3),
            ("out/answered", 1),
            ("out/busy", 1),
            ("out/no_answer", 1)
        ])
    );
    // UIS: "Call finished" carries no reason, so the busy outgoing call ends like an unanswered
    // one, and the spammer, sent to the blacklist branch, is a lost call.
    assert_eq!(
        by_provider["uis"],
        expect(&[("in/answered", 4), ("in/missed/missed", 4), ("out/answered", 1), ("out/no_answer", 2)])
    );
    // Ringostat: the webhook number only forwards, so the spammer is answered like anyone.
    assert_eq!(
        by_provider["ringostat"],
        expect(&[
            ("in/answered", 5),
            ("in/missed/missed", 3),
            ("out/answered", 1),
            ("out/busy", 1),
            ("out/no_answer", 1)
        ])
    );
    let spam: Vec<&Call> = snap
        .calls
        .iter()
        .filter(|c| c.provider.as_str() == "uis" && c.client_phone.as_deref() == Some("78005553535"))
        .collect();
    assert_eq!(spam.len(), 1);
    let events: Vec<String> =
        stored_webhooks_of(&relay, &spam[0].provider_call_id).await.into_iter().map(|(e, _)| e).collect();
    assert_eq!(events, ["inbound", "lost", "ended"], "the blacklist branch rings no phone");
    for call in &snap.calls {
        if let Some(rec) = &call.recording {
            assert!(rec.ready, "recording of {} never became ready", call.provider_call_id);
        }
        if call.client_phone.as_deref() == Some("79991234567") {
            assert_eq!(call.contact.as_ref().map(|c| c.name.as_str()), Some("Ivan Petrov"));
        }
        assert_eq!(call.line.as_deref(), Some("74951234567"));
        assert_eq!(call.line_label.as_deref(), Some("Moscow sales"));
    }
    // Routing was honoured: the relay names Vera responsible for Ivan, so the simulated Zadarma
    // PBX rang her for each of his incoming calls, and she saw them all.
    // So did the simulated Ringostat, asking its webhook number before each incoming call.
    let veras: CallsSnapshot =
        serde_json::from_value(relay.get_json("/api/v1/calls/recent?limit=500", &vera).await).unwrap();
    for provider in ["zadarma", "ringostat"] {
        let ivans: Vec<_> = snap
            .calls
            .iter()
            .filter(|c| c.provider.as_str() == provider && c.direction == Direction::Incoming)
            .filter(|c| c.client_phone.as_deref() == Some("79991234567"))
            .map(|c| c.id)
            .collect();
        assert!(!ivans.is_empty(), "{provider}");
        for id in &ivans {
            assert!(veras.calls.iter().any(|c| c.id == *id), "Vera never saw Ivan's {provider} call {id}");
        }
    }

    // The supervisor got every event, in order, ending at the head.
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let seqs = reader.await.unwrap();
    assert_eq!(seqs, (1..=snap.position.seq).collect::<Vec<_>>(), "no gaps, no repeats");
    assert!(seqs.len() >= 44 * 3, "a few events per call, got {}", seqs.len());
}

#[tokio::test]
async fn same_seed_plays_the_same_calls() {
    let (relay, _, _) = relay_with_team().await;
    let config = sim_config(&relay, "", "");
    let run = |seed: &'static str| {
        let config = config.clone();
        async move {
            let args = ["--seed", seed, "--time-scale", "0.02", "call", "group-ring-answered", "--provider", "zadarma"];
            let (ok, stdout, stderr) = Sim::run(&config, &args).await;
            assert!(ok, "{stderr}");
            stdout
        }
    };
    // The call id is printed after the listening line; the same seed gives the same id (the
    // relay then sees a repeat of the same webhooks, which it acknowledges).
    let call_id = |out: String| out.lines().nth(1).unwrap_or_default().to_string();
    let (a, b, c) = (call_id(run("5").await), call_id(run("5").await), call_id(run("6").await));
    assert!(a.starts_with("in_"), "{a}");
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[tokio::test]
async fn the_simulator_is_a_strict_peer() {
    let (relay, _, _) = relay_with_team().await;
    let dir = tempfile::tempdir().unwrap();
    // An expectation the relay does not meet fails the run.
    let file = dir.path().join("expect.toml");
    std::fs::write(
        &file,
        r#"
[[step]]
send = "zadarma"
fields = { event = "NOTIFY_START", call_start = "2024-05-01 12:00:00", pbx_call_id = "in_x", caller_id = "79991234567", called_did = "74951234567" }
expect_reply = { caller_name = "Somebody Else" }
"#,
    )
    .unwrap();
    let (ok, _, stderr) = Sim::run(&sim_config(&relay, "", ""), &["scenario", file.to_str().unwrap()]).await;
    assert!(!ok);
    assert!(stderr.contains("FAILED") && stderr.contains("Somebody Else"), "{stderr}");

    // And the same step with the right expectation passes.
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("Somebody Else", "Ivan Petrov / ACME"))
        .unwrap();
    let (ok, stdout, stderr) = Sim::run(&sim_config(&relay, "", ""), &["scenario", file.to_str().unwrap()]).await;
    assert!(ok, "{stdout}{stderr}");

    // A simulator holding the wrong Zadarma secret is refused, and says so.
    let wrong = sim_config(&relay, "", "").replace("api_secret = \"test_secret_456\"", "api_secret = \"wrong\"");
    let (ok, _, stderr) =
        Sim::run(&wrong, &["--time-scale", "0.02", "call", "incoming-answered", "--provider", "zadarma"]).await;
    assert!(!ok);
    assert!(stderr.contains("401"), "{stderr}");
}

#[tokio::test]
async fn load_mode_records_every_send() {
    let (relay, boss, _) = relay_with_team().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("sends.csv");
    let args = [
        "load",
        "--rate",
        "20",
        "--duration",
        "1s",
        "--ring-secs",
        "0.1",
        "--talk-secs",
        "0.2",
        "--out",
        csv.to_str().unwrap(),
    ];
    let (ok, stdout, stderr) = Sim::run(&sim_config(&relay, "", ""), &args).await;
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("20 calls, 100 webhooks sent, 0 failed"), "{stdout}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 100, "START, INTERNAL, ANSWER, END, RECORD per call");
    assert!(rows.iter().all(|r| r[4] == "200"));
    let sent: Vec<i128> = rows.iter().map(|r| r[2].parse().unwrap()).collect();
    let span_ms = (sent.iter().max().unwrap() - sent.iter().min().unwrap()) / 1_000_000;
    assert!((900..3000).contains(&span_ms), "calls start over the second, open loop: {span_ms} ms");
    let snap: CallsSnapshot =
        serde_json::from_value(relay.get_json("/api/v1/calls/recent?limit=500", &boss).await).unwrap();
    assert_eq!(snap.calls.len(), 20);
}

#[tokio::test]
async fn demo_mode_plays_calls() {
    let (relay, boss, _) = relay_with_team().await;
    let args = ["--time-scale", "0.02", "demo", "--calls", "8", "--every", "0.2"];
    // The day mixes every provider the config names.
    let config = with_ringostat(sim_config(&relay, "", ""), "").replace(
        "providers = [\"zadarma\", \"itoolabs\"]",
        "providers = [\"zadarma\", \"itoolabs\", \"uis\", \"ringostat\"]",
    );
    let (ok, stdout, stderr) = Sim::run(&config, &args).await;
    assert!(ok, "{stdout}{stderr}");
    let snap: CallsSnapshot =
        serde_json::from_value(relay.get_json("/api/v1/calls/recent?limit=500", &boss).await).unwrap();
    assert!(snap.calls.len() >= 8, "{}", snap.calls.len());
    assert!(snap.calls.iter().all(|c| c.state == CallState::Ended));
    let providers: std::collections::BTreeSet<&str> = snap.calls.iter().map(|c| c.provider.as_str()).collect();
    assert_eq!(providers.into_iter().collect::<Vec<_>>(), ["itoolabs", "ringostat", "uis", "zadarma"]);
}

/// (event, user) of every webhook the relay stored for one provider call, in arrival order.
async fn stored_webhooks_of(relay: &Relay, call_id: &str) -> Vec<(String, String)> {
    use sqlx::Connection;
    let path = relay.dir.path().join("data").join("callcard.db");
    let mut db =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", path.display())).await.expect("open db");
    sqlx::query_as(
        "SELECT event, COALESCE(json_extract(fields, '$.user'), '') FROM webhooks WHERE provider_call_id = ? ORDER BY id",
    )
    .bind(call_id)
    .fetch_all(&mut db)
    .await
    .expect("query webhooks")
}

#[tokio::test]
async fn itoolabs_without_history_for_missed_sends_only_cancelled() {
    let (relay, _, _) = relay_with_team().await;
    // Seeds of their own: the same seed would replay the same call id.
    let play = |history: bool, seed: &'static str| {
        let config = sim_config(&relay, "", "").replace(
            "api_token = \"test_api_token\"",
            &format!("api_token = \"test_api_token\"\nhistory_for_missed = {history}"),
        );
        async move {
            let args = ["--seed", seed, "--time-scale", "0.02", "call", "group-ring-missed", "--provider", "itoolabs"];
            let (ok, stdout, stderr) = Sim::run(&config, &args).await;
            assert!(ok, "{stdout}{stderr}");
            stdout.lines().nth(1).unwrap_or_default().to_string()
        }
    };
    // Seed 003's PBX: each rung agent's phone is cancelled, and that is all.
    let call = play(false, "21").await;
    let stored = stored_webhooks_of(&relay, &call).await;
    let events: Vec<&str> = stored.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(events, ["event/INCOMING", "event/INCOMING", "event/CANCELLED", "event/CANCELLED"], "{stored:?}");
    let rung: Vec<&str> = stored[..2].iter().map(|(_, u)| u.as_str()).collect();
    let cancelled: Vec<&str> = stored[2..].iter().map(|(_, u)| u.as_str()).collect();
    assert_eq!(rung, cancelled, "every agent rung is cancelled");

    // The default: the same call also gets its history, status missed.
    let call = play(true, "22").await;
    let stored = stored_webhooks_of(&relay, &call).await;
    assert_eq!(stored.iter().filter(|(e, _)| e == "event/CANCELLED").count(), 2, "{stored:?}");
    assert_eq!(stored.last().map(|(e, _)| e.as_str()), Some("history"), "{stored:?}");
}

#[tokio::test]
async fn uis_template_modes_and_get_reach_the_relay() {
    // A customer who renamed keys tells the relay which; everything else it reads as it comes.
    let renamed = "[uis.fields]\ncall_session_id = \"session\"\ncontact_phone_number = \"client_phone\"\n\
                   employee_id = \"manager_id\"\nvirtual_phone_number = \"line\"\n";
    for (relay_extra, modes) in [
        ("", &[("literal", "POST"), ("quoted", "POST"), ("nested", "POST"), ("literal", "GET")][..]),
        (renamed, &[("renamed", "POST"), ("renamed", "GET")][..]),
    ] {
        let (relay, boss, _) = relay_with_team_and(relay_extra).await;
        for (i, (template, method)) in modes.iter().enumerate() {
            let config = sim_config(&relay, "", "")
                .replace("[uis]\n", &format!("[uis]\ntemplate = \"{template}\"\nmethod = \"{method}\"\n"));
            let seed = (40 + i).to_string();
            let args = ["--seed", &seed, "--time-scale", "0.02", "call", "group-ring-answered", "--provider", "uis"];
            let (ok, stdout, stderr) = Sim::run(&config, &args).await;
            assert!(ok, "{template}/{method}: {stdout}{stderr}");
            let call_id = stdout.lines().nth(1).unwrap_or_default().to_string();
            let snap: CallsSnapshot =
                serde_json::from_value(relay.get_json("/api/v1/calls/recent?limit=50", &boss).await).unwrap();
            let call = snap.calls.iter().find(|c| c.provider_call_id == call_id);
            let call = call.unwrap_or_else(|| panic!("{template}/{method}: no call {call_id} on the relay"));
            assert_eq!(call.state, CallState::Ended, "{template}/{method}");
            assert_eq!(outcome(call), "in/answered", "{template}/{method}");
            assert!(call.agent.is_some(), "{template}/{method}: the employee is known: {call:?}");
            assert_eq!(call.line.as_deref(), Some("74951234567"), "{template}/{method}");
            assert!(call.client_phone.as_deref().is_some_and(|p| p.len() == 11), "{template}/{method}: {call:?}");
        }
    }
}

#[tokio::test]
async fn ringostat_formats_keys_dates_and_routing_reach_the_relay() {
    // What the relay's [ringostat] reads the webhook number's answer under ("" = the plain body).
    for route_key in ["destination", ""] {
        let relay = if route_key.is_empty() {
            let config = format!(
                "[zadarma]\napi_secret = \"{ZADARMA_SECRET}\"\n\n[itoolabs]\ncrm_token = \"{CRM_TOKEN}\"\n\n\
                 [uis]\nwebhook_secret = \"{UIS_SECRET}\"\n\n[ringostat]\nwebhook_secret = \"sim_ringostat_secret_0123456789\"\n\
                 timezone = \"UTC\"\nroute_response_key = \"\"\n\n[routing]\nredirect_to_responsible = true\n\n\
                 [lines]\n\"74951234567\" = \"Moscow sales\"\n"
            );
            Relay::with_config(tempfile::tempdir().unwrap(), &config).await
        } else {
            Relay::start("[routing]\nredirect_to_responsible = true\n").await
        };
        let (relay, boss, _) = team(relay);
        let cases: &[(&str, &str, &str, bool)] = if route_key.is_empty() {
            &[("json", "default", "plain", true)]
        } else {
            &[
                ("json", "default", "plain", false),
                ("form", "alternate", "iso", true),
                ("get", "default", "timestamp", true),
                ("get", "alternate", "plain", false),
                ("json", "alternate", "timestamp", true),
            ]
        };
        let mut seen = std::collections::BTreeSet::new();
        for (i, (format, keys, dates, display)) in cases.iter().enumerate() {
            let case = format!("{format}/{keys}/{dates}/display={display}/route={route_key:?}");
            let config = with_ringostat(
                sim_config(&relay, "", ""),
                &format!(
                    "format = \"{format}\"\nkeys = \"{keys}\"\ndate_format = \"{dates}\"\ncaller_display = {display}\n\
                     route_response_key = \"{route_key}\""
                ),
            );
            // Ivan calls (the relay names Vera, responsible for him, on the webhook number),
            // then an agent calls somebody.
            let scenario = format!(
                "seed = {}\ntime_scale = 0.02\nprovider = \"ringostat\"\n\n[[step]]\nplay = \"incoming_answered\"\n\
                 client = \"79991234567\"\n\n[[step]]\nplay = \"outgoing_answered\"\n",
                60 + i
            );
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("case.toml");
            std::fs::write(&file, scenario).unwrap();
            let (ok, stdout, stderr) = Sim::run(&config, &["scenario", file.to_str().unwrap()]).await;
            assert!(ok, "{case}: {stdout}{stderr}");
            let snap: CallsSnapshot =
                serde_json::from_value(relay.get_json("/api/v1/calls/recent?limit=50", &boss).await).unwrap();
            let new: Vec<&Call> = snap.calls.iter().filter(|c| seen.insert(c.id)).collect();
            assert_eq!(new.len(), 2, "{case}: {new:?}");
            let now = chrono::Utc::now();
            for call in &new {
                assert_eq!(call.provider.as_str(), "ringostat", "{case}");
                assert_eq!(call.state, CallState::Ended, "{case}");
                assert_eq!(call.line.as_deref(), Some("74951234567"), "{case}: {call:?}");
                assert!(call.client_phone.as_deref().is_some_and(|p| p.len() == 11), "{case}: {call:?}");
                // The date read in the right zone (a wrong one is hours off).
                assert!((now - call.started_at).num_seconds().abs() < 120, "{case}: started {}", call.started_at);
            }
            let incoming = new.iter().find(|c| c.direction == Direction::Incoming).expect("the incoming call");
            assert_eq!(outcome(incoming), "in/answered", "{case}");
            assert_eq!(incoming.client_phone.as_deref(), Some("79991234567"), "{case}: the display name is dropped");
            assert_eq!(incoming.contact.as_ref().map(|c| c.name.as_str()), Some("Ivan Petrov"), "{case}");
            let answered_by = incoming.agent.as_ref().and_then(|a| a.name.as_deref());
            assert_eq!(answered_by, Some("Vera"), "{case}: the webhook number's answer rang Vera");
            let outgoing = new.iter().find(|c| c.direction == Direction::Outgoing).expect("the outgoing call");
            assert_eq!(outcome(outgoing), "out/answered", "{case}");
            assert!(outgoing.agent.is_some(), "{case}: the employee is known by SIP login: {outgoing:?}");
        }
    }
}
