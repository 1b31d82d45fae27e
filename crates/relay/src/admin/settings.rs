//! Runtime settings: the seeds' switches and the default responsible. Their first values come
//! from the config file (or the built-in defaults); a value set in the console or with
//! `callcard-relay settings set` is stored and wins from then on. The running relay re-reads the
//! store every second (so a change made on another node or from the command line reaches it) and
//! at once after a change it made itself.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use callcard_protocol::{ErrorCode, Setting, SettingKind, SettingSource};

use super::{AdminError, Refusal, RefusalKind};
use callcard_domain::leads::LeadRules;

use crate::config::Config;
use crate::store::{Store, StoreResult};

/// What the running relay does, as the settings say now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeSettings {
    /// Create a lead for every new number (the rules are the leads issue's).
    pub auto_create_contacts: bool,
    /// Answer the PBX's routing question with the responsible agent.
    pub route_to_responsible: bool,
    /// Give the PBX the caller's name for the IP phone's display.
    pub caller_name_on_phone: bool,
    /// Missed calls become reminders.
    pub missed_call_reminders: bool,
    /// Turn blacklisted numbers away.
    pub blacklist: bool,
    /// Agents may play the recordings of other agents' calls in a client's journal.
    pub recordings_of_others: bool,
    /// Who gets reminders of numbers nobody owns: an agent (id, login, extension or name), or
    /// empty for nobody (supervisors see them).
    pub default_responsible: String,
    /// Our lines' labels by DID: `[lines]` in the file, with those set in the console over them.
    pub line_labels: BTreeMap<String, String>,
    /// The active agent `default_responsible` names, looked up when the settings are read.
    pub default_responsible_id: Option<i64>,
}

impl RuntimeSettings {
    /// The seeds' rules for new numbers while `auto_create_contacts` is on.
    pub fn lead_rules(&self) -> Option<LeadRules> {
        self.auto_create_contacts.then_some(LeadRules { default_responsible: self.default_responsible_id })
    }

    pub fn line_label(&self, did: &str) -> Option<&str> {
        self.line_labels.get(did).map(String::as_str)
    }
}

/// One setting: its name (kept stable: scripts use it), how it reads and where it lives.
struct Definition {
    name: &'static str,
    kind: SettingKind,
    /// The value the config file gives (or the built-in default), as stored text.
    first: fn(&Config) -> String,
    builtin: &'static str,
    apply: fn(&mut RuntimeSettings, &str),
}

fn bool_text(on: bool) -> String {
    if on { "true" } else { "false" }.to_string()
}

const DEFINITIONS: &[Definition] = &[
    Definition {
        name: "auto_create_contacts",
        kind: SettingKind::Switch,
        first: |_| bool_text(false),
        builtin: "false",
        apply: |s, v| s.auto_create_contacts = v == "true",
    },
    Definition {
        name: "route_to_responsible",
        kind: SettingKind::Switch,
        first: |c| bool_text(c.routing.redirect_to_responsible),
        builtin: "false",
        apply: |s, v| s.route_to_responsible = v == "true",
    },
    Definition {
        name: "caller_name_on_phone",
        kind: SettingKind::Switch,
        first: |_| bool_text(true),
        builtin: "true",
        apply: |s, v| s.caller_name_on_phone = v == "true",
    },
    Definition {
        name: "missed_call_reminders",
        kind: SettingKind::Switch,
        first: |_| bool_text(true),
        builtin: "true",
        apply: |s, v| s.missed_call_reminders = v == "true",
    },
    Definition {
        name: "blacklist",
        kind: SettingKind::Switch,
        first: |_| bool_text(true),
        builtin: "true",
        apply: |s, v| s.blacklist = v == "true",
    },
    Definition {
        name: "recordings_of_others",
        kind: SettingKind::Switch,
        first: |_| bool_text(false),
        builtin: "false",
        apply: |s, v| s.recordings_of_others = v == "true",
    },
    Definition {
        name: "default_responsible",
        kind: SettingKind::Agent,
        first: |c| c.reminders.default_responsible.trim().to_string(),
        builtin: "",
        apply: |s, v| s.default_responsible = v.to_string(),
    },
];

/// The names `settings set` takes, in the console's order.
pub fn names() -> impl Iterator<Item = &'static str> {
    DEFINITIONS.iter().map(|d| d.name)
}

fn definition(name: &str) -> Result<&'static Definition, Refusal> {
    DEFINITIONS.iter().find(|d| d.name == name).ok_or_else(|| {
        let known = names().collect::<Vec<_>>().join(", ");
        Refusal::new(RefusalKind::NotFound, ErrorCode::UnknownSetting, format!("no setting {name:?} (known: {known})"))
            .with("name", name)
            .with("known", known)
    })
}

/// The value each setting has: stored, else the config's.
fn effective(config: &Config, stored: &BTreeMap<String, String>) -> Vec<(&'static Definition, String, SettingSource)> {
    DEFINITIONS
        .iter()
        .map(|d| match stored.get(d.name) {
            Some(value) => (d, value.clone(), SettingSource::Store),
            None => {
                let first = (d.first)(config);
                let source = if first == d.builtin { SettingSource::Default } else { SettingSource::Config };
                (d, first, source)
            }
        })
        .collect()
}

pub fn resolve(
    config: &Config,
    stored: &BTreeMap<String, String>,
    stored_lines: &BTreeMap<String, String>,
) -> RuntimeSettings {
    let mut line_labels = config.lines.clone();
    line_labels.extend(stored_lines.iter().map(|(k, v)| (k.clone(), v.clone())));
    let mut settings = RuntimeSettings {
        line_labels,
        default_responsible_id: None,
        auto_create_contacts: false,
        route_to_responsible: false,
        caller_name_on_phone: true,
        missed_call_reminders: true,
        blacklist: true,
        recordings_of_others: false,
        default_responsible: String::new(),
    };
    for (d, value, _) in effective(config, stored) {
        (d.apply)(&mut settings, &value);
    }
    settings
}

/// Every setting with its value and where it comes from.
pub async fn list(store: &dyn Store, config: &Config) -> Result<Vec<Setting>, AdminError> {
    let stored = store.stored_settings().await?;
    let mut out = Vec::new();
    for (d, value, source) in effective(config, &stored) {
        let agent = match (d.kind, value.as_str()) {
            (SettingKind::Agent, "") => None,
            (SettingKind::Agent, ident) => store.find_agent(ident).await?,
            _ => None,
        };
        out.push(Setting { name: d.name.to_string(), kind: d.kind, value, source, agent });
    }
    Ok(out)
}

/// Checks `value` for the setting `name`, stores it in its normal form, and answers the setting
/// as it now is. An agent is stored by id, so renaming it does not lose the setting.
pub async fn set(store: &dyn Store, config: &Config, name: &str, value: &str) -> Result<Setting, AdminError> {
    let d = definition(name.trim())?;
    let bad = |detail: String| {
        Refusal::invalid(ErrorCode::BadSetting, format!("{}: {detail}", d.name))
            .with("name", d.name)
            .with("detail", detail)
    };
    let value = value.trim();
    let normal = match d.kind {
        SettingKind::Switch => match value.to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => "true".to_string(),
            "false" | "off" | "no" | "0" => "false".to_string(),
            _ => return Err(bad(format!("{value:?} is not true or false")).into()),
        },
        SettingKind::Agent if value.is_empty() => String::new(),
        SettingKind::Agent => match store.find_agent(value).await? {
            Some(agent) => agent.id.to_string(),
            None => return Err(bad(format!("no active agent {value:?} (give an id, login, extension or name)")).into()),
        },
        SettingKind::Unknown => unreachable!("no setting is defined with an unknown kind"),
    };
    store.save_setting(d.name, &normal).await?;
    let all = list(store, config).await?;
    Ok(all.into_iter().find(|s| s.name == d.name).expect("the setting just saved is listed"))
}

/// The settings as the store says now, with the default responsible found among the agents (an
/// agent added after the relay started is found at the next read).
pub async fn read(store: &dyn Store, config: &Config) -> StoreResult<RuntimeSettings> {
    let mut settings = resolve(config, &store.stored_settings().await?, &store.stored_lines().await?);
    let ident = settings.default_responsible.trim();
    if !ident.is_empty() {
        settings.default_responsible_id = store.find_agent(ident).await?.map(|a| a.id);
    }
    Ok(settings)
}

/// The settings the running relay follows, kept fresh from the store.
pub struct LiveSettings {
    config: Config,
    current: RwLock<Arc<RuntimeSettings>>,
}

impl LiveSettings {
    /// Reads the store once; [`spawn_refresh`](Self::spawn_refresh) keeps it current.
    pub async fn load(store: &dyn Store, config: &Config) -> StoreResult<Arc<LiveSettings>> {
        let current = read(store, config).await?;
        Ok(Arc::new(LiveSettings { config: config.clone(), current: RwLock::new(Arc::new(current)) }))
    }

    pub fn get(&self) -> Arc<RuntimeSettings> {
        self.current.read().expect("settings lock").clone()
    }

    pub async fn reload(&self, store: &dyn Store) -> StoreResult<()> {
        let fresh = read(store, &self.config).await?;
        let mut current = self.current.write().expect("settings lock");
        if **current != fresh {
            tracing::info!(settings = ?fresh, "runtime settings changed");
            *current = Arc::new(fresh);
        }
        Ok(())
    }

    pub fn spawn_refresh(self: Arc<Self>, store: Arc<dyn Store>, every: Duration) -> tokio::task::JoinHandle<()> {
        super::refresh::spawn_every(every, "runtime settings", move || {
            let (live, store) = (self.clone(), store.clone());
            async move { live.reload(&*store).await }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_gives_first_values_and_the_store_wins() {
        let mut config = Config::default();
        config.routing.redirect_to_responsible = true;
        config.reminders.default_responsible = "anna".into();
        let none = BTreeMap::new();
        let first = resolve(&config, &none, &none);
        assert!(first.route_to_responsible && first.caller_name_on_phone && first.blacklist);
        assert!(first.missed_call_reminders && !first.auto_create_contacts);
        assert_eq!(first.default_responsible, "anna");
        let sources: BTreeMap<_, _> = effective(&config, &none).into_iter().map(|(d, _, s)| (d.name, s)).collect();
        assert_eq!(sources["route_to_responsible"], SettingSource::Config);
        assert_eq!(sources["blacklist"], SettingSource::Default);

        let stored: BTreeMap<String, String> =
            [("route_to_responsible", "false"), ("default_responsible", "7"), ("blacklist", "false")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let now = resolve(&config, &stored, &none);
        assert!(!now.route_to_responsible && !now.blacklist && now.caller_name_on_phone);
        assert_eq!(now.default_responsible, "7");
    }

    #[test]
    fn names_are_the_ones_scripts_use() {
        assert_eq!(
            names().collect::<Vec<_>>(),
            [
                "auto_create_contacts",
                "route_to_responsible",
                "caller_name_on_phone",
                "missed_call_reminders",
                "blacklist",
                "recordings_of_others",
                "default_responsible"
            ]
        );
        let e = definition("routing").err().expect("no such setting");
        assert_eq!(e.code, ErrorCode::UnknownSetting);
        assert!(e.message.contains("route_to_responsible"), "{}", e.message);
    }
}
