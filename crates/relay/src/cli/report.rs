//! `callcard-relay report --from DATE --to DATE [--csv FILE]`: the console's report on the
//! command line (the same figures, from the same admin service).

use std::path::PathBuf;

use anyhow::{bail, Context};

use crate::admin::{reports, settings, AdminError};
use crate::config::Config;
use crate::store::Store;

pub(super) struct Args {
    pub from: String,
    pub to: String,
    pub csv: Option<PathBuf>,
    pub separator: String,
}

fn refused(e: impl Into<AdminError>) -> anyhow::Error {
    anyhow::Error::msg(e.into().to_string())
}

pub(super) async fn run(store: &dyn Store, config: &Config, args: Args) -> anyhow::Result<()> {
    let tz = config.reports.tz().map_err(anyhow::Error::msg)?;
    let from = reports::date("--from", &args.from).map_err(refused)?;
    let to = reports::date("--to", &args.to).map_err(refused)?;
    if let Some(file) = args.csv {
        let separator = match args.separator.as_str() {
            "," => b',',
            ";" => b';',
            other => bail!("--separator must be , or ;, not {other:?}"),
        };
        let period = reports::period(tz, from, to).map_err(refused)?;
        let calls = store.report_calls(&period).await?;
        let body = reports::calls_csv(&calls, tz, separator).map_err(refused)?;
        std::fs::write(&file, body).with_context(|| format!("cannot write {}", file.display()))?;
        println!("wrote {} calls to {}", calls.len(), file.display());
        return Ok(());
    }
    let live = settings::read(store, config).await?;
    let r = reports::report(store, tz, &live, from, to).await.map_err(refused)?;
    let t = &r.totals;
    println!("{} to {} ({})", r.from, r.to, r.timezone);
    println!(
        "calls {}  incoming {}  answered {}  missed {}  outgoing {}  talk {} min  new leads {}",
        t.calls,
        t.incoming,
        t.answered,
        t.missed,
        t.outgoing,
        t.talk_secs / 60,
        t.new_leads
    );
    println!("\n{:<12} {:<28} {:>6} {:>9} {:>9} {:>7}", "day", "line", "calls", "incoming", "answered", "missed");
    for d in &r.days {
        let line = match (&d.line_label, &d.line) {
            (Some(label), Some(line)) => format!("{label} ({line})"),
            (None, Some(line)) => line.clone(),
            _ => "—".into(),
        };
        println!("{:<12} {:<28} {:>6} {:>9} {:>9} {:>7}", d.day, line, d.calls, d.incoming, d.answered, d.missed);
    }
    println!(
        "\n{:<24} {:>6} {:>9} {:>7} {:>9} {:>9} {:>8}",
        "agent", "calls", "answered", "missed", "talk min", "avg wait", "outcomes"
    );
    for a in &r.agents {
        let wait = a.avg_wait_secs.map(|w| format!("{w:.1} s")).unwrap_or_else(|| "—".into());
        println!(
            "{:<24} {:>6} {:>9} {:>7} {:>9} {:>9} {:>8}",
            a.name,
            a.calls,
            a.answered,
            a.missed,
            a.talk_secs / 60,
            wait,
            a.with_outcome
        );
    }
    println!("\n{:<24} {:>6}", "outcome", "calls");
    for o in &r.outcomes {
        println!("{:<24} {:>6}", o.label, o.calls);
    }
    println!("\n{:<28} {:>6}", "lead source", "leads");
    for s in &r.lead_sources {
        let line = s.line_label.clone().or_else(|| s.line.clone()).unwrap_or_else(|| "—".into());
        println!("{line:<28} {:>6}", s.leads);
    }
    Ok(())
}
