//! The outcome list a database starts with (migration 0002: interested, call_back, …), worded in
//! the relay's `[ui] language` from the console catalogue (`default-outcome-<code>`), so a
//! Russian office's cards do not start in English. A later change of the language words again
//! the labels no admin has changed.

use std::collections::BTreeMap;

use callcard_i18n::{Catalogue, Surface};

use crate::store::{Store, StoreResult};

/// The codes the first migration creates.
const STARTING_CODES: [&str; 5] = ["interested", "call_back", "not_interested", "wrong_number", "visit_booked"];

/// The starting outcomes' labels in `language`.
pub fn labels(language: &str) -> BTreeMap<String, String> {
    let catalogue = Catalogue::new(language, Surface::Console);
    STARTING_CODES
        .iter()
        .map(|code| (code.to_string(), catalogue.format(&format!("default-outcome-{}", code.replace('_', "-")), None)))
        .collect()
}

/// Every language's starting labels, by language.
pub fn labels_by_language() -> BTreeMap<String, BTreeMap<String, String>> {
    callcard_i18n::LANGUAGES.iter().map(|l| (l.to_string(), labels(l))).collect()
}

/// Words the starting outcomes in `language` unless they already are.
pub async fn word(store: &dyn Store, language: &str) -> StoreResult<()> {
    if store.word_default_outcomes(language, &labels_by_language()).await? {
        tracing::info!(language, "the starting outcome list is worded in the relay's language");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_starting_outcome_has_its_label_in_every_language() {
        for language in callcard_i18n::LANGUAGES {
            let labels = labels(language);
            for code in STARTING_CODES {
                assert!(!labels[code].starts_with("default-outcome"), "{language}: {code}");
            }
        }
        assert_eq!(labels("en")["call_back"], "Call back later");
        assert_ne!(labels("ru")["interested"], "Interested");
    }
}
