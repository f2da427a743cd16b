//! Writing one webhook delivery: every message, status, notice and raw event in it lands
//! in one transaction, so acknowledging the delivery to Meta means all of it is stored.

use parley_core::content::{MessageContent, MessageContext, Referral};
use parley_core::message::Direction;
use parley_core::meta_error::SendFailure;
use parley_core::notice::AccountNotice;
use parley_core::status::DeliveryStatus;
use parley_core::{ConversationId, MessageId, Timestamp};
use sqlx::SqliteConnection;

use crate::media::NewMedia;
use crate::messages::NewMessage;
use crate::template_events::TemplateStatusChange;
use crate::templates::TemplateChange;
use crate::{
    Result, Store, account_events, contacts, conversations, media, message_statuses, messages,
    reactions, sending, templates, webhook_events,
};

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
        let now = now.0;
        let mut outcome = IngestOutcome::default();
        let mut tx = self.writer.begin().await?;
        for m in &batch.inbound {
            ingest_message(&mut tx, m, now, &mut outcome).await?;
        }
        for s in &batch.statuses {
            ingest_status(&mut tx, s, now, &mut outcome).await?;
        }
        for n in &batch.notices {
            ingest_notice(&mut tx, n, now, &mut outcome).await?;
        }
        for e in &batch.raw_events {
            webhook_events::insert(&mut tx, &e.field, &e.payload, now).await?;
        }
        tx.commit().await?;
        Ok(outcome)
    }
}

async fn ingest_message(
    conn: &mut SqliteConnection,
    m: &InboundRecord,
    now: i64,
    outcome: &mut IngestOutcome,
) -> Result<()> {
    let contact = contacts::upsert(
        conn,
        &m.wa_id,
        m.profile_name.as_deref(),
        m.user_id.as_deref(),
        now,
    )
    .await?;
    let conversation = conversations::get_or_create(conn, contact, m.sent_at.0, now).await?;
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
