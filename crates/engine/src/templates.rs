//! The template studio: drafts (kept locally, work without a connected account), the
//! template list as a manager sees it, and submitting, editing and deleting at Meta. A
//! draft is linted before anything is sent: a template Parley can tell Meta would reject
//! never leaves, and Meta's own refusals are explained with the same words.
//!
//! Statuses come back by webhook and by polling the list; the store applies whichever
//! comes first (see `parley_store::TemplateSource`), and each change is announced once
//! as [`crate::EngineEvent::TemplateStatusChanged`].

mod errors;
mod examples;
mod send;
mod submit_outcome;

use std::path::Path;

use parley_core::agent::Role;
use parley_core::media::mime_for_extension;
use parley_core::template::{
    Diagnostic, TemplateDefinition, TemplateStatus, explain_creation_error, lint,
};
use parley_core::{AgentId, Timestamp};
use parley_store::{Store, TemplateDraft, TemplateRecord};
use parley_whatsapp::ApiError;
use serde::Serialize;

pub use errors::{MAX_EDITS_PER_WINDOW, TemplateError};
pub use send::{TemplateHeaderInput, TemplateSend};
pub use submit_outcome::{Refuser, SubmitOutcome};

use crate::agents::require;
use crate::events::Announcement;
use crate::{Engine, EngineError, now};

const MANAGE: &str = "manage templates";

/// A template as the manager's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    /// Meta's template id.
    pub id: String,
    pub name: String,
    pub language: String,
    /// One of Meta's statuses, as Meta wrote it (`APPROVED`, `PAUSED`, ...).
    pub status: String,
    pub category: Option<String>,
    pub quality: Option<String>,
    /// Why Meta rejected, paused or disabled it.
    pub rejection_reason: Option<String>,
    /// Meta's advice with it.
    pub recommendation: Option<String>,
    /// The template in Meta's JSON, when its components could be read.
    pub definition: Option<TemplateDefinition>,
    /// When the current status began.
    pub status_changed_at: Option<Timestamp>,
    /// For an approved template: how many more edits Meta allows in the current 30 days.
    pub edits_left: Option<u32>,
    /// What the linter says today (an approved template gets warnings only).
    pub diagnostics: Vec<Diagnostic>,
    pub updated_at: Timestamp,
}

impl TemplateSummary {
    fn of(record: TemplateRecord, at: Timestamp) -> Self {
        let definition = record.definition().ok();
        let status = known_status(&record.status);
        let diagnostics = definition
            .as_ref()
            .map(|d| lint(d, status))
            .unwrap_or_default();
        let edits_left = (status == Some(TemplateStatus::Approved))
            .then(|| MAX_EDITS_PER_WINDOW.saturating_sub(record.edits_in_window(at)));
        Self {
            id: record.id,
            name: record.name,
            language: record.language,
            status: record.status,
            category: record.category,
            quality: record.quality,
            rejection_reason: record.rejection_reason,
            recommendation: record.recommendation,
            definition,
            status_changed_at: record.status_changed_at,
            edits_left,
            diagnostics,
            updated_at: record.updated_at,
        }
    }
}

/// One of Meta's statuses, or `None` for a value Parley does not know.
pub(crate) fn known_status(status: &str) -> Option<TemplateStatus> {
    serde_json::from_value(serde_json::Value::String(status.to_owned())).ok()
}

/// Every template Parley knows, by name and language.
pub async fn list(store: &Store) -> Result<Vec<TemplateSummary>, EngineError> {
    let at = now();
    Ok(store
        .templates()
        .await?
        .into_iter()
        .map(|r| TemplateSummary::of(r, at))
        .collect())
}

/// Saves a draft: new when `id` is `None`. `template_id` marks it as an edit of that
/// submitted template. Drafts may hold lint errors: they are work in progress.
pub async fn save_draft(
    store: &Store,
    actor: AgentId,
    id: Option<i64>,
    definition: &TemplateDefinition,
    template_id: Option<&str>,
) -> Result<TemplateDraft, EngineError> {
    require(store, actor, Role::may_manage_templates, MANAGE).await?;
    if let Some(template_id) = template_id {
        store.template(template_id).await?;
    }
    Ok(store
        .save_template_draft(id, definition, template_id, now())
        .await?)
}

/// Every draft, the latest edited first.
pub async fn drafts(store: &Store) -> Result<Vec<TemplateDraft>, EngineError> {
    Ok(store.template_drafts().await?)
}

pub async fn delete_draft(store: &Store, actor: AgentId, id: i64) -> Result<(), EngineError> {
    require(store, actor, Role::may_manage_templates, MANAGE).await?;
    Ok(store.delete_template_draft(id).await?)
}

/// Refuses a template the linter finds errors in, with every diagnostic.
fn refuse_lint_errors(definition: &TemplateDefinition) -> Result<(), TemplateError> {
    let diagnostics = lint(definition, None);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(TemplateError::Lint(diagnostics));
    }
    Ok(())
}

/// Meta's refusal of a creation or edit, explained when Parley knows the subcode.
fn refusal(error: ApiError) -> EngineError {
    let ApiError::Graph { error: graph, .. } = &error else {
        return error.into();
    };
    if let Some(explanation) = graph
        .error_subcode
        .and_then(|s| u32::try_from(s).ok())
        .and_then(explain_creation_error)
    {
        return TemplateError::Refused(explanation).into();
    }
    match (&graph.error_user_title, &graph.error_user_msg) {
        (Some(title), Some(message)) => {
            TemplateError::RefusedByMeta(format!("{title}: {message}")).into()
        }
        (None, Some(message)) => TemplateError::RefusedByMeta(message.clone()).into(),
        _ => error.into(),
    }
}

fn category_name(definition: &TemplateDefinition) -> Result<String, EngineError> {
    match serde_json::to_value(definition.category) {
        Ok(serde_json::Value::String(name)) => Ok(name),
        other => Err(EngineError::Internal(format!(
            "template category as text: {other:?}"
        ))),
    }
}

impl Engine {
    /// Submits a draft for Meta's review (an edit, when the draft edits a submitted
    /// template). Lint errors refuse it before anything is sent.
    pub async fn submit_template(
        &self,
        actor: AgentId,
        draft_id: i64,
    ) -> Result<TemplateSummary, EngineError> {
        let store = &self.shared.store;
        require(store, actor, Role::may_manage_templates, MANAGE).await?;
        let draft = store.template_draft(draft_id).await?;
        if draft.template_id.is_some() {
            return self.edit_template(actor, draft_id).await;
        }
        let definition = &draft.definition;
        refuse_lint_errors(definition)?;
        let created = self
            .shared
            .client
            .create_template(&self.shared.account.waba_id, definition)
            .await
            .map_err(refusal)?;
        let status = serde_json::to_value(created.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "PENDING".to_owned());
        let category = serde_json::to_value(created.category)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .map_or_else(|| category_name(definition), Ok)?;
        let record = store
            .record_template_submission(
                Some(draft_id),
                &created.id,
                definition,
                &status,
                &category,
                now(),
            )
            .await?;
        self.shared.announce(Announcement::TemplatesChanged);
        Ok(TemplateSummary::of(record, now()))
    }

    /// Submits a draft that edits a submitted template: Meta reviews it again. Allowed
    /// for approved, rejected and paused templates, at most 10 times in 30 days once
    /// approved.
    pub async fn edit_template(
        &self,
        actor: AgentId,
        draft_id: i64,
    ) -> Result<TemplateSummary, EngineError> {
        let store = &self.shared.store;
        require(store, actor, Role::may_manage_templates, MANAGE).await?;
        let draft = store.template_draft(draft_id).await?;
        let Some(template_id) = draft.template_id.as_deref() else {
            return Err(EngineError::Invalid(
                "this draft is a new template: submit it instead".to_owned(),
            ));
        };
        let current = store.template(template_id).await?;
        let definition = &draft.definition;
        if definition.name != current.name || definition.language != current.language {
            return Err(TemplateError::RenamedInEdit.into());
        }
        match known_status(&current.status) {
            Some(TemplateStatus::Approved) => {
                if current.edits_in_window(now()) >= MAX_EDITS_PER_WINDOW {
                    return Err(TemplateError::EditLimit.into());
                }
            }
            Some(TemplateStatus::Rejected | TemplateStatus::Paused) => {}
            _ => return Err(TemplateError::NotEditable(current.status).into()),
        }
        refuse_lint_errors(definition)?;
        self.shared
            .client
            .edit_template(template_id, definition)
            .await
            .map_err(refusal)?;
        let category = category_name(definition)?;
        let record = store
            .record_template_edit(Some(draft_id), template_id, definition, &category, now())
            .await?;
        self.shared.announce(Announcement::TemplatesChanged);
        Ok(TemplateSummary::of(record, now()))
    }

    /// Deletes a template at Meta: one language, or every language of `name`.
    pub async fn delete_template(
        &self,
        actor: AgentId,
        name: &str,
        language: Option<&str>,
    ) -> Result<(), EngineError> {
        let store = &self.shared.store;
        require(store, actor, Role::may_manage_templates, MANAGE).await?;
        let template_id = match language {
            Some(language) => Some(
                store
                    .template_named(name, language)
                    .await?
                    .ok_or(parley_store::StoreError::NotFound("template"))?
                    .id,
            ),
            None => None,
        };
        self.shared
            .client
            .delete_template(&self.shared.account.waba_id, name, template_id.as_deref())
            .await?;
        store.forget_templates(name, language).await?;
        self.shared.announce(Announcement::TemplatesChanged);
        Ok(())
    }

    /// Uploads a media header's example (image, video or PDF) with Meta's resumable
    /// upload on the app `app_id`; the handle for `example.header_handle`.
    pub async fn upload_template_media(
        &self,
        actor: AgentId,
        app_id: &str,
        path: &Path,
    ) -> Result<String, EngineError> {
        require(
            &self.shared.store,
            actor,
            Role::may_manage_templates,
            MANAGE,
        )
        .await?;
        let bytes = tokio::fs::read(path)
            .await
            .map_err(|e| EngineError::File(format!("could not read {}: {e}", path.display())))?;
        let mime = mime_for_extension(
            path.extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default(),
        );
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("example");
        Ok(self
            .shared
            .client
            .upload_template_media(app_id, bytes, mime, file_name)
            .await?)
    }
}
