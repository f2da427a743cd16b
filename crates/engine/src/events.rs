//! What the engine tells its listeners after each committed change.
//!
//! Every writer (receiver, sender, commands) hands an [`Announcement`] of *what* changed
//! to one announcer task, which reads the current state and broadcasts it. Reading at
//! announcement time, in order, means a listener never receives an older state of a
//! message after a newer one, however the writers raced. A conversation's row is announced
//! before its new messages.

use std::sync::Arc;

use parley_core::conversation::ConversationSummary;
use parley_core::health::ConnectionStatus;
use parley_core::message::Message;
use parley_core::notice::AccountEvent;
use parley_core::{ConversationId, MessageId};
use parley_store::{IngestOutcome, SyncState, TemplateStatusChange};
use tokio::sync::mpsc;

use crate::Shared;

#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// A conversation's list row changed: new message, status, unread count.
    ConversationChanged(ConversationSummary),
    /// A message is new in its thread: from a customer, or queued by an agent.
    MessageAdded(Message),
    /// A message changed: delivery status, failure.
    MessageUpdated(Message),
    /// The connection to the Cloud API changed.
    Connection(ConnectionStatus),
    /// A notice about the account arrived (template review, quality, preferences, ...).
    Notice(AccountEvent),
    /// The template list changed.
    TemplatesChanged,
    /// A template's status changed (approved, rejected, paused, ...): worth a
    /// notification. Sent once, whether the webhook or the template list told first.
    TemplateStatusChanged(TemplateStatusChange),
    /// A poller ran.
    Sync(SyncState),
}

pub(crate) enum Announcement {
    Ingested(IngestOutcome),
    MessageAdded(MessageId),
    MessageUpdated(MessageId),
    Conversation(ConversationId),
    Connection(ConnectionStatus),
    TemplatesChanged,
    TemplateStatusChanged(TemplateStatusChange),
    Sync(SyncState),
    /// Everything announced before this has been broadcast: stop.
    Stop,
}

pub(crate) async fn run(
    shared: Arc<Shared>,
    mut announcements: mpsc::UnboundedReceiver<Announcement>,
) {
    while let Some(announcement) = announcements.recv().await {
        match announcement {
            Announcement::Ingested(outcome) => {
                // Conversations first: a listener that sees a new message already knows
                // whose conversation it belongs to.
                for id in outcome.conversations {
                    conversation(&shared, id).await;
                }
                for id in outcome.new_messages {
                    message(&shared, id, true).await;
                }
                for id in outcome.updated_messages {
                    message(&shared, id, false).await;
                }
                for id in outcome.notices {
                    match shared.store.account_event(id).await {
                        Ok(event) => shared.broadcast(EngineEvent::Notice(event)),
                        Err(e) => tracing::warn!("could not load account event {id}: {e}"),
                    }
                }
                for change in outcome.template_status_changes {
                    shared.broadcast(EngineEvent::TemplateStatusChanged(change));
                }
                if outcome.templates_changed {
                    shared.broadcast(EngineEvent::TemplatesChanged);
                }
            }
            Announcement::MessageAdded(id) => message(&shared, id, true).await,
            Announcement::MessageUpdated(id) => message(&shared, id, false).await,
            Announcement::Conversation(id) => conversation(&shared, id).await,
            Announcement::Connection(status) => shared.broadcast(EngineEvent::Connection(status)),
            Announcement::TemplatesChanged => shared.broadcast(EngineEvent::TemplatesChanged),
            Announcement::TemplateStatusChanged(change) => {
                shared.broadcast(EngineEvent::TemplateStatusChanged(change));
            }
            Announcement::Sync(state) => shared.broadcast(EngineEvent::Sync(state)),
            Announcement::Stop => return,
        }
    }
}

async fn message(shared: &Shared, id: MessageId, added: bool) {
    match shared.store.message(id).await {
        Ok(m) => shared.broadcast(if added {
            EngineEvent::MessageAdded(m)
        } else {
            EngineEvent::MessageUpdated(m)
        }),
        Err(e) => tracing::warn!("could not load message {id} to announce it: {e}"),
    }
}

async fn conversation(shared: &Shared, id: ConversationId) {
    match shared.store.conversation(id).await {
        Ok(c) => shared.broadcast(EngineEvent::ConversationChanged(c)),
        Err(e) => tracing::warn!("could not load conversation {id} to announce it: {e}"),
    }
}
