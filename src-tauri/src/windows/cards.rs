//! The pop-up card windows: small always-on-top windows, one per call shown, stacked up from the
//! bottom-right corner of the primary screen, opened without taking the keyboard focus.
//!
//! Windows are kept and reused rather than built per call: a new WebKit window takes about
//! 300 ms to load before it can show anything (BENCHMARKS.md, figure 6). A hidden, loaded
//! spare waits for the next call; a closed card's window is hidden, reloaded blank and becomes
//! a spare. When no card has been open for a minute, the used spares are destroyed and one
//! fresh spare remains; after five quiet minutes that one goes too, and the next call's card
//! waits for a new window (`release`).

use std::collections::BTreeMap;
use std::sync::Mutex;

use callcard_app_core::desk::CardView;
use callcard_protocol::CallId;
use tauri::{
    AppHandle, Emitter, EventTarget, LogicalPosition, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder,
};

use crate::windows::release;

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 320.0;
const GAP: f64 = 8.0;
const MARGIN: f64 = 16.0;
/// Room for a bottom panel or taskbar.
const BOTTOM_MARGIN: f64 = 56.0;
/// Loaded, hidden windows kept for the next calls; more than this are destroyed on close.
const SPARES: usize = 2;

/// Which window shows which call.
#[derive(Default)]
pub struct CardWindows(Mutex<Slots>);

#[derive(Default)]
struct Slots {
    /// Window label by call id (ordered: the oldest call is stacked at the bottom).
    by_call: BTreeMap<CallId, String>,
    spare: Vec<Spare>,
    built: u32,
    /// A spare is being built: a second request meanwhile builds none.
    preparing: bool,
}

struct Spare {
    label: String,
    /// Has shown a call: its web process has grown with it.
    used: bool,
}

impl CardWindows {
    fn slots(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn call_of(&self, label: &str) -> Option<CallId> {
        self.slots().by_call.iter().find(|(_, l)| *l == label).map(|(id, _)| *id)
    }

    fn label_of(&self, id: CallId) -> Option<String> {
        self.slots().by_call.get(&id).cloned()
    }
}

fn windows(app: &AppHandle) -> tauri::State<'_, CardWindows> {
    app.state::<CardWindows>()
}

/// The calls the card windows show now.
pub fn shown(app: &AppHandle) -> Vec<CallId> {
    windows(app).slots().by_call.keys().copied().collect()
}

/// The call a card window shows (its page asks when it loads; a spare shows none yet).
pub fn call_of(app: &AppHandle, label: &str) -> Option<CallId> {
    windows(app).call_of(label)
}

/// Builds a hidden card window under a new label.
fn build(app: &AppHandle) -> tauri::Result<WebviewWindow> {
    let label = {
        let state = windows(app);
        let mut slots = state.slots();
        slots.built += 1;
        format!("card-{}", slots.built)
    };
    WebviewWindowBuilder::new(app, &label, WebviewUrl::App("card.html".into()))
        .title("Callcard")
        .inner_size(WIDTH, HEIGHT)
        .resizable(false)
        .decorations(false)
        .always_on_top(true)
        .skip_taskbar(true)
        // Never steal the keyboard from what the manager is typing.
        .focused(false)
        .visible(false)
        .build()
}

/// Loads a spare window in the background so the next call's card shows at once.
pub fn prepare_spare(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        {
            let state = windows(&app);
            let mut slots = state.slots();
            if !slots.spare.is_empty() || slots.preparing {
                return;
            }
            slots.preparing = true;
        }
        let built = build(&app);
        let state = windows(&app);
        let mut slots = state.slots();
        slots.preparing = false;
        match built {
            Ok(window) => slots.spare.push(Spare { label: window.label().to_string(), used: false }),
            Err(e) => tracing::warn!(error = %e, "cannot prepare a card window"),
        }
    });
}

pub fn open(app: &AppHandle, card: &CardView) {
    if windows(app).label_of(card.call_id).is_some() {
        update(app, card);
        return;
    }
    release::CARDS.cancel();
    release::SPARE.cancel();
    let spare = windows(app).slots().spare.pop();
    let (window, built_now) = match spare.and_then(|spare| app.get_webview_window(&spare.label)) {
        Some(window) => (window, false),
        None => match build(app) {
            Ok(window) => (window, true),
            Err(e) => {
                tracing::error!(error = %e, call = card.call_id, "cannot open a card window");
                return;
            }
        },
    };
    let label = window.label().to_string();
    windows(app).slots().by_call.insert(card.call_id, label.clone());
    let _ = window.set_title(&card.title.message);
    // A page still loading asks for its card when ready (`my_card`); a loaded one gets it here.
    let _ = app.emit_to(EventTarget::webview_window(&label), "card-changed", card);
    restack(app);
    let _ = window.show();
    // A window built just now loads its page first; the next spare waits for it (`my_card`)
    // rather than share the CPU with it.
    if !built_now {
        prepare_spare(app);
    }
}

pub fn update(app: &AppHandle, card: &CardView) {
    let Some(label) = windows(app).label_of(card.call_id) else { return };
    if let Some(window) = app.get_webview_window(&label) {
        let _ = window.set_title(&card.title.message);
        let _ = app.emit_to(EventTarget::webview_window(&label), "card-changed", card);
    }
}

pub fn close(app: &AppHandle, id: CallId) {
    let Some(label) = windows(app).slots().by_call.remove(&id) else { return };
    if let Some(window) = app.get_webview_window(&label) {
        let _ = window.hide();
        // The page reloads blank, so no state of this call can leak into the next one. Told
        // before the window can become a spare: the next call's `card-changed` comes after it.
        let _ = app.emit_to(EventTarget::webview_window(&label), "card-released", ());
        let kept = {
            let state = windows(app);
            let mut slots = state.slots();
            let keep = slots.spare.len() < SPARES;
            if keep {
                slots.spare.push(Spare { label, used: true });
            }
            keep
        };
        if !kept {
            let _ = window.destroy();
        }
    }
    restack(app);
    if windows(app).slots().by_call.is_empty() {
        release::CARDS.start(app, release::hidden_delay(), |app| release_spares(app, true));
        start_spare_countdown(app);
    }
}

/// After a quiet spell the last spare is released as well (`release::spare_delay`).
pub fn start_spare_countdown(app: &AppHandle) {
    release::SPARE.start(app, release::spare_delay(), |app| release_spares(app, false));
}

/// No card for a while: destroys the spare windows that have shown calls and makes sure one
/// fresh spare is ready (`keep_fresh`), or, after a long quiet spell, destroys every spare.
fn release_spares(app: &AppHandle, keep_fresh: bool) {
    let released: Vec<String> = {
        let state = windows(app);
        let mut slots = state.slots();
        if !slots.by_call.is_empty() {
            return;
        }
        let (released, kept): (Vec<Spare>, Vec<Spare>) =
            std::mem::take(&mut slots.spare).into_iter().partition(|s| s.used || !keep_fresh);
        slots.spare = kept;
        released.into_iter().map(|s| s.label).collect()
    };
    if keep_fresh {
        // A fresh spare is on its way before the used ones go.
        prepare_spare(app);
    }
    for label in &released {
        if let Some(window) = app.get_webview_window(label) {
            let _ = window.destroy();
        }
    }
    tracing::debug!(released = released.len(), keep_fresh, "released spare card windows");
}

/// Lays the open cards out bottom-up, oldest call at the bottom.
fn restack(app: &AppHandle) {
    let labels: Vec<String> = windows(app).slots().by_call.values().cloned().collect();
    let Some(monitor) = app.primary_monitor().ok().flatten() else { return };
    let scale = monitor.scale_factor();
    let size = monitor.size().to_logical::<f64>(scale);
    let origin = monitor.position().to_logical::<f64>(scale);
    for (i, label) in labels.iter().enumerate() {
        let Some(window) = app.get_webview_window(label) else { continue };
        let x = origin.x + size.width - WIDTH - MARGIN;
        let y = origin.y + size.height - BOTTOM_MARGIN - (i as f64 + 1.0) * (HEIGHT + GAP);
        let _ = window.set_position(LogicalPosition::new(x, y.max(origin.y)));
    }
}
