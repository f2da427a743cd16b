use parley_core::account::{AccountSettings, DEFAULT_API_BASE_URL, DEFAULT_GRAPH_VERSION, Secret};
use parley_core::health::ConnectionStatus;
use parley_engine::account::{self, SecretsUpdate};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::profile::{Mode, Profiles};

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SecretsStatus {
    pub access_token: bool,
    pub app_secret: bool,
    pub verify_token: bool,
    /// Why the keyring could not be read, when it could not.
    pub keyring_error: Option<String>,
}

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub mode: Mode,
    /// The saved live account (never its secrets).
    pub account: Option<AccountSettings>,
    pub secrets: SecretsStatus,
    /// Where the webhook receiver listens; a tunnel must forward to it.
    pub webhook_url: Option<String>,
    pub connection: ConnectionStatus,
    /// Why the live inbox is not receiving or sending.
    pub problem: Option<CommandError>,
    pub default_graph_version: String,
    pub default_api_base_url: String,
}

/// The account form. Secret fields left empty keep what the keyring holds.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountInput {
    pub phone_number_id: String,
    pub waba_id: String,
    pub graph_version: String,
    pub api_base_url: String,
    /// The Meta app's id, for uploading template header examples; empty or `None`: none.
    pub app_id: Option<String>,
    pub access_token: Option<String>,
    pub app_secret: Option<String>,
    pub verify_token: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn get_settings(profiles: State<'_, Profiles>) -> CommandResult<SettingsView> {
    settings_view(&profiles).await
}

/// Saves a real account (secrets to the keyring) and opens its live inbox.
#[tauri::command]
#[specta::specta]
pub async fn save_account(
    profiles: State<'_, Profiles>,
    input: AccountInput,
) -> CommandResult<SettingsView> {
    // When no inbox could open at all there is no desk to ask; saving an account is
    // then the way out, not something to refuse.
    if let Ok(running) = profiles.current().await {
        running.may_change_settings().await?;
    }
    let secret = |value: Option<String>| value.filter(|v| !v.trim().is_empty()).map(Secret::new);
    let settings = AccountSettings {
        phone_number_id: input.phone_number_id,
        waba_id: input.waba_id,
        graph_version: input.graph_version,
        api_base_url: input.api_base_url,
        app_id: input.app_id,
    };
    let update = SecretsUpdate {
        access_token: secret(input.access_token),
        app_secret: secret(input.app_secret),
        verify_token: secret(input.verify_token),
    };
    // The live database, also when saving from the demo. Opened on its own rather than
    // through the open profile, which is about to be closed and replaced.
    let store = parley_store::Store::open_dir(profiles.live_data_dir()).await?;
    let saved = account::save(&store, profiles.keyring(), settings, update).await;
    store.close().await;
    saved?;
    profiles.switch_to_live().await?;
    settings_view(&profiles).await
}

async fn settings_view(profiles: &Profiles) -> CommandResult<SettingsView> {
    let secrets = match account::stored_secrets(profiles.keyring()).await {
        Ok(s) => SecretsStatus {
            access_token: s.access_token,
            app_secret: s.app_secret,
            verify_token: s.verify_token,
            keyring_error: None,
        },
        Err(e) => SecretsStatus {
            access_token: false,
            app_secret: false,
            verify_token: false,
            keyring_error: Some(e.to_string()),
        },
    };
    let running = profiles.current().await?;
    let account = match running.mode {
        Mode::Live => account::load(&running.store).await?,
        Mode::Demo => None,
    };
    Ok(SettingsView {
        mode: running.mode,
        account,
        secrets,
        webhook_url: running.engine.as_ref().map(|e| e.webhook_url()),
        connection: running.connection().await,
        problem: running.problem.clone(),
        default_graph_version: DEFAULT_GRAPH_VERSION.to_owned(),
        default_api_base_url: DEFAULT_API_BASE_URL.to_owned(),
    })
}
