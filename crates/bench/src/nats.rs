//! The baseline: a real `nats-server` with its WebSocket listener, one subscriber per agent
//! over WebSocket, and a publisher process sending relay-shaped events at the relay's rate.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context};
use futures_util::StreamExt;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::clients::{receipt, Receipt};
use crate::stats::now_ns;

pub use callcard_e2e::nats::NatsServer;

/// The subject an agent's events go to.
pub fn subject(agent: usize) -> String {
    format!("agent.{agent}")
}

/// One WebSocket subscriber per agent; each records what it receives until `stop`.
pub async fn subscribers(
    ws_url: &str,
    agents: usize,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<JoinSet<Vec<Receipt>>> {
    let mut set = JoinSet::new();
    for agent in 0..agents {
        let client = async_nats::connect(ws_url).await.with_context(|| format!("connect to {ws_url}"))?;
        let mut subscription = client.subscribe(subject(agent)).await?;
        client.flush().await?;
        let mut stop = stop.clone();
        set.spawn(async move {
            let mut receipts = vec![];
            loop {
                tokio::select! {
                    message = subscription.next() => match message {
                        Some(m) => {
                            let text = std::str::from_utf8(&m.payload).unwrap_or("");
                            if let Some(r) = receipt(text, now_ns()) {
                                receipts.push(r);
                            }
                        }
                        None => break,
                    },
                    _ = stop.changed() => break,
                }
            }
            drop(client);
            receipts
        });
    }
    Ok(set)
}

/// `callcard-bench nats-publish`: publishes `template` (an event the relay sent, with `at` and
/// the call id replaced) round-robin to the agents' subjects at `rate` per second.
pub async fn publish(url: &str, template: &Path, rate: f64, secs: f64, agents: usize) -> anyhow::Result<()> {
    let template: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(template)?)?;
    let client = async_nats::connect(url).await?;
    let interval = Duration::from_secs_f64(1.0 / rate);
    let total = (rate * secs).round() as u64;
    let begin = tokio::time::Instant::now();
    for n in 0..total {
        tokio::time::sleep_until(begin + interval.mul_f64(n as f64)).await;
        let mut event = template.clone();
        event["at"] = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, true).into();
        event["call"]["provider_call_id"] = format!("nats-{n}").into();
        let payload = serde_json::to_vec(&event)?;
        client.publish(subject(n as usize % agents), payload.into()).await?;
    }
    client.flush().await?;
    Ok(())
}

/// Runs the publisher as its own process, as the simulator is for the relay.
pub async fn run_publisher(url: &str, template: &Path, rate: f64, secs: f64, agents: usize) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    let status = tokio::process::Command::new(exe)
        .args(["nats-publish", "--url", url, "--template"])
        .arg(template)
        .args(["--rate", &rate.to_string(), "--secs", &secs.to_string(), "--agents", &agents.to_string()])
        .status()
        .await?;
    if !status.success() {
        bail!("nats publisher failed: {status}");
    }
    Ok(())
}
