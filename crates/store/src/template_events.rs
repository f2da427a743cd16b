//! `template_events`: each template's status, quality and category history, and the rule
//! that decides whether a reported status is news. Statuses reach Parley twice, by webhook
//! and by polling the template list: whichever comes first is applied, the other finds
//! the same status and changes nothing, and a report older than the current status never
//! moves a template back.

use parley_core::Timestamp;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::{Result, Store, corrupt};

/// Meta's webhook times are whole seconds, so a webhook may look up to this much older
/// than it is.
const WEBHOOK_PRECISION_MS: i64 = 1_000;

/// Where Parley learnt of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TemplateSource {
    Webhook,
    /// Read from the template list.
    Poll,
    /// Parley submitted it (Meta answered with its first status).
    Submit,
    /// Parley submitted an edit: it is reviewed again.
    Edit,
}

impl TemplateSource {
    fn as_str(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::Poll => "poll",
            Self::Submit => "submit",
            Self::Edit => "edit",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "webhook" => Self::Webhook,
            "poll" => Self::Poll,
            "submit" => Self::Submit,
            "edit" => Self::Edit,
            _ => return None,
        })
    }

    /// Whether a status reported at `at` replaces the one current since `current_since`.
    fn supersedes(self, at: i64, current_since: Option<i64>) -> bool {
        let Some(since) = current_since else {
            return true;
        };
        match self {
            // Within the same second the webhook wins: it announces a change, while a
            // list read may have been answered just before it.
            Self::Webhook => at + WEBHOOK_PRECISION_MS > since,
            // A list read is a snapshot: it overrides only what is clearly older; the
            // next read corrects anything it skipped.
            Self::Poll => at >= since + WEBHOOK_PRECISION_MS,
            // What Meta answered to Parley's own request is the latest word.
            Self::Submit | Self::Edit => true,
        }
    }
}

/// Which of a template's properties an event changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TemplateEventKind {
    Status,
    Quality,
    Category,
}

impl TemplateEventKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Quality => "quality",
            Self::Category => "category",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "status" => Self::Status,
            "quality" => Self::Quality,
            "category" => Self::Category,
            _ => return None,
        })
    }
}

/// One entry of a template's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateEvent {
    pub kind: TemplateEventKind,
    /// The new status, quality score or category, as Meta wrote it.
    pub value: String,
    pub reason: Option<String>,
    pub recommendation: Option<String>,
    pub source: TemplateSource,
    pub occurred_at: Timestamp,
}

/// A template whose status just changed, for a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateStatusChange {
    pub template_id: String,
    pub name: String,
    pub language: String,
    pub previous: Option<String>,
    pub status: String,
    pub reason: Option<String>,
    pub source: TemplateSource,
}

/// A status as reported, before deciding whether it is news.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReportedStatus<'a> {
    pub status: &'a str,
    pub reason: Option<&'a str>,
    pub recommendation: Option<&'a str>,
    pub source: TemplateSource,
    pub at: i64,
}

/// Applies a reported status to the template `id` (which must exist); the change, when
/// the status is news. The same status again only fills in a reason or recommendation
/// that was missing (a poll carries no recommendation, the webhook does).
pub(crate) async fn apply_status(
    conn: &mut SqliteConnection,
    id: &str,
    reported: ReportedStatus<'_>,
    now: i64,
) -> Result<Option<TemplateStatusChange>> {
    let (name, language, current, since): (String, String, String, Option<i64>) = sqlx::query_as(
        "SELECT name, language, status, status_changed_at FROM templates WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    if current == reported.status {
        sqlx::query(
            "UPDATE templates SET rejection_reason = COALESCE(rejection_reason, ?2),
                 recommendation = COALESCE(recommendation, ?3)
             WHERE id = ?1",
        )
        .bind(id)
        .bind(reported.reason)
        .bind(reported.recommendation)
        .execute(&mut *conn)
        .await?;
        return Ok(None);
    }
    if !reported.source.supersedes(reported.at, since) {
        return Ok(None);
    }
    sqlx::query(
        "UPDATE templates SET status = ?2, rejection_reason = ?3, recommendation = ?4,
             status_changed_at = ?5, updated_at = ?6
         WHERE id = ?1",
    )
    .bind(id)
    .bind(reported.status)
    .bind(reported.reason)
    .bind(reported.recommendation)
    .bind(reported.at)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    insert(
        conn,
        id,
        TemplateEventKind::Status,
        reported.status,
        (reported.reason, reported.recommendation),
        reported.source,
        reported.at,
        now,
    )
    .await?;
    Ok(Some(TemplateStatusChange {
        template_id: id.to_owned(),
        name,
        language,
        previous: Some(current).filter(|s| s != UNLISTED),
        status: reported.status.to_owned(),
        reason: reported.reason.map(str::to_owned),
        source: reported.source,
    }))
}

/// The status of a row created from a quality or category notice before Parley listed it.
pub(crate) const UNLISTED: &str = "UNKNOWN";

#[allow(clippy::too_many_arguments)] // one column each
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    template_id: &str,
    kind: TemplateEventKind,
    value: &str,
    (reason, recommendation): (Option<&str>, Option<&str>),
    source: TemplateSource,
    at: i64,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO template_events
             (template_id, kind, value, reason, recommendation, source, occurred_at, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(template_id)
    .bind(kind.as_str())
    .bind(value)
    .bind(reason)
    .bind(recommendation)
    .bind(source.as_str())
    .bind(at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// A template's history, oldest first.
    pub async fn template_events(&self, template_id: &str) -> Result<Vec<TemplateEvent>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            kind: String,
            value: String,
            reason: Option<String>,
            recommendation: Option<String>,
            source: String,
            occurred_at: i64,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT kind, value, reason, recommendation, source, occurred_at
             FROM template_events WHERE template_id = ? ORDER BY occurred_at, id",
        )
        .bind(template_id)
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(TemplateEvent {
                    kind: TemplateEventKind::parse(&r.kind)
                        .ok_or_else(|| corrupt(format!("template event kind {:?}", r.kind)))?,
                    source: TemplateSource::parse(&r.source)
                        .ok_or_else(|| corrupt(format!("template event source {:?}", r.source)))?,
                    value: r.value,
                    reason: r.reason,
                    recommendation: r.recommendation,
                    occurred_at: Timestamp(r.occurred_at),
                })
            })
            .collect()
    }
}
