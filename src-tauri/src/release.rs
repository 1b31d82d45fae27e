//! Hidden windows give their memory back. Every loaded page holds a WebKit web process of
//! 70–200 MiB (BENCHMARKS.md, figure 7) that nobody sees while the window is hidden. After a
//! spell hidden, the main window is destroyed (and built again when next opened), and the
//! card windows kept for reuse are replaced by a single fresh one.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tauri::AppHandle;

/// How long a window stays hidden before it is released. `CALLCARD_RELEASE_HIDDEN_SECS`
/// shortens it for tests.
fn delay() -> Duration {
    let secs = std::env::var("CALLCARD_RELEASE_HIDDEN_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    Duration::from_secs(secs)
}

/// A release waiting for its delay; starting it again or cancelling it supersedes the wait.
pub struct Countdown(AtomicU64);

/// The main window, hidden to the tray.
pub static MAIN: Countdown = Countdown::new();
/// The card windows, while no card is open.
pub static CARDS: Countdown = Countdown::new();

impl Countdown {
    const fn new() -> Countdown {
        Countdown(AtomicU64::new(0))
    }

    pub fn cancel(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    /// Runs `release` after the delay unless the countdown is started again or cancelled
    /// meanwhile. `release` checks the windows' state itself: a cancel can race with it.
    pub fn start(&'static self, app: &AppHandle, release: impl FnOnce(&AppHandle) + Send + 'static) {
        let generation = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(delay()).await;
            if self.0.load(Ordering::SeqCst) == generation {
                release(&app);
            }
        });
    }
}
