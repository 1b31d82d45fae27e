//! Request limits: N requests per sliding minute (Zadarma: then 429; UIS: `limit_exceeded`).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    seen: Mutex<VecDeque<Instant>>,
}

/// The `X-RateLimit-*` figures of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateInfo {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until a request slot frees up.
    pub reset_secs: u64,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter { limit, window, seen: Mutex::new(VecDeque::new()) }
    }

    /// Counts a request; `Err` when it is over the limit.
    pub fn check(&self, now: Instant) -> Result<RateInfo, RateInfo> {
        self.count(now, true)
    }

    /// Like [`RateLimiter::check`] without counting (UIS charges successful calls only).
    pub fn peek(&self, now: Instant) -> Result<RateInfo, RateInfo> {
        self.count(now, false)
    }

    fn count(&self, now: Instant, charge: bool) -> Result<RateInfo, RateInfo> {
        let mut seen = self.seen.lock().expect("lock");
        while seen.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
            seen.pop_front();
        }
        let reset_secs =
            seen.front().map(|t| (self.window.saturating_sub(now.duration_since(*t))).as_secs() + 1).unwrap_or(0);
        if seen.len() as u32 >= self.limit {
            return Err(RateInfo { limit: self.limit, remaining: 0, reset_secs });
        }
        if charge {
            seen.push_back(now);
        }
        Ok(RateInfo { limit: self.limit, remaining: self.limit - seen.len() as u32, reset_secs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_then_recover() {
        let limiter = RateLimiter::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        assert_eq!(limiter.check(t0).unwrap().remaining, 2);
        limiter.check(t0).unwrap();
        assert_eq!(limiter.check(t0).unwrap().remaining, 0);
        assert!(limiter.check(t0 + Duration::from_secs(30)).is_err());
        assert!(limiter.peek(t0 + Duration::from_secs(30)).is_err());
        assert!(limiter.check(t0 + Duration::from_secs(61)).is_ok());
        assert_eq!(limiter.peek(t0 + Duration::from_secs(61)).unwrap().remaining, 2, "peeking spends nothing");
    }
}
