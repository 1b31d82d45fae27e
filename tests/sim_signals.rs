//! The real simulator stops promptly on SIGINT (Ctrl-C) and SIGTERM in every mode, in the
//! middle of its work, and its exit code says whether the run was complete.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use callcard_e2e::{binary, sim_config, Relay};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

/// What the brief allows: the process is gone within ~1-2 s of the signal.
const BOUND: Duration = Duration::from_secs(2);

struct Mode {
    name: &'static str,
    args: Vec<String>,
    /// Calls are in flight when the signal comes (checked on the relay).
    busy: bool,
    /// Asked to run until stopped: being stopped is success (exit 0).
    open_ended: bool,
}

/// Every mode, each set up so that it would run for many seconds more when the signal comes.
fn modes(scenario: &std::path::Path) -> Vec<Mode> {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        Mode { name: "serve", args: args(&["serve"]), busy: false, open_ended: true },
        Mode { name: "demo", args: args(&["demo", "--every", "0.3"]), busy: true, open_ended: true },
        Mode {
            name: "demo --calls",
            args: args(&["demo", "--calls", "50", "--every", "0.3"]),
            busy: true,
            open_ended: false,
        },
        Mode {
            name: "scenario",
            args: vec!["scenario".into(), scenario.display().to_string()],
            busy: true,
            open_ended: false,
        },
        Mode {
            name: "load",
            args: args(&["load", "--rate", "5", "--duration", "60s", "--ring-secs", "30", "--talk-secs", "30"]),
            busy: true,
            open_ended: false,
        },
        Mode {
            name: "call",
            args: args(&["call", "group-ring-answered", "--provider", "itoolabs"]),
            busy: true,
            open_ended: false,
        },
    ]
}

/// A simulator process, killed if a failed assertion leaves it running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Starts the simulator and returns once its API listens (its signal handlers are in place then).
fn start(dir: &std::path::Path, config: &str, args: &[String]) -> Running {
    std::fs::write(dir.join("sim.toml"), config).unwrap();
    let mut child = Command::new(binary("callcard-sim"))
        .arg("--config")
        .arg(dir.join("sim.toml"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env("CALLCARD_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sim");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains("listening on http://"), "{args:?}: {line:?}");
    Running(child)
}

/// Waits up to `limit` for the child to exit; `None` if it is still running.
fn wait_exit(child: &mut Child, limit: Duration) -> Option<(std::process::ExitStatus, Duration)> {
    let began = Instant::now();
    while began.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some((status, began.elapsed()));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

async fn active_calls(relay: &Relay, token: &str) -> usize {
    relay.get_json("/api/v1/calls/active", token).await["calls"].as_array().map_or(0, Vec::len)
}

async fn stops_every_mode_on(signal: Signal, expected_bounded_code: i32) {
    let relay = Relay::start("").await;
    for (name, ext) in [("Anna", "100"), ("Boris", "101"), ("Vera", "102")] {
        relay.add_agent(name, ext, Some(&name.to_lowercase()), false);
    }
    let boss = relay.add_agent("Boss", "900", None, true);
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("long.toml");
    // A call that rings and talks for a good while, then more of them.
    let steps = "[[step]]\nplay = \"incoming_answered\"\n\n".repeat(5);
    std::fs::write(&scenario, format!("seed = 3\ntime_scale = 1.0\n\n{steps}")).unwrap();
    let config = sim_config(&relay, "", "");

    let mut report = vec![];
    for (n, mode) in modes(&scenario).into_iter().enumerate() {
        let before = active_calls(&relay, &boss).await;
        // A seed of its own: the same seed would replay the last mode's calls, which the relay
        // takes for repeats.
        let seed = (100 + n).to_string();
        let args: Vec<String> = ["--seed".to_string(), seed].into_iter().chain(mode.args.iter().cloned()).collect();
        let mut running = start(dir.path(), &config, &args);
        let child = &mut running.0;
        // Long enough for calls to be ringing on the relay.
        tokio::time::sleep(Duration::from_millis(1200)).await;
        if mode.busy {
            assert!(
                active_calls(&relay, &boss).await > before,
                "{}: the simulator was in the middle of calls when signalled",
                mode.name
            );
        }
        assert!(child.try_wait().unwrap().is_none(), "{}: still running before the signal", mode.name);
        kill(Pid::from_raw(child.id() as i32), signal).unwrap();
        let Some((status, took)) = wait_exit(child, BOUND) else {
            panic!("{}: still running {BOUND:?} after {signal}", mode.name);
        };
        let expected = if mode.open_ended { 0 } else { expected_bounded_code };
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        assert_eq!(status.code(), Some(expected), "{} after {signal}: {status:?}\n{stderr}", mode.name);
        assert!(stderr.contains(&format!("stopped by {}", signal.as_str())), "{}: {stderr}", mode.name);
        if !mode.open_ended {
            assert!(stderr.contains("before the run was complete"), "{}: {stderr}", mode.name);
        }
        report.push(format!("{} {:.0} ms", mode.name, took.as_secs_f64() * 1000.0));
    }
    eprintln!("{signal}: exit after {}", report.join(", "));
}

#[tokio::test]
async fn sigint_stops_every_mode_promptly() {
    stops_every_mode_on(Signal::SIGINT, 130).await;
}

#[tokio::test]
async fn sigterm_stops_every_mode_promptly() {
    stops_every_mode_on(Signal::SIGTERM, 143).await;
}
