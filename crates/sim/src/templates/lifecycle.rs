//! What Meta does to a template after its review: pauses that lift on their own (3 h the
//! first time, 6 h the second, disabled the third), and the marketing templates it
//! fails for customers who stopped marketing messages (131050).

use std::sync::Arc;

use parley_core::template::{TemplateCategory, TemplateStatus};
use serde_json::{Value, json};

use super::{StoredTemplate, review, status_webhook};
use crate::faults::Fault;
use crate::{SimState, unix_now};

/// Meta's error for a marketing template to a customer who stopped marketing messages.
pub(crate) const MARKETING_STOPPED: i64 = 131050;

/// How many of Meta's hours a pause lasts: the first 3, the second 6.
fn pause_hours(pauses: u32) -> u32 {
    if pauses <= 1 { 3 } else { 6 }
}

/// Sets the status of `name` and delivers a `message_template_status_update` for each
/// template changed; a pause is lifted later on its own. Returns how many changed.
pub(crate) fn announce_status(
    state: &Arc<SimState>,
    name: &str,
    language: Option<&str>,
    status: TemplateStatus,
    reason: Option<&str>,
) -> usize {
    let changed = state.templates.set_status(name, language, status);
    for template in &changed {
        let other_info = review::pause_info(template, reason);
        let rejection = (template.status == TemplateStatus::Rejected)
            .then(|| json!({"reason": reason.unwrap_or("NONE"), "recommendation": ""}));
        let meta_reason = match template.status {
            TemplateStatus::Rejected => reason,
            _ => None,
        };
        let mut value = status_webhook(template, meta_reason, rejection, other_info);
        if template.status == TemplateStatus::Disabled {
            value["disable_info"] = json!({"disable_date": unix_now()});
        }
        review::deliver(state, "message_template_status_update", value);
        if template.status == TemplateStatus::Paused {
            lift_later(state.clone(), template.clone());
        }
    }
    changed.len()
}

/// Approves `template` again once its pause is over (in the simulator's hours), with the
/// `APPROVED` webhook Meta sends when a pause ends.
fn lift_later(state: Arc<SimState>, template: StoredTemplate) {
    tokio::spawn(async move {
        let hours = pause_hours(template.pauses);
        if !state.pause(state.config.template_pause_hour * hours).await {
            return;
        }
        let Some(lifted) =
            state
                .templates
                .lift_pause(&template.id, template.revision, template.pauses)
        else {
            // Edited, deleted, or set to another status meanwhile: this pause no longer
            // decides anything.
            return;
        };
        let unpaused = json!({
            "title": "UNPAUSE",
            "description": "Your WhatsApp message template has been unpaused.",
        });
        let value = status_webhook(&lifted, None, None, Some(unpaused));
        review::deliver(&state, "message_template_status_update", value);
    });
}

/// The failure a template send earns after Meta accepted it: a marketing template to a
/// customer who stopped marketing messages fails with 131050 by status webhook.
pub(crate) fn marketing_refusal(state: &SimState, wa_id: &str, request: &Value) -> Option<Fault> {
    if request.get("type").and_then(Value::as_str) != Some("template") {
        return None;
    }
    let name = request.pointer("/template/name").and_then(Value::as_str)?;
    let language = request
        .pointer("/template/language/code")
        .and_then(Value::as_str)?;
    let template = state.templates.find(name, language)?;
    (template.definition.category == TemplateCategory::Marketing
        && state.customers.stopped_marketing(wa_id))
    .then_some(Fault::FailLater {
        code: MARKETING_STOPPED,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_pause_is_three_hours_and_later_ones_six() {
        assert_eq!(pause_hours(1), 3);
        assert_eq!(pause_hours(2), 6);
    }
}
