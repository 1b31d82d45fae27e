//! The language the app speaks: the one chosen in the settings, else the system's (its locale,
//! e.g. `LANG=ru_RU.UTF-8`), else English. The Rust side words with it (tray, notifications,
//! errors) and the windows ask for it ([`UiLanguage`]) so that both say the same.

use std::sync::{Arc, LazyLock, RwLock};

use callcard_i18n::{Catalogue, Surface};
use serde::Serialize;
use ts_rs::TS;

static CURRENT: LazyLock<RwLock<Arc<Catalogue>>> =
    LazyLock::new(|| RwLock::new(Arc::new(Catalogue::new(callcard_i18n::FALLBACK, Surface::App))));

/// The app's catalogue now.
pub fn catalogue() -> Arc<Catalogue> {
    CURRENT.read().map(|c| c.clone()).unwrap_or_else(|poisoned| poisoned.into_inner().clone())
}

/// What the windows need to speak as the app does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UiLanguage {
    /// One of `en`, `ru`, `uk`, `pt`, `fr`.
    pub language: String,
    /// For dates, times and numbers: the system's locale when it is of this language (`en-GB`
    /// gets a 24-hour clock), else the language.
    pub locale: String,
    /// The language the system asks for (what "as the system" in the settings means).
    pub system: String,
}

/// Speaks `setting` (a language code from the settings; `None` or unknown: the system's) from
/// now on, and says what was chosen.
pub fn apply(setting: Option<&str>) -> UiLanguage {
    let chosen = choose(setting, &system_locales());
    let mut current = CURRENT.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    if current.language() != chosen.language {
        *current = Arc::new(Catalogue::new(&chosen.language, Surface::App));
    }
    chosen
}

/// The system's preferred locales, most preferred first.
fn system_locales() -> Vec<String> {
    sys_locale::get_locales().collect()
}

fn choose(setting: Option<&str>, system: &[String]) -> UiLanguage {
    let system_language = callcard_i18n::negotiate(system);
    let language = match setting {
        Some(wanted) if callcard_i18n::LANGUAGES.contains(&wanted) => wanted,
        _ => system_language,
    };
    let locale = system
        .iter()
        .filter_map(|l| callcard_i18n::language_id(l))
        .find(|id| id.language.as_str() == language)
        .map(|id| id.to_string())
        .unwrap_or_else(|| language.to_string());
    UiLanguage { language: language.to_string(), locale, system: system_language.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system(locales: &[&str]) -> Vec<String> {
        locales.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn the_setting_wins_over_the_system_and_the_system_over_english() {
        let ru = system(&["ru_RU.UTF-8"]);
        assert_eq!(
            choose(None, &ru),
            UiLanguage { language: "ru".into(), locale: "ru-RU".into(), system: "ru".into() }
        );
        assert_eq!(choose(Some("fr"), &ru).language, "fr");
        assert_eq!(choose(Some("fr"), &ru).locale, "fr");
        assert_eq!(choose(Some("klingon"), &ru).language, "ru");
        assert_eq!(choose(None, &system(&["de_DE.UTF-8"])).language, "en");
        assert_eq!(choose(None, &system(&["C"])).language, "en");
    }

    #[test]
    fn an_english_system_keeps_its_own_conventions_for_dates() {
        assert_eq!(choose(None, &system(&["en_GB.UTF-8"])).locale, "en-GB");
        assert_eq!(choose(Some("en"), &system(&["pt_BR.UTF-8", "en_GB"])).locale, "en-GB");
    }
}
