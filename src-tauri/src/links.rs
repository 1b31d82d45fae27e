//! `tel:`, `callto:` and `sip:` links opened anywhere on the desktop dial through Callcard.
//! The OS starts `callcard <link>`; single-instance hands it to the running app, whose
//! deep-link plugin reports it here.

use tauri::AppHandle;
use tauri_plugin_deep_link::DeepLinkExt;

use crate::actions::{self, Action};

/// The menu entry the Linux packages install: it names the three schemes already, for every
/// user of the machine.
#[cfg(target_os = "linux")]
const PACKAGED_ENTRY: &str = "/usr/share/applications/Callcard.desktop";

/// Whether this binary came with a package that registered its handlers.
fn registered_by_package() -> bool {
    #[cfg(target_os = "linux")]
    {
        let packaged = std::env::current_exe().is_ok_and(|exe| exe == std::path::Path::new("/usr/bin/callcard"));
        packaged && std::path::Path::new(PACKAGED_ENTRY).exists()
    }
    #[cfg(not(target_os = "linux"))]
    false
}

/// The package's entry handles the links for this user too, even where another program (a
/// softphone) was installed as their handler before: what the plugin's run-time registration
/// did, with the package's entry.
#[cfg(target_os = "linux")]
fn make_packaged_entry_the_default() {
    let entry = "Callcard.desktop";
    for scheme in ["tel", "callto", "sip"] {
        let mime = format!("x-scheme-handler/{scheme}");
        let now = std::process::Command::new("xdg-mime").args(["query", "default", &mime]).output();
        if now.as_ref().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == entry) {
            continue;
        }
        match std::process::Command::new("xdg-mime").args(["default", entry, &mime]).status() {
            Ok(status) if status.success() => tracing::info!(scheme, "Callcard handles these links now"),
            other => tracing::warn!(scheme, ?other, "cannot make Callcard the handler of these links"),
        }
    }
}

pub fn listen(app: &AppHandle) {
    // Linux and Windows learn about handlers from what the app registers at run time (a
    // .desktop file / registry keys); macOS reads the bundle's Info.plist. An installed package
    // has registered them already: the plugin's own entry (its Exec quoted) would take over
    // from it, and the generic xdg-open of desktops without their own opener cannot run that.
    #[cfg(any(target_os = "linux", windows))]
    if registered_by_package() {
        // xdg-mime is a shell script run up to six times: off the start-up path.
        #[cfg(target_os = "linux")]
        std::thread::spawn(make_packaged_entry_the_default);
    } else if let Err(e) = app.deep_link().register_all() {
        tracing::warn!(error = %e, "cannot register as the handler for tel:, callto: and sip: links");
    }
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            opened(&handle, url.as_str());
        }
    });
    // Started by a link (the app was not running yet).
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        for url in urls {
            opened(app, url.as_str());
        }
    }
}

fn opened(app: &AppHandle, link: &str) {
    tracing::info!(link, "number link opened");
    actions::report(app, Action::Dial(link.to_string()));
}
