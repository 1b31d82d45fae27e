//! A real `nats-server` (Debian's `nats-server` package) on loopback ports of its own, with its
//! WebSocket listener (the benchmarks' baseline subscribes over it), which a test can stop and
//! start again on the same ports.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context};

/// Where Debian puts it.
pub const NATS_SERVER: &str = "/usr/sbin/nats-server";

pub struct NatsServer {
    child: Option<Child>,
    binary: PathBuf,
    config: PathBuf,
    tcp: u16,
    pub tcp_url: String,
    pub ws_url: String,
    dir: tempfile::TempDir,
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
        let mut server = NatsServer {
            child: None,
            binary: binary.to_path_buf(),
            config: path,
            tcp,
            tcp_url: format!("nats://127.0.0.1:{tcp}"),
            ws_url: format!("ws://127.0.0.1:{ws}"),
            dir,
        };
        server.resume().await?;
        Ok(server)
    }

    /// Starts it again (after `stop`), on the same ports.
    pub async fn resume(&mut self) -> anyhow::Result<()> {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(self.dir.path().join("nats.log"))?;
        let child = Command::new(&self.binary)
            .arg("-c")
            .arg(&self.config)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("start {} (apt-get install nats-server)", self.binary.display()))?;
        self.child = Some(child);
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.tcp)).await.is_ok() {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("nats-server did not listen on {}", self.tcp)
    }

    /// Kills it (as a crash would).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.stop();
    }
}
