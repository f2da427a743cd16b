//! Conversations as the inbox lists them.

use serde::{Deserialize, Serialize};

use crate::triage::{Assignee, ConversationStatus};
use crate::{
    ContactId, ConversationId, LabelId, Timestamp, message::Direction, status::DeliveryStatus,
    window::ServiceWindow,
};

/// The customer on the other side of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: ContactId,
    /// The customer's WhatsApp id: their phone number in international form, digits only.
    pub wa_id: String,
    /// The name from their WhatsApp profile, if they shared one.
    pub profile_name: Option<String>,
    /// The name the business saved for them (see [`crate::contact`]).
    pub saved_name: Option<String>,
    /// What to call them: the saved name, else the profile name, else `+` and the number.
    pub display_name: String,
    /// They stopped marketing messages: no marketing template may be sent to them.
    pub marketing_opt_out: bool,
    /// Blocked by the business: their messages are kept but never notify or get
    /// auto-replies.
    pub blocked: bool,
}

impl Contact {
    /// A contact with its display name worked out by [`crate::contact::display_name`].
    pub fn new(
        id: ContactId,
        wa_id: String,
        profile_name: Option<String>,
        saved_name: Option<String>,
        marketing_opt_out: bool,
        blocked: bool,
    ) -> Self {
        let display_name =
            crate::contact::display_name(saved_name.as_deref(), profile_name.as_deref(), &wa_id);
        Self {
            id,
            wa_id,
            profile_name,
            saved_name,
            display_name,
            marketing_opt_out,
            blocked,
        }
    }
}

/// What the conversation list shows about the newest message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LastMessage {
    pub direction: Direction,
    pub kind: String,
    /// Already shortened with [`crate::message::preview`].
    pub preview: Option<String>,
    pub status: Option<DeliveryStatus>,
    pub timestamp: Timestamp,
}

/// Where an agent's [`ConversationSummary::unread_count`] stops: 100 means "100 or more".
/// The list shows "99+" past 99, and counting a busy unread thread in full cost its first
/// visit thousands of index entries read from disk.
pub const AGENT_UNREAD_COUNT_CAP: i64 = 100;

/// One row of the conversation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConversationSummary {
    pub id: ConversationId,
    pub contact: Contact,
    pub last_message: Option<LastMessage>,
    /// Orders the list: newest activity first.
    pub last_activity_at: Timestamp,
    /// Opens the 24-hour service window.
    pub last_inbound_at: Option<Timestamp>,
    /// Inbound messages the agent at the desk has not read, counted up to 100
    /// (`AGENT_UNREAD_COUNT_CAP`: more than 99 is all the UI says); headless: that nobody
    /// has, uncapped.
    pub unread_count: i64,
    pub status: ConversationStatus,
    pub assignee: Option<Assignee>,
    /// Unordered; the UI orders them as the label list does.
    pub label_ids: Vec<LabelId>,
}

impl ConversationSummary {
    pub fn service_window(&self, now: Timestamp) -> ServiceWindow {
        ServiceWindow::at(self.last_inbound_at, now)
    }
}

/// Where the next page of the conversation list starts: strictly older than this row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConversationCursor {
    pub last_activity_at: Timestamp,
    pub id: ConversationId,
}

impl ConversationSummary {
    /// The cursor for the page after this row.
    pub fn cursor(&self) -> ConversationCursor {
        ConversationCursor {
            last_activity_at: self.last_activity_at,
            id: self.id,
        }
    }
}
