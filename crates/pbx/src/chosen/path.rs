//! `/hooks/<provider>/{secret}/{event}`: the secret authenticates (these PBXes sign nothing),
//! the event kind comes from the URL, never from the body.

use subtle::ConstantTimeEq;

use crate::{DedupScope, Form, WebhookError};

/// Checks the secret (first, in constant time: a wrong one learns nothing, not even the event
/// kinds) and returns the event kind, one of `events`.
pub fn path_event(
    expected: Option<&str>,
    path: &[String],
    events: &[&'static str],
) -> Result<&'static str, WebhookError> {
    let refused = || WebhookError::Unauthorized("wrong or missing secret in the URL".into());
    let expected = expected.filter(|s| !s.is_empty()).ok_or_else(refused)?;
    let given = path.first().ok_or_else(refused)?;
    if !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(refused());
    }
    let unknown = || WebhookError::UnknownPath { known: events.to_vec() };
    let [_, event] = path else { return Err(unknown()) };
    events.iter().find(|e| **e == event.as_str()).copied().ok_or_else(unknown)
}

/// The content key of a delivery: every field and the event kind (the same fields at another
/// URL are another event).
pub fn content_key(form: &Form, event: &str, provider: &str) -> String {
    let mut keyed = form.sorted_pairs();
    keyed.push(("#event", event));
    Form::from_pairs(keyed).content_key(provider)
}

/// With a time in the body any earlier identical delivery is a repeat; without one, only the
/// call's latest (the same fields later in the call are news: a second ring).
pub fn dedup_scope(has_time: bool) -> DedupScope {
    if has_time {
        DedupScope::Everything
    } else {
        DedupScope::LatestOfCall
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: &[&str] = &["ringing", "ended"];

    fn path(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_secret_first_then_the_event() {
        let s = Some("s3cr3t-0123456789");
        assert_eq!(path_event(s, &path(&["s3cr3t-0123456789", "ended"]), EVENTS), Ok("ended"));
        assert!(matches!(path_event(s, &path(&["nope", "party"]), EVENTS), Err(WebhookError::Unauthorized(_))));
        assert!(matches!(path_event(s, &path(&[]), EVENTS), Err(WebhookError::Unauthorized(_))));
        assert!(matches!(path_event(None, &path(&["", "ended"]), EVENTS), Err(WebhookError::Unauthorized(_))));
        let Err(WebhookError::UnknownPath { known }) = path_event(s, &path(&["s3cr3t-0123456789", "party"]), EVENTS)
        else {
            panic!()
        };
        assert_eq!(known, EVENTS);
        assert!(matches!(path_event(s, &path(&["s3cr3t-0123456789"]), EVENTS), Err(WebhookError::UnknownPath { .. })));
    }

    #[test]
    fn the_event_kind_is_part_of_the_content_key() {
        let form = Form::from_pairs([("id", "7")]);
        assert_ne!(content_key(&form, "ringing", "uis"), content_key(&form, "ended", "uis"));
        assert_eq!(content_key(&form, "ended", "uis"), content_key(&form, "ended", "uis"));
    }
}
