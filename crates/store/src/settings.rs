//! `settings`: non-secret configuration as JSON values by key. Secrets never come here.

use std::sync::atomic::Ordering;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Result, Store, corrupt};

impl Store {
    pub async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.reader)
            .await?;
        value
            .map(|v| serde_json::from_str(&v).map_err(|e| corrupt(format!("setting {key}: {e}"))))
            .transpose()
    }

    pub async fn set_setting<T: Serialize>(&self, key: &str, value: &T, now: i64) -> Result<()> {
        let json =
            serde_json::to_string(value).map_err(|e| corrupt(format!("setting {key}: {e}")))?;
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(json)
        .bind(now)
        .execute(&self.writer)
        .await?;
        self.settings_saved.fetch_add(1, Ordering::Release);
        Ok(())
    }

    /// Changes whenever a setting is saved through any clone of this store, so a caller
    /// can keep what it derived from settings (the auto-reply rules the webhook writer
    /// applies to every group) until then instead of reading them again.
    pub fn settings_generation(&self) -> u64 {
        self.settings_saved.load(Ordering::Acquire)
    }
}
