//! Parley's domain model and rules, free of IO so every rule is testable in isolation.
//!
//! Everything that decides something (may we send free-form text now? does this status
//! move a message forward? should this failed send be retried?) lives here; the crates
//! around it only store, transport and display those decisions.

pub mod account;
pub mod agent;
pub mod auto_reply;
pub mod contact;
pub mod contact_csv;
pub mod content;
pub mod conversation;
pub mod health;
pub mod ids;
pub mod label;
pub mod media;
pub mod message;
pub mod meta_error;
pub mod notice;
pub mod preferences;
pub mod quick_reply;
pub mod search;
pub mod status;
pub mod template;
pub mod time;
pub mod triage;
pub mod window;

pub use ids::{AgentId, ContactId, ConversationId, LabelId, MessageId, NoteId, QuickReplyId};
pub use time::Timestamp;
