//! Search (the Ctrl+K palette) and opening a thread at a result.

use parley_core::conversation::ConversationSummary;
use parley_core::message::{Message, MessageCursor};
use parley_core::search::SearchResults;
use parley_core::triage::Note;
use parley_core::window::ServiceWindow;
use parley_core::{ConversationId, MessageId, Timestamp};
use serde::Serialize;
use tauri::State;

use crate::error::CommandResult;
use crate::profile::Profiles;

/// Most results of each kind one search returns.
const MAX_RESULTS: u32 = 50;
/// Most messages a page around a result shows on each side.
const MAX_AROUND: u32 = 100;

/// Messages and contacts matching what was typed (plain words, never search syntax;
/// the last word also matches as a prefix), at most `limit` of each, best first.
/// Highlight ranges count UTF-16 code units of the text they come with.
#[tauri::command]
#[specta::specta]
pub async fn search(
    profiles: State<'_, Profiles>,
    query: String,
    limit: u32,
) -> CommandResult<SearchResults> {
    let running = profiles.current().await?;
    Ok(running
        .store
        .search(&query, limit.clamp(1, MAX_RESULTS))
        .await?)
}

/// A thread opened at one message (a search result), to scroll to and highlight it.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ThreadAroundPage {
    pub conversation: ConversationSummary,
    pub window: ServiceWindow,
    /// The message to show and highlight; it is in `messages`.
    pub focus: MessageId,
    /// Oldest first. Older pages: `get_thread` with the first message's cursor; newer
    /// pages: `get_thread_newer` with the last one's.
    pub messages: Vec<Message>,
    /// Private notes of the same stretch of time, oldest first.
    pub notes: Vec<Note>,
    pub has_older: bool,
    pub has_newer: bool,
}

/// The page of a thread around `message_id`: up to `before` messages before it and
/// `after` after it.
#[tauri::command]
#[specta::specta]
pub async fn get_thread_around(
    profiles: State<'_, Profiles>,
    message_id: MessageId,
    before: u32,
    after: u32,
) -> CommandResult<ThreadAroundPage> {
    let running = profiles.current().await?;
    let around = running
        .store
        .thread_around(message_id, before.min(MAX_AROUND), after.min(MAX_AROUND))
        .await?;
    let conversation = running
        .store
        .conversation_for(around.conversation_id, running.at_desk()?)
        .await?;
    let notes = notes_between(
        &running.store,
        around.conversation_id,
        around
            .has_older
            .then(|| around.messages.first().map(|m| m.timestamp))
            .flatten(),
        &around.messages,
        around.has_newer,
    )
    .await?;
    Ok(ThreadAroundPage {
        window: conversation.service_window(parley_engine::now()),
        conversation,
        focus: message_id,
        messages: around.messages,
        notes,
        has_older: around.has_older,
        has_newer: around.has_newer,
    })
}

/// Messages after the ones shown, for scrolling down from a search result.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewerMessages {
    /// Oldest first.
    pub messages: Vec<Message>,
    /// Private notes of the same stretch of time, oldest first.
    pub notes: Vec<Note>,
    pub has_newer: bool,
}

/// Up to `limit` messages strictly after `after` (the newest shown message's cursor).
#[tauri::command]
#[specta::specta]
pub async fn get_thread_newer(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    after: MessageCursor,
    limit: u32,
) -> CommandResult<NewerMessages> {
    let running = profiles.current().await?;
    let (messages, has_newer) = running
        .store
        .thread_after(conversation_id, after, limit.clamp(1, MAX_AROUND))
        .await?;
    let notes = notes_between(
        &running.store,
        conversation_id,
        Some(after.timestamp.plus_millis(1)),
        &messages,
        has_newer,
    )
    .await?;
    Ok(NewerMessages {
        messages,
        notes,
        has_newer,
    })
}

/// The notes that belong with a page of messages: from `from` (everything before when
/// `None`) up to the page's last message, or on to the present when it is the newest.
/// Pages meet without overlap: `get_thread` takes notes before its `before` cursor.
async fn notes_between(
    store: &parley_store::Store,
    conversation_id: ConversationId,
    from: Option<Timestamp>,
    messages: &[Message],
    has_newer: bool,
) -> CommandResult<Vec<Note>> {
    let until = match (has_newer, messages.last()) {
        (true, Some(last)) => Some(last.timestamp.plus_millis(1)),
        _ => None,
    };
    Ok(store.notes(conversation_id, from, until).await?)
}
