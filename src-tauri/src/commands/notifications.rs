use parley_core::ConversationId;
use tauri::AppHandle;

use crate::error::{CommandError, CommandResult, ErrorCode};

/// Shows a desktop notification for a new message; clicking it opens the conversation.
/// The UI decides when (window not focused) and words it (translated).
#[tauri::command]
#[specta::specta]
pub async fn notify_new_message(
    app: AppHandle,
    conversation_id: ConversationId,
    title: String,
    body: String,
) -> CommandResult<()> {
    crate::notifications::show(&app, conversation_id, &title, &body).map_err(|e| {
        CommandError::new(
            ErrorCode::Internal,
            format!("could not show a notification: {e}"),
        )
    })
}
