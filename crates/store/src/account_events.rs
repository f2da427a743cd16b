//! `account_events`: notices about the account, newest first.

use parley_core::Timestamp;
use parley_core::notice::{AccountEvent, AccountNotice};
use sqlx::SqliteConnection;

use crate::messages::to_json;
use crate::{Result, Store, corrupt};

pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    field: &str,
    notice: &AccountNotice,
    payload: &str,
    occurred_at: i64,
    now: i64,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO account_events (field, notice, payload, occurred_at, received_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(field)
    .bind(to_json(notice))
    .bind(payload)
    .bind(occurred_at)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

impl Store {
    /// The newest notices about the account.
    pub async fn recent_account_events(&self, limit: u32) -> Result<Vec<AccountEvent>> {
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT id, notice, occurred_at FROM account_events
             ORDER BY occurred_at DESC, id DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter()
            .map(|(id, notice, at)| {
                Ok(AccountEvent {
                    id,
                    notice: serde_json::from_str(&notice)
                        .map_err(|e| corrupt(format!("account notice {id}: {e}")))?,
                    occurred_at: Timestamp(at),
                })
            })
            .collect()
    }

    pub async fn account_event(&self, id: i64) -> Result<AccountEvent> {
        let (notice, at): (String, i64) =
            sqlx::query_as("SELECT notice, occurred_at FROM account_events WHERE id = ?")
                .bind(id)
                .fetch_one(&self.reader)
                .await?;
        Ok(AccountEvent {
            id,
            notice: serde_json::from_str(&notice)
                .map_err(|e| corrupt(format!("account notice {id}: {e}")))?,
            occurred_at: Timestamp(at),
        })
    }
}
