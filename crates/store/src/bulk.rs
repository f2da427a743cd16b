//! Filling an empty store with a large history quickly, for benchmarks (`bench` feature).
//!
//! [`Store::ingest`] writes one message at a time with its conversation, contact and
//! search rows, which is right for webhooks and far too slow for millions of generated
//! messages. The loader keeps each conversation's and contact's state in memory, applies
//! the same rules as the normal write path (`conversations::note_inbound`/`note_outbound`,
//! `agent_reads::read_until`, the search folding) and writes everything with multi-row
//! inserts in large transactions. `tests/scale.rs` proves the answers match the normal
//! path's (list, thread, search, counts). The tabs' and unread counters (migration 0011)
//! are kept by triggers, so the conversations and read marks written here count as they
//! go, with no rebuild at the end (`tests/view_counts.rs` checks them after a load).

use std::collections::HashMap;

use parley_core::contact::{phone_search_words, sort_key};
use parley_core::content::MessageContent;
use parley_core::status::DeliveryStatus;
use parley_core::triage::ConversationStatus;
use parley_core::{AgentId, ConversationId, LabelId, MessageId, Timestamp};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::ingest::InboundRecord;
use crate::media::{self, NewMedia};
use crate::messages::to_json;
use crate::{Result, Store, StoreError};

/// Rows per multi-row INSERT: 17 columns each stays under SQLite's 32,766 variables.
const ROWS_PER_INSERT: usize = 500;
/// Messages per transaction: large enough that commits cost nothing, small enough that
/// the WAL stays a reasonable size.
const MESSAGES_PER_TRANSACTION: usize = 100_000;

/// An outbound text message that the Cloud API accepted and reported on.
#[derive(Debug, Clone)]
pub struct BulkOutbound<'a> {
    pub wa_id: &'a str,
    pub body: &'a str,
    /// The request body the sender posted.
    pub payload: &'a str,
    pub agent: AgentId,
    pub wamid: &'a str,
    /// The latest status Meta reported.
    pub status: DeliveryStatus,
    pub sent_at: Timestamp,
}

struct ContactState {
    id: i64,
    profile_name: Option<String>,
    user_id: Option<String>,
    created_at: i64,
    updated_at: i64,
}

struct ConversationState {
    id: i64,
    contact_id: i64,
    last_message_id: Option<i64>,
    last_activity_at: i64,
    last_inbound_at: Option<i64>,
    last_inbound_received_at: Option<i64>,
    unread_count: i64,
    status: &'static str,
    status_changed_at: Option<i64>,
    assigned_agent_id: Option<i64>,
    created_at: i64,
}

struct MessageRow {
    id: i64,
    conversation_id: i64,
    wamid: String,
    direction: &'static str,
    kind: String,
    body: Option<String>,
    content: String,
    payload: String,
    status: Option<&'static str>,
    status_at: Option<i64>,
    sent_at: i64,
    created_at: i64,
    sent_by_agent_id: Option<i64>,
}

/// Writes a generated history into an empty store; see the module docs.
pub struct BulkLoader {
    store: Store,
    contacts: HashMap<String, ContactState>,
    /// Contacts' wa_ids in id order, and how many of them (and of the conversations)
    /// have a row already: messages need their conversation's row (foreign keys).
    contact_order: Vec<String>,
    contacts_written: usize,
    conversations_written: usize,
    conversations: Vec<ConversationState>,
    conversation_of_contact: HashMap<i64, usize>,
    reads: HashMap<(i64, i64), i64>,
    labels: Vec<(i64, i64, i64)>,
    pending_messages: Vec<MessageRow>,
    pending_media: Vec<(i64, crate::ingest::InboundRecord, i64)>,
    written_in_transaction: usize,
    transaction: Option<sqlx::Transaction<'static, Sqlite>>,
    next_message_id: i64,
}

impl Store {
    /// A loader for a store that holds no contacts, conversations or messages yet.
    pub async fn bulk_loader(&self) -> Result<BulkLoader> {
        let existing: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM contacts) + (SELECT COUNT(*) FROM messages)",
        )
        .fetch_one(&self.writer)
        .await?;
        if existing > 0 {
            return Err(StoreError::Bulk(
                "the store already holds messages or contacts",
            ));
        }
        Ok(BulkLoader {
            store: self.clone(),
            contacts: HashMap::new(),
            contact_order: Vec::new(),
            contacts_written: 0,
            conversations_written: 0,
            conversations: Vec::new(),
            conversation_of_contact: HashMap::new(),
            reads: HashMap::new(),
            labels: Vec::new(),
            pending_messages: Vec::new(),
            pending_media: Vec::new(),
            written_in_transaction: 0,
            transaction: None,
            next_message_id: 1,
        })
    }
}

impl BulkLoader {
    /// The conversation of `wa_id`, created (with its contact) as `get_or_create` would.
    fn conversation(
        &mut self,
        wa_id: &str,
        profile_name: Option<&str>,
        user_id: Option<&str>,
        at: i64,
        now: i64,
    ) -> usize {
        let next_contact = self.contacts.len() as i64 + 1;
        let order = &mut self.contact_order;
        let contact = self.contacts.entry(wa_id.to_owned()).or_insert_with(|| {
            order.push(wa_id.to_owned());
            ContactState {
                id: next_contact,
                profile_name: None,
                user_id: None,
                created_at: now,
                updated_at: now,
            }
        });
        // As the webhook writer's contact writes: the row changes (and its updated_at)
        // only with a new name or user id.
        if let Some(name) = profile_name
            && contact.profile_name.as_deref() != Some(name)
        {
            contact.profile_name = Some(name.to_owned());
            contact.updated_at = now;
        }
        if let Some(user) = user_id
            && contact.user_id.as_deref() != Some(user)
        {
            contact.user_id = Some(user.to_owned());
            contact.updated_at = now;
        }
        let contact_id = contact.id;
        let next = self.conversations.len();
        *self
            .conversation_of_contact
            .entry(contact_id)
            .or_insert_with(|| {
                self.conversations.push(ConversationState {
                    id: next as i64 + 1,
                    contact_id,
                    last_message_id: None,
                    last_activity_at: at,
                    last_inbound_at: None,
                    last_inbound_received_at: None,
                    unread_count: 0,
                    status: ConversationStatus::Open.as_str(),
                    status_changed_at: None,
                    assigned_agent_id: None,
                    created_at: now,
                });
                next
            })
    }

    /// A customer's message received at `now`, as [`Store::ingest`] stores it. Only shown
    /// messages (not reactions, edits or deletions) without a quoted message.
    pub async fn inbound(&mut self, m: &InboundRecord, now: Timestamp) -> Result<ConversationId> {
        if m.content.is_control() || m.context.is_some() || m.edited.is_some() {
            return Err(StoreError::Bulk(
                "only shown messages without context load in bulk",
            ));
        }
        let now = now.0;
        let at = m.sent_at.0;
        let index = self.conversation(
            &m.wa_id,
            m.profile_name.as_deref(),
            m.user_id.as_deref(),
            at,
            now,
        );
        let id = self.next_message_id;
        self.next_message_id += 1;
        let conversation = &mut self.conversations[index];
        // conversations::note_inbound, in Rust.
        let opens_window = m.content.opens_service_window();
        if conversation.last_message_id.is_none() || at >= conversation.last_activity_at {
            conversation.last_message_id = Some(id);
        }
        conversation.last_activity_at = conversation.last_activity_at.max(at);
        if opens_window && conversation.last_inbound_at.is_none_or(|last| at > last) {
            conversation.last_inbound_at = Some(at);
        }
        conversation.unread_count += 1;
        conversation.last_inbound_received_at =
            conversation.last_inbound_received_at.max(Some(now));
        if opens_window {
            if conversation.status != ConversationStatus::Open.as_str() {
                conversation.status_changed_at = Some(now);
            }
            conversation.status = ConversationStatus::Open.as_str();
        }
        let conversation_id = conversation.id;
        if matches!(m.content, MessageContent::Media { .. }) {
            self.pending_media.push((id, m.clone(), now));
        }
        self.pending_messages.push(MessageRow {
            id,
            conversation_id,
            wamid: m.wamid.clone(),
            direction: "inbound",
            kind: m.kind.clone(),
            body: m.content.text().map(str::to_owned),
            content: to_json(&m.content),
            payload: m.payload.clone(),
            status: None,
            status_at: None,
            sent_at: at,
            created_at: now,
            sent_by_agent_id: None,
        });
        self.flush_if_full().await?;
        Ok(ConversationId(conversation_id))
    }

    /// An agent's text message, queued, accepted and reported on: what `enqueue`,
    /// `record_send_accepted` and the status webhooks leave behind.
    pub async fn outbound(&mut self, m: &BulkOutbound<'_>) -> Result<ConversationId> {
        let at = m.sent_at.0;
        // Sending needs a conversation: the customer wrote first.
        let index = match self.contacts.get(m.wa_id) {
            Some(contact) => self.conversation_of_contact[&contact.id],
            None => {
                return Err(StoreError::Bulk(
                    "an outbound message to a contact without a conversation",
                ));
            }
        };
        let id = self.next_message_id;
        self.next_message_id += 1;
        let conversation = &mut self.conversations[index];
        // conversations::note_outbound, in Rust.
        if conversation.last_message_id.is_none() || at >= conversation.last_activity_at {
            conversation.last_message_id = Some(id);
        }
        conversation.last_activity_at = conversation.last_activity_at.max(at);
        conversation.unread_count = 0;
        let conversation_id = conversation.id;
        let read = self.reads.entry((m.agent.0, conversation_id)).or_insert(at);
        *read = (*read).max(at);
        let content = MessageContent::Text {
            body: m.body.to_owned(),
            preview_url: false,
        };
        self.pending_messages.push(MessageRow {
            id,
            conversation_id,
            wamid: m.wamid.to_owned(),
            direction: "outbound",
            kind: content.api_type().to_owned(),
            body: content.text().map(str::to_owned),
            content: to_json(&content),
            payload: m.payload.to_owned(),
            status: Some(m.status.as_str()),
            status_at: Some(at),
            sent_at: at,
            created_at: at,
            sent_by_agent_id: Some(m.agent.0),
        });
        self.flush_if_full().await?;
        Ok(ConversationId(conversation_id))
    }

    /// `agent` opened the conversation of `wa_id` at `at` (`mark_conversation_read`).
    pub fn read(&mut self, agent: AgentId, conversation: ConversationId, at: Timestamp) {
        if let Some(state) = self.conversations.get_mut(conversation.0 as usize - 1) {
            state.unread_count = 0;
            let read = self.reads.entry((agent.0, conversation.0)).or_insert(at.0);
            *read = (*read).max(at.0);
        }
    }

    /// `assign_conversation`.
    pub fn assign(&mut self, conversation: ConversationId, agent: Option<AgentId>) {
        if let Some(state) = self.conversations.get_mut(conversation.0 as usize - 1) {
            state.assigned_agent_id = agent.map(|a| a.0);
        }
    }

    /// `set_conversation_status`.
    pub fn set_status(
        &mut self,
        conversation: ConversationId,
        status: ConversationStatus,
        now: Timestamp,
    ) {
        if let Some(state) = self.conversations.get_mut(conversation.0 as usize - 1) {
            state.status = status.as_str();
            state.status_changed_at = Some(now.0);
        }
    }

    /// `set_conversation_label` (on).
    pub fn label(&mut self, conversation: ConversationId, label: LabelId, now: Timestamp) {
        self.labels.push((conversation.0, label.0, now.0));
    }

    async fn transaction(&mut self) -> Result<&mut SqliteConnection> {
        if self.transaction.is_none() {
            self.transaction = Some(self.store.writer.begin().await?);
        }
        match self.transaction.as_mut() {
            Some(tx) => Ok(&mut **tx),
            None => Err(StoreError::Bulk("no transaction")),
        }
    }

    async fn flush_if_full(&mut self) -> Result<()> {
        if self.pending_messages.len() >= ROWS_PER_INSERT {
            self.flush_messages().await?;
        }
        if self.written_in_transaction >= MESSAGES_PER_TRANSACTION {
            if let Some(tx) = self.transaction.take() {
                tx.commit().await?;
            }
            self.written_in_transaction = 0;
        }
        Ok(())
    }

    async fn flush_messages(&mut self) -> Result<()> {
        if self.pending_messages.is_empty() {
            return Ok(());
        }
        self.transaction().await?;
        self.write_parents(false).await?;
        let rows = std::mem::take(&mut self.pending_messages);
        let media_rows = std::mem::take(&mut self.pending_media);
        let conn = self.transaction().await?;
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO messages
                 (id, conversation_id, wamid, direction, kind, body, content, payload, status,
                  status_at, hidden, sent_at, created_at, sent_by_agent_id) ",
        );
        insert.push_values(&rows, |mut b, r| {
            b.push_bind(r.id)
                .push_bind(r.conversation_id)
                .push_bind(&r.wamid)
                .push_bind(r.direction)
                .push_bind(&r.kind)
                .push_bind(&r.body)
                .push_bind(&r.content)
                .push_bind(&r.payload)
                .push_bind(r.status)
                .push_bind(r.status_at)
                .push_bind(false)
                .push_bind(r.sent_at)
                .push_bind(r.created_at)
                .push_bind(r.sent_by_agent_id);
        });
        insert.build().execute(&mut *conn).await?;
        // search::index_new_message: visible messages with non-blank text.
        let indexed: Vec<(i64, String)> = rows
            .iter()
            .filter_map(|r| {
                let text = r.body.as_deref().filter(|t| !t.trim().is_empty())?;
                Some((r.id, parley_core::search::fold_text(text)))
            })
            .collect();
        if !indexed.is_empty() {
            let mut index: QueryBuilder<Sqlite> =
                QueryBuilder::new("INSERT INTO search_messages (rowid, text) ");
            index.push_values(&indexed, |mut b, (id, text)| {
                b.push_bind(id).push_bind(text);
            });
            index.build().execute(&mut *conn).await?;
        }
        for (id, record, now) in &media_rows {
            if let MessageContent::Media { media: file } = &record.content {
                media::insert(
                    conn,
                    &NewMedia {
                        message_id: MessageId(*id),
                        media_id: file.id.as_deref(),
                        path: None,
                        mime_type: file.mime_type.as_deref(),
                        size: file.size,
                        expected_sha256: file.sha256.as_deref(),
                    },
                    *now,
                )
                .await?;
            }
        }
        // The outbox entries of the outbound messages, done.
        let outbound: Vec<&MessageRow> =
            rows.iter().filter(|r| r.direction == "outbound").collect();
        if !outbound.is_empty() {
            let mut outbox: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO outbox (message_id, state, attempts, next_attempt_at, created_at, updated_at) ",
            );
            outbox.push_values(&outbound, |mut b, r| {
                b.push_bind(r.id)
                    .push_bind("done")
                    .push_bind(1)
                    .push_bind(r.created_at)
                    .push_bind(r.created_at)
                    .push_bind(r.created_at);
            });
            outbox.build().execute(&mut *conn).await?;
        }
        self.written_in_transaction += rows.len();
        Ok(())
    }

    /// Writes the contacts and conversations made since the last call (`all`: every one,
    /// with its final state): messages can then refer to them.
    async fn write_parents(&mut self, all: bool) -> Result<()> {
        let contacts_from = if all { 0 } else { self.contacts_written };
        let conversations_from = if all { 0 } else { self.conversations_written };
        let contacts: Vec<(&String, &ContactState)> = self.contact_order[contacts_from..]
            .iter()
            .filter_map(|wa_id| self.contacts.get(wa_id).map(|c| (wa_id, c)))
            .collect();
        let conversations = &self.conversations[conversations_from..];
        let Some(tx) = self.transaction.as_mut() else {
            return Err(StoreError::Bulk("no transaction"));
        };
        let conn: &mut SqliteConnection = tx;
        for chunk in contacts.chunks(ROWS_PER_INSERT) {
            let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO contacts (id, wa_id, profile_name, user_id, created_at, updated_at, sort_key) ",
            );
            insert.push_values(chunk, |mut b, (wa_id, c)| {
                b.push_bind(c.id)
                    .push_bind(*wa_id)
                    .push_bind(&c.profile_name)
                    .push_bind(&c.user_id)
                    .push_bind(c.created_at)
                    .push_bind(c.updated_at)
                    .push_bind(sort_key(None, c.profile_name.as_deref(), wa_id));
            });
            insert.push(
                " ON CONFLICT (id) DO UPDATE SET profile_name = excluded.profile_name,
                     user_id = excluded.user_id, updated_at = excluded.updated_at,
                     sort_key = excluded.sort_key",
            );
            insert.build().execute(&mut *conn).await?;
            if all {
                // search::write_contact: a contact known only from its messages.
                let mut index: QueryBuilder<Sqlite> = QueryBuilder::new(
                    "INSERT INTO search_contacts (rowid, saved_name, profile_name, phone, notes) ",
                );
                index.push_values(chunk, |mut b, (wa_id, c)| {
                    b.push_bind(c.id)
                        .push_bind(None::<String>)
                        .push_bind(
                            c.profile_name
                                .as_deref()
                                .map(parley_core::search::fold_text),
                        )
                        .push_bind(phone_search_words(wa_id))
                        .push_bind(None::<String>);
                });
                index.build().execute(&mut *conn).await?;
            }
        }
        for chunk in conversations.chunks(ROWS_PER_INSERT) {
            let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO conversations
                     (id, contact_id, last_message_id, last_activity_at, last_inbound_at,
                      last_inbound_received_at, unread_count, status, status_changed_at, assigned_agent_id, created_at) ",
            );
            insert.push_values(chunk, |mut b, c| {
                b.push_bind(c.id)
                    .push_bind(c.contact_id)
                    .push_bind(c.last_message_id)
                    .push_bind(c.last_activity_at)
                    .push_bind(c.last_inbound_at)
                    .push_bind(c.last_inbound_received_at)
                    .push_bind(c.unread_count)
                    .push_bind(c.status)
                    .push_bind(c.status_changed_at)
                    .push_bind(c.assigned_agent_id)
                    .push_bind(c.created_at);
            });
            insert.push(
                " ON CONFLICT (id) DO UPDATE SET last_message_id = excluded.last_message_id,
                     last_activity_at = excluded.last_activity_at,
                     last_inbound_at = excluded.last_inbound_at,
                     last_inbound_received_at = excluded.last_inbound_received_at,
                     unread_count = excluded.unread_count, status = excluded.status,
                     status_changed_at = excluded.status_changed_at,
                     assigned_agent_id = excluded.assigned_agent_id",
            );
            insert.build().execute(&mut *conn).await?;
        }
        self.contacts_written = self.contact_order.len();
        self.conversations_written = self.conversations.len();
        Ok(())
    }

    /// Writes the final state of the contacts and conversations, the reads and labels,
    /// and commits.
    pub async fn finish(mut self) -> Result<()> {
        self.flush_messages().await?;
        self.transaction().await?;
        self.write_parents(true).await?;
        let reads: Vec<((i64, i64), i64)> = std::mem::take(&mut self.reads).into_iter().collect();
        let labels = std::mem::take(&mut self.labels);
        let conn = self.transaction().await?;
        for chunk in reads.chunks(ROWS_PER_INSERT) {
            let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO agent_reads (agent_id, conversation_id, read_until) ",
            );
            insert.push_values(chunk, |mut b, ((agent, conversation), at)| {
                b.push_bind(agent).push_bind(conversation).push_bind(at);
            });
            insert.build().execute(&mut *conn).await?;
        }
        for chunk in labels.chunks(ROWS_PER_INSERT) {
            let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT OR IGNORE INTO conversation_labels (conversation_id, label_id, added_at) ",
            );
            insert.push_values(chunk, |mut b, (conversation, label, at)| {
                b.push_bind(conversation).push_bind(label).push_bind(at);
            });
            insert.build().execute(&mut *conn).await?;
        }
        if let Some(tx) = self.transaction.take() {
            tx.commit().await?;
        }
        Ok(())
    }
}
