//! Events the UI listens to. Every engine change is forwarded as one [`InboxEvent`] the UI
//! applies to what it shows.

use parley_core::ConversationId;
use parley_core::conversation::ConversationSummary;
use parley_core::health::ConnectionStatus;
use parley_core::message::Message;
use parley_engine::EngineEvent;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum InboxEvent {
    ConversationChanged {
        conversation: ConversationSummary,
    },
    MessageAdded {
        message: Message,
    },
    MessageUpdated {
        message: Message,
    },
    ConnectionChanged {
        status: ConnectionStatus,
    },
    /// Events were missed (the UI fell behind) or the inbox was swapped (demo to live):
    /// reload everything.
    Reload,
}

impl From<EngineEvent> for InboxEvent {
    fn from(event: EngineEvent) -> Self {
        match event {
            EngineEvent::ConversationChanged(conversation) => {
                Self::ConversationChanged { conversation }
            }
            EngineEvent::MessageAdded(message) => Self::MessageAdded { message },
            EngineEvent::MessageUpdated(message) => Self::MessageUpdated { message },
            EngineEvent::Connection(status) => Self::ConnectionChanged { status },
        }
    }
}

/// A notification was clicked: show this conversation.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct OpenConversation {
    pub conversation_id: ConversationId,
}
