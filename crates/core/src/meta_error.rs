//! What Parley does with an error from the Cloud API: retry later, or stop and explain.
//!
//! The explanation itself is the UI's job (it is translated); this module only decides.

use serde::{Deserialize, Serialize};

/// Why an outbound message did not make it. Shown on the message in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "source",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SendFailure {
    /// Meta refused the message, synchronously or through a `failed` status webhook.
    Meta {
        code: i64,
        title: String,
        details: Option<String>,
    },
    /// The Cloud API could not be reached, and retries ran out.
    Network { details: String },
    /// The request left but no answer came back. Parley does not resend blindly: a
    /// second copy could reach the customer.
    OutcomeUnknown { details: String },
    /// Parley itself could not build or send the request (a bug or a damaged queue).
    Local { details: String },
}

/// What the sender should do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Temporary: try the same request again after a backoff.
    Retryable,
    /// Retrying would fail the same way: stop and show the reason.
    Permanent,
}

/// Codes Meta documents as temporary: throttling and service hiccups.
const RETRYABLE_CODES: &[i64] = &[
    1,      // API unknown error
    2,      // API service temporarily unavailable
    4,      // application request limit
    80007,  // WABA rate limit
    130429, // throughput limit reached
    131000, // something went wrong
    131016, // service unavailable
    131056, // pair rate limit: too many messages to one user
    133004, // server temporarily unavailable
];

/// Classifies a Graph API error by its code and the HTTP status it came with.
pub fn classify(code: i64, http_status: Option<u16>) -> ErrorClass {
    if RETRYABLE_CODES.contains(&code) || http_status.is_some_and(|s| s >= 500) {
        ErrorClass::Retryable
    } else {
        ErrorClass::Permanent
    }
}

/// Meta's code for a free-form send outside the 24-hour window.
pub const OUTSIDE_SERVICE_WINDOW: i64 = 131047;

/// Meta's code for a marketing message to a customer who stopped marketing messages from
/// the business in WhatsApp. Permanent for that customer: Parley records their opt-out.
pub const MARKETING_STOPPED: i64 = 131050;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_and_outages_are_retried() {
        for code in [130429, 131056, 131000, 4, 80007] {
            assert_eq!(classify(code, Some(400)), ErrorClass::Retryable, "{code}");
        }
        assert_eq!(classify(100, Some(503)), ErrorClass::Retryable);
    }

    #[test]
    fn business_rule_failures_are_permanent() {
        for code in [
            OUTSIDE_SERVICE_WINDOW,
            MARKETING_STOPPED,
            131026,
            132000,
            132001,
            190,
            100,
        ] {
            assert_eq!(classify(code, Some(400)), ErrorClass::Permanent, "{code}");
        }
        assert_eq!(classify(131047, None), ErrorClass::Permanent);
    }

    #[test]
    fn failure_serialises_with_its_source() {
        let json = serde_json::to_value(SendFailure::Meta {
            code: 131047,
            title: "Re-engagement message".into(),
            details: None,
        })
        .expect("serialise");
        assert_eq!(json["source"], "meta");
        assert_eq!(json["code"], 131047);
    }
}
