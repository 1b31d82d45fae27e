//! The app's settings (everything but the token, which lives in the OS keyring), as a JSON file
//! in the app's config directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::words::{WordCode, Words};

/// What the settings screen edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    /// The relay's base URL, e.g. `https://relay.example.com` (None until first set up).
    pub relay_url: Option<String>,
    /// Seconds a wrap-up card stays open after the call ended.
    pub wrap_up_close_secs: u32,
    /// Start in the tray without showing the main window.
    pub start_hidden: bool,
    /// Start with the desktop session.
    pub start_at_login: bool,
    /// No pop-up cards (calls are still listed and logged).
    pub do_not_disturb: bool,
    /// How a click on a number places the call.
    pub dial_mode: crate::dialing::DialMode,
    /// Softphone mode: the command to run, with `{number}` where the number goes (e.g.
    /// `microsip.exe {number}`). Empty: open a `tel:` link with the system's handler.
    pub softphone_command: String,
    /// The language the app speaks (`en`, `ru`, `uk`, `pt`, `fr`); `None`: the system's.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            relay_url: None,
            wrap_up_close_secs: 30,
            start_hidden: false,
            start_at_login: false,
            do_not_disturb: false,
            dial_mode: crate::dialing::DialMode::Pbx,
            softphone_command: String::new(),
            language: None,
        }
    }
}

/// The settings file of one app installation.
pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    pub fn in_dir(config_dir: &Path) -> SettingsFile {
        SettingsFile { path: config_dir.join("settings.json") }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved settings; a missing file gives the defaults. A damaged file also gives the
    /// defaults (and says why), so a bad edit never keeps the app from starting.
    pub fn load(&self) -> (Settings, Option<Words>) {
        let path = self.path.display();
        match std::fs::read_to_string(&self.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
            Err(e) => {
                let words = Words::new(WordCode::SettingsUnreadable).with("path", &path).with("detail", e);
                (Settings::default(), Some(words))
            }
            Ok(text) => match serde_json::from_str(&text) {
                Ok(s) => (s, None),
                Err(e) => {
                    let words = Words::new(WordCode::SettingsDamaged).with("path", &path).with("detail", e);
                    (Settings::default(), Some(words))
                }
            },
        }
    }

    /// Saves atomically (temporary file, fsync, rename).
    pub fn save(&self, settings: &Settings) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(settings).expect("settings serialise");
        crate::atomic_file::write(&self.path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_and_damage() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::in_dir(&dir.path().join("callcard"));
        assert_eq!(file.load(), (Settings::default(), None));
        let s = Settings { relay_url: Some("http://relay:8790".into()), wrap_up_close_secs: 5, ..Settings::default() };
        file.save(&s).unwrap();
        assert_eq!(file.load().0, s);
        // Older or newer files: missing keys take defaults, unknown keys are ignored.
        std::fs::write(file.path(), r#"{"relay_url":"http://x","future_key":1}"#).unwrap();
        let (loaded, warning) = file.load();
        assert_eq!(loaded.relay_url.as_deref(), Some("http://x"));
        assert_eq!(loaded.wrap_up_close_secs, 30);
        assert!(warning.is_none());
        std::fs::write(file.path(), "{oops").unwrap();
        let (loaded, warning) = file.load();
        assert_eq!(loaded, Settings::default());
        let warning = warning.unwrap();
        assert_eq!(warning.code, WordCode::SettingsDamaged);
        assert!(warning.message.contains("is damaged"), "{warning}");
    }
}
