//! Harness for end-to-end tests: real binaries on loopback ports, fresh data directories,
//! real HTTP and WebSocket clients.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{bail, Context};
use callcard_protocol::{CallEvent, ClientMessage, Position, ServerMessage, PROTOCOL_VERSION};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub use callcard_pbx::zadarma::webhook_signature;

pub mod browser;
pub mod desktop;
pub mod languages;
pub mod nats;
pub mod system;

/// The Zadarma secret every test relay is configured with.
pub const ZADARMA_SECRET: &str = "test_secret_456";
/// The ITooLabs CRM token every test relay is configured with.
pub const CRM_TOKEN: &str = "6JDctK8K4CyrTJch3eUeLtEwvFDaHeSm";
/// The secret in every Ringostat webhook URL of a test relay (the simulator's default).
pub const RINGOSTAT_SECRET: &str = "sim_ringostat_secret_0123456789";
/// The Ringostat API key and project the simulator's fake API accepts (its defaults).
pub const RINGOSTAT_AUTH_KEY: &str = "sim_ringostat_auth_key";
pub const RINGOSTAT_PROJECT: &str = "12345";

/// A test agent's UIS employee id: "3234" and its extension (the simulator's rule).
pub fn uis_employee(extension: &str) -> String {
    format!("3234{extension}")
}

/// Path of a workspace binary of the caller's profile, built on first use so `cargo test` (or
/// `cargo run --release -p callcard-bench`) alone is enough. Under `--release` the desktop app is
/// the `desktop` profile's build (see Cargo.toml), as it ships.
pub fn binary(name: &str) -> PathBuf {
    static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());
    // Test executables live in <target>/<profile>/deps, other binaries in <target>/<profile>.
    let exe = std::env::current_exe().expect("executable path");
    let mut dir = exe.parent().expect("executable directory").to_path_buf();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !built.iter().any(|b| b == name) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(cargo);
        build.args(["build", "--quiet", "--workspace", "--bin", name]).current_dir(env!("CARGO_MANIFEST_DIR"));
        if dir.ends_with("release") {
            build.args(["--profile", release_profile(name)]);
        }
        let status = build.status().expect("run cargo build");
        assert!(status.success(), "building {name} failed");
        built.push(name.to_string());
    }
    if dir.ends_with("release") {
        dir.set_file_name(release_profile(name));
    }
    let path = dir.join(name);
    assert!(path.exists(), "{} was not built", path.display());
    path
}

/// The optimised profile a binary ships with.
fn release_profile(name: &str) -> &'static str {
    if name == "callcard" {
        "desktop"
    } else {
        "release"
    }
}

/// A running `callcard-relay serve` with its own data directory, killed on drop.
pub struct Relay {
    pub dir: tempfile::TempDir,
    child: Option<Child>,
    pub base: String,
    pub http: reqwest::Client,
    /// Extra environment for every relay process (config overrides).
    env: Vec<(String, String)>,
}

impl Relay {
    /// Starts a relay with the test secrets and `extra` appended to its config file.
    pub async fn start(extra: &str) -> Relay {
        Relay::start_with_env(extra, &[]).await
    }

    /// Like [`Relay::start`], with `CALLCARD_…` variables for the relay and its admin commands.
    pub async fn start_with_env(extra: &str, env: &[(&str, &str)]) -> Relay {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = format!(
            "[zadarma]\napi_secret = \"{ZADARMA_SECRET}\"\ntimezone = \"UTC\"\n\n[itoolabs]\ncrm_token = \"{CRM_TOKEN}\"\n\n\
             [uis]\nwebhook_secret = \"{UIS_SECRET}\"\ntimezone = \"UTC\"\n\n\
             [ringostat]\nwebhook_secret = \"{RINGOSTAT_SECRET}\"\ntimezone = \"UTC\"\n\n\
             [server]\nheartbeat_secs = 1\nclient_timeout_secs = 3\n\n[lines]\n\"74951234567\" = \"Moscow sales\"\n\n{extra}\n"
        );
        Relay::with_config_and_env(dir, &config, env).await
    }

    /// Starts a relay with exactly `config` as its config file and its data in `dir`.
    pub async fn with_config(dir: tempfile::TempDir, config: &str) -> Relay {
        Relay::with_config_and_env(dir, config, &[]).await
    }

    async fn with_config_and_env(dir: tempfile::TempDir, config: &str, env: &[(&str, &str)]) -> Relay {
        std::fs::write(dir.path().join("relay.toml"), config).expect("write config");
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut relay = Relay { dir, child: None, base: String::new(), http: reqwest::Client::new(), env };
        relay.spawn("127.0.0.1:0").await;
        relay
    }

    /// The relay's process id (for memory readings).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    fn command(&self) -> Command {
        self.command_of(binary("callcard-relay"))
    }

    fn command_of(&self, program: PathBuf) -> Command {
        let mut cmd = Command::new(program);
        cmd.arg("--config")
            .arg(self.dir.path().join("relay.toml"))
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .env("CALLCARD_LOG", "warn,callcard_relay=info")
            .env_remove("CALLCARD_ZADARMA_API_SECRET")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }

    async fn spawn(&mut self, listen: &str) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("relay.log"))
            .expect("relay log file");
        // Benchmarks serve with an older build, side by side, through this variable (the
        // admin commands stay the current build's).
        let program = std::env::var_os("CALLCARD_RELAY_BINARY").map_or_else(|| binary("callcard-relay"), PathBuf::from);
        let mut child = self
            .command_of(program)
            .args(["serve", "--listen", listen])
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("spawn relay");
        let stdout = child.stdout.take().expect("stdout");
        let line = tokio::task::spawn_blocking(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            reader.read_line(&mut line).map(|_| line)
        })
        .await
        .expect("join")
        .expect("read relay stdout");
        let base = line.trim().rsplit(' ').next().unwrap_or_default().to_string();
        assert!(base.starts_with("http://"), "relay did not start: {line:?}");
        self.base = base;
        self.child = Some(child);
    }

    /// `host:port` the relay listens on.
    pub fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_string()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Runs an admin command (`agent add …`) against this relay's config and data; returns stdout.
    pub fn cli(&self, args: &[&str]) -> anyhow::Result<String> {
        let out = self.command().args(args).output()?;
        if !out.status.success() {
            bail!("callcard-relay {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8(out.stdout)?)
    }

    /// Runs an admin command that should fail; returns its stderr.
    pub fn cli_fails(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("run callcard-relay");
        assert!(!out.status.success(), "callcard-relay {args:?} succeeded: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// Adds an agent and returns its token.
    /// Its UIS employee id is [`uis_employee`] of the extension.
    pub fn add_agent(&self, name: &str, extension: &str, login: Option<&str>, supervisor: bool) -> String {
        let uis = format!("uis={}", uis_employee(extension));
        let mut args = vec!["agent", "add", "--name", name, "--extension", extension, "--pbx-user", &uis];
        // Its Ringostat SIP login is its login (the simulator's rule).
        let ringostat = login.map(|l| format!("ringostat={l}"));
        if let Some(login) = login {
            args.extend(["--login", login]);
        }
        if let Some(user) = &ringostat {
            args.extend(["--pbx-user", user]);
        }
        if supervisor {
            args.push("--supervisor");
        }
        let out = self.cli(&args).expect("agent add");
        out.lines().last().expect("token line").trim().to_string()
    }

    /// Adds a contact through the admin CLI.
    pub fn add_contact(&self, name: &str, phone: &str, company: &str, responsible: &str) {
        let args =
            ["contact", "add", "--name", name, "--phone", phone, "--company", company, "--responsible", responsible];
        self.cli(&args).expect("contact add");
    }

    /// Stops the process abruptly (SIGKILL): nothing gets a chance to flush.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts a killed relay again on the same port with the same data.
    pub async fn revive(&mut self) {
        let addr = self.addr();
        self.spawn(&addr).await;
    }

    /// Asks the relay to dial `to` for the agent with `token` (`POST /api/v1/dial`).
    pub async fn dial(&self, token: &str, to: &str) -> reqwest::Response {
        self.api(reqwest::Method::POST, "/api/v1/dial", token)
            .json(&serde_json::json!({ "to": to }))
            .send()
            .await
            .expect("relay reachable")
    }

    /// Posts a Ringostat webhook (`event`: `ringing`, `ended`…) as JSON to its URL with the secret.
    pub async fn ringostat(&self, event: &str, body: &str) -> reqwest::Response {
        self.post(&format!("/hooks/ringostat/{RINGOSTAT_SECRET}/{event}"), "application/json", body.to_string(), None)
            .await
    }

    /// Sets a `CALLCARD_…` variable for the relay's next start and its admin commands (a later
    /// value wins).
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_string(), value.to_string()));
    }

    /// Points the relay at the simulator's PBX APIs (click-to-call, recordings) and restarts it.
    /// `dial_provider` picks the PBX that places click-to-call calls.
    pub async fn use_sim_apis(&mut self, sim: &Sim, dial_provider: &str) {
        self.env.extend(
            [
                ("CALLCARD_ZADARMA_API_KEY", ZADARMA_KEY.to_string()),
                ("CALLCARD_ZADARMA_API_URL", sim.base.clone()),
                ("CALLCARD_ITOOLABS_API_URL", sim.url("/sys/crm_api.wcgp")),
                ("CALLCARD_ITOOLABS_API_TOKEN", ITOOLABS_API_TOKEN.to_string()),
                ("CALLCARD_UIS_CALL_API_URL", sim.url("/uis/callapi/v4.0")),
                ("CALLCARD_UIS_DATA_API_URL", sim.url("/uis/dataapi/v2.0")),
                ("CALLCARD_UIS_ACCESS_TOKEN", UIS_TOKEN.to_string()),
                ("CALLCARD_UIS_VIRTUAL_PHONE_NUMBER", UIS_VIRTUAL_NUMBER.to_string()),
                ("CALLCARD_RINGOSTAT_API_URL", sim.url("/ringostat")),
                ("CALLCARD_RINGOSTAT_AUTH_KEY", RINGOSTAT_AUTH_KEY.to_string()),
                ("CALLCARD_RINGOSTAT_PROJECT_ID", RINGOSTAT_PROJECT.to_string()),
                ("CALLCARD_DIAL_PROVIDER", dial_provider.to_string()),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        self.restart().await;
    }

    /// An authenticated request to the relay's API.
    pub fn api(&self, method: reqwest::Method, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.http.request(method, self.url(path)).bearer_auth(token)
    }

    /// Kills and starts again on the same port with the same data.
    pub async fn restart(&mut self) {
        let addr = self.addr();
        self.kill();
        self.spawn(&addr).await;
    }

    /// A whole Zadarma call from `phone` to `ext` (answered or missed) started at `start` (UTC)
    /// on `line`, talking `talk` seconds when answered, then its recording.
    pub async fn zadarma_call(
        &self,
        call: &str,
        phone: &str,
        ext: &str,
        answered: bool,
        (start, line, talk): (&str, &str, &str),
    ) {
        let base = |event: &'static str| {
            vec![
                ("event", event),
                ("call_start", start),
                ("pbx_call_id", call),
                ("caller_id", phone),
                ("called_did", line),
            ]
        };
        let mut steps = vec![base("NOTIFY_START"), [base("NOTIFY_INTERNAL"), vec![("internal", ext)]].concat()];
        if answered {
            steps.push([base("NOTIFY_ANSWER"), vec![("destination", ext), ("internal", ext)]].concat());
        }
        let (disposition, duration, recorded) = if answered { ("answered", talk, "1") } else { ("cancel", "20", "0") };
        let who = if answered { vec![("internal", ext)] } else { vec![] };
        let end = vec![
            ("duration", duration),
            ("disposition", disposition),
            ("is_recorded", recorded),
            ("status_code", "16"),
        ];
        steps.push([base("NOTIFY_END"), who, end].concat());
        for fields in steps {
            assert_eq!(self.zadarma(&fields).await.status(), 200);
        }
        if answered {
            let rec = format!("{call}.rec");
            let record = vec![("event", "NOTIFY_RECORD"), ("pbx_call_id", call), ("call_id_with_rec", rec.as_str())];
            assert_eq!(self.zadarma(&record).await.status(), 200);
        }
    }

    /// Posts a Zadarma webhook, signed as Zadarma signs it.
    pub async fn zadarma(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        self.zadarma_via(fields, None).await
    }

    /// [`Relay::zadarma`] as a reverse proxy passes it on, with its `X-Forwarded-For`.
    pub async fn zadarma_via(&self, fields: &[(&str, &str)], forwarded_for: Option<&str>) -> reqwest::Response {
        let event = fields.iter().find(|(k, _)| *k == "event").map(|(_, v)| *v).unwrap_or("");
        let form = callcard_pbx::Form::from_pairs(fields.iter().copied());
        let signed = callcard_pbx::zadarma::signed_string(event, &form).unwrap_or_default();
        let body = serde_urlencoded::to_string(fields).expect("encode");
        let mut req = self
            .http
            .post(self.url("/hooks/zadarma"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("Signature", webhook_signature(ZADARMA_SECRET, &signed))
            .body(body);
        if let Some(hops) = forwarded_for {
            req = req.header("X-Forwarded-For", hops);
        }
        req.send().await.expect("relay reachable")
    }

    /// Posts an ITooLabs PBX → CRM request with the right token.
    pub async fn itoolabs(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("crm_token", CRM_TOKEN));
        let body = serde_urlencoded::to_string(&all).expect("encode");
        self.post("/hooks/itoolabs", "application/x-www-form-urlencoded", body, None).await
    }

    /// Posts a UIS notification (`event`: `ringing`, `ended`…) to its URL with the right secret.
    pub async fn uis(&self, event: &str, body: &str) -> reqwest::Response {
        self.post(&format!("/hooks/uis/{UIS_SECRET}/{event}"), "application/json", body.to_string(), None).await
    }

    pub async fn post(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
        signature: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self.http.post(self.url(path)).header("content-type", content_type).body(body);
        if let Some(sig) = signature {
            req = req.header("Signature", sig);
        }
        req.send().await.expect("relay reachable")
    }

    pub async fn get_json(&self, path: &str, token: &str) -> serde_json::Value {
        let resp = self.http.get(self.url(path)).bearer_auth(token).send().await.expect("relay reachable");
        assert!(resp.status().is_success(), "GET {path}: {}", resp.status());
        resp.json().await.expect("json")
    }

    /// Opens an agent's WebSocket and reads the hello.
    pub async fn connect(&self, token: &str) -> anyhow::Result<Agent> {
        Agent::connect(&self.addr(), token).await
    }

    /// An agent connected and subscribed from the current head (panics otherwise).
    pub async fn subscribed(&self, token: &str) -> Agent {
        let mut agent = self.connect(token).await.expect("connect");
        let answer = agent.subscribe(None).await.expect("subscribe");
        assert!(matches!(answer, ServerMessage::Subscribed { .. }), "{answer:?}");
        agent
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.kill();
        // A failing test shows what the relay said.
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.dir.path().join("relay.log")).unwrap_or_default();
            eprintln!("--- relay log ---\n{log}--- end of relay log ---");
        }
    }
}

/// A WebSocket client speaking the relay's protocol, as the desktop app does.
pub struct Agent {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub hello: ServerMessage,
    /// Position of the last event received.
    pub position: Option<Position>,
}

pub const WAIT: Duration = Duration::from_secs(5);

impl Agent {
    pub async fn connect(addr: &str, token: &str) -> anyhow::Result<Agent> {
        Agent::connect_with(addr, &[("Authorization", format!("Bearer {token}"))]).await
    }

    /// Connects with these headers (a browser's cookie and origin, say) instead of a token.
    pub async fn connect_with(addr: &str, headers: &[(&'static str, String)]) -> anyhow::Result<Agent> {
        let mut request = format!("ws://{addr}/ws").into_client_request()?;
        for (name, value) in headers {
            request.headers_mut().insert(*name, value.parse()?);
        }
        let (ws, _) = tokio_tungstenite::connect_async(request).await?;
        let mut agent = Agent {
            ws,
            hello: ServerMessage::Error {
                code: callcard_protocol::ErrorCode::Internal,
                message: String::new(),
                params: Default::default(),
            },
            position: None,
        };
        agent.hello = agent.next_message(WAIT).await?;
        if !matches!(agent.hello, ServerMessage::Hello { .. }) {
            bail!("expected hello, got {:?}", agent.hello);
        }
        Ok(agent)
    }

    pub async fn send(&mut self, msg: &ClientMessage) -> anyhow::Result<()> {
        self.ws.send(Message::Text(serde_json::to_string(msg)?.into())).await?;
        Ok(())
    }

    /// Subscribes (resuming from `resume`) and returns the relay's answer.
    pub async fn subscribe(&mut self, resume: Option<Position>) -> anyhow::Result<ServerMessage> {
        self.send(&ClientMessage::Subscribe { protocol: PROTOCOL_VERSION, resume }).await?;
        self.next_message(WAIT).await
    }

    /// The next protocol message (pings are answered by tungstenite and skipped here).
    pub async fn next_message(&mut self, wait: Duration) -> anyhow::Result<ServerMessage> {
        // One deadline for the whole wait: the relay's pings must not extend it.
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame =
                tokio::time::timeout_at(deadline, self.ws.next()).await.context("timed out waiting for a message")?;
            match frame {
                Some(Ok(Message::Text(text))) => {
                    let msg: ServerMessage =
                        serde_json::from_str(&text).with_context(|| format!("bad message {text}"))?;
                    if let ServerMessage::Event(e) = &msg {
                        self.position = Some(Position { epoch: e.epoch.clone(), seq: e.seq });
                    }
                    return Ok(msg);
                }
                Some(Ok(Message::Close(frame))) => bail!("closed by relay: {frame:?}"),
                Some(Ok(_)) => continue,
                Some(Err(e)) => bail!("websocket error: {e}"),
                None => bail!("connection ended"),
            }
        }
    }

    pub async fn next_event(&mut self) -> anyhow::Result<CallEvent> {
        match self.next_message(WAIT).await? {
            ServerMessage::Event(e) => Ok(e),
            other => bail!("expected an event, got {other:?}"),
        }
    }

    /// The next event of the call the PBX names `provider_call_id` (others are skipped), within
    /// `wait`.
    pub async fn next_of(&mut self, provider_call_id: &str, wait: Duration) -> anyhow::Result<CallEvent> {
        let deadline = std::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.next_message(left).await? {
                ServerMessage::Event(e) if e.call.provider_call_id == provider_call_id => return Ok(e),
                _ => continue,
            }
        }
    }

    /// Asserts nothing arrives for `wait`.
    pub async fn expect_silence(&mut self, wait: Duration) -> anyhow::Result<()> {
        match self.next_message(wait).await {
            Err(e) if e.to_string().contains("timed out") => Ok(()),
            Err(e) => Err(e),
            Ok(msg) => bail!("expected nothing, got {msg:?}"),
        }
    }

    /// Reads events until `n` have arrived.
    pub async fn events(&mut self, n: usize) -> anyhow::Result<Vec<CallEvent>> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            out.push(self.next_event().await?);
        }
        Ok(out)
    }

    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }
}

/// The Zadarma API key the simulator and the relay share in tests (PROTOCOLS.md's vector key).
pub const ZADARMA_KEY: &str = "test_key_123";
/// The ITooLabs API token the simulator expects in tests.
pub const ITOOLABS_API_TOKEN: &str = "test_api_token";

/// The simulator's team in tests: Zadarma extensions 100–102, ITooLabs logins, UIS employees
/// 3234100–3234102 (the simulator's default ids).
const SIM_AGENTS: &str = r#"[[agents]]
name = "Anna"
extension = "100"
login = "anna"

[[agents]]
name = "Boris"
extension = "101"
login = "boris"

[[agents]]
name = "Vera"
extension = "102"
login = "vera"
"#;

/// A simulator config matching [`Relay::start`]'s secrets, with `extra` appended (top-level keys
/// must come before any table, so `extra` is placed first).
pub fn sim_config(relay: &Relay, extra_top: &str, extra_tables: &str) -> String {
    format!(
        r#"{extra_top}
relay_url = "{relay}"
providers = ["zadarma", "itoolabs"]
lines = ["74951234567"]
clients = ["79991234567"]
blacklisted = ["78005553535"]
unknown_prefix = "7903"

[zadarma]
api_key = "{ZADARMA_KEY}"
api_secret = "{ZADARMA_SECRET}"
timezone = "UTC"
callback_ring_secs = 0.2
callback_talk_secs = 1.0
min_link_lifetime_secs = 1

[itoolabs]
crm_token = "{CRM_TOKEN}"
api_token = "{ITOOLABS_API_TOKEN}"
callback_ring_secs = 0.2
callback_talk_secs = 1.0

{uis}
[ringostat]
webhook_secret = "{RINGOSTAT_SECRET}"
auth_key = "{RINGOSTAT_AUTH_KEY}"
project_id = "{RINGOSTAT_PROJECT}"
timezone = "UTC"
callback_ring_secs = 0.2
callback_talk_secs = 1.0

{SIM_AGENTS}
{extra_tables}
"#,
        uis = uis_sim_section("timezone = \"UTC\""),
        relay = relay.base
    )
}

/// A `callcard-sim` process; `serve`-like commands are killed on drop.
pub struct Sim {
    pub dir: tempfile::TempDir,
    child: Option<Child>,
    /// Base URL of its simulated PBX APIs.
    pub base: String,
}

impl Sim {
    fn command(dir: &Path, config: &str) -> Command {
        std::fs::write(dir.join("sim.toml"), config).expect("write sim config");
        let mut cmd = Command::new(binary("callcard-sim"));
        cmd.arg("--config")
            .arg(dir.join("sim.toml"))
            .arg("--listen")
            .arg("127.0.0.1:0")
            .arg("--audio-dir")
            .arg(dir.join("audio"))
            .env("CALLCARD_LOG", "warn,callcard_sim=info");
        cmd
    }

    /// Starts a long-running simulator (`serve`, `demo`) and waits until its API listens.
    pub async fn start(config: &str, args: &[&str]) -> Sim {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = std::fs::File::create(dir.path().join("sim.log")).expect("sim log");
        let mut child =
            Self::command(dir.path(), config).args(args).stdout(Stdio::piped()).stderr(log).spawn().expect("spawn sim");
        let stdout = child.stdout.take().expect("stdout");
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        })
        .await
        .expect("join")
        .expect("read sim stdout");
        let base = line.trim().rsplit(' ').next().unwrap_or_default().to_string();
        assert!(base.starts_with("http://"), "sim did not start: {line:?}");
        Sim { dir, child: Some(child), base }
    }

    /// Runs a simulator command to completion; returns (success, stdout, stderr).
    pub async fn run(config: &str, args: &[&str]) -> (bool, String, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cmd = Self::command(dir.path(), config);
        cmd.args(args);
        let out = tokio::task::spawn_blocking(move || cmd.output()).await.expect("join").expect("run sim");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.dir.path().join("sim.log")).unwrap_or_default();
            eprintln!("--- sim log ---\n{log}--- end of sim log ---");
        }
    }
}

/// What a [`follow`]ing client ended up with.
#[derive(Debug, Default)]
pub struct Followed {
    /// Event sequences as the client keeps them: repeats dropped, in arrival order.
    pub seqs: Vec<u64>,
    /// Events received again (after a resume) and dropped by sequence.
    pub repeats: usize,
    /// Connections made after the first.
    pub reconnects: usize,
    /// Answers to `subscribe` other than `subscribed` (a resync would lose the client's place).
    pub refusals: Vec<String>,
}

/// Follows an agent's stream as the app does: subscribes, keeps its position, and on any
/// disconnect reconnects (every 100 ms) and resumes from it, dropping repeats by sequence.
/// The first subscription starts at the history's beginning, so events made while the
/// follower was still connecting (a busy machine) count too. Runs until `stop` turns true.
pub fn follow(
    addr: String,
    token: String,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<Followed> {
    tokio::spawn(async move {
        let mut followed = Followed::default();
        let mut position: Option<Position> = None;
        let mut first = true;
        while !*stop.borrow() {
            if !first {
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(100)) => {}
                    _ = stop.changed() => break,
                }
            }
            let Ok(mut agent) = Agent::connect(&addr, &token).await else { continue };
            if !std::mem::take(&mut first) {
                followed.reconnects += 1;
            }
            if let (None, ServerMessage::Hello { epoch, .. }) = (&position, &agent.hello) {
                position = Some(Position { epoch: epoch.clone(), seq: 0 });
            }
            match agent.subscribe(position.clone()).await {
                Ok(ServerMessage::Subscribed { .. }) => {}
                Ok(other) => {
                    followed.refusals.push(format!("{other:?}"));
                    continue;
                }
                Err(_) => continue,
            }
            loop {
                let message = tokio::select! {
                    m = agent.next_message(Duration::from_secs(3600)) => m,
                    _ = stop.changed() => break,
                };
                let Ok(message) = message else { break };
                if let ServerMessage::Event(e) = message {
                    if followed.seqs.last().is_some_and(|&last| e.seq <= last) {
                        followed.repeats += 1;
                        continue;
                    }
                    followed.seqs.push(e.seq);
                    position = Some(Position { epoch: e.epoch, seq: e.seq });
                }
            }
        }
        followed
    })
}

/// Every event sequence `token`'s agent may see, replayed from the start of the history.
pub async fn all_event_seqs(relay: &Relay, token: &str) -> Vec<u64> {
    let mut agent = relay.connect(token).await.expect("connect");
    let ServerMessage::Hello { epoch, head_seq, .. } = agent.hello.clone() else { panic!("no hello") };
    let answer = agent.subscribe(Some(Position { epoch, seq: 0 })).await.expect("subscribe");
    assert!(matches!(answer, ServerMessage::Subscribed { .. }), "{answer:?}");
    let mut seqs = vec![];
    while seqs.last().is_none_or(|&s| s < head_seq) {
        match agent.next_message(Duration::from_millis(500)).await {
            Ok(ServerMessage::Event(e)) => seqs.push(e.seq),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    seqs
}

/// The secret in every UIS notification URL of a test relay (the simulator's default).
pub const UIS_SECRET: &str = "sim_uis_secret_0123456789abcdef";
/// The UIS API key the simulator's fake Call and Data APIs accept (its default).
pub const UIS_TOKEN: &str = "sim_uis_token";
/// The virtual number UIS click-to-call calls show (the simulator's default).
pub const UIS_VIRTUAL_NUMBER: &str = "74951234567";
/// The simulated UIS account's `login.user` credentials (the simulator's defaults).
pub const UIS_LOGIN: &str = "sim_uis_login";
pub const UIS_PASSWORD: &str = "sim_uis_password";

/// A simulator config playing UIS only, its notifications going to `relay_url`, with the
/// test credentials and `uis_extra` lines added to its `[uis]` table. Agents Anna, Boris and
/// Vera are employees 3234100–3234102 (phones 79160000100–79160000102).
pub fn uis_sim_config(relay_url: &str, uis_extra: &str) -> String {
    format!(
        r#"relay_url = "{relay_url}"
providers = ["uis"]
lines = ["{UIS_VIRTUAL_NUMBER}"]
clients = ["79991234567"]
blacklisted = ["78005553535"]
unknown_prefix = "7903"

{uis}
{SIM_AGENTS}"#,
        uis = uis_sim_section(uis_extra)
    )
}

/// The simulator's `[uis]` table with the test credentials, fast callbacks and `extra` lines.
fn uis_sim_section(extra: &str) -> String {
    format!(
        r#"[uis]
webhook_secret = "{UIS_SECRET}"
access_token = "{UIS_TOKEN}"
login = "{UIS_LOGIN}"
password = "{UIS_PASSWORD}"
virtual_phone_number = "{UIS_VIRTUAL_NUMBER}"
callback_ring_secs = 0.2
callback_talk_secs = 1.0
{extra}
"#
    )
}

/// A relay URL nobody listens at: webhooks sent there fail at once.
pub fn closed_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// One JSON-RPC call to the simulated UIS `api` (`callapi/v4.0` or `dataapi/v2.0`); returns the
/// whole response body (`result` or `error`).
pub async fn uis_rpc(sim: &Sim, api: &str, method: &str, params: serde_json::Value) -> serde_json::Value {
    let body = serde_json::json!({"jsonrpc": "2.0", "id": "req1", "method": method, "params": params});
    let resp = reqwest::Client::new()
        .post(sim.url(&format!("/uis/{api}")))
        .header("content-type", "application/json; charset=UTF-8")
        .body(body.to_string())
        .send()
        .await
        .expect("UIS API reachable");
    assert_eq!(resp.status(), 200, "JSON-RPC answers 200, errors too");
    resp.json().await.expect("JSON-RPC body")
}

/// The `data.mnemonic` of a JSON-RPC error answer ("" for a success).
pub fn uis_mnemonic(answer: &serde_json::Value) -> String {
    answer["error"]["data"]["mnemonic"].as_str().unwrap_or_default().to_string()
}
