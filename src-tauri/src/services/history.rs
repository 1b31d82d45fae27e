//! The main window's history search, a client's journal and the supervisor's team board: read
//! from the relay when asked, shown as the desk's rows.

use callcard_app_core::history::{HistoryQuery, HistoryView, JournalView};
use callcard_app_core::words::{WordCode, Words};
use callcard_protocol::Board;
use tauri::AppHandle;

use crate::state;

/// Rows a history page holds.
const HISTORY_PAGE: u32 = 50;
/// Calls a journal shows.
const JOURNAL_CALLS: u32 = 200;

pub async fn search(app: &AppHandle, query: HistoryQuery) -> Result<HistoryView, Words> {
    let state = state::of(app);
    let api = state.api().ok_or_else(|| Words::new(WordCode::NotConnected))?;
    let page = api.history(&query, HISTORY_PAGE).await.map_err(|e| e.words())?;
    let rows = state.with(|s| s.desk.rows(&page.calls));
    Ok(HistoryView { rows, next_before: page.next_before })
}

/// `phone`: digits-only E.164 (a row's `phone`).
pub async fn journal(app: &AppHandle, phone: &str) -> Result<JournalView, Words> {
    let state = state::of(app);
    let api = state.api().ok_or_else(|| Words::new(WordCode::NotConnected))?;
    let journal = api.journal(phone, JOURNAL_CALLS).await.map_err(|e| e.words())?;
    let rows = state.with(|s| s.desk.rows(&journal.calls));
    Ok(JournalView::new(journal.phone, journal.contact, rows))
}

/// The live board for supervisors: the window ticks its timers and reads it again when calls change.
pub async fn board(app: &AppHandle) -> Result<Board, Words> {
    let api = state::of(app).api().ok_or_else(|| Words::new(WordCode::NotConnected))?;
    api.board().await.map_err(|e| e.words())
}
