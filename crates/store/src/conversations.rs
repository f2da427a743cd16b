//! `conversations`: one thread per contact, with the denormalised facts the list needs
//! (newest message, activity time, unread count) kept current by every write.

use parley_core::conversation::{Contact, ConversationCursor, ConversationSummary, LastMessage};
use parley_core::message::{Direction, preview};
use parley_core::status::DeliveryStatus;
use parley_core::{ContactId, ConversationId, MessageId, Timestamp};
use sqlx::SqliteConnection;

use crate::{Result, Store, StoreError, corrupt};

/// The conversation of `contact_id`, created on first contact with `at` as its activity.
pub(crate) async fn get_or_create(
    conn: &mut SqliteConnection,
    contact_id: ContactId,
    at: i64,
    now: i64,
) -> Result<ConversationId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO conversations (contact_id, last_activity_at, created_at)
         VALUES (?, ?, ?)
         ON CONFLICT (contact_id) DO UPDATE SET contact_id = excluded.contact_id
         RETURNING id",
    )
    .bind(contact_id.0)
    .bind(at)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(ConversationId(id))
}

/// Records a new inbound message: it may become the newest, it is unread, and (when it
/// is the customer writing) it extends the service window. A late delivery of an older
/// message changes neither the preview nor the ordering.
pub(crate) async fn note_inbound(
    conn: &mut SqliteConnection,
    id: ConversationId,
    message_id: MessageId,
    at: i64,
    opens_window: bool,
) -> Result<()> {
    sqlx::query(
        "UPDATE conversations SET
             last_message_id = CASE WHEN last_message_id IS NULL OR ?1 >= last_activity_at
                                    THEN ?2 ELSE last_message_id END,
             last_activity_at = CASE WHEN ?1 > last_activity_at THEN ?1 ELSE last_activity_at END,
             last_inbound_at = CASE WHEN ?4 AND (last_inbound_at IS NULL OR ?1 > last_inbound_at)
                                    THEN ?1 ELSE last_inbound_at END,
             unread_count = unread_count + 1
         WHERE id = ?3",
    )
    .bind(at)
    .bind(message_id.0)
    .bind(id.0)
    .bind(opens_window)
    .execute(conn)
    .await?;
    Ok(())
}

/// The conversation of a contact, when there is one.
pub(crate) async fn of_contact(
    conn: &mut SqliteConnection,
    contact_id: ContactId,
) -> Result<Option<ConversationId>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM conversations WHERE contact_id = ?")
        .bind(contact_id.0)
        .fetch_optional(conn)
        .await?;
    Ok(id.map(ConversationId))
}

/// Records a new outbound message. Answering a conversation means it has been read.
pub(crate) async fn note_outbound(
    conn: &mut SqliteConnection,
    id: ConversationId,
    message_id: MessageId,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE conversations SET
             last_message_id = CASE WHEN last_message_id IS NULL OR ?1 >= last_activity_at
                                    THEN ?2 ELSE last_message_id END,
             last_activity_at = CASE WHEN ?1 > last_activity_at THEN ?1 ELSE last_activity_at END,
             unread_count = 0
         WHERE id = ?3",
    )
    .bind(at)
    .bind(message_id.0)
    .bind(id.0)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    last_activity_at: i64,
    last_inbound_at: Option<i64>,
    unread_count: i64,
    contact_id: i64,
    wa_id: String,
    profile_name: Option<String>,
    marketing_opt_out: bool,
    m_direction: Option<String>,
    m_kind: Option<String>,
    m_body: Option<String>,
    m_status: Option<String>,
    m_sent_at: Option<i64>,
}

/// The list row query; a macro so that `concat!` can build each variant at compile time.
macro_rules! summary_select {
    () => {
        "SELECT c.id, c.last_activity_at, c.last_inbound_at, c.unread_count,
                ct.id AS contact_id, ct.wa_id, ct.profile_name, ct.marketing_opt_out,
                m.direction AS m_direction, m.kind AS m_kind, m.body AS m_body,
                m.status AS m_status, m.sent_at AS m_sent_at
         FROM conversations c
         JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN messages m ON m.id = c.last_message_id"
    };
}

impl TryFrom<SummaryRow> for ConversationSummary {
    type Error = StoreError;

    fn try_from(row: SummaryRow) -> Result<Self> {
        let last_message = match (row.m_direction, row.m_kind, row.m_sent_at) {
            (Some(direction), Some(kind), Some(sent_at)) => Some(LastMessage {
                direction: Direction::parse(&direction)
                    .ok_or_else(|| corrupt(format!("message direction {direction:?}")))?,
                kind,
                preview: row.m_body.as_deref().map(preview),
                status: row
                    .m_status
                    .map(|s| {
                        DeliveryStatus::parse(&s).ok_or_else(|| corrupt(format!("status {s:?}")))
                    })
                    .transpose()?,
                timestamp: Timestamp(sent_at),
            }),
            _ => None,
        };
        Ok(ConversationSummary {
            id: ConversationId(row.id),
            contact: Contact {
                id: ContactId(row.contact_id),
                wa_id: row.wa_id,
                profile_name: row.profile_name,
                marketing_opt_out: row.marketing_opt_out,
            },
            last_message,
            last_activity_at: Timestamp(row.last_activity_at),
            last_inbound_at: row.last_inbound_at.map(Timestamp),
            unread_count: row.unread_count,
        })
    }
}

pub(crate) async fn summary(
    conn: &mut SqliteConnection,
    id: ConversationId,
) -> Result<Option<ConversationSummary>> {
    let row: Option<SummaryRow> = sqlx::query_as(concat!(summary_select!(), " WHERE c.id = ?"))
        .bind(id.0)
        .fetch_optional(conn)
        .await?;
    row.map(ConversationSummary::try_from).transpose()
}

impl Store {
    /// One page of the conversation list, newest activity first.
    pub async fn list_conversations(
        &self,
        after: Option<ConversationCursor>,
        limit: u32,
    ) -> Result<Vec<ConversationSummary>> {
        let rows: Vec<SummaryRow> = match after {
            None => {
                sqlx::query_as(concat!(
                    summary_select!(),
                    " ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?"
                ))
                .bind(limit)
                .fetch_all(&self.reader)
                .await?
            }
            Some(cursor) => {
                sqlx::query_as(concat!(
                    summary_select!(),
                    " WHERE c.last_activity_at < ?1 OR (c.last_activity_at = ?1 AND c.id < ?2)
                      ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?3"
                ))
                .bind(cursor.last_activity_at.0)
                .bind(cursor.id.0)
                .bind(limit)
                .fetch_all(&self.reader)
                .await?
            }
        };
        rows.into_iter()
            .map(ConversationSummary::try_from)
            .collect()
    }

    pub async fn conversation(&self, id: ConversationId) -> Result<ConversationSummary> {
        let mut conn = self.reader.acquire().await?;
        summary(&mut conn, id)
            .await?
            .ok_or(StoreError::NotFound("conversation"))
    }

    /// Clears the unread count (an agent opened the conversation).
    pub async fn mark_conversation_read(&self, id: ConversationId) -> Result<ConversationSummary> {
        let mut conn = self.writer.acquire().await?;
        sqlx::query("UPDATE conversations SET unread_count = 0 WHERE id = ?")
            .bind(id.0)
            .execute(&mut *conn)
            .await?;
        summary(&mut conn, id)
            .await?
            .ok_or(StoreError::NotFound("conversation"))
    }

    /// Every conversation, oldest first, for export.
    pub fn export_conversations(
        &self,
    ) -> impl futures::Stream<Item = Result<ConversationSummary>> + '_ {
        use futures::StreamExt;
        sqlx::query_as::<_, SummaryRow>(concat!(summary_select!(), " ORDER BY c.id"))
            .fetch(&self.reader)
            .map(|row| ConversationSummary::try_from(row?))
    }
}
