//! The tunnel that lets Meta reach this desktop: its settings, and starting or stopping
//! it (which also points Meta's webhooks at it).

use parley_core::account::Secret;
use parley_engine::tunnel::{self, TunnelChoice, TunnelSettings};
use parley_tunnel::TunnelState;
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::profile::{Mode, Profiles, Running};
use crate::tunnels::{self, Registration};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TunnelKind {
    Ngrok,
    Cloudflared,
    Bore,
}

impl From<TunnelChoice> for TunnelKind {
    fn from(choice: TunnelChoice) -> Self {
        match choice {
            TunnelChoice::Ngrok => Self::Ngrok,
            TunnelChoice::Cloudflared => Self::Cloudflared,
            TunnelChoice::Bore => Self::Bore,
        }
    }
}

impl From<TunnelKind> for TunnelChoice {
    fn from(kind: TunnelKind) -> Self {
        match kind {
            TunnelKind::Ngrok => Self::Ngrok,
            TunnelKind::Cloudflared => Self::Cloudflared,
            TunnelKind::Bore => Self::Bore,
        }
    }
}

/// The tunnel form. `secret` is the authtoken, the Cloudflare token or the bore secret;
/// left empty, the stored one is kept.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TunnelInput {
    pub kind: TunnelKind,
    pub ngrok_domain: Option<String>,
    pub cloudflared_hostname: Option<String>,
    pub bore_server: Option<String>,
    pub bore_port: Option<u16>,
    pub secret: Option<String>,
}

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TunnelView {
    pub kind: TunnelKind,
    pub ngrok_domain: Option<String>,
    pub cloudflared_hostname: Option<String>,
    pub bore_server: Option<String>,
    pub bore_port: Option<u16>,
    pub secret_stored: bool,
    pub enabled: bool,
    pub cloudflared_installed: bool,
    pub state: TunnelState,
    /// The public webhook URL while the tunnel is online.
    pub webhook_url: Option<String>,
    /// What Meta said when Parley pointed its webhooks at the tunnel.
    pub registration: Option<Registration>,
    /// Where the receiver listens on this machine (what the tunnel forwards to).
    pub local_webhook_url: Option<String>,
}

fn live(running: &Running) -> CommandResult<()> {
    match running.mode {
        Mode::Live => Ok(()),
        Mode::Demo => Err(CommandError::new(
            ErrorCode::InvalidSettings,
            "the demo runs on this machine only: tunnels are for a connected account",
        )),
    }
}

async fn view(profiles: &Profiles, running: &Running) -> CommandResult<TunnelView> {
    let settings = tunnel::load_settings(&running.store)
        .await?
        .unwrap_or_default();
    let secret_stored = tunnel::secret_stored(profiles.keyring(), settings.kind)
        .await
        .unwrap_or(false);
    let active = running.tunnel.lock().await;
    Ok(TunnelView {
        kind: settings.kind.into(),
        ngrok_domain: settings.ngrok_domain,
        cloudflared_hostname: settings.cloudflared_hostname,
        bore_server: settings.bore_server,
        bore_port: settings.bore_port,
        secret_stored,
        enabled: settings.enabled,
        cloudflared_installed: parley_tunnel::cloudflared_on_path(),
        state: active
            .as_ref()
            .map_or(TunnelState::Stopped, |a| a.tunnel.state().borrow().clone()),
        webhook_url: active.as_ref().map(|a| a.tunnel.webhook_url()),
        registration: active.as_ref().map(|a| a.registration.clone()),
        local_webhook_url: running.engine.as_ref().map(|e| e.webhook_url()),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn get_tunnel(profiles: State<'_, Profiles>) -> CommandResult<TunnelView> {
    let running = profiles.current().await?;
    view(&profiles, &running).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_tunnel(
    profiles: State<'_, Profiles>,
    input: TunnelInput,
) -> CommandResult<TunnelView> {
    let running = profiles.current().await?;
    running.may_change_settings().await?;
    live(&running)?;
    let enabled = tunnel::load_settings(&running.store)
        .await?
        .is_some_and(|s| s.enabled);
    let settings = TunnelSettings {
        enabled,
        kind: input.kind.into(),
        ngrok_domain: input.ngrok_domain,
        cloudflared_hostname: input.cloudflared_hostname,
        bore_server: input.bore_server,
        bore_port: input.bore_port,
    };
    tunnel::save_settings(
        &running.store,
        profiles.keyring(),
        &settings,
        input.secret.map(Secret::new),
    )
    .await?;
    view(&profiles, &running).await
}

/// Opens the tunnel and points Meta's webhooks at it; it opens again at every start.
#[tauri::command]
#[specta::specta]
pub async fn start_tunnel(profiles: State<'_, Profiles>) -> CommandResult<TunnelView> {
    let running = profiles.current().await?;
    running.may_change_settings().await?;
    live(&running)?;
    tunnels::start(&profiles, &running).await?;
    view(&profiles, &running).await
}

#[tauri::command]
#[specta::specta]
pub async fn stop_tunnel(profiles: State<'_, Profiles>) -> CommandResult<TunnelView> {
    let running = profiles.current().await?;
    running.may_change_settings().await?;
    tunnels::stop(&running).await?;
    view(&profiles, &running).await
}
