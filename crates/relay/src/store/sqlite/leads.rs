//! Inside the writer's transactions: the contact a call's event carries, and the leads the
//! seeds' rules (`callcard_domain::leads`) create, assign and convert.

use callcard_domain::leads::{Existing, LeadAction};
use callcard_protocol::ContactInfo;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::contacts::{status_of, CONTACT_SELECT};
use super::writer::db_time;
use crate::store::StoreResult;

/// The number's contact as a call shows it, and its active responsible agent's id.
pub(super) fn contact_info(conn: &Connection, phone: &str) -> StoreResult<Option<(ContactInfo, Option<i64>)>> {
    Ok(conn
        .prepare_cached(&format!("{CONTACT_SELECT} WHERE c.phone = ?"))?
        .query_row([phone], |row| {
            let info = ContactInfo {
                id: row.get("id")?,
                name: row.get("name")?,
                company: row.get("company")?,
                responsible: row.get("a_name")?,
                blacklisted: row.get("blacklisted")?,
                status: status_of(row.get("status")?),
                source_line: row.get("source_line")?,
            };
            Ok((info, row.get::<_, Option<i64>>("a_id")?))
        })
        .optional()?)
}

pub(super) fn existing(found: &Option<(ContactInfo, Option<i64>)>) -> Option<Existing> {
    found.as_ref().map(|(info, responsible)| Existing { status: info.status, responsible: *responsible })
}

/// `at`: when the lead came (its call's start), for the reports' new leads.
pub(super) fn apply(conn: &Connection, action: &LeadAction, phone: &str, at: DateTime<Utc>) -> StoreResult<()> {
    let now = db_time(Utc::now());
    match action {
        LeadAction::Create { phone, responsible, source_line } => {
            conn.prepare_cached(
                "INSERT INTO contacts (phone, name, responsible_agent_id, status, source_line, lead_at, created_at, updated_at) \
                 VALUES (?1, '+' || ?1, ?2, 'lead', ?3, ?4, ?5, ?5) ON CONFLICT (phone) DO NOTHING",
            )?
            .execute(params![phone, responsible, source_line, db_time(at), now])?;
        }
        LeadAction::Assign { responsible } => {
            conn.prepare_cached(
                "UPDATE contacts SET responsible_agent_id = ?, updated_at = ? WHERE phone = ? AND status = 'lead'",
            )?
            .execute(params![responsible, now, phone])?;
        }
    }
    Ok(())
}

/// A lead dates from its call's start: moved back when the PBX tells an earlier one.
pub(super) fn move_lead_date(conn: &Connection, phone: &str, at: DateTime<Utc>) -> StoreResult<()> {
    let at = db_time(at);
    conn.prepare_cached("UPDATE contacts SET lead_at = ?1 WHERE phone = ?2 AND status = 'lead' AND lead_at > ?1")?
        .execute(params![at, phone])?;
    Ok(())
}

/// Gives the number's lead `line` as its source if it has none yet; true if it did.
pub(super) fn fill_source(conn: &Connection, phone: &str, line: Option<&str>) -> StoreResult<bool> {
    let Some(line) = line else { return Ok(false) };
    let changed = conn
        .prepare_cached(
            "UPDATE contacts SET source_line = ? WHERE phone = ? AND status = 'lead' AND source_line IS NULL",
        )?
        .execute(params![line, phone])?;
    Ok(changed > 0)
}

/// A logged outcome the admin marked as converting makes the call's lead a client.
pub(super) fn convert_if(conn: &Connection, outcome_code: &str, phone: &str) -> StoreResult<()> {
    conn.prepare_cached(
        "UPDATE contacts SET status = 'client', updated_at = ?1 WHERE phone = ?2 AND status = 'lead' \
           AND EXISTS (SELECT 1 FROM outcome_codes WHERE code = ?3 AND converts = 1)",
    )?
    .execute(params![db_time(Utc::now()), phone, outcome_code])?;
    Ok(())
}
