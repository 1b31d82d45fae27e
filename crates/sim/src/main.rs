use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use callcard_sim::api::{self, ApiState, RateLimiter};
use callcard_sim::config::SimConfig;
use callcard_sim::month;
use callcard_sim::plan::{Planner, ProviderKind, ScenarioKind};
use callcard_sim::player::Player;
use callcard_sim::state::PbxState;
use callcard_sim::stop::StopSignals;
use callcard_sim::{load, scenario};
use clap::{Parser, Subcommand};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    name = "callcard-sim",
    version,
    about = "Cloud-PBX simulator for Callcard: plays Zadarma, ITooLabs, UIS and Ringostat traffic, answers their APIs",
    after_help = "SIGINT (Ctrl-C) or SIGTERM stops every command at once, abandoning calls in flight. \
                  serve and demo without --calls then exit 0; scenario, call, load and demo --calls N \
                  exit 130 (SIGINT) or 143 (SIGTERM), since their run did not complete."
)]
struct Cli {
    /// Simulator config (TOML); see demo/sim.toml. Defaults are used without one.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Relay base URL the webhooks go to (overrides relay_url).
    #[arg(long, global = true, value_name = "URL")]
    relay: Option<String>,
    /// Address of the simulated PBX APIs (overrides listen); port 0 picks a free one.
    #[arg(long, global = true, value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// Seed of the random call generator: the same seed plays the same calls.
    #[arg(long, global = true, default_value_t = 1)]
    seed: u64,
    /// Scales ring and talk times of generated calls (0.05: a minute-long call in three seconds).
    #[arg(long, global = true, default_value_t = 1.0)]
    time_scale: f64,
    /// Where generated recordings are kept (default: a temporary directory).
    #[arg(long, global = true, value_name = "DIR")]
    audio_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// A believable day at human pace: a call every few seconds, until stopped.
    Demo {
        /// Stop after this many scenarios (default: never).
        #[arg(long)]
        calls: Option<u64>,
        /// Mean seconds between new calls.
        #[arg(long, default_value_t = 6.0)]
        every: f64,
    },
    /// Play a scripted scenario file; exits non-zero if the relay misbehaved.
    Scenario { file: PathBuf },
    /// Open-loop load for benchmarks.
    Load {
        /// Calls started per second (about five webhooks each).
        #[arg(long)]
        rate: f64,
        /// How long to keep starting calls, e.g. 60s, 2m.
        #[arg(long, value_parser = parse_duration)]
        duration: Duration,
        #[arg(long, default_value = "zadarma")]
        provider: String,
        #[arg(long, default_value_t = 0.5)]
        ring_secs: f64,
        #[arg(long, default_value_t = 2.0)]
        talk_secs: f64,
        /// CSV of every webhook sent (call_id,event,sent_unix_ns,reply_ms,status).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Only answer the provider APIs (click-to-call, recordings); send nothing by itself.
    Serve,
    /// Play a month of calls at once, each dated on a day of the period (for reports), and
    /// write a ledger of what was played (one JSON line a call).
    Month {
        /// The period's first day (YYYY-MM-DD, UTC).
        #[arg(long)]
        from: chrono::NaiveDate,
        #[arg(long, default_value_t = 30)]
        days: u32,
        #[arg(long, default_value_t = 200)]
        calls: u32,
        #[arg(long, value_name = "FILE")]
        ledger: PathBuf,
    },
    /// Play one call of the given kind and exit.
    Call {
        #[arg(value_enum)]
        kind: ScenarioKind,
        #[arg(long)]
        provider: Option<String>,
    },
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let (num, unit) =
        s.trim().split_at(s.trim().find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.trim().len()));
    let n: f64 = num.parse().map_err(|_| format!("not a duration: {s:?} (try 60s, 2m)"))?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("unknown unit in {s:?} (ms, s, m, h)")),
    };
    Ok(Duration::from_secs_f64(secs))
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("CALLCARD_LOG").unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let code = match runtime.block_on(run(Cli::parse())) {
        Ok(code) => std::process::ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    };
    // A stopped run does not wait for a recording still being encoded on a blocking thread.
    runtime.shutdown_timeout(Duration::from_millis(200));
    code
}

async fn run(cli: Cli) -> anyhow::Result<u8> {
    // First of all, so that no signal finds the default action (which would kill the process
    // without a word) once the simulator is up.
    let mut signals = StopSignals::install().context("cannot install the SIGINT/SIGTERM handlers")?;
    let mut config = SimConfig::load(cli.config.as_deref())?;
    if let Some(relay) = cli.relay {
        config.relay_url = relay;
    }
    if let Some(listen) = cli.listen {
        config.listen = listen;
    }
    // The API server starts first so its real address is known before any link is handed out.
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    config.listen = addr;
    let audio_dir = match cli.audio_dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            (dir, None)
        }
        None => {
            let tmp = tempfile::tempdir()?;
            (tmp.path().to_path_buf(), Some(tmp))
        }
    };
    let config = Arc::new(config);
    let state = Arc::new(PbxState::new(audio_dir.0.clone()));
    let player = Player::new(config.clone(), state);
    let api_state = Arc::new(ApiState {
        player: player.clone(),
        rng: Mutex::new(ChaCha8Rng::seed_from_u64(cli.seed ^ 0x5eed)),
        zadarma_limiter: RateLimiter::new(config.zadarma.rate_limit_per_minute, Duration::from_secs(60)),
        uis: api::uis::UisState::new(&config),
        ringostat: api::ringostat::RingostatState::new(&config),
    });
    println!("callcard-sim API listening on http://{addr}");
    tracing::info!(%addr, relay = %config.relay_url, seed = cli.seed, "simulator started");
    let server = tokio::spawn(async move { axum::serve(listener, api::router(api_state)).await });

    let open_ended = match &cli.command {
        Command::Serve => true,
        Command::Demo { calls, .. } => calls.is_none(),
        _ => false,
    };
    let work = play(cli.command, &config, &player, cli.seed, cli.time_scale, server);
    // A signal drops `work` where it stands: calls in flight are abandoned, not played out.
    let code = tokio::select! {
        code = work => code?,
        stopped = signals.wait() => {
            let code = stopped.exit_code(open_ended);
            eprintln!("callcard-sim: stopped by {}{}", stopped.name(), if code == 0 { "" } else { " before the run was complete" });
            code
        }
    };
    drop(audio_dir);
    Ok(code)
}

/// Runs the command to its end; returns the exit code.
async fn play(
    command: Command,
    config: &Arc<SimConfig>,
    player: &Player,
    seed: u64,
    time_scale: f64,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
) -> anyhow::Result<u8> {
    let verdict = |ok: bool| if ok { 0 } else { 1 };
    Ok(match command {
        Command::Serve => {
            server.await??;
            0
        }
        Command::Demo { calls, every } => {
            let mut planner = Planner::new(config, ChaCha8Rng::seed_from_u64(seed), time_scale);
            let mut n = 0u64;
            // Most calls are plain answered or missed ones; the rest is the interesting mix.
            let weighted: Vec<ScenarioKind> = [ScenarioKind::IncomingAnswered; 4]
                .into_iter()
                .chain([ScenarioKind::IncomingMissed; 2])
                .chain([ScenarioKind::OutgoingAnswered; 2])
                .chain(ScenarioKind::ALL.iter().copied())
                .collect();
            // Dropped with this future when a signal stops the run, which aborts every call.
            let mut tasks = tokio::task::JoinSet::new();
            loop {
                if calls.is_some_and(|c| n >= c) {
                    break;
                }
                let kind = weighted[planner.rng.random_range(0..weighted.len())];
                for plan in planner.plan(kind, None) {
                    tracing::info!(?kind, call = %plan.call_id, provider = ?plan.provider, client = %plan.client, "call");
                    let player = player.clone();
                    tasks.spawn(async move { player.play(plan).await });
                }
                n += 1;
                let pause = every * planner.rng.random_range(0.5..1.5);
                tokio::time::sleep(Duration::from_secs_f64(pause)).await;
                while tasks.try_join_next().is_some() {}
            }
            while tasks.join_next().await.is_some() {}
            0
        }
        Command::Scenario { file } => {
            let scenario = scenario::load(&file)?;
            let failures = scenario::run(player, &scenario).await;
            for f in &failures {
                eprintln!("FAILED {f}");
            }
            println!("scenario {}: {} steps, {} failures", file.display(), scenario.steps.len(), failures.len());
            verdict(failures.is_empty())
        }
        Command::Call { kind, provider } => {
            let provider = provider.as_deref().map(ProviderKind::parse).transpose()?;
            let mut planner = Planner::new(config, ChaCha8Rng::seed_from_u64(seed), time_scale);
            let mut failures = vec![];
            for plan in planner.plan(kind, provider) {
                println!("{}", plan.call_id);
                failures.extend(player.play(plan).await);
            }
            verdict(failures.is_empty())
        }
        Command::Month { from, days, calls, ledger } => {
            let mut planner = Planner::new(config, ChaCha8Rng::seed_from_u64(seed), time_scale);
            let options = month::MonthOptions { from, days, calls };
            let played = month::run(player, &mut planner, &options, &ledger).await?;
            let failed = played.iter().filter(|p| !p.failures.is_empty()).count();
            println!("month: {} calls from {from} over {days} days, {failed} with refused webhooks", played.len());
            verdict(failed == 0)
        }
        Command::Load { rate, duration, provider, ring_secs, talk_secs, out } => {
            let options = load::LoadOptions {
                rate,
                duration,
                provider: ProviderKind::parse(&provider)?,
                ring_secs,
                talk_secs,
                seed,
            };
            let summary = load::run(player, &options, out.as_deref()).await?;
            println!(
                "load: {} calls, {} webhooks sent, {} failed, reply p50 {:.2} ms, p99 {:.2} ms",
                summary.calls, summary.sent, summary.failed, summary.reply_p50_ms, summary.reply_p99_ms
            );
            verdict(summary.failed == 0)
        }
    })
}
