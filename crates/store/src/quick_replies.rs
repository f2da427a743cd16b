//! `quick_replies`: saved `/shortcut` answers. Shortcuts are unique regardless of case
//! (the caller passes the comparison key; see `parley_core::quick_reply::shortcut_key`).

use parley_core::media::kind_for_mime;
use parley_core::quick_reply::{QuickReply, QuickReplyAttachment};
use parley_core::{QuickReplyId, Timestamp};

use crate::labels::duplicate_or;
use crate::messages::to_json;
use crate::{Result, Store, StoreError, corrupt};

#[derive(sqlx::FromRow)]
struct QuickReplyRow {
    id: i64,
    shortcut: String,
    body: String,
    keywords: String,
    attachment_path: Option<String>,
    attachment_mime: Option<String>,
    attachment_name: Option<String>,
    attachment_size: Option<i64>,
}

impl QuickReplyRow {
    fn into_quick_reply(self) -> Result<QuickReply> {
        let keywords: Vec<String> = serde_json::from_str(&self.keywords)
            .map_err(|e| corrupt(format!("quick reply keywords {:?}: {e}", self.keywords)))?;
        let attachment = match (self.attachment_path, self.attachment_mime) {
            (Some(path), Some(mime_type)) => Some(QuickReplyAttachment {
                kind: kind_for_mime(&mime_type),
                filename: self.attachment_name.unwrap_or_default(),
                size: self.attachment_size.unwrap_or_default(),
                path,
                mime_type,
            }),
            _ => None,
        };
        Ok(QuickReply {
            id: QuickReplyId(self.id),
            shortcut: self.shortcut,
            text: self.body,
            keywords,
            attachment,
        })
    }
}

/// A quick reply as written, checked by the caller.
pub struct NewQuickReply<'a> {
    pub shortcut: &'a str,
    pub shortcut_key: &'a str,
    pub text: &'a str,
    pub keywords: &'a [String],
    pub attachment: Option<&'a QuickReplyAttachment>,
}

const SELECT: &str = "SELECT id, shortcut, body, keywords, attachment_path, attachment_mime,
                             attachment_name, attachment_size FROM quick_replies";

impl Store {
    /// Every quick reply, by shortcut.
    pub async fn quick_replies(&self) -> Result<Vec<QuickReply>> {
        let rows: Vec<QuickReplyRow> =
            sqlx::query_as(&format!("{SELECT} ORDER BY shortcut_key, id"))
                .fetch_all(&self.reader)
                .await?;
        rows.into_iter()
            .map(QuickReplyRow::into_quick_reply)
            .collect()
    }

    pub async fn quick_reply(&self, id: QuickReplyId) -> Result<QuickReply> {
        let row: Option<QuickReplyRow> = sqlx::query_as(&format!("{SELECT} WHERE id = ?"))
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?;
        row.ok_or(StoreError::NotFound("quick reply"))?
            .into_quick_reply()
    }

    /// The quick reply with this shortcut key, if any (for imports that update).
    pub async fn quick_reply_by_key(&self, shortcut_key: &str) -> Result<Option<QuickReply>> {
        let row: Option<QuickReplyRow> =
            sqlx::query_as(&format!("{SELECT} WHERE shortcut_key = ?"))
                .bind(shortcut_key)
                .fetch_optional(&self.reader)
                .await?;
        row.map(QuickReplyRow::into_quick_reply).transpose()
    }

    /// Adds a quick reply; a taken shortcut is [`StoreError::Duplicate`].
    pub async fn add_quick_reply(
        &self,
        reply: &NewQuickReply<'_>,
        now: Timestamp,
    ) -> Result<QuickReply> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO quick_replies (shortcut, shortcut_key, body, keywords, attachment_path,
                 attachment_mime, attachment_name, attachment_size, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id",
        )
        .bind(reply.shortcut)
        .bind(reply.shortcut_key)
        .bind(reply.text)
        .bind(to_json(&reply.keywords))
        .bind(reply.attachment.map(|a| a.path.as_str()))
        .bind(reply.attachment.map(|a| a.mime_type.as_str()))
        .bind(reply.attachment.map(|a| a.filename.as_str()))
        .bind(reply.attachment.map(|a| a.size))
        .bind(now.0)
        .fetch_one(&self.writer)
        .await
        .map_err(|e| duplicate_or(e, "shortcut"))?;
        self.quick_reply(QuickReplyId(id)).await
    }

    /// Replaces a quick reply's shortcut, text, keywords and attachment.
    pub async fn update_quick_reply(
        &self,
        id: QuickReplyId,
        reply: &NewQuickReply<'_>,
        now: Timestamp,
    ) -> Result<QuickReply> {
        let updated = sqlx::query(
            "UPDATE quick_replies SET shortcut = ?, shortcut_key = ?, body = ?, keywords = ?,
                 attachment_path = ?, attachment_mime = ?, attachment_name = ?,
                 attachment_size = ?, updated_at = ?
             WHERE id = ?",
        )
        .bind(reply.shortcut)
        .bind(reply.shortcut_key)
        .bind(reply.text)
        .bind(to_json(&reply.keywords))
        .bind(reply.attachment.map(|a| a.path.as_str()))
        .bind(reply.attachment.map(|a| a.mime_type.as_str()))
        .bind(reply.attachment.map(|a| a.filename.as_str()))
        .bind(reply.attachment.map(|a| a.size))
        .bind(now.0)
        .bind(id.0)
        .execute(&self.writer)
        .await
        .map_err(|e| duplicate_or(e, "shortcut"))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("quick reply"));
        }
        self.quick_reply(id).await
    }

    pub async fn delete_quick_reply(&self, id: QuickReplyId) -> Result<()> {
        let deleted = sqlx::query("DELETE FROM quick_replies WHERE id = ?")
            .bind(id.0)
            .execute(&self.writer)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound("quick reply"));
        }
        Ok(())
    }

    /// Whether any quick reply still uses this attachment file (before deleting it).
    pub async fn quick_reply_attachment_in_use(&self, path: &str) -> Result<bool> {
        let used: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM quick_replies WHERE attachment_path = ? LIMIT 1")
                .bind(path)
                .fetch_optional(&self.reader)
                .await?;
        Ok(used.is_some())
    }
}
