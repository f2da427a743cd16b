//! The connection to the WhatsApp Business number as the inbox header shows it.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// What Meta reports about the number (`GET /{phone_number_id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NumberHealth {
    pub display_phone_number: Option<String>,
    pub verified_name: Option<String>,
    /// GREEN, YELLOW, RED or NA.
    pub quality_rating: Option<String>,
    /// CONNECTED, FLAGGED, RESTRICTED, ...
    pub status: Option<String>,
    pub messaging_limit_tier: Option<String>,
    pub checked_at: Timestamp,
}

/// Whether Parley can talk to the Cloud API with the configured account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ConnectionStatus {
    /// No account is configured.
    NotConfigured,
    /// The first check has not finished.
    Checking,
    Connected {
        number: NumberHealth,
    },
    /// Meta refused the check (a bad token, a wrong phone number id).
    Refused {
        code: i64,
        message: String,
        checked_at: Timestamp,
    },
    /// The Cloud API could not be reached.
    Unreachable {
        details: String,
        checked_at: Timestamp,
    },
}
