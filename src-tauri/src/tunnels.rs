//! Running the user's tunnel next to the live inbox: open it, point Meta's webhooks at
//! it, and tell the window when it goes down.

use parley_engine::tunnel::{self, TunnelSettings};
use parley_tunnel::Tunnel;
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_specta::Event;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::events::InboxEvent;
use crate::profile::{Profiles, Running};

/// What Meta answered when asked to deliver webhooks through the tunnel.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Registration {
    Registered { callback_url: String },
    Failed { error: String },
}

pub struct ActiveTunnel {
    pub tunnel: Tunnel,
    pub registration: Registration,
    watcher: tauri::async_runtime::JoinHandle<()>,
}

/// Starts the saved tunnel (replacing a running one), registers it with Meta, and
/// remembers to open it at the next start.
pub async fn start(profiles: &Profiles, running: &Running) -> CommandResult<()> {
    let engine = running.engine()?;
    let mut settings = tunnel::load_settings(&running.store)
        .await?
        .unwrap_or_default();
    let config = tunnel::config(&settings, profiles.keyring()).await?;
    stop_active(running).await;
    let opened = Tunnel::start(config, engine.local_addr())
        .await
        .map_err(|e| CommandError::new(ErrorCode::InvalidSettings, e.to_string()))?;
    let registration = match engine.register_callback(opened.public_url()).await {
        Ok(callback_url) => Registration::Registered { callback_url },
        Err(e) => Registration::Failed {
            error: e.to_string(),
        },
    };
    let watcher = watch(profiles.app().clone(), &opened);
    *running.tunnel.lock().await = Some(ActiveTunnel {
        tunnel: opened,
        registration,
        watcher,
    });
    if !settings.enabled {
        settings.enabled = true;
        save_enabled(running, settings).await?;
    }
    Ok(())
}

pub async fn stop(running: &Running) -> CommandResult<()> {
    stop_active(running).await;
    if let Some(mut settings) = tunnel::load_settings(&running.store).await? {
        settings.enabled = false;
        save_enabled(running, settings).await?;
    }
    Ok(())
}

/// Closes the running tunnel without changing whether it opens at start.
pub async fn stop_active(running: &Running) {
    if let Some(active) = running.tunnel.lock().await.take() {
        active.watcher.abort();
        active.tunnel.stop().await;
    }
}

async fn save_enabled(running: &Running, settings: TunnelSettings) -> CommandResult<()> {
    running
        .store
        .set_setting(tunnel::TUNNEL_SETTING, &settings, parley_engine::now().0)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Storage, e.to_string()))
}

/// Forwards the tunnel's state changes (it died, it was stopped) to the window.
fn watch(app: AppHandle, tunnel: &Tunnel) -> tauri::async_runtime::JoinHandle<()> {
    let mut state = tunnel.state();
    tauri::async_runtime::spawn(async move {
        while state.changed().await.is_ok() {
            let current = state.borrow().clone();
            let _ = InboxEvent::TunnelChanged { state: current }.emit(&app);
        }
    })
}
