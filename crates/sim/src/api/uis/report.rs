//! The Data API's report parameters (PROTOCOLS.md §3.8): the date window, `filter`, `fields`,
//! `sort`, `limit` and `offset`, applied to rows of JSON objects.

use chrono::{Months, NaiveDateTime};
use serde_json::{Map, Value};

use super::params::{array, integer, invalid, Params};
use super::rpc::RpcError;

pub type Row = Map<String, Value>;

pub const DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// The `[date_from, date_till]` window of a report, in the account's zone.
pub fn window(params: &Params) -> Result<(NaiveDateTime, NaiveDateTime), RpcError> {
    let date = |key: &str| {
        let value = params.get(key);
        let text = value.and_then(Value::as_str).unwrap_or_default();
        // Exactly `YYYY-MM-DD hh:mm:ss`: chrono alone would take a single-digit month.
        NaiveDateTime::parse_from_str(text, DATE_FORMAT)
            .ok()
            .filter(|_| text.len() == 19)
            .ok_or_else(|| invalid(key, value, format!("{key} must be YYYY-MM-DD hh:mm:ss")))
    };
    let (from, till) = (date("date_from")?, date("date_till")?);
    if till < from {
        return Err(invalid("date_till", params.get("date_till"), "date_till is before date_from"));
    }
    if from.checked_add_months(Months::new(3)).is_some_and(|limit| till > limit) {
        return Err(RpcError::param(
            "date_interval_limit_reached",
            "date_till",
            params.get("date_till"),
            "The interval between date_from and date_till is more than 3 months",
        ));
    }
    Ok((from, till))
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => match (a.as_str(), b.as_str()) {
            (Some(x), Some(y)) => Some(x.cmp(y)),
            _ => None,
        },
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    compare(a, b).map(|o| o.is_eq()).unwrap_or(a == b)
}

/// SQL `LIKE`: `%` any run, `_` one character.
fn like(text: &str, pattern: &str) -> bool {
    let (t, p): (Vec<char>, Vec<char>) = (text.chars().collect(), pattern.chars().collect());
    fn go(t: &[char], p: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('%', rest)) => (0..=t.len()).any(|i| go(&t[i..], rest)),
            Some(('_', rest)) => !t.is_empty() && go(&t[1..], rest),
            Some((c, rest)) => t.first() == Some(c) && go(&t[1..], rest),
        }
    }
    go(&t, &p)
}

fn leaf(row: &Row, filter: &Map<String, Value>) -> Result<bool, RpcError> {
    for key in filter.keys() {
        if !["field", "operator", "value"].contains(&key.as_str()) {
            return Err(invalid("filter", filter.get(key), format!("unexpected filter key {key}")));
        }
    }
    let field = filter.get("field").and_then(Value::as_str).ok_or_else(|| invalid("filter.field", None, "no field"))?;
    let Some(actual) = row.get(field) else {
        return Err(invalid("filter.field", filter.get("field"), format!("unknown field {field}")));
    };
    let op = filter.get("operator").and_then(Value::as_str).unwrap_or_default();
    let value = filter.get("value").unwrap_or(&Value::Null);
    let list = || value.as_array().ok_or_else(|| invalid("filter.value", Some(value), format!("{op} needs an array")));
    let text = |v: &Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    let order = compare(actual, value);
    Ok(match op {
        "=" => equal(actual, value),
        "!=" => !equal(actual, value),
        "<" => order.is_some_and(|o| o.is_lt()),
        ">" => order.is_some_and(|o| o.is_gt()),
        "<=" => order.is_some_and(|o| o.is_le()),
        ">=" => order.is_some_and(|o| o.is_ge()),
        "in" => list()?.iter().any(|v| equal(actual, v)),
        "not_in" => !list()?.iter().any(|v| equal(actual, v)),
        "is_null" => actual.is_null(),
        "is_not_null" => !actual.is_null(),
        "like" => like(&text(actual), &text(value)),
        "not_like" => !like(&text(actual), &text(value)),
        "ilike" => like(&text(actual).to_lowercase(), &text(value).to_lowercase()),
        "not_ilike" => !like(&text(actual).to_lowercase(), &text(value).to_lowercase()),
        "overlap" | "not_overlap" => {
            let have = actual.as_array().cloned().unwrap_or_default();
            let hit = list()?.iter().any(|v| have.iter().any(|h| equal(h, v)));
            hit == (op == "overlap")
        }
        // Real operators the simulator does not evaluate: said so rather than guessed.
        "regexp" | "jsquery" => {
            return Err(invalid("filter.operator", filter.get("operator"), format!("{op} is not simulated")))
        }
        _ => return Err(invalid("filter.operator", filter.get("operator"), format!("unknown operator {op:?}"))),
    })
}

/// Whether `row` passes `filter`: one `{field, operator, value}` or `{filters, condition}`,
/// nested up to three levels.
pub fn matches(row: &Row, filter: &Value, depth: usize) -> Result<bool, RpcError> {
    let Some(filter) = filter.as_object() else { return Err(invalid("filter", Some(filter), "filter is an object")) };
    if depth > 3 {
        return Err(invalid("filter", None, "filters nest at most 3 levels"));
    }
    let Some(filters) = filter.get("filters") else { return leaf(row, filter) };
    if let Some(key) = filter.keys().find(|k| !["filters", "condition"].contains(&k.as_str())) {
        return Err(invalid("filter", filter.get(key), format!("unexpected filter key {key}")));
    }
    let filters = filters.as_array().ok_or_else(|| invalid("filter.filters", Some(filters), "filters is an array"))?;
    let mut results = vec![];
    for f in filters {
        results.push(matches(row, f, depth + 1)?);
    }
    match filter.get("condition").and_then(Value::as_str).unwrap_or("and") {
        "and" => Ok(results.iter().all(|r| *r)),
        "or" => Ok(results.iter().any(|r| *r)),
        other => Err(invalid("filter.condition", filter.get("condition"), format!("unknown condition {other:?}"))),
    }
}

/// A page of a report, before `fields` picks its columns.
pub struct Page {
    pub rows: Vec<Row>,
    /// Rows that passed the filter, on every page.
    pub total: usize,
    columns: Option<Vec<String>>,
}

impl Page {
    /// The rows with only the requested `fields`.
    pub fn project(self) -> Result<Vec<Row>, RpcError> {
        let Some(columns) = self.columns else { return Ok(self.rows) };
        if let Some(row) = self.rows.first() {
            if let Some(unknown) = columns.iter().find(|c| !row.contains_key(*c)) {
                return Err(invalid("fields", None, format!("unknown field {unknown}")));
            }
        }
        Ok(self
            .rows
            .into_iter()
            .map(|row| columns.iter().filter_map(|c| row.get(c).map(|v| (c.clone(), v.clone()))).collect())
            .collect())
    }
}

/// Filters, sorts and pages `rows`.
pub fn select(rows: Vec<Row>, params: &Params) -> Result<Page, RpcError> {
    let limit = integer(params, "limit")?.unwrap_or(1000);
    if !(1..=10_000).contains(&limit) {
        return Err(invalid("limit", params.get("limit"), "limit is 1..10000"));
    }
    let offset = integer(params, "offset")?.unwrap_or(0);
    if !(0..=100_000).contains(&offset) {
        return Err(invalid("offset", params.get("offset"), "offset is 0..100000"));
    }
    let columns: Option<Vec<String>> = match array(params, "fields")? {
        None => None,
        Some(fields) => Some(
            fields
                .iter()
                .map(|f| f.as_str().map(str::to_string).ok_or_else(|| invalid("fields", Some(f), "fields are strings")))
                .collect::<Result<_, _>>()?,
        ),
    };
    let mut kept = vec![];
    for row in rows {
        if let Some(filter) = params.get("filter").filter(|f| !f.is_null()) {
            if !matches(&row, filter, 1)? {
                continue;
            }
        }
        kept.push(row);
    }
    if let Some(sort) = array(params, "sort")? {
        let mut keys = vec![];
        for s in sort {
            let field = s.get("field").and_then(Value::as_str);
            let order = s.get("order").and_then(Value::as_str).unwrap_or("asc");
            match field {
                Some(f) if kept.first().is_none_or(|r| r.contains_key(f)) && ["asc", "desc"].contains(&order) => {
                    keys.push((f.to_string(), order == "desc"))
                }
                _ => return Err(invalid("sort", Some(s), "sort is [{field, order: asc|desc}]")),
            }
        }
        kept.sort_by(|a, b| {
            keys.iter()
                .map(|(f, desc)| {
                    let o = compare(&a[f], &b[f]).unwrap_or(std::cmp::Ordering::Equal);
                    if *desc {
                        o.reverse()
                    } else {
                        o
                    }
                })
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    let total = kept.len();
    let rows = kept.into_iter().skip(offset as usize).take(limit as usize).collect();
    Ok(Page { rows, total, columns })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rows() -> Vec<Row> {
        [
            json!({"id": 1, "call_session_id": 10, "is_talked": true, "name": "Anna", "recs": ["a"]}),
            json!({"id": 2, "call_session_id": 10, "is_talked": false, "name": "Boris", "recs": []}),
            json!({"id": 3, "call_session_id": 11, "is_talked": true, "name": "vera", "recs": ["b"]}),
        ]
        .into_iter()
        .map(|v| v.as_object().unwrap().clone())
        .collect()
    }

    fn ids(params: Value) -> Result<Vec<i64>, &'static str> {
        let params = params.as_object().unwrap().clone();
        let page = select(rows(), &params).map_err(|e| e.mnemonic)?;
        Ok(page.rows.iter().map(|r| r["id"].as_i64().unwrap()).collect())
    }

    #[test]
    fn filters_as_uis_documents_them() {
        let talked = json!({"filter": {"filters": [
            {"field": "call_session_id", "operator": "=", "value": 10},
            {"field": "is_talked", "operator": "=", "value": true}], "condition": "and"}});
        assert_eq!(ids(talked), Ok(vec![1]));
        assert_eq!(ids(json!({"filter": {"field": "call_session_id", "operator": "=", "value": 11}})), Ok(vec![3]));
        let or = json!({"filter": {"filters": [{"field": "id", "operator": "=", "value": 1},
            {"field": "id", "operator": ">=", "value": 3}], "condition": "or"}});
        assert_eq!(ids(or), Ok(vec![1, 3]));
        assert_eq!(ids(json!({"filter": {"field": "name", "operator": "ilike", "value": "V%"}})), Ok(vec![3]));
        assert_eq!(ids(json!({"filter": {"field": "id", "operator": "in", "value": [2, 3]}})), Ok(vec![2, 3]));
        assert_eq!(ids(json!({"filter": {"field": "recs", "operator": "overlap", "value": ["b"]}})), Ok(vec![3]));
        assert_eq!(
            ids(json!({"filter": {"field": "nope", "operator": "=", "value": 1}})),
            Err("invalid_parameter_value")
        );
        assert_eq!(
            ids(json!({"filter": {"field": "id", "operator": "~", "value": 1}})),
            Err("invalid_parameter_value")
        );
    }

    #[test]
    fn paging_sorting_and_fields() {
        assert_eq!(ids(json!({"limit": 1, "offset": 1})), Ok(vec![2]));
        assert_eq!(ids(json!({"sort": [{"field": "id", "order": "desc"}]})), Ok(vec![3, 2, 1]));
        assert_eq!(ids(json!({"limit": 0})), Err("invalid_parameter_value"));
        assert_eq!(ids(json!({"limit": "5"})), Err("data_type_error"));
        let params = json!({"fields": ["id", "name"]}).as_object().unwrap().clone();
        let page = select(rows(), &params).unwrap();
        assert_eq!(page.total, 3);
        assert_eq!(page.project().unwrap()[0].len(), 2);
        let bad = json!({"fields": ["id", "bogus"]}).as_object().unwrap().clone();
        assert!(select(rows(), &bad).unwrap().project().is_err());
    }

    #[test]
    fn the_date_window_is_at_most_three_months() {
        let p = |from: &str, till: &str| json!({"date_from": from, "date_till": till}).as_object().unwrap().clone();
        assert!(window(&p("2024-01-01 00:00:00", "2024-04-01 00:00:00")).is_ok());
        let e = window(&p("2024-01-01 00:00:00", "2024-04-01 00:00:01")).unwrap_err();
        assert_eq!(e.mnemonic, "date_interval_limit_reached");
        assert_eq!(window(&p("2024-01-01", "2024-02-01 00:00:00")).unwrap_err().mnemonic, "invalid_parameter_value");
        assert_eq!(
            window(&p("2024-1-01 00:00:00", "2024-02-01 00:00:00")).unwrap_err().field.as_deref(),
            Some("date_from")
        );
        assert!(window(&p("2024-02-01 00:00:00", "2024-01-01 00:00:00")).is_err());
    }
}
