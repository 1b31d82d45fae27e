//! Which key of a webhook holds which variable: the admin's mapping (`[uis.fields]`,
//! `[ringostat.fields]`: our name → their key), then the provider's aliases, then our name.

use std::collections::BTreeMap;

use crate::Form;

/// A provider's names, each with the keys tried after the admin's mapping, best first.
pub type Aliases = &'static [(&'static str, &'static [&'static str])];

/// Values a template renders for "nothing": JSON `null` quoted by the customer, Python's `None`
/// (UIS's own routing example).
fn is_nothing(value: &str) -> bool {
    matches!(value, "null" | "None" | "undefined")
}

/// Looks variables up in one webhook.
pub struct Fields<'a> {
    pub form: &'a Form,
    mapping: &'a BTreeMap<String, String>,
    aliases: Aliases,
}

impl<'a> Fields<'a> {
    pub fn new(form: &'a Form, mapping: &'a BTreeMap<String, String>, aliases: Aliases) -> Fields<'a> {
        Fields { form, mapping, aliases }
    }

    /// The variable's usable values in the order its keys are tried: the admin's key, the
    /// aliases, our name. Blank and "null" count as absent.
    fn values<'k>(&'k self, name: &'k str) -> impl Iterator<Item = &'a str> + 'k {
        let aliases = self.aliases.iter().find(|(n, _)| *n == name).map(|(_, a)| *a).unwrap_or(&[]);
        let mapped = self.mapping.get(name).map(String::as_str);
        let form = self.form;
        mapped
            .into_iter()
            .chain(aliases.iter().copied())
            .chain([name])
            .filter_map(move |key| form.non_empty(key).filter(|v| !is_nothing(v)))
    }

    /// The variable's value, from the first key that holds one.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.values(name).next()
    }

    /// Every value the variable's keys hold, in order, without repeats (an employee named by
    /// SIP login in one key and by number in another).
    pub fn all(&self, name: &str) -> Vec<&'a str> {
        let mut values: Vec<&'a str> = vec![];
        for v in self.values(name) {
            if !values.contains(&v) {
                values.push(v);
            }
        }
        values
    }

    /// The key the variable is looked for under first (problems are worded in the customer's
    /// terms).
    pub fn key_of(&self, name: &str) -> String {
        self.mapping.get(name).cloned().unwrap_or_else(|| name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALIASES: Aliases = &[("call_id", &["call_id", "uniqueid"]), ("employee", &["sip_login", "employee_number"])];

    #[test]
    fn the_admins_key_then_aliases_and_null_is_nothing() {
        let form = Form::from_pairs([
            ("session", "77"),
            ("uniqueid", "1"),
            ("sip_login", "null"),
            ("employee_number", "2100"),
        ]);
        let none = BTreeMap::new();
        let fields = Fields::new(&form, &none, ALIASES);
        assert_eq!(fields.get("call_id"), Some("1"));
        assert_eq!(fields.get("employee"), Some("2100"));
        let mapping = BTreeMap::from([("call_id".to_string(), "session".to_string())]);
        let fields = Fields::new(&form, &mapping, ALIASES);
        assert_eq!(fields.get("call_id"), Some("77"));
        assert_eq!(fields.key_of("call_id"), "session");
        assert_eq!(fields.all("call_id"), ["77", "1"]);
    }
}
