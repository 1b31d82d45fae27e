//! Stopping on SIGINT (Ctrl-C) and SIGTERM, in every mode.
//!
//! The handlers are installed before the simulator says it is listening, so a signal sent right
//! after that line is always caught. What a stopped run exits with is [`Stopped::exit_code`].

/// The signal that stopped the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    Interrupt,
    Terminate,
}

impl Stopped {
    pub fn name(self) -> &'static str {
        match self {
            Stopped::Interrupt => "SIGINT",
            Stopped::Terminate => "SIGTERM",
        }
    }

    /// A run asked to go on until stopped (`serve`, `demo` without `--calls`) did what it was
    /// asked: 0. A run with an end of its own (`scenario`, `call`, `load`, `demo --calls N`)
    /// did not finish, and says so the shell's way: 128 + the signal's number (130, 143).
    pub fn exit_code(self, open_ended: bool) -> u8 {
        match (open_ended, self) {
            (true, _) => 0,
            (false, Stopped::Interrupt) => 130,
            (false, Stopped::Terminate) => 143,
        }
    }
}

/// Installed signal handlers; [`StopSignals::wait`] resolves on the first signal.
pub struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Must run inside the Tokio runtime.
    pub fn install() -> std::io::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(StopSignals { interrupt: signal(SignalKind::interrupt())?, terminate: signal(SignalKind::terminate())? })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    pub async fn wait(&mut self) -> Stopped {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => Stopped::Interrupt,
                _ = self.terminate.recv() => Stopped::Terminate,
            }
        }
        #[cfg(not(unix))]
        {
            // Windows has no SIGTERM; Ctrl-C (and Ctrl-Break) is the way to stop a console program.
            let _ = tokio::signal::ctrl_c().await;
            Stopped::Interrupt
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_signal_is_told_apart() {
        let mut signals = StopSignals::install().unwrap();
        for (signal, expected) in [(libc::SIGTERM, Stopped::Terminate), (libc::SIGINT, Stopped::Interrupt)] {
            // SAFETY: raise only sends a signal to this process, whose handler is installed.
            assert_eq!(unsafe { libc::raise(signal) }, 0);
            let got = tokio::time::timeout(std::time::Duration::from_secs(5), signals.wait()).await.unwrap();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn open_ended_runs_end_well_and_bounded_ones_do_not() {
        assert_eq!(Stopped::Interrupt.exit_code(true), 0);
        assert_eq!(Stopped::Terminate.exit_code(true), 0);
        assert_eq!(Stopped::Interrupt.exit_code(false), 130);
        assert_eq!(Stopped::Terminate.exit_code(false), 143);
    }
}
