//! Errors as the UI receives them: a stable code to branch on (and translate), and an
//! English message with the details.

use parley_engine::EngineError;
use parley_engine::secrets::SecretError;
use parley_store::StoreError;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The 24-hour window is closed: free-form messages are refused.
    WindowClosed,
    EmptyMessage,
    MessageTooLong,
    /// The message breaks one of WhatsApp's rules (media limits, buttons, lists, ...).
    InvalidMessage,
    /// An attached file could not be read or kept.
    FileUnreadable,
    /// The Cloud API refused a request.
    CloudApi,
    NotFound,
    InvalidSettings,
    /// The OS keyring is unavailable or refused.
    Keyring,
    /// No account is connected (live mode without settings).
    NotConnected,
    /// Uploading a template's header example needs the Meta app id (Settings → Account).
    AppIdMissing,
    /// The webhook receiver could not listen on its address.
    ListenFailed,
    Storage,
    /// Nobody is at the desk: a profile must be unlocked first.
    Locked,
    /// The agent at the desk may not do this (their role).
    Forbidden,
    /// A PIN or password did not match.
    WrongSecret,
    /// A name, shortcut or keyword is already taken.
    Duplicate,
    /// A contact's name, notes, phone number or consent source is not acceptable.
    InvalidContact,
    Internal,
}

#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<EngineError> for CommandError {
    fn from(error: EngineError) -> Self {
        use parley_core::message::TextError;
        let code = match &error {
            EngineError::WindowClosed(_) => ErrorCode::WindowClosed,
            EngineError::Text(TextError::Empty) => ErrorCode::EmptyMessage,
            EngineError::Text(TextError::TooLong(_)) => ErrorCode::MessageTooLong,
            EngineError::Media(_) | EngineError::Interactive(_) | EngineError::Invalid(_) => {
                ErrorCode::InvalidMessage
            }
            EngineError::File(_) => ErrorCode::FileUnreadable,
            EngineError::Api(_) => ErrorCode::CloudApi,
            EngineError::Settings(_)
            | EngineError::Agent(_)
            | EngineError::AutoReply(_)
            | EngineError::Label(_)
            | EngineError::QuickReply(_) => ErrorCode::InvalidSettings,
            EngineError::Note(_) => ErrorCode::InvalidMessage,
            // Meta's own refusal of a template, in its words.
            EngineError::Template(parley_engine::templates::TemplateError::RefusedByMeta(_)) => {
                ErrorCode::CloudApi
            }
            EngineError::Template(parley_engine::templates::TemplateError::AppIdMissing) => {
                ErrorCode::AppIdMissing
            }
            // Lint errors, edit limits, 1320xx explained before anything is sent.
            EngineError::Template(_) => ErrorCode::InvalidMessage,
            EngineError::Forbidden(_) => ErrorCode::Forbidden,
            EngineError::WrongSecret => ErrorCode::WrongSecret,
            EngineError::Duplicate(_) => ErrorCode::Duplicate,
            EngineError::Secrets(_) => ErrorCode::Keyring,
            EngineError::NotConfigured(_) => ErrorCode::NotConnected,
            EngineError::Bind { .. } => ErrorCode::ListenFailed,
            EngineError::Store(StoreError::NotFound(_)) => ErrorCode::NotFound,
            EngineError::Store(StoreError::Duplicate(_)) => ErrorCode::Duplicate,
            EngineError::Store(_) => ErrorCode::Storage,
            EngineError::Internal(_) => ErrorCode::Internal,
        };
        Self::new(code, error.to_string())
    }
}

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> Self {
        EngineError::from(error).into()
    }
}

impl From<parley_core::contact::ContactError> for CommandError {
    fn from(error: parley_core::contact::ContactError) -> Self {
        Self::new(ErrorCode::InvalidContact, error.to_string())
    }
}

/// A CSV file refused whole (too large, not CSV, no phone column, ...).
impl From<parley_core::contact_csv::CsvError> for CommandError {
    fn from(error: parley_core::contact_csv::CsvError) -> Self {
        Self::new(ErrorCode::FileUnreadable, error.to_string())
    }
}

impl From<SecretError> for CommandError {
    fn from(error: SecretError) -> Self {
        EngineError::from(error).into()
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
