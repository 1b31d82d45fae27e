//! Turning what the manager clicked or pasted into a number to dial, and handing it to a
//! softphone when the app is set to (mode 2). Mode 1 (PBX callback) is `RelayApi::dial`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::words::{WordCode, Words};

/// How a click on a number places the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DialMode {
    /// The PBX rings the manager's phone, then the client (`POST /api/v1/dial`).
    #[default]
    Pbx,
    /// A softphone on this computer places the call: the configured command, or the system's
    /// handler for `tel:` links.
    Softphone,
}

/// What the dialer window shows: the number being dialled and how it went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct DialerState {
    pub number: Option<String>,
    /// "Calling …: your phone rings first", or the error.
    pub message: Option<Words>,
    pub ok: bool,
    /// A call is being placed right now.
    pub busy: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialInputError {
    Empty,
    NotANumber(String),
    /// The softphone command does not split into words (an unclosed quote); the splitter's reason.
    BadCommand(String),
    EmptyCommand,
}

impl DialInputError {
    pub fn words(&self) -> Words {
        match self {
            DialInputError::Empty => Words::new(WordCode::EnterNumber),
            DialInputError::NotANumber(input) => Words::new(WordCode::NotANumber).with("input", input),
            DialInputError::BadCommand(detail) => Words::new(WordCode::SoftphoneCommandInvalid).with("detail", detail),
            DialInputError::EmptyCommand => Words::new(WordCode::SoftphoneCommandEmpty),
        }
    }
}

impl std::fmt::Display for DialInputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words().message)
    }
}

impl std::error::Error for DialInputError {}

/// The number in what was typed, pasted or linked: `+7 (999) 123-45-67`, `8 999 123 45 67`,
/// `tel:+79991234567`, `callto://+79991234567`, `sip:101@pbx.example.com`. Keeps a leading `+`
/// and the digits; the relay applies the national dialling rule.
pub fn number_from(input: &str) -> Result<String, DialInputError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DialInputError::Empty);
    }
    let lower = text.to_ascii_lowercase();
    let mut rest = text;
    for scheme in ["tel:", "callto:", "sip:", "sips:"] {
        if lower.starts_with(scheme) {
            rest = &text[scheme.len()..];
            rest = rest.trim_start_matches('/');
            break;
        }
    }
    // sip:user@host;params and tel:+7…;ext=1 — the number is the user part.
    let rest = rest.split(['@', ';', '?']).next().unwrap_or_default();
    let rest = percent_decode(rest);
    let plus = rest.trim_start().starts_with('+');
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let only_separators = rest.chars().all(|c| c.is_ascii_digit() || " +-().\u{a0}".contains(c));
    if !only_separators || !(3..=15).contains(&digits.len()) {
        return Err(DialInputError::NotANumber(input.trim().to_string()));
    }
    Ok(if plus { format!("+{digits}") } else { digits })
}

fn percent_decode(text: &str) -> String {
    // Links from browsers encode `+` and spaces; nothing else matters for a number.
    text.replace("%2B", "+").replace("%2b", "+").replace("%20", " ")
}

/// The program and arguments a softphone command template runs for `number`: `{number}` is
/// replaced wherever it appears, or the number is added as the last argument.
pub fn softphone_command(template: &str, number: &str) -> Result<(String, Vec<String>), DialInputError> {
    let words = shell_words::split(template).map_err(|e| DialInputError::BadCommand(e.to_string()))?;
    let Some((program, args)) = words.split_first() else {
        return Err(DialInputError::EmptyCommand);
    };
    let mut args: Vec<String> = args.to_vec();
    if template.contains("{number}") {
        args.iter_mut().for_each(|a| *a = a.replace("{number}", number));
    } else {
        args.push(number.to_string());
    }
    Ok((program.replace("{number}", number), args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_human_input_and_links() {
        for (input, expected) in [
            ("+7 (999) 123-45-67", "+79991234567"),
            ("8 999 123 45 67", "89991234567"),
            ("tel:+79991234567", "+79991234567"),
            ("TEL:+7-999-123-45-67", "+79991234567"),
            ("callto://+79991234567", "+79991234567"),
            ("callto:79991234567", "79991234567"),
            ("sip:101@pbx.example.com", "101"),
            ("sip:%2B79991234567@pbx.example.com;transport=tcp", "+79991234567"),
            ("tel:+79991234567;ext=12", "+79991234567"),
        ] {
            assert_eq!(number_from(input).as_deref(), Ok(expected), "{input}");
        }
        for bad in ["", "  ", "hello", "sip:alice@example.com", "12", "+7 999 123 45 67 89 00 11", "7999x1234567"] {
            assert!(number_from(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn softphone_templates() {
        assert_eq!(
            softphone_command("microsip.exe {number}", "+79991234567").unwrap(),
            ("microsip.exe".to_string(), vec!["+79991234567".to_string()])
        );
        assert_eq!(
            softphone_command("'/opt/Zoiper 5/zoiper' --dial=sip:{number}@pbx", "101").unwrap(),
            ("/opt/Zoiper 5/zoiper".to_string(), vec!["--dial=sip:101@pbx".to_string()])
        );
        assert_eq!(softphone_command("linphone -c", "101").unwrap().1, ["-c", "101"]);
        assert_eq!(softphone_command("", "101"), Err(DialInputError::EmptyCommand));
        assert!(softphone_command("'unclosed", "101").is_err());
    }
}
