//! The systems under test: a relay with production settings, its agents, the simulator in load
//! mode, and what the simulator sent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use callcard_e2e::{
    Relay, Sim, CRM_TOKEN, ITOOLABS_API_TOKEN, RINGOSTAT_SECRET, UIS_SECRET, ZADARMA_KEY, ZADARMA_SECRET,
};

/// Where the relay keeps its database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Storage {
    /// A directory on the machine's disk: every acknowledged webhook waits for an fsync.
    Disk,
    /// /dev/shm (RAM): the same code and the same fsync calls, which return at once. Shows the
    /// relay's own cost apart from the disk's.
    Tmpfs,
}

impl Storage {
    pub fn tempdir(self) -> anyhow::Result<tempfile::TempDir> {
        Ok(match self {
            Storage::Disk => tempfile::tempdir()?,
            Storage::Tmpfs => tempfile::tempdir_in("/dev/shm")?,
        })
    }
}

/// A relay with the defaults an admin gets (15 s heartbeat, `synchronous=FULL`).
pub async fn relay(storage: Storage) -> anyhow::Result<Relay> {
    let config = format!(
        "[zadarma]\napi_secret = \"{ZADARMA_SECRET}\"\ntimezone = \"UTC\"\n\n[itoolabs]\ncrm_token = \"{CRM_TOKEN}\"\n\n\
         [uis]\nwebhook_secret = \"{UIS_SECRET}\"\n\n\
         [ringostat]\nwebhook_secret = \"{RINGOSTAT_SECRET}\"\n\n[lines]\n\"74951234567\" = \"Moscow sales\"\n"
    );
    Ok(Relay::with_config(storage.tempdir()?, &config).await)
}

/// A benchmark agent: name `Agent N`, extension `1000 + N`, login `agentN`.
#[derive(Debug, Clone)]
pub struct BenchAgent {
    pub name: String,
    pub extension: String,
    pub login: String,
    pub token: String,
}

/// Adds `count` agents through `callcard-relay agent import`.
pub fn agents(relay: &Relay, count: usize) -> anyhow::Result<Vec<BenchAgent>> {
    let csv = relay.dir.path().join("agents.csv");
    let mut text = String::from("name,extension,login\n");
    for n in 0..count {
        text += &format!("Agent {n},{},agent{n}\n", 1000 + n);
    }
    std::fs::write(&csv, text)?;
    let out = relay.cli(&["agent", "import", csv.to_str().context("path")?])?;
    let agents: Vec<BenchAgent> = out
        .lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split(',').collect();
            let n = cols[1].trim_start_matches("Agent ");
            BenchAgent {
                name: cols[1].to_string(),
                extension: cols[2].to_string(),
                login: format!("agent{n}"),
                token: cols[3].to_string(),
            }
        })
        .collect();
    if agents.len() != count {
        bail!("agent import gave {} agents, expected {count}", agents.len());
    }
    Ok(agents)
}

/// A simulator config that plays to `relay` with `agents` as the PBX's extensions.
pub fn sim_config(relay: &Relay, agents: &[BenchAgent]) -> String {
    let mut config = format!(
        "relay_url = \"{}\"\nproviders = [\"zadarma\"]\nlines = [\"74951234567\"]\nclients = [\"79991234567\"]\n\
         blacklisted = []\nunknown_prefix = \"7903\"\n\n[zadarma]\napi_key = \"{ZADARMA_KEY}\"\n\
         api_secret = \"{ZADARMA_SECRET}\"\ntimezone = \"UTC\"\n\n[itoolabs]\ncrm_token = \"{CRM_TOKEN}\"\n\
         api_token = \"{ITOOLABS_API_TOKEN}\"\n",
        relay.base
    );
    for a in agents {
        config +=
            &format!("\n[[agents]]\nname = \"{}\"\nextension = \"{}\"\nlogin = \"{}\"\n", a.name, a.extension, a.login);
    }
    config
}

/// One line of `callcard-sim load --out`.
#[derive(Debug, Clone)]
pub struct Send {
    pub sent_ns: i64,
    pub reply_ns: i64,
}

/// What the simulator sent, by call id, in send order.
pub struct Sends {
    pub by_call: HashMap<String, Vec<Send>>,
    pub total: usize,
    pub failed: usize,
    /// Every send time, sorted.
    sent: Vec<i64>,
}

impl Sends {
    pub fn read(path: &Path) -> anyhow::Result<Sends> {
        let text = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
        let mut by_call: HashMap<String, Vec<Send>> = HashMap::new();
        let (mut total, mut failed, mut sent) = (0, 0, vec![]);
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            let [call_id, _event, sent_at, reply_ms, status] = cols[..] else { bail!("bad load line {line:?}") };
            let sent_ns: i64 = sent_at.parse()?;
            let status: u16 = status.parse()?;
            let reply_ns = (reply_ms.parse::<f64>()? * 1e6) as i64;
            total += 1;
            if !(200..300).contains(&status) {
                failed += 1;
            }
            sent.push(sent_ns);
            by_call.entry(call_id.to_string()).or_default().push(Send { sent_ns, reply_ns });
        }
        for sends in by_call.values_mut() {
            sends.sort_by_key(|s| s.sent_ns);
        }
        sent.sort_unstable();
        Ok(Sends { by_call, total, failed, sent })
    }

    /// Webhooks per second over the first `secs` seconds of the load (calls keep sending
    /// for a few seconds after the last one starts; that tail is left out).
    pub fn rate(&self, secs: u64) -> f64 {
        let Some(&first) = self.sent.first() else { return 0.0 };
        let end = first + secs as i64 * 1_000_000_000;
        self.sent.partition_point(|&t| t < end) as f64 / secs as f64
    }

    /// The webhook that caused an event: the call's send whose request was in flight when the
    /// relay accepted it (`at`). A call's webhooks go one after another, so at most one fits.
    pub fn cause(&self, call_id: &str, at_ns: i64) -> Option<&Send> {
        // The relay's clock reading may land a hair outside the client's window: allow 1 ms.
        const SLACK_NS: i64 = 1_000_000;
        self.by_call
            .get(call_id)?
            .iter()
            .find(|s| s.sent_ns - SLACK_NS <= at_ns && at_ns <= s.sent_ns + s.reply_ns + SLACK_NS)
    }
}

/// Runs `callcard-sim load` to the end; returns the path of its send log.
pub async fn sim_load(
    config: &str,
    out_dir: &Path,
    calls_per_sec: f64,
    secs: u64,
    ring_secs: f64,
    talk_secs: f64,
) -> anyhow::Result<PathBuf> {
    let out = out_dir.join(format!("sends-{calls_per_sec}.csv"));
    let args = [
        "load".to_string(),
        "--rate".into(),
        calls_per_sec.to_string(),
        "--duration".into(),
        format!("{secs}s"),
        "--ring-secs".into(),
        ring_secs.to_string(),
        "--talk-secs".into(),
        talk_secs.to_string(),
        "--out".into(),
        out.to_str().context("path")?.to_string(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (_, stdout, stderr) = Sim::run(config, &args).await;
    // A load with refused webhooks exits non-zero; the send log still says what happened.
    if !out.exists() {
        bail!("callcard-sim load wrote no send log: {stdout}{stderr}");
    }
    Ok(out)
}

/// Lets this process (and the relay it starts) hold `want` sockets. Root may raise the hard
/// limit; others get what the hard limit allows.
pub fn raise_open_files(want: u64) -> u64 {
    use rlimit::Resource;
    let (_, hard) = Resource::NOFILE.get().unwrap_or((1024, 1024));
    let target = want.max(hard);
    if Resource::NOFILE.set(target, target).is_ok() {
        return target;
    }
    rlimit::increase_nofile_limit(want).unwrap_or(1024)
}
