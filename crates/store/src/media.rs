//! `media`: the file behind each media message. Inbound files wait here to be downloaded
//! (with retries); outbound files wait to be uploaded before their message is sent.

use parley_core::{MessageId, Timestamp};
use sqlx::SqliteConnection;

use crate::{Result, Store};

pub(crate) struct NewMedia<'a> {
    pub message_id: MessageId,
    pub media_id: Option<&'a str>,
    /// Outbound: the local copy to upload, already in place.
    pub path: Option<&'a str>,
    pub mime_type: Option<&'a str>,
    pub size: Option<i64>,
    pub expected_sha256: Option<&'a str>,
}

pub(crate) async fn insert(conn: &mut SqliteConnection, m: &NewMedia<'_>, now: i64) -> Result<()> {
    // An outbound file is on disk already; an inbound one has to be fetched.
    let state = if m.path.is_some() { "ready" } else { "pending" };
    sqlx::query(
        "INSERT INTO media
             (message_id, media_id, state, path, mime_type, size, expected_sha256, next_attempt_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(m.message_id.0)
    .bind(m.media_id)
    .bind(state)
    .bind(m.path)
    .bind(m.mime_type)
    .bind(m.size)
    .bind(m.expected_sha256)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// An inbound media file to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaDownload {
    pub message_id: MessageId,
    pub media_id: String,
    pub mime_type: Option<String>,
    pub expected_sha256: Option<String>,
    pub attempts: i64,
}

/// The local file of an outbound media message, to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaUpload {
    pub path: String,
    pub mime_type: String,
    pub media_id: Option<String>,
}

impl Store {
    /// Pending downloads that are due, oldest first.
    pub async fn due_media_downloads(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<MediaDownload>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            message_id: i64,
            media_id: String,
            mime_type: Option<String>,
            expected_sha256: Option<String>,
            attempts: i64,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT message_id, media_id, mime_type, expected_sha256, attempts FROM media
             WHERE state = 'pending' AND media_id IS NOT NULL AND next_attempt_at <= ?
             ORDER BY next_attempt_at, message_id LIMIT ?",
        )
        .bind(now.0)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| MediaDownload {
                message_id: MessageId(r.message_id),
                media_id: r.media_id,
                mime_type: r.mime_type,
                expected_sha256: r.expected_sha256,
                attempts: r.attempts,
            })
            .collect())
    }

    /// When the earliest pending download is due, if any.
    pub async fn next_media_download_at(&self) -> Result<Option<Timestamp>> {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(next_attempt_at) FROM media WHERE state = 'pending' AND media_id IS NOT NULL",
        )
        .fetch_one(&self.reader)
        .await?;
        Ok(at.map(Timestamp))
    }

    pub async fn record_media_ready(
        &self,
        message_id: MessageId,
        path: &str,
        mime_type: &str,
        size: i64,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE media SET state = 'ready', path = ?, mime_type = ?, size = ?, error = NULL,
                              attempts = attempts + 1, updated_at = ?
             WHERE message_id = ?",
        )
        .bind(path)
        .bind(mime_type)
        .bind(size)
        .bind(now.0)
        .bind(message_id.0)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// A failed download: tried again at `retry_at`, or given up when `None`.
    pub async fn record_media_failure(
        &self,
        message_id: MessageId,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE media SET state = ?, error = ?, attempts = attempts + 1,
                              next_attempt_at = COALESCE(?, next_attempt_at), updated_at = ?
             WHERE message_id = ?",
        )
        .bind(if retry_at.is_some() {
            "pending"
        } else {
            "failed"
        })
        .bind(error)
        .bind(retry_at.map(|t| t.0))
        .bind(now.0)
        .bind(message_id.0)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Asks for a failed download to be tried again now.
    pub async fn retry_media(&self, message_id: MessageId, now: Timestamp) -> Result<()> {
        sqlx::query(
            "UPDATE media SET state = 'pending', error = NULL, next_attempt_at = ?, updated_at = ?
             WHERE message_id = ? AND state = 'failed'",
        )
        .bind(now.0)
        .bind(now.0)
        .bind(message_id.0)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn media_upload(&self, message_id: MessageId) -> Result<Option<MediaUpload>> {
        let row: Option<(Option<String>, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT path, mime_type, media_id FROM media WHERE message_id = ?")
                .bind(message_id.0)
                .fetch_optional(&self.reader)
                .await?;
        Ok(row.and_then(|(path, mime, media_id)| {
            Some(MediaUpload {
                path: path?,
                mime_type: mime.unwrap_or_else(|| "application/octet-stream".to_owned()),
                media_id,
            })
        }))
    }

    /// The upload of an outbound file succeeded: its media id goes into the queued
    /// request, so a retried send does not upload again.
    pub async fn record_media_uploaded(
        &self,
        message_id: MessageId,
        media_id: &str,
        payload: &str,
        now: Timestamp,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE media SET media_id = ?, updated_at = ? WHERE message_id = ?")
            .bind(media_id)
            .bind(now.0)
            .bind(message_id.0)
            .execute(&mut *tx)
            .await?;
        crate::messages::set_payload(&mut tx, message_id, payload).await?;
        tx.commit().await?;
        Ok(())
    }
}
