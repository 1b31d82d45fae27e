//! `callcard-relay contact …`: the contact store behind caller names, routing and the blacklist.

use std::path::Path;

use anyhow::{bail, Context};

use super::csv_file::{csv_reader, refuse_bad_rows, truthy};
use super::{non_empty, ContactCommand};
use crate::config::Config;
use crate::store::{NewContact, Saved, Store};

async fn resolve_responsible(store: &dyn Store, ident: Option<&str>) -> anyhow::Result<Option<i64>> {
    let Some(ident) = ident.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    match store.find_agent(ident).await? {
        Some(a) => Ok(Some(a.id)),
        None => bail!("no active agent {ident:?} to be responsible"),
    }
}

pub(super) async fn run(store: &dyn Store, config: &Config, cmd: ContactCommand) -> anyhow::Result<()> {
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
        }
        ContactCommand::Import { file } => import(store, config, &file).await?,
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

async fn import(store: &dyn Store, config: &Config, file: &Path) -> anyhow::Result<()> {
    let (mut reader, columns, [phone_col, name_col]) = csv_reader(file, ["phone", "name"])?;
    let (company_col, responsible_col, blacklist_col) =
        (columns.of("company"), columns.of("responsible"), columns.of("blacklist"));

    let mut agents_by_ident = std::collections::HashMap::new();
    let mut contacts = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let field = |col: Option<usize>| col.and_then(|c| record.get(c)).unwrap_or("").to_string();
        let phone = match config.phone.normalize(&field(Some(phone_col))) {
            Ok(p) => p,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let name = field(Some(name_col));
        if name.is_empty() {
            errors.push(format!("line {line}: name is empty"));
            continue;
        }
        let blacklisted = match truthy("blacklist", &field(blacklist_col)) {
            Ok(b) => b,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let responsible = field(responsible_col);
        let responsible_agent_id = if responsible.is_empty() {
            None
        } else {
            if !agents_by_ident.contains_key(&responsible) {
                let found = store.find_agent(&responsible).await?.map(|a| a.id);
                agents_by_ident.insert(responsible.clone(), found);
            }
            match agents_by_ident[&responsible] {
                Some(id) => Some(id),
                None => {
                    errors.push(format!("line {line}: no active agent {responsible:?}"));
                    continue;
                }
            }
        };
        let company = Some(field(company_col)).filter(|c| !c.is_empty());
        contacts.push(NewContact { phone, name, company, responsible_agent_id, blacklisted });
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
    Ok(())
}
