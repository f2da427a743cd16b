//! `sync_state`: when each poller last ran, last succeeded, and why it last failed.

use parley_core::Timestamp;
use serde::{Deserialize, Serialize};

use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    pub name: String,
    pub last_attempt_at: Timestamp,
    pub last_success_at: Option<Timestamp>,
    /// Set when the last attempt failed.
    pub last_error: Option<String>,
}

impl Store {
    pub async fn record_sync(&self, name: &str, error: Option<&str>, now: Timestamp) -> Result<()> {
        sqlx::query(
            "INSERT INTO sync_state (name, last_attempt_at, last_success_at, last_error)
             VALUES (?1, ?2, CASE WHEN ?3 IS NULL THEN ?2 END, ?3)
             ON CONFLICT (name) DO UPDATE SET
                 last_attempt_at = excluded.last_attempt_at,
                 last_success_at = COALESCE(excluded.last_success_at, sync_state.last_success_at),
                 last_error = excluded.last_error",
        )
        .bind(name)
        .bind(now.0)
        .bind(error)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn sync_states(&self) -> Result<Vec<SyncState>> {
        let rows: Vec<(String, i64, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT name, last_attempt_at, last_success_at, last_error FROM sync_state ORDER BY name",
        )
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(name, attempt, success, error)| SyncState {
                name,
                last_attempt_at: Timestamp(attempt),
                last_success_at: success.map(Timestamp),
                last_error: error,
            })
            .collect())
    }
}
