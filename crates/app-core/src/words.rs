//! Every sentence the desktop shows people, in one place: a [`WordCode`] and its parameters,
//! rendered in English here. The code and parameters travel with the English to the windows
//! (`Words` is what commands answer and views carry), so a later catalogue in `ui/` can word
//! them in the user's language. Parameters are data (numbers, names, a path, the relay's or the
//! OS's own detail), never sentences of ours; words about words go in `cause`.

use std::collections::BTreeMap;

use callcard_protocol::{ErrorCode, ErrorParams};
use serde::Serialize;
use ts_rs::TS;

/// What to say. The parameters each code takes are named in its comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WordCode {
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

/// Words for people: a code, its parameters, and their English rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Words {
    pub code: WordCode,
    pub params: BTreeMap<String, String>,
    /// Words these words are about ("Reconnecting: <cause>"), worded on their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub cause: Option<Box<Words>>,
    /// In English (what every window shows until the UI has catalogues).
    pub message: String,
}

impl Words {
    pub fn new(code: WordCode) -> Words {
        Words { code, params: BTreeMap::new(), cause: None, message: english(code, &BTreeMap::new(), None) }
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

    fn reword(mut self) -> Words {
        self.message = english(self.code, &self.params, self.cause.as_deref());
        self
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

/// `base: detail.`, or `base.` without a detail.
fn with_detail(base: &str, detail: &str) -> String {
    let detail = detail.trim().trim_end_matches('.');
    if detail.is_empty() {
        format!("{base}.")
    } else {
        format!("{base}: {detail}.")
    }
}

/// A sentence as part of another: "Cannot reach the relay: x." → "cannot reach the relay: x"
/// (an acronym such as "PBX" keeps its capitals).
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

fn english(code: WordCode, params: &BTreeMap<String, String>, cause: Option<&Words>) -> String {
    use WordCode::*;
    let p = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    let hidden = |name: &str| params.get(name).cloned().unwrap_or_else(|| "a hidden number".to_string());
    let cause = || cause.map(|c| clause(&c.message)).unwrap_or_default();
    match code {
        CardRinging => format!("Incoming call from {}", hidden("number")),
        CardCalling => format!("Calling {}", hidden("who")),
        CardTalking => format!("Talking with {}", hidden("who")),
        CardEnded => format!("Call with {} ended", hidden("who")),

        MissedCallTitle => "Missed call".into(),
        MissedCallBody => match (params.get("name"), params.get("number")) {
            (Some(name), Some(number)) => format!("Missed call from {name}, {number}"),
            (Some(who), None) | (None, Some(who)) => format!("Missed call from {who}"),
            (None, None) => "Missed call from a hidden number".into(),
        },
        CallBack => "Call back".into(),

        TrayStarting => "Callcard: starting".into(),
        TrayConnected => "Callcard: Connected".into(),
        TrayConnectedDoNotDisturb => "Callcard: Connected, do not disturb".into(),
        TrayConnecting => "Callcard: Connecting…".into(),
        TrayReconnecting => format!("Callcard: Reconnecting: {}", cause()),
        TrayTokenRefused => format!("Callcard: Token refused: {}", cause()),
        TrayIncompatibleRelay => format!("Callcard: Incompatible relay: {}", cause()),
        TrayNotSetUp => "Callcard: Not set up".into(),
        MenuOpen => "Open Callcard".into(),
        MenuDial => "Dial…".into(),
        MenuDoNotDisturb => "Do not disturb".into(),
        MenuQuit => "Quit".into(),
        DialerWindowTitle => "Callcard: dial".into(),

        RelayAddressInvalid => with_detail(&format!("The relay address {:?} is not valid", p("address")), p("detail")),
        RelayAddressNotHttp => {
            format!("The relay address {:?} is not valid: expected http://host:port or https://host.", p("address"))
        }
        RelayUnreachable => with_detail("Cannot reach the relay", p("detail")),
        RelayTimedOut => format!("Cannot reach the relay: no answer within {} s.", p("secs")),
        TokenRefused => "The relay refused the token (wrong, or revoked by the admin).".into(),
        ProtocolMismatch => format!(
            "This app speaks protocol {}, the relay speaks {}: update the app or the relay.",
            p("client"),
            p("relay")
        ),
        NotARelayStatus => format!("That address answers, but not as a Callcard relay (HTTP {}).", p("status")),
        NotARelayAnswer => with_detail("That address answers, but not as a Callcard relay: unexpected answer", p("detail")),
        NotARelayNoHello => "That address answers, but not as a Callcard relay: no hello on the WebSocket.".into(),
        RelaySilent => format!("The relay was silent for {} s.", p("secs")),
        RelayClosed => "The relay closed the connection.".into(),
        ConnectionLost => with_detail("The connection was lost", p("detail")),
        RelayReported => with_detail("The relay reported an error", p("detail")),
        RelayRefused => with_detail("The relay refused", p("detail")),
        RelayUnavailable => with_detail("The relay could not do it now", p("detail")),

        StorageUnavailable => "The relay's storage is unavailable: try again in a moment.".into(),
        RequestRefused => with_detail("The relay did not accept this app's request (the app may need an update)", p("detail")),
        BadPhone => with_detail("That is not a phone number", p("detail")),
        FieldRequired => format!("Fill in the {}.", p("field")),
        FieldTooLong => format!("The {} is too long ({} characters at most).", p("field"), p("max")),
        NoSuchCall => "The relay has no such call, or it is not yours to see.".into(),
        NotYourCall => "You can log outcomes only for calls you handled.".into(),
        NotAllowedToBlacklist => "Your admin has not allowed you to blacklist numbers.".into(),
        UnknownOutcome => "That outcome is not offered any more.".into(),
        KeyReused => "The relay has this click on record for another call: click again.".into(),
        NoRecording => "This call has no recording.".into(),
        RecordingNotReady => "The recording is not ready yet: try again in a minute.".into(),
        RecordingGone => "The PBX no longer has this recording (the link expired or the file was deleted).".into(),
        NoPbxUser => match params.get("provider") {
            Some(provider) => format!("You have no user on the PBX ({provider}): ask your admin to add yours."),
            None => "You have no user on the PBX: ask your admin to add yours.".into(),
        },
        NotConfigured => match params.get("what") {
            Some(what) => format!("This is not set up on the relay ({what}): ask your admin."),
            None => "This is not set up on the relay: ask your admin.".into(),
        },
        PbxRefused => with_detail("The PBX refused", p("detail")),
        PbxNoMoney => with_detail("The PBX account has no money left", p("detail")),
        PbxRateLimited => match params.get("retry_after_secs") {
            Some(secs) => format!("The PBX is taking too many requests: try again in {secs} s."),
            None => "The PBX is taking too many requests: try again in a moment.".into(),
        },
        PbxUnreachable => with_detail("The relay cannot reach the PBX", p("detail")),
        PbxBadAnswer => with_detail("The PBX gave an answer the relay cannot use", p("detail")),

        EnterRelayAddress => "Enter the relay address.".into(),
        EnterToken => "Enter the agent token your admin gave you.".into(),
        WrapUpDelayOutOfRange => format!("The wrap-up delay must be between {} and {} seconds.", p("min"), p("max")),
        SettingsNotSaved => with_detail("Cannot save the settings", p("detail")),
        SettingsUnreadable => with_detail(&format!("Cannot read {}", p("path")), p("detail")),
        SettingsDamaged => format!("{} is damaged ({}); using defaults.", p("path"), p("detail")),
        AutostartNotChanged => with_detail("Start with the session could not be changed", p("detail")),
        KeyringUnavailable => format!(
            "The system keyring is not available: {} (on Linux a Secret Service such as GNOME Keyring or KWallet must be running).",
            p("detail")
        ),
        KeyringLocked => "The system keyring is locked: unlock it and try again.".into(),
        KeyringFailed => with_detail("The system keyring failed", p("detail")),
        OutboxDamaged => format!("The outcome queue was damaged ({}); it was kept as {}.", p("detail"), p("path")),

        NotConnected => "Not connected to the relay: check the settings.".into(),
        NoNumberToSave => "This call has no number to save.".into(),
        EnterContactName => "Enter the client's name.".into(),
        CallNotListed => "This call is not in the app's list any more.".into(),
        NoteTooLong => format!("The note is too long ({} characters at most).", p("max")),
        OutcomeNotQueued => with_detail("Cannot save the outcome on this computer", p("detail")),
        OutcomeRefused => format!("The relay refused the outcome {:?}: {}.", p("label"), cause()),

        EnterNumber => "Enter a phone number.".into(),
        NotANumber => format!("{:?} is not a phone number.", p("input")),
        SoftphoneCommandInvalid => with_detail("The softphone command is not valid", p("detail")),
        SoftphoneCommandEmpty => "The softphone command is empty.".into(),
        DialStarted => format!("Calling {}: your phone rings first.", p("number")),
        HandedToSoftphone => format!("Handed {} to the softphone.", p("number")),
        NoTelHandler => format!("No program on this computer takes tel: links ({}).", p("detail")),
        SoftphoneNotStarted => with_detail(&format!("Cannot start the softphone {:?}", p("program")), p("detail")),

        BadSpeed => format!("Speed must be one of 1x, 1.5x, 2x (got {}).", p("speed")),
        UnknownPlayerAction => format!("Unknown player action {:?}.", p("action")),
        RecordingsCacheFailed => with_detail("Cannot create the recordings cache", p("detail")),
        RecordingNotWritten => with_detail("Cannot write the recording", p("detail")),
        DownloadBrokeOff => with_detail("The download broke off", p("detail")),
        DownloadCutShort => "The download was cut short; try again.".into(),
        RecordingNotOpened => with_detail("Cannot open the recording", p("detail")),
        RecordingUndecodable => {
            format!("The recording cannot be played: the file is damaged or not audio ({}).", p("detail"))
        }
        NoSoundOutput => with_detail("No sound output on this computer", p("detail")),
        SeekFailed => with_detail("Cannot jump there", p("detail")),
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
        assert_eq!(tray.message, "Callcard: Reconnecting: cannot reach the relay: connection refused (os error 111)");
        assert_eq!(tray.cause.as_deref(), Some(&cause));
        let refused = Words::new(WordCode::OutcomeRefused)
            .with("label", "Interested")
            .because(relay_error(ErrorCode::PbxRefused, &params(&[("detail", "no")]), "").unwrap());
        assert_eq!(refused.message, "The relay refused the outcome \"Interested\": the PBX refused: no.");
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
