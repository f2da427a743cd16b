//! `message_statuses`: each (wamid, status) Meta reported, exactly once.

use parley_core::meta_error::SendFailure;
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
