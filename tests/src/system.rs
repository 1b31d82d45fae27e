//! Commands on the machine itself, as root (the package tests install and purge packages):
//! directly when the tests run as root, else through `sudo -n`.

use std::process::Command;

pub fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false)
}

/// `program` to run as root.
pub fn root_command(program: &str) -> Command {
    if is_root() {
        Command::new(program)
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["-n", program]);
        sudo
    }
}

/// Runs a command as root; its stdout, or a panic with what it said.
pub fn as_root(program: &str, args: &[&str]) -> String {
    let out = root_command(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
