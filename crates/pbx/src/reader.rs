//! Reading a provider's fields without refusing: a verified webhook is stored and applied as far
//! as it parses, and what did not parse is noted for the admins (PROTOCOLS.md §5.3).

use crate::Form;

pub(crate) struct Reader<'a> {
    pub form: &'a Form,
    pub problems: Vec<String>,
}

impl<'a> Reader<'a> {
    pub fn new(form: &'a Form) -> Reader<'a> {
        Reader { form, problems: Vec::new() }
    }

    pub fn note(&mut self, problem: impl Into<String>) {
        self.problems.push(problem.into());
    }

    /// The field's value if present and not blank; noted as missing otherwise.
    pub fn required(&mut self, key: &str) -> Option<&'a str> {
        let value = self.form.non_empty(key);
        if value.is_none() {
            self.note(format!("missing field `{key}`"));
        }
        value
    }

    pub fn non_empty(&self, key: &str) -> Option<&'a str> {
        self.form.non_empty(key)
    }

    /// A whole non-negative number, or `None` (noted when present but not one).
    pub fn whole_number(&mut self, key: &str) -> Option<u32> {
        let raw = self.form.non_empty(key)?;
        match raw.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.note(format!("field `{key}` is not a whole number: {raw:?}"));
                None
            }
        }
    }

    /// Parses an optional field with `parse`; a value that does not parse is noted as `what`.
    pub fn parsed<T>(&mut self, key: &str, what: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        let raw = self.form.non_empty(key)?;
        let value = parse(raw);
        if value.is_none() {
            self.note(format!("field `{key}` is not {what}: {raw:?}"));
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_what_it_cannot_read() {
        let form = Form::from_pairs([("duration", "ten"), ("n", "5"), ("blank", " ")]);
        let mut r = Reader::new(&form);
        assert_eq!(r.whole_number("duration"), None);
        assert_eq!(r.whole_number("n"), Some(5));
        assert_eq!(r.whole_number("absent"), None);
        assert_eq!(r.required("blank"), None);
        assert_eq!(r.parsed("n", "even", |v| v.parse::<u32>().ok().filter(|n| n % 2 == 0)), None);
        assert_eq!(
            r.problems,
            [
                "field `duration` is not a whole number: \"ten\"",
                "missing field `blank`",
                "field `n` is not even: \"5\""
            ]
        );
    }
}
