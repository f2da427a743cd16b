use parley_core::ConversationId;
use parley_core::conversation::{ConversationCursor, ConversationSummary};
use parley_core::message::{Message, MessageCursor};
use parley_core::window::ServiceWindow;
use serde::Serialize;
use tauri::State;

use crate::error::CommandResult;
use crate::profile::Profiles;

const MAX_PAGE: u32 = 200;

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConversationPage {
    pub conversations: Vec<ConversationSummary>,
    pub has_more: bool,
}

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ThreadPage {
    pub conversation: ConversationSummary,
    pub window: ServiceWindow,
    /// Oldest first.
    pub messages: Vec<Message>,
    pub has_older: bool,
}

/// One page of the conversation list, newest activity first.
#[tauri::command]
#[specta::specta]
pub async fn list_conversations(
    profiles: State<'_, Profiles>,
    after: Option<ConversationCursor>,
    limit: u32,
) -> CommandResult<ConversationPage> {
    let limit = limit.clamp(1, MAX_PAGE);
    let running = profiles.current().await?;
    let mut conversations = running.store.list_conversations(after, limit + 1).await?;
    let has_more = conversations.len() > limit as usize;
    conversations.truncate(limit as usize);
    Ok(ConversationPage {
        conversations,
        has_more,
    })
}

/// The newest messages of a thread (or those before `before`), with its 24-hour window.
#[tauri::command]
#[specta::specta]
pub async fn get_thread(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    before: Option<MessageCursor>,
    limit: u32,
) -> CommandResult<ThreadPage> {
    let limit = limit.clamp(1, MAX_PAGE);
    let running = profiles.current().await?;
    let conversation = running.store.conversation(conversation_id).await?;
    let mut messages = running
        .store
        .thread(conversation_id, before, limit + 1)
        .await?;
    let has_older = messages.len() > limit as usize;
    if has_older {
        messages.remove(0);
    }
    Ok(ThreadPage {
        window: conversation.service_window(parley_engine::now()),
        conversation,
        messages,
        has_older,
    })
}

/// An agent opened the conversation: it is read.
#[tauri::command]
#[specta::specta]
pub async fn open_conversation(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
) -> CommandResult<ConversationSummary> {
    let running = profiles.current().await?;
    Ok(match &running.engine {
        Some(engine) => engine.mark_read(conversation_id).await?,
        None => {
            running
                .store
                .mark_conversation_read(conversation_id)
                .await?
        }
    })
}

/// The 24-hour window now, for the thread header's countdown.
#[tauri::command]
#[specta::specta]
pub async fn service_window(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
) -> CommandResult<ServiceWindow> {
    let running = profiles.current().await?;
    let conversation = running.store.conversation(conversation_id).await?;
    Ok(conversation.service_window(parley_engine::now()))
}

/// Queues a free-form text reply; refused outside the 24-hour window.
#[tauri::command]
#[specta::specta]
pub async fn send_text(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    text: String,
) -> CommandResult<Message> {
    let running = profiles.current().await?;
    Ok(running.engine()?.send_text(conversation_id, &text).await?)
}
