//! The simulator's provider APIs: Zadarma's signature check (PROTOCOLS.md vectors), rate limit,
//! click-to-call played back into the real relay, temporary recording links with Range.

use std::time::Duration;

use callcard_e2e::{sim_config, Relay, Sim, ITOOLABS_API_TOKEN, ZADARMA_KEY, ZADARMA_SECRET};
use callcard_pbx::zadarma::{rest_authorization, signed_query};
use callcard_protocol::{Direction, EventKind, ServerMessage};

async fn zadarma_get(sim: &Sim, path: &str, params: &[(&str, &str)], auth: Option<String>) -> reqwest::Response {
    let auth = auth.unwrap_or_else(|| rest_authorization(ZADARMA_KEY, ZADARMA_SECRET, path, params));
    reqwest::Client::new()
        .get(sim.url(&format!("{path}?{}", signed_query(params))))
        .header("Authorization", auth)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn zadarma_api_checks_signatures_like_zadarma() {
    let relay = Relay::start("").await;
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;

    // PROTOCOLS.md §1.5 vectors, byte for byte.
    let vectors = [
        ("/v1/info/balance/", vec![("format", "json")], "OGYzZTgyZGQzNDNlMzQ4NmQzNjEyZTc4MTc0NDVlMGU0MjZhN2M1Ng=="),
        ("/v1/info/balance/", vec![], "NDM0ZDRkNThmN2RkYWVkN2ViYjZmMmIzNDQ5NTcyNjU5YjI5M2Y3Ng=="),
    ];
    for (path, params, sig) in vectors {
        let resp = zadarma_get(&sim, path, &params, Some(format!("test_key_123:{sig}"))).await;
        assert_eq!(resp.status(), 200, "{path} {params:?}");
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["status"], "success");
        assert!(body["balance"].is_number());
    }
    // Tampered signature, wrong key, wrong parameters, no header: refused with Zadarma's error shape.
    for auth in [
        "test_key_123:OGYzZTgyZGQzNDNlMzQ4NmQzNjEyZTc4MTc0NDVlMGU0MjZhN2M1Nw==".to_string(),
        "other_key:OGYzZTgyZGQzNDNlMzQ4NmQzNjEyZTc4MTc0NDVlMGU0MjZhN2M1Ng==".to_string(),
        rest_authorization(ZADARMA_KEY, ZADARMA_SECRET, "/v1/info/balance/", &[("format", "xml")]),
        String::new(),
    ] {
        let resp = zadarma_get(&sim, "/v1/info/balance/", &[("format", "json")], Some(auth.clone())).await;
        assert_eq!(resp.status(), 401, "{auth}");
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["status"], "error");
        assert!(body["message"].is_string());
    }
    let internal: serde_json::Value =
        zadarma_get(&sim, "/v1/pbx/internal/", &[("format", "json")], None).await.json().await.unwrap();
    assert_eq!(internal["numbers"], serde_json::json!([100, 101, 102]));
}

#[tokio::test]
async fn click_to_call_plays_the_outgoing_call_and_its_recording() {
    let relay = Relay::start("").await;
    let boris = relay.add_agent("Boris", "101", Some("boris"), false);
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    let mut agent = relay.connect(&boris).await.unwrap();
    assert!(matches!(agent.subscribe(None).await.unwrap(), ServerMessage::Subscribed { .. }));

    // The PROTOCOLS.md callback vector: from extension 101 to 79991234567.
    let params = [("format", "json"), ("from", "101"), ("to", "79991234567")];
    let vector = "test_key_123:YzY3ODdmMjU4YmYyYmY5ODczN2ZiZDEzODQ4MmE5N2U0N2QzZjQxZQ==".to_string();
    let resp = zadarma_get(&sim, "/v1/request/callback/", &params, Some(vector)).await;
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!((body["status"].as_str(), body["to"].as_str()), (Some("success"), Some("79991234567")));

    // The PBX rings Boris, then the client: the outgoing call's events reach the relay.
    let events = agent.events(4).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EventKind::Ringing, EventKind::Answered, EventKind::Ended, EventKind::RecordingReady]
    );
    let call = &events[3].call;
    assert_eq!(call.direction, Direction::Outgoing);
    assert_eq!(call.client_phone.as_deref(), Some("79991234567"));
    assert_eq!(call.agent.as_ref().unwrap().name.as_deref(), Some("Boris"));
    let rec_id = call.recording.as_ref().unwrap().id.clone().unwrap();

    // A temporary link to the recording: a real MP3, Range supported, gone when it expires.
    let resp = zadarma_get(
        &sim,
        "/v1/pbx/record/request/",
        &[("call_id", &rec_id), ("format", "json"), ("lifetime", "2")],
        None,
    )
    .await;
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    let link = body["link"].as_str().unwrap().to_string();
    assert!(body["lifetime_till"].as_str().unwrap().len() == 19, "{body}");
    let http = reqwest::Client::new();
    let full = http.get(&link).send().await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "audio/mpeg");
    let length: usize = full.headers()["content-length"].to_str().unwrap().parse().unwrap();
    let bytes = full.bytes().await.unwrap();
    assert_eq!(bytes.len(), length);
    assert!(length > 3_000, "about a second of 32 kbit/s audio: {length}");
    assert_eq!((bytes[0], bytes[1] & 0xE0), (0xFF, 0xE0), "MPEG frame sync");
    let part = http.get(&link).header("Range", "bytes=100-199").send().await.unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], format!("bytes 100-199/{length}").as_str());
    assert_eq!(part.bytes().await.unwrap(), bytes[100..200]);
    // The same call's recordings by pbx_call_id: a list of links.
    let by_call = zadarma_get(
        &sim,
        "/v1/pbx/record/request/",
        &[("format", "json"), ("pbx_call_id", &call.provider_call_id)],
        None,
    )
    .await;
    assert_eq!(by_call.json::<serde_json::Value>().await.unwrap()["links"].as_array().unwrap().len(), 1);
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let expired = http.get(&link).send().await.unwrap();
    assert_eq!(expired.status(), 404);
    // Unknown recordings and bad lifetimes are errors in Zadarma's shape.
    let missing = zadarma_get(&sim, "/v1/pbx/record/request/", &[("call_id", "nope"), ("format", "json")], None).await;
    assert_eq!(missing.status(), 404);
    let bad = zadarma_get(&sim, "/v1/pbx/record/request/", &[("call_id", &rec_id), ("lifetime", "0")], None).await;
    assert_eq!(bad.status(), 400);
    // Callback from an extension the PBX does not have.
    let nobody = zadarma_get(&sim, "/v1/request/callback/", &[("from", "555"), ("to", "79991234567")], None).await;
    assert_eq!(nobody.status(), 400);
}

#[tokio::test]
async fn zadarma_api_rate_limit() {
    let relay = Relay::start("").await;
    let config =
        sim_config(&relay, "", "").replace("timezone = \"UTC\"", "timezone = \"UTC\"\nrate_limit_per_minute = 3");
    let sim = Sim::start(&config, &["serve"]).await;
    for expected_remaining in ["2", "1", "0"] {
        let resp = zadarma_get(&sim, "/v1/info/balance/", &[], None).await;
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["x-ratelimit-remaining"], expected_remaining);
    }
    let resp = zadarma_get(&sim, "/v1/info/balance/", &[], None).await;
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["x-ratelimit-limit"], "3");
    assert_eq!(resp.json::<serde_json::Value>().await.unwrap()["status"], "error");
}

#[tokio::test]
async fn itoolabs_make_call_plays_the_outgoing_call() {
    let relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    let mut agent = relay.connect(&anna).await.unwrap();
    agent.subscribe(None).await.unwrap();
    let http = reqwest::Client::new();
    let post = |form: Vec<(&'static str, String)>| {
        let http = http.clone();
        let url = sim.url("/sys/crm_api.wcgp");
        async move {
            http.post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(serde_urlencoded::to_string(&form).unwrap())
                .send()
                .await
                .unwrap()
        }
    };
    let token = ITOOLABS_API_TOKEN.to_string();
    let resp = post(vec![
        ("cmd", "makeCall".into()),
        ("user", "anna".into()),
        ("phone", "79991234567".into()),
        ("token", "wrong".into()),
    ])
    .await;
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.json::<serde_json::Value>().await.unwrap(), serde_json::json!({"error": "Invalid token"}));
    let resp = post(vec![
        ("cmd", "makeCall".into()),
        ("user", "anna".into()),
        ("phone", "+79991234567".into()),
        ("token", token.clone()),
    ])
    .await;
    assert_eq!(resp.status(), 400, "a + is refused, as the real API does");
    let accounts: serde_json::Value =
        post(vec![("cmd", "accounts".into()), ("token", token.clone())]).await.json().await.unwrap();
    assert_eq!(accounts[0]["name"], "anna");

    let resp = post(vec![
        ("cmd", "makeCall".into()),
        ("user", "anna".into()),
        ("phone", "79991234567".into()),
        ("token", token),
    ])
    .await;
    assert_eq!(resp.status(), 200);
    let uuid = resp.json::<serde_json::Value>().await.unwrap()["uuid"].as_str().unwrap().to_string();
    // OUTGOING, ACCEPTED, COMPLETED, then cmd=history with the recording link.
    let events = agent.events(4).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EventKind::Ringing, EventKind::Answered, EventKind::Ended, EventKind::RecordingReady]
    );
    let call = &events[3].call;
    assert_eq!(call.provider_call_id, uuid);
    assert_eq!(call.direction, Direction::Outgoing);
    let link = call.recording.as_ref().unwrap().url.clone().unwrap();
    let mp3 = http.get(&link).send().await.unwrap();
    assert_eq!(mp3.status(), 200);
    assert_eq!(mp3.headers()["content-type"], "audio/mpeg");
}
