//! Reading variables without refusing: what does not parse is noted, in the customer's key
//! names, for the admins' list of flagged webhooks.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::Fields;

pub struct Reading<'a> {
    pub fields: Fields<'a>,
    pub problems: Vec<String>,
}

impl<'a> Reading<'a> {
    pub fn new(fields: Fields<'a>) -> Reading<'a> {
        Reading { fields, problems: Vec::new() }
    }

    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.fields.get(name)
    }

    /// The value, or a "missing field" note.
    pub fn required(&mut self, name: &str) -> Option<&'a str> {
        let value = self.get(name);
        if value.is_none() {
            let key = self.fields.key_of(name);
            self.problems.push(format!("missing field `{key}`"));
        }
        value
    }

    /// Parses the value with `parse`; a value that does not parse is noted as not `what`.
    pub fn parsed<T>(&mut self, name: &str, what: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        let raw = self.get(name)?;
        let value = parse(raw);
        if value.is_none() {
            let key = self.fields.key_of(name);
            self.problems.push(format!("field `{key}` is not {what}: {raw:?}"));
        }
        value
    }

    /// Seconds: `12`, `"12"` or `12.0`.
    pub fn seconds(&mut self, name: &str) -> Option<u32> {
        self.parsed(name, "a number of seconds", |raw| {
            raw.parse::<u32>()
                .ok()
                .or_else(|| raw.parse::<f64>().ok().filter(|s| *s >= 0.0 && *s < 1e9).map(|s| s.round() as u32))
        })
    }

    pub fn flag(&mut self, name: &str) -> Option<bool> {
        self.parsed(name, "true or false", |raw| match raw.to_ascii_lowercase().as_str() {
            "true" | "1" | "t" | "yes" => Some(true),
            "false" | "0" | "f" | "no" => Some(false),
            _ => None,
        })
    }

    /// An id as text (`323409`, `"323409"`, `323409.0` from a template that made it a float).
    pub fn id(&self, name: &str) -> Option<String> {
        self.get(name).map(|raw| raw.strip_suffix(".0").unwrap_or(raw).to_string())
    }
}

/// A date-time as these PBXes send it: `2019-12-16 14:40:47[.234]` without a zone (the
/// account's), ISO with `T`, `Z`, `+03:00` or `+0300`.
pub fn parse_time(raw: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(t) = DateTime::parse_from_str(raw, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    let naive = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw.trim_end_matches('Z'), format).ok())?;
    if raw.ends_with('Z') {
        return Some(naive.and_utc());
    }
    zone.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_and_without_fraction_or_zone() {
        let z = chrono_tz::Europe::Moscow;
        for (raw, want) in [
            ("2019-12-16 14:40:47.234", "2019-12-16T11:40:47.234+00:00"),
            ("2019-12-16 14:40:47", "2019-12-16T11:40:47+00:00"),
            ("2016-10-19T12:26:48.418", "2016-10-19T09:26:48.418+00:00"),
            ("2016-10-19T12:26:48Z", "2016-10-19T12:26:48+00:00"),
            ("2019-06-02T09:30:47+0300", "2019-06-02T06:30:47+00:00"),
            ("2019-06-02T09:30:47+03:00", "2019-06-02T06:30:47+00:00"),
        ] {
            assert_eq!(parse_time(raw, z).unwrap().to_rfc3339(), want, "{raw}");
        }
        assert_eq!(parse_time("yesterday", z), None);
    }
}
