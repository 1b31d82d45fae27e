//! `callcard-bench`: the benchmarks of BENCHMARKS.md. Each drives real processes (relay,
//! simulator, nats-server, the app under Xvfb) and prints its figures; none is a test.

mod clients;
mod desktop_bench;
mod nats;
mod relay_bench;
mod setup;
mod stats;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::setup::Storage;

#[derive(Parser)]
#[command(name = "callcard-bench", about = "Callcard benchmarks (see BENCHMARKS.md)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 1 and 2: webhook sent → event received, relay then nats-server, same agents and rate.
    Latency {
        #[arg(long, default_value_t = 1000)]
        agents: usize,
        /// Calls started per second by `callcard-sim load` (five webhooks each).
        #[arg(long, default_value_t = 200.0)]
        calls_per_sec: f64,
        #[arg(long, default_value_t = 60)]
        secs: u64,
        #[arg(long, value_enum, default_value = "disk")]
        storage: Storage,
        /// The nats-server binary for the baseline; `none` skips it.
        #[arg(long, default_value = "/usr/sbin/nats-server")]
        nats_server: String,
    },
    /// 3: the highest durable webhook rate whose delivery p99 stays under 50 ms.
    Throughput {
        #[arg(long, default_value_t = 100)]
        agents: usize,
        /// First rate, in webhooks per second.
        #[arg(long, default_value_t = 1000)]
        start: u32,
        #[arg(long, default_value_t = 1000)]
        step: u32,
        #[arg(long, default_value_t = 12000)]
        max: u32,
        /// Seconds at each rate.
        #[arg(long, default_value_t = 15)]
        secs: u64,
        #[arg(long, value_enum, default_value = "disk")]
        storage: Storage,
    },
    /// 4: the relay's resident memory per idle agent connection.
    Idle {
        #[arg(long, default_value_t = 20000)]
        connections: usize,
        /// Seconds to stay idle before reading memory.
        #[arg(long, default_value_t = 30)]
        settle_secs: u64,
    },
    /// 5: NOTIFY_START and cmd=contact reply latency with many contacts stored.
    Lookup {
        #[arg(long, default_value_t = 1_000_000)]
        contacts: usize,
        #[arg(long, default_value_t = 5000)]
        requests: usize,
        #[arg(long, value_enum, default_value = "disk")]
        storage: Storage,
    },
    /// 6 and 7: event → card visible (p95 over the first calls), then the app's memory after
    /// all calls and an idle spell. Runs the app under Xvfb (scripts/install-deps).
    Desktop {
        #[arg(long, default_value_t = 50)]
        measured: usize,
        #[arg(long, default_value_t = 200)]
        calls: usize,
        #[arg(long, default_value_t = 600)]
        idle_secs: u64,
        /// Close the main window to the tray before idling (as a manager who works in other
        /// programs has it); by default it stays open.
        #[arg(long)]
        close_main: bool,
    },
    /// 8: process start → tray built and connected to the relay.
    DesktopStart {
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Internal: a client process of `idle`.
    #[command(hide = true)]
    HoldConnections {
        #[arg(long)]
        addr: String,
        #[arg(long)]
        tokens: PathBuf,
    },
    /// Internal: the NATS publisher process of `latency`.
    #[command(hide = true)]
    NatsPublish {
        #[arg(long)]
        url: String,
        #[arg(long)]
        template: PathBuf,
        #[arg(long)]
        rate: f64,
        #[arg(long)]
        secs: f64,
        #[arg(long)]
        agents: usize,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Latency { agents, calls_per_sec, secs, storage, nats_server } => {
            let nats_server = Some(PathBuf::from(nats_server)).filter(|p| p.as_os_str() != "none");
            relay_bench::latency(&relay_bench::LatencyOptions { agents, calls_per_sec, secs, storage, nats_server })
                .await
        }
        Command::Throughput { agents, start, step, max, secs, storage } => {
            relay_bench::throughput(&relay_bench::ThroughputOptions { agents, start, step, max, secs, storage }).await
        }
        Command::Idle { connections, settle_secs } => {
            relay_bench::idle(connections, Duration::from_secs(settle_secs)).await
        }
        Command::Lookup { contacts, requests, storage } => relay_bench::lookup(contacts, requests, storage).await,
        Command::Desktop { measured, calls, idle_secs, close_main } => {
            desktop_bench::cards_and_memory(measured, calls, Duration::from_secs(idle_secs), close_main).await
        }
        Command::DesktopStart { runs } => desktop_bench::cold_start(runs).await,
        Command::HoldConnections { addr, tokens } => relay_bench::hold_connections(&addr, &tokens).await,
        Command::NatsPublish { url, template, rate, secs, agents } => {
            nats::publish(&url, &template, rate, secs, agents).await
        }
    }
}
