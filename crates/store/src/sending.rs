//! Outbound messages through the outbox: queue, claim, and record each attempt's outcome.
//! Every step that touches both the message and its queue entry is one transaction.

use parley_core::message::Message;
use parley_core::meta_error::SendFailure;
use parley_core::status::DeliveryStatus;
use parley_core::{ConversationId, Timestamp};

use crate::outbox::{self, OutboxItem, OutboxState};
use crate::{Result, Store, conversations, message_statuses, messages};

impl Store {
    /// Writes an outbound message and its outbox entry. `payload` is the request body
    /// the sender will post.
    pub async fn enqueue(
        &self,
        conversation_id: ConversationId,
        kind: &str,
        text: Option<&str>,
        payload: &str,
        now: Timestamp,
    ) -> Result<Message> {
        let mut tx = self.writer.begin().await?;
        let id =
            messages::insert_outbound(&mut tx, conversation_id, kind, text, payload, now.0).await?;
        outbox::insert(&mut tx, id, now.0).await?;
        conversations::note_outbound(&mut tx, conversation_id, id, now.0).await?;
        let message = messages::get(&mut tx, id).await?;
        tx.commit().await?;
        Ok(message)
    }

    /// Claims up to `limit` sends that are due, marking them in flight.
    pub async fn claim_due_sends(&self, now: Timestamp, limit: u32) -> Result<Vec<OutboxItem>> {
        let mut tx = self.writer.begin().await?;
        let items = outbox::claim_due(&mut tx, now.0, limit).await?;
        tx.commit().await?;
        Ok(items)
    }

    /// When the earliest waiting send is due, if any.
    pub async fn next_send_due_at(&self) -> Result<Option<Timestamp>> {
        let mut conn = self.reader.acquire().await?;
        outbox::next_due_at(&mut conn).await
    }

    /// The Cloud API accepted the send as `wamid`. Statuses that raced ahead of this
    /// answer are applied now.
    pub async fn record_send_accepted(
        &self,
        item: &OutboxItem,
        wamid: &str,
        now: Timestamp,
    ) -> Result<Message> {
        let mut tx = self.writer.begin().await?;
        messages::set_wamid(&mut tx, item.message_id, wamid).await?;
        let mut status = DeliveryStatus::Pending.advance(DeliveryStatus::Accepted);
        messages::set_status(&mut tx, item.message_id, status, now.0, None).await?;
        for (early, at, failure) in message_statuses::known_for(&mut tx, wamid).await? {
            if status.accepts(early) {
                status = early;
                messages::set_status(&mut tx, item.message_id, early, at, failure.as_ref()).await?;
            }
        }
        outbox::set_state(&mut tx, item.id, OutboxState::Done, None, now.0).await?;
        let message = messages::get(&mut tx, item.message_id).await?;
        tx.commit().await?;
        Ok(message)
    }

    /// A temporary failure: try again at `next_attempt_at`.
    pub async fn record_send_retry(
        &self,
        item: &OutboxItem,
        next_attempt_at: Timestamp,
        error: &str,
        now: Timestamp,
    ) -> Result<()> {
        let mut conn = self.writer.acquire().await?;
        outbox::reschedule(&mut conn, item.id, next_attempt_at.0, error, now.0).await
    }

    /// A permanent failure: the message is failed with its reason.
    pub async fn record_send_failed(
        &self,
        item: &OutboxItem,
        failure: &SendFailure,
        now: Timestamp,
    ) -> Result<Message> {
        self.finish_with_failure(item.id, item.message_id, OutboxState::Failed, failure, now)
            .await
    }

    /// The request left but its outcome is unknown. The message stays pending with the
    /// reason attached and is not sent again automatically.
    pub async fn record_send_unknown(
        &self,
        item: &OutboxItem,
        details: &str,
        now: Timestamp,
    ) -> Result<Message> {
        let failure = SendFailure::OutcomeUnknown {
            details: details.to_owned(),
        };
        self.finish_with_failure(
            item.id,
            item.message_id,
            OutboxState::Unknown,
            &failure,
            now,
        )
        .await
    }

    /// Sends that were in flight when Parley last stopped: their outcome is unknown.
    pub async fn recover_interrupted_sends(&self, now: Timestamp) -> Result<Vec<Message>> {
        let interrupted = {
            let mut conn = self.writer.acquire().await?;
            outbox::interrupted(&mut conn).await?
        };
        let failure = SendFailure::OutcomeUnknown {
            details: "Parley stopped while this message was being sent".to_owned(),
        };
        let mut recovered = Vec::with_capacity(interrupted.len());
        for (outbox_id, message_id) in interrupted {
            recovered.push(
                self.finish_with_failure(
                    outbox_id,
                    message_id,
                    OutboxState::Unknown,
                    &failure,
                    now,
                )
                .await?,
            );
        }
        Ok(recovered)
    }

    async fn finish_with_failure(
        &self,
        outbox_id: i64,
        message_id: parley_core::MessageId,
        state: OutboxState,
        failure: &SendFailure,
        now: Timestamp,
    ) -> Result<Message> {
        let mut tx = self.writer.begin().await?;
        let status = match state {
            OutboxState::Failed => DeliveryStatus::Failed,
            _ => DeliveryStatus::Pending,
        };
        messages::set_status(&mut tx, message_id, status, now.0, Some(failure)).await?;
        let error = match failure {
            SendFailure::Meta { code, title, .. } => format!("{code}: {title}"),
            SendFailure::Network { details }
            | SendFailure::OutcomeUnknown { details }
            | SendFailure::Local { details } => details.clone(),
        };
        outbox::set_state(&mut tx, outbox_id, state, Some(&error), now.0).await?;
        let message = messages::get(&mut tx, message_id).await?;
        tx.commit().await?;
        Ok(message)
    }
}
