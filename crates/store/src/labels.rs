//! `labels` and `conversation_labels`: the business's labels and which conversations
//! carry them. Deleting a label removes it from every conversation (ON DELETE CASCADE).

use parley_core::label::{Label, LabelColor};
use parley_core::{ConversationId, LabelId, Timestamp};

use crate::{Result, Store, StoreError, corrupt};

#[derive(sqlx::FromRow)]
struct LabelRow {
    id: i64,
    name: String,
    color: String,
    conversation_count: i64,
}

impl LabelRow {
    fn into_label(self) -> Result<Label> {
        Ok(Label {
            id: LabelId(self.id),
            color: LabelColor::parse(&self.color)
                .ok_or_else(|| corrupt(format!("label color {:?}", self.color)))?,
            name: self.name,
            conversation_count: self.conversation_count,
        })
    }
}

/// Whether a write failed on a UNIQUE constraint (a name taken).
fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

impl Store {
    /// Every label in the user's order, with how many conversations carry it.
    pub async fn labels(&self) -> Result<Vec<Label>> {
        let rows: Vec<LabelRow> = sqlx::query_as(
            "SELECT l.id, l.name, l.color,
                    (SELECT COUNT(*) FROM conversation_labels cl WHERE cl.label_id = l.id)
                        AS conversation_count
             FROM labels l ORDER BY l.position, l.id",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter().map(LabelRow::into_label).collect()
    }

    /// Adds a label at the end of the list. `name_key` is the name as compared for
    /// uniqueness; a taken one is [`StoreError::Duplicate`].
    pub async fn add_label(
        &self,
        name: &str,
        name_key: &str,
        color: LabelColor,
        now: Timestamp,
    ) -> Result<LabelId> {
        let id = sqlx::query_scalar(
            "INSERT INTO labels (name, name_key, color, position, created_at, updated_at)
             VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM labels), ?4, ?4)
             RETURNING id",
        )
        .bind(name)
        .bind(name_key)
        .bind(color.as_str())
        .bind(now.0)
        .fetch_one(&self.writer)
        .await
        .map_err(|e| duplicate_or(e, "label"))?;
        Ok(LabelId(id))
    }

    /// Renames and recolors a label.
    pub async fn update_label(
        &self,
        id: LabelId,
        name: &str,
        name_key: &str,
        color: LabelColor,
        now: Timestamp,
    ) -> Result<()> {
        let updated = sqlx::query(
            "UPDATE labels SET name = ?, name_key = ?, color = ?, updated_at = ? WHERE id = ?",
        )
        .bind(name)
        .bind(name_key)
        .bind(color.as_str())
        .bind(now.0)
        .bind(id.0)
        .execute(&self.writer)
        .await
        .map_err(|e| duplicate_or(e, "label"))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("label"));
        }
        Ok(())
    }

    /// Deletes a label and takes it off every conversation.
    pub async fn delete_label(&self, id: LabelId) -> Result<()> {
        let deleted = sqlx::query("DELETE FROM labels WHERE id = ?")
            .bind(id.0)
            .execute(&self.writer)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound("label"));
        }
        Ok(())
    }

    /// Puts the labels in this order (ids not listed keep their place after them).
    pub async fn reorder_labels(&self, order: &[LabelId], now: Timestamp) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        for (position, id) in order.iter().enumerate() {
            sqlx::query("UPDATE labels SET position = ?, updated_at = ? WHERE id = ?")
                .bind(position as i64 - order.len() as i64)
                .bind(now.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Puts a label on a conversation, or takes it off. Idempotent.
    pub async fn set_conversation_label(
        &self,
        conversation: ConversationId,
        label: LabelId,
        on: bool,
        now: Timestamp,
    ) -> Result<()> {
        let result = if on {
            sqlx::query(
                "INSERT INTO conversation_labels (conversation_id, label_id, added_at)
                 VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            )
            .bind(conversation.0)
            .bind(label.0)
            .bind(now.0)
            .execute(&self.writer)
            .await
        } else {
            sqlx::query(
                "DELETE FROM conversation_labels WHERE conversation_id = ? AND label_id = ?",
            )
            .bind(conversation.0)
            .bind(label.0)
            .execute(&self.writer)
            .await
        };
        match result {
            Ok(_) => Ok(()),
            // The conversation or the label does not exist (foreign keys are on).
            Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => {
                Err(StoreError::NotFound("conversation or label"))
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// A UNIQUE violation as [`StoreError::Duplicate`], anything else as it is.
pub(crate) fn duplicate_or(error: sqlx::Error, what: &'static str) -> StoreError {
    if is_unique_violation(&error) {
        StoreError::Duplicate(what)
    } else {
        error.into()
    }
}
