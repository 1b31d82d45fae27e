//! Start with the session. The setting writes the user's own autostart entry (the autostart
//! plugin's). The package also installs one for everyone (`/etc/xdg/autostart/Callcard.desktop`,
//! the same name), so on such a machine the app starts with every session unless the user says
//! no: then a hidden entry of that name in the user's autostart folder turns it off for them
//! (the XDG autostart rule: the user's entry wins over the system's).

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager};
use tauri_plugin_autostart::ManagerExt;

/// The entry the package installs for every user.
pub const FOR_EVERYONE: &str = "/etc/xdg/autostart/Callcard.desktop";

/// Whether the package's entry starts the app with every session.
pub fn installed_for_everyone() -> bool {
    Path::new(FOR_EVERYONE).exists()
}

fn user_entry(app: &AppHandle) -> Result<PathBuf, String> {
    Ok(app.path().config_dir().map_err(|e| e.to_string())?.join("autostart").join("Callcard.desktop"))
}

/// Turns starting with the session on or off for this user.
pub fn set(app: &AppHandle, on: bool) -> Result<(), String> {
    let autolaunch = app.autolaunch();
    if on {
        return autolaunch.enable().map_err(|e| e.to_string());
    }
    autolaunch.disable().map_err(|e| e.to_string())?;
    if installed_for_everyone() {
        let path = user_entry(app)?;
        std::fs::create_dir_all(path.parent().expect("a folder")).map_err(|e| e.to_string())?;
        std::fs::write(&path, "[Desktop Entry]\nType=Application\nName=Callcard\nHidden=true\n")
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
