//! Prometheus metrics (`/metrics` in the text format), served on a listen address of their own
//! (`[metrics] listen`) so they are never exposed with the webhooks. Every name is defined here,
//! once; the code that counts calls the small functions below.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::http::AppState;

const WEBHOOKS: &str = "callcard_webhooks_total";
const WEBHOOKS_FLAGGED: &str = "callcard_webhooks_flagged_total";
const DELIVERY: &str = "callcard_delivery_seconds";
const CONNECTED: &str = "callcard_connected_sessions";
const FLAGGED_STORED: &str = "callcard_flagged_webhooks";
const INGEST_QUEUE: &str = "callcard_ingest_queue_depth";
const SESSION_QUEUE: &str = "callcard_session_queue_max_depth";
const STORE_ERRORS: &str = "callcard_store_errors_total";
const PBX_API: &str = "callcard_pbx_api_calls_total";

/// Webhook to WebSocket, in seconds: most deliveries take milliseconds (BENCHMARKS.md).
const DELIVERY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed on first use (a process runs one relay; tests that run
/// several in one process share it).
fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(DELIVERY.to_string()), DELIVERY_BUCKETS)
            .expect("buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder was installed first; /metrics will be empty");
        }
        describe();
        handle
    })
}

fn describe() {
    metrics::describe_counter!(
        WEBHOOKS,
        "Webhooks received, by provider and result (stored, repeat, refused, unavailable)."
    );
    metrics::describe_counter!(WEBHOOKS_FLAGGED, "Verified webhooks stored with parts that did not parse.");
    metrics::describe_histogram!(
        DELIVERY,
        metrics::Unit::Seconds,
        "From a webhook's arrival to its event written to an agent's WebSocket."
    );
    metrics::describe_gauge!(CONNECTED, "WebSocket sessions subscribed on this node.");
    metrics::describe_gauge!(FLAGGED_STORED, "Flagged webhooks in the store.");
    metrics::describe_gauge!(INGEST_QUEUE, "Webhooks waiting for the store's writer.");
    metrics::describe_gauge!(SESSION_QUEUE, "Events waiting in the fullest session queue.");
    metrics::describe_counter!(STORE_ERRORS, "Requests that failed because the store did.");
    metrics::describe_counter!(PBX_API, "Calls to the PBXes' APIs, by provider, call and result.");
}

/// Makes sure the recorder is there before anything counts (at start).
pub fn install() {
    handle();
}

/// What became of a webhook: `stored`, `repeat`, `refused` (authentication or shape), `unavailable`.
pub fn webhook(provider: &str, result: &'static str) {
    metrics::counter!(WEBHOOKS, "provider" => provider.to_string(), "result" => result).increment(1);
}

pub fn webhook_flagged(provider: &str) {
    metrics::counter!(WEBHOOKS_FLAGGED, "provider" => provider.to_string()).increment(1);
}

pub fn delivered(after: Duration) {
    metrics::histogram!(DELIVERY).record(after.as_secs_f64());
}

pub fn store_error() {
    metrics::counter!(STORE_ERRORS).increment(1);
}

/// A call to a PBX's API (`dial`, `recording`, `balance`, `users`…) and how it went (`ok` or
/// the error's code).
pub fn pbx_api(provider: &str, call: &'static str, result: &str) {
    metrics::counter!(PBX_API, "provider" => provider.to_string(), "call" => call, "result" => result.to_string())
        .increment(1);
}

/// The metrics listener's routes: `GET /metrics`, the gauges read at each scrape.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(state)
}

async fn scrape(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    metrics::gauge!(CONNECTED).set(state.hub.subscribers() as f64);
    metrics::gauge!(SESSION_QUEUE).set(state.hub.deepest_queue() as f64);
    metrics::gauge!(INGEST_QUEUE).set(state.ingestor.queued() as f64);
    match state.store.flagged_count().await {
        Ok(n) => metrics::gauge!(FLAGGED_STORED).set(n as f64),
        Err(_) => store_error(),
    }
    ([(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle().render())
}
