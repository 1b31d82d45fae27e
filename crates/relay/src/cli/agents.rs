//! `callcard-relay agent …`: managers and supervisors, their tokens, and their user on each PBX.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::bail;
use callcard_protocol::ProviderId;

use super::csv_file::{csv_reader, refuse_bad_rows, truthy};
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
    let column = |name: &str| columns.of(name);
    let (extension_col, login_col, supervisor_col) = (column("extension"), column("login"), column("supervisor"));
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
    let mut agents = Vec::new();
    let mut tokens = Vec::new();
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
        let name = field(Some(name_col));
        if name.is_empty() {
            errors.push(format!("line {line}: name must not be empty"));
            continue;
        }
        let supervisor = match truthy("supervisor", &field(supervisor_col)) {
            Ok(s) => s,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let mut users = PbxUsers::default();
        let mut given = vec![
            (ProviderId::ZADARMA.to_string(), field(extension_col)),
            (ProviderId::ITOOLABS.to_string(), field(login_col)),
        ];
        given.extend(provider_cols.iter().map(|(col, provider)| (provider.clone(), field(Some(*col)))));
        let problems: Vec<String> = given
            .iter()
            .filter(|(_, id)| !id.is_empty())
            .filter_map(|(provider, id)| users.add(providers, provider, id, &format!("line {line}")).err())
            .collect();
        if !problems.is_empty() {
            errors.extend(problems);
            continue;
        }
        if users.0.is_empty() && !supervisor {
            errors.push(format!("line {line}: an agent needs its user on a PBX (extension, login or a PBX column)"));
            continue;
        }
        let token = new_token();
        agents.push((NewAgent { name, pbx_users: users.0, supervisor }, token_hash(&token)));
        tokens.push(token);
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
