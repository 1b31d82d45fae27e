//! WebKitGTK memory settings for small, long-lived windows (BENCHMARKS.md, figure 7).
//!
//! WebKit's defaults suit a browser: a back/forward page cache and large resource caches.
//! Callcard shows a few small pages from its own binary for days, so it turns those off.
//!
//! Two more settings would help and are not used:
//! - Memory pressure limits for web processes: WebKitGTK takes them only when the web context
//!   is constructed, and wry constructs it.
//! - The `Never` hardware-acceleration policy: it saved ~180 MiB in the main window's web
//!   process under Xvfb. But set after the window is built (the only point Tauri offers), it left
//!   WebDriver's script calls hanging in the end-to-end tests.

use tauri::WebviewWindow;

/// Applies to one window's web view (the cache model is shared by every window of the app).
#[cfg(target_os = "linux")]
pub fn tune(window: &WebviewWindow) {
    use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
    let result = window.with_webview(|webview| {
        if let Some(context) = webview.inner().context() {
            // No back/forward page cache and minimal resource caches: pages come from the binary.
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    if let Err(e) = result {
        tracing::warn!(error = %e, "cannot tune the web view");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn tune(_window: &WebviewWindow) {}
