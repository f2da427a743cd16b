//! Which tunnel gives the webhook receiver its public URL: the settings (in the database)
//! and secrets (in the keyring) of the user's choice, turned into a running tunnel.

use std::sync::Arc;

use parley_core::account::{Secret, SecretKind};
use parley_store::Store;
use parley_tunnel::{CloudflaredNamed, TunnelConfig};
use serde::{Deserialize, Serialize};

use crate::account::blocking;
use crate::secrets::{SecretStore, load_secret};
use crate::{EngineError, now};

/// The settings key of the tunnel choice.
pub const TUNNEL_SETTING: &str = "tunnel";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TunnelChoice {
    Ngrok,
    Cloudflared,
    Bore,
}

/// The non-secret half of the tunnel choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TunnelSettings {
    /// Opened whenever the live inbox starts.
    pub enabled: bool,
    pub kind: TunnelChoice,
    /// A reserved ngrok domain; ngrok picks one when empty.
    pub ngrok_domain: Option<String>,
    /// The public hostname of a named Cloudflare tunnel; a quick tunnel when empty.
    pub cloudflared_hostname: Option<String>,
    pub bore_server: Option<String>,
    pub bore_port: Option<u16>,
}

impl Default for TunnelSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            kind: TunnelChoice::Cloudflared,
            ngrok_domain: None,
            cloudflared_hostname: None,
            bore_server: None,
            bore_port: None,
        }
    }
}

fn filled(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

pub async fn load_settings(store: &Store) -> Result<Option<TunnelSettings>, EngineError> {
    Ok(store.setting(TUNNEL_SETTING).await?)
}

/// Saves the choice; a secret given replaces the stored one, `None` keeps it.
pub async fn save_settings(
    store: &Store,
    secrets: Arc<dyn SecretStore>,
    settings: &TunnelSettings,
    secret: Option<Secret>,
) -> Result<(), EngineError> {
    let kind = secret_kind(settings.kind);
    if let Some(secret) = secret.filter(|s| !s.expose().trim().is_empty()) {
        let secret = Secret::new(secret.expose().trim());
        blocking(move || secrets.set(kind, &secret)).await?;
    }
    store.set_setting(TUNNEL_SETTING, settings, now().0).await?;
    Ok(())
}

/// Whether the secret of `kind` is stored (for the form; never the value).
pub async fn secret_stored(
    secrets: Arc<dyn SecretStore>,
    kind: TunnelChoice,
) -> Result<bool, EngineError> {
    let kind = secret_kind(kind);
    blocking(move || Ok(secrets.get(kind)?.is_some_and(|s| !s.is_empty()))).await
}

fn secret_kind(kind: TunnelChoice) -> SecretKind {
    match kind {
        TunnelChoice::Ngrok => SecretKind::NgrokAuthtoken,
        TunnelChoice::Cloudflared => SecretKind::CloudflaredToken,
        TunnelChoice::Bore => SecretKind::BoreSecret,
    }
}

/// The tunnel to open for `settings`, with its secret from the environment or keyring.
pub async fn config(
    settings: &TunnelSettings,
    secrets: Arc<dyn SecretStore>,
) -> Result<TunnelConfig, EngineError> {
    let kind = secret_kind(settings.kind);
    let secret =
        blocking(move || load_secret(secrets.as_ref(), kind, |name| std::env::var(name).ok()))
            .await?;
    Ok(match settings.kind {
        TunnelChoice::Ngrok => TunnelConfig::Ngrok {
            authtoken: secret.ok_or_else(|| {
                EngineError::Invalid(
                    "ngrok needs an authtoken (from dashboard.ngrok.com)".to_owned(),
                )
            })?,
            domain: filled(&settings.ngrok_domain),
        },
        TunnelChoice::Cloudflared => TunnelConfig::Cloudflared {
            named: match filled(&settings.cloudflared_hostname) {
                Some(hostname) => Some(CloudflaredNamed {
                    token: secret.ok_or_else(|| {
                        EngineError::Invalid("a named Cloudflare tunnel needs its token".to_owned())
                    })?,
                    hostname,
                }),
                None => None,
            },
        },
        TunnelChoice::Bore => TunnelConfig::Bore {
            server: filled(&settings.bore_server).ok_or_else(|| {
                EngineError::Invalid("bore needs the address of your bore server".to_owned())
            })?,
            port: settings.bore_port,
            secret,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemorySecrets;

    #[tokio::test]
    async fn each_choice_becomes_its_tunnel_with_its_secret() {
        let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
        let bore = TunnelSettings {
            kind: TunnelChoice::Bore,
            bore_server: Some(" bore.example.com ".into()),
            bore_port: Some(4000),
            ..TunnelSettings::default()
        };
        assert!(matches!(
            config(&bore, secrets.clone()).await.expect("bore"),
            TunnelConfig::Bore { server, port: Some(4000), secret: None } if server == "bore.example.com"
        ));
        let quick = TunnelSettings::default();
        assert!(matches!(
            config(&quick, secrets.clone()).await.expect("quick"),
            TunnelConfig::Cloudflared { named: None }
        ));
        let ngrok = TunnelSettings {
            kind: TunnelChoice::Ngrok,
            ..TunnelSettings::default()
        };
        let err = config(&ngrok, secrets.clone())
            .await
            .expect_err("no authtoken");
        assert!(err.to_string().contains("authtoken"));
        secrets
            .set(SecretKind::NgrokAuthtoken, &Secret::new("2abc_token"))
            .expect("set");
        assert!(matches!(
            config(&ngrok, secrets.clone()).await.expect("ngrok"),
            TunnelConfig::Ngrok { authtoken, domain: None } if authtoken.expose() == "2abc_token"
        ));
    }
}
