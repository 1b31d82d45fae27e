//! Every sentence the desktop's Rust side shows people, in one place: a [`WordCode`] and its
//! parameters, worded by the app's catalogue (`ui/locales/<language>/app.ftl`, message
//! `word-<code>`) in the language the app speaks ([`crate::language`]). The code and parameters
//! travel with the words to the windows (`Words` is what commands answer and views carry).
//! Parameters are data (numbers, names, a path, the relay's or the OS's own detail), never
//! sentences of ours; words about words go in `cause`.

use std::collections::BTreeMap;

use callcard_i18n::{Catalogue, FluentArgs};
use callcard_protocol::{ErrorCode, ErrorParams};
use serde::Serialize;
use ts_rs::TS;

/// Declares [`WordCode`] and the list of all its values (the catalogue tests word every one).
macro_rules! word_codes {
    ($($(#[$meta:meta])* $code:ident,)*) => {
        /// What to say. The parameters each code takes are named in its comment.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum WordCode {
            $($(#[$meta])* $code,)*
        }

        impl WordCode {
            pub const ALL: &'static [WordCode] = &[$(WordCode::$code,)*];
        }
    };
}

word_codes! {
    // Card titles: `number` or `who` (the client's name, else number), absent for a hidden number.
    /// `number`
    CardRinging,
    /// `who`
    CardCalling,
    /// `who`
    CardTalking,
    /// `who`
    CardEnded,

    // The missed-call notification.
    MissedCallTitle,
    /// `name`, `number` (either may be absent)
    MissedCallBody,
    CallBack,

    // The tray: tooltips (cause: why) and menu, the dialer window's title.
    TrayStarting,
    TrayConnected,
    TrayConnectedDoNotDisturb,
    TrayConnecting,
    /// cause
    TrayReconnecting,
    /// cause
    TrayTokenRefused,
    /// cause
    TrayIncompatibleRelay,
    TrayNotSetUp,
    MenuOpen,
    MenuDial,
    MenuDoNotDisturb,
    MenuQuit,
    DialerWindowTitle,

    // Talking to the relay.
    /// `address`, `detail`
    RelayAddressInvalid,
    /// `address`
    RelayAddressNotHttp,
    /// `detail`
    RelayUnreachable,
    /// `secs`
    RelayTimedOut,
    TokenRefused,
    /// `client`, `relay`: the protocol versions
    ProtocolMismatch,
    /// `status`
    NotARelayStatus,
    /// `detail`
    NotARelayAnswer,
    NotARelayNoHello,
    /// `secs`
    RelaySilent,
    RelayClosed,
    /// `detail`
    ConnectionLost,
    /// `detail`: the relay's sentence, for a code this version has no words for
    RelayReported,
    /// `detail`: the relay's sentence (a 4xx answer without a known code)
    RelayRefused,
    /// `detail`: the relay's sentence (a 5xx answer without a known code)
    RelayUnavailable,

    // Errors the relay reports by code (`callcard_protocol::ErrorCode`), same names where one
    // code has its own words.
    StorageUnavailable,
    /// `detail`: the relay's sentence (the app sent something the relay does not take)
    RequestRefused,
    /// `detail`
    BadPhone,
    /// `field`
    FieldRequired,
    /// `field`, `max`
    FieldTooLong,
    NoSuchCall,
    NotYourCall,
    /// The admin has not given this agent the blacklist button.
    NotAllowedToBlacklist,
    UnknownOutcome,
    KeyReused,
    NoRecording,
    RecordingNotReady,
    RecordingGone,
    /// `provider`
    NoPbxUser,
    /// `what`
    NotConfigured,
    /// `detail`
    PbxRefused,
    /// `detail`
    PbxNoMoney,
    /// `retry_after_secs` (may be absent)
    PbxRateLimited,
    /// `detail`
    PbxUnreachable,
    /// `detail`
    PbxBadAnswer,

    // Settings and files on this computer.
    EnterRelayAddress,
    EnterToken,
    /// `min`, `max`
    WrapUpDelayOutOfRange,
    /// `detail`
    SettingsNotSaved,
    /// `path`, `detail`
    SettingsUnreadable,
    /// `path`, `detail`
    SettingsDamaged,
    /// `language`: a language code the app has no catalogue for
    UnknownLanguage,
    /// `detail`
    AutostartNotChanged,
    /// `detail`
    KeyringUnavailable,
    KeyringLocked,
    /// `detail`
    KeyringFailed,
    /// `path`, `detail`
    OutboxDamaged,

    // Calls, contacts, outcomes.
    NotConnected,
    NoNumberToSave,
    EnterContactName,
    CallNotListed,
    /// `max`
    NoteTooLong,
    /// `detail`
    OutcomeNotQueued,
    /// `label`; cause: the relay's reason
    OutcomeRefused,

    // Dialling.
    EnterNumber,
    /// `input`
    NotANumber,
    /// `detail`
    SoftphoneCommandInvalid,
    SoftphoneCommandEmpty,
    /// `number`
    DialStarted,
    /// `number`
    HandedToSoftphone,
    /// `detail`
    NoTelHandler,
    /// `program`, `detail`
    SoftphoneNotStarted,

    // The recording player.
    /// `speed`
    BadSpeed,
    /// `action`
    UnknownPlayerAction,
    /// `detail`
    RecordingsCacheFailed,
    /// `detail`
    RecordingNotWritten,
    /// `detail`
    DownloadBrokeOff,
    DownloadCutShort,
    /// `detail`
    RecordingNotOpened,
    /// `detail`
    RecordingUndecodable,
    /// `detail`
    NoSoundOutput,
    /// `detail`
    SeekFailed,
}

/// Words for people: a code, its parameters, and what they say in the app's language.
#[derive(Debug, Clone, PartialEq, Eq, TS)]
pub struct Words {
    pub code: WordCode,
    pub params: BTreeMap<String, String>,
    /// Words these words are about ("Reconnecting: <cause>"), worded on their own.
    #[ts(optional)]
    pub cause: Option<Box<Words>>,
    /// What they say, in the language the app speaks when they are sent (a window shows this).
    pub message: String,
}

impl Words {
    pub fn new(code: WordCode) -> Words {
        Words { code, params: BTreeMap::new(), cause: None, message: String::new() }.reword()
    }

    /// Adds a parameter.
    pub fn with(mut self, name: &str, value: impl ToString) -> Words {
        self.params.insert(name.to_string(), value.to_string());
        self.reword()
    }

    /// Adds a parameter if there is a value.
    pub fn with_some(self, name: &str, value: Option<impl ToString>) -> Words {
        match value {
            Some(value) => self.with(name, value),
            None => self,
        }
    }

    pub fn because(mut self, cause: Words) -> Words {
        self.cause = Some(Box::new(cause));
        self.reword()
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// What these words say in `catalogue`'s language.
    pub fn say_in(&self, catalogue: &Catalogue) -> String {
        let mut args = FluentArgs::new();
        for name in OPTIONAL {
            let given = self.params.get(name).is_some_and(|v| !v.is_empty());
            args.set(format!("has_{name}"), if given { "yes" } else { "no" });
        }
        for (name, value) in &self.params {
            match value.parse::<f64>() {
                Ok(number) if NUMBERS.contains(&name.as_str()) => args.set(name.clone(), number),
                _ => args.set(name.clone(), value.clone()),
            }
        }
        let cause = self.cause.as_ref().map(|c| clause(&c.say_in(catalogue)));
        args.set("cause", cause.unwrap_or_default());
        catalogue.format(&message_id(self.code), Some(&args))
    }

    fn reword(mut self) -> Words {
        self.message = self.say_in(&crate::language::catalogue());
        self
    }
}

/// Parameters that may be absent: messages choose their sentence by `$has_<name>` (yes/no).
const OPTIONAL: [&str; 7] = ["number", "who", "name", "detail", "provider", "what", "retry_after_secs"];
/// Parameters that are counts or amounts: passed as numbers, so plurals can choose by them.
const NUMBERS: [&str; 4] = ["secs", "min", "max", "retry_after_secs"];

/// The catalogue's message for `code`: `word-` and the code as the wire spells it, dashed.
pub fn message_id(code: WordCode) -> String {
    let wire = serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    format!("word-{}", wire.replace('_', "-"))
}

/// The words go to the windows in the language the app speaks at that moment: a window opened
/// after the language changed shows them in the new one.
impl Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Words", if self.cause.is_some() { 4 } else { 3 })?;
        out.serialize_field("code", &self.code)?;
        out.serialize_field("params", &self.params)?;
        if let Some(cause) = &self.cause {
            out.serialize_field("cause", cause)?;
        }
        out.serialize_field("message", &self.say_in(&crate::language::catalogue()))?;
        out.end()
    }
}

impl std::fmt::Display for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Words for an error the relay reported by `code` (REST `ApiError`, WebSocket `error`).
/// `None` for a code this version does not know, or one sent without the parameters its words
/// need: the caller then shows the relay's own sentence.
pub fn relay_error(code: ErrorCode, params: &ErrorParams, sentence: &str) -> Option<Words> {
    use ErrorCode as E;
    use WordCode as W;
    let has = |name: &str| params.get(name).is_some_and(|v| !v.is_empty());
    let pass = |words: Words, names: &[&str]| {
        names.iter().fold(words, |w, name| w.with_some(name, params.get(*name).filter(|v| !v.is_empty())))
    };
    let words = match code {
        E::ProtocolMismatch if has("client") && has("relay") => {
            pass(Words::new(W::ProtocolMismatch), &["client", "relay"])
        }
        E::ProtocolMismatch => return None,
        E::Unauthorized | E::MissingToken | E::InvalidToken => Words::new(W::TokenRefused),
        E::Internal | E::StorageUnavailable => Words::new(W::StorageUnavailable),
        // The app sent something the relay does not take: only an update helps; the relay's
        // sentence says what.
        E::BadMessage
        | E::BadQuery
        | E::BadBody
        | E::BadLimit
        | E::BadId
        | E::ExpectedWebsocket
        | E::BodyTooLarge
        | E::UnsupportedMediaType
        | E::UnreadableBody
        | E::NoSuchEndpoint
        | E::MethodNotAllowed
        | E::WebhookRefused
        | E::UnknownWebhook
        | E::SourceNotAllowed
        // The admin API's: the app does not call it, so only a newer app's request gets them.
        | E::NotAdmin
        | E::SessionExpired
        | E::CsrfRefused
        | E::UnknownSetting
        | E::BadSetting
        | E::NoSuchAgent
        | E::UnknownProvider
        | E::PbxUserTaken
        | E::BadRole
        | E::NoSuchContact
        | E::NoSuchOutcome
        | E::NoSuchLine
        | E::BadField => Words::new(W::RequestRefused).with("detail", sentence),
        E::BadPhone => pass(Words::new(W::BadPhone), &["detail"]),
        E::FieldRequired if has("field") => pass(Words::new(W::FieldRequired), &["field"]),
        E::FieldTooLong if has("field") && has("max") => pass(Words::new(W::FieldTooLong), &["field", "max"]),
        E::FieldRequired | E::FieldTooLong => return None,
        E::NoSuchCall => Words::new(W::NoSuchCall),
        E::NotYourCall => Words::new(W::NotYourCall),
        E::NotAllowed => Words::new(W::NotAllowedToBlacklist),
        E::UnknownOutcome => Words::new(W::UnknownOutcome),
        E::KeyReused => Words::new(W::KeyReused),
        E::NoRecording => Words::new(W::NoRecording),
        E::RecordingNotReady => Words::new(W::RecordingNotReady),
        E::RecordingGone => Words::new(W::RecordingGone),
        E::NoPbxUser => pass(Words::new(W::NoPbxUser), &["provider"]),
        E::NotConfigured => pass(Words::new(W::NotConfigured), &["what"]),
        E::PbxRefused => pass(Words::new(W::PbxRefused), &["detail"]),
        E::PbxNoMoney => pass(Words::new(W::PbxNoMoney), &["detail"]),
        E::PbxRateLimited => pass(Words::new(W::PbxRateLimited), &["retry_after_secs"]),
        E::PbxUnreachable => pass(Words::new(W::PbxUnreachable), &["detail"]),
        E::PbxBadAnswer => pass(Words::new(W::PbxBadAnswer), &["detail"]),
        E::Unknown => return None,
    };
    Some(words)
}

/// A sentence as part of another: "Cannot reach the relay: x." → "cannot reach the relay: x"
/// (an acronym such as "PBX" or "АТС" keeps its capitals).
fn clause(sentence: &str) -> String {
    let sentence = sentence.trim_end_matches('.');
    let mut chars = sentence.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(sentence.chars().skip(1)).collect()
        }
        _ => sentence.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> ErrorParams {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn known_relay_codes_are_worded_from_code_and_params_not_from_the_sentence() {
        let words =
            relay_error(ErrorCode::PbxRateLimited, &params(&[("retry_after_secs", "30")]), "slow down").unwrap();
        assert_eq!(words.code, WordCode::PbxRateLimited);
        assert_eq!(words.param("retry_after_secs"), Some("30"));
        assert_eq!(words.message, "The PBX is taking too many requests: try again in 30 s.");
        let words = relay_error(ErrorCode::NoPbxUser, &params(&[("provider", "uis")]), "whatever").unwrap();
        assert_eq!(words.message, "You have no user on the PBX (uis): ask your admin to add yours.");
        let words = relay_error(ErrorCode::NotYourCall, &params(&[]), "agents may only…").unwrap();
        assert_eq!(words.message, "You can log outcomes only for calls you handled.");
        let words = relay_error(ErrorCode::RecordingGone, &params(&[]), "gone").unwrap();
        assert!(words.message.contains("no longer has this recording"), "{words}");
        let words = relay_error(ErrorCode::NotConfigured, &params(&[("what", "click-to-call")]), "x").unwrap();
        assert_eq!(words.message, "This is not set up on the relay (click-to-call): ask your admin.");
    }

    #[test]
    fn unknown_codes_and_codes_missing_their_params_leave_it_to_the_relays_sentence() {
        assert_eq!(relay_error(ErrorCode::Unknown, &params(&[]), "quantum flux"), None);
        assert_eq!(relay_error(ErrorCode::ProtocolMismatch, &params(&[]), "relay speaks 3"), None);
        let words = relay_error(ErrorCode::ProtocolMismatch, &params(&[("client", "1"), ("relay", "3")]), "").unwrap();
        assert_eq!(words.message, "This app speaks protocol 1, the relay speaks 3: update the app or the relay.");
        // A rate limit without its delay still says what to do.
        let words = relay_error(ErrorCode::PbxRateLimited, &params(&[]), "").unwrap();
        assert_eq!(words.message, "The PBX is taking too many requests: try again in a moment.");
    }

    #[test]
    fn causes_read_as_part_of_the_sentence_that_carries_them() {
        let cause = Words::new(WordCode::RelayUnreachable).with("detail", "connection refused (os error 111)");
        assert_eq!(cause.message, "Cannot reach the relay: connection refused (os error 111).");
        let tray = Words::new(WordCode::TrayReconnecting).because(cause.clone());
        assert_eq!(tray.message, "Callcard: reconnecting: cannot reach the relay: connection refused (os error 111)");
        assert_eq!(tray.cause.as_deref(), Some(&cause));
        let refused = Words::new(WordCode::OutcomeRefused)
            .with("label", "Interested")
            .because(relay_error(ErrorCode::PbxRefused, &params(&[("detail", "no")]), "").unwrap());
        assert_eq!(refused.message, "The relay refused the outcome “Interested”: the PBX refused: no.");
    }

    #[test]
    fn titles_name_a_hidden_number_when_there_is_none() {
        assert_eq!(Words::new(WordCode::CardTalking).with("who", "Ivan Petrov").message, "Talking with Ivan Petrov");
        assert_eq!(Words::new(WordCode::CardRinging).message, "Incoming call from a hidden number");
        assert_eq!(
            Words::new(WordCode::MissedCallBody).with("name", "Olga").with("number", "+7 903 555-00-01").message,
            "Missed call from Olga, +7 903 555-00-01"
        );
    }

    #[test]
    fn every_code_has_its_message_and_says_it_in_each_language() {
        use callcard_i18n::{Surface, LANGUAGES};
        let english = Catalogue::new("en", Surface::App);
        for code in WordCode::ALL {
            assert!(english.has(&message_id(*code)), "no message {} for {code:?}", message_id(*code));
        }
        for language in LANGUAGES {
            let catalogue = Catalogue::new(language, Surface::App);
            for code in WordCode::ALL {
                let mut words = Words::new(*code).with("secs", 5).with("min", 1).with("max", 5);
                for name in [
                    "detail", "address", "client", "relay", "status", "field", "label", "input", "number", "program",
                    "speed", "action", "path", "language", "who", "name", "provider", "what",
                ] {
                    words = words.with(name, "x");
                }
                let said = words.say_in(&catalogue);
                assert!(!said.starts_with("word-") && !said.contains("{$"), "{language}: {code:?} says {said:?}");
            }
        }
        let ru = Catalogue::new("ru", Surface::App);
        let talking = Words::new(WordCode::CardTalking).with("who", "Иван Петров");
        assert!(talking.say_in(&ru).contains("Иван Петров"), "{}", talking.say_in(&ru));
        assert_ne!(talking.say_in(&ru), talking.say_in(&english));
        // A cause is worded in the same language as the words that carry it.
        let tray = Words::new(WordCode::TrayReconnecting).because(Words::new(WordCode::RelayClosed));
        let said = tray.say_in(&ru);
        assert!(!said.contains("relay") && !said.contains("closed"), "{said}");
    }

    #[test]
    fn words_serialise_as_code_params_and_message() {
        let json = serde_json::to_value(Words::new(WordCode::NoteTooLong).with("max", 500)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "note_too_long",
                "params": {"max": "500"},
                "message": "The note is too long (500 characters at most)."
            })
        );
    }
}
