//! UIS's Call API (click-to-call: `start.employee_call`) and Data API (who talked:
//! `get.call_legs_report`; recordings: `get.calls_report`; employees and their numbers:
//! `get.employees`). PROTOCOLS.md §3.7–3.9.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;
use callcard_pbx::uis::{dialable, PhoneBook};
use callcard_pbx::Webhook;
use callcard_protocol::{Call, Disposition};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::legs::{facts_from_legs, talked_legs_filter};
use super::rpc::{failed, Credentials, Endpoint};
use super::settings::UisSettings;
use crate::providers::recordings::{check, get, is_gone, on_hosts, send};
use crate::providers::{Balance, FollowUp, Http, PbxError, PbxUser, ProviderApi};

/// The Data API takes local times without a zone.
const REPORT_TIME: &str = "%Y-%m-%d %H:%M:%S";

pub struct UisApi {
    call_api: Endpoint,
    data_api: Endpoint,
    http: Http,
    virtual_phone_number: String,
    timezone: chrono_tz::Tz,
    can_dial: bool,
    phones: PhoneBook,
    /// The admin's numbers (`[uis] employee_phones`): they win over `get.employees`.
    configured_phones: BTreeMap<String, String>,
    /// Hosts recording links may point at (see `UisSettings::recording_hosts`).
    recording_hosts: Vec<String>,
    /// Fresh recording links by call id (`full_record_file_link`), lost on restart.
    links: Mutex<HashMap<i64, String>>,
}

impl UisApi {
    pub fn new(http: &Http, settings: &UisSettings, phones: PhoneBook) -> UisApi {
        let credentials = if !settings.access_token.is_empty() {
            Credentials::Key(settings.access_token.clone())
        } else if !settings.login.is_empty() && !settings.password.is_empty() {
            Credentials::Login { login: settings.login.clone(), password: settings.password.clone() }
        } else {
            Credentials::None
        };
        let (call_url, data_url) = settings.api_urls();
        for (employee, phone) in &settings.employee_phones {
            phones.set(employee, dialable(phone).into_iter().collect());
        }
        UisApi {
            call_api: Endpoint::new(http, call_url, credentials.clone()),
            data_api: Endpoint::new(http, data_url, credentials),
            http: http.clone(),
            virtual_phone_number: settings.virtual_phone_number.clone(),
            timezone: settings.timezone().unwrap_or(chrono_tz::Europe::Moscow),
            can_dial: settings.has_credentials() && !settings.virtual_phone_number.is_empty(),
            phones,
            configured_phones: settings.employee_phones.clone(),
            recording_hosts: settings.recording_hosts(),
            links: Mutex::default(),
        }
    }

    /// `date_from`/`date_till` around a call: from a day before it started to two days after
    /// (never past a minute from now); the Data API takes at most 3 months per request.
    fn report_span(&self, started: Option<DateTime<Utc>>) -> (String, String) {
        let now = Utc::now();
        let started = started.unwrap_or(now);
        let from = started - Duration::days(1);
        let till = (started + Duration::days(2)).min(now + Duration::minutes(1)).max(from + Duration::minutes(1));
        let local = |t: DateTime<Utc>| t.with_timezone(&self.timezone).format(REPORT_TIME).to_string();
        (local(from), local(till))
    }

    /// Whether `link` is on UIS's own hosts (or the configured API's).
    fn trusted(&self, link: &str) -> bool {
        on_hosts(link, &self.recording_hosts)
    }

    /// A recording link for the call from `get.calls_report`: the merged file's link, which
    /// the Data API gives fresh on every answer.
    async fn fresh_link(&self, call: &Call) -> Result<String, PbxError> {
        let (date_from, date_till) = self.report_span(Some(call.started_at));
        let id: Value = call
            .provider_call_id
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| call.provider_call_id.clone().into());
        let data = self
            .data_api
            .call(
                "get.calls_report",
                json!({
                    "date_from": date_from,
                    "date_till": date_till,
                    "filter": {"field": "id", "operator": "=", "value": id},
                    "fields": ["id", "full_record_file_link", "call_records"]
                }),
            )
            .await
            .map_err(|f| failed(f, ""))?;
        let link = rows(&data)
            .first()
            .and_then(|row| row.get("full_record_file_link"))
            .and_then(Value::as_str)
            .filter(|l| !l.is_empty())
            .ok_or_else(|| PbxError::NotFound("UIS lists no recording for this call".into()))?
            .to_string();
        if !self.trusted(&link) {
            return Err(PbxError::BadAnswer("the Data API's recording link is not on UIS's hosts".into()));
        }
        self.links.lock().unwrap_or_else(|p| p.into_inner()).insert(call.id, link.clone());
        Ok(link)
    }
}

/// The `data` rows of a report answer (`{"data": [...]}`), or the answer itself if it is a list.
fn rows(data: &Value) -> Vec<Value> {
    data.get("data").and_then(Value::as_array).or_else(|| data.as_array()).cloned().unwrap_or_default()
}

#[async_trait]
impl ProviderApi for UisApi {
    fn can_dial(&self) -> bool {
        self.can_dial
    }

    /// `start.employee_call`: the employee's phone first, then the client, shown the
    /// configured virtual number.
    async fn dial(&self, from: &str, to: &str) -> Result<(), PbxError> {
        if self.virtual_phone_number.is_empty() {
            return Err(PbxError::NotConfigured("[uis] virtual_phone_number"));
        }
        let employee: Value = from.parse::<i64>().map(Value::from).unwrap_or_else(|_| from.into());
        let params = json!({
            "first_call": "employee",
            "virtual_phone_number": self.virtual_phone_number,
            "contact": to,
            "employee": {"id": employee},
            "direction": "out"
        });
        self.call_api.call("start.employee_call", params).await.map(|_| ()).map_err(|f| failed(f, from))
    }

    /// The `file_link` of the recording notification, else (or once it stops working) a fresh
    /// link from the Data API.
    async fn recording(&self, call: &Call, range: Option<&[u8]>) -> Result<reqwest::Response, PbxError> {
        let known = self.links.lock().unwrap_or_else(|p| p.into_inner()).get(&call.id).cloned();
        let known = known.or_else(|| call.recording.as_ref().and_then(|r| r.url.clone()));
        let known = known.filter(|url| {
            let trusted = self.trusted(url);
            if !trusted {
                tracing::warn!(call = call.id, "UIS recording link is not on UIS's hosts; not fetched");
            }
            trusted
        });
        if let Some(url) = known {
            let response = send(get(&self.http.download, &url, range)).await?;
            if !is_gone(response.status()) {
                return check(response);
            }
            tracing::info!(call = call.id, "UIS recording link gone; asking the Data API for a fresh one");
        }
        let url = self.fresh_link(call).await?;
        check(send(get(&self.http.download, &url, range)).await?)
    }

    async fn balance(&self) -> Result<Balance, PbxError> {
        Err(PbxError::Unsupported("balance"))
    }

    /// `get.employees`: webhooks name employees by id. Also refreshes their numbers for routing.
    async fn users(&self) -> Result<Vec<PbxUser>, PbxError> {
        let data = self.data_api.call("get.employees", json!({})).await.map_err(|f| failed(f, ""))?;
        let mut users = vec![];
        for employee in rows(&data) {
            let Some(id) = employee
                .get("id")
                .and_then(|v| v.as_i64().map(|n| n.to_string()).or_else(|| v.as_str().map(str::to_string)))
            else {
                continue;
            };
            let phones: Vec<String> = employee
                .get("phone_numbers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|p| p.get("status").and_then(Value::as_str).is_none_or(|s| s == "active"))
                .filter_map(|p| p.get("phone_number").and_then(Value::as_str).and_then(dialable))
                .collect();
            if !self.configured_phones.contains_key(&id) {
                self.phones.set(&id, phones);
            }
            let name = employee.get("full_name").and_then(Value::as_str).map(str::to_string);
            users.push(PbxUser { id, name });
        }
        Ok(users)
    }

    /// A finished call that was not lost: who talked, for how long, which recordings.
    fn follows_up(&self, webhook: &Webhook) -> bool {
        webhook.event == "ended" && webhook.facts.as_ref().is_some_and(|f| f.disposition == Some(Disposition::Answered))
    }

    async fn follow_up(&self, webhook: &Webhook) -> Result<Option<FollowUp>, PbxError> {
        let Some(facts) = &webhook.facts else { return Ok(None) };
        let (date_from, date_till) = self.report_span(facts.started_at);
        let params = json!({
            "date_from": date_from,
            "date_till": date_till,
            "filter": talked_legs_filter(&facts.call_id),
        });
        let data = self.data_api.call("get.call_legs_report", params).await.map_err(|f| failed(f, ""))?;
        let legs = rows(&data);
        let Some(mut more) = facts_from_legs(&facts.call_id, &legs) else { return Ok(None) };
        // The notification's talk time is the session's own; the legs' sum counts a transfer's
        // overlap twice.
        if facts.duration_secs.is_some() {
            more.duration_secs = None;
        }
        Ok(Some(FollowUp {
            event: "data_api/call_legs".into(),
            fields_json: Value::Array(legs).to_string(),
            facts: more,
        }))
    }

    /// Keeps the employees' numbers for routing fresh.
    async fn upkeep(&self) -> Result<(), PbxError> {
        match self.users().await {
            Ok(_) | Err(PbxError::NotConfigured(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_links_only_on_uis_hosts() {
        let settings = UisSettings { data_api_url: "http://127.0.0.1:9/uis/dataapi/v2.0".into(), ..Default::default() };
        let api = UisApi::new(&Http::new(), &settings, PhoneBook::default());
        assert!(api.trusted("https://media.uiscom.ru/123/abc"));
        assert!(api.trusted("https://uiscom.ru/x"));
        assert!(api.trusted("http://127.0.0.1:9/uis/media/t/r.mp3"), "the configured API's host");
        assert!(!api.trusted("http://169.254.169.254/latest/meta-data/"));
        assert!(!api.trusted("https://media.uiscom.ru.evil.example/x"));
        assert!(!api.trusted("https://evil-uiscom.ru/x"));
        assert!(!api.trusted("not a url"));
    }
}
