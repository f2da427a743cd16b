use std::net::SocketAddr;

use parley_core::account::AccountSettingsError;
use parley_core::agent::AgentError;
use parley_core::auto_reply::AutoReplyError;
use parley_core::content::InteractiveError;
use parley_core::label::LabelError;
use parley_core::media::MediaError;
use parley_core::message::TextError;
use parley_core::quick_reply::QuickReplyError;
use parley_core::triage::NoteError;
use parley_core::window::ServiceWindow;
use parley_store::StoreError;
use parley_whatsapp::ApiError;

use crate::secrets::SecretError;
use crate::templates::TemplateError;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Text(#[from] TextError),
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error(transparent)]
    Interactive(#[from] InteractiveError),
    #[error(transparent)]
    Settings(#[from] AccountSettingsError),
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error(
        "the 24-hour window is closed: only an approved template can be sent to this customer now"
    )]
    WindowClosed(ServiceWindow),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Agent(#[from] AgentError),
    #[error(transparent)]
    AutoReply(#[from] AutoReplyError),
    #[error(transparent)]
    Label(#[from] LabelError),
    #[error(transparent)]
    Note(#[from] NoteError),
    #[error(transparent)]
    QuickReply(#[from] QuickReplyError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The profile at the desk may not do this.
    #[error("{0}")]
    Forbidden(String),
    #[error("that PIN or password is not right")]
    WrongSecret,
    /// A name, shortcut or keyword that must be unique is taken.
    #[error("{0}")]
    Duplicate(String),
    #[error("{0}")]
    File(String),
    #[error("the Cloud API refused: {0}")]
    Api(#[from] ApiError),
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
