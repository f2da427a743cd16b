//! `templates`: message templates as Meta describes them, from the template list (polled),
//! from status, quality and category webhooks, and from Parley's own submissions. Which
//! status report wins is decided in [`crate::template_events`].

use parley_core::Timestamp;
use parley_core::template::TemplateDefinition;
use parley_core::time::DAY_MS;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::template_events::{
    self, ReportedStatus, TemplateEventKind, TemplateSource, TemplateStatusChange, UNLISTED,
};
use crate::{Result, Store, StoreError, corrupt};

/// Meta counts the edits of an approved template over this long.
pub const TEMPLATE_EDIT_WINDOW_MS: i64 = 30 * DAY_MS;

/// A template's state as the manager's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateRecord {
    /// Meta's template id.
    pub id: String,
    pub name: String,
    pub language: String,
    /// One of Meta's statuses (`APPROVED`, `PAUSED`, ...), as Meta wrote it.
    pub status: String,
    pub category: Option<String>,
    pub quality: Option<String>,
    /// Why it was rejected, paused or disabled, as Meta wrote it.
    pub rejection_reason: Option<String>,
    /// Meta's advice with it.
    pub recommendation: Option<String>,
    /// `POSITIONAL` or `NAMED`; `None`: positional.
    pub parameter_format: Option<String>,
    /// Meta's components, as JSON.
    pub components: Option<String>,
    /// When the current status began.
    pub status_changed_at: Option<Timestamp>,
    /// Edits made while it was approved, since `edit_window_started_at`.
    pub edit_count: u32,
    pub edit_window_started_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

impl TemplateRecord {
    /// The template in Meta's JSON, as a draft or a send form needs it.
    pub fn definition(&self) -> Result<TemplateDefinition> {
        let components: serde_json::Value = match &self.components {
            Some(json) => serde_json::from_str(json)
                .map_err(|e| corrupt(format!("components of template {}: {e}", self.id)))?,
            None => serde_json::Value::Array(Vec::new()),
        };
        let value = serde_json::json!({
            "name": self.name,
            "language": self.language,
            "category": self.category,
            "parameter_format": self.parameter_format,
            "components": components,
        });
        serde_json::from_value(value)
            .map_err(|e| corrupt(format!("template {} as Meta's JSON: {e}", self.id)))
    }

    /// Edits counted towards Meta's limit at `now` (the window restarts after 30 days).
    pub fn edits_in_window(&self, now: Timestamp) -> u32 {
        match self.edit_window_started_at {
            Some(start) if now.0 - start.0 < TEMPLATE_EDIT_WINDOW_MS => self.edit_count,
            _ => 0,
        }
    }
}

/// One template as Meta's template list describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedTemplate {
    pub id: String,
    pub name: String,
    pub language: String,
    pub status: String,
    pub category: Option<String>,
    pub quality: Option<String>,
    pub rejection_reason: Option<String>,
    pub parameter_format: Option<String>,
    /// Meta's components, as JSON.
    pub components: Option<String>,
}

/// What a webhook changes on a template it names by id or by name and language.
#[derive(Clone, Copy)]
pub(crate) enum TemplateChange<'a> {
    Status {
        status: &'a str,
        reason: Option<&'a str>,
        recommendation: Option<&'a str>,
    },
    Quality(&'a str),
    Category(&'a str),
}

/// Applies a webhook's change; the status change, when it was news. `at` is when Meta
/// says it happened.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    id: Option<&str>,
    name: Option<&str>,
    language: Option<&str>,
    change: TemplateChange<'_>,
    at: i64,
    now: i64,
) -> Result<Option<TemplateStatusChange>> {
    let known: Option<String> = sqlx::query_scalar(
        "SELECT id FROM templates WHERE id = ?1 OR (name = ?2 AND language = ?3)
         ORDER BY id IS ?1 DESC LIMIT 1",
    )
    .bind(id)
    .bind(name)
    .bind(language)
    .fetch_optional(&mut *conn)
    .await?;
    let id = match known {
        Some(id) => id,
        // A template Parley has not listed yet: remember it; the next poll fills it in.
        None => match (id, name, language) {
            (Some(id), Some(name), Some(language)) => {
                replace_namesake(conn, id, name, language).await?;
                sqlx::query(
                    "INSERT INTO templates (id, name, language, status, updated_at)
                     VALUES (?, ?, ?, ?, ?)",
                )
                .bind(id)
                .bind(name)
                .bind(language)
                .bind(UNLISTED)
                .bind(now)
                .execute(&mut *conn)
                .await?;
                id.to_owned()
            }
            _ => return Ok(None),
        },
    };
    match change {
        TemplateChange::Status {
            status,
            reason,
            recommendation,
        } => {
            let reported = ReportedStatus {
                status,
                reason,
                recommendation,
                source: TemplateSource::Webhook,
                at,
            };
            template_events::apply_status(conn, &id, reported, now).await
        }
        TemplateChange::Quality(quality) => {
            set_property(conn, &id, Property::Quality, quality, at, now).await?;
            Ok(None)
        }
        TemplateChange::Category(category) => {
            set_property(conn, &id, Property::Category, category, at, now).await?;
            Ok(None)
        }
    }
}

/// What a webhook may set besides the status.
#[derive(Clone, Copy)]
enum Property {
    Quality,
    Category,
}

/// Sets the quality or category, with an event when it changed.
async fn set_property(
    conn: &mut SqliteConnection,
    id: &str,
    property: Property,
    value: &str,
    at: i64,
    now: i64,
) -> Result<()> {
    let (sql, kind) = match property {
        Property::Quality => (
            "UPDATE templates SET quality = ?2, updated_at = ?3
             WHERE id = ?1 AND quality IS NOT ?2",
            TemplateEventKind::Quality,
        ),
        Property::Category => (
            "UPDATE templates SET category = ?2, updated_at = ?3
             WHERE id = ?1 AND category IS NOT ?2",
            TemplateEventKind::Category,
        ),
    };
    let changed = sqlx::query(sql)
        .bind(id)
        .bind(value)
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if changed > 0 {
        let source = TemplateSource::Webhook;
        template_events::insert(conn, id, kind, value, (None, None), source, at, now).await?;
    }
    Ok(())
}

/// A template deleted and created again keeps its name and language under a new id:
/// the old row goes, so the new one can take its place.
async fn replace_namesake(
    conn: &mut SqliteConnection,
    id: &str,
    name: &str,
    language: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM templates WHERE name = ? AND language = ? AND id <> ?")
        .bind(name)
        .bind(language)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

const COLUMNS: &str = "id, name, language, status, category, quality, rejection_reason,
    recommendation, parameter_format, components, status_changed_at, edit_count,
    edit_window_started_at, updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    language: String,
    status: String,
    category: Option<String>,
    quality: Option<String>,
    rejection_reason: Option<String>,
    recommendation: Option<String>,
    parameter_format: Option<String>,
    components: Option<String>,
    status_changed_at: Option<i64>,
    edit_count: i64,
    edit_window_started_at: Option<i64>,
    updated_at: i64,
}

impl From<Row> for TemplateRecord {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            name: r.name,
            language: r.language,
            status: r.status,
            category: r.category,
            quality: r.quality,
            rejection_reason: r.rejection_reason,
            recommendation: r.recommendation,
            parameter_format: r.parameter_format,
            components: r.components,
            status_changed_at: r.status_changed_at.map(Timestamp),
            edit_count: u32::try_from(r.edit_count).unwrap_or(0),
            edit_window_started_at: r.edit_window_started_at.map(Timestamp),
            updated_at: Timestamp(r.updated_at),
        }
    }
}

/// Writes what Parley submitted (name, language, category, components), keeping the rest.
async fn write_definition(
    conn: &mut SqliteConnection,
    id: &str,
    definition: &TemplateDefinition,
    category: &str,
    now: i64,
) -> Result<()> {
    let components = components_json(definition)?;
    let parameter_format = enum_text(&definition.parameter_format)?;
    replace_namesake(conn, id, &definition.name, &definition.language).await?;
    sqlx::query(
        "INSERT INTO templates
             (id, name, language, status, category, parameter_format, components, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, language = excluded.language, category = excluded.category,
             parameter_format = excluded.parameter_format, components = excluded.components,
             updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(&definition.name)
    .bind(&definition.language)
    .bind(UNLISTED)
    .bind(category)
    .bind(parameter_format)
    .bind(components)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

fn components_json(definition: &TemplateDefinition) -> Result<String> {
    serde_json::to_string(&definition.components)
        .map_err(|e| corrupt(format!("template components: {e}")))
}

/// A unit enum as Meta spells it (`"NAMED"`), for a text column.
fn enum_text<T: Serialize>(value: &Option<T>) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(value) => match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => Ok(Some(text)),
            other => Err(corrupt(format!("not a name: {other:?}"))),
        },
    }
}

/// Meta's status of a template that is gone.
const DELETED: &str = "DELETED";

/// Writes listed templates (content, quality, status); the statuses that changed.
async fn write_listed(
    conn: &mut SqliteConnection,
    templates: &[ListedTemplate],
    at: i64,
) -> Result<Vec<TemplateStatusChange>> {
    let mut changes = Vec::new();
    for t in templates {
        replace_namesake(conn, &t.id, &t.name, &t.language).await?;
        sqlx::query(
            "INSERT INTO templates
                 (id, name, language, status, category, quality, rejection_reason,
                  parameter_format, components, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET
                 name = excluded.name, language = excluded.language,
                 category = COALESCE(excluded.category, templates.category),
                 quality = COALESCE(excluded.quality, templates.quality),
                 parameter_format = COALESCE(excluded.parameter_format, templates.parameter_format),
                 components = COALESCE(excluded.components, templates.components),
                 updated_at = excluded.updated_at",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(&t.language)
        .bind(UNLISTED)
        .bind(&t.category)
        .bind(&t.quality)
        .bind(&t.rejection_reason)
        .bind(&t.parameter_format)
        .bind(&t.components)
        .bind(at)
        .execute(&mut *conn)
        .await?;
        let reported = ReportedStatus {
            status: &t.status,
            reason: t.rejection_reason.as_deref(),
            recommendation: None,
            source: TemplateSource::Poll,
            at,
        };
        changes.extend(template_events::apply_status(conn, &t.id, reported, at).await?);
    }
    Ok(changes)
}

impl Store {
    /// Records what part of Meta's template list says, in one transaction; the statuses
    /// that changed. `at` is when the list was requested: a status the webhook reported
    /// later stays. Templates the part does not hold are left as they are.
    pub async fn upsert_templates(
        &self,
        templates: &[ListedTemplate],
        at: Timestamp,
    ) -> Result<Vec<TemplateStatusChange>> {
        let mut tx = self.writer.begin().await?;
        let changes = write_listed(&mut tx, templates, at.0).await?;
        tx.commit().await?;
        Ok(changes)
    }

    /// Records Meta's whole template list, read page by page without a failure: as
    /// [`Store::upsert_templates`], and a template Parley has that the list no longer holds
    /// was deleted at Meta (in WhatsApp Manager, say: no webhook tells) and is marked
    /// `DELETED`. One changed after the list was requested is left for the next read.
    /// Drafts are not Meta's and are never touched.
    pub async fn sync_template_list(
        &self,
        templates: &[ListedTemplate],
        at: Timestamp,
    ) -> Result<Vec<TemplateStatusChange>> {
        let mut tx = self.writer.begin().await?;
        let mut changes = write_listed(&mut tx, templates, at.0).await?;
        let known: Vec<(String, i64)> =
            sqlx::query_as("SELECT id, updated_at FROM templates WHERE status <> ?1 ORDER BY id")
                .bind(DELETED)
                .fetch_all(&mut *tx)
                .await?;
        let listed: std::collections::HashSet<&str> =
            templates.iter().map(|t| t.id.as_str()).collect();
        for (id, updated_at) in known {
            if listed.contains(id.as_str()) || updated_at >= at.0 {
                continue;
            }
            let reported = ReportedStatus {
                status: DELETED,
                reason: None,
                recommendation: None,
                source: TemplateSource::Poll,
                at: at.0,
            };
            changes.extend(template_events::apply_status(&mut tx, &id, reported, at.0).await?);
        }
        tx.commit().await?;
        Ok(changes)
    }

    /// Records a template Meta accepted for review: its id, what was sent, Meta's first
    /// status; the draft it came from (if any) is done with.
    pub async fn record_template_submission(
        &self,
        draft: Option<i64>,
        id: &str,
        definition: &TemplateDefinition,
        status: &str,
        category: &str,
        now: Timestamp,
    ) -> Result<TemplateRecord> {
        let mut tx = self.writer.begin().await?;
        write_definition(&mut tx, id, definition, category, now.0).await?;
        let reported = ReportedStatus {
            status,
            reason: None,
            recommendation: None,
            source: TemplateSource::Submit,
            at: now.0,
        };
        template_events::apply_status(&mut tx, id, reported, now.0).await?;
        if let Some(draft) = draft {
            sqlx::query("DELETE FROM template_drafts WHERE id = ?")
                .bind(draft)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.template(id).await
    }

    /// Records an edit Meta accepted: the new content, back to PENDING for review. An
    /// edit of an approved template counts towards Meta's monthly limit.
    pub async fn record_template_edit(
        &self,
        draft: Option<i64>,
        id: &str,
        definition: &TemplateDefinition,
        category: &str,
        now: Timestamp,
    ) -> Result<TemplateRecord> {
        let before = self.template(id).await?;
        let mut tx = self.writer.begin().await?;
        write_definition(&mut tx, id, definition, category, now.0).await?;
        if before.status == "APPROVED" {
            let (count, start) = match before.edits_in_window(now) {
                0 => (1, now.0),
                n => (n + 1, before.edit_window_started_at.map_or(now.0, |t| t.0)),
            };
            sqlx::query(
                "UPDATE templates SET edit_count = ?2, edit_window_started_at = ?3 WHERE id = ?1",
            )
            .bind(id)
            .bind(count)
            .bind(start)
            .execute(&mut *tx)
            .await?;
        }
        let reported = ReportedStatus {
            status: "PENDING",
            reason: None,
            recommendation: None,
            source: TemplateSource::Edit,
            at: now.0,
        };
        template_events::apply_status(&mut tx, id, reported, now.0).await?;
        if let Some(draft) = draft {
            sqlx::query("DELETE FROM template_drafts WHERE id = ?")
                .bind(draft)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.template(id).await
    }

    /// Forgets templates Meta deleted: every language of `name`, or one. Drafts that
    /// edited them become drafts of new templates.
    pub async fn forget_templates(&self, name: &str, language: Option<&str>) -> Result<u64> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE template_drafts SET template_id = NULL WHERE template_id IN
                 (SELECT id FROM templates WHERE name = ?1 AND (?2 IS NULL OR language = ?2))",
        )
        .bind(name)
        .bind(language)
        .execute(&mut *tx)
        .await?;
        let deleted =
            sqlx::query("DELETE FROM templates WHERE name = ?1 AND (?2 IS NULL OR language = ?2)")
                .bind(name)
                .bind(language)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        tx.commit().await?;
        Ok(deleted)
    }

    pub async fn templates(&self) -> Result<Vec<TemplateRecord>> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM templates ORDER BY name, language"
        ))
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.into_iter().map(TemplateRecord::from).collect())
    }

    /// The template with Meta's id `id`.
    pub async fn template(&self, id: &str) -> Result<TemplateRecord> {
        let row: Option<Row> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM templates WHERE id = ?"))
                .bind(id)
                .fetch_optional(&self.reader)
                .await?;
        row.map(TemplateRecord::from)
            .ok_or(StoreError::NotFound("template"))
    }

    /// The template called `name` in `language`, if Parley knows it.
    pub async fn template_named(
        &self,
        name: &str,
        language: &str,
    ) -> Result<Option<TemplateRecord>> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM templates WHERE name = ? AND language = ?"
        ))
        .bind(name)
        .bind(language)
        .fetch_optional(&self.reader)
        .await?;
        Ok(row.map(TemplateRecord::from))
    }
}
