//! Bodies of the Cloud API endpoints Parley calls, shaped after Meta's OpenAPI spec
//! (`Message`, `MessageResponsePayload`, `PhoneNumberInfo`, `GraphAPIError`).

use parley_core::content::{Interactive, InteractiveAction, MessageContent};
use parley_core::media::{Media, MediaKind};
use serde::{Deserialize, Serialize};

mod templates;

pub use templates::{
    CreatedTemplate, EditTemplateRequest, TemplateLanguage, TemplateObject, TemplateParameter,
    TemplateSendComponent, UploadSession, UploadedHandle,
};

pub const MESSAGING_PRODUCT: &str = "whatsapp";

/// `POST /{phone_number_id}/messages`: one message of any type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendMessageRequest {
    pub messaging_product: String,
    pub recipient_type: String,
    pub to: String,
    /// Quotes an earlier message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ReplyContext>,
    #[serde(flatten)]
    pub body: SendBody,
}

/// The typed part of a send: `{"type": "image", "image": {...}}` and so on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SendBody {
    Text {
        text: TextContent,
    },
    Image {
        image: MediaObject,
    },
    Video {
        video: MediaObject,
    },
    Audio {
        audio: MediaObject,
    },
    Document {
        document: MediaObject,
    },
    Sticker {
        sticker: MediaObject,
    },
    Location {
        location: LocationObject,
    },
    Reaction {
        reaction: ReactionObject,
    },
    Interactive {
        interactive: InteractiveObject,
    },
    /// An approved template: the only message allowed outside the 24-hour window.
    Template {
        template: TemplateObject,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextContent {
    pub body: String,
    /// Renders a preview of the first URL in the body.
    #[serde(default)]
    pub preview_url: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplyContext {
    pub message_id: String,
}

/// Media by uploaded id (what Parley sends) or by link.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MediaObject {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
}

/// Meta's schema types the coordinates of a sent location as strings (as its own
/// examples send them); numbers are read too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationObject {
    #[serde(serialize_with = "as_string", deserialize_with = "number_or_string")]
    pub latitude: f64,
    #[serde(serialize_with = "as_string", deserialize_with = "number_or_string")]
    pub longitude: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

fn as_string<S: serde::Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&value.to_string())
}

fn number_or_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
    .ok_or_else(|| serde::de::Error::custom("a coordinate must be a number"))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReactionObject {
    pub message_id: String,
    /// An empty emoji removes the reaction.
    pub emoji: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InteractiveObject {
    /// `button` or `list`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<InteractiveHeader>,
    pub body: TextBlock,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<TextBlock>,
    pub action: InteractiveActionObject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InteractiveHeader {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextBlock {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InteractiveActionObject {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<ButtonObject>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub button: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<SectionObject>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ButtonObject {
    #[serde(rename = "type")]
    pub kind: String,
    pub reply: ButtonReplyObject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ButtonReplyObject {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionObject {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub rows: Vec<RowObject>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowObject {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Why a message's content cannot be turned into a send request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("{0} messages cannot be sent by a business")]
    NotSendable(&'static str),
}

impl SendMessageRequest {
    pub fn new(to: impl Into<String>, body: SendBody) -> Self {
        Self {
            messaging_product: MESSAGING_PRODUCT.to_owned(),
            recipient_type: "individual".to_owned(),
            to: to.into(),
            context: None,
            body,
        }
    }

    /// A free-form text message to one customer.
    pub fn text(to: impl Into<String>, body: impl Into<String>) -> Self {
        Self::new(
            to,
            SendBody::Text {
                text: TextContent {
                    body: body.into(),
                    preview_url: false,
                },
            },
        )
    }

    /// The approved template `name` in `language`, filled with `components`' values.
    pub fn template(
        to: impl Into<String>,
        name: impl Into<String>,
        language: impl Into<String>,
        components: Vec<TemplateSendComponent>,
    ) -> Self {
        Self::new(
            to,
            SendBody::Template {
                template: TemplateObject {
                    name: name.into(),
                    language: TemplateLanguage::new(language),
                    components,
                },
            },
        )
    }

    /// The request for an outbound message's content; `quoting` makes it a reply.
    pub fn from_content(
        to: impl Into<String>,
        content: &MessageContent,
        quoting: Option<&str>,
    ) -> Result<Self, BuildError> {
        let body = match content {
            MessageContent::Text { body, preview_url } => SendBody::Text {
                text: TextContent {
                    body: body.clone(),
                    preview_url: *preview_url,
                },
            },
            MessageContent::Media { media } => media_body(media),
            MessageContent::Location { location } => SendBody::Location {
                location: LocationObject {
                    latitude: location.latitude,
                    longitude: location.longitude,
                    name: location.name.clone(),
                    address: location.address.clone(),
                },
            },
            MessageContent::Reaction {
                target_wamid,
                emoji,
            } => SendBody::Reaction {
                reaction: ReactionObject {
                    message_id: target_wamid.clone(),
                    emoji: emoji.clone().unwrap_or_default(),
                },
            },
            MessageContent::Interactive { interactive } => SendBody::Interactive {
                interactive: interactive_object(interactive),
            },
            MessageContent::Contacts { .. } => return Err(BuildError::NotSendable("contact")),
            MessageContent::InteractiveReply { .. } | MessageContent::ButtonReply { .. } => {
                return Err(BuildError::NotSendable("reply"));
            }
            MessageContent::Order { .. } => return Err(BuildError::NotSendable("order")),
            // Built from the template's definition and values: `SendMessageRequest::template`.
            MessageContent::Template { .. } => return Err(BuildError::NotSendable("template")),
            MessageContent::System { .. } => return Err(BuildError::NotSendable("system")),
            MessageContent::Edit { .. } | MessageContent::Revoke { .. } => {
                return Err(BuildError::NotSendable("edit"));
            }
            MessageContent::Unsupported { .. } => return Err(BuildError::NotSendable("unknown")),
        };
        let mut request = Self::new(to, body);
        // A reaction names its target itself; a quote on it is meaningless.
        if !matches!(content, MessageContent::Reaction { .. }) {
            request.context = quoting.map(|id| ReplyContext {
                message_id: id.to_owned(),
            });
        }
        Ok(request)
    }

    /// The media object of a media message, or of a template's image, video or document
    /// header, to fill in the id after uploading.
    pub fn media_mut(&mut self) -> Option<&mut MediaObject> {
        match &mut self.body {
            SendBody::Image { image: m }
            | SendBody::Video { video: m }
            | SendBody::Audio { audio: m }
            | SendBody::Document { document: m }
            | SendBody::Sticker { sticker: m } => Some(m),
            SendBody::Template { template } => template.header_media_mut(),
            _ => None,
        }
    }
}

/// A media message's body. Without an id yet, the sender uploads the file and fills it in.
fn media_body(media: &Media) -> SendBody {
    let object = MediaObject {
        id: media.id.clone(),
        link: None,
        caption: media
            .caption
            .clone()
            .filter(|_| media.kind.can_have_caption()),
        filename: media
            .filename
            .clone()
            .filter(|_| media.kind == MediaKind::Document),
    };
    match media.kind {
        MediaKind::Image => SendBody::Image { image: object },
        MediaKind::Video => SendBody::Video { video: object },
        MediaKind::Audio | MediaKind::Voice => SendBody::Audio { audio: object },
        MediaKind::Document => SendBody::Document { document: object },
        MediaKind::Sticker => SendBody::Sticker { sticker: object },
    }
}

fn interactive_object(i: &Interactive) -> InteractiveObject {
    let (kind, action) = match &i.action {
        InteractiveAction::Buttons { buttons } => (
            "button",
            InteractiveActionObject {
                buttons: Some(
                    buttons
                        .iter()
                        .map(|b| ButtonObject {
                            kind: "reply".to_owned(),
                            reply: ButtonReplyObject {
                                id: b.id.clone(),
                                title: b.title.clone(),
                            },
                        })
                        .collect(),
                ),
                button: None,
                sections: None,
            },
        ),
        InteractiveAction::List { button, sections } => (
            "list",
            InteractiveActionObject {
                buttons: None,
                button: Some(button.clone()),
                sections: Some(
                    sections
                        .iter()
                        .map(|s| SectionObject {
                            title: s.title.clone(),
                            rows: s
                                .rows
                                .iter()
                                .map(|r| RowObject {
                                    id: r.id.clone(),
                                    title: r.title.clone(),
                                    description: r.description.clone(),
                                })
                                .collect(),
                        })
                        .collect(),
                ),
            },
        ),
    };
    InteractiveObject {
        kind: kind.to_owned(),
        header: i.header.clone().map(|text| InteractiveHeader {
            kind: "text".to_owned(),
            text,
        }),
        body: TextBlock {
            text: i.body.clone(),
        },
        footer: i.footer.clone().map(|text| TextBlock { text }),
        action,
    }
}

/// `POST /{phone_number_id}/messages` with `status: read`: marks an inbound message read
/// (blue ticks), and with `typing_indicator` shows "typing…" to the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkReadRequest {
    pub messaging_product: String,
    pub status: String,
    pub message_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typing_indicator: Option<TypingIndicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypingIndicator {
    #[serde(rename = "type")]
    pub kind: String,
}

impl MarkReadRequest {
    pub fn new(message_id: impl Into<String>, typing: bool) -> Self {
        Self {
            messaging_product: MESSAGING_PRODUCT.to_owned(),
            status: "read".to_owned(),
            message_id: message_id.into(),
            typing_indicator: typing.then(|| TypingIndicator {
                kind: "text".to_owned(),
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuccessResponse {
    #[serde(default)]
    pub success: bool,
}

/// `POST /{phone_number_id}/media`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadResponse {
    pub id: String,
}

/// `GET /{media_id}`: where to download a media item for the next few minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaInfo {
    pub id: String,
    pub url: String,
    #[serde(default)]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub sha256: Option<String>,
    /// A string in Meta's examples, a number in some answers.
    #[serde(default, deserialize_with = "flexible_integer")]
    pub file_size: Option<i64>,
}

fn flexible_integer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// `POST /{waba_id}/subscribed_apps`: point webhooks at a (tunnel's) callback URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscribeRequest {
    pub override_callback_uri: String,
    pub verify_token: String,
}

/// `GET /{phone_number_id}/message_history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageHistoryResponse {
    #[serde(default)]
    pub data: Vec<MessageHistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageHistoryEntry {
    pub id: String,
    pub message_id: String,
    #[serde(default)]
    pub events: Option<MessageHistoryEvents>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageHistoryEvents {
    #[serde(default)]
    pub data: Vec<MessageHistoryEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageHistoryEvent {
    /// SENT, DELIVERED, READ, FAILED, ...
    pub delivery_status: String,
    #[serde(default, deserialize_with = "flexible_integer")]
    pub timestamp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// `GET /{waba_id}/message_templates`: one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplatePage {
    #[serde(default)]
    pub data: Vec<TemplateInfo>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateInfo {
    pub id: String,
    pub name: String,
    pub language: String,
    pub status: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub components: serde_json::Value,
    #[serde(default)]
    pub quality_score: Option<QualityScore>,
    #[serde(default)]
    pub rejected_reason: Option<String>,
    /// `POSITIONAL` or `NAMED`; absent means positional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_format: Option<String>,
    /// The category before Meta recategorised the template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_category: Option<String>,
}

impl TemplateInfo {
    /// The template as Meta's creation JSON, when its components parse as one.
    pub fn definition(&self) -> Option<parley_core::template::TemplateDefinition> {
        let mut fields = serde_json::json!({
            "name": self.name,
            "language": self.language,
            "category": self.category,
            "components": self.components,
        });
        if let Some(format) = &self.parameter_format {
            fields["parameter_format"] = serde_json::json!(format);
        }
        serde_json::from_value(fields).ok()
    }

    /// The status as one of Meta's known values; `None` for one Parley does not know.
    pub fn known_status(&self) -> Option<parley_core::template::TemplateStatus> {
        serde_json::from_value(serde_json::json!(self.status)).ok()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityScore {
    #[serde(default)]
    pub score: Option<String>,
    /// When the score was last computed (unix seconds).
    #[serde(
        default,
        deserialize_with = "flexible_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    #[serde(default)]
    pub cursors: Option<Cursors>,
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursors {
    #[serde(default)]
    pub before: Option<String>,
    #[serde(default)]
    pub after: Option<String>,
}

/// The answer to a successful send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendMessageResponse {
    pub messaging_product: String,
    #[serde(default)]
    pub contacts: Vec<SentContact>,
    pub messages: Vec<SentMessage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentContact {
    pub input: String,
    pub wa_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentMessage {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_status: Option<String>,
}

/// `GET /{phone_number_id}?fields=...`: the number's identity and health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumberInfo {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_rating: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_limit_tier: Option<String>,
}

/// The fields Parley asks for when checking a number.
pub const PHONE_NUMBER_FIELDS: &str =
    "display_phone_number,verified_name,quality_rating,name_status,status,messaging_limit_tier";

/// Every Graph API error: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphErrorEnvelope {
    pub error: GraphError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphError {
    pub message: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    pub code: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_subcode: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_msg: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_data: Option<GraphErrorData>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fbtrace_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphErrorData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    #[serde(default)]
    pub details: String,
}

impl GraphError {
    pub fn details(&self) -> Option<&str> {
        self.error_data
            .as_ref()
            .map(|d| d.details.as_str())
            .filter(|d| !d.is_empty())
    }
}
