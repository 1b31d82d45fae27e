//! What the cards and lists do with a call: show it, dismiss it, save its contact, log its
//! outcome; and the dialer's contact search.

use callcard_app_core::desk::CardView;
use callcard_app_core::outbox::PendingOutcome;
use callcard_app_core::words::{WordCode, Words};
use callcard_protocol::{CallId, ContactEntry, NewContactRequest};
use tauri::AppHandle;

use crate::windows::cards;
use crate::{effects, state};

/// The longest note an outcome takes.
const NOTE_MAX_CHARS: usize = 500;

/// The card the window `label` shows, if it shows one (a spare window shows none yet).
pub fn my_card(app: &AppHandle, label: &str) -> Option<CardView> {
    let call = cards::call_of(app, label)?;
    // A card's page has loaded: the next spare can be built now (`cards::open`).
    cards::prepare_spare(app);
    state::of(app).with(|s| s.desk.card_view(call))
}

pub fn dismiss(app: &AppHandle, call_id: CallId) {
    let effects = state::of(app).with(|s| s.desk.dismiss(call_id));
    effects::apply(app, effects);
}

/// "Create contact" on a new number's card: saved to the relay, shown on the card at once.
pub async fn create_contact(app: &AppHandle, call_id: CallId, name: String, company: String) -> Result<(), Words> {
    let state = state::of(app);
    let phone = state.with(|s| s.desk.card_view(call_id).and_then(|c| c.phone));
    let phone = phone.ok_or_else(|| Words::new(WordCode::NoNumberToSave))?;
    if name.trim().is_empty() {
        return Err(Words::new(WordCode::EnterContactName));
    }
    let api = state.api().ok_or_else(|| Words::new(WordCode::NotConnected))?;
    let company = Some(company.trim().to_string()).filter(|c| !c.is_empty());
    let saved = api.save_contact(&NewContactRequest { phone, name, company }).await.map_err(|e| e.words())?;
    let effects = state.with(|s| s.desk.set_contact(&saved.phone, &saved.contact));
    effects::apply(app, effects);
    Ok(())
}

/// The blacklist button (card or call row): the relay decides whether this agent may; the
/// cards and rows with that number show the flag at once.
pub async fn set_blacklisted(app: &AppHandle, phone: String, blacklisted: bool) -> Result<(), Words> {
    let state = state::of(app);
    if !state.with(|s| s.desk.may_blacklist()) {
        return Err(Words::new(WordCode::NotAllowedToBlacklist));
    }
    let api = state.api().ok_or_else(|| Words::new(WordCode::NotConnected))?;
    let saved = api.set_blacklisted(&phone, blacklisted).await.map_err(|e| e.words())?;
    let effects = state.with(|s| s.desk.set_contact(&saved.phone, &saved.contact));
    effects::apply(app, effects);
    Ok(())
}

/// One click on an outcome button (card, "to log" list or history). Queued on disk first, so
/// it survives a dead network and a restart; the sync loop delivers it.
pub fn log_outcome(app: &AppHandle, call_id: CallId, code: String, note: Option<String>) -> Result<(), Words> {
    let state = state::of(app);
    let (option, allowed) = state.with(|s| {
        let call = s.desk.call(call_id).ok_or_else(|| Words::new(WordCode::CallNotListed))?;
        let option = s.desk.outcome_options().iter().find(|o| o.code == code).cloned();
        Ok::<_, Words>((option, s.desk.may_log(call)))
    })?;
    if !allowed {
        return Err(Words::new(WordCode::NotYourCall));
    }
    let option = option.ok_or_else(|| Words::new(WordCode::UnknownOutcome))?;
    let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS) {
        return Err(Words::new(WordCode::NoteTooLong).with("max", NOTE_MAX_CHARS));
    }
    let item = PendingOutcome {
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        call_id,
        code: option.code,
        label: option.label,
        colour: option.colour,
        note,
        clicked_at: chrono::Utc::now(),
    };
    state.outbox.push(item).map_err(|e| Words::new(WordCode::OutcomeNotQueued).with("detail", e))?;
    let pending = state.outbox.pending();
    let effects = state.with(|s| s.desk.set_pending(pending));
    effects::apply(app, effects);
    state.nudge_sync();
    Ok(())
}

pub async fn search_contacts(app: &AppHandle, query: &str) -> Result<Vec<ContactEntry>, Words> {
    let api = state::of(app).api().ok_or_else(|| Words::new(WordCode::NotConnected))?;
    api.search_contacts(query.trim()).await.map_err(|e| e.words())
}
