//! The admin command line. Scripts are written against these verbs and flags: keep them stable.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};

use crate::auth::{new_token, token_hash};
use crate::config::{Config, Overrides};
use crate::server;
use callcard_protocol::OutcomeOption;

use crate::store::{NewAgent, NewContact, Saved, Store};

#[derive(Debug, Parser)]
#[command(name = "callcard-relay", version, about = "Callcard relay: PBX webhooks in, live call events out to agents")]
pub struct Cli {
    /// TOML config file (see relay.example.toml). Every key can also be set as
    /// CALLCARD_<SECTION>_<KEY>, e.g. CALLCARD_ZADARMA_API_SECRET.
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
        /// The agent's PBX extension (e.g. 100).
        #[arg(long)]
        extension: String,
        /// The agent's PBX login (ITooLabs `user`).
        #[arg(long)]
        login: Option<String>,
        /// Supervisors receive every call's events.
        #[arg(long)]
        supervisor: bool,
    },
    /// Add many agents from CSV with a header row: name,extension[,login][,supervisor].
    /// Every row is checked first; nothing is written if any row is bad. Prints CSV
    /// `id,name,extension,token` (tokens are shown only once).
    Import { file: PathBuf },
    /// List agents.
    List,
    /// Revoke an agent's token (by id, login, extension or name); the agent is disconnected
    /// from the API at its next request.
    Revoke { agent: String },
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
    let config = Config::load(cli.config.as_deref(), &overrides)?;
    match cli.command {
        Command::Serve { .. } => server::serve(config).await,
        Command::Agent(cmd) => agent(&*server::open_store(&config).await?, cmd).await,
        Command::Contact(cmd) => contact(&*server::open_store(&config).await?, &config, cmd).await,
        Command::Outcome(cmd) => outcome(&*server::open_store(&config).await?, cmd).await,
    }
}

fn non_empty(label: &str, value: &str) -> anyhow::Result<String> {
    let value = value.trim();
    if value.is_empty() {
        bail!("{label} must not be empty");
    }
    Ok(value.to_string())
}

async fn agent(store: &dyn Store, cmd: AgentCommand) -> anyhow::Result<()> {
    match cmd {
        AgentCommand::Add { name, extension, login, supervisor } => {
            let new = NewAgent {
                name: non_empty("--name", &name)?,
                extension: Some(non_empty("--extension", &extension)?),
                login: login.as_deref().map(|l| non_empty("--login", l)).transpose()?,
                supervisor,
            };
            let token = new_token();
            let agent = store.add_agent(&new, &token_hash(&token)).await?;
            println!("added agent {} ({}), extension {}", agent.id, agent.name, extension);
            println!("{token}");
        }
        AgentCommand::Import { file } => import_agents(store, &file).await?,
        AgentCommand::List => {
            println!("{:<4} {:<24} {:<10} {:<16} {:<10} status", "id", "name", "extension", "login", "role");
            for rec in store.list_agents().await? {
                let a = rec.agent;
                let status = match rec.revoked_at {
                    Some(t) => format!("revoked {}", t.format("%Y-%m-%d %H:%M")),
                    None => "active".into(),
                };
                println!(
                    "{:<4} {:<24} {:<10} {:<16} {:<10} {status}",
                    a.id,
                    a.name,
                    a.extension.unwrap_or_default(),
                    a.login.unwrap_or_default(),
                    if a.supervisor { "supervisor" } else { "agent" }
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

async fn resolve_responsible(store: &dyn Store, ident: Option<&str>) -> anyhow::Result<Option<i64>> {
    let Some(ident) = ident.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    match store.find_agent(ident).await? {
        Some(a) => Ok(Some(a.id)),
        None => bail!("no active agent {ident:?} to be responsible"),
    }
}

async fn contact(store: &dyn Store, config: &Config, cmd: ContactCommand) -> anyhow::Result<()> {
    match cmd {
        ContactCommand::Add(args) => {
            let contact = NewContact {
                phone: config.phone.normalize(&args.phone).with_context(|| "--phone")?,
                name: non_empty("--name", &args.name)?,
                company: args.company.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
                responsible_agent_id: resolve_responsible(store, args.responsible.as_deref()).await?,
                blacklisted: args.blacklist,
            };
            let (id, saved) = store.save_contacts(std::slice::from_ref(&contact)).await?[0];
            let verb = if saved == Saved::Created { "added" } else { "updated" };
            println!("{verb} contact {id}: {} {}", contact.phone, contact.name);
        }
        ContactCommand::Import { file } => import(store, config, &file).await?,
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

fn is_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

async fn outcome(store: &dyn Store, cmd: OutcomeCommand) -> anyhow::Result<()> {
    match cmd {
        OutcomeCommand::Add { code, label, colour, order } => {
            let code = non_empty("--code", &code)?;
            if code.len() > 40 || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                bail!("--code must be up to 40 letters, digits, _ or -, got {code:?}");
            }
            let label = non_empty("--label", &label)?;
            if label.chars().count() > 40 {
                bail!("--label must be at most 40 characters (it is a button)");
            }
            let colour = colour.trim().to_ascii_lowercase();
            if !is_colour(&colour) {
                bail!("--colour must look like #2e7d32, got {colour:?}");
            }
            let option = OutcomeOption { code: code.clone(), label: label.clone(), colour, order };
            let verb = match store.save_outcome_option(&option).await? {
                Saved::Created => "added",
                Saved::Updated => "updated",
            };
            println!("{verb} outcome {code}: {label}");
        }
        OutcomeCommand::List => {
            println!("{:<6} {:<20} {:<24} {:<8} status", "order", "code", "label", "colour");
            for (o, retired) in store.outcome_options(true).await? {
                let status = if retired { "removed" } else { "offered" };
                println!("{:<6} {:<20} {:<24} {:<8} {status}", o.order, o.code, o.label, o.colour);
            }
        }
        OutcomeCommand::Remove { code } => {
            if !store.retire_outcome_option(code.trim()).await? {
                bail!("no offered outcome {code:?} (see `callcard-relay outcome list`)");
            }
            println!("removed outcome {code}; calls logged with it keep it");
        }
    }
    Ok(())
}

fn truthy(column: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" | "n" => Ok(false),
        "1" | "true" | "yes" | "y" => Ok(true),
        other => Err(format!("{column} must be yes/no, got {other:?}")),
    }
}

/// The column names of a CSV header row, lowercased.
struct Columns(Vec<String>);

impl Columns {
    fn of(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|h| h == name)
    }
}

/// A CSV file with a header row, read leniently (trimmed, short rows allowed). Returns the
/// reader, its columns, and the positions of the `required` ones (refusing a header without
/// them).
fn csv_reader<const N: usize>(
    file: &Path,
    required: [&str; N],
) -> anyhow::Result<(csv::Reader<std::fs::File>, Columns, [usize; N])> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_path(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let columns = Columns(reader.headers()?.iter().map(|h| h.to_ascii_lowercase()).collect());
    let mut positions = [0; N];
    for (position, name) in positions.iter_mut().zip(required) {
        let Some(found) = columns.of(name) else {
            bail!("{}: the header row must name at least the columns {}", file.display(), required.join(" and "));
        };
        *position = found;
    }
    Ok((reader, columns, positions))
}

fn refuse_bad_rows(file: &Path, errors: &[String]) -> anyhow::Result<()> {
    if errors.is_empty() {
        return Ok(());
    }
    for e in errors.iter().take(50) {
        eprintln!("{}: {e}", file.display());
    }
    bail!("{} bad rows in {}; nothing imported", errors.len(), file.display());
}

async fn import_agents(store: &dyn Store, file: &Path) -> anyhow::Result<()> {
    let (mut reader, columns, [name_col, extension_col]) = csv_reader(file, ["name", "extension"])?;
    let (login_col, supervisor_col) = (columns.of("login"), columns.of("supervisor"));
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
        let (name, extension, login) = (field(Some(name_col)), field(Some(extension_col)), field(login_col));
        if name.is_empty() || extension.is_empty() {
            errors.push(format!("line {line}: name and extension must not be empty"));
            continue;
        }
        let supervisor = match truthy("supervisor", &field(supervisor_col)) {
            Ok(s) => s,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let token = new_token();
        let login = Some(login).filter(|l| !l.is_empty());
        agents.push((NewAgent { name, extension: Some(extension), login, supervisor }, token_hash(&token)));
        tokens.push(token);
    }
    refuse_bad_rows(file, &errors)?;
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

async fn import(store: &dyn Store, config: &Config, file: &Path) -> anyhow::Result<()> {
    let (mut reader, columns, [phone_col, name_col]) = csv_reader(file, ["phone", "name"])?;
    let (company_col, responsible_col, blacklist_col) =
        (columns.of("company"), columns.of("responsible"), columns.of("blacklist"));

    let mut agents_by_ident = std::collections::HashMap::new();
    let mut contacts = Vec::new();
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
        let phone = match config.phone.normalize(&field(Some(phone_col))) {
            Ok(p) => p,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let name = field(Some(name_col));
        if name.is_empty() {
            errors.push(format!("line {line}: name is empty"));
            continue;
        }
        let blacklisted = match truthy("blacklist", &field(blacklist_col)) {
            Ok(b) => b,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let responsible = field(responsible_col);
        let responsible_agent_id = if responsible.is_empty() {
            None
        } else {
            if !agents_by_ident.contains_key(&responsible) {
                let found = store.find_agent(&responsible).await?.map(|a| a.id);
                agents_by_ident.insert(responsible.clone(), found);
            }
            match agents_by_ident[&responsible] {
                Some(id) => Some(id),
                None => {
                    errors.push(format!("line {line}: no active agent {responsible:?}"));
                    continue;
                }
            }
        };
        let company = Some(field(company_col)).filter(|c| !c.is_empty());
        contacts.push(NewContact { phone, name, company, responsible_agent_id, blacklisted });
    }
    refuse_bad_rows(file, &errors)?;
    let (mut created, mut updated) = (0usize, 0usize);
    // One transaction: an import lands whole or not at all.
    for (_, saved) in store.save_contacts(&contacts).await? {
        match saved {
            Saved::Created => created += 1,
            Saved::Updated => updated += 1,
        }
    }
    println!("imported {} contacts ({created} added, {updated} updated)", contacts.len());
    Ok(())
}
