//! The simulator's provider APIs: Zadarma's signature check (PROTOCOLS.md vectors), rate limit,
//! click-to-call played back into the real relay, temporary recording links with Range; UIS's
//! strict JSON-RPC Call and Data APIs, session tokens, limits and capability links; Ringostat's
//! Auth-key, JSON-RPC errors in 200 bodies, click-to-call, SIP status, contact sync, WAV links.

use std::time::Duration;

use callcard_e2e::{
    closed_url, sim_config, uis_mnemonic, uis_rpc, uis_sim_config, Relay, Sim, ITOOLABS_API_TOKEN, UIS_LOGIN,
    UIS_PASSWORD, UIS_TOKEN, UIS_VIRTUAL_NUMBER, ZADARMA_KEY, ZADARMA_SECRET,
};
use callcard_pbx::zadarma::{rest_authorization, signed_query};
use callcard_protocol::{Direction, EventKind, ServerMessage};
use serde_json::{json, Value};

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
        sim_config(&relay, "", "").replacen("timezone = \"UTC\"", "timezone = \"UTC\"\nrate_limit_per_minute = 3", 1);
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
    // The link stays on the relay; the relay streams the simulator's file.
    assert_eq!(call.recording.as_ref().unwrap().url, None);
    let path = format!("/api/v1/calls/{}/recording", call.id);
    let mp3 = relay.api(reqwest::Method::GET, &path, &anna).send().await.unwrap();
    assert_eq!(mp3.status(), 200);
    assert_eq!(mp3.headers()["content-type"], "audio/mpeg");
}

/// The Data API's date window around now, in the account's zone (Moscow, UTC+3 all year).
fn today() -> (String, String) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64 + 3 * 3600;
    let format = |t: i64| {
        let (days, secs) = (t.div_euclid(86400), t.rem_euclid(86400));
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    };
    (format(now - 3600), format(now + 3600))
}

#[tokio::test]
async fn uis_json_rpc_is_strict_and_session_tokens_expire() {
    let sim = Sim::start(&uis_sim_config(&closed_url(), "session_lifetime_secs = 1"), &["serve"]).await;
    let http = reqwest::Client::new();
    let raw = |method: reqwest::Method, content_type: &'static str, body: String| {
        let request = http.request(method, sim.url("/uis/dataapi/v2.0")).header("content-type", content_type);
        async move { request.body(body).send().await.unwrap() }
    };
    let employees =
        json!({"jsonrpc": "2.0", "id": 1, "method": "get.employees", "params": {"access_token": UIS_TOKEN}});
    // The transport and the envelope, each refused with its mnemonic.
    let get = raw(reqwest::Method::GET, "application/json", employees.to_string()).await;
    assert_eq!(get.status(), 405);
    assert_eq!(uis_mnemonic(&get.json().await.unwrap()), "invalid_request");
    for (content_type, body, mnemonic) in [
        ("application/x-www-form-urlencoded", employees.to_string(), "invalid_request"),
        ("application/json", "{\"jsonrpc\": \"2.0\",".to_string(), "parse_error"),
        ("application/json", format!("[{employees}]"), "batch_opreations_not_supported"),
        (
            "application/json",
            r#"{"jsonrpc":"2.0","method":"get.employees","params":{}}"#.into(),
            "notifications_not_supported",
        ),
    ] {
        let answer: Value = raw(reqwest::Method::POST, content_type, body.clone()).await.json().await.unwrap();
        assert_eq!(uis_mnemonic(&answer), mnemonic, "{body}");
        assert_eq!(answer["jsonrpc"], "2.0");
        let data = &answer["error"]["data"];
        for key in ["field", "value", "params", "extended_helper", "metadata"] {
            assert!(data.get(key).is_some(), "error data has {key}: {answer}");
        }
    }
    let unknown = uis_rpc(&sim, "dataapi/v2.0", "get.nothing", json!({"access_token": UIS_TOKEN})).await;
    assert_eq!(
        (uis_mnemonic(&unknown).as_str(), unknown["error"]["code"].as_i64()),
        ("method_not_found", Some(-32601))
    );
    let wrong_api = uis_rpc(&sim, "callapi/v4.0", "get.employees", json!({"access_token": UIS_TOKEN})).await;
    assert_eq!(uis_mnemonic(&wrong_api), "method_not_found", "reports are the Data API's");
    let extra = uis_rpc(&sim, "dataapi/v2.0", "get.employees", json!({"access_token": UIS_TOKEN, "bogus": 1})).await;
    assert_eq!(uis_mnemonic(&extra), "unexpected_parameters");
    assert_eq!(extra["error"]["data"]["field"], "bogus");

    // The permanent key works; get.employees lists the agents as employees.
    let answer = uis_rpc(&sim, "dataapi/v2.0", "get.employees", json!({"access_token": UIS_TOKEN})).await;
    let rows = answer["result"]["data"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{answer}");
    assert_eq!(rows[0]["id"], 3234100);
    assert_eq!(rows[0]["login"], "anna");
    assert_eq!(rows[0]["extension"]["extension_phone_number"], "100");
    assert_eq!(rows[1]["phone_numbers"][0]["phone_number"], "79160000101");
    assert_eq!(rows[1]["phone_numbers"][0]["status"], "active");
    assert!(answer["result"]["metadata"]["limits"]["minute_remaining"].is_number(), "{answer}");

    // login.user: wrong credentials, then a session token that works on both APIs...
    for api in ["callapi/v4.0", "dataapi/v2.0"] {
        let wrong = uis_rpc(&sim, api, "login.user", json!({"login": UIS_LOGIN, "password": "nope"})).await;
        assert_eq!((uis_mnemonic(&wrong).as_str(), wrong["error"]["code"].as_i64()), ("auth_error", Some(-32001)));
    }
    let missing = uis_rpc(&sim, "callapi/v4.0", "login.user", json!({"login": UIS_LOGIN})).await;
    assert_eq!(uis_mnemonic(&missing), "required_parameter_missed");
    let login =
        uis_rpc(&sim, "callapi/v4.0", "login.user", json!({"login": UIS_LOGIN, "password": UIS_PASSWORD})).await;
    let session = login["result"]["data"]["access_token"].as_str().unwrap().to_string();
    let expire_at = login["result"]["data"]["expire_at"].as_i64().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!((now..=now + 2).contains(&expire_at), "a one-second session: {expire_at} vs {now}");
    let with_session = uis_rpc(&sim, "dataapi/v2.0", "get.employees", json!({"access_token": session})).await;
    assert!(with_session["result"]["data"].is_array(), "{with_session}");
    // ...until it expires: then it is simply invalid, as is any made-up token.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for token in [session.as_str(), "made-up"] {
        let answer = uis_rpc(&sim, "dataapi/v2.0", "get.employees", json!({"access_token": token})).await;
        assert_eq!(
            (uis_mnemonic(&answer).as_str(), answer["error"]["code"].as_i64()),
            ("access_token_invalid", Some(-32001))
        );
    }
    let no_token = uis_rpc(&sim, "dataapi/v2.0", "get.employees", json!({})).await;
    assert_eq!(uis_mnemonic(&no_token), "required_parameter_missed");

    // Report windows: both dates, their format, at most three months.
    let (from, till) = today();
    for (params, mnemonic) in [
        (json!({"access_token": UIS_TOKEN, "date_from": from}), "required_parameter_missed"),
        (json!({"access_token": UIS_TOKEN, "date_from": "2024-01-01", "date_till": till}), "invalid_parameter_value"),
        (
            json!({"access_token": UIS_TOKEN, "date_from": "2024-01-01 00:00:00", "date_till": "2024-05-01 00:00:00"}),
            "date_interval_limit_reached",
        ),
    ] {
        let answer = uis_rpc(&sim, "dataapi/v2.0", "get.calls_report", params.clone()).await;
        assert_eq!(uis_mnemonic(&answer), mnemonic, "{params}");
    }
    let empty = uis_rpc(
        &sim,
        "dataapi/v2.0",
        "get.call_legs_report",
        json!({"access_token": UIS_TOKEN, "date_from": from, "date_till": till}),
    )
    .await;
    assert_eq!(empty["result"]["data"], json!([]), "{empty}");
}

#[tokio::test]
async fn uis_start_employee_call_plays_the_call_and_reports_it() {
    let sim = Sim::start(&uis_sim_config(&closed_url(), ""), &["serve"]).await;
    let call = |patch: Value| {
        let mut params = json!({"access_token": UIS_TOKEN, "first_call": "employee",
            "virtual_phone_number": UIS_VIRTUAL_NUMBER, "contact": "79991234567", "employee": {"id": 3234101}});
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                params.as_object_mut().unwrap().remove(k);
            } else {
                params[k] = v.clone();
            }
        }
        let sim = &sim;
        async move { uis_rpc(sim, "callapi/v4.0", "start.employee_call", params).await }
    };
    for (patch, mnemonic, code) in [
        (json!({"contact": "+79991234567"}), "invalid_parameter_value", -32602),
        (json!({"contact": "100"}), "invalid_parameter_value", -32602),
        (json!({"contact": "78005553535"}), "contact_in_blacklist", -32002),
        (json!({"virtual_phone_number": "74950000000"}), "virtual_phone_number_not_found", -32007),
        (json!({"employee": {"id": 999}}), "employee_not_found", -32602),
        (json!({"employee": {"id": "3234101"}}), "data_type_error", -32602),
        (json!({"employee": {"id": 3234101, "phone_number": "79990000000"}}), "no_active_phone_number", -32602),
        (json!({"early_switching": true}), "invalid_parameters_combination", -32602),
        (
            json!({"early_switching": true, "switch_at_once": true, "first_call": "contact"}),
            "invalid_parameters_combination",
            -32602,
        ),
        (json!({"first_call": "boss"}), "invalid_parameter_value", -32602),
        (json!({"first_call": null}), "required_parameter_missed", -32602),
        (json!({"callback": true}), "unexpected_parameters", -32602),
        (json!({"access_token": "wrong"}), "access_token_invalid", -32001),
    ] {
        let answer = call(patch.clone()).await;
        assert_eq!(uis_mnemonic(&answer), mnemonic, "{patch}: {answer}");
        assert_eq!(answer["error"]["code"].as_i64(), Some(code), "{patch}");
    }
    // What UIS's own retailCRM connector sends.
    let answer = call(json!({"early_switching": true, "switch_at_once": true, "show_virtual_phone_number": false,
        "direction": "out"}))
    .await;
    let session = answer["result"]["data"]["call_session_id"].as_i64().unwrap_or_else(|| panic!("{answer}"));

    // The call plays (ring 0.2 s, talk 1 s); once finished the reports have it.
    let (from, till) = today();
    let report = |method: &'static str, filter: Value| {
        let params = json!({"access_token": UIS_TOKEN, "date_from": from, "date_till": till, "filter": filter});
        let sim = &sim;
        async move { uis_rpc(sim, "dataapi/v2.0", method, params).await }
    };
    let by_id = json!({"field": "id", "operator": "=", "value": session});
    let mut row = Value::Null;
    for _ in 0..50 {
        let answer = report("get.calls_report", by_id.clone()).await;
        if let Some(r) = answer["result"]["data"].get(0) {
            row = r.clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(row["id"], session, "the call never appeared in get.calls_report");
    assert_eq!((row["direction"].as_str(), row["is_lost"].as_bool()), (Some("out"), Some(false)), "{row}");
    assert_eq!(row["contact_phone_number"], "79991234567");
    assert_eq!(row["virtual_phone_number"], UIS_VIRTUAL_NUMBER);
    assert_eq!(row["last_talked_employee_id"], 3234101);
    assert_eq!(row["talk_duration"], 1);
    let record_id = row["call_records"][0].as_str().unwrap().to_string();
    assert!(record_id.len() == 32 && record_id.bytes().all(|b| b.is_ascii_hexdigit()), "{record_id}");

    let talked = json!({"filters": [{"field": "call_session_id", "operator": "=", "value": session},
        {"field": "is_talked", "operator": "=", "value": true}], "condition": "and"});
    let legs = report("get.call_legs_report", talked).await;
    let legs = legs["result"]["data"].as_array().unwrap().clone();
    let operator: Vec<&Value> = legs.iter().filter(|l| l["is_operator"] == true).collect();
    assert_eq!(operator.len(), 1, "{legs:?}");
    assert_eq!(operator[0]["employee_id"], 3234101);
    assert_eq!(operator[0]["employee_phone_number"], "79160000101");
    assert_eq!(operator[0]["call_records"], json!([record_id]));
    assert!(legs.iter().all(|l| l["call_session_id"] == session && l["is_talked"] == true));

    // The merged file behind a fresh capability link: real MP3, Range supported.
    let http = reqwest::Client::new();
    let link = row["full_record_file_link"].as_str().unwrap().to_string();
    assert!(link.starts_with(&sim.url("/uis/media/")) && link.ends_with(&format!("/{record_id}.mp3")), "{link}");
    let full = http.get(&link).send().await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "audio/mpeg");
    let bytes = full.bytes().await.unwrap();
    assert_eq!((bytes[0], bytes[1] & 0xE0), (0xFF, 0xE0), "MPEG frame sync");
    let part = http.get(&link).header("Range", "bytes=10-29").send().await.unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], format!("bytes 10-29/{}", bytes.len()).as_str());
    assert_eq!(part.bytes().await.unwrap(), bytes[10..30]);
    let wrong_file = link.replace(&record_id, &"0".repeat(32));
    assert_eq!(http.get(&wrong_file).send().await.unwrap().status(), 404, "a token opens its own record only");

    // Expired links are gone; the next report hands out a fresh one.
    http.post(sim.url("/sim/expire-links")).send().await.unwrap();
    assert_eq!(http.get(&link).send().await.unwrap().status(), 404);
    let again = report("get.calls_report", by_id.clone()).await;
    let fresh = again["result"]["data"][0]["full_record_file_link"].as_str().unwrap().to_string();
    assert_ne!(fresh, link);
    assert_eq!(http.get(&fresh).send().await.unwrap().status(), 200);
    // Deleted recordings leave the reports, and their links die.
    let deleted = http.delete(sim.url(&format!("/sim/recordings/{session}"))).send().await.unwrap();
    assert_eq!(deleted.status(), 200);
    assert_eq!(http.get(&fresh).send().await.unwrap().status(), 404);
    let after = report("get.calls_report", by_id).await;
    assert_eq!(after["result"]["data"][0]["call_records"], json!([]));
    assert_eq!(after["result"]["data"][0]["full_record_file_link"], Value::Null);
}

#[tokio::test]
async fn uis_rate_limit_charges_successful_calls_only() {
    let sim = Sim::start(&uis_sim_config(&closed_url(), "rate_limit_per_minute = 3"), &["serve"]).await;
    let employees =
        |token: &'static str| uis_rpc(&sim, "dataapi/v2.0", "get.employees", json!({"access_token": token}));
    // Failures spend no points.
    for _ in 0..4 {
        assert_eq!(uis_mnemonic(&employees("wrong").await), "access_token_invalid");
    }
    for remaining in [2, 1, 0] {
        let answer = employees(UIS_TOKEN).await;
        let limits = &answer["result"]["metadata"]["limits"];
        assert_eq!((limits["minute_limit"].as_i64(), limits["minute_remaining"].as_i64()), (Some(3), Some(remaining)));
    }
    // Both APIs share the points.
    let login =
        uis_rpc(&sim, "callapi/v4.0", "login.user", json!({"login": UIS_LOGIN, "password": UIS_PASSWORD})).await;
    assert_eq!((uis_mnemonic(&login).as_str(), login["error"]["code"].as_i64()), ("limit_exceeded", Some(-32029)));
    assert_eq!(uis_mnemonic(&employees(UIS_TOKEN).await), "limit_exceeded");
}

// --- Ringostat ---------------------------------------------------------------------------

/// The simulator's Ringostat defaults (its fake API's key and project).
const RINGOSTAT_KEY: &str = "sim_ringostat_auth_key";
const RINGOSTAT_PROJECT_ID: &str = "12345";

/// A simulator config playing Ringostat only into `relay_url`, fast callbacks, `extra` lines in
/// its `[ringostat]` table; agents anna, boris and vera are SIP logins of the same names.
fn ringostat_config(relay_url: &str, extra: &str) -> String {
    let mut agents = String::new();
    for (name, ext, login) in [("Anna", "100", "anna"), ("Boris", "101", "boris"), ("Vera", "102", "vera")] {
        agents.push_str(&format!("[[agents]]\nname = \"{name}\"\nextension = \"{ext}\"\nlogin = \"{login}\"\n\n"));
    }
    format!(
        "relay_url = \"{relay_url}\"\nproviders = [\"ringostat\"]\nlines = [\"74951234567\"]\nclients = [\"79991234567\"]\n\
         blacklisted = [\"78005553535\"]\n\n[ringostat]\ntimezone = \"UTC\"\ncallback_ring_secs = 0.2\n\
         callback_talk_secs = 1.0\n{extra}\n\n{agents}"
    )
}

/// One `Api\V2\Callback.external` request (`params` as given); returns the HTTP status and body.
async fn ringostat_rpc(sim: &Sim, key: Option<&str>, body: String) -> (u16, Value) {
    let mut request =
        reqwest::Client::new().post(sim.url("/ringostat/a/v2")).header("content-type", "application/json").body(body);
    if let Some(key) = key {
        request = request.header("Auth-key", key);
    }
    let resp = request.send().await.unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

fn callback_external(id: u32, params: Value) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "Api\\V2\\Callback.external", "params": params}).to_string()
}

/// Good `Callback.external` params, with `patch` applied (a null removes the key).
fn callback_params(patch: Value) -> Value {
    let mut params = json!({"callee_type": "default", "caller_type": "default", "caller": "boris",
        "callee": "79991234567", "projectId": RINGOSTAT_PROJECT_ID, "manager_dst": 1, "clientIp": "127.0.0.1"});
    for (k, v) in patch.as_object().unwrap() {
        match v {
            Value::Null => drop(params.as_object_mut().unwrap().remove(k)),
            v => params[k] = v.clone(),
        }
    }
    params
}

#[tokio::test]
async fn ringostat_api_wants_the_auth_key_and_answers_errors_in_the_body() {
    let sim = Sim::start(&ringostat_config(&closed_url(), "rate_limit_per_minute = 6"), &["serve"]).await;
    let http = reqwest::Client::new();
    // No key or a wrong one: 401 everywhere.
    for key in [None, Some("wrong")] {
        let (status, body) = ringostat_rpc(&sim, key, callback_external(1, callback_params(json!({})))).await;
        assert_eq!((status, body), (401, json!({"error": "Unauthorized"})), "{key:?}");
        for path in ["/ringostat/sipstatus/online", "/ringostat/sipstatus/speaking"] {
            let mut request = http.get(sim.url(path));
            if let Some(key) = key {
                request = request.header("Auth-key", key);
            }
            assert_eq!(request.send().await.unwrap().status(), 401, "{path} {key:?}");
        }
        let sync = http.post(sim.url("/ringostat/minicrm/contacts/sync")).header("x-project-id", RINGOSTAT_PROJECT_ID);
        let sync = match key {
            Some(key) => sync.header("Auth-key", key),
            None => sync,
        };
        assert_eq!(sync.body(r#"{"contacts":[]}"#).send().await.unwrap().status(), 401);
    }
    let sip = |path: &'static str| {
        let request = http.get(sim.url(path)).header("Auth-key", RINGOSTAT_KEY);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    assert_eq!(sip("/ringostat/sipstatus/online").await, json!(["anna", "boris", "vera"]));
    assert_eq!(sip("/ringostat/sipstatus/speaking").await, json!([]), "nobody is in a call");

    // Every error is a JSON-RPC error with HTTP 200, under the request's id.
    let key = Some(RINGOSTAT_KEY);
    let (status, parse) = ringostat_rpc(&sim, key, "{".into()).await;
    assert_eq!((status, parse["error"]["code"].as_i64()), (200, Some(-32700)));
    let unknown = json!({"jsonrpc": "2.0", "id": 7, "method": "Api\\V2\\Callback.nothing", "params": {}}).to_string();
    let (status, answer) = ringostat_rpc(&sim, key, unknown).await;
    assert_eq!((status, answer["id"].as_i64(), answer["error"]["code"].as_i64()), (200, Some(7), Some(-32601)));
    // Four refusals the limit counts...
    for (i, (patch, code, message)) in [
        (json!({"projectId": "999"}), -32602, "Project not found"),
        (json!({"caller": "nobody"}), -32602, "Caller not found"),
        (json!({"callee": "78005553535"}), -32000, "Callee is blacklisted"),
        (json!({"callee": "+79991234567"}), -32602, ""),
    ]
    .into_iter()
    .enumerate()
    {
        let (status, answer) =
            ringostat_rpc(&sim, key, callback_external(10 + i as u32, callback_params(patch.clone()))).await;
        assert_eq!(status, 200, "{patch}");
        assert_eq!((answer["jsonrpc"].as_str(), answer["id"].as_u64()), (Some("2.0"), Some(10 + i as u64)));
        assert_eq!(answer["error"]["code"].as_i64(), Some(code), "{patch}: {answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains(message), "{answer}");
        assert!(answer.get("result").is_none());
    }
    // ...two more, then the minute's six are spent.
    for _ in 0..2 {
        let (_, answer) =
            ringostat_rpc(&sim, key, callback_external(20, callback_params(json!({"caller": "x"})))).await;
        assert_eq!(answer["error"]["message"], "Caller not found");
    }
    let (status, answer) = ringostat_rpc(&sim, key, callback_external(21, callback_params(json!({})))).await;
    assert_eq!((status, answer["error"]["code"].as_i64()), (200, Some(-32029)), "{answer}");
    assert_eq!(answer["error"]["message"], "Too many requests");
}

#[tokio::test]
async fn ringostat_contact_sync_is_strict_and_kept() {
    let sim = Sim::start(&ringostat_config(&closed_url(), ""), &["serve"]).await;
    let http = reqwest::Client::new();
    let sync = |project: Option<&'static str>, body: Value| {
        let mut request = http
            .post(sim.url("/ringostat/minicrm/contacts/sync"))
            .header("Auth-key", RINGOSTAT_KEY)
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(project) = project {
            request = request.header("x-project-id", project);
        }
        async move {
            let resp = request.send().await.unwrap();
            (resp.status().as_u16(), resp.json::<Value>().await.unwrap())
        }
    };
    let ivan = |name: &str| {
        json!({"projectId": RINGOSTAT_PROJECT_ID, "fullName": name, "origin": "callcard", "externalId": "c-1",
               "contactDirections": [{"name": "Ivan Petrov", "type": "phone", "value": "79991234567"}]})
    };
    let (status, body) = sync(Some(RINGOSTAT_PROJECT_ID), json!({"contacts": [ivan("Ivan Petrov")]})).await;
    assert_eq!((status, body["success"].as_bool()), (200, Some(true)), "{body}");
    // Refused: no project header, another project, bad shapes (a 400 saying what is wrong).
    assert_eq!(sync(None, json!({"contacts": []})).await.0, 400);
    assert_eq!(sync(Some("999"), json!({"contacts": []})).await.0, 403);
    let mut plus = ivan("Ivan");
    plus["contactDirections"][0]["value"] = json!("+79991234567");
    let mut unknown = ivan("Ivan");
    unknown["phone"] = json!("79991234567");
    for bad in [
        json!([]),
        json!({"contacts": {}}),
        json!({"contacts": [ivan("")]}),
        json!({"contacts": [plus]}),
        json!({"contacts": [unknown]}),
    ] {
        let (status, body) = sync(Some(RINGOSTAT_PROJECT_ID), bad.clone()).await;
        assert_eq!(status, 400, "{bad}");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{body}");
    }
    // A later sync of the same externalId replaces the contact.
    sync(Some(RINGOSTAT_PROJECT_ID), json!({"contacts": [ivan("Ivan P.")]})).await;
    let kept: Value = http.get(sim.url("/sim/ringostat/contacts")).send().await.unwrap().json().await.unwrap();
    assert_eq!(kept.as_array().unwrap().len(), 1, "{kept}");
    assert_eq!(kept[0]["fullName"], "Ivan P.");
    assert_eq!(kept[0]["contactDirections"][0]["value"], "79991234567");
}

/// The recording link the relay keeps for one call (clients never get it).
async fn stored_recording_url(relay: &Relay, call_id: &str) -> Option<String> {
    use sqlx::Connection;
    let path = relay.dir.path().join("data").join("callcard.db");
    let mut db = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", path.display())).await.unwrap();
    // The call keeps the whole link; the stored webhook shows its token hidden.
    let rows: Vec<(Option<String>,)> = sqlx::query_as(
        "SELECT json_extract(snapshot, '$.recording.url') FROM calls WHERE provider = 'ringostat' AND provider_call_id = ?",
    )
    .bind(call_id)
    .fetch_all(&mut db)
    .await
    .unwrap();
    rows.into_iter().filter_map(|(r,)| r).find(|r| !r.is_empty())
}

#[tokio::test]
async fn ringostat_callback_plays_the_call_and_its_wav_recording() {
    let relay = Relay::start("").await;
    let boris = relay.add_agent("Boris", "101", Some("boris"), false);
    let sim = Sim::start(&ringostat_config(&relay.base, ""), &["serve"]).await;
    let mut agent = relay.connect(&boris).await.unwrap();
    agent.subscribe(None).await.unwrap();

    let (status, answer) =
        ringostat_rpc(&sim, Some(RINGOSTAT_KEY), callback_external(1, callback_params(json!({})))).await;
    assert_eq!(status, 200);
    assert_eq!(answer["result"]["success"], true, "{answer}");
    let uniqueid = answer["result"]["uniqueid"].as_str().unwrap().to_string();
    assert!(uniqueid.starts_with("ua3_-"), "{uniqueid}");

    // Boris talks for a second: the SIP status says so.
    let http = reqwest::Client::new();
    let mut speaking = Value::Null;
    for _ in 0..40 {
        let resp = http.get(sim.url("/ringostat/sipstatus/speaking")).header("Auth-key", RINGOSTAT_KEY).send().await;
        speaking = resp.unwrap().json().await.unwrap();
        if speaking == json!(["boris"]) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(speaking, json!(["boris"]));

    // outgoing_start … outgoing_end reach the relay: Boris sees his outgoing call end.
    let ended = loop {
        let event = agent.next_event().await.unwrap();
        if event.kind == EventKind::Ended {
            break event;
        }
    };
    let call = &ended.call;
    assert_eq!((call.provider.as_str(), call.provider_call_id.as_str()), ("ringostat", uniqueid.as_str()));
    assert_eq!(call.direction, Direction::Outgoing);
    assert_eq!(call.client_phone.as_deref(), Some("79991234567"));
    assert_eq!(call.agent.as_ref().and_then(|a| a.name.as_deref()), Some("Boris"));

    // The after-call webhook carried the recording's capability URL: a real WAV, Range too.
    let url = stored_recording_url(&relay, &uniqueid).await.expect("outgoing_end has a recording");
    let prefix = sim.url(&format!("/ringostat/recordings/{uniqueid}.wav?token="));
    assert!(url.starts_with(&prefix), "{url}");
    let token = &url[prefix.len()..];
    assert!(token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    let full = http.get(&url).send().await.unwrap();
    assert_eq!((full.status().as_u16(), full.headers()["content-type"].to_str().unwrap()), (200, "audio/wav"));
    let bytes = full.bytes().await.unwrap();
    assert_eq!((&bytes[..4], &bytes[8..12]), (&b"RIFF"[..], &b"WAVE"[..]));
    assert_eq!(bytes.len(), 44 + 32_000, "one second of 16 kHz 16-bit mono");
    let part = http.get(&url).header("Range", "bytes=40-99").send().await.unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], format!("bytes 40-99/{}", bytes.len()).as_str());
    assert_eq!(part.bytes().await.unwrap(), bytes[40..100]);
    // The token is the key: none, a wrong one, or another call's file are 404.
    for bad in [
        sim.url(&format!("/ringostat/recordings/{uniqueid}.wav")),
        url.replace(token, &"0".repeat(32)),
        url.replace(&uniqueid, "ua3_-1700000000.1000000"),
        url.replace(".wav?", ".mp3?"),
    ] {
        assert_eq!(http.get(&bad).send().await.unwrap().status(), 404, "{bad}");
    }
    // Expired links and deleted recordings are gone.
    http.post(sim.url("/sim/expire-links")).send().await.unwrap();
    assert_eq!(http.get(&url).send().await.unwrap().status(), 404);
    let deleted = http.delete(sim.url(&format!("/sim/recordings/{uniqueid}"))).send().await.unwrap();
    assert_eq!(deleted.json::<Value>().await.unwrap(), json!({"deleted": [uniqueid]}));
    let speaking: Value = http
        .get(sim.url("/ringostat/sipstatus/speaking"))
        .header("Auth-key", RINGOSTAT_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(speaking, json!([]), "the call is over");
}
