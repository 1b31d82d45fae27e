//! The contact store behind caller names, routing and the blacklist.

use callcard_protocol::{ContactInfo, ContactStatus};
use chrono::Utc;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::agents::{agent, role};
use super::SqliteStore;
use crate::store::{ContactRecord, NewContact, Saved, StoreResult};

/// A contact with its responsible agent (if active) and that agent's PBX users.
pub(super) const CONTACT_SELECT: &str = "SELECT c.id, c.phone, c.name, c.company, c.blacklisted, c.status, c.source_line, \
     a.id AS a_id, a.name AS a_name, a.supervisor AS a_supervisor, a.admin AS a_admin, a.may_blacklist AS a_may_blacklist, \
     (SELECT json_group_object(u.provider, u.user_id) FROM agent_pbx_users u WHERE u.agent_id = a.id) AS a_pbx_users \
     FROM contacts c LEFT JOIN agents a ON a.id = c.responsible_agent_id AND a.revoked_at IS NULL";

pub(super) fn contact_from_row(row: &SqliteRow) -> StoreResult<ContactRecord> {
    let responsible = match row.try_get::<Option<i64>, _>("a_id")? {
        Some(id) => Some(agent(
            id,
            row.try_get("a_name")?,
            role(row.try_get("a_supervisor")?, row.try_get("a_admin")?),
            row.try_get("a_may_blacklist")?,
            row.try_get::<Option<String>, _>("a_pbx_users")?.as_deref(),
        )?),
        None => None,
    };
    Ok(ContactRecord {
        phone: row.try_get("phone")?,
        info: ContactInfo {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            company: row.try_get("company")?,
            responsible: responsible.as_ref().map(|a| a.name.clone()),
            blacklisted: row.try_get("blacklisted")?,
            status: status_of(row.try_get("status")?),
            source_line: row.try_get("source_line")?,
        },
        responsible,
    })
}

pub(super) fn status_of(text: String) -> ContactStatus {
    match text.as_str() {
        "lead" => ContactStatus::Lead,
        "client" => ContactStatus::Client,
        _ => ContactStatus::Unknown,
    }
}

impl SqliteStore {
    pub(super) async fn upsert_contacts(&self, contacts: &[NewContact]) -> StoreResult<Vec<(i64, Saved)>> {
        let now = Utc::now();
        let mut tx = self.pool.begin().await?;
        let mut saved = Vec::with_capacity(contacts.len());
        for c in contacts {
            let (id, created): (i64, bool) = sqlx::query_as(
                "INSERT INTO contacts (phone, name, company, responsible_agent_id, blacklisted, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) \
                 ON CONFLICT (phone) DO UPDATE SET name = excluded.name, company = excluded.company, \
                   responsible_agent_id = excluded.responsible_agent_id, blacklisted = excluded.blacklisted, \
                   updated_at = excluded.updated_at \
                 RETURNING id, created_at = updated_at",
            )
            .bind(&c.phone)
            .bind(&c.name)
            .bind(&c.company)
            .bind(c.responsible_agent_id)
            .bind(c.blacklisted)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            saved.push((id, if created { Saved::Created } else { Saved::Updated }));
        }
        tx.commit().await?;
        Ok(saved)
    }

    pub(super) async fn contact_with_phone(&self, phone: &str) -> StoreResult<Option<ContactRecord>> {
        let row =
            sqlx::query(&format!("{CONTACT_SELECT} WHERE c.phone = ?")).bind(phone).fetch_optional(&self.pool).await?;
        row.as_ref().map(contact_from_row).transpose()
    }

    pub(super) async fn first_contacts(&self, limit: u32) -> StoreResult<Vec<ContactRecord>> {
        let rows =
            sqlx::query(&format!("{CONTACT_SELECT} ORDER BY c.id LIMIT ?")).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(contact_from_row).collect()
    }

    pub(super) async fn find_contacts(&self, query: &str, limit: u32) -> StoreResult<Vec<ContactRecord>> {
        let pattern = format!("%{}%", query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let digits: String = query.chars().filter(char::is_ascii_digit).collect();
        let digits_pattern = if digits.len() >= 3 { format!("%{digits}%") } else { "\u{0}".into() };
        let rows = sqlx::query(&format!(
            "{CONTACT_SELECT} WHERE c.name LIKE ?1 ESCAPE '\\' OR c.company LIKE ?1 ESCAPE '\\' OR c.phone LIKE ?2 \
             ORDER BY c.name LIMIT ?3"
        ))
        .bind(&pattern)
        .bind(&digits_pattern)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(contact_from_row).collect()
    }
}
