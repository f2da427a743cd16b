//! Who handles a conversation and where it stands: assignment, status (open, pending,
//! resolved), the list's views, and private notes.

use serde::{Deserialize, Serialize};

use crate::label::LabelFilter;
use crate::{AgentId, ConversationId, NoteId, Timestamp};

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ConversationStatus {
    /// Needs the business.
    #[default]
    Open,
    /// Waiting on the customer or on something else (a delivery, a supplier).
    Pending,
    /// Done. A new message from the customer opens it again.
    Resolved,
}

impl ConversationStatus {
    pub const ALL: [ConversationStatus; 3] = [Self::Open, Self::Pending, Self::Resolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Resolved => "resolved",
        }
    }

    pub fn parse(text: &str) -> Option<ConversationStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The status after the customer writes: a resolved conversation needs the business
    /// again; a pending one was waiting for exactly this and is open now too.
    pub fn after_customer_writes(self) -> ConversationStatus {
        Self::Open
    }
}

/// Someone a conversation is assigned to, with the name to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Assignee {
    pub id: AgentId,
    pub name: String,
}

/// The list's views.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum View {
    /// Every conversation that is not resolved.
    #[default]
    All,
    /// Not resolved and assigned to the agent at the desk.
    Mine,
    /// Not resolved and assigned to nobody.
    Unassigned,
    /// Resolved ones.
    Resolved,
}

impl View {
    pub const ALL: [View; 4] = [Self::All, Self::Mine, Self::Unassigned, Self::Resolved];

    /// Whether a conversation with this status and assignee shows in the view, for the
    /// agent `me`. The store filters in SQL; this is the rule it must agree with.
    pub fn shows(self, status: ConversationStatus, assignee: Option<AgentId>, me: AgentId) -> bool {
        let resolved = status == ConversationStatus::Resolved;
        match self {
            Self::All => !resolved,
            Self::Mine => !resolved && assignee == Some(me),
            Self::Unassigned => !resolved && assignee.is_none(),
            Self::Resolved => resolved,
        }
    }
}

/// Which conversations the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConversationFilter {
    #[serde(default)]
    pub view: View,
    #[serde(default)]
    pub labels: LabelFilter,
}

/// How many conversations each view holds, for the agent at the desk, and how many of
/// them have something unread for that agent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ViewCounts {
    pub all: i64,
    pub mine: i64,
    pub unassigned: i64,
    pub resolved: i64,
    /// Conversations (not resolved) with messages this agent has not read: the tray's
    /// and the window title's number.
    pub unread_conversations: i64,
}

/// A private note in a thread: seen by the team, never sent to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: NoteId,
    pub conversation_id: ConversationId,
    /// Who wrote it, as named now; `None` for a note of a profile that no longer exists.
    pub author: Option<Assignee>,
    pub body: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Notes hold more than a message, but a note is not a document.
pub const MAX_NOTE_CHARS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("a note needs some text")]
    Empty,
    #[error("notes are at most {MAX_NOTE_CHARS} characters")]
    TooLong,
}

/// The note as stored: trimmed at the ends, inner layout kept.
pub fn note_body(text: &str) -> Result<&str, NoteError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NoteError::Empty);
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(NoteError::TooLong);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: AgentId = AgentId(1);
    const AVI: AgentId = AgentId(2);

    #[test]
    fn views_show_what_their_names_say() {
        use ConversationStatus::{Open, Pending, Resolved};
        let table = [
            (View::All, Open, None, true),
            (View::All, Pending, Some(AVI), true),
            (View::All, Resolved, Some(ME), false),
            (View::Mine, Open, Some(ME), true),
            (View::Mine, Pending, Some(ME), true),
            (View::Mine, Open, Some(AVI), false),
            (View::Mine, Resolved, Some(ME), false),
            (View::Unassigned, Open, None, true),
            (View::Unassigned, Open, Some(ME), false),
            (View::Unassigned, Resolved, None, false),
            (View::Resolved, Resolved, Some(AVI), true),
            (View::Resolved, Open, None, false),
        ];
        for (view, status, assignee, shown) in table {
            assert_eq!(
                view.shows(status, assignee, ME),
                shown,
                "{view:?} {status:?} {assignee:?}"
            );
        }
    }

    #[test]
    fn a_customer_writing_reopens_the_conversation() {
        for status in ConversationStatus::ALL {
            assert_eq!(status.after_customer_writes(), ConversationStatus::Open);
            assert_eq!(ConversationStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn notes_need_text_within_bounds() {
        assert_eq!(note_body("  call back Tuesday \n"), Ok("call back Tuesday"));
        assert_eq!(note_body(" \n "), Err(NoteError::Empty));
        assert_eq!(
            note_body(&"n".repeat(MAX_NOTE_CHARS + 1)),
            Err(NoteError::TooLong)
        );
    }
}
