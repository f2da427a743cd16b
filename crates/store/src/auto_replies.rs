//! Auto-replies: their settings (a JSON value in `settings`), the facts the rules decide
//! on, and `auto_reply_log`, one row per customer message that was decided.
//!
//! A decision is made and recorded in one transaction on the single writer connection:
//! the facts are read, the rules applied, the contact's opt-out and the queued reply
//! written, and the log row inserted, together. So two deliveries cannot both see "no
//! away message yet", and a message is never answered twice: its log row (the primary
//! key) exists exactly when its reply does.

use std::collections::{HashMap, HashSet};

use parley_core::agent::{Automation, SentBy};
use parley_core::auto_reply::{
    AutoReplyFacts, AutoReplySettings, OptOut, RecordedDecision, Verdict,
};
use parley_core::content::MessageContent;
use parley_core::message::{Direction, Message};
use parley_core::status::DeliveryStatus;
use parley_core::{ContactId, ConversationId, MessageId, Timestamp};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::messages::NewMessage;
use crate::{Result, Store, corrupt, messages, outbox};

/// The `settings` key the auto-reply settings are stored under.
pub const AUTO_REPLY_SETTINGS_KEY: &str = "autoReplies";

/// What the rules see of a new customer message, and what the engine needs to answer it.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoReplyContext {
    pub facts: AutoReplyFacts,
    pub conversation_id: ConversationId,
    /// Whom a reply goes to.
    pub wa_id: String,
    /// The conversation's service window is open from here.
    pub last_inbound_at: Option<Timestamp>,
}

/// A reply the engine built (content and Meta's request body) for the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedReply {
    pub automation: Automation,
    pub content: MessageContent,
    pub payload: String,
}

/// What to record about a customer message.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoReplyRecord {
    pub verdict: Verdict,
    pub opt_out: Option<OptOut>,
    /// The reply to queue.
    pub reply: Option<QueuedReply>,
    /// The automation that was due but is not sent, and why.
    pub not_sent: Option<(Automation, String)>,
}

/// What recording a decision changed.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoReplyOutcome {
    pub conversation_id: ConversationId,
    pub verdict: Verdict,
    /// The queued reply, as the thread shows it.
    pub reply: Option<Message>,
    /// The contact is opted out of marketing from now on.
    pub opted_out: bool,
}

impl Store {
    /// The saved settings, or the defaults when none were saved.
    pub async fn auto_reply_settings(&self) -> Result<AutoReplySettings> {
        Ok(self
            .setting::<AutoReplySettings>(AUTO_REPLY_SETTINGS_KEY)
            .await?
            .unwrap_or_default())
    }

    /// Saves settings the caller has validated.
    pub async fn save_auto_reply_settings(
        &self,
        settings: &AutoReplySettings,
        now: Timestamp,
    ) -> Result<()> {
        self.set_setting(AUTO_REPLY_SETTINGS_KEY, settings, now.0)
            .await
    }

    /// Decides about the customer message `inbound` with `decide` and records the result
    /// in one transaction (see the module's documentation). `None` when the message was
    /// decided already, or is not a customer's message.
    pub async fn decide_auto_reply<F>(
        &self,
        inbound: MessageId,
        now: Timestamp,
        decide: F,
    ) -> Result<Option<AutoReplyOutcome>>
    where
        F: FnOnce(&AutoReplyContext) -> AutoReplyRecord,
    {
        let mut tx = self.writer.begin().await?;
        let outcome = decide_one(&mut tx, inbound, now, decide).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// [`Store::decide_auto_reply`] for several messages with one commit (one fsync, not
    /// one each): the webhook receiver decides a whole group of deliveries at once. One
    /// message that fails is reported in its slot and the others are recorded.
    pub async fn decide_auto_replies<F>(
        &self,
        inbound: &[MessageId],
        now: Timestamp,
        mut decide: F,
    ) -> Result<Vec<Result<Option<AutoReplyOutcome>>>>
    where
        F: FnMut(&AutoReplyContext) -> AutoReplyRecord,
    {
        // Decisions almost never fail, and a savepoint costs two more round trips to
        // SQLite's thread per message: decide the group plainly first, and only when one
        // fails start over with a savepoint each.
        let mut tx = self.writer.begin().await?;
        if let Ok(outcomes) = decide_all(&mut tx, inbound, now, &mut decide).await {
            tx.commit().await?;
            return Ok(outcomes.into_iter().map(Ok).collect());
        }
        tx.rollback().await?;
        self.decide_each_in_a_savepoint(inbound, now, decide).await
    }

    /// The group decided again, each message in its own savepoint (see
    /// [`decide_each_in_savepoints`]).
    async fn decide_each_in_a_savepoint<F>(
        &self,
        inbound: &[MessageId],
        now: Timestamp,
        decide: F,
    ) -> Result<Vec<Result<Option<AutoReplyOutcome>>>>
    where
        F: FnMut(&AutoReplyContext) -> AutoReplyRecord,
    {
        let mut tx = self.writer.begin().await?;
        let outcomes = decide_each_in_savepoints(&mut tx, inbound, now, decide).await?;
        tx.commit().await?;
        Ok(outcomes)
    }

    /// What was decided about a customer message, if anything yet.
    pub async fn auto_reply_decision(
        &self,
        inbound: MessageId,
    ) -> Result<Option<RecordedDecision>> {
        let row: Option<DecisionRow> = sqlx::query_as(
            "SELECT verdict, automation, reply_message_id, not_sent, decided_at
                 FROM auto_reply_log WHERE inbound_message_id = ?",
        )
        .bind(inbound.0)
        .fetch_optional(&self.reader)
        .await?;
        let Some(DecisionRow {
            verdict,
            automation,
            reply_message_id: reply,
            not_sent,
            decided_at,
        }) = row
        else {
            return Ok(None);
        };
        Ok(Some(RecordedDecision {
            message_id: inbound,
            verdict: Verdict::parse(&verdict)
                .ok_or_else(|| corrupt(format!("auto-reply verdict {verdict:?}")))?,
            automation: automation
                .map(|a| Automation::parse(&a).ok_or_else(|| corrupt(format!("automation {a:?}"))))
                .transpose()?,
            reply_message_id: reply.map(MessageId),
            not_sent,
            decided_at: Timestamp(decided_at),
        }))
    }

    /// Customer messages received since `since` that no decision covers yet: those a
    /// crash caught between storing them and deciding (Meta will not deliver them again).
    pub async fn inbound_awaiting_auto_reply(&self, since: Timestamp) -> Result<Vec<MessageId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT m.id FROM messages m
             WHERE m.direction = 'inbound' AND m.hidden = 0 AND m.kind <> 'system'
               AND m.created_at >= ?
               AND NOT EXISTS (SELECT 1 FROM auto_reply_log l WHERE l.inbound_message_id = m.id)
             ORDER BY m.id",
        )
        .bind(since.0)
        .fetch_all(&self.reader)
        .await?;
        Ok(ids.into_iter().map(MessageId).collect())
    }
}

/// Decides about each of `inbound` (in order) and records the decisions on `conn`, inside
/// a transaction the caller commits; `None` for a message decided already or not a
/// customer's.
///
/// A decision reads what earlier decisions about the same contact wrote (the last
/// greeting and away message, an opt-out, a queued reply). Messages of different
/// contacts share nothing, so they are decided in waves: the first undecided message of
/// each contact together (their facts read with one statement, their log rows written
/// with one), then the next of each, so a group of deliveries costs a few round trips
/// to SQLite's thread instead of two per message.
pub(crate) async fn decide_all<F>(
    conn: &mut SqliteConnection,
    inbound: &[MessageId],
    now: Timestamp,
    mut decide: F,
) -> Result<Vec<Option<AutoReplyOutcome>>>
where
    F: FnMut(&AutoReplyContext) -> AutoReplyRecord,
{
    let mut decided: HashMap<MessageId, AutoReplyOutcome> = HashMap::new();
    let mut remaining = inbound.to_vec();
    while !remaining.is_empty() {
        let mut contexts = undecided_contexts(&mut *conn, &remaining).await?;
        let mut contacts_in_wave = HashSet::new();
        let mut next_wave = Vec::new();
        let mut log_rows = Vec::new();
        for message in remaining {
            let Some(context) = contexts.remove(&message) else {
                continue;
            };
            if !contacts_in_wave.insert(context.facts.contact) {
                next_wave.push(message);
                continue;
            }
            let record = decide(&context);
            let (outcome, log_row) =
                record_decision(&mut *conn, message, context, record, now).await?;
            log_rows.push(log_row);
            decided.insert(message, outcome);
        }
        insert_log_rows(&mut *conn, &log_rows, now).await?;
        remaining = next_wave;
    }
    Ok(inbound.iter().map(|m| decided.remove(m)).collect())
}

/// Each of `inbound` decided in its own savepoint on `conn`, inside a transaction the
/// caller commits: one that fails is rolled back alone and reported in its slot. The slow
/// path, after [`decide_all`] failed for a group.
pub(crate) async fn decide_each_in_savepoints<F>(
    conn: &mut SqliteConnection,
    inbound: &[MessageId],
    now: Timestamp,
    mut decide: F,
) -> Result<Vec<Result<Option<AutoReplyOutcome>>>>
where
    F: FnMut(&AutoReplyContext) -> AutoReplyRecord,
{
    let mut outcomes = Vec::with_capacity(inbound.len());
    for &message in inbound {
        let mut savepoint = sqlx::Connection::begin(&mut *conn).await?;
        match decide_one(&mut savepoint, message, now, &mut decide).await {
            Ok(outcome) => {
                savepoint.commit().await?;
                outcomes.push(Ok(outcome));
            }
            Err(e) => {
                savepoint.rollback().await?;
                outcomes.push(Err(e));
            }
        }
    }
    Ok(outcomes)
}

/// [`decide_all`] for one message.
async fn decide_one<F>(
    conn: &mut SqliteConnection,
    inbound: MessageId,
    now: Timestamp,
    decide: F,
) -> Result<Option<AutoReplyOutcome>>
where
    F: FnOnce(&AutoReplyContext) -> AutoReplyRecord,
{
    let Some(context) = undecided_contexts(&mut *conn, &[inbound])
        .await?
        .remove(&inbound)
    else {
        return Ok(None);
    };
    let record = decide(&context);
    let (outcome, log_row) = record_decision(&mut *conn, inbound, context, record, now).await?;
    insert_log_rows(conn, &[log_row], now).await?;
    Ok(Some(outcome))
}

/// A row of `auto_reply_log`, written with the rest of its wave.
struct LogRow {
    inbound: MessageId,
    conversation: ConversationId,
    contact: ContactId,
    verdict: Verdict,
    automation: Option<Automation>,
    reply: Option<MessageId>,
    not_sent: Option<String>,
}

/// Writes what `record` decided about `inbound` except its log row: the opt-out and the
/// queued reply.
async fn record_decision(
    conn: &mut SqliteConnection,
    inbound: MessageId,
    context: AutoReplyContext,
    mut record: AutoReplyRecord,
    now: Timestamp,
) -> Result<(AutoReplyOutcome, LogRow)> {
    let conversation_id = context.conversation_id;
    let contact = context.facts.contact;
    let mut opted_out = false;
    if let Some(opt_out) = &record.opt_out {
        opted_out =
            record_opt_out(&mut *conn, contact, opt_out, context.facts.sent_at, now).await?;
        if !opted_out && let Some(reply) = record.reply.take() {
            // A newer preference (a "resume" from WhatsApp's settings) is recorded.
            record.not_sent = Some((
                reply.automation,
                "a newer marketing preference is recorded".to_owned(),
            ));
        }
    }
    let reply = match &record.reply {
        Some(reply) => Some(queue_reply(&mut *conn, conversation_id, reply, now).await?),
        None => None,
    };
    let automation = record
        .reply
        .as_ref()
        .map(|r| r.automation)
        .or(record.not_sent.as_ref().map(|(a, _)| *a));
    let log_row = LogRow {
        inbound,
        conversation: conversation_id,
        contact,
        verdict: record.verdict,
        automation,
        reply: reply.as_ref().map(|m| m.id),
        not_sent: record.not_sent.map(|(_, why)| why),
    };
    let outcome = AutoReplyOutcome {
        conversation_id,
        verdict: record.verdict,
        reply,
        opted_out,
    };
    Ok((outcome, log_row))
}

async fn insert_log_rows(
    conn: &mut SqliteConnection,
    rows: &[LogRow],
    now: Timestamp,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut insert = QueryBuilder::<Sqlite>::new(
        "INSERT INTO auto_reply_log
             (inbound_message_id, conversation_id, contact_id, verdict, automation,
              reply_message_id, not_sent, decided_at) ",
    );
    insert.push_values(rows, |mut values, row| {
        values
            .push_bind(row.inbound.0)
            .push_bind(row.conversation.0)
            .push_bind(row.contact.0)
            .push_bind(row.verdict.as_str())
            .push_bind(row.automation.map(Automation::as_str))
            .push_bind(row.reply.map(|m| m.0))
            .push_bind(row.not_sent.as_deref())
            .push_bind(now.0);
    });
    insert.build().execute(conn).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ContextRow {
    message_id: i64,
    direction: String,
    kind: String,
    body: Option<String>,
    content: Option<String>,
    sent_at: i64,
    conversation_id: i64,
    contact_id: i64,
    last_inbound_at: Option<i64>,
    wa_id: String,
    in_contacts: bool,
    blocked: bool,
    opted_out: bool,
    decided: bool,
    previous_activity_at: Option<i64>,
    last_agent_message_at: Option<i64>,
    last_greeting_at: Option<i64>,
    last_away_at: Option<i64>,
}

/// The facts about `inbound` as stored now; `None` when it was decided already or is not
/// a customer's message. One statement (one round trip to SQLite's thread) instead of
/// one per fact: the group's decisions are on the webhook writer's path.
/// What the rules see of each of `inbound` that is a customer's message not decided yet,
/// read with one statement.
async fn undecided_contexts(
    conn: &mut SqliteConnection,
    inbound: &[MessageId],
) -> Result<HashMap<MessageId, AutoReplyContext>> {
    let ids = serde_json::to_string(&inbound.iter().map(|m| m.0).collect::<Vec<_>>())
        .map_err(|e| corrupt(format!("message ids as JSON: {e}")))?;
    let rows: Vec<ContextRow> = sqlx::query_as(
        "SELECT m.id AS message_id, m.direction, m.kind, m.body, m.content, m.sent_at,
                c.id AS conversation_id, c.contact_id, c.last_inbound_at, ct.wa_id,
                ct.saved_at IS NOT NULL AS in_contacts, ct.blocked_at IS NOT NULL AS blocked,
                ct.marketing_opt_out <> 0 AS opted_out,
                EXISTS (SELECT 1 FROM auto_reply_log l WHERE l.inbound_message_id = m.id)
                    AS decided,
                -- Activity before this message: what was stored before it, either side,
                -- except WhatsApp's notices and the hidden reactions, edits and deletions.
                (SELECT MAX(p.sent_at) FROM messages p
                  WHERE p.conversation_id = c.id AND p.id < m.id AND p.hidden = 0
                    AND p.kind <> 'system') AS previous_activity_at,
                (SELECT MAX(o.sent_at) FROM messages o
                  WHERE o.conversation_id = c.id AND o.direction = 'outbound'
                    AND o.sent_by_agent_id IS NOT NULL) AS last_agent_message_at,
                -- When each automation last answered this contact with a queued reply.
                (SELECT MAX(g.decided_at) FROM auto_reply_log g
                  WHERE g.contact_id = ct.id AND g.automation = ?2
                    AND g.reply_message_id IS NOT NULL) AS last_greeting_at,
                (SELECT MAX(a.decided_at) FROM auto_reply_log a
                  WHERE a.contact_id = ct.id AND a.automation = ?3
                    AND a.reply_message_id IS NOT NULL) AS last_away_at
         FROM messages m
         JOIN conversations c ON c.id = m.conversation_id
         JOIN contacts ct ON ct.id = c.contact_id
         WHERE m.id IN (SELECT value FROM json_each(?1))",
    )
    .bind(ids)
    .bind(Automation::Greeting.as_str())
    .bind(Automation::Away.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut contexts = HashMap::with_capacity(rows.len());
    for row in rows {
        let direction = Direction::parse(&row.direction)
            .ok_or_else(|| corrupt(format!("message direction {:?}", row.direction)))?;
        if row.decided || direction != Direction::Inbound {
            continue;
        }
        let contact = ContactId(row.contact_id);
        let facts = AutoReplyFacts {
            content: messages::stored_content(
                &row.kind,
                row.body.as_deref(),
                row.content.as_deref(),
            )?,
            sent_at: Timestamp(row.sent_at),
            contact,
            in_contacts: row.in_contacts,
            blocked: row.blocked,
            opted_out: row.opted_out,
            previous_activity_at: row.previous_activity_at.map(Timestamp),
            last_greeting_at: row.last_greeting_at.map(Timestamp),
            last_away_at: row.last_away_at.map(Timestamp),
            last_agent_message_at: row.last_agent_message_at.map(Timestamp),
        };
        let context = AutoReplyContext {
            facts,
            conversation_id: ConversationId(row.conversation_id),
            wa_id: row.wa_id,
            last_inbound_at: row.last_inbound_at.map(Timestamp),
        };
        contexts.insert(MessageId(row.message_id), context);
    }
    Ok(contexts)
}

/// Marks the contact opted out of marketing as of `at` (when they wrote), unless a newer
/// preference is recorded. Returns whether it changed.
async fn record_opt_out(
    conn: &mut SqliteConnection,
    contact: ContactId,
    opt_out: &OptOut,
    at: Timestamp,
    now: Timestamp,
) -> Result<bool> {
    let changed = sqlx::query(
        "UPDATE contacts SET marketing_opt_out = 1, opt_out_changed_at = ?1,
             consent_source = ?2, updated_at = ?3
         WHERE id = ?4 AND marketing_opt_out = 0
           AND (opt_out_changed_at IS NULL OR opt_out_changed_at <= ?1)",
    )
    .bind(at.0)
    .bind(opt_out.consent_source())
    .bind(now.0)
    .bind(contact.0)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// Queues the reply as `Store::enqueue` queues an agent's message, except that an
/// automatic reply leaves the conversation unread: nobody at the desk has seen it.
async fn queue_reply(
    conn: &mut SqliteConnection,
    conversation_id: ConversationId,
    reply: &QueuedReply,
    now: Timestamp,
) -> Result<Message> {
    let sent_by = SentBy::Automation {
        automation: reply.automation,
    };
    let id = messages::insert(
        conn,
        &NewMessage {
            conversation_id,
            wamid: None,
            direction: Direction::Outbound,
            kind: reply.content.api_type(),
            content: &reply.content,
            hidden: false,
            context: None,
            referral: None,
            quoted_wamid: None,
            payload: &reply.payload,
            status: Some(DeliveryStatus::Pending),
            sent_at: now.0,
            sent_by: Some(&sent_by),
        },
        now.0,
    )
    .await?
    .ok_or_else(|| corrupt("a new outbound message collided with a stored wamid"))?;
    outbox::insert(conn, id, now.0).await?;
    sqlx::query(
        "UPDATE conversations SET
             last_message_id = CASE WHEN last_message_id IS NULL OR ?1 >= last_activity_at
                                    THEN ?2 ELSE last_message_id END,
             last_activity_at = CASE WHEN ?1 > last_activity_at THEN ?1 ELSE last_activity_at END
         WHERE id = ?3",
    )
    .bind(now.0)
    .bind(id.0)
    .bind(conversation_id.0)
    .execute(&mut *conn)
    .await?;
    messages::get(conn, id).await
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    verdict: String,
    automation: Option<String>,
    reply_message_id: Option<i64>,
    not_sent: Option<String>,
    decided_at: i64,
}
