//! The catalogue files, built into the binary: nothing to install beside it, nothing to lose.

/// Which part of Callcard a catalogue file words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// The desktop app: windows, tray, notifications, errors.
    App,
    /// The admin console (and the relay's own words, such as default outcome labels).
    Console,
}

impl Surface {
    pub const ALL: [Surface; 2] = [Surface::App, Surface::Console];

    pub fn file_name(self) -> &'static str {
        match self {
            Surface::App => "app.ftl",
            Surface::Console => "console.ftl",
        }
    }
}

macro_rules! catalogue {
    ($language:literal, $surface:literal) => {
        include_str!(concat!("../../../ui/locales/", $language, "/", $surface, ".ftl"))
    };
}

/// The text of a catalogue file; English for a language not in [`crate::LANGUAGES`].
pub fn source(language: &str, surface: Surface) -> &'static str {
    match (language, surface) {
        ("ru", Surface::App) => catalogue!("ru", "app"),
        ("ru", Surface::Console) => catalogue!("ru", "console"),
        ("uk", Surface::App) => catalogue!("uk", "app"),
        ("uk", Surface::Console) => catalogue!("uk", "console"),
        ("pt", Surface::App) => catalogue!("pt", "app"),
        ("pt", Surface::Console) => catalogue!("pt", "console"),
        ("fr", Surface::App) => catalogue!("fr", "app"),
        ("fr", Surface::Console) => catalogue!("fr", "console"),
        (_, Surface::App) => catalogue!("en", "app"),
        (_, Surface::Console) => catalogue!("en", "console"),
    }
}
