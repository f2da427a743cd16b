//! `messages`: every message of every thread, inbound and outbound.

use parley_core::message::{Direction, Message, MessageCursor};
use parley_core::meta_error::SendFailure;
use parley_core::status::DeliveryStatus;
use parley_core::{ConversationId, MessageId, Timestamp};
use sqlx::SqliteConnection;

use crate::{Result, Store, StoreError, corrupt};

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    conversation_id: i64,
    wamid: Option<String>,
    direction: String,
    kind: String,
    body: Option<String>,
    status: Option<String>,
    failure: Option<String>,
    sent_at: i64,
}

macro_rules! message_select {
    () => {
        "SELECT id, conversation_id, wamid, direction, kind, body, status, failure, sent_at
         FROM messages"
    };
}

impl TryFrom<MessageRow> for Message {
    type Error = StoreError;

    fn try_from(row: MessageRow) -> Result<Self> {
        Ok(Message {
            id: MessageId(row.id),
            conversation_id: ConversationId(row.conversation_id),
            wamid: row.wamid,
            direction: Direction::parse(&row.direction)
                .ok_or_else(|| corrupt(format!("message direction {:?}", row.direction)))?,
            kind: row.kind,
            text: row.body,
            status: row.status.as_deref().map(parse_status).transpose()?,
            failure: row.failure.as_deref().map(parse_failure).transpose()?,
            timestamp: Timestamp(row.sent_at),
        })
    }
}

pub(crate) fn parse_status(s: &str) -> Result<DeliveryStatus> {
    DeliveryStatus::parse(s).ok_or_else(|| corrupt(format!("delivery status {s:?}")))
}

pub(crate) fn parse_failure(s: &str) -> Result<SendFailure> {
    serde_json::from_str(s).map_err(|e| corrupt(format!("send failure {s:?}: {e}")))
}

pub(crate) fn failure_json(failure: &SendFailure) -> String {
    // A plain enum of strings and integers: serialising it cannot fail.
    serde_json::to_string(failure).unwrap_or_default()
}

pub(crate) struct NewInbound<'a> {
    pub conversation_id: ConversationId,
    pub wamid: &'a str,
    pub kind: &'a str,
    pub body: Option<&'a str>,
    pub payload: &'a str,
    pub sent_at: i64,
}

/// Inserts an inbound message; `None` when its wamid is already stored (a redelivery).
pub(crate) async fn insert_inbound(
    conn: &mut SqliteConnection,
    m: &NewInbound<'_>,
    now: i64,
) -> Result<Option<MessageId>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO messages
             (conversation_id, wamid, direction, kind, body, payload, sent_at, created_at)
         VALUES (?, ?, 'inbound', ?, ?, ?, ?, ?)
         ON CONFLICT (wamid) DO NOTHING
         RETURNING id",
    )
    .bind(m.conversation_id.0)
    .bind(m.wamid)
    .bind(m.kind)
    .bind(m.body)
    .bind(m.payload)
    .bind(m.sent_at)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(id.map(MessageId))
}

pub(crate) async fn insert_outbound(
    conn: &mut SqliteConnection,
    conversation_id: ConversationId,
    kind: &str,
    body: Option<&str>,
    payload: &str,
    now: i64,
) -> Result<MessageId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO messages
             (conversation_id, direction, kind, body, payload, status, status_at, sent_at, created_at)
         VALUES (?, 'outbound', ?, ?, ?, 'pending', ?, ?, ?)
         RETURNING id",
    )
    .bind(conversation_id.0)
    .bind(kind)
    .bind(body)
    .bind(payload)
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(MessageId(id))
}

pub(crate) async fn get(conn: &mut SqliteConnection, id: MessageId) -> Result<Message> {
    let row: Option<MessageRow> = sqlx::query_as(concat!(message_select!(), " WHERE id = ?"))
        .bind(id.0)
        .fetch_optional(conn)
        .await?;
    row.ok_or(StoreError::NotFound("message"))?.try_into()
}

pub(crate) struct StatusTarget {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    pub status: Option<DeliveryStatus>,
}

/// The message Meta knows as `wamid`, with its current delivery status.
pub(crate) async fn status_by_wamid(
    conn: &mut SqliteConnection,
    wamid: &str,
) -> Result<Option<StatusTarget>> {
    let row: Option<(i64, i64, Option<String>)> =
        sqlx::query_as("SELECT id, conversation_id, status FROM messages WHERE wamid = ?")
            .bind(wamid)
            .fetch_optional(conn)
            .await?;
    row.map(|(id, conversation_id, status)| {
        Ok(StatusTarget {
            id: MessageId(id),
            conversation_id: ConversationId(conversation_id),
            status: status.as_deref().map(parse_status).transpose()?,
        })
    })
    .transpose()
}

pub(crate) async fn set_status(
    conn: &mut SqliteConnection,
    id: MessageId,
    status: DeliveryStatus,
    at: i64,
    failure: Option<&SendFailure>,
) -> Result<()> {
    sqlx::query(
        "UPDATE messages SET status = ?, status_at = ?, failure = COALESCE(?, failure)
         WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(at)
    .bind(failure.map(failure_json))
    .bind(id.0)
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) async fn set_wamid(
    conn: &mut SqliteConnection,
    id: MessageId,
    wamid: &str,
) -> Result<()> {
    sqlx::query("UPDATE messages SET wamid = ? WHERE id = ?")
        .bind(wamid)
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

impl Store {
    pub async fn message(&self, id: MessageId) -> Result<Message> {
        let mut conn = self.reader.acquire().await?;
        get(&mut conn, id).await
    }

    /// The newest `limit` messages of a thread older than `before` (all when `None`),
    /// returned oldest first, ready to render.
    pub async fn thread(
        &self,
        conversation_id: ConversationId,
        before: Option<MessageCursor>,
        limit: u32,
    ) -> Result<Vec<Message>> {
        let rows: Vec<MessageRow> = match before {
            None => {
                sqlx::query_as(concat!(
                    message_select!(),
                    " WHERE conversation_id = ? ORDER BY sent_at DESC, id DESC LIMIT ?"
                ))
                .bind(conversation_id.0)
                .bind(limit)
                .fetch_all(&self.reader)
                .await?
            }
            Some(cursor) => {
                sqlx::query_as(concat!(
                    message_select!(),
                    " WHERE conversation_id = ?1 AND (sent_at < ?2 OR (sent_at = ?2 AND id < ?3))
                      ORDER BY sent_at DESC, id DESC LIMIT ?4"
                ))
                .bind(conversation_id.0)
                .bind(cursor.timestamp.0)
                .bind(cursor.id.0)
                .bind(limit)
                .fetch_all(&self.reader)
                .await?
            }
        };
        let mut messages = rows
            .into_iter()
            .map(Message::try_from)
            .collect::<Result<Vec<_>>>()?;
        messages.reverse();
        Ok(messages)
    }

    /// Every message, in insertion order, for export.
    pub fn export_messages(&self) -> impl futures::Stream<Item = Result<Message>> + '_ {
        use futures::StreamExt;
        sqlx::query_as::<_, MessageRow>(concat!(message_select!(), " ORDER BY id"))
            .fetch(&self.reader)
            .map(|row| Message::try_from(row?))
    }
}
