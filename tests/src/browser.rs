//! A real browser for the admin console's end-to-end tests: Debian's headless Chromium driven
//! over WebDriver (chromedriver on a free loopback port). Its profile, home, cache and temp
//! files live in one temp dir; chromedriver and every Chromium process are killed on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use nix::sys::signal::{kill, killpg, Signal};
use nix::unistd::Pid;
use serde_json::Value;

use crate::desktop::{artifacts_root, process_tree};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long a wait for the page polls before it fails.
pub const PAGE_WAIT: Duration = Duration::from_secs(10);

pub struct Browser {
    dir: tempfile::TempDir,
    driver: Option<Child>,
    pub client: Client,
    /// Screenshots are `<target>/test-artifacts/<prefix>-<name>.png`.
    prefix: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn require(path: &str, package: &str) {
    assert!(
        Path::new(path).exists(),
        "{path} is missing: the admin console's browser tests need Debian's {package} package; \
         run scripts/install-deps (or apt-get install chromium chromium-driver)"
    );
}

impl Browser {
    /// Starts chromedriver and opens a headless Chromium session. Screenshots are named
    /// `<prefix>-<name>.png`.
    pub async fn start(prefix: &str) -> Browser {
        require(CHROMIUM, "chromium");
        require(CHROMEDRIVER, "chromium-driver");
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = |name: &str| {
            let p = dir.path().join(name);
            std::fs::create_dir_all(&p).expect("browser temp dir");
            p
        };
        let (home, config, cache, data, tmp, profile) =
            (sub("home"), sub("config"), sub("cache"), sub("data"), sub("tmp"), sub("profile"));
        let port = free_port();
        let log = dir.path().join("chromedriver.log");
        let log_file = std::fs::File::create(&log).expect("chromedriver log");
        let mut command = Command::new(CHROMEDRIVER);
        command
            .arg(format!("--port={port}"))
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_CACHE_HOME", &cache)
            .env("XDG_DATA_HOME", &data)
            .env("TMPDIR", &tmp)
            // Headless: no display, and no session bus of the machine's.
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log file"))
            .stderr(log_file);
        // Its own process group: Chromium's processes are killed with it, even orphaned ones.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = command.spawn().unwrap_or_else(|e| panic!("start {CHROMEDRIVER}: {e} (run scripts/install-deps)"));
        let client = Self::connect(port, &profile, &log).await;
        Browser { dir, driver: Some(driver), client, prefix: prefix.to_string() }
    }

    async fn connect(port: u16, profile: &Path, log: &Path) -> Client {
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                let said = std::fs::read_to_string(log).unwrap_or_default();
                panic!(
                    "chromedriver did not listen on {port} within 10 s\n--- chromedriver log ---\n{said}--- end ---"
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    format!("--user-data-dir={}", profile.display()),
                    "--window-size=1280,900",
                ],
            }),
        );
        match ClientBuilder::native().capabilities(caps).connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(client) => client,
            Err(e) => {
                let said = std::fs::read_to_string(log).unwrap_or_default();
                panic!("WebDriver session with Chromium: {e}\n--- chromedriver log ---\n{said}--- end ---");
            }
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Loads the current page again.
    pub async fn reload(&self) {
        self.client.refresh().await.unwrap_or_else(|e| panic!("reload: {e}"));
    }

    /// Runs `script` (a function body: `return …`; a returned promise is awaited).
    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// What the page shows, for failure messages.
    pub async fn page_text(&self) -> String {
        let text = self.client.execute("return document.body ? document.body.innerText : ''", vec![]).await;
        text.ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    /// `what` went wrong, with the page's address and text, and a screenshot taken now: the
    /// message for a failing test.
    pub async fn report(&self, what: &str) -> String {
        let shot = self.screenshot("failure").await;
        let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        let text = self.page_text().await;
        format!("{what}\n--- page {url} (screenshot {}) ---\n{text}\n--- end of page ---", shot.display())
    }

    /// Polls `script` until it returns something other than null, undefined or false; returns
    /// that. Fails after [`PAGE_WAIT`], saying it waited for `what`.
    pub async fn wait(&self, what: &str, script: &str) -> Value {
        self.wait_for(what, script, PAGE_WAIT).await
    }

    pub async fn wait_for(&self, what: &str, script: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        let mut last = Value::Null;
        loop {
            match self.client.execute(script, vec![]).await {
                Ok(Value::Null | Value::Bool(false)) => {}
                Ok(value) => return value,
                Err(e) => last = Value::String(e.to_string()),
            }
            if Instant::now() > deadline {
                let what = format!("timed out after {timeout:?} waiting for {what} (`{script}`; last error {last})");
                panic!("{}", self.report(&what).await);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until the element with `id` is shown (laid out: not `hidden`, nor in a hidden part).
    pub async fn wait_shown(&self, id: &str) {
        let script = format!("const e = document.getElementById({id:?}); return !!e && e.getClientRects().length > 0");
        self.wait(&format!("#{id} to show"), &script).await;
    }

    /// Whether the element with `id` is shown now.
    pub async fn shown(&self, id: &str) -> bool {
        let script = format!("const e = document.getElementById({id:?}); return !!e && e.getClientRects().length > 0");
        self.js(&script).await == true
    }

    pub async fn find(&self, css: &str) -> Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => panic!("{}", self.report(&format!("no {css}: {e}")).await),
        }
    }

    pub async fn click(&self, css: &str) {
        if let Err(e) = self.find(css).await.click().await {
            panic!("{}", self.report(&format!("click {css}: {e}")).await);
        }
    }

    /// Clears a field and types `text` into it, as a user does.
    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap_or_else(|e| panic!("clear {css}: {e}"));
        field.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// An element's `textContent` ("" when there is none).
    pub async fn text_of(&self, id: &str) -> String {
        let script = format!("return document.getElementById({id:?})?.textContent ?? ''");
        self.js(&script).await.as_str().unwrap_or_default().to_string()
    }

    /// Saves a screenshot of the page, once it has painted, as `<prefix>-<name>.png` in the
    /// test artifacts; returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let path = artifacts_root().join(format!("{}-{name}.png", self.prefix));
        // Two animation frames: what the DOM holds now has been painted.
        let painted = "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))";
        let _ = self.client.execute(painted, vec![]).await;
        match self.client.screenshot().await {
            Ok(png) => std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display())),
            Err(e) => eprintln!("screenshot {name} failed: {e}"),
        }
        path
    }

    /// Ends the session (Chromium exits) and stops chromedriver.
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        self.stop();
    }

    /// Kills chromedriver and everything it started (Chromium's processes), by process id.
    fn stop(&mut self) {
        let Some(mut driver) = self.driver.take() else { return };
        let pid = driver.id();
        // The whole tree as it is now (before a kill reparents anything), and the group.
        let tree = process_tree(pid);
        let _ = killpg(Pid::from_raw(pid as i32), Signal::SIGKILL);
        for p in tree {
            let _ = kill(Pid::from_raw(p as i32), Signal::SIGKILL);
        }
        let _ = driver.wait();
    }

    /// chromedriver's log (its own lines and Chromium's stderr).
    pub fn driver_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = self.driver_log();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("--- chromedriver log (last lines) ---");
            for line in tail.iter().rev() {
                eprintln!("{line}");
            }
            eprintln!("--- end of chromedriver log ---");
        }
        self.stop();
    }
}
