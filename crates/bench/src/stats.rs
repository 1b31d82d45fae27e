//! Latency summaries: percentiles from an HDR histogram (microsecond resolution).

use hdrhistogram::Histogram;

/// Latencies in microseconds, up to an hour.
pub struct Latencies {
    histogram: Histogram<u64>,
}

impl Default for Latencies {
    fn default() -> Self {
        Latencies { histogram: Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("histogram bounds") }
    }
}

impl Latencies {
    pub fn record_ns(&mut self, ns: i64) {
        let us = (ns / 1_000).max(1) as u64;
        self.histogram.saturating_record(us);
    }

    pub fn count(&self) -> u64 {
        self.histogram.len()
    }

    /// The `q` quantile (0.99 for p99) in milliseconds.
    pub fn ms(&self, q: f64) -> f64 {
        self.histogram.value_at_quantile(q) as f64 / 1000.0
    }

    pub fn max_ms(&self) -> f64 {
        self.histogram.max() as f64 / 1000.0
    }

    /// `p50 1.23 ms, p99 4.56 ms, p999 7.89 ms, max 9.99 ms (n = 1000)`
    pub fn summary(&self) -> String {
        format!(
            "p50 {:.2} ms, p99 {:.2} ms, p999 {:.2} ms, max {:.2} ms (n = {})",
            self.ms(0.5),
            self.ms(0.99),
            self.ms(0.999),
            self.max_ms(),
            self.count()
        )
    }
}

/// Resident memory of a process in KiB (VmRSS), Linux only.
pub fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no VmRSS for process {pid}"))
}

/// Nanoseconds since the Unix epoch, the clock every process on the machine shares.
pub fn now_ns() -> i64 {
    chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_what_was_recorded() {
        let mut l = Latencies::default();
        for ms in 1..=100 {
            l.record_ns(ms * 1_000_000);
        }
        assert_eq!(l.count(), 100);
        assert!((l.ms(0.5) - 50.0).abs() < 0.1, "{}", l.ms(0.5));
        assert!((l.ms(0.99) - 99.0).abs() < 0.1, "{}", l.ms(0.99));
        assert!((l.max_ms() - 100.0).abs() < 0.1);
    }
}
