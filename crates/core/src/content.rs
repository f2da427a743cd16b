//! What a message says, for every kind WhatsApp carries, in both directions.

use serde::{Deserialize, Serialize};

use crate::media::Media;

mod template_message;

pub use template_message::{
    TemplateMessage, TemplateMessageButton, TemplateMessageButtonKind, TemplateMessageHeader,
};

/// The content of a message. Kinds Parley cannot interpret are kept as `Unsupported`
/// (the raw payload stays in the store), never dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum MessageContent {
    Text {
        body: String,
        /// Outbound: ask WhatsApp to render a preview of the first link.
        #[serde(default)]
        preview_url: bool,
    },
    /// Image, video, audio, voice note, document or sticker.
    Media {
        media: Media,
    },
    Location {
        location: Location,
    },
    Contacts {
        cards: Vec<ContactCard>,
    },
    /// Buttons or a list, sent by the business.
    Interactive {
        interactive: Interactive,
    },
    /// A customer's answer to buttons, a list or a flow.
    InteractiveReply {
        reply: InteractiveReply,
    },
    /// A customer tapped a template's quick-reply button.
    ButtonReply {
        text: String,
        payload: Option<String>,
    },
    /// A reaction to another message; no emoji removes it. Shown on its target.
    Reaction {
        target_wamid: String,
        emoji: Option<String>,
    },
    Order {
        order: Order,
    },
    /// An approved template sent by the business, as the customer sees it.
    Template {
        template: TemplateMessage,
    },
    /// A notice from WhatsApp: the customer changed number, or their identity changed.
    System {
        kind: String,
        body: String,
        new_wa_id: Option<String>,
    },
    /// The customer edited an earlier message (applied to it; not shown on its own).
    Edit {
        original_wamid: String,
    },
    /// The customer deleted an earlier message (applied to it; not shown on its own).
    Revoke {
        original_wamid: String,
    },
    Unsupported {
        /// Meta's `type`, as received.
        type_name: String,
        reason: Option<String>,
        code: Option<i64>,
    },
}

impl MessageContent {
    /// Text for previews, search and notifications: the body or the caption.
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Text { body, .. } => Some(body),
            Self::Media { media } => media.caption.as_deref(),
            Self::Interactive { interactive } => Some(&interactive.body),
            Self::InteractiveReply { reply } => reply.title.as_deref(),
            Self::ButtonReply { text, .. } => Some(text),
            Self::Location { location } => location.name.as_deref().or(location.address.as_deref()),
            Self::Order { order } => order.text.as_deref(),
            Self::Template { template } => Some(&template.body),
            Self::System { body, .. } => Some(body),
            Self::Contacts { cards } => cards.first().map(|c| c.formatted_name.as_str()),
            Self::Reaction { .. }
            | Self::Edit { .. }
            | Self::Revoke { .. }
            | Self::Unsupported { .. } => None,
        }
    }

    /// Meta's message `type` for this content.
    pub fn api_type(&self) -> &str {
        match self {
            Self::Text { .. } => "text",
            Self::Media { media } => media.kind.api_type(),
            Self::Location { .. } => "location",
            Self::Contacts { .. } => "contacts",
            Self::Interactive { .. } | Self::InteractiveReply { .. } => "interactive",
            Self::ButtonReply { .. } => "button",
            Self::Reaction { .. } => "reaction",
            Self::Order { .. } => "order",
            Self::Template { .. } => "template",
            Self::System { .. } => "system",
            Self::Edit { .. } => "edit",
            Self::Revoke { .. } => "revoke",
            Self::Unsupported { type_name, .. } => type_name,
        }
    }

    /// Control messages change another message instead of appearing in the thread.
    pub fn is_control(&self) -> bool {
        matches!(
            self,
            Self::Reaction { .. } | Self::Edit { .. } | Self::Revoke { .. }
        )
    }

    /// Whether receiving it opens the 24-hour window. Reactions, edits, deletions and
    /// WhatsApp's own system notices are not the customer writing; Parley does not count
    /// on them to open the window (a wrong guess would mean a failed send).
    pub fn opens_service_window(&self) -> bool {
        !self.is_control() && !matches!(self, Self::System { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub name: Option<String>,
    pub address: Option<String>,
    pub url: Option<String>,
}

impl Location {
    /// A link that opens the place on a map.
    pub fn map_url(&self) -> String {
        format!(
            "https://www.openstreetmap.org/?mlat={lat:.6}&mlon={lon:.6}#map=17/{lat:.6}/{lon:.6}",
            lat = self.latitude,
            lon = self.longitude
        )
    }

    pub fn is_valid(&self) -> bool {
        (-90.0..=90.0).contains(&self.latitude) && (-180.0..=180.0).contains(&self.longitude)
    }
}

/// A shared contact card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactCard {
    pub formatted_name: String,
    pub organization: Option<String>,
    pub phones: Vec<CardPhone>,
    pub emails: Vec<String>,
    pub urls: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CardPhone {
    pub phone: String,
    /// Set when the number is on WhatsApp.
    pub wa_id: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum InteractiveReplyKind {
    Button,
    List,
    /// A WhatsApp Flow was completed (`nfm_reply`).
    Flow,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct InteractiveReply {
    pub kind: InteractiveReplyKind,
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// A flow's answers, as the JSON the customer submitted.
    pub response_json: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub catalog_id: Option<String>,
    pub text: Option<String>,
    pub items: Vec<OrderItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OrderItem {
    pub product_retailer_id: String,
    pub quantity: i64,
    pub item_price: f64,
    pub currency: String,
}

/// Buttons or a list, as the business sends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Interactive {
    pub header: Option<String>,
    pub body: String,
    pub footer: Option<String>,
    pub action: InteractiveAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum InteractiveAction {
    /// Up to three reply buttons.
    Buttons { buttons: Vec<ReplyButton> },
    /// A button that opens a list of up to ten rows in sections.
    List {
        button: String,
        sections: Vec<ListSection>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ReplyButton {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ListSection {
    pub title: Option<String>,
    pub rows: Vec<ListRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ListRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

/// Why an interactive message would be refused by WhatsApp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InteractiveError {
    #[error("the message text is empty")]
    EmptyBody,
    #[error("the message text has {0} characters; at most 1024 are allowed")]
    BodyTooLong(usize),
    #[error("the header has {0} characters; at most 60 are allowed")]
    HeaderTooLong(usize),
    #[error("the footer has {0} characters; at most 60 are allowed")]
    FooterTooLong(usize),
    #[error("reply buttons: between 1 and 3 are allowed, not {0}")]
    ButtonCount(usize),
    #[error("the button {0:?} is longer than 20 characters")]
    ButtonTitleTooLong(String),
    #[error("a button or row has an empty title")]
    EmptyTitle,
    #[error("two buttons or rows have the same id {0:?}")]
    DuplicateId(String),
    #[error("the list button {0:?} is longer than 20 characters")]
    ListButtonTooLong(String),
    #[error("a list needs between 1 and 10 rows in all, not {0}")]
    RowCount(usize),
    #[error("a list has at most 10 sections")]
    SectionCount,
    #[error("the row {0:?} is longer than 24 characters")]
    RowTitleTooLong(String),
    #[error("a row description is longer than 72 characters")]
    RowDescriptionTooLong,
    #[error(
        "a section title is longer than 24 characters, or missing while there are several sections"
    )]
    SectionTitle,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

impl Interactive {
    /// Checks the limits WhatsApp enforces on interactive messages.
    pub fn validate(&self) -> Result<(), InteractiveError> {
        use InteractiveError::*;
        if self.body.trim().is_empty() {
            return Err(EmptyBody);
        }
        if chars(&self.body) > 1024 {
            return Err(BodyTooLong(chars(&self.body)));
        }
        if let Some(header) = &self.header
            && chars(header) > 60
        {
            return Err(HeaderTooLong(chars(header)));
        }
        if let Some(footer) = &self.footer
            && chars(footer) > 60
        {
            return Err(FooterTooLong(chars(footer)));
        }
        let mut ids = std::collections::HashSet::new();
        let mut unique = |id: &str| {
            if ids.insert(id.to_owned()) {
                Ok(())
            } else {
                Err(DuplicateId(id.to_owned()))
            }
        };
        match &self.action {
            InteractiveAction::Buttons { buttons } => {
                if buttons.is_empty() || buttons.len() > 3 {
                    return Err(ButtonCount(buttons.len()));
                }
                for b in buttons {
                    if b.title.trim().is_empty() {
                        return Err(EmptyTitle);
                    }
                    if chars(&b.title) > 20 {
                        return Err(ButtonTitleTooLong(b.title.clone()));
                    }
                    unique(&b.id)?;
                }
            }
            InteractiveAction::List { button, sections } => {
                if button.trim().is_empty() {
                    return Err(EmptyTitle);
                }
                if chars(button) > 20 {
                    return Err(ListButtonTooLong(button.clone()));
                }
                if sections.len() > 10 {
                    return Err(SectionCount);
                }
                let rows: usize = sections.iter().map(|s| s.rows.len()).sum();
                if rows == 0 || rows > 10 {
                    return Err(RowCount(rows));
                }
                for section in sections {
                    let titled_ok = match &section.title {
                        Some(t) => chars(t) <= 24,
                        None => sections.len() == 1,
                    };
                    if !titled_ok {
                        return Err(SectionTitle);
                    }
                    for row in &section.rows {
                        if row.title.trim().is_empty() {
                            return Err(EmptyTitle);
                        }
                        if chars(&row.title) > 24 {
                            return Err(RowTitleTooLong(row.title.clone()));
                        }
                        if row.description.as_deref().is_some_and(|d| chars(d) > 72) {
                            return Err(RowDescriptionTooLong);
                        }
                        unique(&row.id)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// What a reply, a forward or a product question refers to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MessageContext {
    /// The message this one answers (a reply with a quote).
    pub quoted_wamid: Option<String>,
    pub forwarded: bool,
    pub frequently_forwarded: bool,
    /// A product the customer asked about from a catalog.
    pub referred_product_id: Option<String>,
}

/// The click-to-WhatsApp ad a conversation started from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Referral {
    pub source_url: Option<String>,
    /// `ad` or `post`.
    pub source_type: Option<String>,
    pub source_id: Option<String>,
    pub headline: Option<String>,
    pub body: Option<String>,
    pub media_type: Option<String>,
    pub image_url: Option<String>,
    pub video_url: Option<String>,
    pub ctwa_clid: Option<String>,
}

#[cfg(test)]
mod tests;
