//! Meta's review of a submitted template: a verdict after a delay, announced by a
//! `message_template_status_update` webhook.

use std::sync::Arc;

use parley_core::template::{
    Component, Severity, TemplateCategory, TemplateDefinition, TemplateStatus, lint,
};
use serde_json::{Value, json};

use super::{StoredTemplate, status_name};
use crate::SimState;
use crate::webhooks;

/// Words that make a UTILITY template read like marketing (Meta rejects it as PROMOTIONAL).
const PROMOTIONAL_WORDS: &[&str] = &[
    "sale",
    "discount",
    "% off",
    "offer",
    "promo",
    "coupon",
    "deal",
    "free gift",
    "limited time",
    "buy now",
    "shop now",
    "best price",
];

/// What Meta decides, with the reason and recommendation it gives for a rejection.
pub(crate) struct Verdict {
    pub status: TemplateStatus,
    pub reason: Option<&'static str>,
    pub recommendation: Option<&'static str>,
}

pub(crate) fn verdict(definition: &TemplateDefinition) -> Verdict {
    let breaks_rules = lint(definition, None)
        .iter()
        .any(|d| d.severity == Severity::Error);
    if breaks_rules {
        return Verdict {
            status: TemplateStatus::Rejected,
            reason: Some("INVALID_FORMAT"),
            recommendation: Some(
                "The template does not follow the formatting rules: check parameters, examples, lengths and buttons.",
            ),
        };
    }
    if definition.category == TemplateCategory::Utility && reads_like_marketing(definition) {
        return Verdict {
            status: TemplateStatus::Rejected,
            reason: Some("PROMOTIONAL"),
            recommendation: Some(
                "Utility templates must be about a transaction or account the customer already has. Submit promotional content as MARKETING.",
            ),
        };
    }
    Verdict {
        status: TemplateStatus::Approved,
        reason: None,
        recommendation: None,
    }
}

fn reads_like_marketing(definition: &TemplateDefinition) -> bool {
    let text: String = definition
        .components
        .iter()
        .filter_map(|c| match c {
            Component::Header(h) => h.text.clone(),
            Component::Body(b) => Some(b.text.clone()),
            Component::Footer(f) => Some(f.text.clone()),
            Component::Buttons(_) => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    PROMOTIONAL_WORDS.iter().any(|word| {
        text.match_indices(word).any(|(at, _)| {
            // Whole words only: "deal" must not match "dealer", nor "sale" "wholesaler".
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// Reviews `template` (at its current revision) after the configured delay.
pub(crate) fn review_later(state: Arc<SimState>, template: StoredTemplate) {
    tokio::spawn(async move {
        if !state.pause(state.config.template_review).await {
            return;
        }
        let verdict = verdict(&template.definition);
        let Some(reviewed) = state.templates.conclude_review(
            &template.id,
            template.revision,
            verdict.status,
            verdict.reason,
        ) else {
            // Edited or deleted meanwhile: that version's review no longer matters.
            return;
        };
        let rejection = verdict.reason.map(|reason| {
            json!({"reason": reason, "recommendation": verdict.recommendation.unwrap_or_default()})
        });
        let value = status_webhook(&reviewed, verdict.reason, rejection, None);
        deliver(&state, "message_template_status_update", value);
    });
}

pub(crate) fn deliver(state: &SimState, field: &str, value: Value) {
    state
        .deliverer
        .deliver(&webhooks::change(&state.number, field, value));
}

/// Meta's numeric ids are numbers in webhooks.
fn numeric_id(id: &str) -> Value {
    id.parse::<u64>().map_or_else(|_| json!(id), |n| json!(n))
}

/// The `value` of a `message_template_status_update` webhook for `template`'s status.
pub(crate) fn status_webhook(
    template: &StoredTemplate,
    reason: Option<&str>,
    rejection_info: Option<Value>,
    other_info: Option<Value>,
) -> Value {
    let mut value = json!({
        "event": status_name(template.status),
        "message_template_id": numeric_id(&template.id),
        "message_template_name": template.definition.name,
        "message_template_language": template.definition.language,
        "message_template_category": template.definition.category,
        "reason": reason.unwrap_or("NONE"),
    });
    if let Some(info) = rejection_info {
        value["rejection_info"] = info;
    }
    if let Some(info) = other_info {
        value["other_info"] = info;
    }
    value
}

/// The `value` of a `message_template_quality_update` webhook.
pub(crate) fn quality_webhook(
    template: &StoredTemplate,
    previous: parley_core::template::TemplateQuality,
) -> Value {
    json!({
        "previous_quality_score": previous,
        "new_quality_score": template.quality,
        "message_template_id": numeric_id(&template.id),
        "message_template_name": template.definition.name,
        "message_template_language": template.definition.language,
    })
}

/// Why Meta paused or disabled a template, as `other_info` says it.
pub(crate) fn pause_info(template: &StoredTemplate, reason: Option<&str>) -> Option<Value> {
    let why = reason.unwrap_or("low quality: customers blocked or reported it");
    match template.status {
        TemplateStatus::Paused => {
            let (title, hours) = if template.pauses <= 1 {
                ("FIRST_PAUSE", 3)
            } else {
                ("SECOND_PAUSE", 6)
            };
            Some(json!({
                "title": title,
                "description": format!("Your WhatsApp message template has been paused for {hours} hours due to {why}."),
            }))
        }
        TemplateStatus::Disabled => Some(json!({
            "title": "DISABLED",
            "description": format!("Your WhatsApp message template has been disabled due to {why}."),
        })),
        _ => None,
    }
}
