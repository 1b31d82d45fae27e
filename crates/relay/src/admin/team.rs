//! The team: adding agents (their token shown once), their roles, their user on each PBX, and
//! revoking them. One PBX user belongs to one active agent: a webhook naming it could only ever
//! reach one of them.

use std::collections::BTreeMap;

use callcard_protocol::{Agent, AgentAdded, ErrorCode, NewAgentRequest, Role};

use super::{AdminError, Refusal, RefusalKind};
use crate::auth::{new_token, token_hash};
use crate::providers::Providers;
use crate::store::{NewAgent, Store};

/// Longest agent name.
const NAME_MAX: usize = 100;

/// An agent's PBX users as given (flags, a CSV row, the console), checked one by one.
#[derive(Debug, Default)]
pub struct PbxUsers(pub BTreeMap<String, String>);

impl PbxUsers {
    /// Adds `provider` → `id`; the provider must be one this relay knows, and one id each.
    /// `what` names where the value came from, for the message.
    pub fn add(&mut self, providers: &Providers, provider: &str, id: &str, what: &str) -> Result<(), Refusal> {
        let (provider, id) = (provider.trim().to_ascii_lowercase(), id.trim());
        known_provider(providers, &provider).map_err(|r| Refusal { message: format!("{what}: {}", r.message), ..r })?;
        if id.is_empty() {
            return Err(Refusal::invalid(ErrorCode::FieldRequired, format!("{what}: the {provider} user id is empty"))
                .with("field", format!("pbx_users.{provider}")));
        }
        match self.0.get(&provider) {
            Some(other) if other != id => Err(Refusal::invalid(
                ErrorCode::BadBody,
                format!("{what}: two {provider} users given ({other:?} and {id:?})"),
            )
            .with("detail", "two users for one PBX")),
            _ => {
                self.0.insert(provider, id.to_string());
                Ok(())
            }
        }
    }
}

fn known_provider(providers: &Providers, provider: &str) -> Result<(), Refusal> {
    if providers.get(provider).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = providers.iter().map(|p| p.id.as_str()).collect();
    Err(Refusal::new(
        RefusalKind::NotFound,
        ErrorCode::UnknownProvider,
        format!("unknown provider {provider:?} (known: {})", known.join(", ")),
    )
    .with("provider", provider)
    .with("known", known.join(", ")))
}

fn taken(provider: &str, user_id: &str, holder: &Agent) -> Refusal {
    Refusal::new(
        RefusalKind::Conflict,
        ErrorCode::PbxUserTaken,
        format!("{provider} user {user_id:?} is already agent {} ({}); revoke it first", holder.id, holder.name),
    )
    .with("provider", provider)
    .with("user_id", user_id)
    .with("agent", holder.id)
    .with("name", &holder.name)
}

/// Refuses ids another active agent (or another new one) already has on the same PBX.
async fn refuse_taken(store: &dyn Store, agents: &[NewAgent]) -> Result<(), AdminError> {
    let mut seen: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for agent in agents {
        for (provider, id) in &agent.pbx_users {
            if let Some(holder) = store.agent_by_pbx_user(provider, id).await? {
                return Err(taken(provider, id, &holder).into());
            }
            if let Some(first) = seen.insert((provider, id), &agent.name) {
                return Err(Refusal::new(
                    RefusalKind::Conflict,
                    ErrorCode::PbxUserTaken,
                    format!("{provider} user {id:?} is given to both {first} and {}", agent.name),
                )
                .with("provider", provider)
                .with("user_id", id)
                .into());
            }
        }
    }
    Ok(())
}

/// Checks a new agent's name and that an agent (not a supervisor or admin) has a PBX user.
pub fn check_new(agent: &NewAgent) -> Result<(), Refusal> {
    let name = agent.name.trim();
    if name.is_empty() {
        return Err(Refusal::invalid(ErrorCode::FieldRequired, "the name must not be empty").with("field", "name"));
    }
    if name.chars().count() > NAME_MAX {
        return Err(Refusal::invalid(
            ErrorCode::FieldTooLong,
            format!("the name is longer than {NAME_MAX} characters"),
        )
        .with("field", "name")
        .with("max", NAME_MAX));
    }
    if agent.pbx_users.is_empty() && !agent.role.sees_every_call() {
        return Err(Refusal::invalid(
            ErrorCode::FieldRequired,
            "an agent needs its user on a PBX (a supervisor or admin may have none)",
        )
        .with("field", "pbx_users"));
    }
    Ok(())
}

/// Adds agents in one transaction, all or none; each comes back with its new token.
pub async fn add_all(store: &dyn Store, agents: Vec<NewAgent>) -> Result<Vec<(Agent, String)>, AdminError> {
    for agent in &agents {
        check_new(agent)?;
    }
    refuse_taken(store, &agents).await?;
    let tokens: Vec<String> = agents.iter().map(|_| new_token()).collect();
    let rows: Vec<(NewAgent, String)> = agents
        .into_iter()
        .zip(&tokens)
        .map(|(a, t)| (NewAgent { name: a.name.trim().to_string(), ..a }, token_hash(t)))
        .collect();
    let added = store.add_agents(&rows).await?;
    Ok(added.into_iter().zip(tokens).collect())
}

/// The console's "Add agent".
pub async fn add(store: &dyn Store, providers: &Providers, request: NewAgentRequest) -> Result<AgentAdded, AdminError> {
    if request.role == Role::Unknown {
        return Err(bad_role("unknown").into());
    }
    let mut users = PbxUsers::default();
    for (provider, id) in request.pbx_users.iter().filter(|(_, id)| !id.trim().is_empty()) {
        users.add(providers, provider, id, &format!("pbx_users.{provider}"))?;
    }
    let new = NewAgent { name: request.name, pbx_users: users.0, role: request.role };
    let (agent, token) = add_all(store, vec![new]).await?.pop().expect("one agent added");
    tracing::info!(agent = agent.id, name = %agent.name, role = agent.role.as_str(), "agent added");
    Ok(AgentAdded { agent, token })
}

fn bad_role(role: &str) -> Refusal {
    Refusal::invalid(ErrorCode::BadRole, format!("{role:?} is not a role (agent, supervisor or admin)"))
        .with("role", role)
}

/// A role by its name.
pub fn parse_role(text: &str) -> Result<Role, Refusal> {
    Role::parse(text).ok_or_else(|| bad_role(text))
}

fn no_such_agent(ident: &str) -> Refusal {
    Refusal::new(RefusalKind::NotFound, ErrorCode::NoSuchAgent, format!("no active agent {ident:?}"))
        .with("agent", ident)
}

/// The agents not revoked.
pub async fn active(store: &dyn Store) -> Result<Vec<Agent>, AdminError> {
    let listed = store.list_agents().await?;
    Ok(listed.into_iter().filter(|m| m.revoked_at.is_none()).map(|m| m.agent).collect())
}

/// Which of `agents` is `user_id` on `provider`.
pub fn holder<'a>(agents: &'a [Agent], provider: &str, user_id: &str) -> Option<&'a Agent> {
    agents.iter().find(|a| a.pbx_users.get(provider).map(String::as_str) == Some(user_id))
}

/// The active agent named by id, a PBX user id, or name.
pub async fn find(store: &dyn Store, ident: &str) -> Result<Agent, AdminError> {
    store.find_agent(ident.trim()).await?.ok_or_else(|| no_such_agent(ident).into())
}

/// The active agent with this id.
pub async fn by_id(store: &dyn Store, id: i64) -> Result<Agent, AdminError> {
    let agent = store.find_agent(&id.to_string()).await?.filter(|a| a.id == id);
    agent.ok_or_else(|| no_such_agent(&id.to_string()).into())
}

pub async fn set_role(store: &dyn Store, id: i64, role: Role) -> Result<Agent, AdminError> {
    if role == Role::Unknown {
        return Err(bad_role("unknown").into());
    }
    let agent = by_id(store, id).await?;
    if !role.sees_every_call() && agent.pbx_users.is_empty() {
        return Err(Refusal::invalid(
            ErrorCode::FieldRequired,
            format!("{} has no PBX user: give one first, then make them an agent", agent.name),
        )
        .with("field", "pbx_users")
        .into());
    }
    if !store.set_agent_role(id, role).await? {
        return Err(no_such_agent(&id.to_string()).into());
    }
    tracing::info!(agent = id, role = role.as_str(), "agent role changed");
    by_id(store, id).await
}

/// Allows the agent the app's blacklist button, or not (supervisors and admins always have it).
pub async fn set_may_blacklist(store: &dyn Store, id: i64, may: bool) -> Result<Agent, AdminError> {
    if !store.set_may_blacklist(id, may).await? {
        return Err(no_such_agent(&id.to_string()).into());
    }
    tracing::info!(agent = id, may_blacklist = may, "agent's blacklist button changed");
    by_id(store, id).await
}

/// Gives the agent this PBX user (empty: takes it away), unless another active agent has it.
pub async fn set_pbx_user(
    store: &dyn Store,
    providers: &Providers,
    id: i64,
    provider: &str,
    user_id: &str,
) -> Result<Agent, AdminError> {
    let provider = provider.trim().to_ascii_lowercase();
    known_provider(providers, &provider)?;
    let user_id = user_id.trim();
    let agent = by_id(store, id).await?;
    if !user_id.is_empty() {
        if let Some(holder) = store.agent_by_pbx_user(&provider, user_id).await?.filter(|h| h.id != id) {
            return Err(taken(&provider, user_id, &holder).into());
        }
    } else if agent.pbx_users.len() == 1 && agent.pbx_users.contains_key(&provider) && !agent.role.sees_every_call() {
        return Err(Refusal::invalid(
            ErrorCode::FieldRequired,
            format!("{} would have no PBX user left: give another first", agent.name),
        )
        .with("field", "user_id")
        .into());
    }
    let user = Some(user_id).filter(|u| !u.is_empty());
    if !store.set_pbx_user(id, &provider, user).await? {
        return Err(no_such_agent(&id.to_string()).into());
    }
    tracing::info!(agent = id, %provider, user = user_id, "agent's PBX user changed");
    by_id(store, id).await
}

pub async fn revoke(store: &dyn Store, id: i64) -> Result<Agent, AdminError> {
    let agent = by_id(store, id).await?;
    store.revoke_agent(id).await?;
    tracing::info!(agent = id, name = %agent.name, "agent revoked");
    Ok(agent)
}
