//! A real desktop for the app's end-to-end tests: Xvfb, a private D-Bus session bus, a
//! notification daemon (dunst), an unlocked Secret Service (gnome-keyring), and tauri-driver +
//! WebKitWebDriver driving the real `callcard` binary. Everything lives in one temp dir, writes
//! nothing outside it, and is stopped on drop.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, ClientBuilder, Locator};

use crate::binary;

/// A process and everything under it, by /proc.
pub fn process_tree(root: u32) -> Vec<u32> {
    let mut children: Vec<(u32, u32)> = vec![];
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // ppid is the second field after the parenthesised command name.
        let ppid = stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(1)).and_then(|p| p.parse().ok());
        if let Some(ppid) = ppid {
            children.push((ppid, pid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(children.iter().filter(|(pp, _)| *pp == parent).map(|(_, pid)| *pid));
        i += 1;
    }
    tree
}

pub struct Desktop {
    pub dir: tempfile::TempDir,
    env: Vec<(String, String)>,
    children: Vec<Child>,
}

fn read_first_line(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("read first line");
    line.trim().to_string()
}

impl Desktop {
    pub fn start() -> Desktop {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = |name: &str| {
            let p = dir.path().join(name);
            std::fs::create_dir_all(&p).unwrap();
            p
        };
        let run = sub("run");
        std::fs::set_permissions(&run, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let (home, data, cache, config) = (sub("home"), sub("data"), sub("cache"), sub("config"));
        let mut desktop = Desktop { dir, env: vec![], children: vec![] };

        let mut xvfb = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb (apt package xvfb)");
        let display = format!(":{}", read_first_line(&mut xvfb));
        desktop.children.push(xvfb);

        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .arg(format!("--address=unix:path={}/bus", run.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let bus_address = read_first_line(&mut bus);
        desktop.children.push(bus);

        desktop.env = vec![
            ("DISPLAY".into(), display),
            ("DBUS_SESSION_BUS_ADDRESS".into(), bus_address),
            ("NO_AT_BRIDGE".into(), "1".into()),
            ("HOME".into(), home.display().to_string()),
            ("XDG_DATA_HOME".into(), data.display().to_string()),
            ("XDG_CACHE_HOME".into(), cache.display().to_string()),
            ("XDG_CONFIG_HOME".into(), config.display().to_string()),
            ("XDG_RUNTIME_DIR".into(), run.display().to_string()),
        ];

        let mut keyring = desktop
            .command("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon");
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(b"test-keyring-password").unwrap();
        drop(stdin);
        desktop.children.push(keyring);
        let dunst = desktop.command("dunst").stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start dunst");
        desktop.children.push(dunst);
        desktop.wait_for_bus_name("org.freedesktop.secrets");
        desktop.wait_for_bus_name("org.freedesktop.Notifications");
        desktop
    }

    pub fn env(&self) -> &[(String, String)] {
        &self.env
    }

    /// The `callcard` process running in this desktop (its environment names the display).
    pub fn app_pid(&self) -> Option<u32> {
        let display = self.env.iter().find(|(k, _)| k == "DISPLAY").map(|(_, v)| format!("DISPLAY={v}"))?;
        std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
            let pid = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
            let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
            let ours = environ.split(|&b| b == 0).any(|v| v == display.as_bytes());
            (comm.trim() == "callcard" && ours).then_some(pid)
        })
    }

    /// How many WebKit web processes (one per loaded window) the app runs now.
    pub fn web_processes(&self) -> usize {
        let Some(pid) = self.app_pid() else { return 0 };
        process_tree(pid)
            .into_iter()
            .filter(|p| std::fs::read_to_string(format!("/proc/{p}/comm")).is_ok_and(|c| c.trim() == "WebKitWebProces"))
            .count()
    }

    /// A command that runs inside this desktop session.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        // The app speaks the session's language: English unless a test says otherwise (with
        // LANG in the app's environment), whatever the machine running the tests speaks.
        for name in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            cmd.env_remove(name);
        }
        cmd.env("LANG", "C.UTF-8");
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }

    fn output(&self, program: &str, args: &[&str]) -> String {
        let out = self.command(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    }

    fn wait_for_bus_name(&self, name: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let answer = self.output(
                "dbus-send",
                &[
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    &format!("string:{name}"),
                ],
            );
            if answer.contains("boolean true") {
                return;
            }
            assert!(Instant::now() < deadline, "{name} never appeared on the session bus: {answer}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The notifications the daemon has shown (and closed), as dunst reports them.
    pub fn notifications(&self) -> Vec<(String, String, String)> {
        // `dunstctl history` lists closed ones; close the displayed ones first.
        self.output("dunstctl", &["close-all"]);
        let text = self.output("dunstctl", &["history"]);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let field = |n: &serde_json::Value, k: &str| n[k]["data"].as_str().unwrap_or_default().to_string();
        json["data"][0]
            .as_array()
            .map(|list| list.iter().map(|n| (field(n, "appname"), field(n, "summary"), field(n, "body"))).collect())
            .unwrap_or_default()
    }

    /// What `secret-tool` finds in the Secret Service for these attributes.
    pub fn keyring_search(&self, attributes: &[&str]) -> String {
        let mut args = vec!["search", "--all"];
        args.extend_from_slice(attributes);
        self.output("secret-tool", &args)
    }

    /// Application config directory of the app (XDG_CONFIG_HOME/<identifier>).
    pub fn app_config_dir(&self) -> PathBuf {
        self.dir.path().join("config/dev.callcard.desktop")
    }

    /// Where the app keeps its queue of outcome clicks and its resume position.
    pub fn app_data_dir(&self) -> PathBuf {
        self.dir.path().join("data/dev.callcard.desktop")
    }

    /// Routes ALSA's default device into a WAV file (no sound card needed); returns the
    /// `ALSA_CONFIG_PATH` value for the app and the capture file's path.
    pub fn alsa_capture(&self) -> (String, PathBuf) {
        let capture = self.dir.path().join("capture.wav");
        let conf = self.dir.path().join("asound-capture.conf");
        let text = format!(
            "pcm.!default {{ type plug; slave {{ pcm \"capfile\"; rate 48000; channels 2; format S16_LE }} }}\n\
             pcm.capfile {{ type file; slave.pcm \"null\"; file \"{}\"; format \"wav\" }}\n",
            capture.display()
        );
        std::fs::write(&conf, text).unwrap();
        (format!("/usr/share/alsa/alsa.conf:{}", conf.display()), capture)
    }

    /// Runs the app binary once more in this session (as the desktop does for a `tel:` link).
    /// Returns its exit status; a launch still running after 10 s (a second app instead of a
    /// hand-over) is killed and fails the test.
    pub fn run_app(&self, args: &[&str]) -> std::process::ExitStatus {
        let mut child = self
            .command(binary("callcard").to_str().unwrap())
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run callcard");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("`callcard {args:?}` did not hand over to the running app and exit");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Where end-to-end tests leave screenshots: `<target>/test-artifacts/`, in the target directory
/// this test was built into (so `CARGO_TARGET_DIR` is honoured), `<workspace>/target` otherwise.
pub fn artifacts_root() -> PathBuf {
    // Cargo marks the root of every target directory with CACHEDIR.TAG; the test executable
    // lives below it (<target>/[<triple>/]<profile>/deps).
    let exe = std::env::current_exe().unwrap_or_default();
    let target = exe
        .ancestors()
        .skip(1)
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("test-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// Where the app's end-to-end tests leave screenshots: `<target>/test-artifacts/<test>/`.
pub fn artifacts_dir(test: &str) -> PathBuf {
    let dir = artifacts_root().join(test);
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn tauri_driver() -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    let installed = cargo_home.join("bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// The real app in the desktop, driven over WebDriver. The session starts on the main window.
pub struct App {
    driver: Option<Child>,
    pub client: Client,
    main: WindowHandle,
    artifacts: PathBuf,
    log: PathBuf,
}

impl App {
    /// Launches `callcard` with `env` added to the desktop's environment.
    pub async fn launch(desktop: &Desktop, env: &[(&str, &str)], artifacts: &str) -> App {
        let app_binary = binary("callcard");
        // A launch while the previous instance is still exiting would be handed to it (single
        // instance) and leave WebDriver without a session.
        let deadline = Instant::now() + Duration::from_secs(10);
        while desktop.app_pid().is_some() {
            assert!(Instant::now() < deadline, "the previous app instance is still running");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let port = free_port();
        let native_port = std::iter::repeat_with(free_port).find(|p| *p != port).expect("a second free port");
        let log = desktop.dir.path().join(format!("app-{port}.log"));
        let log_file = std::fs::File::create(&log).unwrap();
        let driver = desktop
            .command(tauri_driver().to_str().unwrap())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .envs(env.iter().copied())
            .env("RUST_LOG", "info,callcard=debug,callcard_app_core=debug")
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file)
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver --locked --version 2.1.0)");
        // tauri-driver listens at once, and forwards the session to WebKitWebDriver, which it
        // starts on the native port: a session asked for before that one listens is refused.
        let deadline = Instant::now() + Duration::from_secs(10);
        for (listener, what) in [(port, "tauri-driver"), (native_port, "WebKitWebDriver")] {
            while std::net::TcpStream::connect(("127.0.0.1", listener)).is_err() {
                assert!(Instant::now() < deadline, "{what} did not listen on {listener}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app_binary }));
        let client = match ClientBuilder::native().capabilities(caps).connect(&format!("http://127.0.0.1:{port}")).await
        {
            Ok(client) => client,
            Err(e) => {
                let said = std::fs::read_to_string(&log).unwrap_or_default();
                panic!("WebDriver session with the app: {e}\n--- tauri-driver and app log ---\n{said}--- end ---");
            }
        };
        let main = client.window().await.expect("main window handle");
        App { driver: Some(driver), client, main, artifacts: artifacts_dir(artifacts), log }
    }

    /// The app's own log (its stderr, through tauri-driver).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap_or_default()
    }

    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Polls `script` (in the current window) until `accept` holds; returns the last value.
    pub async fn wait_js(
        &self,
        script: &str,
        timeout: Duration,
        accept: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.client.execute(script, vec![]).await.unwrap_or_default();
            if accept(&value) {
                return value;
            }
            if Instant::now() > deadline {
                panic!("timed out after {timeout:?} waiting on `{script}`; last value {value}\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until the main window's connection state reads `state` (e.g. "connected").
    pub async fn wait_status(&self, state: &str, timeout: Duration) {
        let script = format!("return document.getElementById('status').dataset.state === '{state}'");
        self.wait_js(&script, timeout, |v| v == true).await;
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Clicks an element of a list the page re-renders on every update, in one script: found
    /// and clicked at once, so a re-render in between cannot leave a stale element.
    pub async fn click_now(&self, css: &str) {
        let script = format!("const e = document.querySelector({css:?}); if (!e) return false; e.click(); return true");
        assert_eq!(self.js(&script).await, true, "nothing matches {css}");
    }

    /// Closes the main window the way the window manager's close button does (it goes to the
    /// tray). WebDriver's own close would bypass the app's close handling.
    pub async fn close_main(&self) {
        self.to_main().await;
        self.js("window.__TAURI_INTERNALS__.invoke('plugin:window|close', { label: 'main' }); return true").await;
    }

    /// After the main window was built anew (it is released while hidden): waits for it, makes
    /// it the main window of this session and switches to it.
    pub async fn reattach_main(&mut self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let windows = self.other_windows("return document.getElementById('status') !== null").await;
            if let Some((handle, _)) = windows.into_iter().find(|(_, is_main)| *is_main == true) {
                self.main = handle;
                self.to_main().await;
                return;
            }
            assert!(Instant::now() < deadline, "no new main window within {timeout:?}\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn to_main(&self) {
        self.client.switch_to_window(self.main.clone()).await.expect("switch to main window");
    }

    /// Opens the dialer from the main window, dials `number` as typed, and returns the
    /// dialer's verdict: `[kind, text]` once it is no longer pending.
    pub async fn dial_from_dialer(&self, number: &str) -> serde_json::Value {
        self.to_main().await;
        self.click("#open-dialer").await;
        self.to_window("dialer.html", Duration::from_secs(5)).await;
        self.type_into("#dial-input", number).await;
        self.click("#dial-call").await;
        self.wait_js(
            "const s = document.getElementById('dial-status'); return s.dataset.kind === 'pending' ? null : [s.dataset.kind, s.textContent]",
            Duration::from_secs(10),
            |v| v.is_array(),
        )
        .await
    }

    /// Plays the current card's recording to the end (or its failure) and returns the player's
    /// `[state, text]`.
    pub async fn play_recording(&self) -> serde_json::Value {
        self.click("#play-recording").await;
        self.wait_js("return document.getElementById('player').dataset.state", Duration::from_secs(15), |v| {
            v == "ended" || v == "failed"
        })
        .await;
        self.js(
            "return [document.getElementById('player').dataset.state, document.getElementById('player').textContent]",
        )
        .await
    }

    /// Switches to the window whose page is `page` (e.g. "dialer.html").
    pub async fn to_window(&self, page: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            for handle in self.client.windows().await.unwrap_or_default() {
                if self.client.switch_to_window(handle).await.is_ok() {
                    let path = self.js("return location.pathname").await;
                    if path.as_str().is_some_and(|p| p.ends_with(page)) {
                        return;
                    }
                }
            }
            assert!(Instant::now() < deadline, "no {page} window");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `script`'s value in every window but the main one, with the window's handle (switches
    /// windows; ends on the last one). Windows that go away meanwhile are left out.
    async fn other_windows(&self, script: &str) -> Vec<(WindowHandle, serde_json::Value)> {
        let mut values = vec![];
        for handle in self.client.windows().await.unwrap_or_default() {
            if handle == self.main || self.client.switch_to_window(handle.clone()).await.is_err() {
                continue;
            }
            if let Ok(value) = self.client.execute(script, vec![]).await {
                values.push((handle, value));
            }
        }
        values
    }

    /// Switches to a window `cards` listed.
    pub async fn to_card(&self, handle: WindowHandle) {
        self.client.switch_to_window(handle).await.expect("switch to the card");
    }

    /// Open card windows, by call id (switches windows; ends on the main window).
    pub async fn cards(&self) -> Vec<(i64, WindowHandle)> {
        let mut cards: Vec<(i64, WindowHandle)> = self
            .other_windows("return document.body.dataset.callId || null")
            .await
            .into_iter()
            .filter_map(|(handle, id)| Some((id.as_str()?.parse().ok()?, handle)))
            .collect();
        self.to_main().await;
        cards.sort_by_key(|(id, _)| *id);
        cards
    }

    /// Waits for a card window whose client name, number or title reads `who`; stays on it.
    pub async fn wait_card(&self, who: &str, timeout: Duration) -> (i64, WindowHandle) {
        let deadline = Instant::now() + timeout;
        loop {
            let script = "return [document.body.dataset.callId || null, \
                          document.getElementById('name')?.textContent || '', \
                          document.getElementById('number')?.textContent || '', \
                          document.getElementById('title')?.textContent || '']";
            for (handle, v) in self.other_windows(script).await {
                if v[1] == who || v[2] == who || v[3] == who {
                    if let Some(id) = v[0].as_str().and_then(|s| s.parse().ok()) {
                        if self.client.switch_to_window(handle.clone()).await.is_ok() {
                            return (id, handle);
                        }
                    }
                }
            }
            if Instant::now() > deadline {
                self.to_main().await;
                panic!("no card for {who} within {timeout:?}\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Saves a screenshot of the current window as a test artifact.
    pub async fn screenshot(&self, name: &str) {
        // The DOM may be a frame ahead of what is painted: give the window a moment to paint.
        tokio::time::sleep(Duration::from_millis(300)).await;
        match self.client.screenshot().await {
            Ok(png) => std::fs::write(self.artifacts.join(format!("{name}.png")), png).unwrap(),
            Err(e) => eprintln!("screenshot {name} failed: {e}"),
        }
    }

    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        self.stop_driver();
    }

    fn stop_driver(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            // SIGTERM, never SIGKILL: tauri-driver then stops WebKitWebDriver and the app too.
            let _ = Command::new("kill").args(["-TERM", &driver.id().to_string()]).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = driver.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = driver.kill();
            let _ = driver.wait();
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("--- app log ---\n{}--- end of app log ---", self.log());
        }
        self.stop_driver();
    }
}
