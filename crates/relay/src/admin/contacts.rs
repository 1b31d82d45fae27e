//! Contacts as admins keep them: search, add or change one, the blacklist, and CSV imports
//! that land whole or not at all, with a report per row.

use std::collections::HashMap;

use callcard_pbx::phone::PhoneRule;
use callcard_protocol::{
    AdminContact, Agent, ApiError, ErrorCode, ImportReport, ImportRow, ImportRowResult, SaveContactRequest,
};

use super::csv_rows::{csv_reader, read_rows, truthy, Row, TableError};
use super::{AdminError, Refusal, RefusalKind};
use crate::providers::{contacts_changed, Providers, SyncedContact};
use crate::store::{ContactRecord, NewContact, Saved, Store};

/// Longest name or company.
pub const FIELD_MAX: usize = 200;
/// Most rows one import takes.
pub const IMPORT_MAX_ROWS: usize = 50_000;

pub fn entry(record: ContactRecord) -> AdminContact {
    AdminContact {
        responsible_id: record.responsible.as_ref().map(|a| a.id),
        phone: record.phone,
        contact: record.info,
    }
}

/// A saved contact as the store takes it (to pass its name to the PBXes).
impl From<&AdminContact> for NewContact {
    fn from(saved: &AdminContact) -> NewContact {
        NewContact {
            phone: saved.phone.clone(),
            name: saved.contact.name.clone(),
            company: saved.contact.company.clone(),
            responsible_agent_id: saved.responsible_id,
            blacklisted: saved.contact.blacklisted,
        }
    }
}

/// Contacts whose name, company or number contains `query`; the first ones when it is empty.
pub async fn search(store: &dyn Store, query: &str, limit: u32) -> Result<Vec<AdminContact>, AdminError> {
    let query = query.trim();
    if query.chars().count() > FIELD_MAX {
        return Err(too_long("q", FIELD_MAX).into());
    }
    let found =
        if query.is_empty() { store.list_contacts(limit).await? } else { store.search_contacts(query, limit).await? };
    Ok(found.into_iter().map(entry).collect())
}

/// Adds the contact, or changes the one with its number.
pub async fn save(
    store: &dyn Store,
    phone_rule: &PhoneRule,
    request: SaveContactRequest,
) -> Result<(AdminContact, Saved), AdminError> {
    let phone = phone(phone_rule, "phone", &request.phone)?;
    let name = field("name", &request.name)?;
    if name.is_empty() {
        return Err(Refusal::invalid(ErrorCode::FieldRequired, "name is required").with("field", "name").into());
    }
    let company = field("company", request.company.as_deref().unwrap_or(""))?;
    let responsible_agent_id = responsible(store, request.responsible.as_deref().unwrap_or("")).await?;
    let contact = NewContact {
        phone: phone.clone(),
        name,
        company: (!company.is_empty()).then_some(company),
        responsible_agent_id,
        blacklisted: request.blacklisted,
    };
    let (_, saved) = store.save_contacts(std::slice::from_ref(&contact)).await?[0];
    Ok((stored(store, &phone).await?, saved))
}

/// Turns a contact's blacklist flag on or off.
pub async fn set_blacklisted(
    store: &dyn Store,
    phone_rule: &PhoneRule,
    raw_phone: &str,
    blacklisted: bool,
) -> Result<AdminContact, AdminError> {
    let phone = phone(phone_rule, "phone", raw_phone)?;
    let Some(record) = store.contact_by_phone(&phone).await? else {
        return Err(Refusal::new(
            RefusalKind::NotFound,
            ErrorCode::NoSuchContact,
            format!("no contact has the number {phone}"),
        )
        .with("phone", &phone)
        .into());
    };
    let contact = NewContact {
        phone: phone.clone(),
        name: record.info.name,
        company: record.info.company,
        responsible_agent_id: record.responsible.map(|a| a.id),
        blacklisted,
    };
    store.save_contacts(std::slice::from_ref(&contact)).await?;
    stored(store, &phone).await
}

/// The app's blacklist button: an agent the admin allows puts a number on the blacklist (or
/// takes it off). A number with no contact gets one, named by the number, owned by nobody.
pub async fn blacklist_from_app(
    store: &dyn Store,
    phone_rule: &PhoneRule,
    agent: &Agent,
    raw_phone: &str,
    blacklisted: bool,
) -> Result<(AdminContact, Saved), AdminError> {
    if !agent.may_blacklist {
        return Err(Refusal::new(
            RefusalKind::Forbidden,
            ErrorCode::NotAllowed,
            format!("{} may not blacklist numbers: an admin can allow it", agent.name),
        )
        .with("action", "blacklist")
        .into());
    }
    let phone = phone(phone_rule, "phone", raw_phone)?;
    if store.contact_by_phone(&phone).await?.is_some() {
        return Ok((set_blacklisted(store, phone_rule, &phone, blacklisted).await?, Saved::Updated));
    }
    let contact = NewContact {
        name: format!("+{phone}"),
        phone: phone.clone(),
        company: None,
        responsible_agent_id: None,
        blacklisted,
    };
    store.save_contacts(std::slice::from_ref(&contact)).await?;
    Ok((stored(store, &phone).await?, Saved::Created))
}

/// Passes saved contacts' names to the PBXes that keep them. A failure is returned as a
/// sentence: the contacts are saved all the same.
pub async fn tell_pbxes(providers: &Providers, contacts: &[NewContact]) -> Vec<String> {
    let synced: Vec<SyncedContact> =
        contacts.iter().map(|c| SyncedContact::new(&c.phone, &c.name, c.company.as_deref())).collect();
    contacts_changed(providers, &synced).await
}

/// An import's outcome: the report, and the contacts saved (empty when it was refused).
pub struct Imported {
    pub report: ImportReport,
    pub saved: Vec<NewContact>,
}

/// The columns of a contacts file.
struct ContactColumns {
    phone: usize,
    name: usize,
    company: Option<usize>,
    responsible: Option<usize>,
    blacklist: Option<usize>,
}

/// Imports a CSV table (header `phone,name[,company,responsible,blacklist]`) in one
/// transaction. A row that is wrong refuses the whole file; the report says which and why.
pub async fn import(store: &dyn Store, phone_rule: &PhoneRule, csv: &[u8]) -> Result<Imported, AdminError> {
    let (mut reader, columns, [phone, name]) = csv_reader(csv, ["phone", "name"]).map_err(|e| match e {
        TableError::MissingColumns(_) => Refusal::invalid(ErrorCode::BadField, e.to_string())
            .with("field", "header")
            .with("detail", "the header row must name at least phone and name"),
        TableError::Unreadable(ref detail) => {
            Refusal::invalid(ErrorCode::BadBody, e.to_string()).with("detail", detail)
        }
    })?;
    let cols = ContactColumns {
        phone,
        name,
        company: columns.of("company"),
        responsible: columns.of("responsible"),
        blacklist: columns.of("blacklist"),
    };
    let (rows, unreadable) = read_rows(&mut reader);
    if rows.len() + unreadable.len() > IMPORT_MAX_ROWS {
        return Err(Refusal::invalid(ErrorCode::BadField, format!("a file takes at most {IMPORT_MAX_ROWS} rows"))
            .with("field", "rows")
            .with("detail", format!("at most {IMPORT_MAX_ROWS} rows"))
            .into());
    }
    let mut report_rows: Vec<ImportRow> = unreadable
        .into_iter()
        .map(|u| ImportRow {
            line: u.line as u32,
            phone: String::new(),
            name: String::new(),
            result: ImportRowResult::Refused,
            problem: Some(problem(
                Refusal::invalid(ErrorCode::BadBody, format!("the row cannot be read: {}", u.detail))
                    .with("detail", u.detail),
            )),
        })
        .collect();
    let mut agents_by_ident = HashMap::new();
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    let mut contacts = Vec::new();
    for row in &rows {
        let given_phone = row.get(Some(cols.phone));
        let name = row.get(Some(cols.name));
        let (result, refusal) = match contact_row(store, phone_rule, &cols, row, &mut agents_by_ident).await? {
            Ok(contact) => match first_line_of.get(&contact.phone) {
                Some(first) => (
                    ImportRowResult::Refused,
                    Some(
                        Refusal::invalid(ErrorCode::BadField, format!("the number is also on line {first}"))
                            .with("field", "phone")
                            .with("detail", format!("also on line {first}")),
                    ),
                ),
                None => {
                    first_line_of.insert(contact.phone.clone(), row.line);
                    let exists = store.contact_by_phone(&contact.phone).await?.is_some();
                    contacts.push(contact);
                    (if exists { ImportRowResult::Updated } else { ImportRowResult::Created }, None)
                }
            },
            Err(refusal) => (ImportRowResult::Refused, Some(refusal)),
        };
        let shown_phone = phone_rule.normalize(&given_phone).unwrap_or(given_phone);
        report_rows.push(ImportRow {
            line: row.line as u32,
            phone: shown_phone,
            name,
            result,
            problem: refusal.map(problem),
        });
    }
    report_rows.sort_by_key(|r| r.line);
    let count = |result| report_rows.iter().filter(|r| r.result == result).count() as u32;
    let refused = count(ImportRowResult::Refused);
    let mut report = ImportReport {
        imported: false,
        created: count(ImportRowResult::Created),
        updated: count(ImportRowResult::Updated),
        refused,
        rows: report_rows,
    };
    if refused > 0 {
        return Ok(Imported { report, saved: vec![] });
    }
    // One transaction: an import lands whole or not at all.
    if !contacts.is_empty() {
        store.save_contacts(&contacts).await?;
    }
    report.imported = true;
    Ok(Imported { report, saved: contacts })
}

/// A row's refusal in the wire's error shape (code, params, an English sentence).
fn problem(refusal: Refusal) -> ApiError {
    ApiError { error: refusal.message, code: refusal.code, params: refusal.params }
}

/// One row as a contact, or what is wrong with it (`Err` outside: the store failed).
async fn contact_row(
    store: &dyn Store,
    phone_rule: &PhoneRule,
    cols: &ContactColumns,
    row: &Row,
    agents_by_ident: &mut HashMap<String, Option<i64>>,
) -> Result<Result<NewContact, Refusal>, AdminError> {
    let phone = match phone(phone_rule, "phone", &row.get(Some(cols.phone))) {
        Ok(p) => p,
        Err(r) => return Ok(Err(r)),
    };
    let name = match field("name", &row.get(Some(cols.name))) {
        Ok(n) if n.is_empty() => {
            return Ok(Err(Refusal::invalid(ErrorCode::FieldRequired, "name is empty").with("field", "name")))
        }
        Ok(n) => n,
        Err(r) => return Ok(Err(r)),
    };
    let company = match field("company", &row.get(cols.company)) {
        Ok(c) => Some(c).filter(|c| !c.is_empty()),
        Err(r) => return Ok(Err(r)),
    };
    let blacklisted = match truthy("blacklist", &row.get(cols.blacklist)) {
        Ok(b) => b,
        Err(e) => {
            return Ok(Err(Refusal::invalid(ErrorCode::BadField, e)
                .with("field", "blacklist")
                .with("detail", "yes/no")))
        }
    };
    let ident = row.get(cols.responsible);
    let responsible_agent_id = if ident.is_empty() {
        None
    } else {
        if !agents_by_ident.contains_key(&ident) {
            let found = store.find_agent(&ident).await?.map(|a| a.id);
            agents_by_ident.insert(ident.clone(), found);
        }
        match agents_by_ident[&ident] {
            Some(id) => Some(id),
            None => return Ok(Err(no_such_agent(&ident))),
        }
    };
    Ok(Ok(NewContact { phone, name, company, responsible_agent_id, blacklisted }))
}

fn phone(rule: &PhoneRule, field: &str, raw: &str) -> Result<String, Refusal> {
    rule.normalize(raw).map_err(|e| {
        Refusal::invalid(ErrorCode::BadPhone, format!("{field}: {e}")).with("field", field).with("detail", e)
    })
}

fn field(field: &str, value: &str) -> Result<String, Refusal> {
    let value = value.trim();
    if value.chars().count() > FIELD_MAX {
        return Err(too_long(field, FIELD_MAX));
    }
    Ok(value.to_string())
}

fn too_long(field: &str, max: usize) -> Refusal {
    Refusal::invalid(ErrorCode::FieldTooLong, format!("{field} is longer than {max} characters"))
        .with("field", field)
        .with("max", max)
}

fn no_such_agent(ident: &str) -> Refusal {
    Refusal::new(RefusalKind::NotFound, ErrorCode::NoSuchAgent, format!("no active agent {ident:?} to be responsible"))
        .with("agent", ident)
}

async fn responsible(store: &dyn Store, ident: &str) -> Result<Option<i64>, AdminError> {
    let ident = ident.trim();
    if ident.is_empty() {
        return Ok(None);
    }
    match store.find_agent(ident).await? {
        Some(a) => Ok(Some(a.id)),
        None => Err(no_such_agent(ident).into()),
    }
}

async fn stored(store: &dyn Store, phone: &str) -> Result<AdminContact, AdminError> {
    let record = store
        .contact_by_phone(phone)
        .await?
        .ok_or_else(|| crate::store::StoreError::Corrupt(format!("contact {phone} vanished after saving")))?;
    Ok(entry(record))
}
