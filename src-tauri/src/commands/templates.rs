//! The template studio: lint as the user types, drafts, submission and Meta's review,
//! Meta's JSON in and out, and sending an approved template to a customer.

use parley_core::message::Message;
use parley_core::template::{
    Diagnostic, TemplateDefinition, TemplateStatus, lint, parse_template_file,
};
use parley_core::{ConversationId, Timestamp};
use parley_engine::templates::{self, SubmitOutcome, TemplateSend, TemplateSummary};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::profile::Profiles;

const JSON: crate::dialogs::Filter<'static> = Some(("JSON", &["json"]));

/// The simulator's app id: it accepts example uploads for any id.
const DEMO_APP_ID: &str = "demo-app";

/// What the linter says about a template being written; `status` is the status Meta
/// gave it, if submitted (an approved one is shown no errors).
#[tauri::command]
#[specta::specta]
pub fn lint_template(
    definition: TemplateDefinition,
    status: Option<TemplateStatus>,
) -> Vec<Diagnostic> {
    lint(&definition, status)
}

/// A template being written, kept locally until it is submitted.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDraftView {
    pub id: i64,
    pub definition: TemplateDefinition,
    /// The submitted template this draft edits; `None` for a new one.
    pub template_id: Option<String>,
    pub updated_at: Timestamp,
}

impl From<parley_store::TemplateDraft> for TemplateDraftView {
    fn from(draft: parley_store::TemplateDraft) -> Self {
        Self {
            id: draft.id,
            definition: draft.definition,
            template_id: draft.template_id,
            updated_at: draft.updated_at,
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn template_drafts(
    profiles: State<'_, Profiles>,
) -> CommandResult<Vec<TemplateDraftView>> {
    let running = profiles.current().await?;
    Ok(templates::drafts(&running.store)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Saves a draft (a new one when `draft_id` is `None`).
#[tauri::command]
#[specta::specta]
pub async fn save_template_draft(
    profiles: State<'_, Profiles>,
    draft_id: Option<i64>,
    definition: TemplateDefinition,
    template_id: Option<String>,
) -> CommandResult<TemplateDraftView> {
    let running = profiles.current().await?;
    let actor = running.at_desk()?;
    Ok(templates::save_draft(
        &running.store,
        actor,
        draft_id,
        &definition,
        template_id.as_deref(),
    )
    .await?
    .into())
}

#[tauri::command]
#[specta::specta]
pub async fn delete_template_draft(
    profiles: State<'_, Profiles>,
    draft_id: i64,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    let actor = running.at_desk()?;
    Ok(templates::delete_draft(&running.store, actor, draft_id).await?)
}

/// Submits a draft to Meta (or, for a draft of a submitted template, submits the edit).
/// Lint errors refuse it before anything is sent; they and Meta's refusals Parley can
/// explain come back as diagnostics for the editor, the draft kept. Meta's other
/// refusals are errors in Meta's words.
#[tauri::command]
#[specta::specta]
pub async fn submit_template_draft(
    profiles: State<'_, Profiles>,
    draft_id: i64,
) -> CommandResult<SubmitOutcome> {
    let running = profiles.current().await?;
    let actor = running.at_desk()?;
    Ok(running
        .engine()?
        .submit_template_outcome(actor, draft_id)
        .await?)
}

/// Every template Meta has for the account, as the manager's list shows them.
#[tauri::command]
#[specta::specta]
pub async fn managed_templates(
    profiles: State<'_, Profiles>,
) -> CommandResult<Vec<TemplateSummary>> {
    let running = profiles.current().await?;
    Ok(templates::list(&running.store).await?)
}

/// Deletes a template from Meta: one language, or every language of the name.
#[tauri::command]
#[specta::specta]
pub async fn delete_template(
    profiles: State<'_, Profiles>,
    name: String,
    language: Option<String>,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    let actor = running.at_desk()?;
    Ok(running
        .engine()?
        .delete_template(actor, &name, language.as_deref())
        .await?)
}

/// Asks for a file of Meta's template JSON (one template, a list, or `{"data": [...]}`
/// as Meta lists them); `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn import_template_json(
    app: AppHandle,
) -> CommandResult<Option<Vec<TemplateDefinition>>> {
    let Some(path) = crate::dialogs::pick_file(&app, JSON).await? else {
        return Ok(None);
    };
    let bytes = tokio::fs::read(&path).await.map_err(|e| {
        CommandError::new(
            ErrorCode::FileUnreadable,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let entries = parse_template_file(&bytes).map_err(|reason| {
        CommandError::new(
            ErrorCode::InvalidMessage,
            format!("{}: {reason}", path.display()),
        )
    })?;
    Ok(Some(entries.into_iter().map(|e| e.template).collect()))
}

/// Asks where to save and writes the template as Meta's JSON (the body of
/// `POST /{waba_id}/message_templates`); `false` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_template_json(
    app: AppHandle,
    definition: TemplateDefinition,
) -> CommandResult<bool> {
    let name = format!("{}.{}.json", definition.name, definition.language);
    let Some(path) = crate::dialogs::save_file(&app, &name, JSON).await? else {
        return Ok(false);
    };
    let json = serde_json::to_string_pretty(&definition)
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?;
    tokio::fs::write(&path, json).await.map_err(|e| {
        CommandError::new(
            ErrorCode::FileUnreadable,
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(true)
}

/// A media header's example, uploaded to Meta.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UploadedExample {
    /// Meta's handle for `example.header_handle`.
    pub handle: String,
    pub file_name: String,
}

/// Asks for an example file for a media header and uploads it with the Meta app id of the
/// account settings (the simulator's in the demo); `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn upload_header_example(
    app: AppHandle,
    profiles: State<'_, Profiles>,
) -> CommandResult<Option<UploadedExample>> {
    let running = profiles.current().await?;
    let actor = running.at_desk()?;
    let engine = running.engine()?;
    let demo = running.mode == crate::profile::Mode::Demo;
    // Refused before the file dialog: choosing a file that cannot be sent wastes the
    // user's time.
    if !demo && engine.account().app_id.is_none() {
        return Err(
            parley_engine::EngineError::from(templates::TemplateError::AppIdMissing).into(),
        );
    }
    let Some(path) = crate::dialogs::pick_file(&app, None).await? else {
        return Ok(None);
    };
    let handle = if demo {
        engine
            .upload_template_media(actor, DEMO_APP_ID, &path)
            .await?
    } else {
        engine.upload_header_example(actor, &path).await?
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Some(UploadedExample { handle, file_name }))
}

/// Sends an approved template with what the composer's form filled in. Allowed when the
/// 24-hour window is closed: that is what templates are for.
#[tauri::command]
#[specta::specta]
pub async fn send_template(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    send: TemplateSend,
) -> CommandResult<Message> {
    let running = profiles.current().await?;
    let by = running.sent_by_desk()?;
    Ok(running
        .engine()?
        .send_template(conversation_id, &send, by)
        .await?)
}
