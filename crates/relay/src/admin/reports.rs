//! Reports: a period's figures (computed by the store) and the CSV of its calls, for the
//! console, the API and `callcard-relay report`. Days are `[reports] timezone` days.

use callcard_protocol::{Call, Direction, ErrorCode, Report};
use chrono::{NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

use super::{AdminError, Refusal};
use crate::admin::RuntimeSettings;
use crate::store::{ReportPeriod, Store};

/// The longest period one report covers.
pub const MAX_DAYS: i64 = 400;

/// `[from, to]` (both days included) in `tz`, checked.
pub fn period(tz: Tz, from: NaiveDate, to: NaiveDate) -> Result<ReportPeriod, Refusal> {
    if to < from {
        return Err(Refusal::invalid(ErrorCode::BadField, "the period ends before it starts")
            .with("field", "to")
            .with("detail", "on or after from"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(Refusal::invalid(ErrorCode::BadField, format!("a report covers at most {MAX_DAYS} days"))
            .with("field", "to")
            .with("detail", format!("at most {MAX_DAYS} days")));
    }
    let from_at = day_start(tz, from);
    Ok(ReportPeriod {
        from: from_at,
        to: day_start(tz, to.succ_opt().expect("a date after `to`")),
        day_shift_secs: tz.offset_from_utc_datetime(&from_at.naive_utc()).fix().local_minus_utc(),
    })
}

/// When `day` starts in `tz`, in UTC (a day that starts in a DST gap: at its first instant).
pub fn day_start(tz: Tz, day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    tz.from_local_datetime(&midnight).earliest().unwrap_or_else(|| tz.from_utc_datetime(&midnight)).to_utc()
}

/// A date as the API and the command line take it.
pub fn date(field: &str, text: &str) -> Result<NaiveDate, Refusal> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Refusal::invalid(ErrorCode::BadField, format!("{field} must be a date like 2026-11-30, got {text:?}"))
            .with("field", field)
            .with("detail", "YYYY-MM-DD")
    })
}

pub async fn report(
    store: &dyn Store,
    tz: Tz,
    settings: &RuntimeSettings,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Report, AdminError> {
    let figures = store.report_figures(&period(tz, from, to)?).await?;
    let label = |line: &Option<String>| line.as_deref().and_then(|l| settings.line_label(l)).map(str::to_string);
    let mut lead_sources = figures.lead_sources;
    for source in &mut lead_sources {
        source.line_label = label(&source.line);
    }
    let mut days = figures.days;
    for day in &mut days {
        if day.line_label.is_none() {
            day.line_label = label(&day.line);
        }
    }
    Ok(Report {
        from,
        to,
        timezone: tz.name().to_string(),
        totals: figures.totals,
        days,
        agents: figures.agents,
        outcomes: figures.outcomes,
        lead_sources,
    })
}

/// The CSV columns, one row per call: codes (stable for scripts), not words.
const COLUMNS: [&str; 18] = [
    "started_at",
    "direction",
    "answered",
    "missed",
    "line",
    "line_label",
    "client_phone",
    "client_name",
    "company",
    "client_status",
    "agent",
    "wait_secs",
    "talk_secs",
    "outcome",
    "outcome_label",
    "note",
    "provider",
    "provider_call_id",
];

/// The calls as CSV: UTF-8 with a byte-order mark (spreadsheets then read Cyrillic right), times
/// in `tz`, fields separated by `separator` (`,` or `;`).
pub fn calls_csv(calls: &[Call], tz: Tz, separator: u8) -> Result<Vec<u8>, AdminError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new().delimiter(separator).from_writer(&mut out);
        let failed = |e: csv::Error| AdminError::Store(crate::store::StoreError::Invalid(e.to_string()));
        writer.write_record(COLUMNS).map_err(failed)?;
        for call in calls {
            writer.write_record(row(call, tz)).map_err(failed)?;
        }
        writer.flush().map_err(|e| AdminError::Store(crate::store::StoreError::Invalid(e.to_string())))?;
    }
    Ok(out)
}

fn row(call: &Call, tz: Tz) -> Vec<String> {
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    let contact = call.contact.as_ref();
    let agent = call.agent.as_ref();
    let wait = call.answered_at.map(|a| (a - call.started_at).num_seconds().max(0).to_string());
    let talk = call.answered_at.and(call.duration_secs).map(|d| d.to_string());
    vec![
        call.started_at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string(),
        match call.direction {
            Direction::Incoming => "incoming",
            Direction::Outgoing => "outgoing",
            _ => "unknown",
        }
        .to_string(),
        yes(call.answered_at.is_some()),
        yes(call.missed),
        call.line.clone().unwrap_or_default(),
        call.line_label.clone().unwrap_or_default(),
        call.client_phone.clone().unwrap_or_default(),
        contact.map(|c| c.name.clone()).unwrap_or_default(),
        contact.and_then(|c| c.company.clone()).unwrap_or_default(),
        contact
            .map(|c| if c.status == callcard_protocol::ContactStatus::Lead { "lead" } else { "client" })
            .unwrap_or_default()
            .to_string(),
        agent
            .and_then(|a| a.name.clone().or_else(|| a.extension.clone()).or_else(|| a.login.clone()))
            .unwrap_or_default(),
        wait.unwrap_or_default(),
        talk.unwrap_or_default(),
        call.outcome.as_ref().map(|o| o.code.clone()).unwrap_or_default(),
        call.outcome.as_ref().map(|o| o.label.clone()).unwrap_or_default(),
        call.outcome.as_ref().and_then(|o| o.note.clone()).unwrap_or_default(),
        call.provider.as_str().to_string(),
        call.provider_call_id.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_whole_local_days() {
        let moscow: Tz = "Europe/Moscow".parse().unwrap();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let p = period(moscow, d("2026-11-01"), d("2026-11-30")).unwrap();
        assert_eq!(p.from.to_rfc3339(), "2026-10-31T21:00:00+00:00");
        assert_eq!(p.to.to_rfc3339(), "2026-11-30T21:00:00+00:00");
        assert_eq!(p.day_shift_secs, 3 * 3600);
        assert!(period(moscow, d("2026-11-02"), d("2026-11-01")).is_err());
        assert!(period(moscow, d("2025-01-01"), d("2026-11-01")).is_err());
        assert!(date("from", "30.11.2026").is_err());
    }
}
