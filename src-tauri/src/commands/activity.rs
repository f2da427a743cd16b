//! What happened to the account and what Parley last fetched: notices, templates,
//! pollers, and the inbox preferences.

use parley_core::Timestamp;
use parley_core::notice::AccountEvent;
use parley_core::preferences::Preferences;
use serde::Serialize;
use tauri::State;

use crate::error::CommandResult;
use crate::events::SyncStatus;
use crate::profile::Profiles;

/// A template as the list shows it.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateView {
    pub id: String,
    pub name: String,
    pub language: String,
    pub status: String,
    pub category: Option<String>,
    pub quality: Option<String>,
    pub rejection_reason: Option<String>,
    pub updated_at: Timestamp,
}

#[tauri::command]
#[specta::specta]
pub async fn account_events(
    profiles: State<'_, Profiles>,
    limit: u32,
) -> CommandResult<Vec<AccountEvent>> {
    let running = profiles.current().await?;
    Ok(running
        .store
        .recent_account_events(limit.clamp(1, 500))
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn templates(profiles: State<'_, Profiles>) -> CommandResult<Vec<TemplateView>> {
    let running = profiles.current().await?;
    Ok(running
        .store
        .templates()
        .await?
        .into_iter()
        .map(|t| TemplateView {
            id: t.id,
            name: t.name,
            language: t.language,
            status: t.status,
            category: t.category,
            quality: t.quality,
            rejection_reason: t.rejection_reason,
            updated_at: t.updated_at,
        })
        .collect())
}

#[tauri::command]
#[specta::specta]
pub async fn sync_status(profiles: State<'_, Profiles>) -> CommandResult<Vec<SyncStatus>> {
    let running = profiles.current().await?;
    Ok(running
        .store
        .sync_states()
        .await?
        .into_iter()
        .map(SyncStatus::from)
        .collect())
}

/// Fetches templates, checks the number and audits recent sends now.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(profiles: State<'_, Profiles>) -> CommandResult<Vec<SyncStatus>> {
    let running = profiles.current().await?;
    // Errors are recorded in the sync status the UI shows; the command reports them there.
    let _ = running.engine()?.sync_now(parley_engine::now()).await;
    Ok(running
        .store
        .sync_states()
        .await?
        .into_iter()
        .map(SyncStatus::from)
        .collect())
}

#[tauri::command]
#[specta::specta]
pub async fn get_preferences(profiles: State<'_, Profiles>) -> CommandResult<Preferences> {
    let running = profiles.current().await?;
    Ok(match &running.engine {
        Some(engine) => engine.preferences().await,
        None => Preferences::default(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn set_preferences(
    profiles: State<'_, Profiles>,
    preferences: Preferences,
) -> CommandResult<Preferences> {
    let running = profiles.current().await?;
    running.may_change_settings().await?;
    Ok(running.engine()?.set_preferences(preferences).await?)
}
