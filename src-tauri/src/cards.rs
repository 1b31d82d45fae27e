//! The pop-up card windows: one small always-on-top window per call, stacked up from the
//! bottom-right corner of the primary screen, opened without taking the keyboard focus.

use callcard_app_core::desk::CardView;
use callcard_protocol::CallId;
use tauri::{AppHandle, Emitter, EventTarget, LogicalPosition, Manager, WebviewUrl, WebviewWindowBuilder};

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 320.0;
const GAP: f64 = 8.0;
const MARGIN: f64 = 16.0;
/// Room for a bottom panel or taskbar.
const BOTTOM_MARGIN: f64 = 56.0;
const PREFIX: &str = "card-";

fn label(id: CallId) -> String {
    format!("{PREFIX}{id}")
}

pub fn open(app: &AppHandle, card: &CardView) {
    let label = label(card.call_id);
    if app.get_webview_window(&label).is_some() {
        update(app, card);
        return;
    }
    let built = WebviewWindowBuilder::new(app, &label, WebviewUrl::App("card.html".into()))
        .title(&card.title)
        .inner_size(WIDTH, HEIGHT)
        .resizable(false)
        .decorations(false)
        .always_on_top(true)
        .skip_taskbar(true)
        // Never steal the keyboard from what the manager is typing.
        .focused(false)
        .visible(false)
        .build();
    match built {
        Ok(window) => {
            restack(app);
            let _ = window.show();
        }
        Err(e) => tracing::error!(error = %e, call = card.call_id, "cannot open a card window"),
    }
}

pub fn update(app: &AppHandle, card: &CardView) {
    let label = label(card.call_id);
    if let Some(window) = app.get_webview_window(&label) {
        let _ = window.set_title(&card.title);
        let _ = app.emit_to(EventTarget::webview_window(&label), "card-changed", card);
    }
}

pub fn close(app: &AppHandle, id: CallId) {
    if let Some(window) = app.get_webview_window(&label(id)) {
        let _ = window.destroy();
        restack(app);
    }
}

/// Lays the open cards out bottom-up, oldest call at the bottom.
fn restack(app: &AppHandle) {
    let mut cards: Vec<(CallId, tauri::WebviewWindow)> = app
        .webview_windows()
        .into_iter()
        .filter_map(|(label, w)| label.strip_prefix(PREFIX).and_then(|id| id.parse().ok()).map(|id| (id, w)))
        .collect();
    cards.sort_by_key(|(id, _)| *id);
    let Some(monitor) = app.primary_monitor().ok().flatten() else { return };
    let scale = monitor.scale_factor();
    let size = monitor.size().to_logical::<f64>(scale);
    let origin = monitor.position().to_logical::<f64>(scale);
    for (i, (_, window)) in cards.iter().enumerate() {
        let x = origin.x + size.width - WIDTH - MARGIN;
        let y = origin.y + size.height - BOTTOM_MARGIN - (i as f64 + 1.0) * (HEIGHT + GAP);
        let _ = window.set_position(LogicalPosition::new(x, y.max(origin.y)));
    }
}
