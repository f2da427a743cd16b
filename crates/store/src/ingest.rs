//! Writing one webhook delivery: every message, status, notice and raw event in it lands
//! in one transaction, so acknowledging the delivery to Meta means all of it is stored.

use parley_core::content::{MessageContent, MessageContext, Referral};
use parley_core::message::Direction;
use parley_core::meta_error::SendFailure;
use parley_core::notice::AccountNotice;
use parley_core::status::DeliveryStatus;
use parley_core::{ContactId, ConversationId, MessageId, Timestamp};
use sqlx::{Column as _, Row as _, SqliteConnection};

use crate::media::NewMedia;
use crate::messages::NewMessage;
use crate::template_events::TemplateStatusChange;
use crate::templates::TemplateChange;
use crate::{
    Result, Store, account_events, contacts, conversations, media, message_statuses, messages,
    reactions, search, sending, templates, webhook_events,
};

mod group;
mod run;
mod statuses;

pub use group::{Decide, GroupWritten, JournalMark, NewMessageDecision, UNWRITTEN_DELIVERY};

/// A customer's message, as the engine understood it.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundRecord {
    pub wamid: String,
    pub wa_id: String,
    /// Business-scoped user id, when Meta sent one.
    pub user_id: Option<String>,
    pub profile_name: Option<String>,
    /// Meta's type, as received.
    pub kind: String,
    pub content: MessageContent,
    /// For an edit: the new content of the message it edits.
    pub edited: Option<MessageContent>,
    pub context: Option<MessageContext>,
    pub referral: Option<Referral>,
    pub sent_at: Timestamp,
    /// The message object as Meta sent it.
    pub payload: String,
}

/// A delivery status of an outbound message.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRecord {
    pub wamid: String,
    /// Meta's name for it; names Parley does not know are stored but change nothing.
    pub status: String,
    pub occurred_at: Timestamp,
    pub recipient_id: Option<String>,
    pub failure: Option<SendFailure>,
    pub payload: String,
}

/// A notice about the account.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRecord {
    pub field: String,
    pub notice: AccountNotice,
    pub occurred_at: Timestamp,
    pub payload: String,
}

/// Webhook content kept as received.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEventRecord {
    pub field: String,
    pub payload: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestBatch {
    pub inbound: Vec<InboundRecord>,
    pub statuses: Vec<StatusRecord>,
    pub notices: Vec<NoticeRecord>,
    pub raw_events: Vec<RawEventRecord>,
}

impl IngestBatch {
    pub fn is_empty(&self) -> bool {
        self.inbound.is_empty()
            && self.statuses.is_empty()
            && self.notices.is_empty()
            && self.raw_events.is_empty()
    }
}

/// What a committed delivery changed, so the engine can tell the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestOutcome {
    /// Messages stored for the first time and shown in their thread.
    pub new_messages: Vec<MessageId>,
    /// Messages that changed: a status, a reaction, an edit, a deletion.
    pub updated_messages: Vec<MessageId>,
    /// Conversations whose list row changed, each once.
    pub conversations: Vec<ConversationId>,
    /// Media messages whose file is now waiting to be downloaded.
    pub media_to_fetch: usize,
    /// Stored account notices.
    pub notices: Vec<i64>,
    pub templates_changed: bool,
    /// Templates whose status changed (a webhook the template list had not shown yet).
    pub template_status_changes: Vec<TemplateStatusChange>,
    /// Messages and statuses that were already stored (Meta redelivered them).
    pub duplicates: usize,
}

impl IngestOutcome {
    fn touch(&mut self, id: ConversationId) {
        if !self.conversations.contains(&id) {
            self.conversations.push(id);
        }
    }

    fn changed(&mut self, message: MessageId, conversation: ConversationId) {
        if !self.updated_messages.contains(&message) {
            self.updated_messages.push(message);
        }
        self.touch(conversation);
    }
}

impl Store {
    /// Stores a delivery in one transaction; redelivered messages and statuses are
    /// recognised by id and counted, not stored again.
    pub async fn ingest(&self, batch: &IngestBatch, now: Timestamp) -> Result<IngestOutcome> {
        let mut tx = self.writer.begin().await?;
        let outcome = write_delivery(&mut tx, batch, now.0).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}

/// Every message, status, notice and raw event of one delivery, on a connection that is
/// inside a transaction (or savepoint) the caller commits.
async fn write_delivery(
    conn: &mut SqliteConnection,
    batch: &IngestBatch,
    now: i64,
) -> Result<IngestOutcome> {
    let mut outcome = IngestOutcome::default();
    for m in &batch.inbound {
        ingest_message(conn, m, now, &mut outcome).await?;
    }
    for s in &batch.statuses {
        ingest_status(conn, s, now, &mut outcome).await?;
    }
    for n in &batch.notices {
        ingest_notice(conn, n, now, &mut outcome).await?;
    }
    for e in &batch.raw_events {
        webhook_events::insert(conn, &e.field, &e.payload, now).await?;
    }
    Ok(outcome)
}

async fn ingest_message(
    conn: &mut SqliteConnection,
    m: &InboundRecord,
    now: i64,
    outcome: &mut IngestOutcome,
) -> Result<()> {
    let conversation = contact_and_conversation(conn, m, now).await?;
    // Edits keep their new content, so an edit that beats its original can still apply.
    let stored_content = match (&m.content, &m.edited) {
        (MessageContent::Edit { .. }, Some(edited)) => edited,
        _ => &m.content,
    };
    let target = match &m.content {
        MessageContent::Reaction { target_wamid, .. } => Some(target_wamid.as_str()),
        MessageContent::Edit { original_wamid } | MessageContent::Revoke { original_wamid } => {
            Some(original_wamid.as_str())
        }
        _ => m.context.as_ref().and_then(|c| c.quoted_wamid.as_deref()),
    };
    let inserted = messages::insert(
        conn,
        &NewMessage {
            conversation_id: conversation,
            wamid: Some(&m.wamid),
            direction: Direction::Inbound,
            kind: &m.kind,
            content: stored_content,
            hidden: m.content.is_control(),
            context: m.context.as_ref(),
            referral: m.referral.as_ref(),
            quoted_wamid: target,
            payload: &m.payload,
            status: None,
            sent_at: m.sent_at.0,
            sent_by: None,
        },
        now,
    )
    .await?;
    let Some(id) = inserted else {
        outcome.duplicates += 1;
        return Ok(());
    };

    let changed_target = match &m.content {
        MessageContent::Reaction {
            target_wamid,
            emoji,
        } => {
            reactions::set(
                conn,
                target_wamid,
                Direction::Inbound,
                emoji.as_deref(),
                m.sent_at.0,
            )
            .await?;
            messages::by_wamid(conn, target_wamid).await?
        }
        MessageContent::Edit { original_wamid } => match &m.edited {
            Some(edited) => messages::apply_edit(conn, original_wamid, edited, m.sent_at.0).await?,
            None => None,
        },
        MessageContent::Revoke { original_wamid } => {
            messages::apply_revoke(conn, original_wamid, m.sent_at.0).await?
        }
        content => {
            conversations::note_inbound(
                conn,
                conversation,
                id,
                m.sent_at.0,
                content.opens_service_window(),
                now,
            )
            .await?;
            messages::apply_early_changes(conn, id, &m.wamid).await?;
            if let MessageContent::Media { media } = content {
                media::insert(
                    conn,
                    &NewMedia {
                        message_id: id,
                        media_id: media.id.as_deref(),
                        path: None,
                        mime_type: media.mime_type.as_deref(),
                        size: media.size,
                        expected_sha256: media.sha256.as_deref(),
                    },
                    now,
                )
                .await?;
                outcome.media_to_fetch += 1;
            }
            outcome.new_messages.push(id);
            outcome.touch(conversation);
            None
        }
    };
    if let Some((target, target_conversation)) = changed_target {
        outcome.changed(target, target_conversation);
    }
    Ok(())
}

/// The sender's contact (created, or its profile name or user id refreshed: a message
/// that repeats them leaves the row alone) and conversation (created on first contact,
/// with the message's time as its activity), in one round trip to SQLite's thread instead
/// of three: the writer's time goes to those round trips, not to SQLite. The run's script
/// (`ingest/run.rs`) and the bulk loader write contacts by the same rule.
async fn contact_and_conversation(
    conn: &mut SqliteConnection,
    m: &InboundRecord,
    now: i64,
) -> Result<ConversationId> {
    // Numbered parameters are shared by the statements; all of them always run
    // (`fetch_all`), and the columns' names tell their rows apart.
    let rows = sqlx::query(
        "SELECT profile_name AS previous_name FROM contacts WHERE wa_id = ?1;
         INSERT INTO contacts (wa_id, profile_name, user_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?5, ?5)
         ON CONFLICT (wa_id) DO UPDATE SET
             profile_name = COALESCE(excluded.profile_name, contacts.profile_name),
             user_id = COALESCE(excluded.user_id, contacts.user_id),
             updated_at = excluded.updated_at
         WHERE excluded.profile_name IS NOT NULL
               AND excluded.profile_name IS NOT contacts.profile_name
            OR excluded.user_id IS NOT NULL AND excluded.user_id IS NOT contacts.user_id;
         SELECT id AS contact_id FROM contacts WHERE wa_id = ?1;
         INSERT INTO conversations (contact_id, last_activity_at, created_at)
         VALUES ((SELECT id FROM contacts WHERE wa_id = ?1), ?4, ?5)
         ON CONFLICT (contact_id) DO UPDATE SET contact_id = excluded.contact_id
         RETURNING id AS conversation_id",
    )
    .bind(&m.wa_id)
    .bind(m.profile_name.as_deref())
    .bind(m.user_id.as_deref())
    .bind(m.sent_at.0)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    let mut previous_name: Option<Option<String>> = None;
    let mut contact = None;
    let mut conversation = None;
    for row in &rows {
        match row.columns().first().map(|c| c.name()) {
            Some("previous_name") => previous_name = Some(row.try_get(0)?),
            Some("contact_id") => contact = Some(ContactId(row.try_get(0)?)),
            Some("conversation_id") => conversation = Some(ConversationId(row.try_get(0)?)),
            _ => {}
        }
    }
    let (Some(contact), Some(conversation)) = (contact, conversation) else {
        return Err(crate::corrupt(format!(
            "storing the contact {} returned no contact or conversation",
            m.wa_id
        )));
    };
    // Most messages repeat the name already known: only a new contact or a new name
    // touches the search index.
    let renamed = match previous_name {
        None => true,
        Some(old) => m.profile_name.is_some() && old != m.profile_name,
    };
    if renamed {
        search::refresh_contact(conn, contact).await?;
    }
    Ok(conversation)
}

async fn ingest_status(
    conn: &mut SqliteConnection,
    s: &StatusRecord,
    now: i64,
    outcome: &mut IngestOutcome,
) -> Result<()> {
    if !message_statuses::insert(conn, s, now).await? {
        outcome.duplicates += 1;
        return Ok(());
    }
    if let Some(conversation) = message_statuses::note_marketing_stop(conn, s, now).await? {
        outcome.touch(conversation);
    }
    let Some(incoming) = DeliveryStatus::from_webhook(&s.status) else {
        return Ok(());
    };
    // A status for a send whose answer has not been recorded yet waits in
    // message_statuses; recording the answer applies it. A status for a send whose
    // outcome was unknown tells Parley that it did go out.
    let target = match messages::status_by_wamid(conn, &s.wamid).await? {
        Some(target) => target,
        None => match &s.recipient_id {
            Some(recipient) => {
                match sending::reconcile_unknown(conn, recipient, &s.wamid, s.occurred_at.0, now)
                    .await?
                {
                    Some(target) => target,
                    None => return Ok(()),
                }
            }
            None => return Ok(()),
        },
    };
    if target
        .status
        .is_some_and(|current| current.accepts(incoming))
    {
        messages::set_status(
            conn,
            target.id,
            incoming,
            s.occurred_at.0,
            s.failure.as_ref(),
        )
        .await?;
        outcome.changed(target.id, target.conversation_id);
    }
    Ok(())
}

async fn ingest_notice(
    conn: &mut SqliteConnection,
    n: &NoticeRecord,
    now: i64,
    outcome: &mut IngestOutcome,
) -> Result<()> {
    let at = n.occurred_at.0;
    outcome
        .notices
        .push(account_events::insert(conn, &n.field, &n.notice, &n.payload, at, now).await?);
    match &n.notice {
        AccountNotice::MarketingPreference {
            wa_id, opted_out, ..
        } => {
            let contact = contacts::set_marketing_opt_out(conn, wa_id, *opted_out, at, now).await?;
            if let Some(conversation) = conversations::of_contact(conn, contact).await? {
                outcome.touch(conversation);
            }
        }
        AccountNotice::TemplateStatus {
            template_id,
            name,
            language,
            status,
            reason,
            recommendation,
        } => {
            let change = TemplateChange::Status {
                status,
                reason: reason.as_deref(),
                recommendation: recommendation.as_deref(),
            };
            let changed = templates::apply(
                conn,
                template_id.as_deref(),
                name.as_deref(),
                language.as_deref(),
                change,
                at,
                now,
            )
            .await?;
            outcome.template_status_changes.extend(changed);
            outcome.templates_changed = true;
        }
        AccountNotice::TemplateQuality {
            template_id,
            name,
            language,
            current: Some(quality),
            ..
        } => {
            let change = TemplateChange::Quality(quality);
            templates::apply(
                conn,
                template_id.as_deref(),
                name.as_deref(),
                language.as_deref(),
                change,
                at,
                now,
            )
            .await?;
            outcome.templates_changed = true;
        }
        AccountNotice::TemplateCategory {
            template_id,
            name,
            language,
            current: Some(category),
            ..
        } => {
            let change = TemplateChange::Category(category);
            templates::apply(
                conn,
                template_id.as_deref(),
                name.as_deref(),
                language.as_deref(),
                change,
                at,
                now,
            )
            .await?;
            outcome.templates_changed = true;
        }
        _ => {}
    }
    Ok(())
}
