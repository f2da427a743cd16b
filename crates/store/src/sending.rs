//! Outbound messages through the outbox: queue, claim, and record each attempt's outcome.
//! Every step that touches both the message and its queue entry is one transaction.

use parley_core::agent::SentBy;
use parley_core::content::MessageContent;
use parley_core::message::{Direction, Message};
use parley_core::meta_error::SendFailure;
use parley_core::status::DeliveryStatus;
use parley_core::{ConversationId, MessageId, Timestamp};
use sqlx::SqliteConnection;

use crate::media::NewMedia;
use crate::messages::{NewMessage, StatusTarget};
use crate::outbox::{self, OutboxItem, OutboxState};
use crate::{
    Result, Store, agent_reads, conversations, media, message_statuses, messages, reactions,
};

/// The local copy of a file an outbound media message sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundFile {
    pub path: String,
    pub mime_type: String,
    pub size: i64,
}

/// What an outbound message refers to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quoting<'a> {
    /// The message a reply quotes, or the message a reaction is on.
    pub wamid: Option<&'a str>,
}

/// An outbound message to queue.
#[derive(Debug, Clone, Copy)]
pub struct Outbound<'a> {
    pub conversation_id: ConversationId,
    pub content: &'a MessageContent,
    pub quoting: Quoting<'a>,
    /// The local copy of a media message's file.
    pub file: Option<&'a OutboundFile>,
    /// The request body the sender will post.
    pub payload: &'a str,
    pub sent_by: &'a SentBy,
}

impl Store {
    /// Writes an outbound message and its outbox entry (and the file of a media message).
    pub async fn enqueue(&self, send: &Outbound<'_>, now: Timestamp) -> Result<Message> {
        let &Outbound {
            conversation_id,
            content,
            quoting,
            file,
            payload,
            sent_by,
        } = send;
        let mut tx = self.writer.begin().await?;
        let target = match content {
            MessageContent::Reaction { target_wamid, .. } => Some(target_wamid.as_str()),
            _ => quoting.wamid,
        };
        let id = messages::insert(
            &mut tx,
            &NewMessage {
                conversation_id,
                wamid: None,
                direction: Direction::Outbound,
                kind: content.api_type(),
                content,
                hidden: content.is_control(),
                context: None,
                referral: None,
                quoted_wamid: target,
                payload,
                status: Some(DeliveryStatus::Pending),
                sent_at: now.0,
                sent_by: Some(sent_by),
            },
            now.0,
        )
        .await?
        .ok_or_else(|| crate::corrupt("a new outbound message collided with a stored wamid"))?;
        if let Some(file) = file {
            media::insert(
                &mut tx,
                &NewMedia {
                    message_id: id,
                    media_id: None,
                    path: Some(&file.path),
                    mime_type: Some(&file.mime_type),
                    size: Some(file.size),
                    expected_sha256: None,
                },
                now.0,
            )
            .await?;
        }
        outbox::insert(&mut tx, id, now.0).await?;
        if !content.is_control() {
            conversations::note_outbound(&mut tx, conversation_id, id, now.0).await?;
        }
        if let SentBy::Agent { id: agent, .. } = sent_by {
            // Answering a conversation means having read it.
            agent_reads::read_until(&mut tx, *agent, conversation_id, now.0).await?;
        }
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
    /// answer are applied now; a reaction shows on its target from now on.
    pub async fn record_send_accepted(
        &self,
        item: &OutboxItem,
        wamid: &str,
        now: Timestamp,
    ) -> Result<Message> {
        let mut tx = self.writer.begin().await?;
        messages::set_wamid(&mut tx, item.message_id, wamid).await?;
        let status = DeliveryStatus::Pending.advance(DeliveryStatus::Accepted);
        messages::set_status(&mut tx, item.message_id, status, now.0, None).await?;
        fold_statuses(&mut tx, item.message_id, wamid, status).await?;
        outbox::set_state(&mut tx, item.id, OutboxState::Done, None, now.0).await?;
        let message = messages::get(&mut tx, item.message_id).await?;
        if let MessageContent::Reaction {
            target_wamid,
            emoji,
        } = &message.content
        {
            reactions::set(
                &mut tx,
                target_wamid,
                Direction::Outbound,
                emoji.as_deref(),
                now.0,
            )
            .await?;
        }
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

    /// The request left but its outcome is unknown. If statuses already came for exactly
    /// one wamid Parley does not know, to this recipient, since the send began, they
    /// answer the question: the message went out as that wamid. Otherwise it stays
    /// pending with the reason attached, and is not sent again automatically.
    pub async fn record_send_unknown(
        &self,
        item: &OutboxItem,
        details: &str,
        now: Timestamp,
    ) -> Result<Message> {
        let mut tx = self.writer.begin().await?;
        let orphans: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT s.wamid FROM message_statuses s
             WHERE s.recipient_id = (SELECT ct.wa_id FROM messages m
                                     JOIN conversations c ON c.id = m.conversation_id
                                     JOIN contacts ct ON ct.id = c.contact_id
                                     WHERE m.id = ?1)
               AND s.received_at >= (SELECT created_at FROM messages WHERE id = ?1)
               AND NOT EXISTS (SELECT 1 FROM messages m2 WHERE m2.wamid = s.wamid)",
        )
        .bind(item.message_id.0)
        .fetch_all(&mut *tx)
        .await?;
        if let [wamid] = &orphans[..] {
            messages::set_wamid(&mut tx, item.message_id, wamid).await?;
            messages::set_status(
                &mut tx,
                item.message_id,
                DeliveryStatus::Accepted,
                now.0,
                None,
            )
            .await?;
            fold_statuses(&mut tx, item.message_id, wamid, DeliveryStatus::Accepted).await?;
            outbox::set_state(&mut tx, item.id, OutboxState::Done, None, now.0).await?;
            let message = messages::get(&mut tx, item.message_id).await?;
            tx.commit().await?;
            tracing::info!(message = %item.message_id, "no answer, but its statuses tell it went out");
            return Ok(message);
        }
        tx.rollback().await?;
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

/// Applies the statuses already reported for `wamid`, oldest first, from `current` on.
async fn fold_statuses(
    conn: &mut SqliteConnection,
    id: MessageId,
    wamid: &str,
    mut current: DeliveryStatus,
) -> Result<()> {
    for (early, at, failure) in message_statuses::known_for(conn, wamid).await? {
        if current.accepts(early) {
            current = early;
            messages::set_status(conn, id, early, at, failure.as_ref()).await?;
        }
    }
    Ok(())
}

/// How long before a status a send with an unknown outcome may have left.
const RECONCILE_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;

/// A status arrived for a wamid Parley never recorded. If exactly one send to that
/// recipient has an unknown outcome, this is its answer: the send did go out. It takes
/// the wamid, loses its "unknown" mark, and every status reported so far applies.
pub(crate) async fn reconcile_unknown(
    conn: &mut SqliteConnection,
    recipient_wa_id: &str,
    wamid: &str,
    occurred_at: i64,
    now: i64,
) -> Result<Option<StatusTarget>> {
    let candidates: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT m.id, m.conversation_id, o.id FROM messages m
         JOIN outbox o ON o.message_id = m.id
         JOIN conversations c ON c.id = m.conversation_id
         JOIN contacts ct ON ct.id = c.contact_id
         WHERE o.state = 'unknown' AND m.wamid IS NULL AND ct.wa_id = ?
           AND m.created_at <= ? AND m.created_at >= ?",
    )
    .bind(recipient_wa_id)
    .bind(occurred_at.max(now))
    .bind(occurred_at - RECONCILE_WINDOW_MS)
    .fetch_all(&mut *conn)
    .await?;
    // Two unknown sends to the same customer cannot be told apart: leave both marked.
    let [(id, conversation_id, outbox_id)] = candidates[..] else {
        return Ok(None);
    };
    let id = MessageId(id);
    messages::set_wamid(conn, id, wamid).await?;
    messages::clear_failure(conn, id).await?;
    messages::set_status(conn, id, DeliveryStatus::Accepted, now, None).await?;
    outbox::set_state(conn, outbox_id, OutboxState::Done, None, now).await?;
    tracing::info!(message = %id, "a send with an unknown outcome was confirmed by a status");
    Ok(Some(StatusTarget {
        id,
        conversation_id: ConversationId(conversation_id),
        status: Some(DeliveryStatus::Accepted),
    }))
}
