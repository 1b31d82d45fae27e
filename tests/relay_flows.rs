//! Whole call flows through the real relay binary: what each connected agent receives.

use std::time::Duration;

use callcard_e2e::Relay;
use callcard_protocol::{CallState, Direction, Disposition, EventKind, ServerMessage};

const CALL: &str = "in_0123456789abcdef0123456789abcdef01234567";
const START: &str = "2024-05-01 12:00:00";

fn zd<'a>(event: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![("event", event), ("call_start", START), ("pbx_call_id", CALL), ("caller_id", "79991234567")];
    f.extend_from_slice(extra);
    f
}

async fn ok(resp: reqwest::Response) -> serde_json::Value {
    let status = resp.status();
    let body = resp.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

struct Team {
    relay: Relay,
    anna: String,
    boris: String,
    carl: String,
    boss: String,
}

async fn team(extra: &str) -> Team {
    let relay = Relay::start(extra).await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let boris = relay.add_agent("Boris", "101", Some("boris"), false);
    let carl = relay.add_agent("Carl", "102", Some("carl"), false);
    let boss = relay.add_agent("Boss", "900", None, true);
    relay.add_contact("Ivan Petrov", "+7 (999) 123-45-67", "ACME", "boris");
    Team { relay, anna, boris, carl, boss }
}

#[tokio::test]
async fn zadarma_incoming_group_ring_answered_with_recording() {
    let t = team("").await;
    let r = &t.relay;
    let mut anna = r.subscribed(&t.anna).await;
    let mut boris = r.subscribed(&t.boris).await;
    let mut carl = r.subscribed(&t.carl).await;
    let mut boss = r.subscribed(&t.boss).await;

    let reply = ok(r.zadarma(&zd("NOTIFY_START", &[("called_did", "74951234567")])).await).await;
    assert_eq!(reply, serde_json::json!({"caller_name": "Ivan Petrov / ACME"}));
    ok(r.zadarma(&zd("NOTIFY_INTERNAL", &[("called_did", "74951234567"), ("internal", "100")])).await).await;
    ok(r.zadarma(&zd("NOTIFY_INTERNAL", &[("called_did", "74951234567"), ("internal", "101")])).await).await;
    ok(r.zadarma(&zd("NOTIFY_ANSWER", &[("destination", "101"), ("internal", "101")])).await).await;
    let end = zd(
        "NOTIFY_END",
        &[
            ("called_did", "74951234567"),
            ("internal", "101"),
            ("duration", "42"),
            ("disposition", "answered"),
            ("status_code", "16"),
            ("is_recorded", "1"),
            ("call_id_with_rec", "1714564800.1234567"),
        ],
    );
    ok(r.zadarma(&end).await).await;
    ok(r.zadarma(&[("event", "NOTIFY_RECORD"), ("pbx_call_id", CALL), ("call_id_with_rec", "1714564800.1234567")])
        .await)
    .await;

    // The supervisor sees every event, in order.
    let all = boss.events(6).await.unwrap();
    let kinds: Vec<_> = all.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Ringing,
            EventKind::Ringing,
            EventKind::Ringing,
            EventKind::Answered,
            EventKind::Ended,
            EventKind::RecordingReady
        ]
    );
    assert!(all.windows(2).all(|w| w[1].seq == w[0].seq + 1), "sequences increase by one");

    // Anna rang first: she sees her ringing, Boris joining the ring, his answer, the end.
    let a = anna.events(5).await.unwrap();
    assert_eq!(
        a.iter().map(|e| e.kind).collect::<Vec<_>>()[..3],
        [EventKind::Ringing, EventKind::Ringing, EventKind::Answered]
    );
    assert_eq!(a[0].call.ringing.len(), 1);
    assert_eq!(a[1].call.ringing.len(), 2);
    // Boris's card only from his own ringing on.
    let b = boris.events(4).await.unwrap();
    assert_eq!(b[0].seq, all[2].seq);
    assert_eq!(
        b.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EventKind::Ringing, EventKind::Answered, EventKind::Ended, EventKind::RecordingReady]
    );
    carl.expect_silence(Duration::from_millis(500)).await.unwrap();

    let last = &b[3].call;
    assert_eq!(last.state, CallState::Ended);
    assert_eq!(last.disposition, Some(Disposition::Answered));
    assert!(!last.missed);
    assert_eq!(last.direction, Direction::Incoming);
    assert_eq!(last.client_phone.as_deref(), Some("79991234567"));
    assert_eq!(last.line.as_deref(), Some("74951234567"));
    assert_eq!(last.line_label.as_deref(), Some("Moscow sales"));
    assert_eq!(last.agent.as_ref().unwrap().name.as_deref(), Some("Boris"));
    assert_eq!(last.duration_secs, Some(42));
    assert_eq!(last.started_at.to_rfc3339(), "2024-05-01T12:00:00+00:00");
    let contact = last.contact.as_ref().unwrap();
    assert_eq!(
        (contact.name.as_str(), contact.company.as_deref(), contact.responsible.as_deref()),
        ("Ivan Petrov", Some("ACME"), Some("Boris"))
    );
    let rec = last.recording.as_ref().unwrap();
    assert!(rec.ready);
    assert_eq!(rec.id.as_deref(), Some("1714564800.1234567"));
    assert!(b[1].call.answered_at.is_some());

    // A repeated delivery is acknowledged and adds nothing.
    ok(r.zadarma(&end).await).await;
    boss.expect_silence(Duration::from_millis(500)).await.unwrap();
    let health = r.http.get(r.url("/healthz")).send().await.unwrap().json::<serde_json::Value>().await.unwrap();
    assert_eq!(health["head_seq"], all[5].seq);
}

#[tokio::test]
async fn zadarma_missed_group_ring() {
    let t = team("").await;
    let r = &t.relay;
    let mut anna = r.subscribed(&t.anna).await;
    let mut boris = r.subscribed(&t.boris).await;
    ok(r.zadarma(&zd("NOTIFY_START", &[("called_did", "74951234567")])).await).await;
    ok(r.zadarma(&zd("NOTIFY_INTERNAL", &[("called_did", "74951234567"), ("internal", "100")])).await).await;
    ok(r.zadarma(&zd("NOTIFY_INTERNAL", &[("called_did", "74951234567"), ("internal", "101")])).await).await;
    ok(r.zadarma(&zd(
        "NOTIFY_END",
        &[
            ("called_did", "74951234567"),
            ("duration", "20"),
            ("disposition", "cancel"),
            ("is_recorded", "0"),
            ("status_code", "16"),
        ],
    ))
    .await)
    .await;
    // Anna: her ringing, Boris joining the ring, the end. Boris: his ringing, the end.
    for (agent, count) in [(&mut anna, 3), (&mut boris, 2)] {
        let events = agent.events(count).await.unwrap();
        let last = events.last().unwrap();
        assert_eq!(last.kind, EventKind::Ended);
        assert!(last.call.missed);
        assert_eq!(last.call.disposition, Some(Disposition::Missed));
        assert!(last.call.ringing.is_empty());
        assert_eq!(last.call.agent, None);
    }
}

#[tokio::test]
async fn itoolabs_outgoing_busy_and_incoming_answered() {
    let t = team("").await;
    let r = &t.relay;
    let mut anna = r.subscribed(&t.anna).await;
    let mut boris = r.subscribed(&t.boris).await;

    // Outgoing, busy: only the dialling agent (and supervisors) see it.
    let base =
        [("phone", "89161234567"), ("diversion", "74951234567"), ("user", "anna"), ("ext", "100"), ("callid", "OUT-1")];
    let with = |extra: &[(&'static str, &'static str)]| base.iter().chain(extra).copied().collect::<Vec<_>>();
    ok(r.itoolabs(&with(&[("cmd", "event"), ("type", "OUTGOING"), ("direction", "out")])).await).await;
    ok(r.itoolabs(&with(&[
        ("cmd", "history"),
        ("type", "out"),
        ("status", "Busy"),
        ("start", "20240501T120500Z"),
        ("duration", "3"),
    ]))
    .await)
    .await;
    let out = anna.events(2).await.unwrap();
    assert_eq!(out[0].call.direction, Direction::Outgoing);
    assert_eq!(out[0].call.state, CallState::Ringing);
    assert_eq!(out[0].call.client_phone.as_deref(), Some("79161234567"), "8… normalised to E.164");
    assert_eq!(out[1].call.disposition, Some(Disposition::Busy));
    assert!(!out[1].call.missed);
    assert_eq!(out[1].call.agent.as_ref().unwrap().login.as_deref(), Some("anna"));
    boris.expect_silence(Duration::from_millis(300)).await.unwrap();

    // Incoming to Boris, answered, recorded; a cmd=contact lookup first.
    let reply = ok(r
        .itoolabs(&[("cmd", "contact"), ("phone", "79991234567"), ("diversion", "74951234567"), ("callid", "IN-1")])
        .await)
    .await;
    assert_eq!(reply, serde_json::json!({"contact_name": "Ivan Petrov / ACME", "responsible": "boris"}));
    let base =
        [("phone", "79991234567"), ("diversion", "74951234567"), ("user", "boris"), ("ext", "101"), ("callid", "IN-1")];
    let with = |extra: &[(&'static str, &'static str)]| base.iter().chain(extra).copied().collect::<Vec<_>>();
    ok(r.itoolabs(&with(&[("cmd", "event"), ("type", "INCOMING"), ("direction", "in"), ("groupRealName", "Sales")]))
        .await)
    .await;
    ok(r.itoolabs(&with(&[("cmd", "event"), ("type", "ACCEPTED"), ("direction", "in")])).await).await;
    ok(r.itoolabs(&with(&[("cmd", "event"), ("type", "COMPLETED"), ("direction", "in")])).await).await;
    ok(r.itoolabs(&with(&[
        ("cmd", "history"),
        ("type", "in"),
        ("status", "Success"),
        ("start", "20240501T120000Z"),
        ("duration", "65"),
        ("link", "https://pbx.example/rec/IN-1.mp3"),
        ("z-flag", "1"),
    ]))
    .await)
    .await;
    let inc = boris.events(4).await.unwrap();
    assert_eq!(
        inc.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EventKind::Ringing, EventKind::Answered, EventKind::Ended, EventKind::RecordingReady]
    );
    let last = &inc[3].call;
    assert_eq!(last.disposition, Some(Disposition::Answered));
    assert_eq!(last.duration_secs, Some(65));
    // The PBX's link is a credential: it stays on the relay, which streams the file itself.
    assert_eq!(last.recording.as_ref().map(|r| (r.ready, r.url.clone())), Some((true, None)));
    assert_eq!(last.contact.as_ref().unwrap().name, "Ivan Petrov");
    anna.expect_silence(Duration::from_millis(300)).await.unwrap();
}

#[tokio::test]
async fn lookups_route_blacklist_and_unknown() {
    let t = team("[routing]\nredirect_to_responsible = true\nreturn_timeout = 20\n").await;
    let r = &t.relay;
    r.cli(&["contact", "add", "--name", "Spammer", "--phone", "8 800 555 35 35", "--blacklist"]).unwrap();

    let start = |caller: &'static str| {
        vec![
            ("event", "NOTIFY_START"),
            ("call_start", START),
            ("pbx_call_id", "in_x"),
            ("caller_id", caller),
            ("called_did", "74951234567"),
        ]
    };
    assert_eq!(
        ok(r.zadarma(&start("79991234567")).await).await,
        serde_json::json!({"caller_name": "Ivan Petrov / ACME", "redirect": "101", "return_timeout": 20})
    );
    assert_eq!(ok(r.zadarma(&start("78005553535")).await).await, serde_json::json!({"redirect": "blacklist"}));
    assert_eq!(ok(r.zadarma(&start("79990000000")).await).await, serde_json::json!({}));
    assert_eq!(ok(r.itoolabs(&[("cmd", "contact"), ("phone", "79990000000")]).await).await, serde_json::json!({}));

    // zd_echo answers exactly the value, nothing more.
    let echo = r.http.get(r.url("/hooks/zadarma?zd_echo=Xy9%2Bz")).send().await.unwrap();
    assert_eq!(echo.status(), 200);
    assert_eq!(echo.bytes().await.unwrap().as_ref(), b"Xy9+z");
}

#[tokio::test]
async fn tokens_are_checked_and_revocable() {
    let t = team("").await;
    let r = &t.relay;
    let err = r.connect("cc_not_a_token").await.err().expect("bad token refused");
    assert!(err.to_string().contains("401"), "{err}");
    let resp = r.http.get(r.url("/api/v1/calls/active")).send().await.unwrap();
    assert_eq!(resp.status(), 401);
    assert!(resp.json::<serde_json::Value>().await.unwrap()["error"].is_string());

    let me = r.get_json("/api/v1/me", &t.carl).await;
    assert_eq!(me["name"], "Carl");
    assert!(r.cli(&["agent", "list"]).unwrap().contains("Carl"));
    let mut connected = r.subscribed(&t.carl).await;
    r.cli(&["agent", "revoke", "carl"]).unwrap();
    // An open connection learns of the revocation within a few heartbeats (1 s in tests).
    match connected.next_message(Duration::from_secs(8)).await.unwrap() {
        ServerMessage::Error { code, .. } => assert_eq!(code, callcard_protocol::ErrorCode::Unauthorized),
        other => panic!("expected an error, got {other:?}"),
    }
    assert_eq!(r.http.get(r.url("/api/v1/me")).bearer_auth(&t.carl).send().await.unwrap().status(), 401);
    assert!(r.connect(&t.carl).await.is_err());
    // The token is stored hashed: it appears nowhere in the database file.
    for file in ["callcard.db", "callcard.db-wal"] {
        let bytes = std::fs::read(r.dir.path().join("data").join(file)).unwrap_or_default();
        assert!(!bytes.windows(t.anna.len()).any(|w| w == t.anna.as_bytes()), "{file} holds a token");
    }
}

#[tokio::test]
async fn itoolabs_ring_again_is_news_but_a_retry_is_not() {
    let t = team("").await;
    let r = &t.relay;
    let mut anna = r.subscribed(&t.anna).await;
    let base = [
        ("cmd", "event"),
        ("phone", "79991234567"),
        ("diversion", "74951234567"),
        ("user", "anna"),
        ("ext", "100"),
        ("callid", "RR-1"),
        ("direction", "in"),
    ];
    let with = |kind: &'static str| base.iter().copied().chain([("type", kind)]).collect::<Vec<_>>();
    ok(r.itoolabs(&with("INCOMING")).await).await;
    ok(r.itoolabs(&with("INCOMING")).await).await; // the PBX retried: nothing new
    ok(r.itoolabs(&with("CANCELLED")).await).await;
    ok(r.itoolabs(&with("INCOMING")).await).await; // the PBX rings Anna again: news
    let events = anna.events(3).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EventKind::Ringing, EventKind::Updated, EventKind::Ringing]
    );
    assert_eq!(events[1].call.ringing.len(), 0);
    assert_eq!(events[2].call.ringing.len(), 1);
    anna.expect_silence(Duration::from_millis(300)).await.unwrap();
}

#[tokio::test]
async fn agent_creates_a_contact_that_the_next_call_shows() {
    let t = team("").await;
    let r = &t.relay;
    let post = |token: &str, body: serde_json::Value| {
        r.http.post(r.url("/api/v1/contacts")).bearer_auth(token).json(&body).send()
    };

    let resp =
        post(&t.anna, serde_json::json!({"phone": "8 (912) 555-01-02", "name": " Olga Smirnova ", "company": "Lotus"}))
            .await
            .unwrap();
    assert_eq!(resp.status(), 201);
    let saved: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(saved["phone"], "79125550102");
    assert_eq!(saved["created"], true);
    assert_eq!(saved["contact"]["name"], "Olga Smirnova", "trimmed");
    assert_eq!(saved["contact"]["responsible"], "Anna", "the creator is responsible");

    // The PBX lookup and the next call's card both see it.
    let reply = ok(r
        .zadarma(&[
            ("event", "NOTIFY_START"),
            ("call_start", START),
            ("pbx_call_id", "in_o"),
            ("caller_id", "79125550102"),
        ])
        .await)
    .await;
    assert_eq!(reply, serde_json::json!({"caller_name": "Olga Smirnova / Lotus"}));
    let active = r.get_json("/api/v1/calls/active", &t.boss).await;
    assert_eq!(active["calls"][0]["contact"]["name"], "Olga Smirnova");

    // Correcting an existing contact keeps its responsible agent.
    let resp =
        post(&t.carl, serde_json::json!({"phone": "+79991234567", "name": "Ivan Petrov", "company": "ACME Ltd"}))
            .await
            .unwrap();
    assert_eq!(resp.status(), 200);
    let saved: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(saved["created"], false);
    assert_eq!(saved["contact"]["company"], "ACME Ltd");
    assert_eq!(saved["contact"]["responsible"], "Boris");

    // Bad input: clear 4xx with a reason, nothing saved.
    for (body, reason) in [
        (serde_json::json!({"phone": "12ab", "name": "X"}), "phone"),
        (serde_json::json!({"phone": "79990001122", "name": "  "}), "name is required"),
        (serde_json::json!({"phone": "79990001122"}), "name"),
    ] {
        let resp = post(&t.anna, body).await.unwrap();
        assert!(resp.status().is_client_error(), "{}", resp.status());
        let err: serde_json::Value = resp.json().await.unwrap();
        assert!(err["error"].as_str().unwrap().contains(reason), "{err}");
    }
    let unauth = r
        .http
        .post(r.url("/api/v1/contacts"))
        .json(&serde_json::json!({"phone": "1", "name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unauth.status(), 401);
    let listed = r.cli(&["contact", "list"]).unwrap();
    assert!(!listed.contains("79990001122"), "{listed}");
}
