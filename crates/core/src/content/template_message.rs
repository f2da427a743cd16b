//! A template as the business sent it: what the customer's phone shows, kept with the
//! message so the thread can show the same bubble (header, body, footer, buttons) instead
//! of flattened text.

use serde::{Deserialize, Serialize};

use super::Location;
use crate::media::Media;

/// An approved template sent to a customer, with its values filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TemplateMessage {
    pub name: String,
    /// Meta's language code (`en_US`, `he`, ...).
    pub language: String,
    pub header: Option<TemplateMessageHeader>,
    /// The body with the values filled in.
    pub body: String,
    pub footer: Option<String>,
    pub buttons: Vec<TemplateMessageButton>,
}

/// The header the customer sees. A media header's file is the message's own media
/// (`Message::media`), so it is uploaded, downloaded and opened like any attachment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TemplateMessageHeader {
    Text {
        text: String,
    },
    /// Image, video or document.
    Media {
        media: Media,
    },
    Location {
        location: Location,
    },
}

/// A button under the template, as WhatsApp shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TemplateMessageButton {
    pub kind: TemplateMessageButtonKind,
    pub text: String,
    /// The link with its value filled in, the phone number, or the code to copy.
    pub value: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum TemplateMessageButtonKind {
    QuickReply,
    Url,
    PhoneNumber,
    CopyCode,
    /// An authentication template's one-time-password button.
    Otp,
}
