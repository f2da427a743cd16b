//! `message_statuses`: each (wamid, status) Meta reported, exactly once; and what a
//! failure teaches about the customer (131050: they stopped marketing messages).

use parley_core::ConversationId;
use parley_core::meta_error::{MARKETING_STOPPED, SendFailure};
use parley_core::status::DeliveryStatus;
use sqlx::SqliteConnection;

use crate::Result;
use crate::ingest::StatusRecord;
use crate::messages::{failure_json, parse_failure};

/// Stores a status delivery; `false` when this (wamid, status) was already stored.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    s: &StatusRecord,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO message_statuses
             (wamid, status, occurred_at, recipient_id, failure, payload, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (wamid, status) DO NOTHING",
    )
    .bind(&s.wamid)
    .bind(&s.status)
    .bind(s.occurred_at.0)
    .bind(s.recipient_id.as_deref())
    .bind(s.failure.as_ref().map(failure_json))
    .bind(&s.payload)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The statuses already reported for `wamid` that Parley understands, oldest first.
pub(crate) async fn known_for(
    conn: &mut SqliteConnection,
    wamid: &str,
) -> Result<Vec<(DeliveryStatus, i64, Option<SendFailure>)>> {
    let rows: Vec<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT status, occurred_at, failure FROM message_statuses
         WHERE wamid = ? ORDER BY occurred_at, received_at",
    )
    .bind(wamid)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .filter_map(|(status, at, failure)| {
            let status = DeliveryStatus::from_webhook(&status)?;
            Some(
                failure
                    .as_deref()
                    .map(parse_failure)
                    .transpose()
                    .map(|failure| (status, at, failure)),
            )
        })
        .collect()
}

/// How a marketing opt-out learnt from WhatsApp's refusal is recorded on the contact.
pub(crate) const OPT_OUT_FROM_WHATSAPP: &str = "WhatsApp";

/// A `failed` status with Meta's 131050 says the customer stopped marketing messages in
/// WhatsApp: records the opt-out on them (the message's recipient), so the next marketing
/// template is refused before it is sent, unless Parley already knew or a newer
/// preference (a later "resume") is recorded. The conversation whose contact changed.
pub(crate) async fn note_marketing_stop(
    conn: &mut SqliteConnection,
    s: &StatusRecord,
    now: i64,
) -> Result<Option<ConversationId>> {
    let stopped = matches!(
        &s.failure,
        Some(SendFailure::Meta { code, .. }) if *code == MARKETING_STOPPED
    );
    if s.status != "failed" || !stopped {
        return Ok(None);
    }
    let at = s.occurred_at.0;
    let contact: Option<i64> = sqlx::query_scalar(
        "UPDATE contacts SET marketing_opt_out = 1, opt_out_changed_at = ?1,
             consent_source = ?2, updated_at = ?3
         WHERE marketing_opt_out = 0
           AND (opt_out_changed_at IS NULL OR opt_out_changed_at <= ?1)
           AND id = COALESCE(
               (SELECT cv.contact_id FROM messages m
                JOIN conversations cv ON cv.id = m.conversation_id
                WHERE m.wamid = ?4),
               (SELECT id FROM contacts WHERE wa_id = ?5))
         RETURNING id",
    )
    .bind(at)
    .bind(OPT_OUT_FROM_WHATSAPP)
    .bind(now)
    .bind(&s.wamid)
    .bind(s.recipient_id.as_deref())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(contact) = contact else {
        return Ok(None);
    };
    let conversation: Option<i64> =
        sqlx::query_scalar("SELECT id FROM conversations WHERE contact_id = ?")
            .bind(contact)
            .fetch_optional(conn)
            .await?;
    Ok(conversation.map(ConversationId))
}
