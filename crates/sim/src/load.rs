//! `callcard-sim load`: open-loop load. Calls start on a fixed schedule whatever the relay's
//! speed, and the send time of every webhook is recorded so delivery latency can be measured.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tokio::sync::mpsc;

use crate::plan::{Planner, ProviderKind};
use crate::player::{Player, SendRecord};

pub struct LoadOptions {
    /// Calls started per second (each call is about five webhooks).
    pub rate: f64,
    pub duration: Duration,
    pub provider: ProviderKind,
    /// Seconds each call rings and talks.
    pub ring_secs: f64,
    pub talk_secs: f64,
    pub seed: u64,
}

pub struct LoadSummary {
    pub calls: u64,
    pub sent: usize,
    pub failed: usize,
    pub reply_p50_ms: f64,
    pub reply_p99_ms: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub async fn run(player: &Player, options: &LoadOptions, out: Option<&Path>) -> anyhow::Result<LoadSummary> {
    let (tx, mut rx) = mpsc::unbounded_channel::<SendRecord>();
    let mut player = player.clone();
    player.records = Some(tx);
    let config = player.config.clone();
    let mut planner = Planner::new(&config, ChaCha8Rng::seed_from_u64(options.seed), 1.0);
    let interval = Duration::from_secs_f64(1.0 / options.rate.max(0.001));
    let total = (options.duration.as_secs_f64() * options.rate).round() as u64;
    let begin = tokio::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..total {
        tokio::time::sleep_until(begin + interval.mul_f64(n as f64)).await;
        let agent = config.agents[(n as usize) % config.agents.len()].clone();
        let client = planner.unknown_number();
        let line = config.lines[0].clone();
        let plan = planner.incoming_with(
            options.provider,
            client,
            line,
            vec![agent.clone()],
            Some(agent),
            true,
            None,
            options.ring_secs,
            options.talk_secs,
        );
        let player = player.clone();
        tasks.spawn(async move { player.play(plan).await });
        // Reap finished calls as we go so the set stays small.
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    drop(player);

    let mut records = vec![];
    while let Some(r) = rx.recv().await {
        records.push(r);
    }
    if let Some(path) = out {
        let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
        writeln!(file, "call_id,event,sent_unix_ns,reply_ms,status")?;
        for r in &records {
            writeln!(file, "{},{},{},{:.3},{}", r.call_id, r.label, r.sent_unix_ns, r.reply_ms, r.status)?;
        }
        file.flush()?;
    }
    let failed = records.iter().filter(|r| !(200..300).contains(&r.status)).count();
    let mut replies: Vec<f64> = records.iter().map(|r| r.reply_ms).collect();
    replies.sort_by(|a, b| a.total_cmp(b));
    Ok(LoadSummary {
        calls: total,
        sent: records.len(),
        failed,
        reply_p50_ms: percentile(&replies, 0.5),
        reply_p99_ms: percentile(&replies, 0.99),
    })
}
