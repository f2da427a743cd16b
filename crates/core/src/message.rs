//! Messages as the inbox shows them.

use serde::{Deserialize, Serialize};

use crate::agent::SentBy;
use crate::content::{Location, MessageContent, MessageContext, Referral};
use crate::media::{LocalMedia, MediaKind};
use crate::{
    ConversationId, MessageId, Timestamp, meta_error::SendFailure, status::DeliveryStatus,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the customer.
    Inbound,
    /// From the business (an agent or an automation).
    Outbound,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Outbound => "outbound",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "inbound" => Some(Self::Inbound),
            "outbound" => Some(Self::Outbound),
            _ => None,
        }
    }
}

/// Meta's message type for plain text; the only kind the composer sends today.
pub const KIND_TEXT: &str = "text";

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    /// Meta's id (`wamid...`); outbound messages get it once the Cloud API accepts them.
    pub wamid: Option<String>,
    pub direction: Direction,
    /// Meta's message type (`text`, `image`, ...), as received or sent.
    pub kind: String,
    /// The text or caption, for previews and search. Customer text: render as text only.
    pub text: Option<String>,
    pub content: MessageContent,
    /// A reply, a forward, or a question about a product.
    pub context: Option<MessageContext>,
    /// The message a reply quotes, when Parley has it.
    pub quoted: Option<QuotedMessage>,
    /// The click-to-WhatsApp ad the customer came from.
    pub referral: Option<Referral>,
    pub reactions: Vec<Reaction>,
    /// Outbound only.
    pub status: Option<DeliveryStatus>,
    /// Why an outbound message failed.
    pub failure: Option<SendFailure>,
    /// When the customer sent it (inbound, Meta's clock) or when it was written (outbound).
    pub timestamp: Timestamp,
    /// The customer edited it (the content is the edited version).
    pub edited_at: Option<Timestamp>,
    /// The customer deleted it.
    pub revoked_at: Option<Timestamp>,
    /// The media file on this machine, for media messages.
    pub media: Option<LocalMedia>,
    /// Outbound only: the agent or automation that wrote it.
    pub sent_by: Option<SentBy>,
}

/// What a reply shows of the message it quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct QuotedMessage {
    pub id: MessageId,
    pub direction: Direction,
    pub kind: String,
    pub preview: Option<String>,
}

/// A reaction shown on the message it reacts to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Reaction {
    pub emoji: String,
    /// Inbound: the customer; outbound: the business.
    pub by: Direction,
}

/// What an agent sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Outgoing {
    Text {
        body: String,
        preview_url: bool,
    },
    /// A file on this machine; checked against WhatsApp's limits, then uploaded.
    Media {
        path: String,
        /// Sent as this kind; guessed from the file type when absent.
        kind: Option<MediaKind>,
        caption: Option<String>,
    },
    Location {
        location: Location,
    },
    Interactive {
        interactive: crate::content::Interactive,
    },
    /// A reaction to a message of the thread; `None` removes it.
    Reaction {
        message_id: MessageId,
        emoji: Option<String>,
    },
}

/// Where the next (older) page of a thread starts: strictly older than this message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MessageCursor {
    pub timestamp: Timestamp,
    pub id: MessageId,
}

impl Message {
    /// The cursor for the page before this message.
    pub fn cursor(&self) -> MessageCursor {
        MessageCursor {
            timestamp: self.timestamp,
            id: self.id,
        }
    }
}

/// Longest text body the Cloud API accepts.
pub const MAX_TEXT_CHARS: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("the message is empty")]
    Empty,
    #[error("the message has {0} characters; WhatsApp allows at most 4096")]
    TooLong(usize),
}

/// The text an agent typed, ready to send: surrounding blank lines dropped, and within
/// WhatsApp's limits.
pub fn outgoing_text(text: &str) -> Result<&str, TextError> {
    let text = text
        .trim_matches(|c: char| c == '\n' || c == '\r')
        .trim_end();
    if text.trim().is_empty() {
        return Err(TextError::Empty);
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(TextError::TooLong(chars));
    }
    Ok(text)
}

/// Longest preview shown in the conversation list; the rest is cut at a char boundary.
pub const PREVIEW_CHARS: usize = 120;

/// The first [`PREVIEW_CHARS`] characters of `text`, on one line.
pub fn preview(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(PREVIEW_CHARS * 4));
    for (i, c) in text.chars().enumerate() {
        if i == PREVIEW_CHARS {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_keeps_short_text_and_flattens_newlines() {
        assert_eq!(preview("Hi!\nSize 38?"), "Hi! Size 38?");
    }

    #[test]
    fn preview_cuts_long_text_on_a_character_boundary() {
        let hebrew = "ש".repeat(PREVIEW_CHARS + 10);
        let p = preview(&hebrew);
        assert_eq!(p.chars().count(), PREVIEW_CHARS + 1);
        assert!(p.ends_with('…'));
    }

    #[test]
    fn outgoing_text_keeps_inner_layout_and_checks_limits() {
        assert_eq!(
            outgoing_text("\n  Hi,\n  size 38 \n\n"),
            Ok("  Hi,\n  size 38")
        );
        assert_eq!(outgoing_text(" \n\t "), Err(TextError::Empty));
        assert_eq!(
            outgoing_text(&"a".repeat(MAX_TEXT_CHARS)).map(str::len),
            Ok(MAX_TEXT_CHARS)
        );
        assert_eq!(
            outgoing_text(&"א".repeat(MAX_TEXT_CHARS + 1)),
            Err(TextError::TooLong(MAX_TEXT_CHARS + 1))
        );
    }

    #[test]
    fn direction_names_round_trip() {
        for d in [Direction::Inbound, Direction::Outbound] {
            assert_eq!(Direction::parse(d.as_str()), Some(d));
        }
    }
}
