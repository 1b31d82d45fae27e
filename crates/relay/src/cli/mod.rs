//! The admin command line. Scripts are written against these verbs and flags: keep them stable.

mod agents;
mod contacts;
mod csv_file;
mod maintenance;
mod outcomes;
mod pbx;
mod report;
mod settings;
mod webhooks;

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, Parser, Subcommand};

use crate::admin::secrets;
use crate::config::{Config, Overrides};
use crate::providers::Providers;
use crate::server;

#[derive(Debug, Parser)]
#[command(name = "callcard-relay", version, about = "Callcard relay: PBX webhooks in, live call events out to agents")]
pub struct Cli {
    /// TOML config file (see relay.example.toml); without one, /etc/callcard/relay.toml if it
    /// exists. Every key can also be set as CALLCARD_<SECTION>_<KEY>, e.g. CALLCARD_ZADARMA_API_SECRET.
    #[arg(long, global = true, value_name = "FILE", env = "CALLCARD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Data directory holding the SQLite database (overrides [server] data_dir).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the relay server.
    Serve {
        /// Address to listen on (overrides [server] listen), e.g. 0.0.0.0:8790.
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
    },
    /// Manage agents (managers and supervisors) and their tokens.
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Manage the contact store used for caller names, routing and the blacklist.
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Manage the outcome list the cards offer ("Interested", "Call back later", …).
    #[command(subcommand)]
    Outcome(OutcomeCommand),
    /// Look at the PBX webhooks the relay stored.
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Check the configured PBXes: API reachable, balance, and their users against the agents.
    #[command(subcommand)]
    Pbx(PbxCommand),
    /// The runtime settings the console also changes (switches, default responsible).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// A consistent copy of the database in a new FILE, taken while the relay serves.
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Puts a backup in place of the database (stop the relay first). It starts a new epoch:
    /// every app reloads its calls instead of resuming.
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// A period's figures (calls per line, answered and missed, per agent, per outcome, new
    /// leads per source), or with --csv one row per call in a file.
    Report {
        /// First day, YYYY-MM-DD ([reports] timezone days).
        #[arg(long)]
        from: String,
        /// Last day, included.
        #[arg(long)]
        to: String,
        /// Writes the calls as CSV (UTF-8 with BOM) to FILE instead.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// The CSV's field separator: `,` or `;`.
        #[arg(long, default_value = ",")]
        separator: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Verified webhooks stored with parts that did not parse (newest first).
    Flagged {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum PbxCommand {
    /// For each provider whose API is configured: the balance, the PBX's users, which agents
    /// they are, and agents whose id the PBX does not list.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum OutcomeCommand {
    /// Add an outcome, or change the one with the same code (this also brings a removed one back).
    Add {
        /// Short stable id, e.g. call_back (letters, digits, _ and -).
        #[arg(long)]
        code: String,
        /// What the button says.
        #[arg(long)]
        label: String,
        /// Button colour as #rrggbb.
        #[arg(long, default_value = "#546e7a")]
        colour: String,
        /// Position on the card (smaller first).
        #[arg(long, default_value_t = 100)]
        order: i32,
        /// Whether logging it makes the call's lead a client (unchanged if not given; a new
        /// outcome does not).
        #[arg(long, value_name = "true|false", action = clap::ArgAction::Set)]
        converts: Option<bool>,
    },
    /// List outcomes (removed ones too, marked).
    List,
    /// Stop offering an outcome; calls already logged with it keep it.
    Remove { code: String },
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Add an agent; prints its new token as the last line of stdout (shown only once).
    Add {
        #[arg(long)]
        name: String,
        /// The agent's Zadarma extension (e.g. 100); the same as --pbx-user zadarma=100.
        #[arg(long)]
        extension: Option<String>,
        /// The agent's ITooLabs login (`user`); the same as --pbx-user itoolabs=LOGIN.
        #[arg(long)]
        login: Option<String>,
        /// The agent's user on a PBX, as that PBX's webhooks name it (repeatable), e.g.
        /// uis=323409 (UIS employee id), ringostat=sip_anna. Matched only against that
        /// provider's webhooks.
        #[arg(long = "pbx-user", value_name = "PROVIDER=ID")]
        pbx_users: Vec<String>,
        /// Supervisors receive every call's events.
        #[arg(long)]
        supervisor: bool,
        /// Admins sign in to the web console (/admin); they are supervisors too.
        #[arg(long)]
        admin: bool,
    },
    /// Add many agents from CSV with a header row: name[,extension][,login][,supervisor] and a
    /// column per other PBX named by its provider id (e.g. uis). Every row is checked first;
    /// nothing is written if any row is bad. Prints CSV `id,name,extension,token` (tokens are
    /// shown only once).
    Import { file: PathBuf },
    /// List agents.
    List,
    /// Revoke an agent's token (by id, login, extension, another PBX user id, or name); the
    /// agent is refused at its next request and its open connections close within a minute.
    Revoke { agent: String },
    /// Give an agent (by id, login, extension, another PBX user id, or name) a role: agent,
    /// supervisor (sees every call) or admin (also runs the web console).
    Role {
        agent: String,
        #[arg(value_name = "agent|supervisor|admin")]
        role: String,
    },
    /// Allow an agent the app's blacklist button (true) or take it away (false); supervisors
    /// and admins always have it.
    MayBlacklist {
        agent: String,
        #[arg(value_name = "true|false", action = clap::ArgAction::Set)]
        allowed: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Every runtime setting, its value and where the value comes from.
    List,
    /// Change a runtime setting; a running relay follows within a second. Switches
    /// (auto_create_contacts, route_to_responsible, caller_name_on_phone, missed_call_reminders,
    /// blacklist) take true or false; default_responsible an agent (id, login, extension or
    /// name), or "" for nobody.
    Set { name: String, value: String },
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact, or update the one with the same phone number.
    Add(ContactArgs),
    /// Import contacts from CSV with a header row: phone,name[,company][,responsible][,blacklist].
    /// Every row is checked first; nothing is written if any row is bad.
    Import { file: PathBuf },
    /// List contacts.
    List {
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
}

#[derive(Debug, Args)]
pub struct ContactArgs {
    #[arg(long)]
    name: String,
    /// Any human format: +7 (999) 123-45-67, 8 999 123 45 67, 79991234567.
    #[arg(long)]
    phone: String,
    #[arg(long)]
    company: Option<String>,
    /// The responsible agent (id, login, extension or name).
    #[arg(long, value_name = "AGENT")]
    responsible: Option<String>,
    /// Calls from this number are rejected by the PBX (Zadarma `redirect: blacklist`).
    #[arg(long)]
    blacklist: bool,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let listen = match &cli.command {
        Command::Serve { listen } => *listen,
        _ => None,
    };
    let overrides = Overrides { listen, data_dir: cli.data_dir.clone() };
    let config = Config::load(config_file(cli.config.as_deref()).as_deref(), &overrides)?;
    if let Command::Serve { .. } = cli.command {
        return server::serve(config).await;
    }
    if let Command::Restore { file } = &cli.command {
        return maintenance::restore(&config, file);
    }
    // Building the providers checks their config sections for every command alike.
    let providers = Providers::from_settings(&config.providers, &config.dial.provider)?;
    let store = server::open_store(&config).await?;
    let providers = with_console_keys(&*store, &config, providers).await?;
    match cli.command {
        Command::Serve { .. } => unreachable!("served above"),
        Command::Agent(cmd) => agents::run(&*store, &providers, cmd).await,
        Command::Contact(cmd) => contacts::run(&*store, &providers, &config, cmd).await,
        Command::Outcome(cmd) => outcomes::run(&*store, cmd).await,
        Command::Webhook(WebhookCommand::Flagged { limit }) => webhooks::flagged(&*store, limit).await,
        Command::Pbx(PbxCommand::Check) => pbx::check(&*store, &providers).await,
        Command::Settings(cmd) => settings::run(&*store, &config, cmd).await,
        Command::Backup { file } => maintenance::backup(&*store, &config, &file).await,
        Command::Restore { .. } => unreachable!("restored above"),
        Command::Report { from, to, csv, separator } => {
            report::run(&*store, &config, report::Args { from, to, csv, separator }).await
        }
    }
}

/// Where the installed package keeps the config: used when no `--config` is given.
const INSTALLED_CONFIG: &str = "/etc/callcard/relay.toml";

/// `--config` (or `CALLCARD_CONFIG`); without one, the installed package's file if there is one,
/// so that admins' commands on a server read the service's config.
fn config_file(given: Option<&std::path::Path>) -> Option<PathBuf> {
    given.map(std::path::Path::to_path_buf).or_else(|| {
        let installed = PathBuf::from(INSTALLED_CONFIG);
        installed.is_file().then_some(installed)
    })
}

/// The providers as the running relay has them: with the keys entered in the console.
async fn with_console_keys(
    store: &dyn crate::store::Store,
    config: &Config,
    providers: Providers,
) -> anyhow::Result<Providers> {
    let sealed = store.sealed_secrets().await?;
    if sealed.is_empty() {
        return Ok(providers);
    }
    let key = secrets::SecretsKey::load_or_create(&config.server.data_dir)?;
    let values = secrets::open_all(&key, &sealed);
    let settings = secrets::overlay(&config.providers, &values).map_err(anyhow::Error::msg)?;
    Providers::from_settings(&settings, &config.dial.provider)
}

fn non_empty(label: &str, value: &str) -> anyhow::Result<String> {
    let value = value.trim();
    if value.is_empty() {
        bail!("{label} must not be empty");
    }
    Ok(value.to_string())
}
