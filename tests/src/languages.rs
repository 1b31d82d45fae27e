//! Checking a page for words left in English or messages missing from a catalogue: every text
//! a person can read (text, titles, placeholders) is collected from the page in English and in
//! another language, and nothing of the first may be in the second except data (names,
//! numbers, the relay's outcome labels) and the words both languages spell alike.

/// JavaScript that answers every text of the page a person can read: text nodes (hidden
/// sections too), titles and placeholders, each trimmed.
pub const PAGE_TEXTS: &str = "\
    const out = [];\
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);\
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {\
      if (n.parentElement && ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(n.parentElement.tagName)) continue;\
      const t = n.textContent.trim(); if (t) out.push(t);\
    }\
    for (const e of document.querySelectorAll('[title], [placeholder]')) {\
      for (const a of ['title', 'placeholder']) { const t = (e.getAttribute(a) || '').trim(); if (t) out.push(t); }\
    }\
    if (document.title.trim()) out.push(document.title.trim());\
    return out;";

/// Words spelt the same in English and the other language (crates/i18n's test has the same).
const COGNATES: &[(&str, &str)] = &[
    ("fr", "Agent"),
    ("fr", "agent"),
    ("fr", "Client"),
    ("fr", "Contacts"),
    ("fr", "Pause"),
    ("fr", "Agents"),
    ("fr", "Code"),
    ("fr", "Source"),
    ("pt", "Supervisor"),
];

/// Each language's name in itself: the language menus show them in every language.
pub const LANGUAGE_NAMES: &[&str] = &["English", "Русский", "Українська", "Português", "Français"];

/// Texts that are data by their shape: JSON (a webhook's fields) and RFC 3339 times.
fn shaped_as_data(text: &str) -> bool {
    let time = text.len() >= 20 && text.as_bytes()[4] == b'-' && text.as_bytes()[10] == b'T';
    text.starts_with('{') || text.starts_with('[') || time
}

/// What of a text is words: letters once `data` and the brand are taken out.
fn words(text: &str, data: &[&str]) -> String {
    if shaped_as_data(text) {
        return String::new();
    }
    let mut text = text.to_string();
    let mut data: Vec<&str> = data.iter().chain(LANGUAGE_NAMES).chain(&["Callcard"]).copied().collect();
    // Longest first, so "Ivan Petrov (ACME)" goes before "Ivan".
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    for d in data {
        text = text.replace(d, " ");
    }
    text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The texts of `theirs` (a page in `language`) that are words of `english` (the same page in
/// English), data aside.
pub fn english_left(language: &str, english: &[String], theirs: &[String], data: &[&str]) -> Vec<String> {
    let english: std::collections::BTreeSet<String> =
        english.iter().map(|t| words(t, data)).filter(|w| !w.is_empty()).collect();
    theirs
        .iter()
        .filter(|t| {
            let w = words(t, data);
            !w.is_empty() && english.contains(&w) && !COGNATES.contains(&(language, w.as_str()))
        })
        .cloned()
        .collect()
}

/// Texts that are a message id or a variable left as it is (a message missing, or formatted
/// without its arguments).
pub fn raw_messages(texts: &[String]) -> Vec<String> {
    texts
        .iter()
        .filter(|t| {
            let id_like = t.contains('-')
                && t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                && t.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            id_like || t.contains("{$") || t.contains("{ $")
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_cognates_are_not_english_left_but_words_are() {
        let english = vec!["Call back".to_string(), "Ivan Petrov (ACME)".into(), "Agent".into(), "12:40".into()];
        let french = vec!["Rappeler".to_string(), "Ivan Petrov (ACME)".into(), "Agent".into(), "Call back".into()];
        assert_eq!(english_left("fr", &english, &french, &["Ivan Petrov", "ACME"]), vec!["Call back".to_string()]);
        assert_eq!(raw_messages(&["history-found".into(), "Найдено: 3".into(), "{ $count } calls".into()]).len(), 2);
    }
}
