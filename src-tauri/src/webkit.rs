//! WebKitGTK memory settings for small, long-lived windows (BENCHMARKS.md, figure 7).
//!
//! WebKit's defaults suit a browser: a back/forward page cache, large resource caches, and
//! accelerated compositing. Callcard shows a few small pages from its own binary for days, on
//! machines that often have no usable GPU (and none under Xvfb), so it turns those off.
//!
//! Web processes' memory pressure limits would also help, but WebKitGTK takes them only when
//! the web context is constructed, and wry constructs it.

use tauri::WebviewWindow;

/// Applies to one window's web view (the cache model is shared by every window of the app).
#[cfg(target_os = "linux")]
pub fn tune(window: &WebviewWindow) {
    use webkit2gtk::{CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt};
    let result = window.with_webview(|webview| {
        let view = webview.inner();
        if let Some(context) = view.context() {
            // No back/forward page cache and minimal resource caches: pages come from the binary.
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = WebViewExt::settings(&view) {
            // Plain 2D pages: without a GPU, accelerated compositing means a software GL stack
            // (llvmpipe) and its buffers in every web process, hundreds of MiB after a day of calls.
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    if let Err(e) = result {
        tracing::warn!(error = %e, "cannot tune the web view");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn tune(_window: &WebviewWindow) {}
