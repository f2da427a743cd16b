//! Webhook fields about the account: template reviews and quality, number quality,
//! account updates, marketing preferences.

use parley_core::Timestamp;
use parley_core::notice::AccountNotice;
use serde_json::Value;

use super::{string_of, timestamp_of};

/// A notice with the time Meta gave it, when it gave one.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub notice: AccountNotice,
    pub occurred_at: Option<Timestamp>,
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(string_of).filter(|s| !s.is_empty())
}

/// The notices a change of `field` carries; `None` for fields Parley does not read.
pub(crate) fn notices_of(field: &str, value: &Value) -> Option<Vec<Notice>> {
    let at = value.get("timestamp").and_then(timestamp_of);
    let one = |notice| {
        Some(vec![Notice {
            notice,
            occurred_at: at,
        }])
    };
    match field {
        "message_template_status_update" => one(AccountNotice::TemplateStatus {
            template_id: text(value, "message_template_id"),
            name: text(value, "message_template_name"),
            language: text(value, "message_template_language"),
            status: text(value, "event").unwrap_or_else(|| "UNKNOWN".to_owned()),
            reason: value
                .pointer("/rejection_info/reason")
                .and_then(string_of)
                .or_else(|| text(value, "reason"))
                .filter(|r| r != "NONE"),
            recommendation: value
                .pointer("/rejection_info/recommendation")
                .and_then(string_of)
                .or_else(|| value.pointer("/other_info/description").and_then(string_of)),
        }),
        "message_template_quality_update" => one(AccountNotice::TemplateQuality {
            template_id: text(value, "message_template_id"),
            name: text(value, "message_template_name"),
            language: text(value, "message_template_language"),
            previous: text(value, "previous_quality_score"),
            current: text(value, "new_quality_score"),
        }),
        "template_category_update" => one(AccountNotice::TemplateCategory {
            template_id: text(value, "message_template_id"),
            name: text(value, "message_template_name"),
            language: text(value, "message_template_language"),
            previous: text(value, "previous_category"),
            current: text(value, "new_category").or_else(|| text(value, "correct_category")),
        }),
        "phone_number_quality_update" => one(AccountNotice::NumberQuality {
            event: text(value, "event"),
            current_limit: text(value, "current_limit")
                .or_else(|| text(value, "max_daily_conversations_per_business")),
        }),
        "account_update" => one(AccountNotice::AccountUpdate {
            event: text(value, "event"),
            details: account_details(value),
        }),
        "user_preferences" => Some(
            value
                .get("user_preferences")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|p| text(p, "category").is_none_or(|c| c == "marketing_messages"))
                .filter_map(|p| {
                    let opted_out = match text(p, "value")?.to_ascii_lowercase().as_str() {
                        "stop" => true,
                        "resume" => false,
                        _ => return None,
                    };
                    Some(Notice {
                        notice: AccountNotice::MarketingPreference {
                            wa_id: text(p, "wa_id")?,
                            opted_out,
                            detail: text(p, "detail"),
                        },
                        occurred_at: p.get("timestamp").and_then(timestamp_of),
                    })
                })
                .collect(),
        ),
        _ => None,
    }
}

/// The parts of an account update a person needs: bans, restrictions, violations.
fn account_details(value: &Value) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(state) = value
        .pointer("/ban_info/waba_ban_state")
        .and_then(string_of)
    {
        parts.push(format!("ban: {state}"));
    }
    for r in value
        .get("restriction_info")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(kind) = text(r, "restriction_type") {
            parts.push(format!("restriction: {kind}"));
        }
    }
    if let Some(kind) = value
        .pointer("/violation_info/violation_type")
        .and_then(string_of)
    {
        parts.push(format!("violation: {kind}"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
