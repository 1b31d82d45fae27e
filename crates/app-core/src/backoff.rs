//! Reconnect delays: exponential with full jitter, so a relay restart is not met by every
//! client at the same instant.

use std::time::Duration;

use rand::Rng;

#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    attempt: u32,
}

impl Backoff {
    pub fn new(base: Duration, max: Duration) -> Backoff {
        Backoff { base, max, attempt: 0 }
    }

    /// The ceiling of the next delay: base × 2^attempt, capped.
    pub fn ceiling(&self) -> Duration {
        let factor = 2u32.saturating_pow(self.attempt.min(16));
        self.base.saturating_mul(factor).min(self.max)
    }

    /// The next delay, uniformly random in [ceiling/2, ceiling].
    pub fn next_delay(&mut self, rng: &mut impl Rng) -> Duration {
        let ceiling = self.ceiling();
        self.attempt = self.attempt.saturating_add(1);
        let half = ceiling / 2;
        half + half.mul_f64(rng.random_range(0.0..=1.0))
    }

    /// After a connection that worked: start again from the base delay.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn grows_caps_jitters_and_resets() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let mut b = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
        let delays: Vec<_> = (0..10).map(|_| b.next_delay(&mut rng)).collect();
        assert!(delays[0] >= Duration::from_millis(250) && delays[0] <= Duration::from_millis(500));
        assert!(delays[3] >= Duration::from_secs(2) && delays[3] <= Duration::from_secs(4));
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(30)));
        assert!(delays[9] >= Duration::from_secs(15), "capped at 30 s, at least half of it");
        // Jitter: two clients with different randomness do not retry in lockstep.
        let mut other = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
        let mut rng2 = rand::rngs::StdRng::seed_from_u64(2);
        let others: Vec<_> = (0..10).map(|_| other.next_delay(&mut rng2)).collect();
        assert_ne!(delays, others);
        b.reset();
        assert_eq!(b.ceiling(), Duration::from_millis(500));
    }
}
