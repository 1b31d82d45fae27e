//! The admin console's API against the real relay binary: who may sign in, the session cookie
//! and its CSRF token, the switches taking effect on the next webhook without a restart (from
//! the console and from `callcard-relay settings set`), the team, the telephony page's checks
//! against the simulator's PBX APIs, and secrets kept out of every answer and log line.

use std::time::Duration;

use callcard_e2e::{sim_config, Relay, Sim, ZADARMA_KEY, ZADARMA_SECRET};
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const START: &str = "2024-05-01 12:00:00";

/// A signed-in console: the session cookie and the CSRF token, as a browser holds them.
struct Console<'a> {
    relay: &'a Relay,
    cookie: String,
    csrf: String,
}

impl<'a> Console<'a> {
    async fn sign_in(relay: &'a Relay, token: &str) -> Console<'a> {
        let resp = sign_in(relay, token).await;
        assert_eq!(resp.status(), 200);
        let set = resp.headers().get(SET_COOKIE).expect("a session cookie").to_str().unwrap().to_string();
        let attrs: Vec<String> = set.split(';').map(|a| a.trim().to_ascii_lowercase()).collect();
        assert!(attrs.contains(&"httponly".to_string()) && attrs.contains(&"samesite=strict".to_string()), "{set}");
        assert!(attrs.contains(&"path=/".to_string()), "{set}");
        let cookie = set.split(';').next().unwrap().to_string();
        assert!(cookie.starts_with("callcard_admin=cc_"), "{cookie}");
        let session: Value = resp.json().await.unwrap();
        let csrf = session["csrf"].as_str().unwrap().to_string();
        assert_eq!(session["idle_timeout_secs"], 30 * 60);
        Console { relay, cookie, csrf }
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let with_csrf = method != Method::GET;
        let mut req = self.relay.http.request(method, self.relay.url(path)).header(COOKIE, &self.cookie);
        if with_csrf {
            req = req.header("X-CSRF-Token", &self.csrf);
        }
        req
    }

    async fn get(&self, path: &str) -> Value {
        let resp = self.request(Method::GET, path).send().await.unwrap();
        assert_eq!(resp.status(), 200, "GET {path}");
        resp.json().await.unwrap()
    }

    async fn send(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        let resp = self.request(method, path).json(&body).send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn set(&self, name: &str, value: &str) -> Value {
        let (status, body) =
            self.send(Method::PUT, &format!("/api/v1/admin/settings/{name}"), json!({"value": value})).await;
        assert_eq!(status, 200, "{body}");
        body
    }
}

async fn sign_in(relay: &Relay, token: &str) -> reqwest::Response {
    relay.http.post(relay.url("/api/v1/admin/session")).json(&json!({"token": token})).send().await.unwrap()
}

/// `settings list`'s line for `name`, split into words.
fn listed(relay: &Relay, name: &str) -> Vec<String> {
    let out = relay.cli(&["settings", "list"]).unwrap();
    let line = out.lines().find(|l| l.split_whitespace().next() == Some(name)).unwrap_or_else(|| panic!("{out}"));
    line.split_whitespace().map(str::to_string).collect()
}

fn admin(relay: &Relay) -> String {
    let out = relay.cli(&["agent", "add", "--name", "Root", "--admin"]).unwrap();
    out.lines().last().unwrap().trim().to_string()
}

async fn code(resp: reqwest::Response) -> (StatusCode, String) {
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    (status, body["code"].as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn only_admins_sign_in_and_every_change_needs_the_session_s_csrf_token() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let boss = relay.add_agent("Boss", "190", None, true);
    let root = admin(&relay);

    // Nobody, a wrong token, an agent, a supervisor.
    assert_eq!(
        code(relay.http.get(relay.url("/api/v1/admin/settings")).send().await.unwrap()).await.1,
        "session_expired"
    );
    assert_eq!(code(sign_in(&relay, "cc_wrong").await).await, (StatusCode::UNAUTHORIZED, "invalid_token".into()));
    for (token, role) in [(&anna, "agent"), (&boss, "supervisor")] {
        let resp = sign_in(&relay, token).await;
        assert_eq!(resp.status(), 403);
        assert!(resp.headers().get(SET_COOKIE).is_none(), "no session for a {role}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!((body["code"].as_str(), body["params"]["role"].as_str()), (Some("not_admin"), Some(role)));
        let api = relay.api(Method::GET, "/api/v1/admin/agents", token).send().await.unwrap();
        assert_eq!(code(api).await, (StatusCode::FORBIDDEN, "not_admin".into()), "{role}'s bearer token");
    }
    // Scripts may use an admin's bearer token.
    let agents = relay.api(Method::GET, "/api/v1/admin/agents", &root).send().await.unwrap();
    assert_eq!(agents.status(), 200);

    let console = Console::sign_in(&relay, &root).await;
    let session = console.get("/api/v1/admin/session").await;
    assert_eq!((session["agent"]["name"].as_str(), session["agent"]["role"].as_str()), (Some("Root"), Some("admin")));
    assert_eq!(session["csrf"], console.csrf.as_str());

    // A change without the token, or with another, is refused and changes nothing.
    for csrf in [None, Some("cc_forged")] {
        let mut req = relay
            .http
            .put(relay.url("/api/v1/admin/settings/blacklist"))
            .header(COOKIE, &console.cookie)
            .json(&json!({"value": "false"}));
        if let Some(csrf) = csrf {
            req = req.header("X-CSRF-Token", csrf);
        }
        assert_eq!(code(req.send().await.unwrap()).await, (StatusCode::FORBIDDEN, "csrf_refused".into()));
    }
    assert_eq!(listed(&relay, "blacklist"), ["blacklist", "true", "default"], "unchanged");
    console.set("blacklist", "false").await;
    assert_eq!(listed(&relay, "blacklist"), ["blacklist", "false", "set"]);

    // Demoted: the session ends at its next request.
    relay.cli(&["agent", "role", "Root", "supervisor"]).unwrap();
    let resp = console.request(Method::GET, "/api/v1/admin/settings").send().await.unwrap();
    assert_eq!(code(resp).await, (StatusCode::UNAUTHORIZED, "session_expired".into()));
    relay.cli(&["agent", "role", "Root", "admin"]).unwrap();
    let console = Console::sign_in(&relay, &root).await;

    // Signing out ends the session for good; the cookie is cleared.
    let resp = console.request(Method::DELETE, "/api/v1/admin/session").send().await.unwrap();
    assert_eq!(resp.status(), 204);
    let cleared = resp.headers().get(SET_COOKIE).unwrap().to_str().unwrap().to_string();
    assert!(cleared.starts_with("callcard_admin=;") || cleared.contains("Max-Age=0"), "{cleared}");
    let resp = console.request(Method::GET, "/api/v1/admin/session").send().await.unwrap();
    assert_eq!(code(resp).await, (StatusCode::UNAUTHORIZED, "session_expired".into()));
    assert!(relay.cli_fails(&["agent", "role", "Root", "boss"]).contains("is not a role"));
}

#[tokio::test]
async fn an_idle_session_ends() {
    let relay = Relay::start("").await;
    let root = admin(&relay);
    let console = Console::sign_in(&relay, &root).await;
    console.get("/api/v1/admin/settings").await;
    // Minutes are the unit: make the stored session look old instead of waiting.
    let db = relay.dir.path().join("data/callcard.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE admin_sessions SET last_seen_at = '2020-01-01T00:00:00+00:00'", []).unwrap();
    drop(conn);
    let resp = console.request(Method::GET, "/api/v1/admin/settings").send().await.unwrap();
    assert_eq!(code(resp).await, (StatusCode::UNAUTHORIZED, "session_expired".into()));
}

fn notify_start(caller: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("event", "NOTIFY_START"),
        ("call_start", START),
        ("pbx_call_id", "in_x"),
        ("caller_id", caller),
        ("called_did", "74951234567"),
    ]
}

async fn reply(relay: &Relay, caller: &'static str) -> Value {
    let resp = relay.zadarma(&notify_start(caller)).await;
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

#[tokio::test]
async fn switches_change_what_the_next_webhook_gets_without_a_restart() {
    let relay = Relay::start("[routing]\nredirect_to_responsible = true\n").await;
    relay.add_agent("Boris", "101", Some("boris"), false);
    relay.add_contact("Ivan Petrov", "79991234567", "ACME", "boris");
    relay.cli(&["contact", "add", "--name", "Spammer", "--phone", "78005553535", "--blacklist"]).unwrap();
    let root = admin(&relay);
    let console = Console::sign_in(&relay, &root).await;

    // The file's first value.
    let settings = console.get("/api/v1/admin/settings").await;
    let route = settings.as_array().unwrap().iter().find(|s| s["name"] == "route_to_responsible").unwrap().clone();
    assert_eq!((route["value"].as_str(), route["source"].as_str()), (Some("true"), Some("config")));
    assert_eq!(reply(&relay, "79991234567").await, json!({"caller_name": "Ivan Petrov / ACME", "redirect": "101"}));

    // Routing off in the console: the very next NOTIFY_START has no redirect.
    let saved = console.set("route_to_responsible", "off").await;
    assert_eq!((saved["value"].as_str(), saved["source"].as_str()), (Some("false"), Some("store")));
    assert_eq!(reply(&relay, "79991234567").await, json!({"caller_name": "Ivan Petrov / ACME"}));
    // No name on the IP phone.
    console.set("caller_name_on_phone", "false").await;
    assert_eq!(reply(&relay, "79991234567").await, json!({}));
    // The blacklist: on turns the spammer away, off lets the call through.
    assert_eq!(reply(&relay, "78005553535").await, json!({"redirect": "blacklist"}));
    console.set("blacklist", "false").await;
    assert_eq!(reply(&relay, "78005553535").await, json!({}));

    // From the command line, while the relay runs: it follows within a second or two.
    let out = relay.cli(&["settings", "set", "route_to_responsible", "true"]).unwrap();
    assert!(out.starts_with("route_to_responsible") && out.contains("true"), "{out}");
    let mut routed = false;
    for _ in 0..40 {
        if reply(&relay, "79991234567").await == json!({"redirect": "101"}) {
            routed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(routed, "the running relay did not follow `settings set`");

    // The stored value survives a restart and still wins over the file.
    let mut relay = relay;
    relay.restart().await;
    assert_eq!(reply(&relay, "79991234567").await, json!({"redirect": "101"}));

    // Bad values are refused in words and change nothing.
    let console = Console::sign_in(&relay, &root).await;
    let (status, body) = console.send(Method::PUT, "/api/v1/admin/settings/blacklist", json!({"value": "maybe"})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_setting")));
    assert!(body["error"].as_str().unwrap().contains("not true or false"), "{body}");
    let (status, body) = console.send(Method::PUT, "/api/v1/admin/settings/routing", json!({"value": "true"})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_setting")));
    let (status, body) =
        console.send(Method::PUT, "/api/v1/admin/settings/default_responsible", json!({"value": "nobody-here"})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_setting")));
    let err = relay.cli_fails(&["settings", "set", "missed_call_reminders", "sometimes"]);
    assert!(err.contains("missed_call_reminders") && err.contains("not true or false"), "{err}");
    assert!(relay.cli_fails(&["settings", "set", "nope", "true"]).contains("known: auto_create_contacts"));
}

#[tokio::test]
async fn the_default_responsible_and_the_reminders_switch_decide_who_is_reminded() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let vera = relay.add_agent("Vera", "102", Some("vera"), false);
    // A missed call from a number nobody owns, rung at Anna.
    let base = |event: &'static str| {
        vec![
            ("event", event),
            ("call_start", START),
            ("pbx_call_id", "in_m"),
            ("caller_id", "79995550000"),
            ("called_did", "74951234567"),
        ]
    };
    for fields in [
        base("NOTIFY_START"),
        [base("NOTIFY_INTERNAL"), vec![("internal", "100")]].concat(),
        [
            base("NOTIFY_END"),
            vec![("duration", "20"), ("disposition", "cancel"), ("is_recorded", "0"), ("status_code", "16")],
        ]
        .concat(),
    ] {
        assert_eq!(relay.zadarma(&fields).await.status(), 200);
    }
    let reminders = |token: String| {
        let relay = &relay;
        async move { relay.get_json("/api/v1/reminders", &token).await.as_array().unwrap().len() }
    };
    assert_eq!((reminders(anna.clone()).await, reminders(vera.clone()).await), (0, 0), "nobody owns it yet");
    let out = relay.cli(&["settings", "set", "default_responsible", "vera"]).unwrap();
    assert!(out.contains("2 (Vera)"), "stored by id, shown with the name: {out}");
    let mut seen = 0;
    for _ in 0..40 {
        seen = reminders(vera.clone()).await;
        if seen == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!((seen, reminders(anna.clone()).await), (1, 0));
    relay.cli(&["settings", "set", "missed_call_reminders", "false"]).unwrap();
    let mut gone = false;
    for _ in 0..40 {
        if reminders(vera.clone()).await == 0 {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "reminders switched off");
}

#[tokio::test]
async fn the_team_is_managed_from_the_console() {
    let relay = Relay::start("").await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    let root = admin(&relay);
    let console = Console::sign_in(&relay, &root).await;

    // Added: the token is shown once and works at once.
    let (status, added) = console
        .send(
            Method::POST,
            "/api/v1/admin/agents",
            json!({"name": " Gleb ", "role": "agent", "pbx_users": {"zadarma": "103"}}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    let token = added["token"].as_str().unwrap().to_string();
    assert_eq!(relay.get_json("/api/v1/me", &token).await["name"], "Gleb");
    let gleb = added["agent"]["id"].as_i64().unwrap();

    // Refusals, each with its code.
    for (body, want) in [
        (json!({"name": "", "role": "agent", "pbx_users": {"zadarma": "104"}}), "field_required"),
        (json!({"name": "X", "role": "agent", "pbx_users": {}}), "field_required"),
        (json!({"name": "X", "role": "agent", "pbx_users": {"zadarma": "100"}}), "pbx_user_taken"),
        (json!({"name": "X", "role": "agent", "pbx_users": {"asterisk": "1"}}), "unknown_provider"),
        (json!({"name": "X", "role": "agent", "pbx_users": {"zadarma": 5}}), "bad_body"),
    ] {
        let (_, answer) = console.send(Method::POST, "/api/v1/admin/agents", body.clone()).await;
        assert_eq!(answer["code"], want, "{body} → {answer}");
    }
    assert_eq!(console.get("/api/v1/admin/agents").await.as_array().unwrap().len(), 3, "nothing half-saved");

    // A PBX user: given, refused when another agent has it, taken away.
    let path = format!("/api/v1/admin/agents/{gleb}/pbx-users/itoolabs");
    let (status, agent) = console.send(Method::PUT, &path, json!({"user_id": "gleb"})).await;
    assert_eq!((status, agent["login"].as_str()), (StatusCode::OK, Some("gleb")));
    let (status, taken) = console.send(Method::PUT, &path, json!({"user_id": "anna"})).await;
    assert_eq!((status, taken["code"].as_str()), (StatusCode::CONFLICT, Some("pbx_user_taken")));
    assert_eq!((taken["params"]["agent"].as_str(), taken["params"]["name"].as_str()), (Some("1"), Some("Anna")));
    let (_, agent) = console.send(Method::PUT, &path, json!({"user_id": ""})).await;
    assert_eq!(agent["login"], Value::Null);

    // Roles.
    let (status, agent) =
        console.send(Method::PUT, &format!("/api/v1/admin/agents/{gleb}/role"), json!({"role": "supervisor"})).await;
    assert_eq!(
        (status, agent["role"].as_str(), agent["supervisor"].as_bool()),
        (StatusCode::OK, Some("supervisor"), Some(true))
    );
    let (status, body) =
        console.send(Method::PUT, &format!("/api/v1/admin/agents/{gleb}/role"), json!({"role": "king"})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_role")));
    // An agent needs a PBX user: a supervisor without one stays a supervisor.
    let (status, body) =
        console.send(Method::POST, "/api/v1/admin/agents", json!({"name": "Olga", "role": "supervisor"})).await;
    assert_eq!(status, 201, "{body}");
    let olga = body["agent"]["id"].as_i64().unwrap();
    let (status, body) =
        console.send(Method::PUT, &format!("/api/v1/admin/agents/{olga}/role"), json!({"role": "agent"})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("field_required")), "{body}");
    assert!(relay.cli(&["agent", "list"]).unwrap().contains("supervisor"));

    // Revoked: its token is refused at once.
    let (status, _) = console.send(Method::POST, &format!("/api/v1/admin/agents/{gleb}/revoke"), json!({})).await;
    assert_eq!(status, 204);
    assert_eq!(relay.api(Method::GET, "/api/v1/me", &token).send().await.unwrap().status(), 401);
    let (status, body) = console.send(Method::POST, "/api/v1/admin/agents/x/revoke", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_id")));
}

#[tokio::test]
async fn the_telephony_page_checks_keys_lists_users_and_keeps_secrets() {
    let mut relay = Relay::start("").await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    let root = admin(&relay);
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;
    let console = Console::sign_in(&relay, &root).await;

    // One webhook received, one flagged.
    assert_eq!(relay.zadarma(&notify_start("79991234567")).await.status(), 200);
    assert_eq!(relay.zadarma(&[("event", "NOTIFY_START"), ("caller_id", "79991234567")]).await.status(), 200);

    let providers = console.get("/api/v1/admin/providers").await;
    let by_id = |id: &str| providers.as_array().unwrap().iter().find(|p| p["id"] == id).unwrap().clone();
    let zadarma = by_id("zadarma");
    assert_eq!(zadarma["webhook_urls"], json!([{"event": "all", "url": relay.url("/hooks/zadarma")}]));
    assert_eq!((zadarma["webhooks"]["count"].as_u64(), zadarma["webhooks"]["flagged"].as_u64()), (Some(2), Some(1)));
    assert!(zadarma["webhooks"]["last_at"].is_string() && zadarma["api_configured"] == true);
    let uis = by_id("uis");
    let first = &uis["webhook_urls"][0];
    assert_eq!(
        (first["event"].as_str(), first["url"].as_str()),
        (Some("inbound"), Some(relay.url("/hooks/uis/{secret}/inbound").as_str()))
    );
    assert_eq!(by_id("ringostat")["lists_users"], false);

    // The keys work: the simulator's balance and users.
    let (status, check) = console.send(Method::POST, "/api/v1/admin/providers/zadarma/check", json!({})).await;
    assert_eq!(status, 200, "{check}");
    assert_eq!((check["balance"].as_f64(), check["currency"].as_str()), (Some(10.34), Some("USD")));
    assert!(check["users"].as_u64().unwrap() >= 2);
    let (status, check) = console.send(Method::POST, "/api/v1/admin/providers/ringostat/check", json!({})).await;
    assert_eq!((status, check["users"].clone()), (StatusCode::OK, Value::Null), "sipstatus proves the key: {check}");

    // The users to pick from, with who already has them.
    let users = console.get("/api/v1/admin/providers/zadarma/users").await;
    let of = |id: &str| users.as_array().unwrap().iter().find(|u| u["id"] == id).unwrap()["agent_id"].clone();
    assert_eq!((of("100"), of("101")), (json!(1), Value::Null));
    let (status, body) = console.send(Method::POST, "/api/v1/admin/providers/asterisk/check", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_provider")));

    // The flagged webhook with its raw fields.
    let flagged = console.get("/api/v1/admin/webhooks/flagged").await;
    assert_eq!(flagged[0]["provider"], "zadarma");
    assert_eq!(flagged[0]["fields"]["caller_id"], "79991234567");
    assert!(!flagged[0]["problems"].as_array().unwrap().is_empty());

    // A wrong key fails in words.
    relay.set_env("CALLCARD_ZADARMA_API_KEY", "wrong_key");
    relay.restart().await;
    let console = Console::sign_in(&relay, &root).await;
    let (status, body) = console.send(Method::POST, "/api/v1/admin/providers/zadarma/check", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_GATEWAY, Some("pbx_refused")), "{body}");
    assert!(!body["error"].as_str().unwrap().is_empty());

    // No secret in any answer the console got, nor in the relay's log.
    let everything = format!(
        "{providers}{}{}",
        console.get("/api/v1/admin/settings").await,
        console.get("/api/v1/admin/agents").await
    );
    let log = std::fs::read_to_string(relay.dir.path().join("relay.log")).unwrap();
    for secret in [
        ZADARMA_SECRET,
        ZADARMA_KEY,
        callcard_e2e::UIS_SECRET,
        callcard_e2e::RINGOSTAT_SECRET,
        root.as_str(),
        console.cookie.trim_start_matches("callcard_admin="),
    ] {
        assert!(!everything.contains(secret), "an answer shows {secret}");
        assert!(!log.contains(secret), "the log shows {secret}");
    }
    assert!(log.contains("admin signed in to the console"), "sign-ins are logged");
}

#[tokio::test]
async fn the_console_page_is_served_same_origin_only() {
    let relay = Relay::start("").await;
    for path in ["/admin", "/admin/", "/admin/team"] {
        let resp = relay.http.get(relay.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path} (run scripts/build-ui first)");
        let csp = resp.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = resp.text().await.unwrap();
        assert!(html.contains("/admin/assets/"), "the page loads its assets from the relay: {html}");
        assert!(!html.contains("http://") && !html.contains("https://"), "nothing from elsewhere: {html}");
    }
    let missing = relay.http.get(relay.url("/admin/assets/nope.js")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

/// Sends a CSV file to the console's import, as the page does.
async fn import(console: &Console<'_>, csv: &str) -> (StatusCode, Value) {
    let resp = console
        .request(Method::POST, "/api/v1/admin/contacts/import")
        .header("Content-Type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn contacts_are_saved_imported_and_blacklisted_from_the_console() {
    let relay = Relay::start("").await;
    let anna_token = relay.add_agent("Anna", "100", Some("anna"), false);
    let root = admin(&relay);
    let console = Console::sign_in(&relay, &root).await;

    // One contact, any human format, with its responsible picked by id.
    let (status, saved) = console
        .send(
            Method::POST,
            "/api/v1/admin/contacts",
            json!({"phone": "+7 (999) 123-45-67", "name": " Ivan ", "company": "ACME", "responsible": "1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    assert_eq!((saved["phone"].as_str(), saved["contact"]["name"].as_str()), (Some("79991234567"), Some("Ivan")));
    assert_eq!((saved["responsible_id"].as_i64(), saved["contact"]["responsible"].as_str()), (Some(1), Some("Anna")));
    // Bad fields are named, nothing is saved.
    for (body, code, field) in [
        (json!({"phone": "12ab", "name": "X"}), "bad_phone", "phone"),
        (json!({"phone": "79990000009", "name": "  "}), "field_required", "name"),
        (json!({"phone": "79990000009", "name": "X", "responsible": "nobody"}), "no_such_agent", ""),
        (json!({"phone": "79990000009", "name": "x".repeat(201)}), "field_too_long", "name"),
    ] {
        let (status, refused) = console.send(Method::POST, "/api/v1/admin/contacts", body).await;
        assert!(status.is_client_error(), "{refused}");
        assert_eq!(refused["code"], code, "{refused}");
        if !field.is_empty() {
            assert_eq!(refused["params"]["field"], field, "{refused}");
        }
    }
    assert_eq!(console.get("/api/v1/admin/contacts?q=79990000009").await, json!([]));

    // A file lands whole: one new, one changed.
    let (status, report) = import(
        &console,
        "\u{feff}Phone,Name,Company,Responsible,Blacklist\n+7 999 000-00-01,Olga,,anna,no\n79991234567,Ivan Petrov,ACME,,\n",
    )
    .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (report["imported"].as_bool(), report["created"].as_u64(), report["updated"].as_u64()),
        (Some(true), Some(1), Some(1))
    );
    let olga = console.get("/api/v1/admin/contacts?q=olga").await;
    assert_eq!((olga[0]["phone"].as_str(), olga[0]["responsible_id"].as_i64()), (Some("79990000001"), Some(1)));

    // A file with bad rows: each named with its line and why; nothing of it saved.
    let (status, report) =
        import(&console, "phone,name\n79990000002,Pavel\nnot-a-phone,X\n79990000003,\n79990000002,Pavel again\n").await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (report["imported"].as_bool(), report["refused"].as_u64(), report["created"].as_u64()),
        (Some(false), Some(3), Some(1))
    );
    let rows = report["rows"].as_array().unwrap();
    let row = |line: u64| rows.iter().find(|r| r["line"] == line).unwrap_or_else(|| panic!("line {line}: {report}"));
    assert_eq!(row(2)["result"], "created");
    assert_eq!((row(3)["result"].as_str(), row(3)["problem"]["code"].as_str()), (Some("refused"), Some("bad_phone")));
    assert_eq!(row(4)["problem"]["code"], "field_required");
    assert_eq!(row(5)["problem"]["params"]["detail"], "also on line 2");
    assert_eq!(console.get("/api/v1/admin/contacts?q=Pavel").await, json!([]), "a refused file saved a row");
    // A file without the columns it needs.
    let (status, body) = import(&console, "number;who\n1;2\n").await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_field")), "{body}");
    // The command line imports through the same rules and words.
    let csv = relay.dir.path().join("bad.csv");
    std::fs::write(&csv, "phone,name\nnot-a-phone,X\n").unwrap();
    let err = relay.cli_fails(&["contact", "import", csv.to_str().unwrap()]);
    assert!(err.contains("line 2: phone:") && err.contains("nothing imported"), "{err}");

    // The blacklist button: the very next call from the number is turned away.
    assert_eq!(reply(&relay, "79991234567").await["redirect"], Value::Null);
    let (status, listed) =
        console.send(Method::PUT, "/api/v1/admin/contacts/+79991234567/blacklist", json!({"blacklisted": true})).await;
    assert_eq!((status, listed["contact"]["blacklisted"].as_bool()), (StatusCode::OK, Some(true)), "{listed}");
    assert_eq!(reply(&relay, "79991234567").await, json!({"redirect": "blacklist"}));
    assert!(relay.cli(&["contact", "list"]).unwrap().contains("blacklisted"));
    let (status, body) =
        console.send(Method::PUT, "/api/v1/admin/contacts/79990000077/blacklist", json!({"blacklisted": true})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("no_such_contact")));

    // Agents do not get the admin's contact list.
    let resp = relay.http.get(relay.url("/api/v1/admin/contacts")).bearer_auth(anna_token).send().await.unwrap();
    assert_eq!(code(resp).await, (StatusCode::FORBIDDEN, "not_admin".to_string()));
}

#[tokio::test]
async fn lines_and_outcomes_are_kept_in_the_console() {
    let relay = Relay::start("").await;
    let anna_token = relay.add_agent("Anna", "100", Some("anna"), false);
    let root = admin(&relay);
    let console = Console::sign_in(&relay, &root).await;

    // The file's label first; the console's wins at once, for the next call.
    let lines = console.get("/api/v1/admin/lines").await;
    assert_eq!(lines, json!([{"did": "74951234567", "label": "Moscow sales", "source": "config"}]));
    let (status, lines) =
        console.send(Method::PUT, "/api/v1/admin/lines/+7 495 123-45-67", json!({"label": "Moscow: ads"})).await;
    assert_eq!(status, 200, "{lines}");
    assert_eq!(lines, json!([{"did": "74951234567", "label": "Moscow: ads", "source": "store"}]));
    let start = [
        ("event", "NOTIFY_START"),
        ("call_start", START),
        ("pbx_call_id", "in-line-1"),
        ("caller_id", "79990001122"),
        ("called_did", "74951234567"),
    ];
    assert_eq!(relay.zadarma(&start).await.status(), 200);
    let active: Value = relay.get_json("/api/v1/calls/active", &root).await;
    assert_eq!(active["calls"][0]["line_label"], "Moscow: ads", "{active}");
    let (status, body) = console.send(Method::PUT, "/api/v1/admin/lines/74950000000", json!({"label": " "})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("field_required")));
    let (status, _) = console.send(Method::DELETE, "/api/v1/admin/lines/74951234567", json!(null)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(console.get("/api/v1/admin/lines").await[0]["source"], "config", "the file's label is back");
    let (status, body) = console.send(Method::DELETE, "/api/v1/admin/lines/74951234567", json!(null)).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("no_such_line")));

    // Outcomes: a new one goes last; the order is the agents' order; retired ones stay listed.
    let (status, added) = console
        .send(
            Method::PUT,
            "/api/v1/admin/outcomes/call_back_tomorrow",
            json!({"label": "Tomorrow", "colour": "#123ABC"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["option"]["colour"], "#123abc");
    let codes = |list: &Value| -> Vec<String> {
        list.as_array().unwrap().iter().map(|o| o["option"]["code"].as_str().unwrap().to_string()).collect()
    };
    let mut order = codes(&console.get("/api/v1/admin/outcomes").await);
    assert_eq!(order.last().map(String::as_str), Some("call_back_tomorrow"));
    order.reverse();
    let (status, listed) = console.send(Method::PUT, "/api/v1/admin/outcomes/order", json!({"codes": order})).await;
    assert_eq!((status, codes(&listed)), (StatusCode::OK, order.clone()));
    let agent: Value = relay.get_json("/api/v1/outcomes", &anna_token).await;
    let agent_codes: Vec<&str> = agent.as_array().unwrap().iter().map(|o| o["code"].as_str().unwrap()).collect();
    assert_eq!(agent_codes, order.iter().map(String::as_str).collect::<Vec<_>>());
    let (status, body) = console.send(Method::PUT, "/api/v1/admin/outcomes/order", json!({"codes": &order[1..]})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_field")), "{body}");
    for (code, body, field) in [
        ("bad code!", json!({"label": "X", "colour": "#000000"}), "code"),
        ("ok", json!({"label": "X", "colour": "red"}), "colour"),
        ("ok", json!({"label": "", "colour": "#000000"}), "label"),
    ] {
        let (status, refused) = console.send(Method::PUT, &format!("/api/v1/admin/outcomes/{code}"), body).await;
        assert_eq!((status, refused["params"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{refused}");
    }
    let (status, _) = console.send(Method::POST, "/api/v1/admin/outcomes/call_back_tomorrow/retire", json!({})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let all = console.get("/api/v1/admin/outcomes").await;
    let retired = all.as_array().unwrap().iter().find(|o| o["option"]["code"] == "call_back_tomorrow").unwrap();
    assert_eq!(retired["retired"], true);
    let (status, body) =
        console.send(Method::POST, "/api/v1/admin/outcomes/call_back_tomorrow/retire", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("no_such_outcome")));
    assert!(relay.cli(&["outcome", "list"]).unwrap().contains("call_back_tomorrow"));
}

#[tokio::test]
async fn pbx_keys_entered_in_the_console_are_sealed_and_used_at_once() {
    let mut relay = Relay::start("").await;
    let root = admin(&relay);
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;
    relay.set_env("CALLCARD_ZADARMA_API_KEY", "wrong_key");
    relay.restart().await;
    let console = Console::sign_in(&relay, &root).await;
    let check = || console.send(Method::POST, "/api/v1/admin/providers/zadarma/check", json!({}));
    assert_eq!(check().await.1["code"], "pbx_refused");

    // The right key from the console: used at once, never shown back.
    let (status, zadarma) = console
        .send(Method::PUT, "/api/v1/admin/providers/zadarma/keys", json!({"values": {"api_key": ZADARMA_KEY}}))
        .await;
    assert_eq!(status, 200, "{zadarma}");
    let key = zadarma["keys"].as_array().unwrap().iter().find(|k| k["name"] == "api_key").unwrap().clone();
    assert_eq!(key, json!({"name": "api_key", "secret": true, "source": "store", "value": null}));
    let (status, balance) = check().await;
    assert_eq!((status, balance["balance"].as_f64()), (StatusCode::OK, Some(10.34)), "{balance}");
    // The command line sees the same keys.
    let out = relay.cli(&["pbx", "check"]).unwrap();
    assert!(out.contains("10.34"), "{out}");

    // A secret that verifies webhooks: a new one refuses the old signature; taking it away
    // brings the file's back.
    console
        .send(
            Method::PUT,
            "/api/v1/admin/providers/zadarma/keys",
            json!({"values": {"api_secret": "a-new-secret-from-the-console"}}),
        )
        .await;
    assert_eq!(relay.zadarma(&notify_start("79991234567")).await.status(), 401);
    let (status, zadarma) =
        console.send(Method::PUT, "/api/v1/admin/providers/zadarma/keys", json!({"values": {"api_secret": ""}})).await;
    assert_eq!(status, 200);
    assert_eq!(zadarma["keys"][1]["source"], "config");
    assert_eq!(relay.zadarma(&notify_start("79991234567")).await.status(), 200);

    // Names it does not have, and values it cannot take.
    let (status, body) =
        console.send(Method::PUT, "/api/v1/admin/providers/zadarma/keys", json!({"values": {"timezone": "UTC"}})).await;
    assert_eq!((status, body["params"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("timezone")), "{body}");
    let (status, _) =
        console.send(Method::PUT, "/api/v1/admin/providers/zadarma/keys", json!({"values": {"api_key": "a\nb"}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Sealed at rest with a key outside the database (0600), kept across a restart.
    let data = relay.dir.path().join("data");
    for file in ["callcard.db", "callcard.db-wal"] {
        if let Ok(bytes) = std::fs::read(data.join(file)) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(ZADARMA_KEY), "{file} holds the key in clear");
        }
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(data.join("secrets.key")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    relay.restart().await;
    let console = Console::sign_in(&relay, &root).await;
    let (status, _) = console.send(Method::POST, "/api/v1/admin/providers/zadarma/check", json!({})).await;
    assert_eq!(status, StatusCode::OK, "the stored key survives a restart");
    let log = std::fs::read_to_string(relay.dir.path().join("relay.log")).unwrap();
    assert!(!log.contains(ZADARMA_KEY) && !log.contains("a-new-secret-from-the-console"), "the log shows a key");

    // The database without its key (a copy restored elsewhere): the relay runs on the file's
    // keys and says so; the key can be entered again.
    std::fs::remove_file(data.join("secrets.key")).unwrap();
    relay.restart().await;
    let console = Console::sign_in(&relay, &root).await;
    let (_, body) = console.send(Method::POST, "/api/v1/admin/providers/zadarma/check", json!({})).await;
    assert_eq!(body["code"], "pbx_refused", "the file's wrong key is in use: {body}");
    let providers = console.get("/api/v1/admin/providers").await;
    assert_eq!(providers[0]["keys"][0]["source"], "config", "{providers}");
    let log = std::fs::read_to_string(relay.dir.path().join("relay.log")).unwrap();
    assert!(log.contains("enter it again"), "the relay does not say the stored key is unusable");
    let (status, _) = console
        .send(Method::PUT, "/api/v1/admin/providers/zadarma/keys", json!({"values": {"api_key": ZADARMA_KEY}}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(console.send(Method::POST, "/api/v1/admin/providers/zadarma/check", json!({})).await.0, StatusCode::OK);
}

#[tokio::test]
async fn agents_the_admin_allows_blacklist_numbers_from_the_app() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let root = admin(&relay);
    let console = Console::sign_in(&relay, &root).await;
    let press = |on: bool| {
        relay
            .http
            .put(relay.url("/api/v1/contacts/+7 999 555-00-00/blacklist"))
            .bearer_auth(&anna)
            .json(&json!({"blacklisted": on}))
            .send()
    };
    let me = || relay.get_json("/api/v1/me", &anna);

    // Not allowed until the admin says so.
    assert_eq!(me().await["may_blacklist"], false);
    assert_eq!(code(press(true).await.unwrap()).await, (StatusCode::FORBIDDEN, "not_allowed".to_string()));
    assert_eq!(reply(&relay, "79995550000").await, json!({}));
    let (status, agent) =
        console.send(Method::PUT, "/api/v1/admin/agents/1/permissions", json!({"may_blacklist": true})).await;
    assert_eq!((status, agent["may_blacklist"].as_bool()), (StatusCode::OK, Some(true)), "{agent}");
    assert_eq!(me().await["may_blacklist"], true);

    // A number nobody saved gets a contact named by the number; the next call is turned away.
    let resp = press(true).await.unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let saved: Value = resp.json().await.unwrap();
    assert_eq!(
        (saved["phone"].as_str(), saved["contact"]["name"].as_str()),
        (Some("79995550000"), Some("+79995550000"))
    );
    assert_eq!(saved["contact"]["blacklisted"], true);
    assert_eq!(reply(&relay, "79995550000").await, json!({"redirect": "blacklist"}));
    let resp = press(false).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(reply(&relay, "79995550000").await, json!({"caller_name": "+79995550000"}));

    // The command line takes it away again; supervisors always have it.
    let out = relay.cli(&["agent", "may-blacklist", "anna", "false"]).unwrap();
    assert!(out.contains("may not blacklist"), "{out}");
    assert_eq!(code(press(true).await.unwrap()).await, (StatusCode::FORBIDDEN, "not_allowed".to_string()));
    let sup = relay.add_agent("Sveta", "105", Some("sveta"), true);
    let resp = relay
        .http
        .put(relay.url("/api/v1/contacts/79995550000/blacklist"))
        .bearer_auth(&sup)
        .json(&json!({"blacklisted": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_console_session_follows_every_call_over_the_websocket_until_sign_out() {
    use callcard_e2e::Agent;
    use callcard_protocol::ServerMessage;
    let relay = Relay::start("").await;
    relay.add_agent("Anna", "100", Some("anna"), false);
    let root = admin(&relay);
    let console = Console::sign_in(&relay, &root).await;
    let addr = relay.addr();
    let page = format!("http://{addr}");

    // Nothing, or the session's cookie sent from another site's page: refused.
    let refused = |headers: Vec<(&'static str, String)>| {
        let addr = addr.clone();
        async move { Agent::connect_with(&addr, &headers).await.err().map(|e| e.to_string()).unwrap_or_default() }
    };
    assert!(refused(vec![]).await.contains("401"));
    let foreign = vec![("Cookie", console.cookie.clone()), ("Origin", "https://evil.example".to_string())];
    assert!(refused(foreign).await.contains("403"));

    // From the console's own page: every call event (the admin sees every call).
    let mut board = Agent::connect_with(&addr, &[("Cookie", console.cookie.clone()), ("Origin", page)]).await.unwrap();
    let ServerMessage::Hello { agent, .. } = &board.hello else { panic!("{:?}", board.hello) };
    assert_eq!(agent.name, "Root");
    assert!(matches!(board.subscribe(None).await.unwrap(), ServerMessage::Subscribed { .. }));
    let ring =
        [("event", "NOTIFY_START"), ("call_start", START), ("pbx_call_id", "ws_1"), ("caller_id", "79991234567")];
    assert_eq!(relay.zadarma(&ring).await.status(), 200);
    let event = board.next_event().await.unwrap();
    assert_eq!(event.call.provider_call_id, "ws_1");

    // Signed out: the stream closes with session_expired at its next check.
    let resp = console.request(Method::DELETE, "/api/v1/admin/session").send().await.unwrap();
    assert!(resp.status().is_success());
    let ended = board.next_message(Duration::from_secs(30)).await.unwrap();
    let ServerMessage::Error { code, .. } = ended else { panic!("{ended:?}") };
    assert_eq!(code, callcard_protocol::ErrorCode::SessionExpired);
}
