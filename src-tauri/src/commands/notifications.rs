use parley_core::ConversationId;
use tauri::{AppHandle, State};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::profile::Profiles;

/// Shows a desktop notification for a new message; clicking it opens the conversation.
/// The UI decides when (window not focused) and words it (translated, naming the
/// contact); nothing shows while do-not-disturb is on, nor for a blocked contact.
#[tauri::command]
#[specta::specta]
pub async fn notify_new_message(
    app: AppHandle,
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    title: String,
    body: String,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    if super::desktop::do_not_disturb(&running.store).await? {
        return Ok(());
    }
    // Blocked contacts' messages are kept, but never call for attention.
    if running
        .store
        .conversation(conversation_id)
        .await?
        .contact
        .blocked
    {
        return Ok(());
    }
    crate::notifications::show(&app, conversation_id, &title, &body).map_err(|e| {
        CommandError::new(
            ErrorCode::Internal,
            format!("could not show a notification: {e}"),
        )
    })
}

/// Shows a desktop notification that a template's review status changed (the UI words
/// it); quiet under do-not-disturb like every notification.
#[tauri::command]
#[specta::specta]
pub async fn notify_template_status(
    app: AppHandle,
    profiles: State<'_, Profiles>,
    title: String,
    body: String,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    if super::desktop::do_not_disturb(&running.store).await? {
        return Ok(());
    }
    crate::notifications::show_notice(&app, &title, &body).map_err(|e| {
        CommandError::new(
            ErrorCode::Internal,
            format!("could not show a notification: {e}"),
        )
    })
}
