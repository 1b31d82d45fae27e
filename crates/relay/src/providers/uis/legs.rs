//! A finished call completed from the Data API (seed 002, PROTOCOLS.md §3.8): the talked legs
//! of `get.call_legs_report` say who talked, for how long, and which recordings exist.

use callcard_pbx::{AgentKey, CallFacts, RecordingFacts, Step};
use callcard_protocol::{Disposition, ProviderId};
use serde_json::{json, Value};

/// The `get.call_legs_report` filter for the talked legs of one session (what UIS's own
/// retailCRM connector asks).
pub fn talked_legs_filter(call_session_id: &str) -> Value {
    let id: Value = call_session_id.parse::<i64>().map(Value::from).unwrap_or_else(|_| call_session_id.into());
    json!({
        "filters": [
            {"field": "call_session_id", "operator": "=", "value": id},
            {"field": "is_talked", "operator": "=", "value": true}
        ],
        "condition": "and"
    })
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The facts the talked legs add to the call, `None` when no leg talked (yet).
pub fn facts_from_legs(call_session_id: &str, legs: &[Value]) -> Option<CallFacts> {
    // The employees' legs: the report also lists the contact's own leg (no employee).
    let mut talked: Vec<&Value> = legs
        .iter()
        .filter(|l| l.get("is_talked").and_then(Value::as_bool).unwrap_or(true))
        .filter(|l| l.get("call_session_id").and_then(text).is_none_or(|id| id == call_session_id))
        .filter(|l| l.get("employee_id").and_then(text).is_some())
        .filter(|l| l.get("is_operator").and_then(Value::as_bool) != Some(false))
        .collect();
    if talked.is_empty() {
        return None;
    }
    // Oldest first: the last one is who talked last (after a transfer).
    talked.sort_by_key(|l| l.get("start_time").and_then(Value::as_str).unwrap_or("").to_string());
    let mut facts = CallFacts::new(ProviderId::new(ProviderId::UIS), call_session_id, Step::Ended);
    facts.disposition = Some(Disposition::Answered);
    let durations: Vec<u64> = talked.iter().filter_map(|l| l.get("duration").and_then(Value::as_u64)).collect();
    facts.duration_secs = (!durations.is_empty()).then(|| durations.iter().sum::<u64>().min(u32::MAX as u64) as u32);
    facts.agent = talked.last().and_then(|l| l.get("employee_id")).and_then(text).map(|id| AgentKey {
        ids: vec![id.clone()],
        other: Some(id),
        ..Default::default()
    });
    let record = talked
        .iter()
        .flat_map(|l| l.get("call_records").and_then(Value::as_array).cloned().unwrap_or_default())
        .find_map(|r| text(&r));
    facts.recording = record.map(|id| RecordingFacts { id: Some(id), url: None, ready: true });
    Some(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_talked_last_their_time_and_the_recording() {
        let legs = vec![
            json!({"id": 1, "call_session_id": 77, "start_time": "2024-06-03 09:15:10", "duration": 20, "is_talked": true, "employee_id": 4711, "call_records": ["aa"]}),
            json!({"id": 2, "call_session_id": 77, "start_time": "2024-06-03 09:15:31", "duration": 40, "is_talked": true, "employee_id": 4712, "call_records": []}),
            json!({"id": 3, "call_session_id": 77, "start_time": "2024-06-03 09:15:00", "duration": 0, "is_talked": false, "employee_id": 4713}),
            json!({"id": 4, "call_session_id": 77, "start_time": "2024-06-03 09:16:00", "duration": 71, "is_talked": true, "is_operator": false, "employee_id": null}),
        ];
        let f = facts_from_legs("77", &legs).unwrap();
        assert_eq!(f.agent.unwrap().ids, ["4712"]);
        assert_eq!(f.duration_secs, Some(60));
        assert_eq!(f.recording.unwrap().id.as_deref(), Some("aa"));
        assert_eq!(f.disposition, Some(Disposition::Answered));
        assert_eq!(facts_from_legs("77", &legs[2..]), None, "only the contact's leg talked");
        assert_eq!(facts_from_legs("78", &legs), None, "legs of another session are not this call's");
        let no_duration = [json!({"call_session_id": 77, "is_talked": true, "employee_id": 1})];
        assert_eq!(facts_from_legs("77", &no_duration).unwrap().duration_secs, None, "unknown, not 0");
    }

    #[test]
    fn the_filter_is_the_documented_one() {
        assert_eq!(talked_legs_filter("77")["filters"][0]["value"], 77);
        assert_eq!(
            talked_legs_filter("77")["filters"][1],
            json!({"field": "is_talked", "operator": "=", "value": true})
        );
    }
}
