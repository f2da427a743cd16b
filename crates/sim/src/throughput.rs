//! Meta's per-number throughput: at most N messages in any one second (80 by default,
//! up to 1,000), beyond which a send is refused with 130429 "Rate limit hit". The
//! window slides, so a sender cannot fit two bursts into the seam between two clock
//! seconds; and an optional latency per request makes concurrency matter as it does
//! against the real Cloud API, whose answers take hundreds of milliseconds.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(1);

pub(crate) struct Throughput {
    /// Sends allowed in any one-second window; `None` means unlimited.
    per_second: Option<usize>,
    /// When each send of the last second was accepted, oldest first.
    recent: Mutex<VecDeque<Instant>>,
    refused: AtomicU64,
    admitted: Mutex<Admitted>,
}

/// Every send let through, for measuring the rate a sender achieved.
#[derive(Debug, Clone, Copy, Default)]
pub struct Admitted {
    pub count: u64,
    pub first_at: Option<Instant>,
    pub last_at: Option<Instant>,
}

impl Throughput {
    /// `per_second` 0 means no limit.
    pub(crate) fn new(per_second: u32) -> Self {
        let per_second = (per_second > 0).then_some(per_second as usize);
        Self {
            per_second,
            recent: Mutex::new(VecDeque::with_capacity(per_second.unwrap_or(0) + 1)),
            refused: AtomicU64::new(0),
            admitted: Mutex::new(Admitted::default()),
        }
    }

    /// Counts a send arriving at `now`; `false` means it is over the limit (130429), and
    /// it is not counted: a refused request is not a message sent.
    pub(crate) fn admit(&self, now: Instant) -> bool {
        let Some(limit) = self.per_second else {
            self.note_admitted(now);
            return true;
        };
        // A panic while holding the lock leaves plain timestamps behind; keep serving.
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        while recent
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= WINDOW)
        {
            recent.pop_front();
        }
        if recent.len() >= limit {
            self.refused.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        recent.push_back(now);
        drop(recent);
        self.note_admitted(now);
        true
    }

    fn note_admitted(&self, now: Instant) {
        let mut admitted = self.admitted.lock().unwrap_or_else(|p| p.into_inner());
        admitted.count += 1;
        admitted.first_at.get_or_insert(now);
        admitted.last_at = Some(now);
    }

    pub(crate) fn admitted(&self) -> Admitted {
        *self.admitted.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How many sends were refused for exceeding the limit so far.
    pub(crate) fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_holds_in_any_second_not_per_clock_second() {
        let limit = Throughput::new(3);
        let t0 = Instant::now();
        assert!(limit.admit(t0));
        assert!(limit.admit(t0 + Duration::from_millis(600)));
        assert!(limit.admit(t0 + Duration::from_millis(700)));
        // Still inside the second that began at t0.
        assert!(!limit.admit(t0 + Duration::from_millis(999)));
        // The first send has left the window; the other two have not.
        assert!(limit.admit(t0 + Duration::from_millis(1_000)));
        assert!(!limit.admit(t0 + Duration::from_millis(1_500)));
        assert!(limit.admit(t0 + Duration::from_millis(1_600)));
        assert_eq!(limit.refused(), 2);
        let admitted = limit.admitted();
        assert_eq!(admitted.count, 5);
        assert_eq!(admitted.first_at, Some(t0));
        assert_eq!(admitted.last_at, Some(t0 + Duration::from_millis(1_600)));
    }

    #[test]
    fn a_refused_send_does_not_use_up_the_window() {
        let limit = Throughput::new(1);
        let t0 = Instant::now();
        assert!(limit.admit(t0));
        for ms in [100, 200, 900] {
            assert!(!limit.admit(t0 + Duration::from_millis(ms)));
        }
        assert!(limit.admit(t0 + Duration::from_millis(1_000)));
        assert_eq!(limit.refused(), 3);
    }

    #[test]
    fn zero_means_unlimited() {
        let limit = Throughput::new(0);
        let t0 = Instant::now();
        assert!((0..10_000).all(|_| limit.admit(t0)));
        assert_eq!(limit.refused(), 0);
        assert_eq!(limit.admitted().count, 10_000);
    }
}
