//! `template_drafts`: templates being written in Parley, kept as Meta's template JSON so
//! they submit (and export) exactly as they were saved.

use parley_core::Timestamp;
use parley_core::template::TemplateDefinition;
use serde::{Deserialize, Serialize};

use crate::{Result, Store, StoreError, corrupt};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDraft {
    pub id: i64,
    pub definition: TemplateDefinition,
    /// The submitted template this draft edits; `None` for a new template.
    pub template_id: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    definition: String,
    template_id: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<Row> for TemplateDraft {
    type Error = StoreError;

    fn try_from(r: Row) -> Result<Self> {
        Ok(Self {
            definition: serde_json::from_str(&r.definition)
                .map_err(|e| corrupt(format!("template draft {}: {e}", r.id)))?,
            id: r.id,
            template_id: r.template_id,
            created_at: Timestamp(r.created_at),
            updated_at: Timestamp(r.updated_at),
        })
    }
}

impl Store {
    /// Saves a draft: a new one when `id` is `None`, else over draft `id`.
    pub async fn save_template_draft(
        &self,
        id: Option<i64>,
        definition: &TemplateDefinition,
        template_id: Option<&str>,
        now: Timestamp,
    ) -> Result<TemplateDraft> {
        let json = serde_json::to_string(definition)
            .map_err(|e| corrupt(format!("template draft: {e}")))?;
        let id: i64 =
            match id {
                None => sqlx::query_scalar(
                    "INSERT INTO template_drafts (definition, template_id, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?3) RETURNING id",
                )
                .bind(&json)
                .bind(template_id)
                .bind(now.0)
                .fetch_one(&self.writer)
                .await?,
                Some(id) => {
                    let updated = sqlx::query(
                    "UPDATE template_drafts SET definition = ?2, template_id = ?3, updated_at = ?4
                     WHERE id = ?1",
                )
                .bind(id)
                .bind(&json)
                .bind(template_id)
                .bind(now.0)
                .execute(&self.writer)
                .await?;
                    if updated.rows_affected() == 0 {
                        return Err(StoreError::NotFound("template draft"));
                    }
                    id
                }
            };
        self.template_draft_from(&self.writer, id).await
    }

    /// Every draft, the latest edited first.
    pub async fn template_drafts(&self) -> Result<Vec<TemplateDraft>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, definition, template_id, created_at, updated_at
             FROM template_drafts ORDER BY updated_at DESC, id DESC",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter().map(TemplateDraft::try_from).collect()
    }

    pub async fn template_draft(&self, id: i64) -> Result<TemplateDraft> {
        self.template_draft_from(&self.reader, id).await
    }

    async fn template_draft_from(&self, pool: &sqlx::SqlitePool, id: i64) -> Result<TemplateDraft> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, definition, template_id, created_at, updated_at
             FROM template_drafts WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?;
        row.ok_or(StoreError::NotFound("template draft"))?
            .try_into()
    }

    pub async fn delete_template_draft(&self, id: i64) -> Result<()> {
        let deleted = sqlx::query("DELETE FROM template_drafts WHERE id = ?")
            .bind(id)
            .execute(&self.writer)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound("template draft"));
        }
        Ok(())
    }
}
