//! Delivery statuses of outbound messages and the rule that they only move forward.
//!
//! Meta delivers statuses at least once and in no particular order (a `read` can arrive
//! before its `delivered`), so every incoming status is checked against the current one.

use serde::{Deserialize, Serialize};

/// Where an outbound message is on its way to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Written to the outbox, not yet accepted by the Cloud API.
    Pending,
    /// The Cloud API answered with a message id; no status webhook yet.
    Accepted,
    Sent,
    Delivered,
    Read,
    /// A voice message the customer played.
    Played,
    /// Meta (or the send itself) failed it; the message carries the reason.
    Failed,
    /// Deleted on the customer's side.
    Deleted,
}

impl DeliveryStatus {
    /// Progress along the happy path; `None` for the two terminal outcomes.
    fn progress(self) -> Option<u8> {
        match self {
            Self::Pending => Some(0),
            Self::Accepted => Some(1),
            Self::Sent => Some(2),
            Self::Delivered => Some(3),
            Self::Read => Some(4),
            Self::Played => Some(5),
            Self::Failed | Self::Deleted => None,
        }
    }

    /// The status Meta names in webhooks (`sent`, `delivered`, ...). `None` for the two
    /// states only Parley knows about.
    pub fn from_webhook(status: &str) -> Option<Self> {
        match status {
            "sent" => Some(Self::Sent),
            "delivered" => Some(Self::Delivered),
            "read" => Some(Self::Read),
            "played" => Some(Self::Played),
            "failed" => Some(Self::Failed),
            "deleted" => Some(Self::Deleted),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Played => "played",
            Self::Failed => "failed",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "accepted" => Some(Self::Accepted),
            other => Self::from_webhook(other),
        }
    }

    /// Whether a message in status `self` should take `incoming`.
    ///
    /// - Along the happy path only forward moves apply: `read` never becomes `delivered`.
    /// - `failed` applies only while the message has not provably reached the phone;
    ///   a late `failed` after `delivered` is stale news.
    /// - `deleted` ends everything; nothing moves a failed or deleted message again.
    pub fn accepts(self, incoming: DeliveryStatus) -> bool {
        match (self.progress(), incoming) {
            (None, _) => false,
            (Some(_), Self::Deleted) => true,
            (Some(current), Self::Failed) => current < 3,
            (Some(current), incoming) => incoming.progress().is_some_and(|next| next > current),
        }
    }

    /// The status after applying `incoming`, which may be the current one unchanged.
    pub fn advance(self, incoming: DeliveryStatus) -> DeliveryStatus {
        if self.accepts(incoming) {
            incoming
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DeliveryStatus::{self, *};

    const ALL: [DeliveryStatus; 8] = [
        Pending, Accepted, Sent, Delivered, Read, Played, Failed, Deleted,
    ];

    #[test]
    fn read_never_goes_back_to_delivered() {
        assert_eq!(Read.advance(Delivered), Read);
        assert_eq!(Read.advance(Sent), Read);
        assert_eq!(Delivered.advance(Sent), Delivered);
    }

    #[test]
    fn happy_path_moves_forward_even_when_skipping_steps() {
        assert_eq!(Pending.advance(Accepted), Accepted);
        assert_eq!(Accepted.advance(Sent), Sent);
        assert_eq!(Sent.advance(Read), Read);
        assert_eq!(Pending.advance(Delivered), Delivered);
        assert_eq!(Read.advance(Played), Played);
    }

    #[test]
    fn out_of_order_arrival_ends_at_the_furthest_status() {
        let arrivals = [Read, Sent, Delivered, Sent, Read];
        let end = arrivals.iter().fold(Accepted, |s, &next| s.advance(next));
        assert_eq!(end, Read);
    }

    #[test]
    fn repeated_status_is_not_a_change() {
        for status in ALL {
            assert!(!status.accepts(status), "{status:?} must not accept itself");
        }
    }

    #[test]
    fn failure_applies_only_before_delivery() {
        assert_eq!(Pending.advance(Failed), Failed);
        assert_eq!(Accepted.advance(Failed), Failed);
        assert_eq!(Sent.advance(Failed), Failed);
        assert_eq!(Delivered.advance(Failed), Delivered);
        assert_eq!(Read.advance(Failed), Read);
    }

    #[test]
    fn failed_and_deleted_are_terminal() {
        for incoming in ALL {
            assert_eq!(Failed.advance(incoming), Failed);
            assert_eq!(Deleted.advance(incoming), Deleted);
        }
    }

    #[test]
    fn deletion_applies_from_any_live_state() {
        for status in [Pending, Accepted, Sent, Delivered, Read, Played] {
            assert_eq!(status.advance(Deleted), Deleted);
        }
    }

    #[test]
    fn names_round_trip() {
        for status in ALL {
            assert_eq!(DeliveryStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(DeliveryStatus::from_webhook("pending"), None);
        assert_eq!(DeliveryStatus::from_webhook("warning"), None);
    }
}
