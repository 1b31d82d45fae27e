//! The call-event writer: one SQLite connection on its own thread, where a whole ingest batch
//! (or an outcome click) runs start to commit without leaving the thread.
//!
//! Why not sqlx here: sqlx runs each statement on its connection's worker thread and wakes the
//! async caller for every result. A webhook takes about fifteen statements, so at 1,000
//! webhooks/s the relay spent half its CPU switching threads (measured with perf, see
//! BENCHMARKS.md). Here a batch costs one hand-off in and one out. Reads and the rare admin
//! writes stay on the sqlx pool; SQLite's lock keeps the two writers apart (busy timeout).

use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use callcard_domain::ledger::{self, Loaded};
use callcard_domain::outcomes::{self, OutcomeRequest, OutcomeResult};
use callcard_domain::{Delivery, IngestOutcome, PublishedEvent};
use callcard_pbx::{AgentKey, CallFacts, DedupScope};
use callcard_protocol::{AgentRef, Call, CallState, ContactStatus, EventKind, OutcomeSaved, ProviderId};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use tokio::sync::oneshot;

use super::leads;
use super::{call_from_json, seq_from_db, to_db};
use crate::store::{StoreError, StoreResult};

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// WAL pages between automatic checkpoints (measured: 50, 100, 250, 1,000 and 10,000 tried).
const WAL_CHECKPOINT_PAGES: i64 = 250;

pub(super) struct Writer {
    jobs: mpsc::Sender<Job>,
    epoch: Arc<str>,
}

/// Times as sqlx writes them (RFC 3339 with `+00:00`), so both sides read and compare the same text.
pub(super) fn db_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

impl Writer {
    /// Opens the writer's connection to an existing, migrated database file.
    pub(super) fn open(path: &Path, epoch: &str) -> StoreResult<Writer> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        // FULL: a commit is on disk before the webhook is acknowledged, even on power loss.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Statement journals in memory: by default SQLite spills them to a temporary file on the
        // machine's disk, whose writes then compete with the WAL's fsyncs.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Checkpoint every 250 WAL pages instead of SQLite's 1,000. The commit that crosses the
        // mark copies the WAL into the database and fsyncs it while later webhooks wait; shorter
        // copies cut delivery p99 on disk from 10-11 ms to 7 ms (BENCHMARKS.md, figure 1).
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)?;
        conn.set_prepared_statement_cache_capacity(64);
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                let mut conn = conn;
                for job in rx {
                    job(&mut conn);
                }
            })
            .map_err(|e| StoreError::Unavailable(format!("cannot start the writer thread: {e}")))?;
        Ok(Writer { jobs, epoch: epoch.into() })
    }

    /// Runs `work` on the writer thread and waits for its answer.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection, &str) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let (tx, rx) = oneshot::channel();
        let epoch = self.epoch.clone();
        self.jobs
            .send(Box::new(move |conn| {
                let _ = tx.send(work(conn, &epoch));
            }))
            .map_err(|_| StoreError::Unavailable("the writer thread has stopped".into()))?;
        rx.await.map_err(|_| StoreError::Unavailable("the writer thread has stopped".into()))?
    }

    pub(super) async fn ingest(&self, batch: Vec<Delivery>) -> StoreResult<Vec<StoreResult<IngestOutcome>>> {
        self.run(move |conn, epoch| ingest_batch(conn, epoch, &batch)).await
    }

    pub(super) async fn log_outcome(&self, request: OutcomeRequest) -> StoreResult<OutcomeResult> {
        self.run(move |conn, epoch| {
            // IMMEDIATE: the event's sequence comes from MAX(seq), like a webhook batch's.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let result = store_outcome(&tx, epoch, &request)?;
            if matches!(result, OutcomeResult::Logged { .. }) {
                tx.commit()?;
            }
            Ok(result)
        })
        .await
    }
}

fn head_seq(conn: &Connection) -> StoreResult<u64> {
    let head: i64 = conn.prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM events")?.query_row([], |r| r.get(0))?;
    Ok(seq_from_db(head))
}

/// Stores a batch in one transaction. Almost every batch stores cleanly, so it first runs
/// without savepoints: a savepoint makes SQLite copy every page it touches into a sub-journal,
/// a tenth of the relay's profile under load (BENCHMARKS.md, session 8). If any delivery fails,
/// that attempt is rolled back and the batch is stored again with a savepoint per delivery, so
/// one bad delivery does not take the others down with it.
fn ingest_batch(
    conn: &mut Connection,
    epoch: &str,
    batch: &[Delivery],
) -> StoreResult<Vec<StoreResult<IngestOutcome>>> {
    ingest_all_or_nothing(conn, epoch, batch).or_else(|e| {
        tracing::warn!(error = %e, size = batch.len(), "a webhook batch failed; storing its webhooks one at a time");
        ingest_one_by_one(conn, epoch, batch)
    })
}

/// IMMEDIATE: take the write lock up front (waiting out an admin command's write) rather than
/// failing when a read turns into a write. The lock is what makes `MAX(seq) + 1` the ordering
/// point: no other writer can take a position until this transaction commits.
fn begin(conn: &mut Connection) -> StoreResult<(rusqlite::Transaction<'_>, u64)> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let next_seq = head_seq(&tx)? + 1;
    Ok((tx, next_seq))
}

/// The fast path: the whole batch commits, or nothing does (the transaction rolls back on drop).
fn ingest_all_or_nothing(
    conn: &mut Connection,
    epoch: &str,
    batch: &[Delivery],
) -> StoreResult<Vec<StoreResult<IngestOutcome>>> {
    let (tx, mut next_seq) = begin(conn)?;
    let outcomes =
        batch.iter().map(|d| ingest_one(&tx, epoch, d, &mut next_seq).map(Ok)).collect::<StoreResult<_>>()?;
    tx.commit()?;
    Ok(outcomes)
}

fn ingest_one_by_one(
    conn: &mut Connection,
    epoch: &str,
    batch: &[Delivery],
) -> StoreResult<Vec<StoreResult<IngestOutcome>>> {
    let (mut tx, mut next_seq) = begin(conn)?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for d in batch {
        let one = tx.savepoint()?;
        let seq_before = next_seq;
        match ingest_one(&one, epoch, d, &mut next_seq) {
            Ok(outcome) => {
                one.commit()?;
                outcomes.push(Ok(outcome));
            }
            Err(e) => {
                drop(one); // rolls back to the savepoint
                next_seq = seq_before;
                tracing::error!(error = %e, event = %d.event, "could not store one webhook");
                outcomes.push(Err(e));
            }
        }
    }
    tx.commit()?;
    Ok(outcomes)
}

/// The key a delivery is stored under: its content key, or for repeats judged against the
/// call's latest webhook only, the content key plus that webhook's id (`None`: a repeat).
fn stored_dedup_key(conn: &Connection, d: &Delivery, call_id: Option<&str>) -> StoreResult<Option<String>> {
    let (DedupScope::LatestOfCall, Some(call_id)) = (d.dedup_scope, call_id) else {
        return Ok(Some(d.content_key.clone()));
    };
    let latest: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, content_key FROM webhooks WHERE provider = ? AND provider_call_id = ? \
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![d.provider.as_str(), call_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match latest {
        Some((_, key)) if key == d.content_key => None,
        Some((id, _)) => Some(format!("{}:{id}", d.content_key)),
        None => Some(d.content_key.clone()),
    })
}

fn ingest_one(conn: &Connection, epoch: &str, d: &Delivery, next_seq: &mut u64) -> StoreResult<IngestOutcome> {
    let call_id = d.facts.as_ref().map(|f| f.call_id.as_str());
    let Some(dedup_key) = stored_dedup_key(conn, d, call_id)? else { return Ok(IngestOutcome::Duplicate) };
    let problems = (!d.problems.is_empty()).then(|| serde_json::to_string(&d.problems).expect("strings serialise"));
    let webhook_id: Option<i64> = conn
        .prepare_cached(
            "INSERT INTO webhooks (provider, provider_call_id, content_key, dedup_key, event, fields, received_at, problems) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
        )?
        .query_row(
            params![
                d.provider.as_str(),
                call_id,
                d.content_key,
                dedup_key,
                d.event,
                d.fields_json,
                db_time(d.received_at),
                problems
            ],
            |r| r.get(0),
        )
        .optional()?;
    let Some(webhook_id) = webhook_id else { return Ok(IngestOutcome::Duplicate) };
    let Some(facts) = &d.facts else { return Ok(IngestOutcome::Stored { event: None }) };
    let (call_id, event) = apply_facts(conn, epoch, d, facts, next_seq)?;
    conn.prepare_cached("UPDATE webhooks SET call_id = ?, event_seq = ? WHERE id = ?")?.execute(params![
        call_id,
        event.as_ref().map(|e| to_db(e.seq)),
        webhook_id
    ])?;
    Ok(IngestOutcome::Stored { event })
}

/// Applies one call's facts inside the ingest transaction; returns the call and its event, if any.
fn apply_facts(
    conn: &Connection,
    epoch: &str,
    d: &Delivery,
    facts: &CallFacts,
    next_seq: &mut u64,
) -> StoreResult<(Option<i64>, Option<Arc<PublishedEvent>>)> {
    let prev_row: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, snapshot FROM calls WHERE provider = ? AND provider_call_id = ?")?
        .query_row(params![facts.provider.as_str(), facts.call_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let prev = prev_row.as_ref().map(|(_, snapshot)| call_from_json(snapshot)).transpose()?;
    let prev_id = prev_row.as_ref().map(|(id, _)| *id);
    let agent = match facts.agent.as_ref().filter(|k| !k.is_empty()) {
        Some(key) => Some(resolve_agent(conn, &facts.provider, key)?),
        None => None,
    };
    let phone = ledger::contact_phone(prev.as_ref(), d.client_phone.as_deref()).map(str::to_string);
    let found = match &phone {
        Some(phone) => leads::contact_info(conn, phone)?,
        None => None,
    };
    let existing = leads::existing(&found);
    let unsourced_lead =
        found.as_ref().is_some_and(|(info, _)| info.status == ContactStatus::Lead && info.source_line.is_none());
    let contact = found.map(|(info, _)| info);
    let lead_now = contact.as_ref().is_some_and(|c| c.status == ContactStatus::Lead);
    let prev_start = prev.as_ref().map(|c| c.started_at);
    let Some(mut change) = ledger::merge(Loaded { prev, agent, contact }, d, facts) else {
        return Ok((prev_id, None));
    };
    // The PBX told the call's real start only now (UIS and Ringostat on a later event,
    // ITooLabs at the end): a lead dated by the call's first event dates from it instead.
    if let (true, Some(phone), Some(was)) = (lead_now && d.leads.is_some(), &phone, prev_start) {
        if change.call.started_at < was {
            leads::move_lead_date(conn, phone, change.call.started_at)?;
        }
    }
    // A new number's lead, on the event that made the call (seed 004's rules).
    if let (Some(rules), Some(phone)) = (&d.leads, &phone) {
        let action = callcard_domain::leads::decide(rules, &change.call, existing);
        if let Some(action) = &action {
            leads::apply(conn, action, phone, change.call.started_at)?;
        }
        // A lead made before the call named its line (an outgoing call's first event) gets it;
        // only such a lead costs the write.
        let sourced = unsourced_lead && leads::fill_source(conn, phone, change.call.line.as_deref())?;
        if action.is_some() || sourced {
            change.call.contact = leads::contact_info(conn, phone)?.map(|(info, _)| info);
        }
    }
    let seq = *next_seq;
    *next_seq += 1;
    let call_id = match prev_id {
        Some(id) => id,
        None => {
            conn.prepare_cached(
                "INSERT INTO calls (provider, provider_call_id, state, started_at, seq, snapshot) \
                 VALUES (?, ?, 'ringing', ?, 0, '') RETURNING id",
            )?
            .query_row(params![facts.provider.as_str(), facts.call_id, db_time(change.call.started_at)], |r| r.get(0))?
        }
    };
    let event = save_event(conn, epoch, seq, call_id, change.call, change.kind, d.received_at, change.new_agent)?;
    Ok((Some(call_id), Some(event)))
}

/// The agent `key` names, among active agents' users on this provider only: extension "100"
/// on one PBX is not "100" on another. Unmatched: the PBX's own names, no agent id.
fn resolve_agent(conn: &Connection, provider: &ProviderId, key: &AgentKey) -> StoreResult<AgentRef> {
    let mut find = conn.prepare_cached(
        "SELECT a.id, a.name, \
           (SELECT user_id FROM agent_pbx_users WHERE agent_id = a.id AND provider = 'zadarma'), \
           (SELECT user_id FROM agent_pbx_users WHERE agent_id = a.id AND provider = 'itoolabs') \
         FROM agent_pbx_users u JOIN agents a ON a.id = u.agent_id \
         WHERE u.provider = ? AND u.user_id = ? AND a.revoked_at IS NULL ORDER BY a.id LIMIT 1",
    )?;
    for id in &key.ids {
        let found = find
            .query_row(params![provider.as_str(), id], |r| {
                Ok(AgentRef {
                    agent_id: Some(r.get(0)?),
                    name: Some(r.get(1)?),
                    extension: r.get(2)?,
                    login: r.get(3)?,
                    pbx_user: None,
                })
            })
            .optional()?;
        if let Some(agent) = found {
            return Ok(agent);
        }
    }
    Ok(AgentRef {
        agent_id: None,
        name: None,
        extension: key.extension.clone(),
        login: key.login.clone(),
        pbx_user: key.other.clone(),
    })
}

fn state_text(state: CallState) -> &'static str {
    match state {
        CallState::Ringing => "ringing",
        CallState::Answered => "answered",
        CallState::Ended => "ended",
        CallState::Unknown => "unknown",
    }
}

/// Writes an event at position `seq`: the call's new snapshot, the event and its recipients
/// (the call's agents, plus `new_agent`, who is involved from now on).
#[allow(clippy::too_many_arguments)]
fn save_event(
    conn: &Connection,
    epoch: &str,
    seq: u64,
    call_id: i64,
    call: Call,
    kind: EventKind,
    at: DateTime<Utc>,
    new_agent: Option<i64>,
) -> StoreResult<Arc<PublishedEvent>> {
    let involved = conn
        .prepare_cached("SELECT agent_id FROM call_agents WHERE call_id = ?")?
        .query_map([call_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    if let Some(agent_id) = new_agent.filter(|a| !involved.contains(a)) {
        conn.prepare_cached("INSERT INTO call_agents (call_id, agent_id) VALUES (?, ?)")?
            .execute(params![call_id, agent_id])?;
    }
    let recipients = ledger::recipients(involved, new_agent);
    let recorded = ledger::record(epoch, seq, call_id, call, kind, at, recipients)?;
    let call = &recorded.call;
    conn.prepare_cached(
        "UPDATE calls SET state = ?, started_at = ?, client_phone = ?, missed = ?, seq = ?, snapshot = ? WHERE id = ?",
    )?
    .execute(params![
        state_text(call.state),
        db_time(call.started_at),
        call.client_phone,
        call.missed,
        to_db(seq),
        recorded.snapshot,
        call_id
    ])?;
    conn.prepare_cached("INSERT INTO events (seq, call_id, at, message) VALUES (?, ?, ?, ?)")?.execute(params![
        to_db(seq),
        call_id,
        db_time(at),
        recorded.event.message.as_ref()
    ])?;
    let mut add_recipient = conn.prepare_cached("INSERT INTO event_recipients (agent_id, seq) VALUES (?, ?)")?;
    for agent_id in &recorded.event.recipients {
        add_recipient.execute(params![agent_id, to_db(seq)])?;
    }
    Ok(recorded.event)
}

/// Stores an outcome with its call event, or answers a repeated key from the first time.
fn store_outcome(conn: &Connection, epoch: &str, request: &OutcomeRequest) -> StoreResult<OutcomeResult> {
    let agent = &request.agent;
    let earlier: Option<(i64, String)> = conn
        .prepare_cached("SELECT call_id, answer FROM outcome_requests WHERE agent_id = ? AND idempotency_key = ?")?
        .query_row(params![agent.id, request.idempotency_key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some(result) = outcomes::replay(request, earlier.as_ref().map(|(id, answer)| (*id, answer.as_str())))? {
        return Ok(result);
    }
    let snapshot: Option<String> = conn
        .prepare_cached("SELECT snapshot FROM calls WHERE id = ?")?
        .query_row([request.call_id], |r| r.get(0))
        .optional()?;
    let Some(snapshot) = snapshot else { return Ok(OutcomeResult::NoSuchCall) };
    let mut call = call_from_json(&snapshot)?;
    if !outcomes::may_log(agent, &call) {
        return Ok(OutcomeResult::NotYours);
    }
    let option: Option<(String, String)> = conn
        .prepare_cached("SELECT label, colour FROM outcome_codes WHERE code = ? AND retired_at IS NULL")?
        .query_row([&request.code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((label, colour)) = option else { return Ok(OutcomeResult::UnknownCode) };

    let outcome = outcomes::logged(request, label, colour);
    conn.prepare_cached(
        "INSERT INTO call_outcomes (call_id, code, note, agent_id, logged_at) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (call_id) DO UPDATE SET code = excluded.code, note = excluded.note, \
           agent_id = excluded.agent_id, logged_at = excluded.logged_at",
    )?
    .execute(params![call.id, outcome.code, outcome.note, agent.id, db_time(outcome.logged_at)])?;

    call.outcome = Some(outcome.clone());
    // The event carries the contact as it is now, like a webhook's (`ledger::contact_phone`).
    if let Some(phone) = call.client_phone.clone() {
        leads::convert_if(conn, &outcome.code, &phone)?;
        if let Some((contact, _)) = leads::contact_info(conn, &phone)? {
            call.contact = Some(contact);
        }
    }
    let call_id = call.id;
    let seq = head_seq(conn)? + 1;
    let event = save_event(conn, epoch, seq, call_id, call, EventKind::Updated, request.received_at, None)?;
    let saved = OutcomeSaved { call_id, outcome, replayed: false };
    conn.prepare_cached(
        "INSERT INTO outcome_requests (agent_id, idempotency_key, call_id, answer, received_at) VALUES (?, ?, ?, ?, ?)",
    )?
    .execute(params![
        agent.id,
        request.idempotency_key,
        request.call_id,
        outcomes::answer_text(&saved),
        db_time(request.received_at)
    ])?;
    Ok(OutcomeResult::Logged { saved, event })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_sqlx_writes_them() {
        let at = DateTime::parse_from_rfc3339("2026-11-22T10:15:30.250Z").unwrap().with_timezone(&Utc);
        assert_eq!(db_time(at), "2026-11-22T10:15:30.250+00:00");
        let whole = DateTime::parse_from_rfc3339("2026-11-22T10:15:30Z").unwrap().with_timezone(&Utc);
        assert_eq!(db_time(whole), "2026-11-22T10:15:30+00:00");
    }
}
