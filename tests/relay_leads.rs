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
    let base = |event: &'static str| {
        vec![
            ("event", event),
            ("call_start", "2024-05-01 12:00:00"),
            ("pbx_call_id", call),
            ("caller_id", phone),
            ("called_did", "74951234567"),
        ]
    };
    let mut steps = vec![base("NOTIFY_START"), [base("NOTIFY_INTERNAL"), vec![("internal", ext)]].concat()];
    if answered {
        steps.push([base("NOTIFY_ANSWER"), vec![("destination", ext), ("internal", ext)]].concat());
    }
    let (disposition, duration, recorded) = if answered { ("answered", "42", "1") } else { ("cancel", "20", "0") };
    let who = if answered { vec![("internal", ext)] } else { vec![] };
    let end =
        vec![("duration", duration), ("disposition", disposition), ("is_recorded", recorded), ("status_code", "16")];
    steps.push([base("NOTIFY_END"), who, end].concat());
    for fields in steps {
        assert_eq!(relay.zadarma(&fields).await.status(), 200);
    }
    if answered {
        let rec = format!("{call}.rec");
        let record = vec![("event", "NOTIFY_RECORD"), ("pbx_call_id", call), ("call_id_with_rec", rec.as_str())];
        assert_eq!(relay.zadarma(&record).await.status(), 200);
    }
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
