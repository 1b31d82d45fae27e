//! The simulated Ringostat project (PROTOCOLS.md §4): how the customer set up its Webhooks 2.0
//! (format, key names, date format) and its webhook number, and what the fake API accepts.

use serde::{Deserialize, Serialize};

/// How a webhook's parameters travel (a per-webhook setting in the cabinet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RingostatFormat {
    /// POST `application/json`, every value a string.
    Json,
    /// POST `application/x-www-form-urlencoded`.
    Form,
    /// GET with the parameters in the query string.
    Get,
}

/// Which names the customer gave the parameters (§4.3: integrations disagree on every key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RingostatKeys {
    /// `uniqueid`, `call_type`, `calldate`, `caller`, `dst`, `disposition`, …
    Default,
    /// `call_id`, `type` (IN/OUT), `call_date`, `caller_number`, `destination`, `status`, …
    Alternate,
}

/// How dates are written (a per-webhook setting, §4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RingostatDateFormat {
    /// `2024-06-03 09:20:11` in the project's zone.
    Plain,
    /// `2019-06-02T09:30:47+0300`.
    Iso,
    /// `call_timestamp` in microseconds instead of a date.
    Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RingostatAccount {
    /// The secret in every webhook's path: `/hooks/ringostat/{webhook_secret}/{event}`.
    pub webhook_secret: String,
    /// The `Auth-key` header the fake API requires.
    pub auth_key: String,
    /// The project id (`projectId` of click-to-call and contact sync, `x-project-id`).
    pub project_id: String,
    pub format: RingostatFormat,
    pub keys: RingostatKeys,
    /// Incoming `caller` as `"Name" <number>`, HTML-escaped in every second call.
    pub caller_display: bool,
    pub date_format: RingostatDateFormat,
    /// The project's zone: plain and ISO dates are in it.
    pub timezone: String,
    /// The JSON key the webhook number's answer is read under; empty: the plain body.
    pub route_response_key: String,
    /// How long the webhook-number request waits before the scheme moves on.
    pub route_timeout_ms: u64,
    /// `Api\V2\Callback.external` requests per minute before `-32029`.
    pub rate_limit_per_minute: u32,
    pub callback_ring_secs: f64,
    pub callback_talk_secs: f64,
}

impl Default for RingostatAccount {
    fn default() -> Self {
        RingostatAccount {
            webhook_secret: "sim_ringostat_secret_0123456789".into(),
            auth_key: "sim_ringostat_auth_key".into(),
            project_id: "12345".into(),
            format: RingostatFormat::Json,
            keys: RingostatKeys::Default,
            caller_display: false,
            date_format: RingostatDateFormat::Plain,
            timezone: "Europe/Kyiv".into(),
            route_response_key: "destination".into(),
            route_timeout_ms: 1500,
            rate_limit_per_minute: 60,
            callback_ring_secs: 2.0,
            callback_talk_secs: 8.0,
        }
    }
}
