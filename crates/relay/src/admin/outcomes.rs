//! The outcome buttons a wrap-up offers: add or change one, put them in order, retire one.
//! A retired code stays on the calls that carry it.

use callcard_protocol::{AdminOutcome, ErrorCode, OutcomeOption, SaveOutcomeRequest};

use super::{AdminError, Refusal, RefusalKind};
use crate::store::{Saved, Store, StoreError};

const CODE_MAX: usize = 40;
/// A button's label.
const LABEL_MAX: usize = 40;

pub async fn list(store: &dyn Store) -> Result<Vec<AdminOutcome>, AdminError> {
    let options = store.outcome_options(true).await?;
    Ok(options.into_iter().map(|(option, retired)| AdminOutcome { option, retired }).collect())
}

/// Adds `code` (last in the order) or changes it, offering it again if it was retired.
pub async fn save(
    store: &dyn Store,
    code: &str,
    request: &SaveOutcomeRequest,
) -> Result<(AdminOutcome, Saved), AdminError> {
    let code = checked_code(code)?;
    let label = request.label.trim().to_string();
    if label.is_empty() {
        return Err(Refusal::invalid(ErrorCode::FieldRequired, "label is required").with("field", "label").into());
    }
    if label.chars().count() > LABEL_MAX {
        return Err(Refusal::invalid(
            ErrorCode::FieldTooLong,
            format!("label must be at most {LABEL_MAX} characters (it is a button)"),
        )
        .with("field", "label")
        .with("max", LABEL_MAX)
        .into());
    }
    let colour = request.colour.trim().to_ascii_lowercase();
    if !is_colour(&colour) {
        return Err(Refusal::invalid(ErrorCode::BadField, format!("colour must look like #2e7d32, got {colour:?}"))
            .with("field", "colour")
            .with("detail", "#rrggbb")
            .into());
    }
    let all = store.outcome_options(true).await?;
    let order = match (request.order, all.iter().find(|(o, _)| o.code == code)) {
        (Some(order), _) => order,
        (None, Some((o, _))) => o.order,
        (None, None) => all.iter().map(|(o, _)| o.order).max().unwrap_or(0) + 1,
    };
    let converts = match (request.converts, all.iter().find(|(o, _)| o.code == code)) {
        (Some(converts), _) => converts,
        (None, Some((o, _))) => o.converts,
        (None, None) => false,
    };
    let option = OutcomeOption { code, label, colour, order, converts };
    let saved = store.save_outcome_option(&option).await?;
    Ok((AdminOutcome { option, retired: false }, saved))
}

/// Puts the offered codes in the order given; it must name each of them once.
pub async fn reorder(store: &dyn Store, codes: &[String]) -> Result<Vec<AdminOutcome>, AdminError> {
    let codes: Vec<String> = codes.iter().map(|c| c.trim().to_string()).collect();
    let mut offered: Vec<String> = store.outcome_options(false).await?.into_iter().map(|(o, _)| o.code).collect();
    let mut given = codes.clone();
    offered.sort();
    given.sort();
    if given != offered {
        return Err(bad_order(&offered).into());
    }
    match store.order_outcome_options(&codes).await {
        // Another admin added or retired one in between.
        Err(StoreError::Invalid(_)) => Err(bad_order(&offered).into()),
        other => other.map_err(AdminError::from),
    }?;
    list(store).await
}

/// Stops offering `code`.
pub async fn retire(store: &dyn Store, code: &str) -> Result<(), AdminError> {
    let code = code.trim();
    if !store.retire_outcome_option(code).await? {
        return Err(Refusal::new(
            RefusalKind::NotFound,
            ErrorCode::NoSuchOutcome,
            format!("no offered outcome {code:?}"),
        )
        .with("code", code)
        .into());
    }
    Ok(())
}

/// A code as the command line and the console take it.
pub fn checked_code(code: &str) -> Result<String, Refusal> {
    let code = code.trim();
    if code.is_empty() {
        return Err(Refusal::invalid(ErrorCode::FieldRequired, "code is required").with("field", "code"));
    }
    if code.len() > CODE_MAX || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Err(Refusal::invalid(
            ErrorCode::BadField,
            format!("code must be up to {CODE_MAX} letters, digits, _ or -, got {code:?}"),
        )
        .with("field", "code")
        .with("detail", format!("up to {CODE_MAX} of a-z 0-9 _ -")));
    }
    Ok(code.to_string())
}

fn is_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn bad_order(offered: &[String]) -> Refusal {
    Refusal::invalid(
        ErrorCode::BadField,
        format!("the order must name every offered outcome once: {}", offered.join(", ")),
    )
    .with("field", "codes")
    .with("detail", offered.join(", "))
}
