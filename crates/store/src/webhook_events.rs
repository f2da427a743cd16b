//! `webhook_events`: webhook content kept as received because Parley does not act on it
//! (yet): other fields, and entries it cannot identify.

use sqlx::SqliteConnection;

use crate::Result;

pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    field: &str,
    payload: &str,
    now: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO webhook_events (field, payload, received_at) VALUES (?, ?, ?)")
        .bind(field)
        .bind(payload)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}
