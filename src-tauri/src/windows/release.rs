//! Hidden windows give their memory back. Every loaded page holds a WebKit web process of
//! 70–200 MiB (BENCHMARKS.md, figure 7) that nobody sees while the window is hidden. After a
//! minute hidden, the main window is destroyed (and built again when next opened), and the
//! card windows kept for reuse are replaced by a single fresh one. After five quiet minutes that
//! spare goes too: the next card then takes a fresh window (0.4–1.0 s under Xvfb, not a few ms).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tauri::AppHandle;

fn secs_from_env(name: &str, default: u64) -> Duration {
    Duration::from_secs(std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default))
}

/// How long a window stays hidden before it is released. `CALLCARD_RELEASE_HIDDEN_SECS`
/// shortens it for tests.
pub fn hidden_delay() -> Duration {
    secs_from_env("CALLCARD_RELEASE_HIDDEN_SECS", 60)
}

/// How long without a card before the last spare card window is released.
/// `CALLCARD_RELEASE_SPARE_SECS` shortens it for tests. Never before the used windows are
/// released: that step builds a fresh spare when none is left.
pub fn spare_delay() -> Duration {
    secs_from_env("CALLCARD_RELEASE_SPARE_SECS", 300).max(hidden_delay())
}

/// A release waiting for its delay; starting it again or cancelling it supersedes the wait.
pub struct Countdown(AtomicU64);

/// The main window, hidden to the tray.
pub static MAIN: Countdown = Countdown::new();
/// The used card windows, while no card is open.
pub static CARDS: Countdown = Countdown::new();
/// The last spare card window, while no card is open.
pub static SPARE: Countdown = Countdown::new();

impl Countdown {
    const fn new() -> Countdown {
        Countdown(AtomicU64::new(0))
    }

    pub fn cancel(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    /// Runs `release` after `delay` unless the countdown is started again or cancelled
    /// meanwhile. `release` checks the windows' state itself: a cancel can race with it.
    pub fn start(&'static self, app: &AppHandle, delay: Duration, release: impl FnOnce(&AppHandle) + Send + 'static) {
        let generation = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(delay).await;
            if self.0.load(Ordering::SeqCst) == generation {
                release(&app);
            }
        });
    }
}
