//! The inbox that is open: demo (a fresh database, the simulator and scripted customers)
//! or live (the saved account). Commands read it; saving an account swaps it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use parley_core::AgentId;
use parley_core::account::{AccountSettings, Secret};
use parley_core::agent::SentBy;
use parley_core::health::ConnectionStatus;
use parley_engine::media_server::MediaServer;
use parley_engine::secrets::{KeyringSecrets, SecretStore, load_account_secrets};
use parley_engine::{AccountSecrets, Engine, EngineEvent, EngineOptions, account};
use parley_sim::{Scenario, SimConfig, Simulator};
use parley_store::Store;
use serde::Serialize;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use tokio::sync::{RwLock, RwLockReadGuard, broadcast};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::events::InboxEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    /// The built-in simulator with scripted customers; nothing leaves this machine.
    Demo,
    /// The account saved in settings.
    Live,
}

/// An open inbox.
pub struct Running {
    pub mode: Mode,
    pub store: Store,
    /// Absent in live mode until an account is connected (or when it cannot start).
    pub engine: Option<Engine>,
    sim: Option<Simulator>,
    /// Why the engine is not running, when it should be.
    pub problem: Option<CommandError>,
    /// The tunnel that lets Meta reach this desktop (live mode only).
    pub tunnel: tokio::sync::Mutex<Option<crate::tunnels::ActiveTunnel>>,
    /// Who is at the desk: what they send is recorded as theirs, and their role gates
    /// settings. `None` until someone unlocks a profile. Shared with the event
    /// forwarder, which words unread counts for whoever sits there.
    pub desk: crate::desk::Seat,
    pub app: AppHandle,
    forwarder: Option<tauri::async_runtime::JoinHandle<()>>,
}

impl Running {
    pub fn engine(&self) -> CommandResult<&Engine> {
        self.engine.as_ref().ok_or_else(|| {
            self.problem.clone().unwrap_or_else(|| {
                CommandError::new(
                    ErrorCode::NotConnected,
                    "connect a WhatsApp account in Settings first",
                )
            })
        })
    }

    /// The agent at the desk, or why nobody may act now.
    pub fn at_desk(&self) -> CommandResult<AgentId> {
        self.desk
            .get()
            .ok_or_else(|| CommandError::new(ErrorCode::Locked, "choose who is at the desk first"))
    }

    /// The agent at the desk, if their role may change the account, tunnel and
    /// preferences (agents answer customers; owners and managers set Parley up).
    pub async fn may_change_settings(&self) -> CommandResult<AgentId> {
        let agent = self.at_desk()?;
        parley_engine::agents::require(
            &self.store,
            agent,
            parley_core::agent::Role::may_change_settings,
            "change settings",
        )
        .await?;
        Ok(agent)
    }

    /// What the agent at the desk sends is recorded as theirs.
    pub fn sent_by_desk(&self) -> CommandResult<SentBy> {
        self.at_desk().map(SentBy::agent)
    }

    pub async fn connection(&self) -> ConnectionStatus {
        match &self.engine {
            Some(engine) => engine.connection().await,
            None => ConnectionStatus::NotConfigured,
        }
    }

    async fn stop(self) {
        crate::tunnels::stop_active(&self).await;
        if let Some(engine) = self.engine {
            engine.shutdown().await;
        }
        if let Some(sim) = self.sim {
            sim.shutdown().await;
        }
        if let Some(forwarder) = self.forwarder {
            forwarder.abort();
        }
        self.store.close().await;
    }
}

pub struct Profiles {
    app: AppHandle,
    data_dir: PathBuf,
    keyring: Arc<dyn SecretStore>,
    current: RwLock<Option<Running>>,
}

impl Profiles {
    pub fn new(app: AppHandle, data_dir: PathBuf) -> Self {
        Self {
            app,
            data_dir,
            keyring: Arc::new(KeyringSecrets::default()),
            current: RwLock::new(None),
        }
    }

    pub fn keyring(&self) -> Arc<dyn SecretStore> {
        self.keyring.clone()
    }

    pub fn app(&self) -> &AppHandle {
        &self.app
    }

    pub fn live_data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub async fn start(&self, demo: bool) -> CommandResult<()> {
        let running = if demo {
            start_demo(&self.app, &self.data_dir).await?
        } else {
            start_live(&self.app, &self.data_dir, self.keyring.clone()).await?
        };
        *self.current.write().await = Some(running);
        self.reopen_tunnel().await;
        Ok(())
    }

    /// The open inbox; fails only while one is being swapped in.
    pub async fn current(&self) -> CommandResult<RwLockReadGuard<'_, Running>> {
        RwLockReadGuard::try_map(self.current.read().await, Option::as_ref)
            .map_err(|_| CommandError::new(ErrorCode::Internal, "the inbox is still opening"))
    }

    /// Closes whatever is open and opens the saved live account.
    pub async fn switch_to_live(&self) -> CommandResult<()> {
        let mut current = self.current.write().await;
        if let Some(running) = current.take() {
            running.stop().await;
        }
        *current = Some(start_live(&self.app, &self.data_dir, self.keyring.clone()).await?);
        drop(current);
        self.reopen_tunnel().await;
        let _ = InboxEvent::Reload.emit(&self.app);
        Ok(())
    }

    /// Opens the tunnel again if the user left it on; a failure shows in the settings.
    async fn reopen_tunnel(&self) {
        let Ok(running) = self.current().await else {
            return;
        };
        if running.mode != Mode::Live || running.engine.is_none() {
            return;
        }
        let enabled = parley_engine::tunnel::load_settings(&running.store)
            .await
            .ok()
            .flatten()
            .is_some_and(|s| s.enabled);
        if enabled && let Err(e) = crate::tunnels::start(self, &running).await {
            tracing::warn!("the tunnel did not open: {e}");
        }
    }

    pub async fn stop(&self) {
        if let Some(running) = self.current.write().await.take() {
            running.stop().await;
        }
    }
}

fn forward(
    app: AppHandle,
    mut events: broadcast::Receiver<EngineEvent>,
    store: Store,
    desk: crate::desk::Seat,
) -> tauri::async_runtime::JoinHandle<()> {
    tauri::async_runtime::spawn(async move {
        loop {
            let event = match events.recv().await {
                Ok(EngineEvent::ConversationChanged(summary)) => {
                    crate::tray::unread_may_have_changed(&app);
                    // The engine counts what nobody has read; the window shows what the
                    // agent at the desk has not.
                    let summary = match desk.get() {
                        Some(agent) => store
                            .conversation_for(summary.id, agent)
                            .await
                            .unwrap_or(summary),
                        None => summary,
                    };
                    InboxEvent::ConversationChanged {
                        conversation: summary,
                    }
                }
                Ok(event) => InboxEvent::from(event),
                Err(broadcast::error::RecvError::Lagged(_)) => InboxEvent::Reload,
                Err(broadcast::error::RecvError::Closed) => return,
            };
            if let Err(e) = event.emit(&app) {
                tracing::warn!("could not forward an event to the window: {e}");
            }
        }
    })
}

fn loopback() -> std::net::SocketAddr {
    std::net::SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A fresh demo inbox: its own database (wiped at every start, so the simulator and the
/// store agree), the simulator on loopback, and the engine pointed at it.
async fn start_demo(app: &AppHandle, data_dir: &Path) -> CommandResult<Running> {
    let dir = data_dir.join("demo");
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(CommandError::new(
                ErrorCode::Storage,
                format!("cannot reset the demo inbox: {e}"),
            ));
        }
    }
    let store = Store::open_dir(&dir).await?;
    allow_media(app, &store);
    crate::demo::furnish(&store).await?;
    // A fixed address lets a test (or a curious user) make customers write through the
    // simulator's control API: POST /_sim/customers/{wa_id}/messages.
    let sim_address = std::env::var("PARLEY_SIM_LISTEN")
        .ok()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(loopback);
    let listener = tokio::net::TcpListener::bind(sim_address)
        .await
        .map_err(|e| {
            CommandError::new(
                ErrorCode::ListenFailed,
                format!("cannot start the simulator: {e}"),
            )
        })?;
    let sim = Simulator::start(SimConfig::demo(), listener)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?;
    let config = sim.config().clone();
    let mut settings = AccountSettings::new(config.phone_number_id.clone(), config.waba_id.clone());
    settings.api_base_url = sim.base_url().to_owned();
    let verify_token = Secret::new(format!("demo-{}", std::process::id()));
    let engine = Engine::start(
        store.clone(),
        settings,
        AccountSecrets {
            access_token: config.access_token.clone(),
            app_secret: config.app_secret.clone(),
            verify_token: verify_token.clone(),
        },
        EngineOptions {
            listen: loopback(),
            ..EngineOptions::default()
        },
    )
    .await?;
    let desk = crate::desk::Seat::first(&store).await;
    let forwarder = forward(app.clone(), engine.subscribe(), store.clone(), desk.clone());
    sim.subscribe_webhook(&engine.webhook_url(), verify_token.expose())
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?;
    sim.play(Scenario::demo());
    tracing::info!("demo inbox open; simulator at {}", sim.base_url());
    Ok(Running {
        mode: Mode::Demo,
        store,
        engine: Some(engine),
        sim: Some(sim),
        problem: None,
        tunnel: tokio::sync::Mutex::new(None),
        desk,
        app: app.clone(),
        forwarder: Some(forwarder),
    })
}

/// The live inbox. Without a saved account (or when it cannot start) it still opens, so
/// the stored conversations can be read and the account can be fixed in settings.
async fn start_live(
    app: &AppHandle,
    data_dir: &Path,
    keyring: Arc<dyn SecretStore>,
) -> CommandResult<Running> {
    let store = Store::open_dir(data_dir).await?;
    crate::startup::mark("store open");
    allow_media(app, &store);
    let mut running = Running {
        mode: Mode::Live,
        store: store.clone(),
        engine: None,
        sim: None,
        problem: None,
        tunnel: tokio::sync::Mutex::new(None),
        desk: crate::desk::Seat::first(&store).await,
        app: app.clone(),
        forwarder: None,
    };
    crate::startup::mark("desk seated");
    let Some(settings) = account::load(&store).await? else {
        return Ok(running);
    };
    // The keyring may block on D-Bus: read it off the async runtime.
    let loaded = tokio::task::spawn_blocking(move || {
        load_account_secrets(keyring.as_ref(), |name| std::env::var(name).ok())
    })
    .await;
    let secrets = match loaded {
        Ok(Ok(secrets)) => secrets,
        Ok(Err(e)) => {
            running.problem = Some(e.into());
            return Ok(running);
        }
        Err(e) => {
            running.problem = Some(CommandError::new(ErrorCode::Internal, e.to_string()));
            return Ok(running);
        }
    };
    let listen = std::env::var("PARLEY_LISTEN")
        .ok()
        .and_then(|a| a.parse().ok())
        .unwrap_or(EngineOptions::default().listen);
    match Engine::start(
        store,
        settings,
        secrets,
        EngineOptions {
            listen,
            ..EngineOptions::default()
        },
    )
    .await
    {
        Ok(engine) => {
            running.forwarder = Some(forward(
                app.clone(),
                engine.subscribe(),
                running.store.clone(),
                running.desk.clone(),
            ));
            running.engine = Some(engine);
        }
        Err(e) => running.problem = Some(e.into()),
    }
    Ok(running)
}

/// Lets the window load this inbox's media files (and nothing else on disk).
fn allow_media(app: &AppHandle, store: &Store) {
    let media = store.data_dir().join("media");
    if let Err(e) = app.state::<MediaServer>().allow_directory(&media) {
        tracing::warn!("media will not show: {}: {e}", media.display());
    }
}
