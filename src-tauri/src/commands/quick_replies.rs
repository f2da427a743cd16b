//! Quick replies: the list, the editor, `/` expansion for a conversation, CSV in and out.

use parley_core::health::ConnectionStatus;
use parley_core::quick_reply::{Expansion, QuickReply};
use parley_core::{ConversationId, QuickReplyId};
use parley_engine::quick_replies::{self, ImportReport, QuickReplyInput};
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::profile::Profiles;

const CSV: crate::dialogs::Filter<'static> = Some(("CSV", &["csv"]));

#[tauri::command]
#[specta::specta]
pub async fn quick_replies(profiles: State<'_, Profiles>) -> CommandResult<Vec<QuickReply>> {
    let running = profiles.current().await?;
    Ok(running.store.quick_replies().await?)
}

/// Saves a new quick reply (`quick_reply_id` `None`) or changes one.
#[tauri::command]
#[specta::specta]
pub async fn save_quick_reply(
    profiles: State<'_, Profiles>,
    quick_reply_id: Option<QuickReplyId>,
    input: QuickReplyInput,
) -> CommandResult<QuickReply> {
    let running = profiles.current().await?;
    Ok(quick_replies::save(&running.store, running.at_desk()?, quick_reply_id, &input).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_quick_reply(
    profiles: State<'_, Profiles>,
    quick_reply_id: QuickReplyId,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    Ok(quick_replies::delete(&running.store, running.at_desk()?, quick_reply_id).await?)
}

/// The quick reply's text with `{{variables}}` filled for this conversation.
#[tauri::command]
#[specta::specta]
pub async fn expand_quick_reply(
    profiles: State<'_, Profiles>,
    quick_reply_id: QuickReplyId,
    conversation_id: ConversationId,
) -> CommandResult<Expansion> {
    let running = profiles.current().await?;
    let business_name = match running.connection().await {
        ConnectionStatus::Connected { number } => number.verified_name,
        _ => None,
    };
    Ok(quick_replies::expand_for(
        &running.store,
        quick_reply_id,
        conversation_id,
        running.at_desk()?,
        business_name,
    )
    .await?)
}

/// Asks for a CSV file and imports it; `None` when the user cancels the dialog.
#[tauri::command]
#[specta::specta]
pub async fn import_quick_replies(
    app: AppHandle,
    profiles: State<'_, Profiles>,
) -> CommandResult<Option<ImportReport>> {
    let Some(path) = crate::dialogs::pick_file(&app, CSV).await? else {
        return Ok(None);
    };
    let running = profiles.current().await?;
    Ok(Some(
        quick_replies::import_csv(&running.store, running.at_desk()?, &path).await?,
    ))
}

/// Asks where to save and writes every quick reply as CSV; returns how many, or `None`
/// when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_quick_replies(
    app: AppHandle,
    profiles: State<'_, Profiles>,
) -> CommandResult<Option<u32>> {
    let Some(path) = crate::dialogs::save_file(&app, "quick-replies.csv", CSV).await? else {
        return Ok(None);
    };
    let running = profiles.current().await?;
    Ok(Some(
        quick_replies::export_csv(&running.store, &path).await?,
    ))
}
