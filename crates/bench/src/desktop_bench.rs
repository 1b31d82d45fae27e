//! Desktop benchmarks 6–8: the real app under Xvfb (the same desktop session the GUI tests
//! use: Xvfb, D-Bus, notification daemon, keyring) against the real relay.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use callcard_e2e::desktop::{process_tree, App, Desktop};
use callcard_e2e::Relay;
use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;

use crate::clients::{self, receipt, Socket};
use crate::setup::{self, Storage};
use crate::stats::{now_ns, Latencies};

const START: &str = "2026-11-21 10:00:00";

/// A relay with Anna (extension 100) and `contacts` named clients `Client N` at 7900000000N.
async fn anna_and_clients(contacts: usize) -> anyhow::Result<(Relay, String)> {
    let relay = setup::relay(Storage::Disk).await?;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let csv = relay.dir.path().join("contacts.csv");
    let rows: String = (0..contacts).map(|n| format!("7900{n:07},Client {n},ACME,anna\n")).collect();
    std::fs::write(&csv, format!("phone,name,company,responsible\n{rows}"))?;
    relay.cli(&["contact", "import", csv.to_str().context("path")?])?;
    Ok((relay, anna))
}

async fn zadarma(relay: &Relay, event: &str, call: &str, phone: &str, extra: &[(&str, &str)]) -> anyhow::Result<()> {
    let mut fields = vec![
        ("event", event),
        ("call_start", START),
        ("pbx_call_id", call),
        ("caller_id", phone),
        ("called_did", "74951234567"),
    ];
    fields.extend_from_slice(extra);
    let reply = relay.zadarma(&fields).await;
    if !reply.status().is_success() {
        bail!("{event} for {call}: {}", reply.status());
    }
    Ok(())
}

/// Waits for the event of `call` on the bench's own connection; returns when it arrived.
async fn event_of(socket: &mut Socket, call: &str) -> anyhow::Result<i64> {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next()).await.context("no event")?;
        match frame {
            Some(Ok(Message::Text(text))) => {
                if let Some(r) = receipt(&text, now_ns()) {
                    if r.call_id == call {
                        return Ok(r.received_ns);
                    }
                }
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => bail!("the bench's connection to the relay failed: {e}"),
            None => bail!("the relay closed the bench's connection"),
        }
    }
}

/// One `/proc/PID/smaps_rollup` figure in KiB.
fn smaps_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Proportional set size in KiB (shared pages split between the processes sharing them).
fn pss_kib(pid: u32) -> u64 {
    smaps_kib(pid, "Pss")
}

/// Unique set size in KiB: the pages only this process maps, what ending it would give back.
fn uss_kib(pid: u32) -> u64 {
    smaps_kib(pid, "Private_Clean") + smaps_kib(pid, "Private_Dirty")
}

/// Benchmarks 6 and 7: event → card visible for the first `measured` calls, then memory after
/// `calls` calls and `idle` without any (with the main window open, or closed to the tray).
pub async fn cards_and_memory(measured: usize, calls: usize, idle: Duration, close_main: bool) -> anyhow::Result<()> {
    let (relay, anna) = anna_and_clients(calls).await?;
    let desktop = Desktop::start();
    let env = [("CALLCARD_RELAY_URL", relay.base.as_str()), ("CALLCARD_TOKEN", anna.as_str())];
    let app = App::launch(&desktop, &env, "bench_desktop").await;
    app.wait_status("connected", Duration::from_secs(20)).await;
    let mut watcher = clients::subscribe(&relay.addr(), &anna).await?;

    let mut shown = Latencies::default();
    for n in 0..calls {
        let (call, phone) = (format!("in_bench_{n}"), format!("7900{n:07}"));
        let (shown_ns, window) = ring(&relay, &mut watcher, &app, &call, n).await?;
        if n < measured {
            shown.record_ns(shown_ns);
        }
        // Every other call is answered and wrapped up; the others are missed.
        if n % 2 == 0 {
            zadarma(&relay, "NOTIFY_ANSWER", &call, &phone, &[("destination", "100"), ("internal", "100")]).await?;
            let end = [("internal", "100"), ("duration", "5"), ("disposition", "answered"), ("status_code", "16")];
            zadarma(&relay, "NOTIFY_END", &call, &phone, &[&end[..], &[("is_recorded", "0")]].concat()).await?;
            app.client.switch_to_window(window).await?;
            app.wait_js("return document.body.dataset.phase", Duration::from_secs(10), |v| v == "wrap_up").await;
            // The click closes this window: click after the script has returned.
            app.js("setTimeout(() => document.getElementById('dismiss').click(), 100); return true").await;
            tokio::time::sleep(Duration::from_millis(400)).await;
        } else {
            let end = [("duration", "0"), ("disposition", "cancel"), ("status_code", "16"), ("is_recorded", "0")];
            zadarma(&relay, "NOTIFY_END", &call, &phone, &end).await?;
        }
        app.to_main().await;
        if n + 1 == measured {
            println!("event → card visible over {measured} calls: p95 {:.1} ms; {}", shown.ms(0.95), shown.summary());
        }
    }
    // Let the last card close before idling.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pid = desktop.app_pid().context("no callcard process on the bench's display")?;
    let tree = process_tree(pid);
    let read = |tree: &[u32]| -> (u64, u64) {
        let rss: u64 = tree.iter().filter_map(|&p| crate::stats::rss_kib(p).ok()).sum();
        let pss: u64 = tree.iter().map(|&p| pss_kib(p)).sum();
        (rss, pss)
    };
    let (rss_busy, _) = read(&tree);
    println!(
        "after {calls} calls: {} processes, RSS {:.1} MiB; idling {} s",
        tree.len(),
        rss_busy as f64 / 1024.0,
        idle.as_secs()
    );
    if close_main {
        app.close_main().await;
        println!("main window closed to the tray");
    }
    tokio::time::sleep(idle).await;
    let tree = process_tree(pid);
    let (rss, pss) = read(&tree);
    println!(
        "idle after {calls} calls and {} s: RSS {:.1} MiB (PSS {:.1} MiB) over {} processes",
        idle.as_secs(),
        rss as f64 / 1024.0,
        pss as f64 / 1024.0,
        tree.len()
    );
    // Which process holds what: the figure to work on next.
    for &p in &tree {
        let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
        let rss = crate::stats::rss_kib(p).unwrap_or(0);
        println!(
            "  {:<16} RSS {:>7.1} MiB  PSS {:>7.1} MiB  USS {:>7.1} MiB",
            name.trim(),
            rss as f64 / 1024.0,
            pss_kib(p) as f64 / 1024.0,
            uss_kib(p) as f64 / 1024.0
        );
    }
    // The next call after the idle spell: the spare window has been released by then, so this
    // card waits for a window to be built. (A new connection: the idle one has not answered
    // the relay's pings.)
    let mut watcher = clients::subscribe(&relay.addr(), &anna).await?;
    let (shown_ns, _) = ring(&relay, &mut watcher, &app, "in_bench_after_idle", 0).await?;
    println!("event → card visible for the first call after the idle spell: {:.1} ms", shown_ns as f64 / 1e6);
    app.quit().await;
    Ok(())
}

/// Client `n` calls Anna; returns the time from the relay's event to the card visible (ns), and
/// the card's window.
async fn ring(
    relay: &Relay,
    watcher: &mut Socket,
    app: &App,
    call: &str,
    n: usize,
) -> anyhow::Result<(i64, fantoccini::wd::WindowHandle)> {
    let (phone, name) = (format!("7900{n:07}"), format!("Client {n}"));
    zadarma(relay, "NOTIFY_START", call, &phone, &[]).await?;
    zadarma(relay, "NOTIFY_INTERNAL", call, &phone, &[("internal", "100")]).await?;
    let emitted_ns = event_of(watcher, call).await?;
    let (_, window) = app.wait_card(&name, Duration::from_secs(10)).await;
    let shown_at = app.js("return Number(document.body.dataset.shownAt)").await;
    let shown_ns = (shown_at.as_f64().context("shownAt")? * 1e6) as i64;
    Ok((shown_ns - emitted_ns, window))
}

/// Benchmark 8: process start → tray built and connected to the relay, `runs` times.
pub async fn cold_start(runs: usize) -> anyhow::Result<()> {
    let (relay, anna) = anna_and_clients(1).await?;
    let desktop = Desktop::start();
    let binary = callcard_e2e::binary("callcard");
    let mut times = vec![];
    for run in 0..runs {
        let began = Instant::now();
        let mut child = desktop
            .command(binary.to_str().context("path")?)
            .env("CALLCARD_RELAY_URL", &relay.base)
            .env("CALLCARD_TOKEN", &anna)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?;
        let stderr = child.stderr.take().context("stderr")?;
        let seen = tokio::task::spawn_blocking(move || {
            let (mut tray, mut connected) = (None, None);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tray.is_none() && (line.contains("tray ready") || line.contains("no tray icon")) {
                    tray = Some((began.elapsed(), line.contains("tray ready")));
                }
                if connected.is_none() && line.contains("connected to the relay") {
                    connected = Some(began.elapsed());
                }
                if tray.is_some() && connected.is_some() {
                    break;
                }
            }
            (tray, connected)
        });
        let (tray, connected) = tokio::time::timeout(Duration::from_secs(30), seen).await.context("start-up")??;
        let _ = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        let _ = child.wait();
        let (Some((tray, tray_ok)), Some(connected)) = (tray, connected) else {
            bail!("run {run}: no tray or connection line")
        };
        if !tray_ok {
            println!("run {run}: the tray could not be created on this desktop");
        }
        let ready = tray.max(connected);
        println!(
            "run {run}: tray {:.0} ms, connected {:.0} ms",
            tray.as_secs_f64() * 1e3,
            connected.as_secs_f64() * 1e3
        );
        times.push(ready.as_secs_f64() * 1e3);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let first = times[0];
    times.sort_by(f64::total_cmp);
    println!(
        "start to tray ready and connected: first {first:.0} ms, median {:.0} ms, max {:.0} ms over {runs} runs",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    Ok(())
}
