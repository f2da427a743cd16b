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
    user_id: Option<&str>,
    now: i64,
) -> Result<ContactId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO contacts (wa_id, profile_name, user_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (wa_id) DO UPDATE SET
             profile_name = COALESCE(excluded.profile_name, contacts.profile_name),
             user_id = COALESCE(excluded.user_id, contacts.user_id),
             updated_at = excluded.updated_at
         RETURNING id",
    )
    .bind(wa_id)
    .bind(profile_name)
    .bind(user_id)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(ContactId(id))
}

/// Records a customer's marketing preference, unless a newer one is already recorded.
/// Returns the contact.
pub(crate) async fn set_marketing_opt_out(
    conn: &mut SqliteConnection,
    wa_id: &str,
    opted_out: bool,
    at: i64,
    now: i64,
) -> Result<ContactId> {
    let id = upsert(conn, wa_id, None, None, now).await?;
    sqlx::query(
        "UPDATE contacts SET marketing_opt_out = ?, opt_out_changed_at = ?
         WHERE id = ? AND (opt_out_changed_at IS NULL OR opt_out_changed_at <= ?)",
    )
    .bind(opted_out)
    .bind(at)
    .bind(id.0)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(id)
}
