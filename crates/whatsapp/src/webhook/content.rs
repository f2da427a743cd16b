//! A webhook message object to [`MessageContent`], for every type Meta documents. A type
//! (or a shape) Parley does not know becomes `Unsupported`; its raw JSON is kept by the
//! caller, so nothing is lost.

use parley_core::content::{
    CardPhone, ContactCard, InteractiveReply, InteractiveReplyKind, Location, MessageContent,
    MessageContext, Order, OrderItem, Referral,
};
use parley_core::media::{Media, MediaKind};
use serde_json::Value;

use super::{WebhookError, string_of};

fn text_at(value: &Value, pointer: &str) -> Option<String> {
    value
        .pointer(pointer)
        .and_then(string_of)
        .filter(|s| !s.is_empty())
}

fn number_at(value: &Value, pointer: &str) -> Option<f64> {
    match value.pointer(pointer)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

pub(crate) fn content_of(kind: &str, message: &Value, errors: &[WebhookError]) -> MessageContent {
    let parsed = match kind {
        "text" => text_at(message, "/text/body").map(|body| MessageContent::Text {
            body,
            preview_url: false,
        }),
        "image" | "video" | "audio" | "document" | "sticker" => media(kind, message),
        "location" => location(message),
        "contacts" => contacts(message),
        "interactive" => interactive_reply(message),
        "button" => Some(MessageContent::ButtonReply {
            text: text_at(message, "/button/text").unwrap_or_default(),
            payload: text_at(message, "/button/payload"),
        }),
        "reaction" => text_at(message, "/reaction/message_id").map(|target_wamid| {
            MessageContent::Reaction {
                target_wamid,
                // An empty emoji removes the reaction.
                emoji: text_at(message, "/reaction/emoji"),
            }
        }),
        "order" => order(message),
        "system" => Some(MessageContent::System {
            kind: text_at(message, "/system/type").unwrap_or_else(|| "system".to_owned()),
            body: text_at(message, "/system/body").unwrap_or_default(),
            new_wa_id: text_at(message, "/system/wa_id")
                .or_else(|| text_at(message, "/system/new_wa_id")),
        }),
        "edit" => text_at(message, "/edit/original_message_id")
            .map(|original_wamid| MessageContent::Edit { original_wamid }),
        "revoke" => text_at(message, "/revoke/original_message_id")
            .map(|original_wamid| MessageContent::Revoke { original_wamid }),
        _ => None,
    };
    parsed.unwrap_or_else(|| {
        let first = errors.first();
        MessageContent::Unsupported {
            type_name: kind.to_owned(),
            reason: first.map(WebhookError::summary).or_else(|| {
                (kind != "unsupported").then(|| format!("Parley does not show {kind} messages yet"))
            }),
            code: first.and_then(|e| e.code),
        }
    })
}

/// The new content an `edit` message carries for the message it edits.
pub(crate) fn edited_content(message: &Value, errors: &[WebhookError]) -> Option<MessageContent> {
    let inner = message.pointer("/edit/message")?;
    let kind = inner
        .get("type")
        .and_then(string_of)
        .unwrap_or_else(|| "text".to_owned());
    Some(content_of(&kind, inner, errors))
}

fn media(kind: &str, message: &Value) -> Option<MessageContent> {
    let object = message.get(kind)?;
    let voice = kind == "audio"
        && object
            .get("voice")
            .and_then(Value::as_bool)
            .unwrap_or(false);
    let media_kind = match kind {
        "image" => MediaKind::Image,
        "video" => MediaKind::Video,
        "audio" if voice => MediaKind::Voice,
        "audio" => MediaKind::Audio,
        "document" => MediaKind::Document,
        _ => MediaKind::Sticker,
    };
    Some(MessageContent::Media {
        media: Media {
            kind: media_kind,
            id: text_at(object, "/id"),
            mime_type: text_at(object, "/mime_type"),
            sha256: text_at(object, "/sha256"),
            size: number_at(object, "/file_size").map(|f| f as i64),
            filename: text_at(object, "/filename"),
            caption: text_at(object, "/caption"),
            animated: object
                .get("animated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        },
    })
}

fn location(message: &Value) -> Option<MessageContent> {
    let location = Location {
        latitude: number_at(message, "/location/latitude")?,
        longitude: number_at(message, "/location/longitude")?,
        name: text_at(message, "/location/name"),
        address: text_at(message, "/location/address"),
        url: text_at(message, "/location/url"),
    };
    location
        .is_valid()
        .then_some(MessageContent::Location { location })
}

fn contacts(message: &Value) -> Option<MessageContent> {
    let cards: Vec<ContactCard> = message
        .get("contacts")?
        .as_array()?
        .iter()
        .map(|c| {
            let name = text_at(c, "/name/formatted_name")
                .or_else(|| {
                    let first = text_at(c, "/name/first_name").unwrap_or_default();
                    let last = text_at(c, "/name/last_name").unwrap_or_default();
                    let full = format!("{first} {last}").trim().to_owned();
                    (!full.is_empty()).then_some(full)
                })
                .unwrap_or_default();
            let list = |key: &str| {
                c.get(key)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            ContactCard {
                formatted_name: name,
                organization: text_at(c, "/org/company"),
                phones: list("phones")
                    .iter()
                    .filter_map(|p| {
                        Some(CardPhone {
                            phone: text_at(p, "/phone")?,
                            wa_id: text_at(p, "/wa_id"),
                            label: text_at(p, "/type"),
                        })
                    })
                    .collect(),
                emails: list("emails")
                    .iter()
                    .filter_map(|e| text_at(e, "/email"))
                    .collect(),
                urls: list("urls")
                    .iter()
                    .filter_map(|u| text_at(u, "/url"))
                    .collect(),
            }
        })
        .collect();
    (!cards.is_empty()).then_some(MessageContent::Contacts { cards })
}

fn interactive_reply(message: &Value) -> Option<MessageContent> {
    let kind = text_at(message, "/interactive/type")?;
    let reply = match kind.as_str() {
        "button_reply" => InteractiveReply {
            kind: InteractiveReplyKind::Button,
            id: text_at(message, "/interactive/button_reply/id"),
            title: text_at(message, "/interactive/button_reply/title"),
            description: None,
            response_json: None,
        },
        "list_reply" => InteractiveReply {
            kind: InteractiveReplyKind::List,
            id: text_at(message, "/interactive/list_reply/id"),
            title: text_at(message, "/interactive/list_reply/title"),
            description: text_at(message, "/interactive/list_reply/description"),
            response_json: None,
        },
        "nfm_reply" => InteractiveReply {
            kind: InteractiveReplyKind::Flow,
            id: None,
            title: text_at(message, "/interactive/nfm_reply/name")
                .or_else(|| text_at(message, "/interactive/nfm_reply/body")),
            description: None,
            response_json: text_at(message, "/interactive/nfm_reply/response_json"),
        },
        _ => return None,
    };
    Some(MessageContent::InteractiveReply { reply })
}

fn order(message: &Value) -> Option<MessageContent> {
    let order = message.get("order")?;
    let items = order
        .get("product_items")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|i| {
                    Some(OrderItem {
                        product_retailer_id: text_at(i, "/product_retailer_id")?,
                        quantity: number_at(i, "/quantity").map_or(1, |q| q as i64),
                        item_price: number_at(i, "/item_price").unwrap_or_default(),
                        currency: text_at(i, "/currency").unwrap_or_default(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Some(MessageContent::Order {
        order: Order {
            catalog_id: text_at(order, "/catalog_id"),
            text: text_at(order, "/text"),
            items,
        },
    })
}

pub(crate) fn context_of(message: &Value) -> Option<MessageContext> {
    let context = message.get("context")?;
    let flag = |key: &str| context.get(key).and_then(Value::as_bool).unwrap_or(false);
    let parsed = MessageContext {
        quoted_wamid: text_at(context, "/id"),
        forwarded: flag("forwarded"),
        frequently_forwarded: flag("frequently_forwarded"),
        referred_product_id: text_at(context, "/referred_product/product_retailer_id"),
    };
    (parsed != MessageContext::default()).then_some(parsed)
}

pub(crate) fn referral_of(message: &Value) -> Option<Referral> {
    let r = message.get("referral")?;
    Some(Referral {
        source_url: text_at(r, "/source_url"),
        source_type: text_at(r, "/source_type"),
        source_id: text_at(r, "/source_id"),
        headline: text_at(r, "/headline"),
        body: text_at(r, "/body"),
        media_type: text_at(r, "/media_type"),
        image_url: text_at(r, "/image_url"),
        video_url: text_at(r, "/video_url"),
        ctwa_clid: text_at(r, "/ctwa_clid"),
    })
}
