//! The message catalogues, one per language (`ui/locales/<language>/`), for the Rust side: the
//! desktop app's tray, notifications and errors (`app.ftl`) and the relay's default outcome
//! labels (`console.ftl`). The windows and the console read the same files (`ui/src/l10n.ts`).
//! The catalogues are Project Fluent files: CLDR plural rules, variables, attributes.

mod sources;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
use unic_langid::LanguageIdentifier;

pub use fluent_bundle::{FluentArgs, FluentValue};
pub use sources::{source, Surface};

/// The languages Callcard speaks; English first, the fallback for anything missing.
pub const LANGUAGES: [&str; 5] = ["en", "ru", "uk", "pt", "fr"];
pub const FALLBACK: &str = "en";

/// The supported language closest to what is asked for (`ru-RU`, `pt_BR.UTF-8`, `fr`), in order
/// of preference; English when none is spoken here.
pub fn negotiate<S: AsRef<str>>(requested: &[S]) -> &'static str {
    let requested: Vec<LanguageIdentifier> = requested.iter().filter_map(|r| language_id(r.as_ref())).collect();
    let available: Vec<LanguageIdentifier> = LANGUAGES.iter().filter_map(|l| l.parse().ok()).collect();
    let default: LanguageIdentifier = FALLBACK.parse().expect("en is a language");
    let chosen = fluent_langneg::negotiate_languages(
        &requested,
        &available,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    let chosen = chosen.first().map(|l| l.language.as_str()).unwrap_or(FALLBACK);
    LANGUAGES.iter().copied().find(|l| *l == chosen).unwrap_or(FALLBACK)
}

/// A POSIX locale (`pt_BR.UTF-8@euro`) or a BCP 47 tag (`pt-BR`) as a language identifier;
/// `C` and `POSIX` name no language.
pub fn language_id(locale: &str) -> Option<LanguageIdentifier> {
    let tag = locale.split(['.', '@']).next().unwrap_or_default().replace('_', "-");
    if tag.is_empty() || tag == "C" || tag == "POSIX" {
        return None;
    }
    tag.parse().ok()
}

/// One language's words for one surface, English beneath for any message it lacks.
pub struct Catalogue {
    language: &'static str,
    bundles: Vec<FluentBundle<FluentResource>>,
}

impl Catalogue {
    /// `language` is one of [`LANGUAGES`] (anything else gets English).
    pub fn new(language: &str, surface: Surface) -> Catalogue {
        let language = LANGUAGES.iter().copied().find(|l| *l == language).unwrap_or(FALLBACK);
        let mut chain = vec![language];
        if language != FALLBACK {
            chain.push(FALLBACK);
        }
        let bundles = chain.into_iter().map(|l| bundle(l, surface)).collect();
        Catalogue { language, bundles }
    }

    pub fn language(&self) -> &'static str {
        self.language
    }

    /// The message `id` with `args`; its id when no catalogue has it (a test makes sure every
    /// id the code uses is there in every language).
    pub fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        for bundle in &self.bundles {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = vec![];
                return bundle.format_pattern(pattern, args, &mut errors).into_owned();
            }
        }
        id.to_string()
    }

    pub fn has(&self, id: &str) -> bool {
        self.bundles.iter().any(|b| b.has_message(id))
    }
}

fn bundle(language: &'static str, surface: Surface) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = language.parse().expect("LANGUAGES are language tags");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around variables: none of our languages is right-to-left, and
    // the marks would end up in tooltips and notifications as invisible characters.
    bundle.set_use_isolating(false);
    // A catalogue with a mistake still gives its good messages; the tests fail on the mistake.
    let resource = FluentResource::try_new(source(language, surface).to_string()).unwrap_or_else(|(r, _)| r);
    bundle.add_resource_overriding(resource);
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_of_every_shape_find_their_language() {
        assert_eq!(negotiate(&["ru_RU.UTF-8"]), "ru");
        assert_eq!(negotiate(&["pt-BR"]), "pt");
        assert_eq!(negotiate(&["uk_UA"]), "uk");
        assert_eq!(negotiate(&["de-DE", "fr-CA"]), "fr");
        assert_eq!(negotiate(&["de-DE"]), "en");
        assert_eq!(negotiate(&["C"]), "en");
        assert_eq!(negotiate::<&str>(&[]), "en");
    }

    #[test]
    fn russian_counts_take_their_three_forms_and_missing_messages_fall_back_to_english() {
        let ru = Catalogue::new("ru", Surface::App);
        let count = |n: i64| {
            let mut args = FluentArgs::new();
            args.set("count", n);
            ru.format("journal-calls", Some(&args))
        };
        let (one, few, many) = (count(1), count(3), count(5));
        assert!(one != few && few != many && one != many, "{one} / {few} / {many}");
        assert_eq!(count(21), one.replace('1', "21"));
        assert_eq!(ru.format("no-such-message", None), "no-such-message");
        assert_eq!(Catalogue::new("xx", Surface::App).language(), "en");
    }
}
