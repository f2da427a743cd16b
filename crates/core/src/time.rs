//! Instants are UTC milliseconds since the Unix epoch everywhere in Parley: that is what
//! the store keeps, what crosses IPC, and what the rules compare. Time zones only enter
//! where a schedule is evaluated.

use serde::{Deserialize, Serialize};

/// A UTC instant with millisecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct Timestamp(pub i64);

pub const SECOND_MS: i64 = 1_000;
pub const MINUTE_MS: i64 = 60 * SECOND_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    /// Meta's webhooks carry whole Unix seconds.
    pub const fn from_unix_seconds(seconds: i64) -> Self {
        Self(seconds.saturating_mul(SECOND_MS))
    }

    pub const fn as_millis(self) -> i64 {
        self.0
    }

    pub const fn as_unix_seconds(self) -> i64 {
        self.0.div_euclid(SECOND_MS)
    }

    pub const fn plus_millis(self, ms: i64) -> Self {
        Self(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self`; negative when `earlier` is actually later.
    pub const fn millis_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_trip_and_floor_for_negative_instants() {
        let t = Timestamp::from_unix_seconds(1_749_416_383);
        assert_eq!(t.as_millis(), 1_749_416_383_000);
        assert_eq!(t.as_unix_seconds(), 1_749_416_383);
        assert_eq!(Timestamp::from_millis(-1).as_unix_seconds(), -1);
    }

    #[test]
    fn arithmetic_saturates_instead_of_overflowing() {
        assert_eq!(Timestamp(i64::MAX).plus_millis(1), Timestamp(i64::MAX));
        assert_eq!(Timestamp(i64::MIN).millis_since(Timestamp(1)), i64::MIN);
    }
}
