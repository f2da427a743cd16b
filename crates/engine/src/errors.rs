use std::net::SocketAddr;

use parley_core::account::AccountSettingsError;
use parley_core::message::TextError;
use parley_core::window::ServiceWindow;
use parley_store::StoreError;

use crate::secrets::SecretError;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Text(#[from] TextError),
    #[error(transparent)]
    Settings(#[from] AccountSettingsError),
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error(
        "the 24-hour window is closed: only an approved template can be sent to this customer now"
    )]
    WindowClosed(ServiceWindow),
    #[error("could not listen for webhooks on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("missing before Parley can connect: {}", .0.join(", "))]
    NotConfigured(Vec<&'static str>),
    #[error("internal error: {0}")]
    Internal(String),
}
