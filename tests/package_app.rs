//! The desktop app's packages, as a manager's computer gets them: `scripts/package app` builds
//! the .deb and the .rpm (Tauri's bundler, the `desktop` profile); dpkg installs the .deb on
//! this machine; its .desktop file registers the tel:/callto:/sip: handlers and an autostart
//! entry for every session; the installed binary, started in a desktop session under Xvfb,
//! dials a `tel:` link opened with `xdg-open` through the relay and the simulated PBX. The
//! package is purged afterwards.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use callcard_e2e::desktop::Desktop;
use callcard_e2e::system::{as_root, root_command};
use callcard_e2e::{sim_config, Relay, Sim};

const DESKTOP_FILE: &str = "/usr/share/applications/Callcard.desktop";
const AUTOSTART: &str = "/etc/xdg/autostart/Callcard.desktop";

fn root_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Purges the package even when an assertion failed half-way.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = root_command("dpkg").args(["--purge", "callcard"]).output();
    }
}

/// Waits for `needle` in the file at `path` (the app's log, the simulator's).
fn wait_for_line(path: &Path, needle: &str, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.contains(needle) {
            return;
        }
        assert!(Instant::now() < deadline, "no {needle:?} in {} within {timeout:?}:\n{text}", path.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_package_registers_the_phone_links_and_dials_one_opened_on_the_desktop() {
    // Built by the script a release uses (the desktop profile: a long optimised build).
    let out = Command::new(root_dir().join("scripts/package"))
        .arg("app")
        .current_dir(root_dir())
        .stderr(Stdio::inherit())
        .output()
        .expect("run scripts/package");
    assert!(out.status.success(), "scripts/package app failed");
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    let deb = printed.lines().find(|l| l.ends_with(".deb")).unwrap_or_default().trim().to_string();
    let rpm = printed.lines().find(|l| l.ends_with(".rpm")).unwrap_or_default().trim().to_string();
    assert!(Path::new(&deb).is_file(), "no .deb: {printed}");
    // The .rpm is an RPM file (its lead's magic number); this Debian machine installs the .deb.
    let mut magic = [0u8; 4];
    std::fs::File::open(&rpm).and_then(|mut f| f.read_exact(&mut magic)).unwrap_or_else(|e| panic!("{rpm}: {e}"));
    assert_eq!(magic, [0xed, 0xab, 0xee, 0xdb], "{rpm} is not an RPM package");

    let _installed = Installed;
    as_root("dpkg", &["-i", &deb]);
    assert!(Path::new("/usr/bin/callcard").is_file());
    let entry = std::fs::read_to_string(DESKTOP_FILE).expect("the app's .desktop file");
    let mime = entry.lines().find(|l| l.starts_with("MimeType=")).unwrap_or_default();
    for scheme in ["tel", "callto", "sip"] {
        assert!(mime.contains(&format!("x-scheme-handler/{scheme};")), "no {scheme}: handler in {mime:?}");
    }
    let autostart = std::fs::read_to_string(AUTOSTART).expect("the autostart entry");
    assert!(autostart.lines().any(|l| l == "Exec=callcard --hidden"), "{autostart}");
    for file in [DESKTOP_FILE, AUTOSTART] {
        let check = Command::new("desktop-file-validate").arg(file).output().expect("desktop-file-validate");
        let said = String::from_utf8_lossy(&check.stdout).to_string() + &String::from_utf8_lossy(&check.stderr);
        assert!(check.status.success() && !said.contains("error"), "{file}:\n{said}");
    }

    // A relay with the simulator's PBX behind it, and Anna's token for the installed app.
    let mut relay = Relay::start("").await;
    let anna = relay.add_agent("Anna", "100", Some("anna"), false);
    let sim = Sim::start(&sim_config(&relay, "", ""), &["serve"]).await;
    relay.use_sim_apis(&sim, "zadarma").await;

    let desktop = Desktop::start();
    // A softphone this user set up before as the tel: handler: the app takes the links over.
    let applications = desktop.dir.path().join("data/applications");
    std::fs::create_dir_all(&applications).unwrap();
    std::fs::write(
        applications.join("softphone.desktop"),
        "[Desktop Entry]\nType=Application\nName=Softphone\nExec=true %u\nMimeType=x-scheme-handler/tel;\n",
    )
    .unwrap();
    let set = desktop.command("xdg-mime").args(["default", "softphone.desktop", "x-scheme-handler/tel"]).status();
    assert!(set.unwrap().success());
    let log = desktop.dir.path().join("installed-app.log");
    let mut app = desktop
        .command("/usr/bin/callcard")
        .env("CALLCARD_RELAY_URL", &relay.base)
        .env("CALLCARD_TOKEN", &anna)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("start the installed app");
    wait_for_line(&log, "connected to the relay", Duration::from_secs(30));
    // The package's entry handles the links, also once the app runs (it registers none of its
    // own over it), and for this user it replaced the softphone.
    // (The app sets that on a thread of its own while it starts: give it a moment.)
    for scheme in ["tel", "callto", "sip"] {
        let handler = format!("x-scheme-handler/{scheme}");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let query = desktop.command("xdg-mime").args(["query", "default", &handler]).output().unwrap();
            let now = String::from_utf8_lossy(&query.stdout).trim().to_string();
            if now == "Callcard.desktop" {
                break;
            }
            assert!(Instant::now() < deadline, "the {scheme}: handler is {now:?}, not Callcard.desktop");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    // A tel: link opened on the desktop: xdg-open runs the registered handler, which hands
    // the link to the running app, which dials through the relay.
    let opened = desktop.command("xdg-open").arg("tel:+79991234567").output().expect("xdg-open");
    assert!(opened.status.success(), "xdg-open: {}", String::from_utf8_lossy(&opened.stderr));
    wait_for_line(&sim.dir.path().join("sim.log"), "click-to-call: playing the outgoing call", Duration::from_secs(20));
    let dialled = std::fs::read_to_string(sim.dir.path().join("sim.log")).unwrap();
    assert!(dialled.contains("79991234567"), "{dialled}");

    let _ = app.kill();
    let _ = app.wait();
    drop(_installed);
    assert!(!Path::new("/usr/bin/callcard").exists(), "purged");
}
