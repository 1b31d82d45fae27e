//! Relay benchmarks 1–5 of BENCHMARKS.md, each against the real relay binary.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use rand::Rng;
use tokio::sync::watch;

use crate::clients::{self, Receipt};
use crate::nats::{self, NatsServer};
use crate::setup::{self, Sends, Storage};
use crate::stats::{rss_kib, Latencies};

/// How long stragglers may take after the last send.
const DRAIN: Duration = Duration::from_secs(3);

async fn gather(mut set: tokio::task::JoinSet<Vec<Receipt>>) -> anyhow::Result<Vec<Receipt>> {
    let mut all = vec![];
    while let Some(receipts) = set.join_next().await {
        all.extend(receipts?);
    }
    Ok(all)
}

/// Webhook sent → event received, for every event whose webhook is found.
fn delivery_latencies(sends: &Sends, receipts: &[Receipt]) -> (Latencies, usize) {
    let mut latencies = Latencies::default();
    let mut unmatched = 0;
    for r in receipts {
        match sends.cause(&r.call_id, r.at_ns) {
            Some(send) => latencies.record_ns(r.received_ns - send.sent_ns),
            None => unmatched += 1,
        }
    }
    (latencies, unmatched)
}

/// How long the relay took to answer each webhook, as the simulator timed it.
fn reply_times(sends: &Sends) -> Latencies {
    let mut replies = Latencies::default();
    for s in sends.by_call.values().flatten() {
        replies.record_ns(s.reply_ns);
    }
    replies
}

pub struct LatencyOptions {
    pub agents: usize,
    pub calls_per_sec: f64,
    pub secs: u64,
    pub storage: Storage,
    pub nats_server: Option<PathBuf>,
}

/// Benchmarks 1 and 2: delivery latency through the relay, then through nats-server.
pub async fn latency(o: &LatencyOptions) -> anyhow::Result<()> {
    setup::raise_open_files(4 * o.agents as u64 + 1024);
    let relay = setup::relay(o.storage).await?;
    let agents = setup::agents(&relay, o.agents)?;
    let tokens: Vec<String> = agents.iter().map(|a| a.token.clone()).collect();
    let sockets = clients::connect_all(&relay.addr(), &tokens, 64).await?;
    println!("relay: {} agents connected; playing {} calls/s for {} s", sockets.len(), o.calls_per_sec, o.secs);
    let (stop_tx, stop) = watch::channel(false);
    let recording = clients::record(sockets, stop);
    let sim = setup::sim_config(&relay, &agents);
    let log = setup::sim_load(&sim, relay.dir.path(), o.calls_per_sec, o.secs, 1.0, 2.0).await?;
    tokio::time::sleep(DRAIN).await;
    stop_tx.send(true)?;
    let receipts = gather(recording).await?;
    let sends = Sends::read(&log)?;
    let (relay_latency, unmatched) = delivery_latencies(&sends, &receipts);
    println!(
        "relay ({:?} storage): {} webhooks sent ({:.0}/s), {} refused; {} events received, {} not matched to a webhook",
        o.storage,
        sends.total,
        sends.rate(o.secs),
        sends.failed,
        receipts.len(),
        unmatched
    );
    println!("relay delivery latency: {}", relay_latency.summary());
    println!("relay webhook reply time: {}", reply_times(&sends).summary());
    let Some(binary) = &o.nats_server else { return Ok(()) };

    // The same number of subscribers and the same event rate the relay's agents saw.
    let scratch = tempfile::tempdir()?;
    let template = scratch.path().join("event.json");
    std::fs::write(&template, event_template(&relay, &agents[0].token).await?)?;
    let rate = receipts.len() as f64 / o.secs as f64;
    drop(relay);
    let server = NatsServer::start(binary).await?;
    let (stop_tx, stop) = watch::channel(false);
    let subscribers = nats::subscribers(&server.ws_url, o.agents, stop).await?;
    println!("nats: {} WebSocket subscribers; publishing {rate:.0} events/s for {} s", o.agents, o.secs);
    nats::run_publisher(&server.tcp_url, &template, rate, o.secs as f64, o.agents).await?;
    tokio::time::sleep(DRAIN).await;
    stop_tx.send(true)?;
    let receipts = gather(subscribers).await?;
    let mut nats_latency = Latencies::default();
    for r in &receipts {
        nats_latency.record_ns(r.received_ns - r.at_ns);
    }
    println!("nats delivery latency: {}", nats_latency.summary());
    println!(
        "ratio relay/nats: p50 {:.2}x, p99 {:.2}x",
        relay_latency.ms(0.5) / nats_latency.ms(0.5),
        relay_latency.ms(0.99) / nats_latency.ms(0.99)
    );
    Ok(())
}

/// A real event as the relay sends it, for the NATS publisher to send in its place.
async fn event_template(relay: &callcard_e2e::Relay, token: &str) -> anyhow::Result<String> {
    let snapshot = relay.get_json("/api/v1/calls/recent?limit=1", token).await;
    let call = snapshot["calls"][0].clone();
    if call.is_null() {
        bail!("the relay has no call to copy an event from: {snapshot}");
    }
    let event = serde_json::json!({
        "type": "event", "epoch": snapshot["position"]["epoch"], "seq": call["seq"],
        "kind": "updated", "at": call["started_at"], "call": call,
    });
    Ok(event.to_string())
}

pub struct ThroughputOptions {
    pub agents: usize,
    pub start: u32,
    pub step: u32,
    pub max: u32,
    pub secs: u64,
    pub storage: Storage,
}

/// Benchmark 3: raises the webhook rate step by step until delivery p99 passes 50 ms.
pub async fn throughput(o: &ThroughputOptions) -> anyhow::Result<()> {
    setup::raise_open_files(4 * o.agents as u64 + 4096);
    let relay = setup::relay(o.storage).await?;
    let agents = setup::agents(&relay, o.agents)?;
    let tokens: Vec<String> = agents.iter().map(|a| a.token.clone()).collect();
    let sim = setup::sim_config(&relay, &agents);
    println!("| webhooks/s asked | sent/s | refused | delivery p50 | p99 | p999 | reply p99 |");
    println!("|---|---|---|---|---|---|---|");
    let mut best = None;
    let mut rate = o.start;
    while rate <= o.max {
        let sockets = clients::connect_all(&relay.addr(), &tokens, 64).await?;
        let (stop_tx, stop) = watch::channel(false);
        let recording = clients::record(sockets, stop);
        // Five webhooks a call (start, ring, answer, end, record), short calls.
        let log = setup::sim_load(&sim, relay.dir.path(), rate as f64 / 5.0, o.secs, 0.2, 0.5).await?;
        tokio::time::sleep(DRAIN).await;
        stop_tx.send(true)?;
        let receipts = gather(recording).await?;
        let sends = Sends::read(&log)?;
        let (latency, _) = delivery_latencies(&sends, &receipts);
        let replies = reply_times(&sends);
        println!(
            "| {rate} | {:.0} | {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms |",
            sends.rate(o.secs),
            sends.failed,
            latency.ms(0.5),
            latency.ms(0.99),
            latency.ms(0.999),
            replies.ms(0.99)
        );
        if latency.ms(0.99) > 50.0 || sends.failed > 0 {
            break;
        }
        best = Some(sends.rate(o.secs));
        rate += o.step;
    }
    match best {
        Some(r) => println!("max sustained: {r:.0} durable webhooks/s with delivery p99 under 50 ms"),
        None => println!("max sustained: below {} webhooks/s", o.start),
    }
    Ok(())
}

/// Connections one client process holds (each needs a file descriptor; the hard limit may be
/// as low as 20,000 per process and cannot always be raised).
const PER_HOLDER: usize = 5000;

/// Benchmark 4: the relay's resident memory per idle agent connection. The clients live in
/// separate processes (`hold-connections`) so no process needs more descriptors than allowed.
pub async fn idle(connections: usize, settle: Duration) -> anyhow::Result<()> {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let limit = setup::raise_open_files(connections as u64 + 1024);
    if limit < connections as u64 + 64 {
        bail!(
            "the relay may hold only {limit} open files, fewer than {connections} connections: \
             raise the hard limit (ulimit -Hn) or pass --connections {}",
            limit.saturating_sub(100)
        );
    }
    let relay = setup::relay(Storage::Tmpfs).await?;
    let agents = setup::agents(&relay, connections)?;
    let pid = relay.pid().context("relay pid")?;
    // One connection first, so the per-connection figure leaves out one-off start-up costs.
    let warm = clients::connect_all(&relay.addr(), &[agents[0].token.clone()], 1).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_kib(pid)?;
    let began = Instant::now();
    let mut holders = vec![];
    for (i, chunk) in agents[1..].chunks(PER_HOLDER).enumerate() {
        let tokens = relay.dir.path().join(format!("tokens-{i}.txt"));
        std::fs::write(&tokens, chunk.iter().map(|a| a.token.as_str()).collect::<Vec<_>>().join("\n"))?;
        let mut holder = tokio::process::Command::new(std::env::current_exe()?)
            .args(["hold-connections", "--addr", &relay.addr(), "--tokens"])
            .arg(&tokens)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let mut lines = BufReader::new(holder.stdout.take().context("stdout")?).lines();
        let line = lines.next_line().await?.unwrap_or_default();
        if !line.starts_with("connected") {
            bail!("a client process could not connect its share: {line:?}");
        }
        holders.push(holder);
    }
    let connect_secs = began.elapsed().as_secs_f64();
    let health = relay.get_json("/healthz", "").await;
    tokio::time::sleep(settle).await;
    let after = rss_kib(pid)?;
    let n = (connections - 1) as f64;
    println!(
        "idle: {} connections (relay counts {}) in {connect_secs:.1} s; relay RSS {} KiB before, {} KiB after {} s idle: \
         {:.1} KiB per connection",
        connections,
        health["connections"],
        before,
        after,
        settle.as_secs(),
        (after.saturating_sub(before)) as f64 / n
    );
    drop(holders);
    drop(warm);
    Ok(())
}

/// `hold-connections`: connects every token in the file, says so on stdout, and keeps the
/// connections (answering pings) until stdin closes.
pub async fn hold_connections(addr: &str, tokens: &std::path::Path) -> anyhow::Result<()> {
    use tokio::io::AsyncReadExt;
    setup::raise_open_files(PER_HOLDER as u64 + 1024);
    let tokens: Vec<String> = std::fs::read_to_string(tokens)?.lines().map(str::to_string).collect();
    let sockets = clients::connect_all(addr, &tokens, 200).await?;
    println!("connected {}", sockets.len());
    let (stop_tx, stop) = watch::channel(false);
    let reading = clients::record(sockets, stop);
    let mut rest = vec![];
    let _ = tokio::io::stdin().read_to_end(&mut rest).await;
    stop_tx.send(true)?;
    let _ = gather(reading).await;
    Ok(())
}

/// Benchmark 5: NOTIFY_START, `cmd=contact` and UIS routing reply latency with `contacts` in
/// the store.
pub async fn lookup(contacts: usize, requests: usize, storage: Storage) -> anyhow::Result<()> {
    let mut relay = setup::relay(storage).await?;
    let agents = setup::agents(&relay, 100)?;
    let csv = relay.dir.path().join("contacts.csv");
    {
        use std::io::Write;
        let mut file = std::io::BufWriter::new(std::fs::File::create(&csv)?);
        writeln!(file, "phone,name,company,responsible")?;
        for n in 0..contacts {
            writeln!(file, "7900{n:07},Client {n},Company {},{}", n % 5000, agents[n % agents.len()].login)?;
        }
        file.flush()?;
    }
    relay.kill();
    let began = Instant::now();
    relay.cli(&["contact", "import", csv.to_str().context("path")?])?;
    println!("lookup: imported {contacts} contacts in {:.1} s", began.elapsed().as_secs_f64());
    relay.revive().await;

    let mut rng = rand::rng();
    let mut start = Latencies::default();
    let mut contact = Latencies::default();
    let mut route = Latencies::default();
    let mut redirect = Latencies::default();
    for i in 0..requests {
        let n = rng.random_range(0..contacts);
        let phone = format!("7900{n:07}");
        let call_id = format!("bench-{i}");
        let fields = [
            ("event", "NOTIFY_START"),
            ("call_start", "2026-11-21 10:00:00"),
            ("pbx_call_id", call_id.as_str()),
            ("caller_id", phone.as_str()),
            ("called_did", "74951234567"),
        ];
        let began = Instant::now();
        let reply = relay.zadarma(&fields).await;
        let status = reply.status();
        let body: serde_json::Value = reply.json().await?;
        start.record_ns(began.elapsed().as_nanos() as i64);
        if !status.is_success() || body["caller_name"] != format!("Client {n} / Company {}", n % 5000) {
            bail!("NOTIFY_START for {phone}: {status} {body}");
        }

        let began = Instant::now();
        let reply =
            relay.itoolabs(&[("cmd", "contact"), ("phone", phone.as_str()), ("callid", call_id.as_str())]).await;
        let status = reply.status();
        let body: serde_json::Value = reply.json().await?;
        contact.record_ns(began.elapsed().as_nanos() as i64);
        if !status.is_success() || body["responsible"] != agents[n % agents.len()].login {
            bail!("cmd=contact for {phone}: {status} {body}");
        }

        // UIS interactive call processing: the same lookup, answered with a scenario branch
        // (routing to the responsible is off in this config).
        let began = Instant::now();
        let request = serde_json::json!({"numa": phone, "numb": "74951234567", "cdr_id": i});
        let reply = relay.uis("route", &request.to_string()).await;
        let status = reply.status();
        let body: serde_json::Value = reply.json().await?;
        route.record_ns(began.elapsed().as_nanos() as i64);
        if !status.is_success() || body != serde_json::json!({"returned_code": 1}) {
            bail!("UIS route for {phone}: {status} {body}");
        }

        // Ringostat's webhook number: the same lookup, an empty answer (routing is off).
        let began = Instant::now();
        let request = serde_json::json!({"call_id": call_id, "caller": phone, "dst": "74951234567"});
        let reply = relay.ringostat("route", &request.to_string()).await;
        let status = reply.status();
        let body: serde_json::Value = reply.json().await?;
        redirect.record_ns(began.elapsed().as_nanos() as i64);
        if !status.is_success() || body != serde_json::json!({}) {
            bail!("Ringostat route for {phone}: {status} {body}");
        }
    }
    println!("lookup ({storage:?} storage, {contacts} contacts): NOTIFY_START reply {}", start.summary());
    println!("lookup ({storage:?} storage, {contacts} contacts): cmd=contact reply {}", contact.summary());
    println!("lookup ({storage:?} storage, {contacts} contacts): UIS route reply {}", route.summary());
    println!("lookup ({storage:?} storage, {contacts} contacts): Ringostat route reply {}", redirect.summary());
    Ok(())
}
