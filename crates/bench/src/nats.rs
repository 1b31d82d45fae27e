//! The baseline: a real `nats-server` with its WebSocket listener, one subscriber per agent
//! over WebSocket, and a publisher process sending relay-shaped events at the relay's rate.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context};
use futures_util::StreamExt;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::clients::{receipt, Receipt};
use crate::stats::now_ns;

pub struct NatsServer {
    child: Child,
    pub tcp_url: String,
    pub ws_url: String,
    _dir: tempfile::TempDir,
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl NatsServer {
    pub async fn start(binary: &Path) -> anyhow::Result<NatsServer> {
        let dir = tempfile::tempdir()?;
        let (tcp, ws) = (free_port()?, free_port()?);
        let config = format!(
            "listen: \"127.0.0.1:{tcp}\"\nmax_connections: 100000\nwebsocket {{\n  listen: \"127.0.0.1:{ws}\"\n  no_tls: true\n}}\n"
        );
        let path = dir.path().join("nats.conf");
        std::fs::write(&path, config)?;
        let log = std::fs::File::create(dir.path().join("nats.log"))?;
        let child = Command::new(binary)
            .arg("-c")
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("start {} (apt-get install nats-server)", binary.display()))?;
        let server = NatsServer {
            child,
            tcp_url: format!("nats://127.0.0.1:{tcp}"),
            ws_url: format!("ws://127.0.0.1:{ws}"),
            _dir: dir,
        };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", ws)).await.is_ok() {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("nats-server did not open its WebSocket port")
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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
