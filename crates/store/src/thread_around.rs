//! Opening a thread at any message (a search result) rather than at its newest: the
//! page around it, then the pages after it as the agent scrolls towards the present.
//! Pages before it come from [`Store::thread`] with the first message's cursor.

use parley_core::message::{Message, MessageCursor};
use parley_core::{ConversationId, MessageId};

use crate::messages::{MessageRow, assemble, message_select};
use crate::{Result, Store, StoreError};

/// A page of a thread around one message, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadAround {
    pub conversation_id: ConversationId,
    /// Up to `before` messages, the message itself, up to `after` messages.
    pub messages: Vec<Message>,
    /// More messages come before the first one.
    pub has_older: bool,
    /// More messages come after the last one (it is not the newest).
    pub has_newer: bool,
}

impl Store {
    /// The shown message `id` with up to `before` messages before it and `after` after
    /// it. `NotFound` for a message that is not shown in a thread (a reaction or edit).
    pub async fn thread_around(
        &self,
        id: MessageId,
        before: u32,
        after: u32,
    ) -> Result<ThreadAround> {
        let mut conn = self.reader.acquire().await?;
        let target: Option<MessageRow> = sqlx::query_as(concat!(
            message_select!(),
            " WHERE m.id = ? AND m.hidden = 0"
        ))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
        let target = target.ok_or(StoreError::NotFound("message"))?;
        let conversation_id = ConversationId(target.conversation_id);
        let (sent_at, target_id) = (target.sent_at, target.id);

        let mut older: Vec<MessageRow> = sqlx::query_as(concat!(
            message_select!(),
            " WHERE m.conversation_id = ?1 AND m.hidden = 0
                AND (m.sent_at < ?2 OR (m.sent_at = ?2 AND m.id < ?3))
              ORDER BY m.sent_at DESC, m.id DESC LIMIT ?4"
        ))
        .bind(conversation_id.0)
        .bind(sent_at)
        .bind(target_id)
        .bind(i64::from(before) + 1)
        .fetch_all(&mut *conn)
        .await?;
        let has_older = older.len() > before as usize;
        older.truncate(before as usize);
        older.reverse();

        let mut newer = newer_rows(&mut conn, conversation_id, sent_at, target_id, after).await?;
        let has_newer = newer.len() > after as usize;
        newer.truncate(after as usize);

        let mut rows = older;
        rows.push(target);
        rows.append(&mut newer);
        Ok(ThreadAround {
            conversation_id,
            messages: assemble(&mut conn, rows).await?,
            has_older,
            has_newer,
        })
    }

    /// Up to `limit` shown messages strictly after `after`, oldest first, and whether
    /// more follow them.
    pub async fn thread_after(
        &self,
        conversation_id: ConversationId,
        after: MessageCursor,
        limit: u32,
    ) -> Result<(Vec<Message>, bool)> {
        let mut conn = self.reader.acquire().await?;
        let mut rows = newer_rows(
            &mut conn,
            conversation_id,
            after.timestamp.0,
            after.id.0,
            limit,
        )
        .await?;
        let has_newer = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        Ok((assemble(&mut conn, rows).await?, has_newer))
    }
}

/// Up to `limit + 1` shown messages after (`sent_at`, `id`), oldest first: the extra one
/// tells whether more follow.
async fn newer_rows(
    conn: &mut sqlx::SqliteConnection,
    conversation_id: ConversationId,
    sent_at: i64,
    id: i64,
    limit: u32,
) -> Result<Vec<MessageRow>> {
    let rows = sqlx::query_as(concat!(
        message_select!(),
        " WHERE m.conversation_id = ?1 AND m.hidden = 0
            AND (m.sent_at > ?2 OR (m.sent_at = ?2 AND m.id > ?3))
          ORDER BY m.sent_at ASC, m.id ASC LIMIT ?4"
    ))
    .bind(conversation_id.0)
    .bind(sent_at)
    .bind(id)
    .bind(i64::from(limit) + 1)
    .fetch_all(conn)
    .await?;
    Ok(rows)
}
