//! Delivery statuses of a group written together: stored with one statement, their
//! messages looked up with another, and the changes they make written with a third,
//! instead of three or four round trips to SQLite's thread each. The effect is what
//! writing them one after another has (`tests/ingest_runs.rs` compares the two).
//!
//! Only statuses without a failure join: a failure can teach something about the
//! customer (131050) and changes their contact, so it is written on its own, in order.

use std::collections::{HashMap, HashSet};

use parley_core::status::DeliveryStatus;
use parley_core::{ConversationId, MessageId};
use serde_json::json;
use sqlx::{Column as _, Row as _, SqliteConnection};

use super::{IngestOutcome, StatusRecord};
use crate::messages::parse_status;
use crate::{Result, sending};

/// Whether `s` can wait in the group's batch of statuses: see the module's documentation.
pub(super) fn joins_batch(s: &StatusRecord) -> bool {
    s.failure.is_none()
}

/// A status waiting in the batch, and the delivery whose outcome it belongs to.
pub(super) struct PendingStatus<'a> {
    pub delivery: usize,
    pub status: &'a StatusRecord,
    pub now: i64,
}

/// The message a status is about, as the statuses before it in the batch left it.
struct Target {
    id: MessageId,
    conversation: ConversationId,
    status: Option<DeliveryStatus>,
}

/// Writes the batch and records each status in its delivery's outcome.
pub(super) async fn write_statuses(
    conn: &mut SqliteConnection,
    batch: &[PendingStatus<'_>],
    outcomes: &mut [IngestOutcome],
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut first_copies = store_each_once(&mut *conn, batch).await?;
    let (mut targets, unknown_sends_to) = look_up(&mut *conn, batch).await?;

    // The newest accepted status of each message, in the order the messages changed.
    let mut changes: Vec<(MessageId, DeliveryStatus, i64)> = Vec::new();
    for pending in batch {
        let s = pending.status;
        let outcome = &mut outcomes[pending.delivery];
        if !first_copies.remove(&(s.wamid.as_str(), s.status.as_str())) {
            outcome.duplicates += 1;
            continue;
        }
        let Some(incoming) = DeliveryStatus::from_webhook(&s.status) else {
            continue;
        };
        if !targets.contains_key(&s.wamid) {
            // A status for a send whose outcome was unknown tells Parley that it did go
            // out (rare: only recipients with such a send are asked).
            let Some(recipient) = s
                .recipient_id
                .as_deref()
                .filter(|r| unknown_sends_to.contains(*r))
            else {
                continue;
            };
            let reconciled = sending::reconcile_unknown(
                &mut *conn,
                recipient,
                &s.wamid,
                s.occurred_at.0,
                pending.now,
            )
            .await?;
            let Some(found) = reconciled else {
                continue;
            };
            targets.insert(
                s.wamid.clone(),
                Target {
                    id: found.id,
                    conversation: found.conversation_id,
                    status: found.status,
                },
            );
        }
        let Some(target) = targets.get_mut(&s.wamid) else {
            continue;
        };
        if target
            .status
            .is_some_and(|current| current.accepts(incoming))
        {
            target.status = Some(incoming);
            match changes.iter_mut().find(|(id, ..)| *id == target.id) {
                Some(change) => *change = (target.id, incoming, s.occurred_at.0),
                None => changes.push((target.id, incoming, s.occurred_at.0)),
            }
            outcome.changed(target.id, target.conversation);
        }
    }
    write_changes(conn, &changes).await
}

/// Stores every (wamid, status) not stored yet; the ones this batch stored.
async fn store_each_once<'a>(
    conn: &mut SqliteConnection,
    batch: &'a [PendingStatus<'_>],
) -> Result<HashSet<(&'a str, &'a str)>> {
    let rows: Vec<serde_json::Value> = batch
        .iter()
        .map(|PendingStatus { status: s, now, .. }| {
            json!({
                "wamid": s.wamid,
                "status": s.status,
                "occurred_at": s.occurred_at.0,
                "recipient_id": s.recipient_id,
                "payload": s.payload,
                "received_at": now,
            })
        })
        .collect();
    let stored: Vec<(String, String)> = sqlx::query_as(
        "INSERT INTO message_statuses
             (wamid, status, occurred_at, recipient_id, failure, payload, received_at)
         SELECT value ->> 'wamid', value ->> 'status', value ->> 'occurred_at',
                value ->> 'recipient_id', NULL, value ->> 'payload', value ->> 'received_at'
         FROM json_each(?1) WHERE true ORDER BY key
         ON CONFLICT (wamid, status) DO NOTHING
         RETURNING wamid, status",
    )
    .bind(serde_json::Value::Array(rows).to_string())
    .fetch_all(&mut *conn)
    .await?;
    let stored: HashSet<(String, String)> = stored.into_iter().collect();
    // A pair stored by this batch was stored by its first copy in it.
    Ok(batch
        .iter()
        .map(|p| (p.status.wamid.as_str(), p.status.status.as_str()))
        .filter(|(wamid, status)| stored.contains(&((*wamid).to_owned(), (*status).to_owned())))
        .collect())
}

/// The batch's messages by wamid, and the recipients with a send whose outcome is unknown.
async fn look_up(
    conn: &mut SqliteConnection,
    batch: &[PendingStatus<'_>],
) -> Result<(HashMap<String, Target>, HashSet<String>)> {
    let wamids: Vec<&str> = batch.iter().map(|p| p.status.wamid.as_str()).collect();
    let recipients: Vec<&str> = batch
        .iter()
        .filter_map(|p| p.status.recipient_id.as_deref())
        .collect();
    let rows = sqlx::query(
        "SELECT wamid AS target, id, conversation_id, status FROM messages
         WHERE wamid IN (SELECT value FROM json_each(?1));
         SELECT DISTINCT ct.wa_id AS unknown_send_to FROM outbox o
         JOIN messages m ON m.id = o.message_id
         JOIN conversations c ON c.id = m.conversation_id
         JOIN contacts ct ON ct.id = c.contact_id
         WHERE o.state = 'unknown' AND m.wamid IS NULL
           AND ct.wa_id IN (SELECT value FROM json_each(?2))",
    )
    .bind(serde_json::Value::from(wamids).to_string())
    .bind(serde_json::Value::from(recipients).to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut targets = HashMap::new();
    let mut unknown_sends_to = HashSet::new();
    for row in &rows {
        match row.columns().first().map(|c| c.name()) {
            Some("target") => {
                let status: Option<String> = row.try_get(3)?;
                targets.insert(
                    row.try_get(0)?,
                    Target {
                        id: MessageId(row.try_get(1)?),
                        conversation: ConversationId(row.try_get(2)?),
                        status: status.as_deref().map(parse_status).transpose()?,
                    },
                );
            }
            Some("unknown_send_to") => {
                unknown_sends_to.insert(row.try_get(0)?);
            }
            _ => {}
        }
    }
    Ok((targets, unknown_sends_to))
}

/// Each changed message's newest status, as `messages::set_status` writes it for a status
/// without a failure.
async fn write_changes(
    conn: &mut SqliteConnection,
    changes: &[(MessageId, DeliveryStatus, i64)],
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = changes
        .iter()
        .map(|(id, status, at)| json!({"id": id.0, "status": status.as_str(), "at": at}))
        .collect();
    sqlx::query(
        "UPDATE messages SET status = change.value ->> 'status',
                             status_at = change.value ->> 'at'
         FROM json_each(?1) AS change WHERE messages.id = change.value ->> 'id'",
    )
    .bind(serde_json::Value::Array(rows).to_string())
    .execute(conn)
    .await?;
    Ok(())
}
