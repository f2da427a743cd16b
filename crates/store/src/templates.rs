//! `templates`: message templates as Meta last described them, from the template list
//! (polled) or from status, quality and category webhooks, whichever came last.

use parley_core::Timestamp;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::{Result, Store};

/// A template's state as the manager's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateRecord {
    /// Meta's template id.
    pub id: String,
    pub name: String,
    pub language: String,
    pub status: String,
    pub category: Option<String>,
    pub quality: Option<String>,
    pub rejection_reason: Option<String>,
    /// Meta's components, as JSON.
    pub components: Option<String>,
    pub updated_at: Timestamp,
}

/// What a webhook changes on a template it names by id or by name and language.
#[derive(Clone, Copy)]
pub(crate) enum TemplateChange<'a> {
    Status {
        status: &'a str,
        reason: Option<&'a str>,
    },
    Quality(&'a str),
    Category(&'a str),
}

pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    id: Option<&str>,
    name: Option<&str>,
    language: Option<&str>,
    change: TemplateChange<'_>,
    now: i64,
) -> Result<()> {
    const MATCH: &str = "WHERE id = ?1 OR (name = ?2 AND language = ?3)";
    let updated =
        match change {
            TemplateChange::Status { status, reason } => sqlx::query(&format!(
                "UPDATE templates SET status = ?4, rejection_reason = ?5, updated_at = ?6 {MATCH}"
            ))
            .bind(id)
            .bind(name)
            .bind(language)
            .bind(status)
            .bind(reason)
            .bind(now)
            .execute(&mut *conn)
            .await?,
            TemplateChange::Quality(quality) => {
                sqlx::query(&format!(
                    "UPDATE templates SET quality = ?4, updated_at = ?5 {MATCH}"
                ))
                .bind(id)
                .bind(name)
                .bind(language)
                .bind(quality)
                .bind(now)
                .execute(&mut *conn)
                .await?
            }
            TemplateChange::Category(category) => {
                sqlx::query(&format!(
                    "UPDATE templates SET category = ?4, updated_at = ?5 {MATCH}"
                ))
                .bind(id)
                .bind(name)
                .bind(language)
                .bind(category)
                .bind(now)
                .execute(&mut *conn)
                .await?
            }
        };
    // A template Parley has not listed yet: remember it; the next poll fills it in.
    if updated.rows_affected() == 0
        && let (Some(id), Some(name), Some(language)) = (id, name, language)
    {
        let status = match change {
            TemplateChange::Status { status, .. } => status,
            _ => "UNKNOWN",
        };
        sqlx::query(
            "INSERT INTO templates (id, name, language, status, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(name)
        .bind(language)
        .bind(status)
        .bind(now)
        .execute(conn)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Replaces what Meta's template list says, in one transaction.
    pub async fn upsert_templates(&self, templates: &[TemplateRecord]) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        for t in templates {
            sqlx::query(
                "INSERT INTO templates
                     (id, name, language, status, category, quality, rejection_reason, components, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET
                     name = excluded.name, language = excluded.language, status = excluded.status,
                     category = excluded.category, quality = COALESCE(excluded.quality, templates.quality),
                     rejection_reason = excluded.rejection_reason, components = excluded.components,
                     updated_at = excluded.updated_at",
            )
            .bind(&t.id)
            .bind(&t.name)
            .bind(&t.language)
            .bind(&t.status)
            .bind(&t.category)
            .bind(&t.quality)
            .bind(&t.rejection_reason)
            .bind(&t.components)
            .bind(t.updated_at.0)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn templates(&self) -> Result<Vec<TemplateRecord>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: String,
            name: String,
            language: String,
            status: String,
            category: Option<String>,
            quality: Option<String>,
            rejection_reason: Option<String>,
            components: Option<String>,
            updated_at: i64,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, name, language, status, category, quality, rejection_reason, components, updated_at
             FROM templates ORDER BY name, language",
        )
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| TemplateRecord {
                id: r.id,
                name: r.name,
                language: r.language,
                status: r.status,
                category: r.category,
                quality: r.quality,
                rejection_reason: r.rejection_reason,
                components: r.components,
                updated_at: Timestamp(r.updated_at),
            })
            .collect())
    }
}
