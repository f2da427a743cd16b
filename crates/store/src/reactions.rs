//! `reactions`: the current reaction of each side on a message.

use parley_core::message::Direction;
use sqlx::SqliteConnection;

use crate::Result;

/// Sets (or with `None`, removes) the reaction of `by` on the message `target_wamid`. A
/// removal is kept as an empty emoji, so an older reaction arriving late can tell it is
/// stale: the newest reaction (or removal) wins.
pub(crate) async fn set(
    conn: &mut SqliteConnection,
    target_wamid: &str,
    by: Direction,
    emoji: Option<&str>,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO reactions (target_wamid, actor, emoji, reacted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (target_wamid, actor) DO UPDATE SET
             emoji = excluded.emoji, reacted_at = excluded.reacted_at
         WHERE excluded.reacted_at >= reactions.reacted_at",
    )
    .bind(target_wamid)
    .bind(by.as_str())
    .bind(emoji.unwrap_or_default())
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
