//! `agent_reads`: up to when each agent has read each conversation (Parley's clock).

use parley_core::{AgentId, ConversationId};
use sqlx::SqliteConnection;

use crate::Result;

/// `agent` has read `conversation` up to `at`. Never moves back: an older instant (a
/// slow command finishing late) leaves a later one in place.
pub(crate) async fn read_until(
    conn: &mut SqliteConnection,
    agent: AgentId,
    conversation: ConversationId,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO agent_reads (agent_id, conversation_id, read_until) VALUES (?, ?, ?)
         ON CONFLICT (agent_id, conversation_id)
         DO UPDATE SET read_until = MAX(read_until, excluded.read_until)",
    )
    .bind(agent.0)
    .bind(conversation.0)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
