//! `callcard-relay contact …`: the contact store behind caller names, routing and the blacklist.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context};

use super::csv_file::{csv_reader, read_rows, refuse_bad_rows, truthy, Row};
use super::{non_empty, ContactCommand};
use crate::config::Config;
use crate::providers::{contacts_changed, Providers, SyncedContact};
use crate::store::{NewContact, Saved, Store};

async fn resolve_responsible(store: &dyn Store, ident: Option<&str>) -> anyhow::Result<Option<i64>> {
    let Some(ident) = ident.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    match store.find_agent(ident).await? {
        Some(a) => Ok(Some(a.id)),
        None => bail!("no active agent {ident:?} to be responsible"),
    }
}

/// Passes saved contacts' names to the PBXes that keep them; a failure is reported, not fatal
/// (the contacts are saved).
async fn tell_pbxes(providers: &Providers, contacts: &[NewContact]) {
    let synced: Vec<SyncedContact> =
        contacts.iter().map(|c| SyncedContact::new(&c.phone, &c.name, c.company.as_deref())).collect();
    for failure in contacts_changed(providers, &synced).await {
        eprintln!("warning: the contacts are saved, but a PBX did not take their names: {failure}");
    }
}

pub(super) async fn run(
    store: &dyn Store,
    providers: &Providers,
    config: &Config,
    cmd: ContactCommand,
) -> anyhow::Result<()> {
    match cmd {
        ContactCommand::Add(args) => {
            let contact = NewContact {
                phone: config.phone.normalize(&args.phone).with_context(|| "--phone")?,
                name: non_empty("--name", &args.name)?,
                company: args.company.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
                responsible_agent_id: resolve_responsible(store, args.responsible.as_deref()).await?,
                blacklisted: args.blacklist,
            };
            let (id, saved) = store.save_contacts(std::slice::from_ref(&contact)).await?[0];
            let verb = if saved == Saved::Created { "added" } else { "updated" };
            println!("{verb} contact {id}: {} {}", contact.phone, contact.name);
            tell_pbxes(providers, std::slice::from_ref(&contact)).await;
        }
        ContactCommand::Import { file } => import(store, providers, config, &file).await?,
        ContactCommand::List { limit } => {
            for c in store.list_contacts(limit).await? {
                println!(
                    "{:<6} {:<16} {:<28} {:<24} {:<20}{}",
                    c.info.id,
                    c.phone,
                    c.info.name,
                    c.info.company.unwrap_or_default(),
                    c.info.responsible.unwrap_or_default(),
                    if c.info.blacklisted { " blacklisted" } else { "" }
                );
            }
        }
    }
    Ok(())
}

/// The columns of a contacts file.
struct ContactColumns {
    phone: usize,
    name: usize,
    company: Option<usize>,
    responsible: Option<usize>,
    blacklist: Option<usize>,
}

async fn import(store: &dyn Store, providers: &Providers, config: &Config, file: &Path) -> anyhow::Result<()> {
    let (mut reader, columns, [phone, name]) = csv_reader(file, ["phone", "name"])?;
    let cols = ContactColumns {
        phone,
        name,
        company: columns.of("company"),
        responsible: columns.of("responsible"),
        blacklist: columns.of("blacklist"),
    };
    let (rows, mut errors) = read_rows(&mut reader);
    let mut agents_by_ident = HashMap::new();
    let mut contacts = Vec::new();
    for row in &rows {
        match contact_row(store, config, &cols, row, &mut agents_by_ident).await? {
            Ok(contact) => contacts.push(contact),
            Err(problem) => errors.push(row.problem(problem)),
        }
    }
    refuse_bad_rows(file, &errors)?;
    let (mut created, mut updated) = (0usize, 0usize);
    // One transaction: an import lands whole or not at all.
    for (_, saved) in store.save_contacts(&contacts).await? {
        match saved {
            Saved::Created => created += 1,
            Saved::Updated => updated += 1,
        }
    }
    println!("imported {} contacts ({created} added, {updated} updated)", contacts.len());
    tell_pbxes(providers, &contacts).await;
    Ok(())
}

/// One row as a contact, or what is wrong with it (`Err` outside: the store failed).
async fn contact_row(
    store: &dyn Store,
    config: &Config,
    cols: &ContactColumns,
    row: &Row,
    agents_by_ident: &mut HashMap<String, Option<i64>>,
) -> anyhow::Result<Result<NewContact, String>> {
    let phone = match config.phone.normalize(&row.get(Some(cols.phone))) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let name = row.get(Some(cols.name));
    if name.is_empty() {
        return Ok(Err("name is empty".into()));
    }
    let blacklisted = match truthy("blacklist", &row.get(cols.blacklist)) {
        Ok(b) => b,
        Err(e) => return Ok(Err(e)),
    };
    let responsible = row.get(cols.responsible);
    let responsible_agent_id = if responsible.is_empty() {
        None
    } else {
        if !agents_by_ident.contains_key(&responsible) {
            let found = store.find_agent(&responsible).await?.map(|a| a.id);
            agents_by_ident.insert(responsible.clone(), found);
        }
        match agents_by_ident[&responsible] {
            Some(id) => Some(id),
            None => return Ok(Err(format!("no active agent {responsible:?}"))),
        }
    };
    let company = Some(row.get(cols.company)).filter(|c| !c.is_empty());
    Ok(Ok(NewContact { phone, name, company, responsible_agent_id, blacklisted }))
}
