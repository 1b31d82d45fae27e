//! The front end's TypeScript types are generated from the Rust types (ts-rs), never written by
//! hand. This test fails when `ui/src/bindings/` is stale; refresh it with
//! `UPDATE_BINDINGS=1 cargo test -p callcard-app-core --test ts_bindings`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use callcard_app_core::connection::Status;
use callcard_app_core::desk::{CallRow, CardView, Overview};
use callcard_app_core::dialing::{DialMode, DialerState};
use callcard_app_core::history::{HistoryQuery, HistoryView, JournalView};
use callcard_app_core::language::UiLanguage;
use callcard_app_core::outbox::PendingOutcome;
use callcard_app_core::player::PlayerView;
use callcard_app_core::relay_api::RelayError;
use callcard_app_core::settings::Settings;
use callcard_app_core::words::Words;
use callcard_protocol::{
    AdminContact, AdminOutcome, AdminSession, AgentAdded, ApiError, Board, CallEvent, CallsSnapshot, ClientMessage,
    ContactEntry, ContactSaved, DialRequest, DialStarted, FlaggedEntry, HistoryPage, ImportReport, Journal, LineEntry,
    LogOutcomeRequest, NewAgentRequest, NewContactRequest, OutcomeOption, OutcomeOrderRequest, OutcomeSaved,
    PbxUserEntry, PresenceRequest, ProviderCheck, ProviderStatus, Reminder, Report, SaveContactRequest,
    SaveOutcomeRequest, ServerMessage, SetBlacklistRequest, SetLineRequest, SetPbxUserRequest, SetPermissionsRequest,
    SetProviderKeysRequest, SetRoleRequest, SetSettingRequest, Setting, SignInRequest, TeamMember,
};
use ts_rs::TS;

fn export_all(dir: &Path) {
    // Each call also writes every type the named one depends on.
    Overview::export_all_to(dir).unwrap();
    CardView::export_all_to(dir).unwrap();
    CallRow::export_all_to(dir).unwrap();
    Status::export_all_to(dir).unwrap();
    Settings::export_all_to(dir).unwrap();
    UiLanguage::export_all_to(dir).unwrap();
    RelayError::export_all_to(dir).unwrap();
    ServerMessage::export_all_to(dir).unwrap();
    ClientMessage::export_all_to(dir).unwrap();
    CallEvent::export_all_to(dir).unwrap();
    CallsSnapshot::export_all_to(dir).unwrap();
    NewContactRequest::export_all_to(dir).unwrap();
    ContactSaved::export_all_to(dir).unwrap();
    ApiError::export_all_to(dir).unwrap();
    OutcomeOption::export_all_to(dir).unwrap();
    LogOutcomeRequest::export_all_to(dir).unwrap();
    OutcomeSaved::export_all_to(dir).unwrap();
    DialRequest::export_all_to(dir).unwrap();
    DialStarted::export_all_to(dir).unwrap();
    Reminder::export_all_to(dir).unwrap();
    ContactEntry::export_all_to(dir).unwrap();
    PendingOutcome::export_all_to(dir).unwrap();
    PlayerView::export_all_to(dir).unwrap();
    DialerState::export_all_to(dir).unwrap();
    DialMode::export_all_to(dir).unwrap();
    HistoryQuery::export_all_to(dir).unwrap();
    HistoryView::export_all_to(dir).unwrap();
    JournalView::export_all_to(dir).unwrap();
    PresenceRequest::export_all_to(dir).unwrap();
    // What every command answers on error, and what views carry for people to read.
    Words::export_all_to(dir).unwrap();
    // The admin console's API.
    SignInRequest::export_all_to(dir).unwrap();
    AdminSession::export_all_to(dir).unwrap();
    Setting::export_all_to(dir).unwrap();
    SetSettingRequest::export_all_to(dir).unwrap();
    TeamMember::export_all_to(dir).unwrap();
    NewAgentRequest::export_all_to(dir).unwrap();
    AgentAdded::export_all_to(dir).unwrap();
    SetRoleRequest::export_all_to(dir).unwrap();
    SetPbxUserRequest::export_all_to(dir).unwrap();
    ProviderStatus::export_all_to(dir).unwrap();
    ProviderCheck::export_all_to(dir).unwrap();
    PbxUserEntry::export_all_to(dir).unwrap();
    FlaggedEntry::export_all_to(dir).unwrap();
    SetProviderKeysRequest::export_all_to(dir).unwrap();
    SetPermissionsRequest::export_all_to(dir).unwrap();
    Journal::export_all_to(dir).unwrap();
    HistoryPage::export_all_to(dir).unwrap();
    Board::export_all_to(dir).unwrap();
    Report::export_all_to(dir).unwrap();
    AdminContact::export_all_to(dir).unwrap();
    SaveContactRequest::export_all_to(dir).unwrap();
    SetBlacklistRequest::export_all_to(dir).unwrap();
    ImportReport::export_all_to(dir).unwrap();
    LineEntry::export_all_to(dir).unwrap();
    SetLineRequest::export_all_to(dir).unwrap();
    AdminOutcome::export_all_to(dir).unwrap();
    SaveOutcomeRequest::export_all_to(dir).unwrap();
    OutcomeOrderRequest::export_all_to(dir).unwrap();
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ts") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    files
}

/// The files in `have` are exactly those a fresh export writes, byte for byte.
fn assert_current(have: &Path) {
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let (want, have) = (read_dir(fresh.path()), read_dir(have));
    assert!(want.contains_key("Overview.ts") && want.contains_key("Words.ts"), "the export wrote {:?}", want.keys());
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        have.keys().collect::<Vec<_>>(),
        "ui/src/bindings is stale: run UPDATE_BINDINGS=1 cargo test -p callcard-app-core --test ts_bindings"
    );
    for (name, text) in &want {
        assert_eq!(
            text, &have[name],
            "ui/src/bindings/{name} is stale: run UPDATE_BINDINGS=1 cargo test -p callcard-app-core --test ts_bindings"
        );
    }
}

#[test]
fn typescript_bindings_are_current() {
    let committed: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        export_all(&committed);
    }
    // After an update too: what was written must be what the types export.
    assert_current(&committed);
}
