//! `outbox`: the durable queue between "an agent pressed send" and the Cloud API.

use parley_core::{ConversationId, MessageId, Timestamp};
use sqlx::SqliteConnection;

use crate::{Result, corrupt};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting for its (next) attempt.
    Pending,
    /// A request is (or was, if Parley stopped) on its way.
    InFlight,
    /// The Cloud API accepted it.
    Done,
    /// Permanently refused; the message carries the reason.
    Failed,
    /// The request left but no answer came back; not resent automatically.
    Unknown,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InFlight => "in_flight",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }
}

/// A claimed send: everything the sender needs without another query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub message_id: MessageId,
    pub conversation_id: ConversationId,
    /// The request body exactly as queued.
    pub payload: String,
    /// Attempts made so far, including the one just claimed.
    pub attempts: i64,
}

pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    message_id: MessageId,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (message_id, state, next_attempt_at, created_at, updated_at)
         VALUES (?, 'pending', ?, ?, ?)",
    )
    .bind(message_id.0)
    .bind(now)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks up to `limit` due items in flight and returns them, oldest first. Run it inside
/// a transaction so selecting and claiming are one step.
///
/// Sends may run concurrently, but never two of one conversation: only a conversation's
/// oldest waiting item is eligible, and only while none of its items is in flight, so
/// a customer receives the messages in the order they were written (also when an
/// earlier one is waiting to be retried).
pub(crate) async fn claim_due(
    conn: &mut SqliteConnection,
    now: i64,
    limit: u32,
) -> Result<Vec<OutboxItem>> {
    let rows: Vec<(i64, i64, i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT o.id, o.message_id, m.conversation_id, m.payload, o.attempts + 1
         FROM outbox o JOIN messages m ON m.id = o.message_id
         WHERE o.state = 'pending' AND o.next_attempt_at <= ?1
           AND o.id = (SELECT MIN(o2.id) FROM outbox o2 JOIN messages m2 ON m2.id = o2.message_id
                       WHERE m2.conversation_id = m.conversation_id
                         AND o2.state IN ('pending', 'in_flight'))
         ORDER BY o.next_attempt_at, o.id
         LIMIT ?2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for (id, message_id, conversation_id, payload, attempts) in rows {
        sqlx::query(
            "UPDATE outbox SET state = 'in_flight', attempts = ?, updated_at = ? WHERE id = ?",
        )
        .bind(attempts)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
        items.push(OutboxItem {
            id,
            message_id: MessageId(message_id),
            conversation_id: ConversationId(conversation_id),
            payload: payload.ok_or_else(|| corrupt(format!("outbox item {id} has no payload")))?,
            attempts,
        });
    }
    Ok(items)
}

pub(crate) async fn set_state(
    conn: &mut SqliteConnection,
    id: i64,
    state: OutboxState,
    last_error: Option<&str>,
    now: i64,
) -> Result<()> {
    sqlx::query("UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE id = ?")
        .bind(state.as_str())
        .bind(last_error)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub(crate) async fn reschedule(
    conn: &mut SqliteConnection,
    id: i64,
    next_attempt_at: i64,
    last_error: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = ?, updated_at = ?
         WHERE id = ?",
    )
    .bind(next_attempt_at)
    .bind(last_error)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) async fn next_due_at(conn: &mut SqliteConnection) -> Result<Option<Timestamp>> {
    let at: Option<i64> =
        sqlx::query_scalar("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'")
            .fetch_one(conn)
            .await?;
    Ok(at.map(Timestamp))
}

/// Items left in flight by a previous run that stopped mid-request.
pub(crate) async fn interrupted(conn: &mut SqliteConnection) -> Result<Vec<(i64, MessageId)>> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, message_id FROM outbox WHERE state = 'in_flight' ORDER BY id")
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(id, m)| (id, MessageId(m))).collect())
}
