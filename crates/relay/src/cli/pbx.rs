//! `callcard-relay pbx check`: is each configured PBX's API reachable, what is its balance, and
//! do its users and the agents' `--pbx-user` ids agree.

use std::collections::BTreeSet;

use crate::admin::team;
use crate::providers::{PbxError, Providers};
use crate::store::Store;

pub(super) async fn check(store: &dyn Store, providers: &Providers) -> anyhow::Result<()> {
    let agents = team::active(store).await?;
    let mut failed = false;
    for provider in providers.iter() {
        let id = provider.id.as_str();
        match provider.api.balance().await {
            Ok(b) => println!("{id}: balance {:.2} {}", b.amount, b.currency),
            Err(PbxError::NotConfigured(_)) => {
                println!("{id}: API not configured");
                continue;
            }
            Err(PbxError::Unsupported(_)) => println!("{id}: balance not offered by this PBX"),
            Err(e) => {
                println!("{id}: balance: {e}");
                failed = true;
            }
        }
        let users = match provider.api.users().await {
            Ok(users) => users,
            Err(PbxError::Unsupported(_)) => {
                println!("{id}: this PBX lists no users: agents' {id} users are not checked");
                continue;
            }
            Err(e) => {
                println!("{id}: users: {e}");
                failed = true;
                continue;
            }
        };
        let listed: BTreeSet<&str> = users.iter().map(|u| u.id.as_str()).collect();
        for user in &users {
            let agent = team::holder(&agents, id, &user.id);
            let name = user.name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            match agent {
                Some(a) => println!("{id}: user {}{name} is agent {} ({})", user.id, a.id, a.name),
                None => println!("{id}: user {}{name} is no agent's", user.id),
            }
        }
        for agent in &agents {
            if let Some(user) = agent.pbx_users.get(id).filter(|u| !listed.contains(u.as_str())) {
                println!("{id}: agent {} ({}) has user {user}, which the PBX does not list", agent.id, agent.name);
            }
        }
    }
    if failed {
        anyhow::bail!("some PBX checks failed");
    }
    Ok(())
}
