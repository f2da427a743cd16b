//! Customers' ordinary messages of a group written together. Written one by one, each
//! costs five round trips to SQLite's thread (contact and conversation, message, search
//! row, conversation row, early edits), and on a busy machine the writer spends its time
//! waiting for those hand-offs, not in SQLite. A run of them is written with one script
//! over a temporary table, with the same statements' effects as writing them one after
//! another (`tests/ingest_runs.rs` compares the two on random groups).
//!
//! Only messages whose writing touches nothing but their contact, conversation, message
//! and search rows join a run: reactions, edits, deletions and media go one by one.

use parley_core::content::MessageContent;
use parley_core::{ContactId, ConversationId, MessageId};
use serde_json::json;
use sqlx::{Column as _, Row as _, SqliteConnection};

use super::{InboundRecord, IngestOutcome};
use crate::messages::{self, to_json};
use crate::{Result, corrupt, search};

/// Whether writing `m` can join a run: see the module's documentation.
pub(super) fn joins_run(m: &InboundRecord) -> bool {
    m.edited.is_none()
        && !m.content.is_control()
        && !matches!(m.content, MessageContent::Media { .. })
}

/// A message waiting in the run, and the delivery whose outcome it belongs to.
pub(super) struct RunMessage<'a> {
    pub delivery: usize,
    pub message: &'a InboundRecord,
    pub now: i64,
}

/// The run's statements. `?1` is a JSON array with one object per message, in order.
///
/// Sequential semantics, statement by statement:
/// - contacts and conversations: `INSERT … SELECT … ORDER BY seq` applies the rows in
///   order, so the last name given wins and a conversation starts at its first message;
///   a contact is rewritten only when its name or user id changes, as in
///   `ingest::contact_and_conversation`.
/// - messages: a wamid already stored, or seen earlier in the run, is a duplicate; ids
///   are above the largest id before the run, which is how the new rows are told apart.
/// - conversations: one update per conversation with what the messages' updates would
///   have left, one after another (see `conversations::note_inbound`): the latest
///   message (ties: the later one) becomes the last if it is not older than the
///   conversation's activity; a conversation without a last message takes the run's
///   first otherwise.
const SCRIPT: &str = "
CREATE TEMP TABLE IF NOT EXISTS ingest_run (
    seq INTEGER PRIMARY KEY,
    wa_id TEXT NOT NULL, profile_name TEXT, user_id TEXT,
    wamid TEXT NOT NULL, kind TEXT NOT NULL, body TEXT, content TEXT NOT NULL,
    context TEXT, referral TEXT, quoted_wamid TEXT, payload TEXT NOT NULL,
    sent_at INTEGER NOT NULL, now INTEGER NOT NULL, opens_window INTEGER NOT NULL,
    indexed_text TEXT,
    known_contact INTEGER NOT NULL DEFAULT 0, previous_name TEXT,
    contact_id INTEGER, conversation_id INTEGER, message_id INTEGER
);
CREATE TEMP TABLE IF NOT EXISTS ingest_run_mark (largest_message_id INTEGER NOT NULL);
DELETE FROM temp.ingest_run;
DELETE FROM temp.ingest_run_mark;
INSERT INTO temp.ingest_run
    (seq, wa_id, profile_name, user_id, wamid, kind, body, content, context, referral,
     quoted_wamid, payload, sent_at, now, opens_window, indexed_text)
SELECT key, value ->> 'wa_id', value ->> 'profile_name', value ->> 'user_id',
       value ->> 'wamid', value ->> 'kind', value ->> 'body', value ->> 'content',
       value ->> 'context', value ->> 'referral', value ->> 'quoted_wamid',
       value ->> 'payload', value ->> 'sent_at', value ->> 'now', value ->> 'opens_window',
       value ->> 'indexed_text'
FROM json_each(?1);
UPDATE temp.ingest_run SET known_contact = 1, previous_name = c.profile_name
FROM contacts c WHERE c.wa_id = ingest_run.wa_id;
INSERT INTO contacts (wa_id, profile_name, user_id, created_at, updated_at)
SELECT wa_id, profile_name, user_id, now, now FROM temp.ingest_run WHERE true ORDER BY seq
ON CONFLICT (wa_id) DO UPDATE SET
    profile_name = COALESCE(excluded.profile_name, contacts.profile_name),
    user_id = COALESCE(excluded.user_id, contacts.user_id),
    updated_at = excluded.updated_at
WHERE excluded.profile_name IS NOT NULL AND excluded.profile_name IS NOT contacts.profile_name
   OR excluded.user_id IS NOT NULL AND excluded.user_id IS NOT contacts.user_id;
UPDATE temp.ingest_run SET contact_id = c.id FROM contacts c WHERE c.wa_id = ingest_run.wa_id;
INSERT INTO conversations (contact_id, last_activity_at, created_at)
SELECT contact_id, sent_at, now FROM temp.ingest_run WHERE true ORDER BY seq
ON CONFLICT (contact_id) DO NOTHING;
UPDATE temp.ingest_run SET conversation_id = v.id
FROM conversations v WHERE v.contact_id = ingest_run.contact_id;
INSERT INTO temp.ingest_run_mark SELECT COALESCE(MAX(id), 0) FROM messages;
INSERT INTO messages
    (conversation_id, wamid, direction, kind, body, content, context, referral,
     quoted_wamid, payload, status, status_at, hidden, sent_at, created_at,
     sent_by_agent_id, automation)
SELECT conversation_id, wamid, 'inbound', kind, body, content, context, referral,
       quoted_wamid, payload, NULL, NULL, 0, sent_at, now, NULL, NULL
FROM temp.ingest_run WHERE true ORDER BY seq
ON CONFLICT (wamid) DO NOTHING;
UPDATE temp.ingest_run SET message_id = m.id
FROM messages m
WHERE m.wamid = ingest_run.wamid
  AND m.id > (SELECT largest_message_id FROM temp.ingest_run_mark)
  AND ingest_run.seq = (SELECT MIN(r.seq) FROM temp.ingest_run r WHERE r.wamid = ingest_run.wamid);
INSERT INTO search_messages (rowid, text)
SELECT message_id, indexed_text FROM temp.ingest_run
WHERE message_id IS NOT NULL AND indexed_text IS NOT NULL ORDER BY seq;
WITH fresh AS (SELECT * FROM temp.ingest_run WHERE message_id IS NOT NULL),
written AS (
    SELECT conversation_id,
           MAX(sent_at) AS latest_at,
           (SELECT l.message_id FROM fresh l WHERE l.conversation_id = f.conversation_id
             ORDER BY l.sent_at DESC, l.seq DESC LIMIT 1) AS latest_id,
           (SELECT e.message_id FROM fresh e WHERE e.conversation_id = f.conversation_id
             ORDER BY e.seq LIMIT 1) AS first_id,
           COUNT(*) AS added,
           MAX(now) AS received_at,
           MAX(CASE WHEN opens_window THEN sent_at END) AS latest_opening_at,
           (SELECT o.now FROM fresh o WHERE o.conversation_id = f.conversation_id
              AND o.opens_window ORDER BY o.seq LIMIT 1) AS first_opening_now
    FROM fresh f GROUP BY conversation_id
)
UPDATE conversations SET
    last_message_id = CASE
        WHEN written.latest_at >= conversations.last_activity_at THEN written.latest_id
        WHEN conversations.last_message_id IS NULL THEN written.first_id
        ELSE conversations.last_message_id END,
    last_activity_at = MAX(conversations.last_activity_at, written.latest_at),
    last_inbound_at = CASE
        WHEN written.latest_opening_at IS NOT NULL
         AND (conversations.last_inbound_at IS NULL
              OR written.latest_opening_at > conversations.last_inbound_at)
        THEN written.latest_opening_at ELSE conversations.last_inbound_at END,
    unread_count = conversations.unread_count + written.added,
    last_inbound_received_at = MAX(
        COALESCE(conversations.last_inbound_received_at, written.received_at),
        written.received_at),
    status_changed_at = CASE
        WHEN written.first_opening_now IS NOT NULL AND conversations.status <> 'open'
        THEN written.first_opening_now ELSE conversations.status_changed_at END,
    status = CASE WHEN written.first_opening_now IS NOT NULL THEN 'open'
                  ELSE conversations.status END
FROM written WHERE conversations.id = written.conversation_id;
SELECT DISTINCT r.contact_id AS contact_to_index
FROM temp.ingest_run r JOIN contacts c ON c.id = r.contact_id
WHERE r.known_contact = 0 OR c.profile_name IS NOT r.previous_name;
SELECT r.seq AS edited_early, r.message_id FROM temp.ingest_run r
WHERE r.message_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM messages e WHERE e.quoted_wamid = r.wamid AND e.kind IN ('edit', 'revoke'));
SELECT seq AS written, message_id, conversation_id FROM temp.ingest_run ORDER BY seq
";

/// Writes the run and records each message in its delivery's outcome.
pub(super) async fn write_run(
    conn: &mut SqliteConnection,
    run: &[RunMessage<'_>],
    outcomes: &mut [IngestOutcome],
) -> Result<()> {
    if run.is_empty() {
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = run
        .iter()
        .map(
            |RunMessage {
                 message: m, now, ..
             }| {
                json!({
                    "wa_id": m.wa_id,
                    "profile_name": m.profile_name,
                    "user_id": m.user_id,
                    "wamid": m.wamid,
                    "kind": m.kind,
                    "body": m.content.text(),
                    "content": to_json(&m.content),
                    "context": m.context.as_ref().map(to_json),
                    "referral": m.referral.as_ref().map(to_json),
                    "quoted_wamid": m.context.as_ref().and_then(|c| c.quoted_wamid.as_deref()),
                    "payload": m.payload,
                    "sent_at": m.sent_at.0,
                    "now": now,
                    "opens_window": m.content.opens_service_window(),
                    "indexed_text": search::indexed_text(m.content.text()),
                })
            },
        )
        .collect();
    let results = sqlx::query(SCRIPT)
        .bind(serde_json::Value::Array(rows).to_string())
        .fetch_all(&mut *conn)
        .await?;

    let mut contacts_to_index = Vec::new();
    let mut edited_early = Vec::new();
    let mut written = Vec::with_capacity(run.len());
    for row in &results {
        match row.columns().first().map(|c| c.name()) {
            Some("contact_to_index") => contacts_to_index.push(ContactId(row.try_get(0)?)),
            Some("edited_early") => {
                edited_early.push((row.try_get::<i64, _>(0)?, MessageId(row.try_get(1)?)))
            }
            Some("written") => written.push((
                row.try_get::<Option<i64>, _>(1)?.map(MessageId),
                ConversationId(row.try_get(2)?),
            )),
            _ => {}
        }
    }
    if written.len() != run.len() {
        return Err(corrupt(format!(
            "a run of {} messages reported {} of them written",
            run.len(),
            written.len()
        )));
    }
    // Rare: a new customer, a new name, or an edit that arrived before its message.
    search::refresh_contacts(conn, &contacts_to_index).await?;
    for (seq, id) in edited_early {
        let message = usize::try_from(seq)
            .ok()
            .and_then(|seq| run.get(seq))
            .ok_or_else(|| corrupt(format!("a run has no message {seq}")))?;
        messages::apply_early_changes(conn, id, &message.message.wamid).await?;
    }
    for (item, (id, conversation)) in run.iter().zip(written) {
        let outcome = &mut outcomes[item.delivery];
        match id {
            Some(id) => {
                outcome.new_messages.push(id);
                outcome.touch(conversation);
            }
            None => outcome.duplicates += 1,
        }
    }
    Ok(())
}
