//! Errors on the wire: a stable machine `code` and its parameters, beside an English sentence
//! for logs and for clients that know no better. A UI words an error in its user's language from
//! `code` and `params`; it never parses `error`/`message`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Every error the relay reports, over REST (`ApiError.code`) and the WebSocket
/// (`ServerMessage::Error.code`). New codes may appear in any relay version: a client shows
/// [`ErrorCode::Unknown`] with the sentence the relay sent.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // The WebSocket session.
    /// `subscribe.protocol` is not the relay's; params `relay`, `client`.
    ProtocolMismatch,
    /// The agent's token was revoked while connected.
    Unauthorized,
    /// The first frame was not a valid `subscribe`.
    BadMessage,
    /// The relay could not read its store.
    Internal,

    // Authentication (REST).
    MissingToken,
    InvalidToken,

    // The admin console and API.
    /// A valid token or session of an agent or supervisor where an admin is needed.
    NotAdmin,
    /// The console session ended (signed out, idle too long, or its agent revoked).
    SessionExpired,
    /// A change without the session's `X-CSRF-Token`.
    CsrfRefused,
    /// No runtime setting of that name; params `name`, `known`.
    UnknownSetting,
    /// A value the setting does not take; params `name`, `detail`.
    BadSetting,
    /// No such agent, or it is revoked; param `agent`.
    NoSuchAgent,
    /// No provider of that id; params `provider`, `known`.
    UnknownProvider,
    /// Another active agent already has that PBX user; params `provider`, `user_id`, `agent`.
    PbxUserTaken,
    /// A role that is not `agent`, `supervisor` or `admin`; param `role`.
    BadRole,
    /// No contact has that number; param `phone`.
    NoSuchContact,
    /// No outcome has that code; param `code`.
    NoSuchOutcome,
    /// No label was set in the console for that line; param `did`.
    NoSuchLine,
    /// The admin has not allowed this agent to do it; param `action` (`blacklist`).
    NotAllowed,
    /// A value the field cannot take; params `field`, `detail`.
    BadField,

    // Malformed requests.
    /// A query string that does not parse; param `detail`.
    BadQuery,
    /// A JSON body that does not parse or misses fields; param `detail`.
    BadBody,
    /// `limit` out of range; params `min`, `max`.
    BadLimit,
    /// A path id that is not a number.
    BadId,
    /// A phone number that is not one; params `field`, `detail`.
    BadPhone,
    /// A required field is empty; param `field`.
    FieldRequired,
    /// A field over its length limit; params `field`, `max`.
    FieldTooLong,
    /// The request needs a WebSocket upgrade; param `detail`.
    ExpectedWebsocket,
    /// Body over `[server] max_body_bytes`.
    BodyTooLarge,
    /// A Content-Type the endpoint does not take; param `expected`.
    UnsupportedMediaType,
    /// The body could not be read or decoded at all; param `detail`.
    UnreadableBody,

    // Routing.
    NoSuchEndpoint,
    MethodNotAllowed,

    // Calls, outcomes, recordings.
    NoSuchCall,
    /// Agents may log outcomes only for calls they handled.
    NotYourCall,
    UnknownOutcome,
    /// The idempotency key was used for another call.
    KeyReused,
    NoRecording,
    RecordingNotReady,
    /// The PBX no longer has the file (expired link, deleted).
    RecordingGone,

    // Click-to-call and other PBX work; params `provider`, and as named.
    /// The agent has no user id on the dialling PBX; param `provider`.
    NoPbxUser,
    /// The feature or provider is not set up on the relay; param `what`.
    NotConfigured,
    /// The PBX refused; param `detail`.
    PbxRefused,
    /// The PBX account is out of money; param `detail`.
    PbxNoMoney,
    /// The PBX rate-limits; param `retry_after_secs`.
    PbxRateLimited,
    /// The PBX could not be reached; param `detail`.
    PbxUnreachable,
    /// The PBX answered something unusable; param `detail`.
    PbxBadAnswer,

    // Webhooks.
    /// The webhook failed its provider's authentication (signature, token, URL secret).
    WebhookRefused,
    /// No such provider, or no such event kind for it; param `known`.
    UnknownWebhook,
    /// A webhook from an address the provider's `allow_from` does not list; param `from`.
    SourceNotAllowed,

    /// The store failed; retry later.
    StorageUnavailable,

    /// A code this version does not know (sent by a newer relay).
    #[serde(other)]
    Unknown,
}

/// Parameters of an error, by name; numbers are sent as their text.
pub type ErrorParams = BTreeMap<String, String>;

/// Body of every 4xx/5xx answer of the relay's own API.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// An English sentence, for logs and clients that do not know `code`.
    pub error: String,
    /// Absent in answers of relays older than this field: read as `unknown`.
    #[serde(default = "unknown_code")]
    pub code: ErrorCode,
    #[serde(default)]
    pub params: ErrorParams,
}

fn unknown_code() -> ErrorCode {
    ErrorCode::Unknown
}

impl ApiError {
    pub fn new(code: ErrorCode, error: impl Into<String>) -> ApiError {
        ApiError { error: error.into(), code, params: ErrorParams::new() }
    }

    pub fn with(mut self, name: &str, value: impl ToString) -> ApiError {
        self.params.insert(name.to_string(), value.to_string());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_new_error_bodies_read() {
        let old: ApiError = serde_json::from_str(r#"{"error":"no such call"}"#).unwrap();
        assert_eq!((old.code, old.params.len()), (ErrorCode::Unknown, 0));
        let new: ApiError =
            serde_json::from_str(r#"{"error":"x","code":"pbx_rate_limited","params":{"retry_after_secs":"30"}}"#)
                .unwrap();
        assert_eq!(new.code, ErrorCode::PbxRateLimited);
        assert_eq!(new.params["retry_after_secs"], "30");
        let future: ApiError = serde_json::from_str(r#"{"error":"x","code":"quantum_flux","params":{}}"#).unwrap();
        assert_eq!(future.code, ErrorCode::Unknown);
    }
}
