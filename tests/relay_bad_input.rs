//! Every kind of bad input gets a 4xx with a JSON reason, changes nothing, and the relay keeps
//! serving.

use callcard_e2e::{webhook_signature, Relay, CRM_TOKEN, ZADARMA_SECRET};

const FORM: &str = "application/x-www-form-urlencoded";

async fn expect(resp: reqwest::Response, status: u16, what: &str) -> serde_json::Value {
    assert_eq!(resp.status().as_u16(), status, "{what}");
    let body = resp.text().await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{what}: not JSON: {body:?}"));
    assert!(json["error"].as_str().is_some_and(|e| !e.is_empty()), "{what}: no reason in {body}");
    json
}

fn signed_start(caller: &str) -> (String, String) {
    let body = format!("event=NOTIFY_START&call_start=2024-05-01+12%3A00%3A00&pbx_call_id=in_1&caller_id={caller}&called_did=74951234567");
    let sig = webhook_signature(ZADARMA_SECRET, &format!("{caller}749512345672024-05-01 12:00:00"));
    (body, sig)
}

#[tokio::test]
async fn bad_webhooks_are_refused_and_change_nothing() {
    let relay = Relay::start("").await;
    let boss = relay.add_agent("Boss", "900", None, true);
    let (good, sig) = signed_start("79991234567");

    let z = |ct: &'static str, body: Vec<u8>, sig: Option<String>| {
        let relay = &relay;
        async move { relay.post("/hooks/zadarma", ct, body, sig.as_deref()).await }
    };
    expect(z("text/plain", good.clone().into(), Some(sig.clone())).await, 415, "wrong content type").await;
    expect(z("multipart/form-data; boundary=x", good.clone().into(), Some(sig.clone())).await, 415, "multipart").await;
    expect(z(FORM, good.clone().into(), None).await, 401, "no signature").await;
    expect(z(FORM, good.clone().into(), Some("d3Jvbmc=".into())).await, 401, "wrong signature").await;
    let (other, _) = signed_start("79990000000");
    expect(z(FORM, other.into(), Some(sig.clone())).await, 401, "signature of another body").await;
    expect(z(FORM, vec![b'a'; 70 * 1024], Some(sig.clone())).await, 413, "oversized body").await;
    expect(
        z(FORM, b"event=NOTIFY_START&caller_id=\xff\xfe".to_vec(), Some(sig.clone())).await,
        400,
        "raw invalid UTF-8",
    )
    .await;
    expect(
        z(FORM, b"event=NOTIFY_START&caller_id=%ff%fe".to_vec(), Some(sig.clone())).await,
        400,
        "encoded invalid UTF-8",
    )
    .await;
    expect(z(FORM, b"caller_id=1".to_vec(), Some(sig.clone())).await, 400, "no event").await;
    let no_id = "event=NOTIFY_START&call_start=2024-05-01+12%3A00%3A00&caller_id=79991234567&called_did=74951234567";
    expect(z(FORM, no_id.into(), Some(sig.clone())).await, 400, "no pbx_call_id").await;
    let bad_duration = "event=NOTIFY_END&call_start=2024-05-01+12%3A00%3A00&pbx_call_id=in_1&caller_id=79991234567&called_did=74951234567&duration=long";
    expect(z(FORM, bad_duration.into(), Some(sig.clone())).await, 400, "mistyped duration").await;
    let bad_time =
        "event=NOTIFY_START&call_start=yesterday&pbx_call_id=in_1&caller_id=79991234567&called_did=74951234567";
    let bad_time_sig = webhook_signature(ZADARMA_SECRET, "7999123456774951234567yesterday");
    expect(z(FORM, bad_time.into(), Some(bad_time_sig)).await, 400, "mistyped call_start").await;
    let echo = relay.http.get(relay.url("/hooks/zadarma")).send().await.unwrap();
    expect(echo, 400, "GET without zd_echo").await;
    let put = relay.http.put(relay.url("/hooks/zadarma")).send().await.unwrap();
    expect(put, 405, "PUT").await;

    let i = |ct: &'static str, body: String| {
        let relay = &relay;
        async move { relay.post("/hooks/itoolabs", ct, body, None).await }
    };
    let j = expect(
        i(FORM, "cmd=event&type=INCOMING&callid=c&phone=79991234567&crm_token=wrong".into()).await,
        401,
        "bad crm_token",
    )
    .await;
    assert_eq!(j["error"], "Invalid token");
    expect(i(FORM, "cmd=event&type=INCOMING&callid=c&phone=79991234567".into()).await, 401, "no crm_token").await;
    let j = expect(i(FORM, format!("type=INCOMING&callid=c&crm_token={CRM_TOKEN}")).await, 400, "no cmd").await;
    assert_eq!(j["error"], "Invalid parameters");
    expect(i(FORM, format!("cmd=event&type=INCOMING&crm_token={CRM_TOKEN}")).await, 400, "no callid").await;
    expect(
        i(FORM, format!("cmd=history&callid=c&status=Success&duration=-5&crm_token={CRM_TOKEN}")).await,
        400,
        "negative duration",
    )
    .await;
    expect(i("application/json", "{\"cmd\": \"event\",".into()).await, 400, "broken JSON").await;
    expect(i("application/json", "[\"cmd\"]".into()).await, 400, "JSON array").await;
    expect(i("text/xml", "<cmd/>".into()).await, 415, "XML").await;

    // Other endpoints.
    let ws_plain = relay.http.get(relay.url("/ws")).bearer_auth(&boss).send().await.unwrap();
    expect(ws_plain, 400, "GET /ws without upgrade").await;
    expect(relay.http.get(relay.url("/ws")).send().await.unwrap(), 401, "GET /ws without token").await;
    for q in ["limit=abc", "limit=0", "limit=100000"] {
        let resp =
            relay.http.get(relay.url(&format!("/api/v1/calls/recent?{q}"))).bearer_auth(&boss).send().await.unwrap();
        expect(resp, 400, q).await;
    }
    expect(relay.http.get(relay.url("/nope")).send().await.unwrap(), 404, "unknown path").await;

    // Nothing above created a call or an event.
    let snap = relay.get_json("/api/v1/calls/recent", &boss).await;
    assert_eq!(snap["position"]["seq"], 0);
    assert_eq!(snap["calls"].as_array().unwrap().len(), 0);

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
