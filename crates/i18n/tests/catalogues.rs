//! Every catalogue says everything English says: the same messages and attributes, the same
//! variables, the plural forms its language needs, and no English left behind. The TypeScript
//! lists of message ids the windows and the console type-check against are made from English
//! here (`UPDATE_BINDINGS=1` rewrites them).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use callcard_i18n::{source, Surface, LANGUAGES};
use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser;

/// A message: its variables, the variables it selects on with their variant keys, its text.
#[derive(Default, Debug)]
struct Shape {
    attributes: Vec<String>,
    variables: BTreeSet<String>,
    selects: Vec<(String, BTreeSet<String>)>,
    text: String,
}

fn messages(language: &str, surface: Surface) -> BTreeMap<String, Shape> {
    let text = source(language, surface);
    let resource = parser::parse(text).unwrap_or_else(|(_, errors)| {
        panic!("{language}/{}: {errors:?}", surface.file_name());
    });
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(m) = entry {
            let mut shape = Shape {
                attributes: m.attributes.iter().map(|a| a.id.name.to_string()).collect(),
                ..Default::default()
            };
            if let Some(value) = &m.value {
                walk(value, &mut shape);
            }
            for a in &m.attributes {
                walk(&a.value, &mut shape);
            }
            assert!(out.insert(m.id.name.to_string(), shape).is_none(), "{language}: {} twice", m.id.name);
        }
    }
    out
}

fn walk(pattern: &Pattern<&str>, shape: &mut Shape) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => shape.text.push_str(value),
            PatternElement::Placeable { expression } => expression_of(expression, shape),
        }
    }
}

fn expression_of(expression: &Expression<&str>, shape: &mut Shape) {
    match expression {
        Expression::Inline(inline) => inline_of(inline, shape),
        Expression::Select { selector, variants } => {
            inline_of(selector, shape);
            if let InlineExpression::VariableReference { id } = selector {
                let keys = variants
                    .iter()
                    .map(|v| match &v.key {
                        ast::VariantKey::Identifier { name } => name.to_string(),
                        ast::VariantKey::NumberLiteral { value } => value.to_string(),
                    })
                    .collect();
                shape.selects.push((id.name.to_string(), keys));
            }
            for v in variants {
                walk(&v.value, shape);
            }
        }
    }
}

fn inline_of(inline: &InlineExpression<&str>, shape: &mut Shape) {
    match inline {
        InlineExpression::VariableReference { id } => {
            shape.variables.insert(id.name.to_string());
        }
        InlineExpression::StringLiteral { value } => shape.text.push_str(value),
        InlineExpression::Placeable { expression } => expression_of(expression, shape),
        _ => {}
    }
}

#[test]
fn every_catalogue_parses_and_has_every_message_and_attribute_english_has() {
    for surface in Surface::ALL {
        let english = messages("en", surface);
        for language in LANGUAGES {
            let theirs = messages(language, surface);
            let missing: Vec<_> = english.keys().filter(|id| !theirs.contains_key(*id)).collect();
            let extra: Vec<_> = theirs.keys().filter(|id| !english.contains_key(*id)).collect();
            assert!(missing.is_empty(), "{language}/{}: missing {missing:?}", surface.file_name());
            assert!(extra.is_empty(), "{language}/{}: not in English {extra:?}", surface.file_name());
            for (id, shape) in &english {
                let their = &theirs[id];
                assert_eq!(their.attributes, shape.attributes, "{language}/{}: {id}'s attributes", surface.file_name());
                let lost: Vec<_> = shape.variables.difference(&their.variables).collect();
                assert!(lost.is_empty(), "{language}/{}: {id} lost {lost:?}", surface.file_name());
                let strange: Vec<_> = their.variables.difference(&shape.variables).collect();
                assert!(
                    strange.is_empty(),
                    "{language}/{}: {id} uses {strange:?}, which English never passes",
                    surface.file_name()
                );
            }
        }
    }
}

/// CLDR's plural categories for whole numbers, besides `other`.
fn plural_categories(language: &str) -> &'static [&'static str] {
    match language {
        "ru" | "uk" => &["one", "few", "many"],
        _ => &["one"],
    }
}

#[test]
fn counts_are_worded_with_every_plural_form_of_the_language() {
    for surface in Surface::ALL {
        let english = messages("en", surface);
        for language in LANGUAGES {
            let theirs = messages(language, surface);
            for (id, shape) in &english {
                for (variable, keys) in &shape.selects {
                    if !keys.contains("one") {
                        continue;
                    }
                    let their_keys: BTreeSet<String> = theirs[id]
                        .selects
                        .iter()
                        .filter(|(v, _)| v == variable)
                        .flat_map(|(_, k)| k.iter().cloned())
                        .collect();
                    for category in plural_categories(language) {
                        assert!(
                            their_keys.contains(*category),
                            "{language}/{}: {id} has no [{category}] form for ${variable}",
                            surface.file_name()
                        );
                    }
                }
            }
        }
    }
}

/// Words that are the same in every language: the brand, vendors, technical tokens.
const SAME_EVERYWHERE: &[&str] = &[
    "Callcard",
    "Zadarma",
    "ITooLabs",
    "MegaFon",
    "UIS",
    "CoMagic",
    "Ringostat",
    "HTTP",
    "WebSocket",
    "API",
    "URL",
    "CSV",
    "JSON",
    "PBX",
    "E.164",
    "tel",
    "callto",
    "sip",
    "cc_",
    "id",
    "ID",
    "OK",
    "Secret",
    "Service",
    "GNOME",
    "Keyring",
    "KWallet",
    "Linux",
    "microsip",
    "exe",
    "http",
    "https",
    "host",
    "port",
    "callcard",
    "relay",
    "agent",
    "add",
    "admin",
    "x",
];

/// What of a text is words for people: letters left once the shared words are gone.
fn words_of(text: &str) -> String {
    let mut words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '_' && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| !SAME_EVERYWHERE.contains(w))
        .collect();
    words.dedup();
    words.join(" ")
}

/// Words that are spelt the same in English and in another language, where the English text
/// of a whole message is that language's own word.
const COGNATES: &[(&str, &str)] = &[
    ("fr", "Agent"),
    ("fr", "Client"),
    ("fr", "Contacts"),
    ("fr", "Pause"),
    ("fr", "Agents"),
    ("fr", "Code"),
    ("fr", "code"),
    ("fr", "Source"),
    ("pt", "Supervisor"),
];

#[test]
fn no_english_is_left_in_another_language() {
    let mut left = vec![];
    for surface in Surface::ALL {
        let english = messages("en", surface);
        for language in LANGUAGES.into_iter().filter(|l| *l != "en") {
            let theirs = messages(language, surface);
            for (id, shape) in &english {
                let words = words_of(&shape.text);
                let cognate = COGNATES.contains(&(language, words.as_str()));
                if !words.is_empty() && !cognate && words == words_of(&theirs[id].text) {
                    left.push(format!("{language}/{}: {id} = {}", surface.file_name(), shape.text.trim()));
                }
            }
        }
    }
    assert!(left.is_empty(), "still English:\n{}", left.join("\n"));
}

fn messages_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/messages")
}

/// The console's catalogue keys as the console's code writes them: `board.activity.free` is the
/// message `board-activity-free`.
fn typescript(name: &str, doc: &str, ids: impl Iterator<Item = String>) -> String {
    let mut out = format!(
        "// Made from ui/locales/en by crates/i18n/tests/catalogues.rs (UPDATE_BINDINGS=1). Do not edit.\n\n/** {doc} */\nexport type {name} =\n"
    );
    for id in ids {
        out.push_str(&format!("  | {id:?}\n"));
    }
    out.pop();
    out.push_str(";\n");
    out
}

#[test]
fn typescript_lists_the_english_message_ids() {
    let files = [
        (
            "AppMessageId.ts",
            typescript(
                "AppMessageId",
                "A message of the desktop app's catalogue (ui/locales/<language>/app.ftl).",
                messages("en", Surface::App).into_keys().filter(|id| !id.starts_with("word-")),
            ),
        ),
        (
            "ConsoleWordKey.ts",
            typescript(
                "ConsoleWordKey",
                "A message of the console's catalogue (ui/locales/<language>/console.ftl), dots for dashes.",
                messages("en", Surface::Console).into_keys().map(|id| id.replace('-', ".")),
            ),
        ),
    ];
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    for (file, text) in files {
        let path = messages_dir().join(file);
        if update {
            std::fs::write(&path, &text).unwrap();
        } else {
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(old == text, "{} is stale: run UPDATE_BINDINGS=1 cargo test -p callcard-i18n", path.display());
        }
    }
}

/// The values of `attribute="…"` in a page.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!("{attribute}=\"");
    html.match_indices(&needle).filter_map(|(at, _)| html[at + needle.len()..].split('"').next()).collect()
}

#[test]
fn every_message_the_pages_name_is_in_the_catalogue() {
    let ui = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui");
    let app = messages("en", Surface::App);
    let console = messages("en", Surface::Console);
    let mut named = 0;
    for page in ["index.html", "card.html", "dialer.html"] {
        let html = std::fs::read_to_string(ui.join(page)).unwrap();
        for id in attribute_values(&html, "data-l10n-id") {
            assert!(app.contains_key(id), "{page} names {id}, which app.ftl does not have");
            named += 1;
        }
    }
    let html = std::fs::read_to_string(ui.join("admin.html")).unwrap();
    for key in attribute_values(&html, "data-word").into_iter().chain(attribute_values(&html, "data-word-placeholder"))
    {
        assert!(
            console.contains_key(&key.replace('.', "-")),
            "admin.html names {key}, which console.ftl does not have"
        );
        named += 1;
    }
    assert!(named > 60, "the pages name only {named} messages: is the attribute still data-l10n-id?");
}
