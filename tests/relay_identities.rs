//! Agents have a user per PBX, matched only against that PBX's webhooks: extension "100" on
//! Zadarma is not "100" on ITooLabs. Added with `--extension`, `--login`, `--pbx-user
//! PROVIDER=ID`, imported from CSV, listed, and checked against the PBX's own user list.

use std::time::Duration;

use callcard_e2e::{sim_config, Relay, Sim};

#[tokio::test]
async fn a_user_id_matches_only_on_its_own_pbx() {
    let relay = Relay::start("").await;
    // Anna is 100 on Zadarma; Vera is 100 on ITooLabs.
    let anna = relay.add_agent("Anna", "100", None, false);
    let out = relay.cli(&["agent", "add", "--name", "Vera", "--pbx-user", "itoolabs=100"]).unwrap();
    assert!(out.contains("added agent 2 (Vera), itoolabs=100"), "{out}");
    let vera = out.lines().last().unwrap().trim().to_string();
    let mut anna_ws = relay.subscribed(&anna).await;
    let mut vera_ws = relay.subscribed(&vera).await;

    let fields = [
        ("cmd", "event"),
        ("type", "INCOMING"),
        ("phone", "79991234567"),
        ("user", "somebody"),
        ("ext", "100"),
        ("callid", "c1"),
    ];
    assert_eq!(relay.itoolabs(&fields).await.status(), 200);
    let e = vera_ws.next_event().await.unwrap();
    assert_eq!(e.call.ringing[0].name.as_deref(), Some("Vera"));
    anna_ws.expect_silence(Duration::from_millis(500)).await.unwrap();

    let ring = [
        ("event", "NOTIFY_INTERNAL"),
        ("call_start", "2024-05-01 12:00:00"),
        ("pbx_call_id", "in_z"),
        ("caller_id", "79991234567"),
        ("called_did", "74951234567"),
        ("internal", "100"),
    ];
    assert_eq!(relay.zadarma(&ring).await.status(), 200);
    let e = anna_ws.next_event().await.unwrap();
    assert_eq!(e.call.ringing[0].name.as_deref(), Some("Anna"));
    vera_ws.expect_silence(Duration::from_millis(500)).await.unwrap();

    // Who am I carries every PBX user.
    let me = relay.get_json("/api/v1/me", &vera).await;
    assert_eq!(me["pbx_users"], serde_json::json!({"itoolabs": "100"}));
    assert_eq!(me["login"], "100");
    assert_eq!(me["extension"], serde_json::Value::Null);
}

#[tokio::test]
async fn pbx_users_are_checked_when_added_imported_and_listed() {
    let relay = Relay::start("").await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    let err = relay.cli_fails(&["agent", "add", "--name", "X", "--pbx-user", "asterisk=1"]);
    assert!(err.contains("unknown provider \"asterisk\"") && err.contains("zadarma, itoolabs"), "{err}");
    let err = relay.cli_fails(&["agent", "add", "--name", "X", "--pbx-user", "zadarma"]);
    assert!(err.contains("expected PROVIDER=ID"), "{err}");
    let err = relay.cli_fails(&["agent", "add", "--name", "X", "--extension", "101", "--pbx-user", "zadarma=102"]);
    assert!(err.contains("two zadarma users"), "{err}");
    let err = relay.cli_fails(&["agent", "add", "--name", "X", "--extension", "100"]);
    assert!(err.contains("already agent 1 (Anna)"), "{err}");
    let err = relay.cli_fails(&["agent", "add", "--name", "Nobody"]);
    assert!(err.contains("needs its user on a PBX"), "{err}");
    // A supervisor may have none.
    relay.cli(&["agent", "add", "--name", "Boss", "--supervisor"]).unwrap();

    let csv = relay.dir.path().join("agents.csv");
    std::fs::write(&csv, "name,extension,login,itoolabs\nBoris,101,,boris\nVera,102,,\n").unwrap();
    let out = relay.cli(&["agent", "import", csv.to_str().unwrap()]).unwrap();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], "id,name,extension,token");
    assert!(rows[1].starts_with("3,Boris,101,cc_") && rows[2].starts_with("4,Vera,102,cc_"), "{out}");
    // A bad row stops the whole file.
    std::fs::write(&csv, "name,extension,asterisk\nGleb,103,\nOleg,100,\n").unwrap();
    let err = relay.cli_fails(&["agent", "import", csv.to_str().unwrap()]);
    assert!(err.contains("unknown columns") && err.contains("asterisk"), "{err}");
    std::fs::write(&csv, "name,extension\nGleb,103\nOleg,100\n").unwrap();
    let err = relay.cli_fails(&["agent", "import", csv.to_str().unwrap()]);
    assert!(err.contains("already agent 1 (Anna)"), "{err}");

    let list = relay.cli(&["agent", "list"]).unwrap();
    let boris = list.lines().find(|l| l.contains("Boris")).unwrap();
    assert!(boris.contains("101") && boris.contains("boris"), "{list}");
    assert!(!list.contains("Gleb"), "{list}");
    // Revoked, the id is free again.
    relay.cli(&["agent", "revoke", "boris"]).unwrap();
    relay.cli(&["agent", "add", "--name", "Boris II", "--extension", "101"]).unwrap();
}

#[tokio::test]
async fn pbx_check_lists_balance_users_and_agents_who_are_not_on_the_pbx() {
    let mut relay = Relay::start("").await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    relay.cli(&["agent", "add", "--name", "Zed", "--pbx-user", "zadarma=555"]).unwrap();
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;

    let out = relay.cli(&["pbx", "check"]).unwrap();
    for line in [
        "zadarma: balance 10.34 USD",
        "zadarma: user 100 is agent 1 (Anna)",
        "zadarma: user 101 is no agent's",
        "zadarma: agent 2 (Zed) has user 555, which the PBX does not list",
        "itoolabs: balance not offered by this PBX",
        "itoolabs: user anna (Anna) is agent 1 (Anna)",
        "itoolabs: user vera (Vera) is no agent's",
    ] {
        assert!(out.contains(line), "{line:?} not in:\n{out}");
    }

    // A wrong key: the check says what the PBX answered and fails.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(relay.dir.path().join("relay.toml"), dir.path().join("relay.toml")).unwrap();
    let out = std::process::Command::new(callcard_e2e::binary("callcard-relay"))
        .args(["--config", dir.path().join("relay.toml").to_str().unwrap(), "--data-dir"])
        .arg(dir.path().join("data"))
        .args(["pbx", "check"])
        .env("CALLCARD_ZADARMA_API_KEY", "wrong_key")
        .env("CALLCARD_ZADARMA_API_URL", &sim.base)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("zadarma: balance: the PBX refused: the relay's Zadarma API key was not accepted"),
        "{stdout}"
    );
    assert!(stdout.contains("itoolabs: API not configured"), "{stdout}");
}
