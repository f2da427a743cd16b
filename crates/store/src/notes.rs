//! `notes`: private notes in a thread, written by agents, never sent.

use parley_core::triage::{Assignee, Note};
use parley_core::{AgentId, ConversationId, NoteId, Timestamp};

use crate::{Result, Store, StoreError};

#[derive(sqlx::FromRow)]
struct NoteRow {
    id: i64,
    conversation_id: i64,
    agent_id: Option<i64>,
    agent_name: Option<String>,
    body: String,
    created_at: i64,
    updated_at: i64,
}

impl From<NoteRow> for Note {
    fn from(row: NoteRow) -> Note {
        Note {
            id: NoteId(row.id),
            conversation_id: ConversationId(row.conversation_id),
            author: match (row.agent_id, row.agent_name) {
                (Some(id), Some(name)) => Some(Assignee {
                    id: AgentId(id),
                    name,
                }),
                _ => None,
            },
            body: row.body,
            created_at: Timestamp(row.created_at),
            updated_at: Timestamp(row.updated_at),
        }
    }
}

const SELECT: &str = "SELECT n.id, n.conversation_id, n.agent_id, a.name AS agent_name, n.body,
                             n.created_at, n.updated_at
                      FROM notes n LEFT JOIN agents a ON a.id = n.agent_id";

impl Store {
    /// A thread's notes written in `[from, until)`; `None` leaves that end open. The
    /// thread shows them between the messages of the same period.
    pub async fn notes(
        &self,
        conversation: ConversationId,
        from: Option<Timestamp>,
        until: Option<Timestamp>,
    ) -> Result<Vec<Note>> {
        let rows: Vec<NoteRow> = sqlx::query_as(&format!(
            "{SELECT} WHERE n.conversation_id = ?1
                 AND (?2 IS NULL OR n.created_at >= ?2) AND (?3 IS NULL OR n.created_at < ?3)
             ORDER BY n.created_at, n.id"
        ))
        .bind(conversation.0)
        .bind(from.map(|t| t.0))
        .bind(until.map(|t| t.0))
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.into_iter().map(Note::from).collect())
    }

    pub async fn note(&self, id: NoteId) -> Result<Note> {
        let row: Option<NoteRow> = sqlx::query_as(&format!("{SELECT} WHERE n.id = ?"))
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?;
        Ok(row.ok_or(StoreError::NotFound("note"))?.into())
    }

    pub async fn add_note(
        &self,
        conversation: ConversationId,
        agent: AgentId,
        body: &str,
        now: Timestamp,
    ) -> Result<Note> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO notes (conversation_id, agent_id, body, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
        )
        .bind(conversation.0)
        .bind(agent.0)
        .bind(body)
        .bind(now.0)
        .fetch_one(&self.writer)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                StoreError::NotFound("conversation")
            }
            e => e.into(),
        })?;
        self.note(NoteId(id)).await
    }

    pub async fn edit_note(&self, id: NoteId, body: &str, now: Timestamp) -> Result<Note> {
        let updated = sqlx::query("UPDATE notes SET body = ?, updated_at = ? WHERE id = ?")
            .bind(body)
            .bind(now.0)
            .bind(id.0)
            .execute(&self.writer)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("note"));
        }
        self.note(id).await
    }

    pub async fn delete_note(&self, id: NoteId) -> Result<()> {
        let deleted = sqlx::query("DELETE FROM notes WHERE id = ?")
            .bind(id.0)
            .execute(&self.writer)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound("note"));
        }
        Ok(())
    }
}
