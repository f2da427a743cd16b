//! Pacing sends at the number's throughput (Meta: 80 messages/s by default, counted over
//! any one second). A token bucket one token deep: starts are spaced evenly, because a
//! deeper bucket lets a burst through on top of the steady rate and a sliding window
//! counts both. Slots are reserved when a send is claimed, so the sender claims only
//! what can start soon, and every concurrent send shares one schedule.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Meta counts on its clock, we on ours: starts spaced exactly at the limit would meet
/// it head-on whenever the network delays one request and not the next. Two percent
/// below the limit absorbs ~20 ms of such jitter per second at 80/s.
const HEADROOM: f64 = 0.98;
/// After a 130429, nobody starts for a few intervals: a refusal at the right rate comes
/// from jitter, and the window has room again as soon as its oldest send leaves it.
/// (Every pause costs sends: measured at 80/s, 100 ms pauses cost more than jitter.)
const PAUSE_INTERVALS: u32 = 4;
/// At least this long...
const SHORTEST_PAUSE: Duration = Duration::from_millis(40);
/// ...and never longer than this: the window Meta counts over is one second.
const LONGEST_PAUSE: Duration = Duration::from_secs(1);

pub(crate) struct Pacer {
    /// When the next send may start.
    next: Mutex<Instant>,
}

impl Pacer {
    pub(crate) fn new(now: Instant) -> Self {
        Self {
            next: Mutex::new(now),
        }
    }

    fn next(&self) -> std::sync::MutexGuard<'_, Instant> {
        // The guarded value is a plain instant: a panic elsewhere cannot leave it torn.
        self.next.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reserves the next start at `per_second` and returns when it is.
    pub(crate) fn reserve(&self, per_second: u32, now: Instant) -> Instant {
        let mut next = self.next();
        let slot = (*next).max(now);
        *next = slot + interval(per_second);
        slot
    }

    /// How far ahead starts are already reserved.
    pub(crate) fn reserved_ahead(&self, now: Instant) -> Duration {
        self.next().saturating_duration_since(now)
    }

    /// The Cloud API answered 130429: every send waits a moment, then the schedule
    /// goes on. Pauses from several sends refused at once do not add up.
    pub(crate) fn slow_down(&self, per_second: u32, now: Instant) {
        let pause = (interval(per_second) * PAUSE_INTERVALS).clamp(SHORTEST_PAUSE, LONGEST_PAUSE);
        let mut next = self.next();
        *next = (*next).max(now + pause);
    }
}

/// The time between two starts at `per_second`, less the headroom.
pub(crate) fn interval(per_second: u32) -> Duration {
    Duration::from_secs_f64(1.0 / (f64::from(per_second.max(1)) * HEADROOM))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_are_spaced_evenly_just_under_the_rate() {
        let t0 = Instant::now();
        let pacer = Pacer::new(t0);
        let slots: Vec<Instant> = (0..81).map(|_| pacer.reserve(80, t0)).collect();
        assert_eq!(slots[0], t0);
        // 81 starts take more than a second: never 81 in any one second.
        assert!(slots[80] - slots[0] > Duration::from_secs(1));
        // But not much more: the headroom is small.
        assert!(slots[80] - slots[0] < Duration::from_millis(1_030));
        for pair in slots.windows(2) {
            assert_eq!(pair[1] - pair[0], interval(80));
        }
    }

    #[test]
    fn an_idle_pacer_does_not_bank_a_burst() {
        let t0 = Instant::now();
        let pacer = Pacer::new(t0);
        let later = t0 + Duration::from_secs(10);
        assert_eq!(pacer.reserve(80, later), later);
        assert_eq!(pacer.reserve(80, later), later + interval(80));
        assert_eq!(pacer.reserved_ahead(later), interval(80) * 2);
    }

    #[test]
    fn a_refusal_pauses_everyone_once() {
        let t0 = Instant::now();
        let pacer = Pacer::new(t0);
        pacer.reserve(80, t0);
        pacer.slow_down(80, t0);
        pacer.slow_down(80, t0);
        assert_eq!(pacer.reserve(80, t0), t0 + interval(80) * PAUSE_INTERVALS);
        // Never shorter than the shortest pause, whatever the rate.
        let fast = Pacer::new(t0);
        fast.slow_down(1_000, t0);
        assert_eq!(fast.reserve(1_000, t0), t0 + SHORTEST_PAUSE);
        // At a low rate, a few intervals, within a second.
        let slow = Pacer::new(t0);
        slow.slow_down(5, t0);
        assert_eq!(slow.reserve(5, t0), t0 + interval(5) * PAUSE_INTERVALS);
        let slowest = Pacer::new(t0);
        slowest.slow_down(1, t0);
        assert_eq!(slowest.reserve(1, t0), t0 + LONGEST_PAUSE);
    }
}
