//! Events the UI listens to. Every engine change is forwarded as one [`InboxEvent`] the UI
//! applies to what it shows.

use parley_core::ConversationId;
use parley_core::Timestamp;
use parley_core::conversation::ConversationSummary;
use parley_core::health::ConnectionStatus;
use parley_core::message::Message;
use parley_core::notice::AccountEvent;
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
    /// A notice about the account: template review, quality, a customer's preference.
    Notice {
        event: AccountEvent,
    },
    TemplatesChanged,
    /// Meta reviewed, paused or disabled a template (the webhook or the poll, whichever
    /// came first; once per change).
    TemplateStatusChanged {
        change: TemplateStatusNotice,
    },
    /// A poller ran (templates, number health, delivery audit).
    SyncChanged {
        sync: SyncStatus,
    },
    /// The tunnel came up, went down or stopped.
    TunnelChanged {
        state: parley_tunnel::TunnelState,
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
            EngineEvent::Notice(event) => Self::Notice { event },
            EngineEvent::TemplatesChanged => Self::TemplatesChanged,
            EngineEvent::TemplateStatusChanged(change) => Self::TemplateStatusChanged {
                change: TemplateStatusNotice {
                    template_id: change.template_id,
                    name: change.name,
                    language: change.language,
                    previous: change.previous,
                    status: change.status,
                    reason: change.reason,
                },
            },
            EngineEvent::Sync(state) => Self::SyncChanged { sync: state.into() },
        }
    }
}

/// A template's new status, for the manager's list and a desktop notification.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateStatusNotice {
    pub template_id: String,
    pub name: String,
    pub language: String,
    /// Meta's status before, when Parley knew one.
    pub previous: Option<String>,
    /// Meta's status now (`APPROVED`, `REJECTED`, `PAUSED`...).
    pub status: String,
    pub reason: Option<String>,
}

/// A notification was clicked: show this conversation.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct OpenConversation {
    pub conversation_id: ConversationId,
}

/// When a poller last ran and last succeeded.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// `templates`, `numberHealth` or `statusAudit`.
    pub name: String,
    pub last_attempt_at: Timestamp,
    pub last_success_at: Option<Timestamp>,
    pub last_error: Option<String>,
}

impl From<parley_store::SyncState> for SyncStatus {
    fn from(state: parley_store::SyncState) -> Self {
        Self {
            name: state.name,
            last_attempt_at: state.last_attempt_at,
            last_success_at: state.last_success_at,
            last_error: state.last_error,
        }
    }
}
