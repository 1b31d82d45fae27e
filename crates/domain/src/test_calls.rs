//! Calls for the domain's tests: one builder, each test sets what it is about.

use callcard_protocol::{AgentRef, Call, CallState, Direction, ProviderId};
use chrono::{TimeZone, Utc};

/// An incoming Zadarma call from 79991234567 on 74951234567, `secs` after a fixed instant.
pub fn incoming(id: i64, state: CallState, secs: i64) -> Call {
    Call {
        id,
        provider: ProviderId::new(ProviderId::ZADARMA),
        provider_call_id: format!("in_{id}"),
        direction: Direction::Incoming,
        state,
        disposition: None,
        missed: false,
        client_phone: Some("79991234567".into()),
        line: Some("74951234567".into()),
        line_label: None,
        agent: None,
        ringing: vec![],
        contact: None,
        started_at: Utc.timestamp_opt(1_764_000_000 + secs, 0).unwrap(),
        answered_at: None,
        ended_at: None,
        duration_secs: None,
        recording: None,
        outcome: None,
        seq: 1,
    }
}

/// The registered agent `id`, as a call names it.
pub fn agent(id: i64) -> AgentRef {
    AgentRef { agent_id: Some(id), name: None, extension: None, login: None, pbx_user: None }
}
