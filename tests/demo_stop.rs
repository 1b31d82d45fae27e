//! `scripts/desktop-session` (the demo's private desktop) stops with everything it started:
//! Xvfb, D-Bus, the keyring, the notification daemon and the command, on SIGTERM or SIGINT.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("repository root").to_path_buf()
}

/// Processes whose environment names `runtime_dir` as XDG_RUNTIME_DIR: everything the session
/// started, Xvfb included (the script exports it before starting anything).
fn session_processes(runtime_dir: &Path) -> Vec<(u32, String)> {
    let needle = format!("XDG_RUNTIME_DIR={}", runtime_dir.display());
    let mut found = vec![];
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else { continue };
        if environ.split(|b| *b == 0).any(|var| var == needle.as_bytes()) {
            let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
            found.push((pid, comm.trim().to_string()));
        }
    }
    found
}

/// Kills whatever of a session is left when a test fails, so nothing outlives it.
struct Cleanup(PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for (pid, _) in session_processes(&self.0) {
            let _ = kill(Pid::from_raw(pid as i32), Signal::SIGKILL);
        }
    }
}

fn stops_on(signal: Signal) {
    let xvfb = Command::new("Xvfb").arg("-help").stderr(Stdio::null()).status();
    assert!(xvfb.is_ok(), "Xvfb is not installed (scripts/install-deps installs it)");
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("run");
    let _cleanup = Cleanup(runtime.clone());
    let mut session = Command::new(repo().join("scripts/desktop-session"))
        .arg(dir.path())
        .args(["sleep", "1000"])
        .stdin(Stdio::null())
        .spawn()
        .expect("start desktop-session");
    // Up when the command runs, with its D-Bus, keyring and notifier.
    let began = Instant::now();
    loop {
        let names: Vec<String> = session_processes(&runtime).into_iter().map(|(_, c)| c).collect();
        let up = ["Xvfb", "dbus-daemon", "dunst", "sleep"].iter().all(|n| names.iter().any(|c| c == n));
        if up {
            break;
        }
        assert!(began.elapsed() < Duration::from_secs(20), "the desktop never came up: {names:?}");
        assert!(session.try_wait().unwrap().is_none(), "desktop-session ended by itself");
        std::thread::sleep(Duration::from_millis(100));
    }

    kill(Pid::from_raw(session.id() as i32), signal).unwrap();
    let signalled = Instant::now();
    let status = loop {
        if let Some(status) = session.try_wait().unwrap() {
            break status;
        }
        if signalled.elapsed() > Duration::from_secs(8) {
            let _ = session.kill();
            panic!("desktop-session still running 8 s after {signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = signalled.elapsed();
    let left = session_processes(&runtime);
    assert!(left.is_empty(), "still running after desktop-session ended: {left:?}");
    let expected = if signal == Signal::SIGTERM { 143 } else { 130 };
    assert_eq!(status.code(), Some(expected), "{status:?}");
    eprintln!("{signal}: desktop-session and all it started gone in {:.2} s", took.as_secs_f64());
    assert!(took < Duration::from_secs(6), "{took:?}");
}

#[test]
fn desktop_session_stops_everything_on_sigterm() {
    stops_on(Signal::SIGTERM);
}

#[test]
fn desktop_session_stops_everything_on_sigint() {
    stops_on(Signal::SIGINT);
}
