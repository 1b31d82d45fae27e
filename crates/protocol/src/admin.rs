//! The admin console's JSON API (`/api/v1/admin/…`), served by the relay to the console page and
//! to scripts. Same rules as the agents' API: codes on the wire, words in the UI, unknown values
//! tolerated.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Agent;

/// What an agent may do. Supervisors see every call; admins also run the console.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Agent,
    Supervisor,
    Admin,
    /// A role this version does not know (sent by a newer relay): treated as an agent.
    #[serde(other)]
    Unknown,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Agent, Role::Supervisor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent | Role::Unknown => "agent",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    /// `agent`, `supervisor` or `admin`.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Supervisors and admins receive every call's events.
    pub fn sees_every_call(self) -> bool {
        matches!(self, Role::Supervisor | Role::Admin)
    }
}

/// `POST /api/v1/admin/session`: sign in with an admin's token.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub token: String,
}

/// The signed-in admin (`POST` and `GET /api/v1/admin/session`). Every change the page sends
/// carries `csrf` in the `X-CSRF-Token` header.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSession {
    pub agent: Agent,
    pub csrf: String,
    /// The session ends after this long without a request.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub idle_timeout_secs: u64,
}

/// How a runtime setting's value is read.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKind {
    /// `true` or `false`.
    Switch,
    /// An agent: id, login, extension or name; empty for none.
    Agent,
    #[serde(other)]
    Unknown,
}

/// Where a setting's current value comes from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingSource {
    /// Set in the console or with `callcard-relay settings set`: wins over the file.
    Store,
    /// The config file or a `CALLCARD_…` variable (nothing stored yet).
    Config,
    /// Neither: the built-in default.
    Default,
    #[serde(other)]
    Unknown,
}

/// One runtime setting (`GET /api/v1/admin/settings`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// `auto_create_contacts`, `route_to_responsible`, `caller_name_on_phone`,
    /// `missed_call_reminders`, `blacklist`, `default_responsible`.
    pub name: String,
    pub kind: SettingKind,
    /// `true`/`false` for switches; an agent id (or empty) for agents.
    pub value: String,
    pub source: SettingSource,
    /// For agent settings: the agent the value names, if it names an active one.
    #[serde(default)]
    pub agent: Option<Agent>,
}

/// `PUT /api/v1/admin/settings/{name}`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetSettingRequest {
    pub value: String,
}

/// An agent as the console lists it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub agent: Agent,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/admin/agents`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAgentRequest {
    pub name: String,
    #[serde(default)]
    pub role: Role,
    /// The agent's user on each PBX, by provider id.
    #[serde(default)]
    pub pbx_users: BTreeMap<String, String>,
}

/// The added agent and its token, shown once.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentAdded {
    pub agent: Agent,
    pub token: String,
}

/// `PUT /api/v1/admin/agents/{id}/role`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetRoleRequest {
    pub role: Role,
}

/// `PUT /api/v1/admin/agents/{id}/permissions`: what an agent may do beyond its role.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetPermissionsRequest {
    pub may_blacklist: bool,
}

/// `PUT /api/v1/admin/agents/{id}/pbx-users/{provider}`: empty `user_id` takes the user away.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetPbxUserRequest {
    pub user_id: String,
}

/// One URL to paste into the PBX's cabinet.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookUrl {
    /// What the cabinet calls the field (`NOTIFY_START`, `ringing`…), or `all`.
    pub event: String,
    /// With `{secret}` where the provider's URL secret goes: secrets are never shown back.
    pub url: String,
}

/// What the relay has received from a provider.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookTally {
    pub last_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub flagged: u64,
}

/// A provider on the telephony page (`GET /api/v1/admin/providers`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderStatus {
    pub id: String,
    /// The API credentials are set (check, dial, users).
    pub api_configured: bool,
    /// Its webhooks are verified (a secret or token is set).
    pub webhooks_configured: bool,
    /// The PBX can list its users for the team page.
    pub lists_users: bool,
    pub webhook_urls: Vec<WebhookUrl>,
    pub webhooks: WebhookTally,
    /// The keys the console sets for it; absent from relays older than this field.
    #[serde(default)]
    pub keys: Vec<ProviderKey>,
}

/// Where a PBX key's value comes from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// Entered in the console (kept sealed): wins over the file.
    Store,
    /// The config file or a `CALLCARD_…` variable.
    Config,
    /// Not set anywhere.
    Unset,
    #[serde(other)]
    Unknown,
}

/// One key of a provider's section (`api_key`, `api_secret`…) as the console shows it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderKey {
    /// The config key it stands for, in the provider's section.
    pub name: String,
    /// Write-only: the value is never shown back.
    pub secret: bool,
    pub source: KeySource,
    /// The value, for keys that are not secret.
    #[serde(default)]
    pub value: Option<String>,
}

/// `PUT /api/v1/admin/providers/{id}/keys`: values by key name; an empty value takes the
/// console's value away (the file's, if any, applies again). Keys not named are kept.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetProviderKeysRequest {
    pub values: BTreeMap<String, String>,
}

/// Names only: the values are secrets, and a debug print must not leak them.
impl std::fmt::Debug for SetProviderKeysRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetProviderKeysRequest").field("names", &self.values.keys().collect::<Vec<_>>()).finish()
    }
}

/// `POST /api/v1/admin/providers/{id}/check`: the keys work.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderCheck {
    pub id: String,
    /// Absent for PBXes that report no balance.
    pub balance: Option<f64>,
    pub currency: Option<String>,
    /// How many users the PBX lists, for those that list them.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub users: Option<u64>,
}

/// A PBX user on the team page (`GET /api/v1/admin/providers/{id}/users`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PbxUserEntry {
    pub id: String,
    pub name: Option<String>,
    /// The active agent who already has this user, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub agent_id: Option<i64>,
}

/// A verified webhook with parts that did not parse (`GET /api/v1/admin/webhooks/flagged`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlaggedEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub provider: String,
    pub event: String,
    pub received_at: DateTime<Utc>,
    pub problems: Vec<String>,
    /// The fields as stored (secrets removed), as a JSON object.
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub fields: serde_json::Value,
}
