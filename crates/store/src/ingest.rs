//! Writing one webhook delivery: every message, status and raw event in it lands in one
//! transaction, so acknowledging the delivery to Meta means all of it is stored.

use parley_core::meta_error::SendFailure;
use parley_core::status::DeliveryStatus;
use parley_core::{ConversationId, MessageId, Timestamp};

use crate::messages::NewInbound;
use crate::{Result, Store, contacts, conversations, message_statuses, messages, webhook_events};

/// A customer's message, as the engine understood it.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundRecord {
    pub wamid: String,
    pub wa_id: String,
    pub profile_name: Option<String>,
    pub kind: String,
    pub text: Option<String>,
    pub sent_at: Timestamp,
    /// The message object as Meta sent it.
    pub payload: String,
}

/// A delivery status of an outbound message.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRecord {
    pub wamid: String,
    /// Meta's name for it; names Parley does not know are stored but change nothing.
    pub status: String,
    pub occurred_at: Timestamp,
    pub recipient_id: Option<String>,
    pub failure: Option<SendFailure>,
    pub payload: String,
}

/// Webhook content kept as received.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEventRecord {
    pub field: String,
    pub payload: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestBatch {
    pub inbound: Vec<InboundRecord>,
    pub statuses: Vec<StatusRecord>,
    pub raw_events: Vec<RawEventRecord>,
}

impl IngestBatch {
    pub fn is_empty(&self) -> bool {
        self.inbound.is_empty() && self.statuses.is_empty() && self.raw_events.is_empty()
    }
}

/// What a committed delivery changed, so the engine can tell the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestOutcome {
    /// Inbound messages stored for the first time.
    pub new_messages: Vec<MessageId>,
    /// Outbound messages whose delivery status moved.
    pub updated_messages: Vec<MessageId>,
    /// Conversations whose list row changed, each once.
    pub conversations: Vec<ConversationId>,
    /// Messages and statuses that were already stored (Meta redelivered them).
    pub duplicates: usize,
}

impl IngestOutcome {
    fn touch(&mut self, id: ConversationId) {
        if !self.conversations.contains(&id) {
            self.conversations.push(id);
        }
    }
}

impl Store {
    /// Stores a delivery in one transaction; redelivered messages and statuses are
    /// recognised by id and counted, not stored again.
    pub async fn ingest(&self, batch: &IngestBatch, now: Timestamp) -> Result<IngestOutcome> {
        let now = now.0;
        let mut outcome = IngestOutcome::default();
        let mut tx = self.writer.begin().await?;

        for m in &batch.inbound {
            let contact =
                contacts::upsert(&mut tx, &m.wa_id, m.profile_name.as_deref(), now).await?;
            let conversation =
                conversations::get_or_create(&mut tx, contact, m.sent_at.0, now).await?;
            let inserted = messages::insert_inbound(
                &mut tx,
                &NewInbound {
                    conversation_id: conversation,
                    wamid: &m.wamid,
                    kind: &m.kind,
                    body: m.text.as_deref(),
                    payload: &m.payload,
                    sent_at: m.sent_at.0,
                },
                now,
            )
            .await?;
            match inserted {
                Some(id) => {
                    conversations::note_inbound(&mut tx, conversation, id, m.sent_at.0).await?;
                    outcome.new_messages.push(id);
                    outcome.touch(conversation);
                }
                None => outcome.duplicates += 1,
            }
        }

        for s in &batch.statuses {
            if !message_statuses::insert(&mut tx, s, now).await? {
                outcome.duplicates += 1;
                continue;
            }
            let Some(incoming) = DeliveryStatus::from_webhook(&s.status) else {
                continue;
            };
            // A status for a send whose answer has not been recorded yet waits in
            // message_statuses; recording the answer applies it.
            let Some(target) = messages::status_by_wamid(&mut tx, &s.wamid).await? else {
                continue;
            };
            if target
                .status
                .is_some_and(|current| current.accepts(incoming))
            {
                messages::set_status(
                    &mut tx,
                    target.id,
                    incoming,
                    s.occurred_at.0,
                    s.failure.as_ref(),
                )
                .await?;
                outcome.updated_messages.push(target.id);
                outcome.touch(target.conversation_id);
            }
        }

        for e in &batch.raw_events {
            webhook_events::insert(&mut tx, &e.field, &e.payload, now).await?;
        }

        tx.commit().await?;
        Ok(outcome)
    }
}
