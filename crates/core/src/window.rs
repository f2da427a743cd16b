//! The customer-service window: every inbound message opens (or extends) a 24-hour period
//! in which the business may answer free-form. Outside it only an approved template may be
//! sent; Meta fails a free-form send with 131047.

use serde::{Deserialize, Serialize};

use crate::time::{DAY_MS, Timestamp};

/// How long one inbound message keeps the window open.
pub const SERVICE_WINDOW_MS: i64 = DAY_MS;

/// The state of a conversation's service window at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ServiceWindow {
    /// The customer has never written: only a template can start the conversation.
    NeverOpened,
    /// Free-form messages are allowed until `closes_at`.
    Open {
        closes_at: Timestamp,
        /// Never more than 24 h, even when the local clock runs behind Meta's.
        remaining_ms: i64,
    },
    /// The last inbound message is 24 h old or older.
    Closed { closed_at: Timestamp },
}

impl ServiceWindow {
    /// The window at `now`, given the timestamp of the customer's latest inbound message.
    ///
    /// The window is the half-open interval `[last_inbound, last_inbound + 24 h)`: at
    /// exactly 24 h it is already closed, because Meta rejects at that point too.
    pub fn at(last_inbound: Option<Timestamp>, now: Timestamp) -> Self {
        let Some(last_inbound) = last_inbound else {
            return Self::NeverOpened;
        };
        let closes_at = last_inbound.plus_millis(SERVICE_WINDOW_MS);
        let remaining_ms = closes_at.millis_since(now);
        if remaining_ms > 0 {
            Self::Open {
                closes_at,
                remaining_ms: remaining_ms.min(SERVICE_WINDOW_MS),
            }
        } else {
            Self::Closed {
                closed_at: closes_at,
            }
        }
    }

    /// Whether a free-form (non-template) message may be sent now.
    pub fn allows_free_form(&self) -> bool {
        matches!(self, Self::Open { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{HOUR_MS, MINUTE_MS};

    const T0: Timestamp = Timestamp(1_750_000_000_000);

    #[test]
    fn no_inbound_message_means_never_opened() {
        let window = ServiceWindow::at(None, T0);
        assert_eq!(window, ServiceWindow::NeverOpened);
        assert!(!window.allows_free_form());
    }

    #[test]
    fn fresh_inbound_message_opens_a_full_day() {
        let window = ServiceWindow::at(Some(T0), T0);
        assert_eq!(
            window,
            ServiceWindow::Open {
                closes_at: T0.plus_millis(DAY_MS),
                remaining_ms: DAY_MS
            }
        );
        assert!(window.allows_free_form());
    }

    #[test]
    fn one_millisecond_before_the_deadline_is_still_open() {
        let now = T0.plus_millis(DAY_MS - 1);
        assert_eq!(
            ServiceWindow::at(Some(T0), now),
            ServiceWindow::Open {
                closes_at: T0.plus_millis(DAY_MS),
                remaining_ms: 1
            }
        );
    }

    #[test]
    fn exactly_twenty_four_hours_later_is_closed() {
        let window = ServiceWindow::at(Some(T0), T0.plus_millis(DAY_MS));
        assert_eq!(
            window,
            ServiceWindow::Closed {
                closed_at: T0.plus_millis(DAY_MS)
            }
        );
        assert!(!window.allows_free_form());
    }

    #[test]
    fn long_silence_stays_closed() {
        let window = ServiceWindow::at(Some(T0), T0.plus_millis(30 * DAY_MS));
        assert!(!window.allows_free_form());
    }

    #[test]
    fn remaining_time_is_capped_when_local_clock_is_behind() {
        // Meta stamped the message 10 minutes "in the future" of our clock.
        let now = T0.plus_millis(-10 * MINUTE_MS);
        let ServiceWindow::Open { remaining_ms, .. } = ServiceWindow::at(Some(T0), now) else {
            panic!("window must be open");
        };
        assert_eq!(remaining_ms, DAY_MS);
    }

    #[test]
    fn remaining_time_counts_down() {
        let now = T0.plus_millis(20 * HOUR_MS);
        let ServiceWindow::Open { remaining_ms, .. } = ServiceWindow::at(Some(T0), now) else {
            panic!("window must be open");
        };
        assert_eq!(remaining_ms, 4 * HOUR_MS);
    }

    #[test]
    fn serialises_with_a_state_tag_for_the_ui() {
        let json = serde_json::to_value(ServiceWindow::at(Some(T0), T0)).expect("serialise");
        assert_eq!(json["state"], "open");
        assert_eq!(json["closesAt"], T0.plus_millis(DAY_MS).as_millis());
        assert_eq!(json["remainingMs"], DAY_MS);
    }
}
