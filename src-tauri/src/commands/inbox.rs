use parley_core::content::{MessageContent, TemplateMessageHeader};
use parley_core::conversation::{ConversationCursor, ConversationSummary};
use parley_core::media::LocalMedia;
use parley_core::message::{Message, MessageCursor, Outgoing};
use parley_core::triage::{ConversationFilter, Note, ViewCounts};
use parley_core::window::ServiceWindow;
use parley_core::{ConversationId, MessageId};
use parley_engine::media_server::MediaServer;
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::{CommandError, CommandResult, ErrorCode};
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
    /// Private notes of the same stretch of time, oldest first.
    pub notes: Vec<Note>,
    pub has_older: bool,
}

/// One page of the conversation list, newest activity first.
#[tauri::command]
#[specta::specta]
pub async fn list_conversations(
    profiles: State<'_, Profiles>,
    filter: ConversationFilter,
    after: Option<ConversationCursor>,
    limit: u32,
) -> CommandResult<ConversationPage> {
    let limit = limit.clamp(1, MAX_PAGE);
    let running = profiles.current().await?;
    let me = running.at_desk()?;
    let mut conversations = running
        .store
        .list_conversations(me, &filter, after, limit + 1)
        .await?;
    let has_more = conversations.len() > limit as usize;
    conversations.truncate(limit as usize);
    crate::startup::command_answered("list_conversations");
    Ok(ConversationPage {
        conversations,
        has_more,
    })
}

/// How many conversations each view holds for the agent at the desk.
#[tauri::command]
#[specta::specta]
pub async fn view_counts(profiles: State<'_, Profiles>) -> CommandResult<ViewCounts> {
    let running = profiles.current().await?;
    Ok(running.store.view_counts(running.at_desk()?).await?)
}

/// The newest messages of a thread (or those before `before`), with its 24-hour window
/// and the team's notes written in the same stretch of time.
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
    let conversation = running
        .store
        .conversation_for(conversation_id, running.at_desk()?)
        .await?;
    let mut messages = running
        .store
        .thread(conversation_id, before, limit + 1)
        .await?;
    let has_older = messages.len() > limit as usize;
    if has_older {
        messages.remove(0);
    }
    // Notes from the oldest message shown (all of them when the whole thread is shown)
    // up to where the newer page begins.
    let from = match (has_older, messages.first()) {
        (true, Some(oldest)) => Some(oldest.timestamp),
        _ => None,
    };
    let notes = running
        .store
        .notes(conversation_id, from, before.map(|b| b.timestamp))
        .await?;
    Ok(ThreadPage {
        window: conversation.service_window(parley_engine::now()),
        conversation,
        messages,
        notes,
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
    let me = running.at_desk()?;
    let summary = match &running.engine {
        Some(engine) => engine.mark_read(conversation_id, me).await?,
        None => {
            running
                .store
                .mark_conversation_read(conversation_id, me, parley_engine::now())
                .await?
        }
    };
    crate::tray::unread_may_have_changed(&running.app);
    Ok(summary)
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
    let by = running.sent_by_desk()?;
    Ok(running
        .engine()?
        .send_text(conversation_id, &text, by)
        .await?)
}

/// Queues any kind of message; `reply_to` quotes one of the thread's messages.
#[tauri::command]
#[specta::specta]
pub async fn send_message(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    outgoing: Outgoing,
    reply_to: Option<MessageId>,
) -> CommandResult<Message> {
    let running = profiles.current().await?;
    let by = running.sent_by_desk()?;
    Ok(running
        .engine()?
        .send(conversation_id, outgoing, reply_to, by)
        .await?)
}

/// Sends a failed or unconfirmed message again, as a new message (the agent decided).
#[tauri::command]
#[specta::specta]
pub async fn send_again(
    profiles: State<'_, Profiles>,
    message_id: MessageId,
) -> CommandResult<Message> {
    let running = profiles.current().await?;
    let by = running.sent_by_desk()?;
    Ok(running.engine()?.send_again(message_id, by).await?)
}

/// An agent is typing in this conversation ("typing…" for the customer, if enabled).
#[tauri::command]
#[specta::specta]
pub async fn typing(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    if let Some(engine) = &running.engine {
        engine.typing(conversation_id).await;
    }
    Ok(())
}

/// Tries a failed media download again.
#[tauri::command]
#[specta::specta]
pub async fn retry_media(
    profiles: State<'_, Profiles>,
    message_id: MessageId,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    Ok(running.engine()?.retry_media(message_id).await?)
}

/// Opens a message's downloaded file with the system's app (documents, mostly).
#[tauri::command]
#[specta::specta]
pub async fn open_media(
    app: AppHandle,
    profiles: State<'_, Profiles>,
    message_id: MessageId,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    let message = running.store.message(message_id).await?;
    let Some(LocalMedia::Ready { path, .. }) = message.media else {
        return Err(CommandError::new(
            ErrorCode::NotFound,
            "the file is not downloaded yet",
        ));
    };
    app.opener().open_path(path, None::<&str>).map_err(|e| {
        CommandError::new(
            ErrorCode::FileUnreadable,
            format!("could not open the file: {e}"),
        )
    })
}

/// Opens a shared location on a map, in the browser.
#[tauri::command]
#[specta::specta]
pub async fn open_location(
    app: AppHandle,
    profiles: State<'_, Profiles>,
    message_id: MessageId,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    let message = running.store.message(message_id).await?;
    // A template's location header opens the same way as a shared location.
    let location = match message.content {
        MessageContent::Location { location } => location,
        MessageContent::Template { template } => match template.header {
            Some(TemplateMessageHeader::Location { location }) => location,
            _ => return Err(not_a_location()),
        },
        _ => return Err(not_a_location()),
    };
    open_url(&app, &location.map_url())
}

fn not_a_location() -> CommandError {
    CommandError::new(ErrorCode::NotFound, "that message has no location")
}

/// Opens the ad a conversation came from (its source URL), in the browser.
#[tauri::command]
#[specta::specta]
pub async fn open_referral(
    app: AppHandle,
    profiles: State<'_, Profiles>,
    message_id: MessageId,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    let message = running.store.message(message_id).await?;
    let url = message
        .referral
        .and_then(|r| r.source_url)
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, "that message has no ad link"))?;
    open_url(&app, &url)
}

/// Only web links leave Parley: a `file:` or custom-scheme link from a customer would
/// run something on this machine.
fn open_url(app: &AppHandle, url: &str) -> CommandResult<()> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(CommandError::new(
            ErrorCode::InvalidMessage,
            "only web links are opened",
        ));
    }
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        CommandError::new(ErrorCode::Internal, format!("could not open the link: {e}"))
    })
}

/// Where the window loads media files from: a file's URL is this, `/`, and its absolute
/// path as one `encodeURIComponent`-encoded segment.
#[tauri::command]
#[specta::specta]
pub fn media_base_url(media: State<'_, MediaServer>) -> String {
    media.base_url().to_owned()
}

/// Asks the user for a file to attach; `None` when they cancel.
#[tauri::command]
#[specta::specta]
pub async fn choose_file(app: AppHandle) -> CommandResult<Option<String>> {
    let path = crate::dialogs::pick_file(&app, None).await?;
    Ok(path.map(|p| p.to_string_lossy().into_owned()))
}
