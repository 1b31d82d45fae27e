//! `callcard-relay contact …`: the contact store behind caller names, routing and the blacklist
//! (the console's contact page does the same through `crate::admin::contacts`).

use std::path::Path;

use anyhow::{bail, Context};
use callcard_protocol::{ImportRowResult, SaveContactRequest};

use super::ContactCommand;
use crate::admin::contacts;
use crate::providers::Providers;
use crate::store::{NewContact, Saved, Store};

async fn tell_pbxes(providers: &Providers, contacts: &[NewContact]) {
    for failure in contacts::tell_pbxes(providers, contacts).await {
        eprintln!("warning: the contacts are saved, but a PBX did not take their names: {failure}");
    }
}

pub(super) async fn run(
    store: &dyn Store,
    providers: &Providers,
    config: &crate::config::Config,
    cmd: ContactCommand,
) -> anyhow::Result<()> {
    match cmd {
        ContactCommand::Add(args) => {
            let request = SaveContactRequest {
                phone: args.phone,
                name: args.name,
                company: args.company,
                responsible: args.responsible,
                blacklisted: args.blacklist,
            };
            let (saved, how) = contacts::save(store, &config.phone, request).await?;
            let verb = if how == Saved::Created { "added" } else { "updated" };
            println!("{verb} contact {}: {} {}", saved.contact.id, saved.phone, saved.contact.name);
            tell_pbxes(providers, &[NewContact::from(&saved)]).await;
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

async fn import(
    store: &dyn Store,
    providers: &Providers,
    config: &crate::config::Config,
    file: &Path,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let imported =
        contacts::import(store, &config.phone, &bytes).await.map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let report = &imported.report;
    let refused: Vec<_> = report.rows.iter().filter(|r| r.result == ImportRowResult::Refused).collect();
    for row in refused.iter().take(50) {
        let why = row.problem.as_ref().map(|p| p.error.as_str()).unwrap_or("refused");
        eprintln!("{}: line {}: {why}", file.display(), row.line);
    }
    if !refused.is_empty() {
        bail!("{} bad rows in {}; nothing imported", refused.len(), file.display());
    }
    println!(
        "imported {} contacts ({} added, {} updated)",
        report.created + report.updated,
        report.created,
        report.updated
    );
    tell_pbxes(providers, &imported.saved).await;
    Ok(())
}
