//! Events about the account rather than a conversation: template reviews, quality
//! changes, account updates and customers' marketing preferences.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AccountNotice {
    /// A template was approved, rejected, paused, disabled, ...
    TemplateStatus {
        template_id: Option<String>,
        name: Option<String>,
        language: Option<String>,
        status: String,
        reason: Option<String>,
        recommendation: Option<String>,
    },
    TemplateQuality {
        template_id: Option<String>,
        name: Option<String>,
        language: Option<String>,
        previous: Option<String>,
        current: Option<String>,
    },
    TemplateCategory {
        template_id: Option<String>,
        name: Option<String>,
        language: Option<String>,
        previous: Option<String>,
        current: Option<String>,
    },
    /// The number's quality or messaging limit changed.
    NumberQuality {
        event: Option<String>,
        current_limit: Option<String>,
    },
    AccountUpdate {
        event: Option<String>,
        details: Option<String>,
    },
    /// A customer stopped or resumed marketing messages.
    MarketingPreference {
        wa_id: String,
        opted_out: bool,
        detail: Option<String>,
    },
}

/// A stored notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AccountEvent {
    pub id: i64,
    pub notice: AccountNotice,
    pub occurred_at: Timestamp,
}
