//! `callcard-relay settings list|set`: the runtime settings, through the admin service the
//! console uses.

use callcard_protocol::{Setting, SettingSource};

use super::SettingsCommand;
use crate::admin::settings;
use crate::config::Config;
use crate::store::Store;

fn line(s: &Setting) -> String {
    let source = match s.source {
        SettingSource::Store => "set",
        SettingSource::Config => "config file",
        SettingSource::Default | SettingSource::Unknown => "default",
    };
    let value = match (&s.agent, s.value.as_str()) {
        (Some(a), _) => format!("{} ({})", a.id, a.name),
        (None, "") => "\"\"".to_string(),
        (None, v) => v.to_string(),
    };
    format!("{:<22} {:<24} {source}", s.name, value)
}

pub(super) async fn run(store: &dyn Store, config: &Config, cmd: SettingsCommand) -> anyhow::Result<()> {
    match cmd {
        SettingsCommand::List => {
            for s in settings::list(store, config).await? {
                println!("{}", line(&s));
            }
        }
        SettingsCommand::Set { name, value } => {
            let s = settings::set(store, config, &name, &value).await?;
            println!("{}", line(&s));
        }
    }
    Ok(())
}
