//! `callcard-relay agent …`: managers and supervisors, their tokens, and their user on each PBX.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::bail;
use callcard_protocol::ProviderId;

use super::csv_file::{csv_reader, read_rows, refuse_bad_rows, truthy};
use super::{non_empty, AgentCommand};
use crate::admin::csv_rows::Row;
use crate::admin::team::{self, PbxUsers};
use crate::admin::Refusal;
use crate::providers::Providers;
use crate::store::{NewAgent, Store};
use callcard_protocol::Role;

/// `PROVIDER=ID` from `--pbx-user`.
fn add_flag(users: &mut PbxUsers, providers: &Providers, flag: &str) -> anyhow::Result<()> {
    let Some((provider, id)) = flag.split_once('=') else {
        bail!("--pbx-user {flag:?}: expected PROVIDER=ID, e.g. uis=323409");
    };
    users.add(providers, provider, id, &format!("--pbx-user {flag:?}")).map_err(refused)
}

fn refused(r: Refusal) -> anyhow::Error {
    anyhow::Error::msg(r.message)
}

fn describe(users: &BTreeMap<String, String>) -> String {
    users.iter().map(|(p, id)| format!("{p}={id}")).collect::<Vec<_>>().join(" ")
}

pub(super) async fn run(store: &dyn Store, providers: &Providers, cmd: AgentCommand) -> anyhow::Result<()> {
    match cmd {
        AgentCommand::Add { name, extension, login, pbx_users, supervisor, admin } => {
            let mut users = PbxUsers::default();
            if let Some(ext) = &extension {
                users
                    .add(providers, ProviderId::ZADARMA, &non_empty("--extension", ext)?, "--extension")
                    .map_err(refused)?;
            }
            if let Some(login) = &login {
                users
                    .add(providers, ProviderId::ITOOLABS, &non_empty("--login", login)?, "--login")
                    .map_err(refused)?;
            }
            for flag in &pbx_users {
                add_flag(&mut users, providers, flag)?;
            }
            let role = match (admin, supervisor) {
                (true, _) => Role::Admin,
                (false, true) => Role::Supervisor,
                (false, false) => Role::Agent,
            };
            if users.0.is_empty() && !role.sees_every_call() {
                bail!("an agent needs its user on a PBX: --extension, --login or --pbx-user PROVIDER=ID");
            }
            let new = NewAgent { name: non_empty("--name", &name)?, pbx_users: users.0, role };
            let (agent, token) = team::add_all(store, vec![new]).await?.pop().expect("one agent added");
            match &agent.extension {
                Some(ext) => println!("added agent {} ({}), extension {ext}", agent.id, agent.name),
                None => println!("added agent {} ({}), {}", agent.id, agent.name, describe(&agent.pbx_users)),
            }
            println!("{token}");
        }
        AgentCommand::Import { file } => import(store, providers, &file).await?,
        AgentCommand::List => {
            println!(
                "{:<4} {:<24} {:<10} {:<16} {:<10} {:<22} other PBX users",
                "id", "name", "extension", "login", "role", "status"
            );
            for rec in store.list_agents().await? {
                let a = rec.agent;
                let status = match rec.revoked_at {
                    Some(t) => format!("revoked {}", t.format("%Y-%m-%d %H:%M")),
                    None => "active".into(),
                };
                let others: BTreeMap<String, String> = a
                    .pbx_users
                    .iter()
                    .filter(|(p, _)| *p != ProviderId::ZADARMA && *p != ProviderId::ITOOLABS)
                    .map(|(p, id)| (p.clone(), id.clone()))
                    .collect();
                println!(
                    "{:<4} {:<24} {:<10} {:<16} {:<10} {:<22} {}",
                    a.id,
                    a.name,
                    a.extension.unwrap_or_default(),
                    a.login.unwrap_or_default(),
                    a.role.as_str(),
                    status,
                    describe(&others)
                );
            }
        }
        AgentCommand::Revoke { agent } => {
            let found = team::find(store, &agent).await?;
            team::revoke(store, found.id).await?;
            println!("revoked agent {} ({})", found.id, found.name);
        }
        AgentCommand::Role { agent, role } => {
            let role = team::parse_role(&role).map_err(refused)?;
            let found = team::find(store, &agent).await?;
            let changed = team::set_role(store, found.id, role).await?;
            println!("agent {} ({}) is now {}", changed.id, changed.name, changed.role.as_str());
        }
        AgentCommand::MayBlacklist { agent, allowed } => {
            let found = team::find(store, &agent).await?;
            let changed = team::set_may_blacklist(store, found.id, allowed).await?;
            let verb = if changed.may_blacklist { "may" } else { "may not" };
            println!("agent {} ({}) {verb} blacklist numbers from the app", changed.id, changed.name);
        }
    }
    Ok(())
}

/// `name[,extension][,login][,supervisor]` plus a column per other PBX, named by its id.
async fn import(store: &dyn Store, providers: &Providers, file: &Path) -> anyhow::Result<()> {
    let (mut reader, columns, [name_col]) = csv_reader(file, ["name"])?;
    // Columns named after a provider (`uis`, `ringostat`, also `zadarma`, `itoolabs`).
    let provider_cols: Vec<(usize, String)> = columns
        .names()
        .iter()
        .enumerate()
        .filter(|(_, name)| providers.get(name).is_some())
        .map(|(i, name)| (i, name.clone()))
        .collect();
    let unknown: Vec<&String> = columns
        .names()
        .iter()
        .filter(|n| !["name", "extension", "login", "supervisor"].contains(&n.as_str()) && providers.get(n).is_none())
        .collect();
    if !unknown.is_empty() {
        bail!("{}: unknown columns {unknown:?} (a PBX column is named by its provider id)", file.display());
    }
    let cols = AgentColumns {
        name: name_col,
        extension: columns.of("extension"),
        login: columns.of("login"),
        supervisor: columns.of("supervisor"),
        providers: provider_cols,
    };
    let (rows, mut errors) = read_rows(&mut reader);
    let mut agents = Vec::new();
    for row in &rows {
        match agent_row(providers, &cols, row) {
            Ok(agent) => agents.push(agent),
            Err(problem) => errors.push(row.problem(problem)),
        }
    }
    refuse_bad_rows(file, &errors)?;
    let added = team::add_all(store, agents).await?;
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    out.write_record(["id", "name", "extension", "token"])?;
    for (agent, token) in &added {
        out.write_record([&agent.id.to_string(), &agent.name, agent.extension.as_deref().unwrap_or(""), token])?;
    }
    out.flush()?;
    eprintln!("imported {} agents", added.len());
    Ok(())
}

/// The columns of an agents file.
struct AgentColumns {
    name: usize,
    extension: Option<usize>,
    login: Option<usize>,
    supervisor: Option<usize>,
    /// Columns named after a provider, with its id.
    providers: Vec<(usize, String)>,
}

/// One row as an agent, or what is wrong with it.
fn agent_row(providers: &Providers, cols: &AgentColumns, row: &Row) -> Result<NewAgent, String> {
    let name = row.get(Some(cols.name));
    if name.is_empty() {
        return Err("name must not be empty".into());
    }
    let supervisor = truthy("supervisor", &row.get(cols.supervisor))?;
    let mut users = PbxUsers::default();
    let mut given = vec![
        (ProviderId::ZADARMA.to_string(), row.get(cols.extension)),
        (ProviderId::ITOOLABS.to_string(), row.get(cols.login)),
    ];
    given.extend(cols.providers.iter().map(|(col, provider)| (provider.clone(), row.get(Some(*col)))));
    for (provider, id) in given.iter().filter(|(_, id)| !id.is_empty()) {
        users.add(providers, provider, id, &format!("column {provider}")).map_err(|r| r.message)?;
    }
    if users.0.is_empty() && !supervisor {
        return Err("an agent needs its user on a PBX (extension, login or a PBX column)".into());
    }
    let role = if supervisor { Role::Supervisor } else { Role::Agent };
    Ok(NewAgent { name, pbx_users: users.0, role })
}
