//! Public URLs for Parley's local webhook receiver.
//!
//! The receiver is an HTTP server on `127.0.0.1:PORT` that serves `/webhook`. Meta can only
//! deliver webhooks to a public HTTPS-or-HTTP URL, so a desktop needs a tunnel:
//!
//! * **ngrok**, built in through the official ngrok agent SDK (needs an authtoken, can use a
//!   reserved domain);
//! * **cloudflared**, run as a child process when the `cloudflared` binary is installed: a
//!   throwaway quick tunnel on `*.trycloudflare.com`, or a named tunnel from the Cloudflare
//!   dashboard (token plus the public hostname configured there);
//! * **bore**, a client built in for a self-hosted `bore server`.
//!
//! [`Tunnel::start`] resolves once the public URL works (or fails, within a bounded time).
//! After that, [`Tunnel::state`] reports if the tunnel dies. Stopping or dropping a
//! [`Tunnel`] closes it and, for cloudflared, kills the child process.

mod bore;
mod cloudflared;
mod error;
mod ngrok_agent;
#[cfg(feature = "testing")]
pub mod testing;
mod text;

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use parley_core::account::Secret;
use serde::{Deserialize, Serialize};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

pub use error::TunnelError;

/// Which tunnel to open, with its settings and secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TunnelConfig {
    Ngrok {
        authtoken: Secret,
        /// A reserved or free static domain such as `my-name.ngrok-free.app`; `None` lets
        /// ngrok pick one.
        domain: Option<String>,
    },
    Cloudflared {
        /// `None` opens a quick tunnel on `*.trycloudflare.com`.
        named: Option<CloudflaredNamed>,
    },
    Bore {
        /// Host name or IP address of a `bore server`; bore always uses control port 7835.
        server: String,
        /// The public port to ask for; `None` lets the server choose.
        port: Option<u16>,
        /// The server's `--secret`, if it was started with one.
        secret: Option<Secret>,
    },
}

impl TunnelConfig {
    pub fn kind(&self) -> TunnelKind {
        match self {
            Self::Ngrok { .. } => TunnelKind::Ngrok,
            Self::Cloudflared { .. } => TunnelKind::Cloudflared,
            Self::Bore { .. } => TunnelKind::Bore,
        }
    }
}

/// A tunnel created in the Cloudflare dashboard (Zero Trust → Networks → Tunnels).
///
/// Its routing lives in Cloudflare: the public hostname must be set there to the service
/// `http://127.0.0.1:PORT` of the local webhook receiver. cloudflared cannot tell us the
/// hostname, so the user enters it here too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudflaredNamed {
    /// The connector token (`eyJ...`) shown by the dashboard's install command.
    pub token: Secret,
    /// The public hostname routed to this tunnel, e.g. `hooks.example.com`.
    pub hostname: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TunnelKind {
    Ngrok,
    Cloudflared,
    Bore,
}

impl TunnelKind {
    /// How long [`Tunnel::start`] waits for the tunnel to come online.
    ///
    /// cloudflared gets longer: a quick tunnel first asks trycloudflare.com for a name (its
    /// own HTTP timeout is 15 s), then registers a connection, possibly after falling back
    /// from QUIC to HTTP/2.
    pub fn start_timeout(self) -> Duration {
        match self {
            Self::Ngrok | Self::Bore => Duration::from_secs(20),
            Self::Cloudflared => Duration::from_secs(45),
        }
    }
}

impl fmt::Display for TunnelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Ngrok => "ngrok",
            Self::Cloudflared => "cloudflared",
            Self::Bore => "bore",
        })
    }
}

/// What the UI shows about the tunnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TunnelState {
    Starting,
    Online { public_url: String },
    Failed { error: String },
    Stopped,
}

/// Test hooks for [`Tunnel::start_with`]; not part of the supported API.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Replaces [`TunnelKind::start_timeout`].
    pub start_timeout: Option<Duration>,
    /// Runs this program instead of looking `cloudflared` up on PATH.
    pub cloudflared_program: Option<PathBuf>,
    /// Dials this `host:port` instead of ngrok's agent ingress.
    pub ngrok_server_addr: Option<String>,
}

/// What each tunnel kind hands back once it is online.
pub(crate) struct Running {
    pub(crate) public_url: String,
    /// Dropping or firing it asks the supervisor task to close the tunnel.
    pub(crate) stop_tx: oneshot::Sender<()>,
    /// Owns the tunnel's resources, reports later failures and cleans up on stop.
    pub(crate) supervisor: JoinHandle<()>,
}

/// An open tunnel. Dropping it closes the tunnel in the background; [`Tunnel::stop`] closes
/// it and waits until that is done.
#[derive(Debug)]
pub struct Tunnel {
    kind: TunnelKind,
    public_url: String,
    state_tx: Arc<watch::Sender<TunnelState>>,
    stop_tx: Option<oneshot::Sender<()>>,
    supervisor: Option<JoinHandle<()>>,
}

/// Upper bound on [`Tunnel::stop`]; each kind's own cleanup is bounded well below it.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

impl Tunnel {
    /// Opens the tunnel and resolves once it is online (or has failed); bounded by
    /// [`TunnelKind::start_timeout`].
    pub async fn start(config: TunnelConfig, local: SocketAddr) -> Result<Tunnel, TunnelError> {
        Self::start_with(config, local, StartOptions::default()).await
    }

    /// [`Tunnel::start`] with test hooks.
    #[doc(hidden)]
    pub async fn start_with(
        config: TunnelConfig,
        local: SocketAddr,
        options: StartOptions,
    ) -> Result<Tunnel, TunnelError> {
        let kind = config.kind();
        let start_timeout = options
            .start_timeout
            .unwrap_or_else(|| kind.start_timeout());
        let state_tx = Arc::new(watch::Sender::new(TunnelState::Starting));
        let local = text::dialable(local);
        tracing::info!(%kind, %local, "starting tunnel");
        let started = match config {
            TunnelConfig::Ngrok { authtoken, domain } => {
                ngrok_agent::start(ngrok_agent::NgrokStart {
                    authtoken,
                    domain,
                    local,
                    server_addr: options.ngrok_server_addr,
                    start_timeout,
                    state_tx: state_tx.clone(),
                })
                .await
            }
            TunnelConfig::Cloudflared { named } => {
                cloudflared::start(cloudflared::CloudflaredStart {
                    named,
                    local,
                    program: options.cloudflared_program,
                    start_timeout,
                    state_tx: state_tx.clone(),
                })
                .await
            }
            TunnelConfig::Bore {
                server,
                port,
                secret,
            } => {
                bore::start(bore::BoreStart {
                    server,
                    port,
                    secret,
                    local,
                    start_timeout,
                    state_tx: state_tx.clone(),
                })
                .await
            }
        };
        let running = started.inspect_err(|error| {
            tracing::warn!(%kind, %error, "tunnel failed to start");
        })?;
        tracing::info!(%kind, public_url = %running.public_url, "tunnel online");
        Ok(Tunnel {
            kind,
            public_url: running.public_url,
            state_tx,
            stop_tx: Some(running.stop_tx),
            supervisor: Some(running.supervisor),
        })
    }

    pub fn kind(&self) -> TunnelKind {
        self.kind
    }

    /// The base URL, without a trailing slash or path: `https://abc.trycloudflare.com`.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// The URL to give Meta as the webhook callback.
    pub fn webhook_url(&self) -> String {
        format!("{}/webhook", self.public_url)
    }

    /// Follows the tunnel's state: `Online` after a successful start, then `Failed` if it
    /// dies on its own, or `Stopped` once stopped or dropped.
    pub fn state(&self) -> watch::Receiver<TunnelState> {
        self.state_tx.subscribe()
    }

    /// Closes the tunnel and waits until it is closed (the cloudflared process is gone, the
    /// ngrok endpoint is released, the bore control connection is shut).
    pub async fn stop(mut self) {
        if let Some(stop_tx) = self.stop_tx.take() {
            // Err only means the supervisor already ended because the tunnel had failed.
            let _ = stop_tx.send(());
        }
        if let Some(mut supervisor) = self.supervisor.take()
            && tokio::time::timeout(STOP_TIMEOUT, &mut supervisor)
                .await
                .is_err()
        {
            tracing::warn!(kind = %self.kind, "tunnel cleanup took too long; abandoning it");
            supervisor.abort();
        }
        self.state_tx.send_replace(TunnelState::Stopped);
        tracing::info!(kind = %self.kind, "tunnel stopped");
    }
}

/// Whether a `cloudflared` binary can be found: on PATH, or in the usual install folders
/// that a desktop app's PATH may lack (Homebrew's on macOS).
pub fn cloudflared_on_path() -> bool {
    cloudflared::find_program().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_serialize_as_tagged_camel_case_objects() {
        let cases = [
            (TunnelState::Starting, r#"{"state":"starting"}"#),
            (
                TunnelState::Online {
                    public_url: "https://a.example.com".into(),
                },
                r#"{"state":"online","publicUrl":"https://a.example.com"}"#,
            ),
            (
                TunnelState::Failed {
                    error: "boom".into(),
                },
                r#"{"state":"failed","error":"boom"}"#,
            ),
            (TunnelState::Stopped, r#"{"state":"stopped"}"#),
        ];
        for (state, json) in cases {
            assert_eq!(serde_json::to_string(&state).unwrap(), json);
            assert_eq!(serde_json::from_str::<TunnelState>(json).unwrap(), state);
        }
    }

    /// The desktop shell keeps a `Tunnel` in shared state and starts/stops it from spawned
    /// tasks, so these must be `Send` (a compile error here otherwise).
    #[test]
    fn tunnels_and_their_futures_can_move_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        fn assert_send<T: Send>(_: &T) {}
        fn stop_is_send(tunnel: Tunnel) {
            assert_send(&tunnel.stop());
        }
        assert_send_sync::<Tunnel>();
        assert_send_sync::<TunnelError>();
        let start = Tunnel::start(
            TunnelConfig::Cloudflared { named: None },
            "127.0.0.1:1".parse().unwrap(),
        );
        assert_send(&start);
        let _ = stop_is_send;
    }

    #[test]
    fn config_debug_output_hides_secrets() {
        let config = TunnelConfig::Ngrok {
            authtoken: Secret::new("2abcSECRETtoken_value123456"),
            domain: None,
        };
        let debug = format!("{config:?}");
        assert!(!debug.contains("SECRET"), "{debug}");
        assert_eq!(config.kind(), TunnelKind::Ngrok);
    }
}
