//! `conversations`: one thread per contact, with the denormalised facts the list needs
//! (newest message, activity time, unread count) kept current by every write.

use parley_core::conversation::{
    AGENT_UNREAD_COUNT_CAP, Contact, ConversationCursor, ConversationSummary, LastMessage,
};
use parley_core::label::LabelMatch;
use parley_core::message::{Direction, preview};
use parley_core::status::DeliveryStatus;
use parley_core::triage::{Assignee, ConversationFilter, ConversationStatus, View, ViewCounts};
use parley_core::{AgentId, ContactId, ConversationId, LabelId, MessageId, Timestamp};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::{Result, Store, StoreError, agent_reads, corrupt};

/// Records a new inbound message: it may become the newest, it is unread, and (when it
/// is the customer writing) it extends the service window. A late delivery of an older
/// message changes neither the preview nor the ordering.
pub(crate) async fn note_inbound(
    conn: &mut SqliteConnection,
    id: ConversationId,
    message_id: MessageId,
    at: i64,
    opens_window: bool,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE conversations SET
             last_message_id = CASE WHEN last_message_id IS NULL OR ?1 >= last_activity_at
                                    THEN ?2 ELSE last_message_id END,
             last_activity_at = CASE WHEN ?1 > last_activity_at THEN ?1 ELSE last_activity_at END,
             last_inbound_at = CASE WHEN ?4 AND (last_inbound_at IS NULL OR ?1 > last_inbound_at)
                                    THEN ?1 ELSE last_inbound_at END,
             unread_count = unread_count + 1,
             -- The message's arrival (its created_at): whether anything is unread for an agent.
             last_inbound_received_at = MAX(COALESCE(last_inbound_received_at, ?5), ?5),
             -- The customer writing needs the business again (see ConversationStatus).
             status_changed_at = CASE WHEN ?4 AND status <> 'open' THEN ?5 ELSE status_changed_at END,
             status = CASE WHEN ?4 THEN 'open' ELSE status END
         WHERE id = ?3",
    )
    .bind(at)
    .bind(message_id.0)
    .bind(id.0)
    .bind(opens_window)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The conversation of a contact, when there is one.
pub(crate) async fn of_contact(
    conn: &mut SqliteConnection,
    contact_id: ContactId,
) -> Result<Option<ConversationId>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM conversations WHERE contact_id = ?")
        .bind(contact_id.0)
        .fetch_optional(conn)
        .await?;
    Ok(id.map(ConversationId))
}

/// Records a new outbound message. Answering a conversation means it has been read.
pub(crate) async fn note_outbound(
    conn: &mut SqliteConnection,
    id: ConversationId,
    message_id: MessageId,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE conversations SET
             last_message_id = CASE WHEN last_message_id IS NULL OR ?1 >= last_activity_at
                                    THEN ?2 ELSE last_message_id END,
             last_activity_at = CASE WHEN ?1 > last_activity_at THEN ?1 ELSE last_activity_at END,
             unread_count = 0
         WHERE id = ?3",
    )
    .bind(at)
    .bind(message_id.0)
    .bind(id.0)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    last_activity_at: i64,
    last_inbound_at: Option<i64>,
    unread_count: i64,
    status: String,
    assigned_agent_id: Option<i64>,
    assignee_name: Option<String>,
    label_ids: Option<String>,
    contact_id: i64,
    wa_id: String,
    profile_name: Option<String>,
    saved_name: Option<String>,
    marketing_opt_out: bool,
    blocked: bool,
    m_direction: Option<String>,
    m_kind: Option<String>,
    m_body: Option<String>,
    m_status: Option<String>,
    m_sent_at: Option<i64>,
}

/// Starts the list-row query. Whose unread count it shows is its first bound value:
/// an agent's (inbound messages received after they last read the conversation, or
/// after their profile was made, at most [`AGENT_UNREAD_COUNT_CAP`]), or, with `None`,
/// the shared count (unread by anyone), which is what headless callers and engine events
/// carry.
///
/// The agent's count walks messages_inbound_by_thread from their read mark; uncapped, a
/// busy thread nobody has read made that thousands of entries (tens of pages from disk on
/// a first visit), to show a number the badge abbreviates past 99 anyway.
fn summary_query(agent: Option<AgentId>) -> QueryBuilder<'static, Sqlite> {
    let mut query = QueryBuilder::new(
        "SELECT c.id, c.last_activity_at, c.last_inbound_at, c.status, c.assigned_agent_id,
                ag.name AS assignee_name,
                (SELECT GROUP_CONCAT(cl.label_id) FROM conversation_labels cl
                  WHERE cl.conversation_id = c.id) AS label_ids,
                ct.id AS contact_id, ct.wa_id, ct.profile_name, ct.saved_name,
                ct.marketing_opt_out, ct.blocked_at IS NOT NULL AS blocked,
                m.direction AS m_direction, m.kind AS m_kind, m.body AS m_body,
                m.status AS m_status, m.sent_at AS m_sent_at, ",
    );
    match agent {
        None => query.push("c.unread_count"),
        Some(agent) => query
            .push(
                "(SELECT COUNT(*) FROM (SELECT 1 FROM messages um
                   WHERE um.conversation_id = c.id AND um.direction = 'inbound' AND um.hidden = 0
                     AND um.created_at > COALESCE(
                         (SELECT ar.read_until FROM agent_reads ar
                           WHERE ar.conversation_id = c.id AND ar.agent_id = ",
            )
            .push_bind(agent.0)
            .push("), (SELECT a.created_at FROM agents a WHERE a.id = ")
            .push_bind(agent.0)
            .push(")) LIMIT ")
            .push_bind(AGENT_UNREAD_COUNT_CAP)
            .push("))"),
    };
    query.push(
        " AS unread_count
         FROM conversations c
         JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN messages m ON m.id = c.last_message_id
         LEFT JOIN agents ag ON ag.id = c.assigned_agent_id ",
    );
    query
}

impl TryFrom<SummaryRow> for ConversationSummary {
    type Error = StoreError;

    fn try_from(row: SummaryRow) -> Result<Self> {
        let last_message = match (row.m_direction, row.m_kind, row.m_sent_at) {
            (Some(direction), Some(kind), Some(sent_at)) => Some(LastMessage {
                direction: Direction::parse(&direction)
                    .ok_or_else(|| corrupt(format!("message direction {direction:?}")))?,
                kind,
                preview: row.m_body.as_deref().map(preview),
                status: row
                    .m_status
                    .map(|s| {
                        DeliveryStatus::parse(&s).ok_or_else(|| corrupt(format!("status {s:?}")))
                    })
                    .transpose()?,
                timestamp: Timestamp(sent_at),
            }),
            _ => None,
        };
        Ok(ConversationSummary {
            id: ConversationId(row.id),
            contact: Contact::new(
                ContactId(row.contact_id),
                row.wa_id,
                row.profile_name,
                row.saved_name,
                row.marketing_opt_out,
                row.blocked,
            ),
            last_message,
            last_activity_at: Timestamp(row.last_activity_at),
            last_inbound_at: row.last_inbound_at.map(Timestamp),
            unread_count: row.unread_count,
            status: ConversationStatus::parse(&row.status)
                .ok_or_else(|| corrupt(format!("conversation status {:?}", row.status)))?,
            assignee: match (row.assigned_agent_id, row.assignee_name) {
                (Some(id), Some(name)) => Some(Assignee {
                    id: AgentId(id),
                    name,
                }),
                _ => None,
            },
            label_ids: row
                .label_ids
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .filter(|id| !id.is_empty())
                .map(|id| {
                    id.parse()
                        .map(LabelId)
                        .map_err(|_| corrupt(format!("label id {id:?}")))
                })
                .collect::<Result<_>>()?,
        })
    }
}

pub(crate) async fn summary(
    conn: &mut SqliteConnection,
    id: ConversationId,
) -> Result<Option<ConversationSummary>> {
    summary_for(conn, id, None).await
}

async fn summary_for(
    conn: &mut SqliteConnection,
    id: ConversationId,
    agent: Option<AgentId>,
) -> Result<Option<ConversationSummary>> {
    let mut query = summary_query(agent);
    query.push(" WHERE c.id = ").push_bind(id.0);
    let row: Option<SummaryRow> = query.build_query_as().fetch_optional(conn).await?;
    row.map(ConversationSummary::try_from).transpose()
}

/// Adds the conditions of a view and a label filter, for the agent at the desk.
fn push_filter(
    query: &mut QueryBuilder<'static, Sqlite>,
    filter: &ConversationFilter,
    me: AgentId,
) {
    match filter.view {
        View::All => query.push(" AND c.status <> 'resolved'"),
        View::Mine => query
            .push(" AND c.status <> 'resolved' AND c.assigned_agent_id = ")
            .push_bind(me.0),
        View::Unassigned => {
            query.push(" AND c.status <> 'resolved' AND c.assigned_agent_id IS NULL")
        }
        View::Resolved => query.push(" AND c.status = 'resolved'"),
    };
    let labels = &filter.labels.labels;
    if labels.is_empty() {
        return;
    }
    // One probe of conversation_labels' primary key per label and conversation.
    let probe = |query: &mut QueryBuilder<'static, Sqlite>, labels: &[LabelId]| {
        query.push(
            " AND EXISTS (SELECT 1 FROM conversation_labels cl
                          WHERE cl.conversation_id = c.id AND cl.label_id IN (",
        );
        let mut ids = query.separated(", ");
        for label in labels {
            ids.push_bind(label.0);
        }
        query.push("))");
    };
    match filter.labels.mode {
        LabelMatch::Any => probe(query, labels),
        LabelMatch::All => {
            for label in labels {
                probe(query, std::slice::from_ref(label));
            }
        }
    }
}

impl Store {
    /// One page of the conversation list as `agent` sees it (their unread counts, their
    /// "mine"), newest activity first.
    pub async fn list_conversations(
        &self,
        agent: AgentId,
        filter: &ConversationFilter,
        after: Option<ConversationCursor>,
        limit: u32,
    ) -> Result<Vec<ConversationSummary>> {
        // The page is chosen first (ids only, on the list's indexes) so the rows'
        // details and unread counts are computed for its rows alone, whatever plan
        // SQLite picks for the filter.
        let mut query = summary_query(Some(agent));
        query.push(" WHERE c.id IN (SELECT c.id FROM conversations c WHERE 1 = 1");
        push_filter(&mut query, filter, agent);
        if let Some(cursor) = after {
            query
                .push(" AND (c.last_activity_at < ")
                .push_bind(cursor.last_activity_at.0)
                .push(" OR (c.last_activity_at = ")
                .push_bind(cursor.last_activity_at.0)
                .push(" AND c.id < ")
                .push_bind(cursor.id.0)
                .push("))");
        }
        query
            .push(" ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ")
            .push_bind(limit)
            .push(") ORDER BY c.last_activity_at DESC, c.id DESC");
        let rows: Vec<SummaryRow> = query.build_query_as().fetch_all(&self.reader).await?;
        rows.into_iter()
            .map(ConversationSummary::try_from)
            .collect()
    }

    /// How many conversations each view holds for `agent`, and how many have something
    /// unread for them.
    pub async fn view_counts(&self, agent: AgentId) -> Result<ViewCounts> {
        // Counters kept by triggers in the same transaction as every write (0011): a few
        // rows, whatever the size of the inbox. The unread rule is in that migration.
        // Assignee 0 is nobody, so "mine" of a non-agent 0 stays empty.
        let counts: (i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT
                 COALESCE(SUM(CASE WHEN status <> 'resolved' THEN conversations END), 0),
                 COALESCE(SUM(CASE WHEN status <> 'resolved' AND assignee = ?1 AND ?1 <> 0
                                   THEN conversations END), 0),
                 COALESCE(SUM(CASE WHEN status <> 'resolved' AND assignee = 0
                                   THEN conversations END), 0),
                 COALESCE(SUM(CASE WHEN status = 'resolved' THEN conversations END), 0),
                 COALESCE((SELECT conversations FROM agent_unread_counts WHERE agent_id = ?1), 0)
             FROM conversation_view_counts",
        )
        .bind(agent.0)
        .fetch_one(&self.reader)
        .await?;
        Ok(ViewCounts {
            all: counts.0,
            mine: counts.1,
            unassigned: counts.2,
            resolved: counts.3,
            unread_conversations: counts.4,
        })
    }

    /// A conversation's list row with the shared unread count (headless, engine events).
    pub async fn conversation(&self, id: ConversationId) -> Result<ConversationSummary> {
        let mut conn = self.reader.acquire().await?;
        summary(&mut conn, id)
            .await?
            .ok_or(StoreError::NotFound("conversation"))
    }

    /// A conversation's list row as `agent` sees it.
    pub async fn conversation_for(
        &self,
        id: ConversationId,
        agent: AgentId,
    ) -> Result<ConversationSummary> {
        let mut conn = self.reader.acquire().await?;
        summary_for(&mut conn, id, Some(agent))
            .await?
            .ok_or(StoreError::NotFound("conversation"))
    }

    /// `agent` opened the conversation: everything received so far is read by them (and
    /// the shared count, "unread by anyone", is cleared).
    pub async fn mark_conversation_read(
        &self,
        id: ConversationId,
        agent: AgentId,
        now: Timestamp,
    ) -> Result<ConversationSummary> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE conversations SET unread_count = 0 WHERE id = ?")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        agent_reads::read_until(&mut tx, agent, id, now.0).await?;
        let summary = summary_for(&mut tx, id, Some(agent))
            .await?
            .ok_or(StoreError::NotFound("conversation"))?;
        tx.commit().await?;
        Ok(summary)
    }

    /// Gives the conversation to `agent`, or to nobody.
    pub async fn assign_conversation(
        &self,
        id: ConversationId,
        agent: Option<AgentId>,
    ) -> Result<()> {
        let updated = sqlx::query("UPDATE conversations SET assigned_agent_id = ? WHERE id = ?")
            .bind(agent.map(|a| a.0))
            .bind(id.0)
            .execute(&self.writer)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("conversation"));
        }
        Ok(())
    }

    pub async fn set_conversation_status(
        &self,
        id: ConversationId,
        status: ConversationStatus,
        now: Timestamp,
    ) -> Result<()> {
        let updated =
            sqlx::query("UPDATE conversations SET status = ?, status_changed_at = ? WHERE id = ?")
                .bind(status.as_str())
                .bind(now.0)
                .bind(id.0)
                .execute(&self.writer)
                .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("conversation"));
        }
        Ok(())
    }

    /// Every conversation, oldest first, for export.
    pub fn export_conversations(
        &self,
    ) -> futures::stream::BoxStream<'_, Result<ConversationSummary>> {
        use futures::StreamExt;
        futures::stream::once(async move {
            let mut query = summary_query(None);
            query.push(" ORDER BY c.id");
            let rows: Vec<SummaryRow> = query.build_query_as().fetch_all(&self.reader).await?;
            Ok::<_, StoreError>(rows)
        })
        .flat_map(|rows| {
            let items: Vec<Result<ConversationSummary>> = match rows {
                Ok(rows) => rows
                    .into_iter()
                    .map(ConversationSummary::try_from)
                    .collect(),
                Err(e) => vec![Err(e)],
            };
            futures::stream::iter(items)
        })
        .boxed()
    }
}
