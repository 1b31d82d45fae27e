//! `callcard-relay agent …`: managers and supervisors, their tokens, and their user on each PBX.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::bail;
use callcard_protocol::ProviderId;

use super::csv_file::{csv_reader, read_rows, refuse_bad_rows, truthy, Row};
use super::{non_empty, AgentCommand};
use crate::auth::{new_token, token_hash};
use crate::providers::Providers;
use crate::store::{NewAgent, Store};

/// An agent's PBX users as given on the command line or in a CSV row.
#[derive(Debug, Default)]
struct PbxUsers(BTreeMap<String, String>);

impl PbxUsers {
    /// Adds `provider` → `id`; the provider must be one this relay knows, and one id each.
    fn add(&mut self, providers: &Providers, provider: &str, id: &str, what: &str) -> Result<(), String> {
        let (provider, id) = (provider.trim().to_ascii_lowercase(), id.trim());
        if providers.get(&provider).is_none() {
            let known: Vec<&str> = providers.iter().map(|p| p.id.as_str()).collect();
            return Err(format!("{what}: unknown provider {provider:?} (known: {})", known.join(", ")));
        }
        if id.is_empty() {
            return Err(format!("{what}: the {provider} user id is empty"));
        }
        match self.0.get(&provider) {
            Some(other) if other != id => Err(format!("{what}: two {provider} users given ({other:?} and {id:?})")),
            _ => {
                self.0.insert(provider, id.to_string());
                Ok(())
            }
        }
    }

    /// `PROVIDER=ID`.
    fn add_flag(&mut self, providers: &Providers, flag: &str) -> Result<(), String> {
        let Some((provider, id)) = flag.split_once('=') else {
            return Err(format!("--pbx-user {flag:?}: expected PROVIDER=ID, e.g. uis=323409"));
        };
        self.add(providers, provider, id, &format!("--pbx-user {flag:?}"))
    }
}

/// Refuses ids another active agent (or another new one) already has on the same PBX: a webhook
/// naming that user could only ever reach one of them.
async fn refuse_taken(store: &dyn Store, agents: &[(NewAgent, String)]) -> anyhow::Result<()> {
    let mut seen: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for (agent, _) in agents {
        for (provider, id) in &agent.pbx_users {
            if let Some(holder) = store.agent_by_pbx_user(provider, id).await? {
                bail!("{provider} user {id:?} is already agent {} ({}); revoke it first", holder.id, holder.name);
            }
            if let Some(first) = seen.insert((provider, id), &agent.name) {
                bail!("{provider} user {id:?} is given to both {first} and {}", agent.name);
            }
        }
    }
    Ok(())
}

fn describe(users: &BTreeMap<String, String>) -> String {
    users.iter().map(|(p, id)| format!("{p}={id}")).collect::<Vec<_>>().join(" ")
}

pub(super) async fn run(store: &dyn Store, providers: &Providers, cmd: AgentCommand) -> anyhow::Result<()> {
    match cmd {
        AgentCommand::Add { name, extension, login, pbx_users, supervisor } => {
            let mut users = PbxUsers::default();
            if let Some(ext) = &extension {
                users
                    .add(providers, ProviderId::ZADARMA, &non_empty("--extension", ext)?, "--extension")
                    .map_err(anyhow::Error::msg)?;
            }
            if let Some(login) = &login {
                users
                    .add(providers, ProviderId::ITOOLABS, &non_empty("--login", login)?, "--login")
                    .map_err(anyhow::Error::msg)?;
            }
            for flag in &pbx_users {
                users.add_flag(providers, flag).map_err(anyhow::Error::msg)?;
            }
            if users.0.is_empty() && !supervisor {
                bail!("an agent needs its user on a PBX: --extension, --login or --pbx-user PROVIDER=ID");
            }
            let new = NewAgent { name: non_empty("--name", &name)?, pbx_users: users.0, supervisor };
            let token = new_token();
            let agents = [(new, token_hash(&token))];
            refuse_taken(store, &agents).await?;
            let agent = store.add_agents(&agents).await?.pop().expect("one agent added");
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
                    if a.supervisor { "supervisor" } else { "agent" },
                    status,
                    describe(&others)
                );
            }
        }
        AgentCommand::Revoke { agent } => {
            let Some(found) = store.find_agent(&agent).await? else { bail!("no active agent {agent:?}") };
            store.revoke_agent(found.id).await?;
            println!("revoked agent {} ({})", found.id, found.name);
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
    let mut tokens = Vec::new();
    for row in &rows {
        match agent_row(providers, &cols, row) {
            Ok(agent) => {
                let token = new_token();
                agents.push((agent, token_hash(&token)));
                tokens.push(token);
            }
            Err(problem) => errors.push(row.problem(problem)),
        }
    }
    refuse_bad_rows(file, &errors)?;
    refuse_taken(store, &agents).await?;
    let added = store.add_agents(&agents).await?;
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    out.write_record(["id", "name", "extension", "token"])?;
    for (agent, token) in added.iter().zip(&tokens) {
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
        users.add(providers, provider, id, &format!("column {provider}"))?;
    }
    if users.0.is_empty() && !supervisor {
        return Err("an agent needs its user on a PBX (extension, login or a PBX column)".into());
    }
    Ok(NewAgent { name, pbx_users: users.0, supervisor })
}
