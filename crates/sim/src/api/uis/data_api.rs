//! Data API reports (PROTOCOLS.md §3.8) over the calls the simulator played to their end:
//! `get.employees`, `get.calls_report` (one row per session) and `get.call_legs_report`.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};

use super::params::{boolean, check_keys, Params};
use super::report::{self, Row, DATE_FORMAT};
use super::rpc::RpcError;
use super::{media_link, Answer};
use crate::api::ApiState;
use crate::config::{SimAgent, SimConfig};
use crate::render::uis::session::{self, call_session_id, Leg};
use crate::state::FinishedCall;

const REPORT_PARAMS: &[&str] =
    &["access_token", "user_id", "date_from", "date_till", "fields", "filter", "sort", "limit", "offset"];

fn row(value: Value) -> Row {
    match value {
        Value::Object(map) => map,
        _ => unreachable!("rows are objects"),
    }
}

fn answer(page: report::Page) -> Result<Answer, RpcError> {
    let total = page.total;
    let mut answer = Answer::data(Value::Array(page.project()?.into_iter().map(Value::Object).collect()));
    answer.metadata.insert("total_items".into(), total.into());
    Ok(answer)
}

fn employee_row(agent: &SimAgent) -> Row {
    let mut names = agent.name.splitn(2, ' ');
    let (first, last) = (names.next().unwrap_or_default(), names.next().unwrap_or_default());
    row(json!({
        "id": agent.uis_employee_id(),
        "login": agent.login,
        "full_name": agent.name,
        "first_name": first,
        "last_name": last,
        "patronymic": null,
        "email": format!("{}@example.com", agent.login),
        "status_id": 1,
        "groups": [],
        "call_recording": "all",
        "phone_numbers": [{
            "phone_id": agent.uis_employee_id() * 10 + 1,
            "phone_number": agent.uis_phone(),
            "channels_count": 1,
            "dial_time": 20,
            "status": "active",
        }],
        "extension": {"extension_phone_number": agent.extension},
    }))
}

pub fn get_employees(config: &SimConfig, params: &Params) -> Result<Answer, RpcError> {
    check_keys(params, "", &["access_token", "user_id", "fields", "filter", "sort", "limit", "offset"], &[])?;
    answer(report::select(config.agents.iter().map(employee_row).collect(), params)?)
}

/// Times of a played call in the account's zone.
struct Clock {
    tz: Tz,
    started: DateTime<Utc>,
}

impl Clock {
    fn at(&self, offset: std::time::Duration) -> NaiveDateTime {
        let t = self.started + chrono::Duration::from_std(offset).unwrap_or_default();
        t.with_timezone(&self.tz).naive_local()
    }

    fn text(&self, offset: std::time::Duration) -> String {
        self.at(offset).format(DATE_FORMAT).to_string()
    }
}

/// The finished calls that started inside the report's window, with their clocks.
fn calls_in_window(state: &ApiState, params: &Params) -> Result<Vec<(FinishedCall, Clock)>, RpcError> {
    let (from, till) = report::window(params)?;
    let tz = state.player.config.uis_timezone().expect("validated");
    Ok(state
        .player
        .state
        .finished_calls()
        .into_iter()
        .filter(|c| c.plan.provider == crate::plan::ProviderKind::Uis)
        .map(|c| {
            let clock = Clock { tz, started: c.started };
            (c, clock)
        })
        .filter(|(_, clock)| (from..=till).contains(&clock.at(std::time::Duration::ZERO)))
        .collect())
}

/// The call's recordings that still exist (a deleted one is gone from the reports too).
fn records(state: &ApiState, call: &FinishedCall) -> Vec<String> {
    state.player.state.recordings_of_call(&call.plan.call_id).into_iter().map(|r| r.id).collect()
}

fn direction(call: &FinishedCall) -> &'static str {
    if call.plan.direction == callcard_protocol::Direction::Incoming {
        "in"
    } else {
        "out"
    }
}

pub fn get_calls_report(state: &ApiState, params: &Params) -> Result<Answer, RpcError> {
    let mut allowed = REPORT_PARAMS.to_vec();
    allowed.push("include_ongoing_calls");
    check_keys(params, "", &allowed, &["date_from", "date_till"])?;
    boolean(params, "include_ongoing_calls")?;
    let mut rows = vec![];
    for (call, clock) in calls_in_window(state, params)? {
        let plan = &call.plan;
        let d = session::durations(plan);
        let legs = session::legs(plan);
        let employees: Vec<Value> = session::rung(plan)
            .iter()
            .map(|a| {
                let talked = legs.iter().any(|l| l.agent.as_ref() == Some(a) && l.is_talked());
                json!({"employee_id": a.uis_employee_id(), "employee_full_name": a.name,
                       "is_answered": talked, "is_talked": talked})
            })
            .collect();
        let talked: Vec<&SimAgent> = legs.iter().filter(|l| l.is_talked()).filter_map(|l| l.agent.as_ref()).collect();
        let (first, last) = (talked.first(), talked.last());
        let id = |a: Option<&&SimAgent>| a.map(|a| json!(a.uis_employee_id())).unwrap_or(Value::Null);
        let name = |a: Option<&&SimAgent>| a.map(|a| json!(a.name)).unwrap_or(Value::Null);
        let end = std::time::Duration::from_secs(d.total.into());
        let call_records = records(state, &call);
        rows.push(row(json!({
            "id": call_session_id(plan),
            "start_time": clock.text(std::time::Duration::ZERO),
            "finish_time": clock.text(end),
            "finish_reason": session::finish_reason(plan),
            "direction": direction(&call),
            "is_lost": session::is_lost(plan),
            "source": "va",
            "contact_phone_number": plan.client,
            "contact_id": null,
            "contact_full_name": null,
            "virtual_phone_number": plan.line,
            "communication_id": call_session_id(plan),
            "communication_number": 1,
            "wait_duration": d.wait,
            "total_wait_duration": d.wait,
            "talk_duration": d.talk,
            "clean_talk_duration": d.talk,
            "total_duration": d.total,
            "call_records": call_records,
            "wav_call_records": [],
            "voice_mail_records": [],
            "full_record_file_link": null,
            "employees": employees,
            "first_answered_employee_id": id(first),
            "first_answered_employee_full_name": name(first),
            "last_answered_employee_id": id(last),
            "last_answered_employee_full_name": name(last),
            "first_talked_employee_id": id(first),
            "first_talked_employee_full_name": name(first),
            "last_talked_employee_id": id(last),
            "last_talked_employee_full_name": name(last),
            "scenario_id": 1,
            "scenario_name": "Входящие продажи",
            "call_api_request_id": null,
            "call_api_external_id": null,
            "tags": [],
        })));
    }
    let mut page = report::select(rows, params)?;
    // Each report hands out fresh links, for the rows it returns only.
    for row in &mut page.rows {
        let record = row.get("call_records").and_then(|r| r.get(0)).and_then(Value::as_str).map(str::to_string);
        if let Some(record) = record {
            row["full_record_file_link"] = json!(media_link(&state.player.config, &state.player.state, &record));
        }
    }
    answer(page)
}

fn leg_row(call: &FinishedCall, clock: &Clock, leg: &Leg, records: &[String]) -> Row {
    let plan = &call.plan;
    let (calling, called) = session::leg_numbers(plan, leg);
    let agent = leg.agent.as_ref();
    let talk = match leg.connect {
        Some(c) => session::span_secs(c, leg.end).max(1),
        None => 0,
    };
    row(json!({
        "id": leg.id,
        "call_session_id": call_session_id(plan),
        "start_time": clock.text(leg.start),
        "connect_time": leg.connect.map(|c| clock.text(c)),
        "duration": talk,
        "total_duration": session::span_secs(leg.start, leg.end).max(talk),
        "finish_reason": leg.finish_reason,
        "calling_phone_number": calling,
        "called_phone_number": called,
        "virtual_phone_number": plan.line,
        "direction": direction(call),
        "is_transfered": leg.is_transfered,
        "is_operator": agent.is_some(),
        "is_talked": leg.is_talked(),
        "is_failed": false,
        "employee_id": agent.map(|a| a.uis_employee_id()),
        "employee_full_name": agent.map(|a| a.name.clone()),
        "employee_phone_number": agent.map(|a| a.uis_phone()),
        "call_records": if leg.is_talked() { records.to_vec() } else { vec![] },
        "wav_call_records": [],
        "contact_phone_number": plan.client,
        "contact_id": null,
        "contact_full_name": null,
        "group_id": null,
        "group_name": null,
        "scenario_id": 1,
        "scenario_name": "Входящие продажи",
    }))
}

pub fn get_call_legs_report(state: &ApiState, params: &Params) -> Result<Answer, RpcError> {
    check_keys(params, "", REPORT_PARAMS, &["date_from", "date_till"])?;
    let mut rows = vec![];
    for (call, clock) in calls_in_window(state, params)? {
        let records = records(state, &call);
        rows.extend(session::legs(&call.plan).iter().map(|leg| leg_row(&call, &clock, leg, &records)));
    }
    answer(report::select(rows, params)?)
}
