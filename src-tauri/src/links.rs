//! `tel:`, `callto:` and `sip:` links opened anywhere on the desktop dial through Callcard.
//! The OS starts `callcard <link>`; single-instance hands it to the running app, whose
//! deep-link plugin reports it here.

use tauri::AppHandle;
use tauri_plugin_deep_link::DeepLinkExt;

use crate::actions::{self, Action};

pub fn listen(app: &AppHandle) {
    // Linux and Windows learn about handlers from what the app registers at run time (a
    // .desktop file / registry keys); macOS reads the bundle's Info.plist.
    #[cfg(any(target_os = "linux", windows))]
    if let Err(e) = app.deep_link().register_all() {
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
