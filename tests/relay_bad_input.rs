//! Bad input: a request that fails authentication or is no form/JSON at all gets a 4xx with a
//! JSON reason (and a code), changes nothing, and the relay keeps serving. A verified webhook
//! with bad fields is never refused: it is stored, flagged for the admins, and applied as far as
//! it parses.

use callcard_e2e::{webhook_signature, Relay, CRM_TOKEN, ZADARMA_SECRET};

const FORM: &str = "application/x-www-form-urlencoded";

/// Asserts the status and a JSON body with a reason; `code` is the relay's error code (`None`
/// for the ITooLabs API's own error bodies, which have none).
async fn expect(resp: reqwest::Response, status: u16, code: Option<&str>, what: &str) -> serde_json::Value {
    assert_eq!(resp.status().as_u16(), status, "{what}");
    let body = resp.text().await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{what}: not JSON: {body:?}"));
    assert!(json["error"].as_str().is_some_and(|e| !e.is_empty()), "{what}: no reason in {body}");
    if let Some(code) = code {
        assert_eq!(json["code"], code, "{what}: {body}");
    }
    json
}

fn signed_start(caller: &str) -> (String, String) {
    let body = format!("event=NOTIFY_START&call_start=2024-05-01+12%3A00%3A00&pbx_call_id=in_1&caller_id={caller}&called_did=74951234567");
    let sig = webhook_signature(ZADARMA_SECRET, &format!("{caller}749512345672024-05-01 12:00:00"));
    (body, sig)
}

#[tokio::test]
async fn bad_requests_are_refused_and_change_nothing() {
    let relay = Relay::start("").await;
    let boss = relay.add_agent("Boss", "900", None, true);
    let (good, sig) = signed_start("79991234567");

    let z = |ct: &'static str, body: Vec<u8>, sig: Option<String>| {
        let relay = &relay;
        async move { relay.post("/hooks/zadarma", ct, body, sig.as_deref()).await }
    };
    let j = expect(
        z("text/plain", good.clone().into(), Some(sig.clone())).await,
        415,
        Some("unsupported_media_type"),
        "wrong content type",
    )
    .await;
    assert_eq!(j["params"]["expected"], FORM);
    expect(z("multipart/form-data; boundary=x", good.clone().into(), Some(sig.clone())).await, 415, None, "multipart")
        .await;
    let j = expect(z(FORM, good.clone().into(), None).await, 401, Some("webhook_refused"), "no signature").await;
    assert_eq!(j["error"], "missing Signature header");
    let j = expect(
        z(FORM, good.clone().into(), Some("d3Jvbmc=".into())).await,
        401,
        Some("webhook_refused"),
        "wrong signature",
    )
    .await;
    assert_eq!(j["error"], "invalid Signature");
    let (other, _) = signed_start("79990000000");
    expect(z(FORM, other.into(), Some(sig.clone())).await, 401, None, "signature of another body").await;
    // Without an event the known signing rules are tried: this signature covers none of them.
    expect(z(FORM, b"caller_id=1".to_vec(), Some(sig.clone())).await, 401, None, "no event, foreign signature").await;
    expect(z(FORM, vec![b'a'; 70 * 1024], Some(sig.clone())).await, 413, Some("body_too_large"), "oversized body")
        .await;
    expect(
        z(FORM, b"event=NOTIFY_START&caller_id=\xff\xfe".to_vec(), Some(sig.clone())).await,
        400,
        Some("unreadable_body"),
        "raw invalid UTF-8",
    )
    .await;
    expect(
        z(FORM, b"event=NOTIFY_START&caller_id=%ff%fe".to_vec(), Some(sig.clone())).await,
        400,
        None,
        "encoded invalid UTF-8",
    )
    .await;
    let echo = relay.http.get(relay.url("/hooks/zadarma")).send().await.unwrap();
    expect(echo, 400, None, "GET without zd_echo").await;
    let put = relay.http.put(relay.url("/hooks/zadarma")).send().await.unwrap();
    expect(put, 405, Some("method_not_allowed"), "PUT").await;
    let unknown = relay.post("/hooks/asterisk", FORM, "a=1", None).await;
    let j = expect(unknown, 404, Some("unknown_webhook"), "unknown provider").await;
    assert!(j["params"]["known"].as_str().unwrap().contains("zadarma"), "{j}");

    let i = |ct: &'static str, body: String| {
        let relay = &relay;
        async move { relay.post("/hooks/itoolabs", ct, body, None).await }
    };
    let j = expect(
        i(FORM, "cmd=event&type=INCOMING&callid=c&phone=79991234567&crm_token=wrong".into()).await,
        401,
        None,
        "bad crm_token",
    )
    .await;
    assert_eq!(j["error"], "Invalid token");
    expect(i(FORM, "cmd=event&type=INCOMING&callid=c&phone=79991234567".into()).await, 401, None, "no crm_token").await;
    let j = expect(i("application/json", "{\"cmd\": \"event\",".into()).await, 400, None, "broken JSON").await;
    assert_eq!(j["error"], "Invalid parameters");
    expect(i("application/json", "[\"cmd\"]".into()).await, 400, None, "JSON array").await;
    expect(i("text/xml", "<cmd/>".into()).await, 415, Some("unsupported_media_type"), "XML").await;
    let get = relay.http.get(relay.url("/hooks/itoolabs")).send().await.unwrap();
    expect(get, 405, Some("method_not_allowed"), "GET on ITooLabs").await;

    // Other endpoints.
    let ws_plain = relay.http.get(relay.url("/ws")).bearer_auth(&boss).send().await.unwrap();
    expect(ws_plain, 400, Some("expected_websocket"), "GET /ws without upgrade").await;
    expect(relay.http.get(relay.url("/ws")).send().await.unwrap(), 401, Some("missing_token"), "GET /ws without token")
        .await;
    let bad_token = relay.http.get(relay.url("/api/v1/me")).bearer_auth("cc_nope").send().await.unwrap();
    expect(bad_token, 401, Some("invalid_token"), "unknown token").await;
    let resp = relay.http.get(relay.url("/api/v1/calls/recent?limit=abc")).bearer_auth(&boss).send().await.unwrap();
    expect(resp, 400, Some("bad_query"), "limit=abc").await;
    for q in ["limit=0", "limit=100000"] {
        let resp =
            relay.http.get(relay.url(&format!("/api/v1/calls/recent?{q}"))).bearer_auth(&boss).send().await.unwrap();
        let j = expect(resp, 400, Some("bad_limit"), q).await;
        assert_eq!((j["params"]["min"].as_str(), j["params"]["max"].as_str()), (Some("1"), Some("500")));
    }
    expect(relay.http.get(relay.url("/nope")).send().await.unwrap(), 404, Some("no_such_endpoint"), "unknown path")
        .await;

    // Nothing above created a call, an event or a stored webhook.
    let snap = relay.get_json("/api/v1/calls/recent", &boss).await;
    assert_eq!(snap["position"]["seq"], 0);
    assert_eq!(snap["calls"].as_array().unwrap().len(), 0);
    assert_eq!(stored_webhooks(&relay).await, 0);

    // Accepted and ignored: unknown events and fields (stored raw, no call change).
    let unknown = "event=NOTIFY_INTERNAL_END&call_start=2024-05-01+12%3A00%3A00&pbx_call_id=in_1&caller_id=79991234567&called_did=74951234567";
    let r = z(FORM, unknown.into(), Some(sig.clone())).await;
    assert_eq!(r.status(), 200);
    let r = i(FORM, format!("cmd=rating&callid=c&rating=5&crm_token={CRM_TOKEN}")).await;
    assert_eq!(r.status(), 200);
    let r = i(
        "application/json",
        format!("{{\"cmd\":\"event\",\"type\":\"SOMETHING_NEW\",\"callid\":\"c\",\"crm_token\":\"{CRM_TOKEN}\"}}"),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(relay.get_json("/api/v1/calls/recent", &boss).await["position"]["seq"], 0);
    assert_eq!(stored_webhooks(&relay).await, 3);
    assert_eq!(relay.get_json("/healthz", &boss).await["flagged_webhooks"], 0, "unknown events are not problems");

    // And the relay still serves real traffic, extra fields and all.
    let r = z(FORM, format!("{good}&brand_new_field=1").into(), Some(sig)).await;
    assert_eq!(r.status(), 200);
    let snap = relay.get_json("/api/v1/calls/recent", &boss).await;
    assert_eq!(snap["position"]["seq"], 1);
    assert_eq!(snap["calls"][0]["client_phone"], "79991234567");
    let r = i("application/json", format!("{{\"cmd\":\"event\",\"type\":\"INCOMING\",\"callid\":\"c\",\"phone\":\"79991234567\",\"user\":\"x\",\"crm_token\":\"{CRM_TOKEN}\"}}")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(relay.get_json("/api/v1/calls/recent", &boss).await["position"]["seq"], 2);
}

async fn stored_webhooks(relay: &Relay) -> i64 {
    use sqlx::Connection;
    let path = relay.dir.path().join("data/callcard.db");
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", path.display())).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM webhooks").fetch_one(&mut conn).await.unwrap()
}

#[tokio::test]
async fn signed_webhooks_with_bad_fields_are_stored_flagged_and_applied() {
    let relay = Relay::start("").await;
    let boss = relay.add_agent("Boss", "900", None, true);
    fn zadarma_fields<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut f =
            vec![("call_start", "2024-05-01 12:00:00"), ("caller_id", "79991234567"), ("called_did", "74951234567")];
        f.extend_from_slice(extra);
        f
    }
    // No pbx_call_id: stored and flagged, no call to apply it to (and a reply all the same).
    let r = relay.zadarma(&zadarma_fields(&[("event", "NOTIFY_START")])).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap(), serde_json::json!({}));
    // A mistyped duration: the end still ends the call, without a duration.
    let bad_end = zadarma_fields(&[
        ("event", "NOTIFY_END"),
        ("pbx_call_id", "in_bad"),
        ("duration", "long"),
        ("disposition", "busy"),
    ]);
    assert_eq!(relay.zadarma(&bad_end).await.status(), 200);
    // A mistyped call_start (signed as sent).
    let bad_time = [
        ("event", "NOTIFY_START"),
        ("call_start", "yesterday"),
        ("pbx_call_id", "in_time"),
        ("caller_id", "79991234567"),
        ("called_did", "74951234567"),
    ];
    assert_eq!(relay.zadarma(&bad_time).await.status(), 200);
    // ITooLabs: no cmd, no callid, a negative duration.
    for fields in [
        vec![("type", "INCOMING"), ("callid", "c")],
        vec![("cmd", "event"), ("type", "INCOMING"), ("phone", "79991234567")],
        vec![("cmd", "history"), ("callid", "c2"), ("status", "Success"), ("duration", "-5"), ("type", "in")],
    ] {
        let r = relay.itoolabs(&fields).await;
        assert_eq!(r.status(), 200, "{fields:?}");
        assert_eq!(r.json::<serde_json::Value>().await.unwrap(), serde_json::json!({}));
    }

    let health = relay.get_json("/healthz", &boss).await;
    assert_eq!(health["flagged_webhooks"], 6, "{health}");
    let listed = relay.cli(&["webhook", "flagged"]).unwrap();
    for problem in [
        "missing field `pbx_call_id`",
        "field `duration` is not a whole number: \"long\"",
        "field `call_start` is not YYYY-MM-DD HH:MM:SS: \"yesterday\"",
        "missing field `cmd`",
        "missing field `callid`",
        "field `duration` is not a whole number: \"-5\"",
    ] {
        assert!(listed.contains(problem), "{problem} not in:\n{listed}");
    }
    assert!(!listed.contains(CRM_TOKEN), "secrets are not stored:\n{listed}");

    // What parsed was applied: three calls, the Zadarma end without a duration.
    let snap = relay.get_json("/api/v1/calls/recent", &boss).await;
    let calls: Vec<callcard_protocol::Call> = serde_json::from_value(snap["calls"].clone()).unwrap();
    let by_id = |id: &str| calls.iter().find(|c| c.provider_call_id == id).unwrap_or_else(|| panic!("{id}: {calls:?}"));
    let end = by_id("in_bad");
    assert_eq!((end.state, end.duration_secs), (callcard_protocol::CallState::Ended, None));
    assert_eq!(end.disposition, Some(callcard_protocol::Disposition::Busy));
    assert_eq!(by_id("in_time").state, callcard_protocol::CallState::Ringing);
    let history = by_id("c2");
    assert_eq!((history.state, history.duration_secs), (callcard_protocol::CallState::Ended, None));
    assert_eq!(calls.len(), 3);
}
