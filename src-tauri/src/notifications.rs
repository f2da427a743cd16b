//! Desktop notifications through tauri-plugin-notification, which reports a click on a
//! notification as the action `tap`. The conversation travels in the notification's
//! `extra` payload.

use parley_core::ConversationId;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

use crate::events::OpenConversation;

const CONVERSATION_KEY: &str = "conversationId";

pub fn show(
    app: &AppHandle,
    conversation_id: ConversationId,
    title: &str,
    body: &str,
) -> tauri_plugin_notification::Result<()> {
    app.notification()
        .builder()
        // One notification per conversation: a newer message replaces the older one.
        .id(i32::try_from(conversation_id.0).unwrap_or(i32::MAX))
        .title(title)
        .body(body)
        .extra(CONVERSATION_KEY, conversation_id.0)
        .show()
}

/// A notification about the account rather than a conversation (a template's review);
/// clicking it only raises the window.
pub fn show_notice(
    app: &AppHandle,
    title: &str,
    body: &str,
) -> tauri_plugin_notification::Result<()> {
    app.notification().builder().title(title).body(body).show()
}

/// Raises the window and opens the conversation of a clicked notification.
pub fn listen_for_clicks(app: &AppHandle) {
    let handle = app.clone();
    let registered = app.notification().on_action(move |performed| {
        if performed.action_id() != "tap" {
            return;
        }
        let Some(conversation_id) = performed.notification().and_then(|n| {
            n.extra()
                .get(CONVERSATION_KEY)
                .and_then(serde_json::Value::as_i64)
        }) else {
            return;
        };
        if let Some(window) = handle.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
        let event = OpenConversation {
            conversation_id: ConversationId(conversation_id),
        };
        if let Err(e) = event.emit(&handle) {
            tracing::warn!("could not open the clicked conversation: {e}");
        }
    });
    if let Err(e) = registered {
        tracing::warn!("notification clicks will not open conversations: {e}");
    }
}
