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

/// The most announcements taken at once. Consecutive deliveries' announcements are merged,
/// so a conversation many of them touched is read and broadcast once per batch, not once
/// per delivery (a burst of webhooks would otherwise cost the store reads per delivery).
const MAX_BATCH: usize = 256;

pub(crate) async fn run(
    shared: Arc<Shared>,
    mut announcements: mpsc::UnboundedReceiver<Announcement>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while announcements.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let mut ingested: Option<IngestOutcome> = None;
        for announcement in batch.drain(..) {
            if let Announcement::Ingested(outcome) = announcement {
                merge(&mut ingested, outcome);
                continue;
            }
            if let Some(merged) = ingested.take() {
                broadcast_ingested(&shared, merged).await;
            }
            match announcement {
                Announcement::Ingested(_) => {}
                Announcement::MessageAdded(id) => message(&shared, id, true).await,
                Announcement::MessageUpdated(id) => message(&shared, id, false).await,
                Announcement::Conversation(id) => conversation(&shared, id).await,
                Announcement::Connection(status) => {
                    shared.broadcast(EngineEvent::Connection(status));
                }
                Announcement::TemplatesChanged => shared.broadcast(EngineEvent::TemplatesChanged),
                Announcement::TemplateStatusChanged(change) => {
                    shared.broadcast(EngineEvent::TemplateStatusChanged(change));
                }
                Announcement::Sync(state) => shared.broadcast(EngineEvent::Sync(state)),
                Announcement::Stop => return,
            }
        }
        if let Some(merged) = ingested.take() {
            broadcast_ingested(&shared, merged).await;
        }
    }
}

/// Adds a later delivery's changes to those of the deliveries before it.
fn merge(into: &mut Option<IngestOutcome>, later: IngestOutcome) {
    let Some(merged) = into else {
        *into = Some(later);
        return;
    };
    for id in later.conversations {
        if !merged.conversations.contains(&id) {
            merged.conversations.push(id);
        }
    }
    merged.new_messages.extend(later.new_messages);
    for id in later.updated_messages {
        if !merged.updated_messages.contains(&id) {
            merged.updated_messages.push(id);
        }
    }
    merged.notices.extend(later.notices);
    merged
        .template_status_changes
        .extend(later.template_status_changes);
    merged.templates_changed |= later.templates_changed;
    merged.media_to_fetch += later.media_to_fetch;
    merged.duplicates += later.duplicates;
}

async fn broadcast_ingested(shared: &Shared, outcome: IngestOutcome) {
    // Conversations first: a listener that sees a new message already knows whose
    // conversation it belongs to. Each is read once, after every change announced with it.
    for id in outcome.conversations {
        conversation(shared, id).await;
    }
    for id in outcome.new_messages {
        message(shared, id, true).await;
    }
    for id in outcome.updated_messages {
        message(shared, id, false).await;
    }
    for id in outcome.notices {
        if !shared.listened() {
            break;
        }
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

async fn message(shared: &Shared, id: MessageId, added: bool) {
    if !shared.listened() {
        return;
    }
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
    if !shared.listened() {
        return;
    }
    match shared.store.conversation(id).await {
        Ok(c) => shared.broadcast(EngineEvent::ConversationChanged(c)),
        Err(e) => tracing::warn!("could not load conversation {id} to announce it: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(conversations: &[i64], new: &[i64], updated: &[i64]) -> IngestOutcome {
        IngestOutcome {
            conversations: conversations.iter().copied().map(ConversationId).collect(),
            new_messages: new.iter().copied().map(MessageId).collect(),
            updated_messages: updated.iter().copied().map(MessageId).collect(),
            ..IngestOutcome::default()
        }
    }

    #[test]
    fn merged_deliveries_announce_each_conversation_once_in_first_touch_order() {
        let mut merged = None;
        merge(&mut merged, outcome(&[7, 3], &[70, 30], &[]));
        merge(&mut merged, outcome(&[3, 9], &[31], &[30]));
        merge(
            &mut merged,
            IngestOutcome {
                templates_changed: true,
                duplicates: 2,
                ..outcome(&[7], &[71], &[30, 12])
            },
        );
        let merged = merged.expect("merged");
        assert_eq!(
            merged.conversations,
            outcome(&[7, 3, 9], &[], &[]).conversations
        );
        assert_eq!(
            merged.new_messages,
            outcome(&[], &[70, 30, 31, 71], &[]).new_messages,
            "every new message, in order"
        );
        assert_eq!(
            merged.updated_messages,
            outcome(&[], &[], &[30, 12]).updated_messages
        );
        assert!(merged.templates_changed);
        assert_eq!(merged.duplicates, 2);
    }
}
