//! Labels: the list with counts, managing them, and putting them on conversations.

use parley_core::conversation::ConversationSummary;
use parley_core::label::{Label, LabelColor};
use parley_core::{ConversationId, LabelId};
use parley_engine::labels;
use tauri::State;

use crate::error::CommandResult;
use crate::profile::Profiles;

#[tauri::command]
#[specta::specta]
pub async fn labels(profiles: State<'_, Profiles>) -> CommandResult<Vec<Label>> {
    let running = profiles.current().await?;
    Ok(running.store.labels().await?)
}

/// Adds a label; without a color it gets one no other label uses yet.
#[tauri::command]
#[specta::specta]
pub async fn add_label(
    profiles: State<'_, Profiles>,
    name: String,
    color: Option<LabelColor>,
) -> CommandResult<Label> {
    let running = profiles.current().await?;
    Ok(labels::add(&running.store, running.at_desk()?, &name, color).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_label(
    profiles: State<'_, Profiles>,
    label_id: LabelId,
    name: String,
    color: LabelColor,
) -> CommandResult<Label> {
    let running = profiles.current().await?;
    Ok(labels::update(&running.store, running.at_desk()?, label_id, &name, color).await?)
}

/// Deletes a label and takes it off every conversation (the UI asks first).
#[tauri::command]
#[specta::specta]
pub async fn delete_label(profiles: State<'_, Profiles>, label_id: LabelId) -> CommandResult<()> {
    let running = profiles.current().await?;
    labels::delete(&running.store, running.at_desk()?, label_id).await?;
    running.reload_window();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn reorder_labels(
    profiles: State<'_, Profiles>,
    order: Vec<LabelId>,
) -> CommandResult<Vec<Label>> {
    let running = profiles.current().await?;
    labels::reorder(&running.store, running.at_desk()?, &order).await?;
    Ok(running.store.labels().await?)
}

/// Puts a label on a conversation (`on`) or takes it off.
#[tauri::command]
#[specta::specta]
pub async fn set_conversation_label(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    label_id: LabelId,
    on: bool,
) -> CommandResult<ConversationSummary> {
    let running = profiles.current().await?;
    let me = running.at_desk()?;
    labels::set_on_conversation(&running.store, conversation_id, label_id, on).await?;
    running.conversation_changed(conversation_id, me).await
}
