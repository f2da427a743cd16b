//! `messages`: every message of every thread, inbound and outbound. A message's view
//! joins what it quotes (by wamid), its media file and its reactions.

use std::collections::HashMap;

use parley_core::agent::{Automation, SentBy};
use parley_core::content::{MessageContent, MessageContext, Referral};
use parley_core::media::LocalMedia;
use parley_core::message::{Direction, Message, MessageCursor, QuotedMessage, Reaction, preview};
use parley_core::meta_error::SendFailure;
use parley_core::status::DeliveryStatus;
use parley_core::{AgentId, ConversationId, MessageId, Timestamp};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::SqliteConnection;

use crate::{Result, Store, StoreError, corrupt, search};

#[derive(sqlx::FromRow)]
pub(crate) struct MessageRow {
    pub(crate) id: i64,
    pub(crate) conversation_id: i64,
    wamid: Option<String>,
    direction: String,
    kind: String,
    body: Option<String>,
    content: Option<String>,
    context: Option<String>,
    referral: Option<String>,
    status: Option<String>,
    failure: Option<String>,
    pub(crate) sent_at: i64,
    edited_at: Option<i64>,
    revoked_at: Option<i64>,
    q_id: Option<i64>,
    q_direction: Option<String>,
    q_kind: Option<String>,
    q_body: Option<String>,
    md_state: Option<String>,
    md_path: Option<String>,
    md_mime: Option<String>,
    md_size: Option<i64>,
    md_error: Option<String>,
    sent_by_agent_id: Option<i64>,
    sent_by_agent_name: Option<String>,
    automation: Option<String>,
}

macro_rules! message_select {
    () => {
        "SELECT m.id, m.conversation_id, m.wamid, m.direction, m.kind, m.body, m.content,
                m.context, m.referral, m.status, m.failure, m.sent_at, m.edited_at, m.revoked_at,
                q.id AS q_id, q.direction AS q_direction, q.kind AS q_kind, q.body AS q_body,
                md.state AS md_state, md.path AS md_path, md.mime_type AS md_mime,
                md.size AS md_size, md.error AS md_error,
                m.sent_by_agent_id, a.name AS sent_by_agent_name, m.automation
         FROM messages m
         LEFT JOIN messages q ON q.wamid = m.quoted_wamid
         LEFT JOIN media md ON md.message_id = m.id
         LEFT JOIN agents a ON a.id = m.sent_by_agent_id"
    };
}
pub(crate) use message_select;

pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    // Plain data types of our own: serialising them cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

fn from_json<T: DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| corrupt(format!("{what} {text:?}: {e}")))
}

fn direction(s: &str) -> Result<Direction> {
    Direction::parse(s).ok_or_else(|| corrupt(format!("message direction {s:?}")))
}

pub(crate) fn parse_status(s: &str) -> Result<DeliveryStatus> {
    DeliveryStatus::parse(s).ok_or_else(|| corrupt(format!("delivery status {s:?}")))
}

pub(crate) fn parse_failure(s: &str) -> Result<SendFailure> {
    from_json("send failure", s)
}

pub(crate) fn failure_json(failure: &SendFailure) -> String {
    to_json(failure)
}

/// Rows written before contents were structured have only a body.
fn content_of(row: &MessageRow) -> Result<MessageContent> {
    stored_content(&row.kind, row.body.as_deref(), row.content.as_deref())
}

/// A message's content from its stored columns (`kind`, `body`, `content`).
pub(crate) fn stored_content(
    kind: &str,
    body: Option<&str>,
    content: Option<&str>,
) -> Result<MessageContent> {
    match content {
        Some(json) => from_json("message content", json),
        None if kind == "text" => Ok(MessageContent::Text {
            body: body.unwrap_or_default().to_owned(),
            preview_url: false,
        }),
        None => Ok(MessageContent::Unsupported {
            type_name: kind.to_owned(),
            reason: None,
            code: None,
        }),
    }
}

impl MessageRow {
    fn into_message(self, reactions: Vec<Reaction>) -> Result<Message> {
        let content = content_of(&self)?;
        let quoted = match (self.q_id, &self.q_direction, &self.q_kind) {
            (Some(id), Some(d), Some(kind)) => Some(QuotedMessage {
                id: MessageId(id),
                direction: direction(d)?,
                kind: kind.clone(),
                preview: self.q_body.as_deref().map(preview),
            }),
            _ => None,
        };
        let media = match self.md_state.as_deref() {
            None => None,
            Some("ready") => Some(LocalMedia::Ready {
                path: self.md_path.clone().unwrap_or_default(),
                mime_type: self.md_mime.clone().unwrap_or_default(),
                size: self.md_size.unwrap_or_default(),
            }),
            Some("failed") => Some(LocalMedia::Failed {
                error: self.md_error.clone().unwrap_or_default(),
            }),
            Some(_) => Some(LocalMedia::Pending),
        };
        Ok(Message {
            id: MessageId(self.id),
            conversation_id: ConversationId(self.conversation_id),
            wamid: self.wamid,
            direction: direction(&self.direction)?,
            kind: self.kind,
            text: self.body,
            content,
            context: self
                .context
                .as_deref()
                .map(|c| from_json::<MessageContext>("message context", c))
                .transpose()?,
            quoted,
            referral: self
                .referral
                .as_deref()
                .map(|r| from_json::<Referral>("referral", r))
                .transpose()?,
            reactions,
            status: self.status.as_deref().map(parse_status).transpose()?,
            failure: self.failure.as_deref().map(parse_failure).transpose()?,
            timestamp: Timestamp(self.sent_at),
            edited_at: self.edited_at.map(Timestamp),
            revoked_at: self.revoked_at.map(Timestamp),
            media,
            sent_by: sent_by_of(
                self.sent_by_agent_id,
                self.sent_by_agent_name,
                self.automation.as_deref(),
            )?,
        })
    }
}

fn sent_by_of(
    agent: Option<i64>,
    agent_name: Option<String>,
    automation: Option<&str>,
) -> Result<Option<SentBy>> {
    Ok(match (agent, automation) {
        (Some(id), _) => Some(SentBy::Agent {
            id: AgentId(id),
            name: agent_name,
        }),
        (None, Some(text)) => Some(SentBy::Automation {
            automation: Automation::parse(text)
                .ok_or_else(|| corrupt(format!("automation {text:?}")))?,
        }),
        (None, None) => None,
    })
}

/// The reactions on each of `wamids`, in one query.
async fn reactions_for(
    conn: &mut SqliteConnection,
    wamids: &[&str],
) -> Result<HashMap<String, Vec<Reaction>>> {
    let mut out: HashMap<String, Vec<Reaction>> = HashMap::new();
    if wamids.is_empty() {
        return Ok(out);
    }
    let placeholders = vec!["?"; wamids.len()].join(", ");
    let sql = format!(
        "SELECT target_wamid, actor, emoji FROM reactions
         WHERE target_wamid IN ({placeholders}) AND emoji <> ''
         ORDER BY reacted_at"
    );
    let mut query = sqlx::query_as::<_, (String, String, String)>(&sql);
    for wamid in wamids {
        query = query.bind(*wamid);
    }
    for (target, actor, emoji) in query.fetch_all(conn).await? {
        out.entry(target).or_default().push(Reaction {
            emoji,
            by: direction(&actor)?,
        });
    }
    Ok(out)
}

pub(crate) async fn assemble(
    conn: &mut SqliteConnection,
    rows: Vec<MessageRow>,
) -> Result<Vec<Message>> {
    let wamids: Vec<&str> = rows.iter().filter_map(|r| r.wamid.as_deref()).collect();
    let mut reactions = reactions_for(conn, &wamids).await?;
    rows.into_iter()
        .map(|row| {
            let r = row
                .wamid
                .as_ref()
                .and_then(|w| reactions.remove(w))
                .unwrap_or_default();
            row.into_message(r)
        })
        .collect()
}

/// A message as stored, before it has an id.
pub(crate) struct NewMessage<'a> {
    pub conversation_id: ConversationId,
    pub wamid: Option<&'a str>,
    pub direction: Direction,
    pub kind: &'a str,
    pub content: &'a MessageContent,
    /// Changes another message rather than appearing in the thread.
    pub hidden: bool,
    pub context: Option<&'a MessageContext>,
    pub referral: Option<&'a Referral>,
    /// What the message refers to: the quoted message, or the target of a control message.
    pub quoted_wamid: Option<&'a str>,
    pub payload: &'a str,
    pub status: Option<DeliveryStatus>,
    pub sent_at: i64,
    /// Outbound only: who wrote it.
    pub sent_by: Option<&'a SentBy>,
}

/// Inserts a message; `None` when its wamid is already stored (a redelivery).
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    m: &NewMessage<'_>,
    now: i64,
) -> Result<Option<MessageId>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO messages
             (conversation_id, wamid, direction, kind, body, content, context, referral,
              quoted_wamid, payload, status, status_at, hidden, sent_at, created_at,
              sent_by_agent_id, automation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (wamid) DO NOTHING
         RETURNING id",
    )
    .bind(m.conversation_id.0)
    .bind(m.wamid)
    .bind(m.direction.as_str())
    .bind(m.kind)
    .bind(m.content.text())
    .bind(to_json(m.content))
    .bind(m.context.map(to_json))
    .bind(m.referral.map(to_json))
    .bind(m.quoted_wamid)
    .bind(m.payload)
    .bind(m.status.map(DeliveryStatus::as_str))
    .bind(m.status.map(|_| now))
    .bind(m.hidden)
    .bind(m.sent_at)
    .bind(now)
    .bind(match m.sent_by {
        Some(SentBy::Agent { id, .. }) => Some(id.0),
        _ => None,
    })
    .bind(match m.sent_by {
        Some(SentBy::Automation { automation }) => Some(automation.as_str()),
        _ => None,
    })
    .fetch_optional(&mut *conn)
    .await?;
    let id = id.map(MessageId);
    if let Some(id) = id
        && !m.hidden
    {
        search::index_new_message(conn, id, m.content.text()).await?;
    }
    Ok(id)
}

pub(crate) async fn get(conn: &mut SqliteConnection, id: MessageId) -> Result<Message> {
    let row: Option<MessageRow> = sqlx::query_as(concat!(message_select!(), " WHERE m.id = ?"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    let row = row.ok_or(StoreError::NotFound("message"))?;
    assemble(conn, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound("message"))
}

pub(crate) struct StatusTarget {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    pub status: Option<DeliveryStatus>,
}

/// The message Meta knows as `wamid`, with its current delivery status.
pub(crate) async fn status_by_wamid(
    conn: &mut SqliteConnection,
    wamid: &str,
) -> Result<Option<StatusTarget>> {
    let row: Option<(i64, i64, Option<String>)> =
        sqlx::query_as("SELECT id, conversation_id, status FROM messages WHERE wamid = ?")
            .bind(wamid)
            .fetch_optional(conn)
            .await?;
    row.map(|(id, conversation_id, status)| {
        Ok(StatusTarget {
            id: MessageId(id),
            conversation_id: ConversationId(conversation_id),
            status: status.as_deref().map(parse_status).transpose()?,
        })
    })
    .transpose()
}

/// The visible message Meta knows as `wamid`, if Parley has it.
pub(crate) async fn by_wamid(
    conn: &mut SqliteConnection,
    wamid: &str,
) -> Result<Option<(MessageId, ConversationId)>> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT id, conversation_id FROM messages WHERE wamid = ? AND hidden = 0")
            .bind(wamid)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id, c)| (MessageId(id), ConversationId(c))))
}

pub(crate) async fn set_status(
    conn: &mut SqliteConnection,
    id: MessageId,
    status: DeliveryStatus,
    at: i64,
    failure: Option<&SendFailure>,
) -> Result<()> {
    sqlx::query(
        "UPDATE messages SET status = ?, status_at = ?, failure = COALESCE(?, failure)
         WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(at)
    .bind(failure.map(failure_json))
    .bind(id.0)
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) async fn set_wamid(
    conn: &mut SqliteConnection,
    id: MessageId,
    wamid: &str,
) -> Result<()> {
    sqlx::query("UPDATE messages SET wamid = ? WHERE id = ?")
        .bind(wamid)
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

pub(crate) async fn clear_failure(conn: &mut SqliteConnection, id: MessageId) -> Result<()> {
    sqlx::query("UPDATE messages SET failure = NULL WHERE id = ?")
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

pub(crate) async fn set_payload(
    conn: &mut SqliteConnection,
    id: MessageId,
    payload: &str,
) -> Result<()> {
    sqlx::query("UPDATE messages SET payload = ? WHERE id = ?")
        .bind(payload)
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Applies a customer's edit to the message it edits.
pub(crate) async fn apply_edit(
    conn: &mut SqliteConnection,
    original_wamid: &str,
    content: &MessageContent,
    at: i64,
) -> Result<Option<(MessageId, ConversationId)>> {
    let Some(target) = by_wamid(conn, original_wamid).await? else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE messages SET content = ?, body = ?, edited_at = ?
         WHERE id = ? AND (edited_at IS NULL OR edited_at <= ?)",
    )
    .bind(to_json(content))
    .bind(content.text())
    .bind(at)
    .bind(target.0.0)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    search::refresh_message(conn, target.0).await?;
    Ok(Some(target))
}

/// Marks the message a customer deleted.
pub(crate) async fn apply_revoke(
    conn: &mut SqliteConnection,
    original_wamid: &str,
    at: i64,
) -> Result<Option<(MessageId, ConversationId)>> {
    let Some(target) = by_wamid(conn, original_wamid).await? else {
        return Ok(None);
    };
    sqlx::query("UPDATE messages SET revoked_at = ? WHERE id = ?")
        .bind(at)
        .bind(target.0.0)
        .execute(&mut *conn)
        .await?;
    search::refresh_message(conn, target.0).await?;
    Ok(Some(target))
}

/// Edits and deletions that arrived before the message they change: applied to it now.
pub(crate) async fn apply_early_changes(
    conn: &mut SqliteConnection,
    id: MessageId,
    wamid: &str,
) -> Result<()> {
    // Both lookups in one statement: almost every new message has neither, and each
    // statement is a round trip to SQLite's thread on the writer's hot path.
    let (edit_content, edit_at, revoked): (Option<String>, Option<i64>, Option<i64>) =
        sqlx::query_as(
            "SELECT edit.content, edit.sent_at,
                    (SELECT MIN(sent_at) FROM messages
                      WHERE kind = 'revoke' AND quoted_wamid = ?1)
             FROM (SELECT 1) LEFT JOIN (
                 SELECT content, sent_at FROM messages
                 WHERE kind = 'edit' AND quoted_wamid = ?1 AND content IS NOT NULL
                 ORDER BY sent_at DESC LIMIT 1
             ) AS edit ON 1",
        )
        .bind(wamid)
        .fetch_one(&mut *conn)
        .await?;
    let edit = edit_content.zip(edit_at);
    let edit_applied = edit.is_some();
    if let Some((content, at)) = edit {
        let content: MessageContent = from_json("edited content", &content)?;
        sqlx::query("UPDATE messages SET content = ?, body = ?, edited_at = ? WHERE id = ?")
            .bind(to_json(&content))
            .bind(content.text())
            .bind(at)
            .bind(id.0)
            .execute(&mut *conn)
            .await?;
    }
    if let Some(at) = revoked {
        sqlx::query("UPDATE messages SET revoked_at = ? WHERE id = ?")
            .bind(at)
            .bind(id.0)
            .execute(&mut *conn)
            .await?;
    }
    if edit_applied || revoked.is_some() {
        search::refresh_message(conn, id).await?;
    }
    Ok(())
}

impl Store {
    pub async fn message(&self, id: MessageId) -> Result<Message> {
        let mut conn = self.reader.acquire().await?;
        get(&mut conn, id).await
    }

    /// The newest `limit` visible messages of a thread older than `before` (all when
    /// `None`), returned oldest first, ready to render.
    pub async fn thread(
        &self,
        conversation_id: ConversationId,
        before: Option<MessageCursor>,
        limit: u32,
    ) -> Result<Vec<Message>> {
        let mut conn = self.reader.acquire().await?;
        let rows: Vec<MessageRow> = match before {
            None => {
                sqlx::query_as(concat!(
                    message_select!(),
                    " WHERE m.conversation_id = ? AND m.hidden = 0
                      ORDER BY m.sent_at DESC, m.id DESC LIMIT ?"
                ))
                .bind(conversation_id.0)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
            }
            Some(cursor) => {
                sqlx::query_as(concat!(
                    message_select!(),
                    " WHERE m.conversation_id = ?1 AND m.hidden = 0
                        AND (m.sent_at < ?2 OR (m.sent_at = ?2 AND m.id < ?3))
                      ORDER BY m.sent_at DESC, m.id DESC LIMIT ?4"
                ))
                .bind(conversation_id.0)
                .bind(cursor.timestamp.0)
                .bind(cursor.id.0)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
            }
        };
        let mut messages = assemble(&mut conn, rows).await?;
        messages.reverse();
        Ok(messages)
    }

    /// The shown message Meta knows as `wamid`, if Parley has it.
    pub async fn message_id_by_wamid(&self, wamid: &str) -> Result<Option<MessageId>> {
        let mut conn = self.reader.acquire().await?;
        Ok(by_wamid(&mut conn, wamid).await?.map(|(id, _)| id))
    }

    /// The newest inbound message of a conversation, to mark it read at Meta.
    pub async fn last_inbound_wamid(
        &self,
        conversation_id: ConversationId,
    ) -> Result<Option<String>> {
        let wamid: Option<String> = sqlx::query_scalar(
            "SELECT wamid FROM messages
             WHERE conversation_id = ? AND direction = 'inbound' AND hidden = 0
             ORDER BY sent_at DESC, id DESC LIMIT 1",
        )
        .bind(conversation_id.0)
        .fetch_optional(&self.reader)
        .await?;
        Ok(wamid)
    }

    /// Outbound messages sent in `[since, until)` that Meta has not reported delivered or
    /// read: candidates for an audit through `message_history`.
    pub async fn messages_awaiting_statuses(
        &self,
        since: Timestamp,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<(MessageId, String)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, wamid FROM messages
             WHERE direction = 'outbound' AND wamid IS NOT NULL
               AND status IN ('accepted', 'sent') AND sent_at >= ? AND sent_at < ?
             ORDER BY sent_at LIMIT ?",
        )
        .bind(since.0)
        .bind(until.0)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.into_iter().map(|(id, w)| (MessageId(id), w)).collect())
    }

    /// Every message, in insertion order, for export.
    pub fn export_messages(&self) -> impl futures::Stream<Item = Result<Message>> + '_ {
        use futures::StreamExt;
        sqlx::query_as::<_, MessageRow>(concat!(message_select!(), " ORDER BY m.id"))
            .fetch(&self.reader)
            .map(|row| row?.into_message(Vec::new()))
    }
}
