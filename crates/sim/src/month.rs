//! A month of calls played at once: every call generated from the seed, dated on a day and hour
//! of the period (its webhooks carry that start time, as a PBX's do), and a ledger of what was
//! played, one JSON line a call. The ledger is the hand count reports are checked against.

use std::io::Write;
use std::path::Path;

use callcard_protocol::Direction;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rand::Rng;
use serde::Serialize;

use crate::plan::{CallPlan, EndReason, Planner, ProviderKind, ScenarioKind};
use crate::player::Player;

/// The mix of a working month: mostly plain answered and missed calls, some dialled out.
const MIX: &[ScenarioKind] = &[
    ScenarioKind::IncomingAnswered,
    ScenarioKind::IncomingAnswered,
    ScenarioKind::IncomingAnswered,
    ScenarioKind::IncomingMissed,
    ScenarioKind::IncomingMissed,
    ScenarioKind::OutgoingAnswered,
    ScenarioKind::OutgoingAnswered,
    ScenarioKind::OutgoingNoAnswer,
];

/// Calls start between these UTC hours, so no call's day depends on its ring time.
const FIRST_HOUR: u32 = 6;
const LAST_HOUR: u32 = 20;

/// One played call, as the PBX would count it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Played {
    pub provider: ProviderKind,
    pub call_id: String,
    pub direction: Direction,
    pub client: String,
    pub line: String,
    pub started_at: DateTime<Utc>,
    /// Someone talked with the client.
    pub answered: bool,
    /// The extension of the agent the call was with (answered, dialled, or rung and missed).
    pub agent: Option<String>,
    /// Seconds from the call's start to its end.
    pub duration_secs: u32,
    /// Seconds of talk (0 if nobody talked).
    pub talk_secs: u32,
    /// Seconds before someone answered (the whole call when nobody did).
    pub wait_secs: u32,
    /// The webhooks the relay did not accept (empty: every one was).
    pub failures: Vec<String>,
}

pub struct MonthOptions {
    pub from: NaiveDate,
    pub days: u32,
    pub calls: u32,
}

/// Plays `options.calls` calls spread over the period; writes the ledger; returns what it played.
pub async fn run(
    player: &Player,
    planner: &mut Planner<'_>,
    options: &MonthOptions,
    ledger: &Path,
) -> anyhow::Result<Vec<Played>> {
    anyhow::ensure!(options.days > 0, "--days must be at least 1");
    let mut out = std::io::BufWriter::new(std::fs::File::create(ledger)?);
    let mut played = Vec::with_capacity(options.calls as usize);
    for _ in 0..options.calls {
        let kind = MIX[planner.rng.random_range(0..MIX.len())];
        let day = options.from + chrono::Days::new(u64::from(planner.rng.random_range(0..options.days)));
        let second = planner.rng.random_range(FIRST_HOUR * 3600..LAST_HOUR * 3600);
        let started = Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
            + chrono::Duration::seconds(i64::from(second));
        for plan in planner.plan(kind, None) {
            let entry = ledger_entry(&plan, started);
            let failures = player.play_dated(plan, started).await;
            let entry = Played { failures: failures.iter().map(ToString::to_string).collect(), ..entry };
            writeln!(out, "{}", serde_json::to_string(&entry)?)?;
            played.push(entry);
        }
    }
    out.flush()?;
    Ok(played)
}

fn ledger_entry(plan: &CallPlan, started: DateTime<Utc>) -> Played {
    Played {
        provider: plan.provider,
        call_id: plan.call_id.clone(),
        direction: plan.direction,
        client: plan.client.clone(),
        line: plan.line.clone(),
        started_at: started,
        answered: plan.end_reason() == EndReason::Answered,
        agent: plan.main_agent().map(|a| a.extension.clone()),
        duration_secs: plan.duration_secs(),
        talk_secs: plan.talk_secs,
        wait_secs: plan.wait_secs(),
        failures: vec![],
    }
}
