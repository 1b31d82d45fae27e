//! Leads for new numbers (seed 004's rules) through every provider: the simulator plays each
//! kind of call with a number nobody saved, signed as that PBX signs it, and the relay's
//! contacts are checked after it.

use callcard_e2e::{sim_config, Relay, Sim};
use callcard_protocol::{CallState, CallsSnapshot};
use serde_json::Value;

/// The simulator's agents, a supervisor who is the default responsible, and the switch on.
fn team(relay: &Relay) -> (String, String) {
    relay.add_agent("Anna", "100", Some("anna"), false);
    relay.add_agent("Boris", "101", Some("boris"), false);
    relay.add_agent("Vera", "102", Some("vera"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    let root =
        relay.cli(&["agent", "add", "--name", "Root", "--admin"]).unwrap().lines().last().unwrap().trim().to_string();
    relay.cli(&["settings", "set", "auto_create_contacts", "true"]).unwrap();
    relay.cli(&["settings", "set", "default_responsible", "Boss"]).unwrap();
    (boss, root)
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
    let (boss, root) = team(&relay);
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
            // The missed lead's reminder goes to the default responsible.
            if kind == "incoming-missed" {
                let reminders = relay.get_json("/api/v1/reminders", &boss).await;
                let mine = reminders.as_array().unwrap().iter().find(|r| r["phone"] == phone.as_str());
                let mine = mine.unwrap_or_else(|| panic!("{provider}/{kind}: no reminder: {reminders}"));
                assert_eq!(mine["assignee_name"], "Boss", "{provider}/{kind}: {mine}");
            }
        }
    }
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
