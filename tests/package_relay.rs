//! The relay's .deb, as an admin installs it: `scripts/package relay` builds it, dpkg installs it
//! on this machine, the unit passes `systemd-analyze verify`, and the installed binary serves
//! from the packaged config as the package's own user. The package is purged afterwards.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use callcard_e2e::system::{as_root, root_command};

const UNIT: &str = "/usr/lib/systemd/system/callcard-relay.service";

fn root_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Purges the package (and stops what runs as its user) even when an assertion failed half-way.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = root_command("pkill").args(["-u", "callcard"]).output();
        let _ = root_command("dpkg").args(["--purge", "callcard-relay"]).output();
    }
}

#[test]
fn the_relay_package_installs_a_verified_unit_and_serves_as_its_own_user() {
    // Built by the script admins use (a release build; cargo-deb is installed if missing).
    let out = Command::new(root_dir().join("scripts/package"))
        .arg("relay")
        .current_dir(root_dir())
        .stderr(Stdio::inherit())
        .output()
        .expect("run scripts/package");
    assert!(out.status.success(), "scripts/package relay failed");
    let deb = String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or_default().trim().to_string();
    assert!(deb.ends_with(".deb") && Path::new(&deb).is_file(), "no package: {deb:?}");
    let listing = Command::new("dpkg-deb").args(["--contents", &deb]).output().unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    for path in
        ["./usr/bin/callcard-relay", "./etc/callcard/relay.toml", "./usr/lib/systemd/system/callcard-relay.service"]
    {
        assert!(listing.contains(path), "{path} missing from the package:\n{listing}");
    }

    let _installed = Installed;
    as_root("dpkg", &["-i", &deb]);
    assert!(Path::new("/usr/bin/callcard-relay").is_file());
    let user = Command::new("getent").args(["passwd", "callcard"]).output().unwrap();
    assert!(user.status.success(), "the package's user");
    assert!(String::from_utf8_lossy(&user.stdout).contains("/var/lib/callcard"));
    let unit = std::fs::read_to_string(UNIT).expect("the unit is installed");
    for line in [
        "User=callcard",
        "StateDirectory=callcard",
        "ProtectSystem=strict",
        "Restart=on-failure",
        "NoNewPrivileges=yes",
    ] {
        assert!(unit.lines().any(|l| l == line), "{line} missing from the unit");
    }
    // systemd's own check of the unit: its directives, its binary, its user.
    let verify = Command::new("systemd-analyze").args(["verify", UNIT]).output().expect("systemd-analyze");
    let said = format!("{}{}", String::from_utf8_lossy(&verify.stdout), String::from_utf8_lossy(&verify.stderr));
    assert!(verify.status.success(), "systemd-analyze verify failed:\n{said}");
    assert!(!said.contains("callcard-relay.service:"), "systemd-analyze found problems in the unit:\n{said}");

    // The admin commands read the packaged config by default, as its user.
    let added = as_root(
        "runuser",
        &["-u", "callcard", "--", "/usr/bin/callcard-relay", "agent", "add", "--name", "Anna", "--extension", "100"],
    );
    let token = added.lines().last().unwrap_or_default().trim().to_string();
    assert!(token.starts_with("cc_"), "{added}");
    assert!(Path::new("/var/lib/callcard/callcard.db").exists(), "the data went to the state directory");

    // The installed relay serves (systemd is not running here: started as the unit would).
    let mut relay = root_command("runuser")
        .args(["-u", "callcard", "--"])
        .args(["/usr/bin/callcard-relay", "--config", "/etc/callcard/relay.toml", "serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the installed relay");
    let mut line = String::new();
    BufReader::new(relay.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.trim().rsplit(' ').next().unwrap_or_default().to_string();
    let me = Command::new("curl")
        .args(["-sf", "-H", &format!("Authorization: Bearer {token}"), &format!("{base}/api/v1/me")])
        .output()
        .expect("curl");
    let _ = root_command("pkill").args(["-u", "callcard", "callcard-relay"]).status();
    let _ = relay.wait();
    assert!(
        String::from_utf8_lossy(&me.stdout).contains("\"Anna\""),
        "{line}: {}",
        String::from_utf8_lossy(&me.stdout)
    );

    // Purged: nothing of it is left but the data (never deleted by a package).
    drop(_installed);
    assert!(!Path::new("/usr/bin/callcard-relay").exists());
    assert!(!Path::new("/etc/callcard/relay.toml").exists());
    let _ = root_command("rm").args(["-rf", "/var/lib/callcard"]).status();
}
