//! `contacts`: one row per customer WhatsApp id.

use parley_core::ContactId;
use sqlx::SqliteConnection;

use crate::Result;

/// Creates the contact or refreshes its profile name; a delivery without a name keeps
/// the one already known.
pub(crate) async fn upsert(
    conn: &mut SqliteConnection,
    wa_id: &str,
    profile_name: Option<&str>,
    now: i64,
) -> Result<ContactId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO contacts (wa_id, profile_name, created_at, updated_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (wa_id) DO UPDATE SET
             profile_name = COALESCE(excluded.profile_name, contacts.profile_name),
             updated_at = excluded.updated_at
         RETURNING id",
    )
    .bind(wa_id)
    .bind(profile_name)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(ContactId(id))
}
