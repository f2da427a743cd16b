//! The templates the simulated account has: Meta's list shape, creation with Meta's
//! synchronous refusals, review after a delay with status webhooks, edits within Meta's
//! limits, deletion, and pause/disable/quality changes on cue.

mod lifecycle;
mod review;
mod send;
mod uploads;

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use parley_core::template::{
    TemplateCategory, TemplateDefinition, TemplateQuality, TemplateStatus,
};
use serde_json::{Value, json};

use crate::graph_error::MetaError;
use crate::{ids, unix_now};

pub(crate) use lifecycle::{announce_status, marketing_refusal};
pub(crate) use review::{review_later, status_webhook};
pub(crate) use send::check_send;
pub(crate) use uploads::{Uploads, Written};

/// Meta: an approved template can be edited at most 10 times in 30 days.
pub(crate) const EDITS_PER_WINDOW: usize = 10;
pub(crate) const EDIT_WINDOW_SECONDS: i64 = 30 * 24 * 60 * 60;
/// Meta: at most 100 templates created per WABA per hour.
pub(crate) const CREATIONS_PER_HOUR: usize = 100;
/// Meta: the third pause of a template disables it.
pub(crate) const PAUSES_BEFORE_DISABLED: u32 = 3;

#[derive(Debug, Clone)]
pub(crate) struct StoredTemplate {
    pub id: String,
    pub definition: TemplateDefinition,
    pub status: TemplateStatus,
    pub quality: TemplateQuality,
    pub rejected_reason: Option<String>,
    pub previous_category: Option<String>,
    /// When each edit of the approved template happened (unix seconds), oldest first.
    pub edits: VecDeque<i64>,
    /// How many times it has been paused: the first pause lasts 3 h, the second 6 h,
    /// the third disables it.
    pub pauses: u32,
    /// Bumped on each submission, so a review started for an older version is dropped.
    pub revision: u64,
}

impl StoredTemplate {
    fn new(id: String, definition: TemplateDefinition, status: TemplateStatus) -> Self {
        Self {
            id,
            definition,
            status,
            quality: TemplateQuality::Unknown,
            rejected_reason: None,
            previous_category: None,
            edits: VecDeque::new(),
            pauses: 0,
            revision: 0,
        }
    }

    /// As `GET /{waba_id}/message_templates` lists it.
    pub(crate) fn to_json(&self) -> Value {
        let mut out = serde_json::to_value(&self.definition).unwrap_or_else(|_| json!({}));
        out["id"] = json!(self.id);
        out["status"] = json!(self.status);
        out["quality_score"] = json!({"score": self.quality, "date": unix_now()});
        out["rejected_reason"] = json!(self.rejected_reason.as_deref().unwrap_or("NONE"));
        if let Some(previous) = &self.previous_category {
            out["previous_category"] = json!(previous);
        }
        out
    }
}

#[derive(Default)]
struct Inner {
    templates: Vec<StoredTemplate>,
    /// When templates were created in the last hour (unix seconds).
    recent_creations: VecDeque<i64>,
}

pub(crate) struct TemplateStore {
    inner: Mutex<Inner>,
    pub(crate) uploads: Uploads,
}

impl TemplateStore {
    pub(crate) fn with_demo_templates() -> Self {
        Self {
            inner: Mutex::new(Inner {
                templates: demo(),
                recent_creations: VecDeque::new(),
            }),
            uploads: Uploads::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn list_json(&self) -> Vec<Value> {
        self.lock()
            .templates
            .iter()
            .map(StoredTemplate::to_json)
            .collect()
    }

    pub(crate) fn by_id(&self, id: &str) -> Option<StoredTemplate> {
        self.lock().templates.iter().find(|t| t.id == id).cloned()
    }

    pub(crate) fn find(&self, name: &str, language: &str) -> Option<StoredTemplate> {
        self.lock()
            .templates
            .iter()
            .find(|t| t.definition.name == name && t.definition.language == language)
            .cloned()
    }

    /// Stores a new template as PENDING; refuses a taken name+language and more than
    /// Meta's hourly creations.
    pub(crate) fn create(
        &self,
        definition: TemplateDefinition,
        now: i64,
    ) -> Result<StoredTemplate, MetaError> {
        let mut inner = self.lock();
        if inner.templates.iter().any(|t| {
            t.definition.name == definition.name && t.definition.language == definition.language
        }) {
            return Err(MetaError::template_language_exists(
                &definition.name,
                &definition.language,
            ));
        }
        inner.recent_creations.retain(|at| now - *at < 60 * 60);
        if inner.recent_creations.len() >= CREATIONS_PER_HOUR {
            return Err(MetaError::template_creation(
                2388019,
                "Message template limit reached",
                format!(
                    "This WhatsApp Business Account has created {CREATIONS_PER_HOUR} templates in the last hour. Try again later."
                ),
            ));
        }
        inner.recent_creations.push_back(now);
        let template = StoredTemplate::new(ids::media_id(), definition, TemplateStatus::Pending);
        inner.templates.push(template.clone());
        Ok(template)
    }

    /// Replaces category and components under Meta's edit rules; the template goes back
    /// to PENDING. Returns it with its new revision.
    pub(crate) fn edit(
        &self,
        id: &str,
        category: TemplateCategory,
        components: Vec<parley_core::template::Component>,
        now: i64,
    ) -> Result<StoredTemplate, MetaError> {
        let mut inner = self.lock();
        let template = inner
            .templates
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| MetaError::unknown_object(id))?;
        match template.status {
            TemplateStatus::Approved | TemplateStatus::Rejected | TemplateStatus::Paused => {}
            other => {
                return Err(MetaError::template_edit_refused(format!(
                    "A template with status {} cannot be edited. Only approved, rejected or paused templates can be edited.",
                    status_name(other)
                )));
            }
        }
        if template.status == TemplateStatus::Approved {
            if category != template.definition.category {
                return Err(MetaError::template_edit_refused(
                    "The category of an approved template cannot be edited.",
                ));
            }
            template.edits.retain(|at| now - *at < EDIT_WINDOW_SECONDS);
            if template.edits.len() >= EDITS_PER_WINDOW {
                return Err(MetaError::template_edit_refused(format!(
                    "An approved template can be edited {EDITS_PER_WINDOW} times in 30 days; this one has reached that limit."
                )));
            }
            template.edits.push_back(now);
        }
        template.definition.category = category;
        template.definition.components = components;
        template.status = TemplateStatus::Pending;
        template.rejected_reason = None;
        template.revision += 1;
        Ok(template.clone())
    }

    /// Removes every language of `name`, or with `id` only that one. Returns how many.
    pub(crate) fn delete(&self, name: &str, id: Option<&str>) -> usize {
        let mut inner = self.lock();
        let before = inner.templates.len();
        inner
            .templates
            .retain(|t| !(t.definition.name == name && id.is_none_or(|id| t.id == id)));
        before - inner.templates.len()
    }

    /// Applies a review's verdict if the template was not changed since; returns it.
    pub(crate) fn conclude_review(
        &self,
        id: &str,
        revision: u64,
        status: TemplateStatus,
        reason: Option<&str>,
    ) -> Option<StoredTemplate> {
        let mut inner = self.lock();
        let template = inner.templates.iter_mut().find(|t| {
            t.id == id && t.revision == revision && t.status == TemplateStatus::Pending
        })?;
        template.status = status;
        template.rejected_reason = reason.map(str::to_owned);
        Some(template.clone())
    }

    /// Sets the status of `name` (all languages, or one) as Meta would on its own;
    /// returns the templates changed, with how often each has now been paused. A pause
    /// reaches only an active template (approved or reinstated), and the third one
    /// disables it instead, as Meta does.
    pub(crate) fn set_status(
        &self,
        name: &str,
        language: Option<&str>,
        status: TemplateStatus,
    ) -> Vec<StoredTemplate> {
        let mut inner = self.lock();
        let mut changed = Vec::new();
        for template in inner.templates.iter_mut().filter(|t| {
            t.definition.name == name && language.is_none_or(|l| t.definition.language == l)
        }) {
            let next = if status == TemplateStatus::Paused {
                if !template.status.is_sendable() {
                    continue;
                }
                template.pauses += 1;
                if template.pauses >= PAUSES_BEFORE_DISABLED {
                    TemplateStatus::Disabled
                } else {
                    TemplateStatus::Paused
                }
            } else {
                status
            };
            template.status = next;
            changed.push(template.clone());
        }
        changed
    }

    /// How many templates are called `name` (in `language`, or in any).
    pub(crate) fn count_named(&self, name: &str, language: Option<&str>) -> usize {
        self.lock()
            .templates
            .iter()
            .filter(|t| {
                t.definition.name == name && language.is_none_or(|l| t.definition.language == l)
            })
            .count()
    }

    /// Ends the pause `pauses` of template `id`: approved again, unless something else
    /// happened to it meanwhile (an edit, a deletion, a status set by hand).
    pub(crate) fn lift_pause(
        &self,
        id: &str,
        revision: u64,
        pauses: u32,
    ) -> Option<StoredTemplate> {
        let mut inner = self.lock();
        let template = inner.templates.iter_mut().find(|t| {
            t.id == id
                && t.revision == revision
                && t.pauses == pauses
                && t.status == TemplateStatus::Paused
        })?;
        template.status = TemplateStatus::Approved;
        Some(template.clone())
    }

    /// Removes `name` (one language, or every one) as a person does in WhatsApp Manager:
    /// it leaves the list and no webhook says so. Returns how many.
    pub(crate) fn delete_in_console(&self, name: &str, language: Option<&str>) -> usize {
        let mut inner = self.lock();
        let before = inner.templates.len();
        inner.templates.retain(|t| {
            !(t.definition.name == name && language.is_none_or(|l| t.definition.language == l))
        });
        before - inner.templates.len()
    }

    /// Sets the quality of `name`; returns each template changed with its previous score.
    pub(crate) fn set_quality(
        &self,
        name: &str,
        language: Option<&str>,
        quality: TemplateQuality,
    ) -> Vec<(TemplateQuality, StoredTemplate)> {
        let mut inner = self.lock();
        let mut changed = Vec::new();
        for template in inner.templates.iter_mut().filter(|t| {
            t.definition.name == name && language.is_none_or(|l| t.definition.language == l)
        }) {
            let previous = template.quality;
            template.quality = quality;
            changed.push((previous, template.clone()));
        }
        changed
    }
}

fn demo_template(
    id: &str,
    status: TemplateStatus,
    quality: TemplateQuality,
    json: Value,
) -> Option<StoredTemplate> {
    let definition = serde_json::from_value(json).ok()?;
    let mut template = StoredTemplate::new(id.to_owned(), definition, status);
    template.quality = quality;
    Some(template)
}

/// The templates a fresh demo account has.
fn demo() -> Vec<StoredTemplate> {
    let mut summer_sale = demo_template(
        "771122334455667",
        TemplateStatus::Rejected,
        TemplateQuality::Unknown,
        json!({"name": "summer_sale", "language": "en_US", "category": "MARKETING", "components": [
            {"type": "BODY", "text": "{{1}}, our summer sale starts now!",
             "example": {"body_text": [["Dana"]]}}
        ]}),
    );
    if let Some(t) = summer_sale.as_mut() {
        t.rejected_reason = Some("INVALID_FORMAT".to_owned());
    }
    [
        demo_template(
            "1192339204654487",
            TemplateStatus::Approved,
            TemplateQuality::Green,
            json!({"name": "hello_world", "language": "en_US", "category": "UTILITY", "components": [
                {"type": "HEADER", "format": "TEXT", "text": "Hello World"},
                {"type": "BODY", "text": "Welcome and congratulations!! This message demonstrates your ability to send a message notification from WhatsApp Business Platform's Cloud API."},
                {"type": "FOOTER", "text": "WhatsApp Business API Team"}
            ]}),
        ),
        demo_template(
            "920070352646140",
            TemplateStatus::Approved,
            TemplateQuality::Green,
            json!({"name": "order_ready", "language": "he", "category": "UTILITY", "components": [
                {"type": "BODY", "text": "שלום {{1}}, ההזמנה {{2}} מוכנה לאיסוף בחנות.",
                 "example": {"body_text": [["דנה", "#1042"]]}}
            ]}),
        ),
        summer_sale,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// One page of `templates`, starting at the `after` cursor (an index here).
pub(crate) fn page(templates: &[Value], after: Option<&str>, limit: usize) -> Value {
    let start = after
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(0)
        .min(templates.len());
    let end = (start + limit.max(1)).min(templates.len());
    let mut paging = json!({"cursors": {"before": start.to_string(), "after": end.to_string()}});
    if end < templates.len() {
        paging["next"] = json!(format!("?after={end}"));
    }
    json!({"data": templates[start..end], "paging": paging})
}

/// Meta's status name for `status` (`"APPROVED"`...).
pub(crate) fn status_name(status: TemplateStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Sets the quality of `name` and delivers a `message_template_quality_update` for each
/// template changed. Returns how many changed.
pub(crate) fn announce_quality(
    state: &crate::SimState,
    name: &str,
    language: Option<&str>,
    quality: TemplateQuality,
) -> usize {
    let changed = state.templates.set_quality(name, language, quality);
    for (previous, template) in &changed {
        let value = review::quality_webhook(template, *previous);
        review::deliver(state, "message_template_quality_update", value);
    }
    changed.len()
}
