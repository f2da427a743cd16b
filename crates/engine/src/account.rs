//! Connecting an account: the ids and API version go to the database, the secrets to
//! the secret store, never the other way round.

use std::sync::Arc;

use parley_core::account::{AccountSettings, Secret, SecretKind};
use parley_store::Store;

use crate::secrets::{SecretError, SecretStore};
use crate::{EngineError, now};

/// The settings key of the connected account.
pub const ACCOUNT_SETTING: &str = "account";

/// New values for the secrets; `None` keeps the stored one (the UI never reads secrets
/// back, so an untouched field means "unchanged").
#[derive(Debug, Default)]
pub struct SecretsUpdate {
    pub access_token: Option<Secret>,
    pub app_secret: Option<Secret>,
    pub verify_token: Option<Secret>,
}

/// Which secrets are stored, for the settings form. Never the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredSecrets {
    pub access_token: bool,
    pub app_secret: bool,
    pub verify_token: bool,
}

pub async fn load(store: &Store) -> Result<Option<AccountSettings>, EngineError> {
    Ok(store.setting(ACCOUNT_SETTING).await?)
}

/// Validates and saves an account connection: secrets into `secrets`, the rest into the
/// database.
pub async fn save(
    store: &Store,
    secrets: Arc<dyn SecretStore>,
    settings: AccountSettings,
    update: SecretsUpdate,
) -> Result<AccountSettings, EngineError> {
    let settings = settings.normalized()?;
    let writes: Vec<(SecretKind, Secret)> = [
        (SecretKind::AccessToken, update.access_token),
        (SecretKind::AppSecret, update.app_secret),
        (SecretKind::VerifyToken, update.verify_token),
    ]
    .into_iter()
    .filter_map(|(kind, value)| {
        let value = value?;
        let trimmed = value.expose().trim();
        (!trimmed.is_empty()).then(|| (kind, Secret::new(trimmed)))
    })
    .collect();
    blocking(move || {
        for (kind, value) in &writes {
            secrets.set(*kind, value)?;
        }
        Ok(())
    })
    .await?;
    store
        .set_setting(ACCOUNT_SETTING, &settings, now().0)
        .await?;
    Ok(settings)
}

pub async fn stored_secrets(secrets: Arc<dyn SecretStore>) -> Result<StoredSecrets, EngineError> {
    blocking(move || {
        let has = |kind| secrets.get(kind).map(|s| s.is_some_and(|s| !s.is_empty()));
        Ok(StoredSecrets {
            access_token: has(SecretKind::AccessToken)?,
            app_secret: has(SecretKind::AppSecret)?,
            verify_token: has(SecretKind::VerifyToken)?,
        })
    })
    .await
}

/// Runs a secret-store call (which may block on D-Bus) off the async runtime.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SecretError> + Send + 'static,
) -> Result<T, EngineError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| EngineError::Internal(format!("secret store task failed: {e}")))?
        .map_err(EngineError::from)
}
