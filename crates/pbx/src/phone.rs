//! Phone numbers: whatever humans and PBXes type, stored as digits-only E.164 (no `+`).

use serde::{Deserialize, Serialize};

/// The national dialling rule of the account's country. Russia's default: country code `7`,
/// trunk prefix `8`, 10-digit national numbers, so `8 (999) 123-45-67` → `79991234567`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PhoneRule {
    pub country_code: String,
    pub trunk_prefix: String,
    pub national_length: usize,
}

impl Default for PhoneRule {
    fn default() -> Self {
        PhoneRule { country_code: "7".into(), trunk_prefix: "8".into(), national_length: 10 }
    }
}

/// Why a string is not a phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error("phone number {0:?} has characters other than digits, +, spaces, dashes, dots and brackets")]
    BadCharacters(String),
    #[error("phone number {0:?} is too long for E.164")]
    TooLong(String),
}

impl PhoneRule {
    /// Normalises a number to digits-only E.164. Accepts `+`, spaces, dashes, dots and brackets.
    /// Short numbers (extensions, service numbers) are kept as their digits.
    pub fn normalize(&self, raw: &str) -> Result<String, PhoneError> {
        let trimmed = raw.trim();
        let international = trimmed.starts_with('+') || trimmed.starts_with("00");
        let mut digits = String::with_capacity(trimmed.len());
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => {}
                ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
                _ => return Err(PhoneError::BadCharacters(raw.to_string())),
            }
        }
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }
        if international {
            if let Some(rest) = digits.strip_prefix("00").filter(|_| !trimmed.starts_with('+')) {
                digits = rest.to_string();
            }
        } else if !self.trunk_prefix.is_empty()
            && digits.len() == self.trunk_prefix.len() + self.national_length
            && digits.starts_with(&self.trunk_prefix)
        {
            digits = format!("{}{}", self.country_code, &digits[self.trunk_prefix.len()..]);
        } else if digits.len() == self.national_length {
            digits = format!("{}{}", self.country_code, digits);
        }
        if digits.len() > 15 {
            return Err(PhoneError::TooLong(raw.to_string()));
        }
        Ok(digits)
    }

    /// Like [`normalize`](Self::normalize) for numbers the PBX sends: hidden or garbled caller
    /// ids (`anonymous`, empty) become `None` instead of an error.
    pub fn normalize_lenient(&self, raw: &str) -> Option<String> {
        self.normalize(raw).ok()
    }
}

/// Formats a digits-only E.164 number for people, in the international format of its country
/// from libphonenumber's metadata (the `phonenumber` crate): `79991234567` → `+7 999 123-45-67`,
/// `442037691880` → `+44 20 3769 1880`. Short numbers (extensions) and anything that is not
/// digits stay as they are; a number no country's rules cover gets a `+` in front.
/// Loads the numbering plans `format_for_people` reads (about 90 ms and 7 MB in a release
/// build, several times the time in a debug one), so that the first number shown does not wait
/// for them. Call it once, off the thread that shows things.
pub fn prepare() {
    let _ = format_for_people("442037691880");
}

pub fn format_for_people(e164: &str) -> String {
    if !e164.chars().all(|c| c.is_ascii_digit()) || e164.len() < 7 {
        return e164.to_string();
    }
    let international = format!("+{e164}");
    match phonenumber::parse(None, &international) {
        Ok(number) => number.format().mode(phonenumber::Mode::International).to_string(),
        Err(_) => international,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ru(raw: &str) -> Result<String, PhoneError> {
        PhoneRule::default().normalize(raw)
    }

    #[test]
    fn human_formats_normalise_to_e164_digits() {
        for raw in [
            "79991234567",
            "+7 999 123-45-67",
            "+7 (999) 123-45-67",
            "8 999 123 45 67",
            "8(999)1234567",
            "9991234567",
            "007 999 123 45 67",
            " +7.999.123.45.67 ",
        ] {
            assert_eq!(ru(raw).as_deref(), Ok("79991234567"), "{raw}");
        }
    }

    #[test]
    fn foreign_and_short_numbers_keep_their_digits() {
        assert_eq!(ru("+44 20 3769 1880").unwrap(), "442037691880");
        assert_eq!(ru("100").unwrap(), "100");
        // An international number that happens to start with 8 is not a trunk prefix.
        assert_eq!(ru("+86 10 1234 5678").unwrap(), "861012345678");
    }

    #[test]
    fn garbage_is_refused() {
        assert_eq!(ru(""), Err(PhoneError::Empty));
        assert_eq!(ru("+"), Err(PhoneError::Empty));
        assert!(matches!(ru("anonymous"), Err(PhoneError::BadCharacters(_))));
        assert!(matches!(ru("7999+123"), Err(PhoneError::BadCharacters(_))));
        assert!(matches!(ru("1234567890123456"), Err(PhoneError::TooLong(_))));
    }

    #[test]
    fn other_country_rule() {
        let ua = PhoneRule { country_code: "380".into(), trunk_prefix: "0".into(), national_length: 9 };
        assert_eq!(ua.normalize("067 111 22 33").unwrap(), "380671112233");
    }

    #[test]
    fn formats_for_people() {
        assert_eq!(format_for_people("79991234567"), "+7 999 123-45-67");
        assert_eq!(format_for_people("74951234567"), "+7 495 123-45-67");
        assert_eq!(format_for_people("100"), "100");
        assert_eq!(format_for_people("anonymous"), "anonymous");
    }

    #[test]
    fn formats_each_country_by_its_own_grouping() {
        for (e164, shown) in [
            // UK: London numbers are 20 + 8 digits, grouped 4-4.
            ("442037691880", "+44 20 3769 1880"),
            ("447911123456", "+44 7911 123456"),
            // Ukraine: operator code, then 3-2-2.
            ("380671112233", "+380 67 111 2233"),
            ("380441234567", "+380 44 123 4567"),
            // Portugal: 3-3-3.
            ("351212345678", "+351 21 234 5678"),
            ("351912345678", "+351 912 345 678"),
            // France: pairs.
            ("33123456789", "+33 1 23 45 67 89"),
            ("33612345678", "+33 6 12 34 56 78"),
            // North America: area code, then 3-4 with a dash.
            ("16502530000", "+1 650-253-0000"),
            ("12125551234", "+1 212-555-1234"),
            // Germany, for a variable-length plan.
            ("4930123456", "+49 30 123456"),
        ] {
            assert_eq!(format_for_people(e164), shown, "{e164}");
        }
    }

    #[test]
    fn numbers_no_country_covers_still_read_as_international() {
        // Country code 999 does not exist: nothing to group by, so just the + in front.
        assert_eq!(format_for_people("99912345678"), "+99912345678");
        // Seven digits is already a phone number, not an extension.
        assert!(format_for_people("4420376").starts_with('+'));
    }
}
