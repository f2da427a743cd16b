//! Meta's webhook deliveries, parsed without trusting their shape.
//!
//! Real traffic varies between API versions and products: timestamps come as strings or
//! numbers, fields appear and disappear. Parsing therefore reads what Parley understands
//! and keeps every message's raw JSON, so nothing it cannot interpret yet is lost. The
//! only hard failure is a body that is not a JSON object with an `entry` list.

mod content;
mod notices;

use parley_core::Timestamp;
use parley_core::content::{MessageContent, MessageContext, Referral};
use serde_json::Value;

pub use notices::Notice;

/// The `object` of deliveries for WhatsApp Business Accounts.
pub const OBJECT_WHATSAPP: &str = "whatsapp_business_account";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WebhookParseError {
    #[error("the body is not valid JSON: {0}")]
    Json(String),
    #[error("the body is not a webhook delivery: {0}")]
    Shape(String),
}

/// One POST from Meta.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookDelivery {
    pub object: String,
    pub changes: Vec<Change>,
}

/// One change of one entry. `entry[].id` is the WABA id.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub waba_id: Option<String>,
    pub field: String,
    pub event: ChangeEvent,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChangeEvent {
    /// `field = messages`: inbound messages, statuses of outbound ones, errors.
    Messages(MessagesValue),
    /// Account fields Parley acts on (templates, quality, preferences), with the raw value.
    Notices { notices: Vec<Notice>, raw: Value },
    /// Any other field, kept as Meta sent it.
    Other(Value),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MessagesValue {
    pub phone_number_id: Option<String>,
    pub display_phone_number: Option<String>,
    pub contacts: Vec<ContactProfile>,
    pub messages: Vec<InboundMessage>,
    pub statuses: Vec<StatusUpdate>,
    pub errors: Vec<WebhookError>,
    /// Entries of `messages[]` or `statuses[]` without an id: they cannot be deduplicated
    /// or attached to anything, so they are handed back raw to be kept as such.
    pub unidentifiable: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactProfile {
    pub wa_id: Option<String>,
    /// Business-scoped user id, sent by newer API versions.
    pub user_id: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    /// `wamid...`: the deduplication key.
    pub id: String,
    pub from: Option<String>,
    /// Business-scoped user id, sent by newer API versions (which may omit `from`).
    pub from_user_id: Option<String>,
    pub timestamp: Option<Timestamp>,
    /// Meta's `type`; `unknown` when absent.
    pub kind: String,
    pub content: MessageContent,
    /// For an `edit`: the new content of the message it edits.
    pub edited: Option<MessageContent>,
    pub context: Option<MessageContext>,
    pub referral: Option<Referral>,
    pub errors: Vec<WebhookError>,
    /// The message object exactly as parsed.
    pub raw: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusUpdate {
    /// The `wamid` of the outbound message this status is about.
    pub id: String,
    /// Meta's status name (`sent`, `delivered`, `read`, `failed`, ...).
    pub status: String,
    pub timestamp: Option<Timestamp>,
    pub recipient_id: Option<String>,
    pub errors: Vec<WebhookError>,
    pub raw: Value,
}

/// An error in either of Meta's shapes: old (`code`, `title`) or new (`message`,
/// `error_data.details`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WebhookError {
    pub code: Option<i64>,
    pub title: Option<String>,
    pub message: Option<String>,
    pub details: Option<String>,
}

impl WebhookError {
    /// The best one-line description Meta gave.
    pub fn summary(&self) -> String {
        self.message
            .clone()
            .or_else(|| self.title.clone())
            .unwrap_or_else(|| "unknown error".to_owned())
    }
}

/// Parses a delivery body. Fails only when the body is not JSON or is not an object with
/// an `entry` list: Meta's envelope. Inside it, a part of an unexpected shape (an entry or
/// change that is not an object, a non-string `field`) becomes [`ChangeEvent::Other`] with
/// the raw value, so the well-formed changes next to it are still read and nothing is
/// dropped without a trace.
pub fn parse(body: &[u8]) -> Result<WebhookDelivery, WebhookParseError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| WebhookParseError::Json(e.to_string()))?;
    let Value::Object(mut envelope) = value else {
        return Err(WebhookParseError::Shape(
            "expected a JSON object with an `entry` list".to_owned(),
        ));
    };
    let Some(Value::Array(entries)) = envelope.remove("entry") else {
        return Err(WebhookParseError::Shape("no `entry` list".to_owned()));
    };
    let mut changes = Vec::new();
    for entry in entries {
        let Value::Object(mut entry) = entry else {
            changes.push(Change::unreadable(None, entry));
            continue;
        };
        let waba_id = entry.get("id").and_then(string_of);
        match entry.remove("changes") {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                changes.extend(
                    list.into_iter()
                        .map(|change| parse_change(&waba_id, change)),
                );
            }
            Some(other) => changes.push(Change::unreadable(waba_id.clone(), other)),
        }
    }
    let object = match envelope.remove("object") {
        Some(Value::String(object)) => object,
        _ => String::new(),
    };
    Ok(WebhookDelivery { object, changes })
}

fn parse_change(waba_id: &Option<String>, change: Value) -> Change {
    let Value::Object(mut change) = change else {
        return Change::unreadable(waba_id.clone(), change);
    };
    let value = change.remove("value").unwrap_or(Value::Null);
    let Some(Value::String(field)) = change.remove("field") else {
        return Change::unreadable(waba_id.clone(), value);
    };
    let event = if field == "messages" {
        ChangeEvent::Messages(parse_messages_value(&value))
    } else if let Some(notices) = notices::notices_of(&field, &value) {
        ChangeEvent::Notices {
            notices,
            raw: value,
        }
    } else {
        ChangeEvent::Other(value)
    };
    Change {
        waba_id: waba_id.clone(),
        field,
        event,
    }
}

impl Change {
    /// A part of the delivery in a shape Parley does not know, kept as it came.
    fn unreadable(waba_id: Option<String>, raw: Value) -> Change {
        Change {
            waba_id,
            field: String::new(),
            event: ChangeEvent::Other(raw),
        }
    }
}

fn parse_messages_value(value: &Value) -> MessagesValue {
    let mut out = MessagesValue {
        phone_number_id: value
            .pointer("/metadata/phone_number_id")
            .and_then(string_of),
        display_phone_number: value
            .pointer("/metadata/display_phone_number")
            .and_then(string_of),
        contacts: array(value, "contacts")
            .map(|c| ContactProfile {
                wa_id: c.get("wa_id").and_then(string_of),
                user_id: c.get("user_id").and_then(string_of),
                name: c.pointer("/profile/name").and_then(string_of),
            })
            .collect(),
        errors: parse_errors(value.get("errors")),
        ..MessagesValue::default()
    };
    for message in array(value, "messages") {
        match message.get("id").and_then(string_of) {
            Some(id) => out.messages.push(parse_message(id, message)),
            None => out.unidentifiable.push(message.clone()),
        }
    }
    for status in array(value, "statuses") {
        let id = status.get("id").and_then(string_of);
        let name = status.get("status").and_then(string_of);
        match (id, name) {
            (Some(id), Some(status_name)) => out.statuses.push(StatusUpdate {
                id,
                status: status_name,
                timestamp: status.get("timestamp").and_then(timestamp_of),
                recipient_id: status.get("recipient_id").and_then(string_of),
                errors: parse_errors(status.get("errors")),
                raw: status.clone(),
            }),
            _ => out.unidentifiable.push(status.clone()),
        }
    }
    out
}

fn parse_message(id: String, message: &Value) -> InboundMessage {
    let kind = message
        .get("type")
        .and_then(string_of)
        .unwrap_or_else(|| "unknown".to_owned());
    let errors = parse_errors(message.get("errors"));
    InboundMessage {
        id,
        from: message.get("from").and_then(string_of),
        from_user_id: message.get("from_user_id").and_then(string_of),
        timestamp: message.get("timestamp").and_then(timestamp_of),
        content: content::content_of(&kind, message, &errors),
        edited: (kind == "edit")
            .then(|| content::edited_content(message, &errors))
            .flatten(),
        context: content::context_of(message),
        referral: content::referral_of(message),
        kind,
        errors,
        raw: message.clone(),
    }
}

fn parse_errors(errors: Option<&Value>) -> Vec<WebhookError> {
    let Some(Value::Array(errors)) = errors else {
        return Vec::new();
    };
    errors
        .iter()
        .map(|e| WebhookError {
            code: e.get("code").and_then(integer_of),
            title: e.get("title").and_then(string_of),
            message: e.get("message").and_then(string_of),
            details: e.pointer("/error_data/details").and_then(string_of),
        })
        .collect()
}

fn array<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Ids and names arrive as strings, but a number where a string belongs must not drop
/// the whole message.
fn string_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn integer_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Unix seconds, as a string (usual) or a number (sometimes).
fn timestamp_of(value: &Value) -> Option<Timestamp> {
    let seconds = match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }?;
    // Anything beyond year 9999 is garbage, not a time.
    (0..=253_402_300_799)
        .contains(&seconds)
        .then(|| Timestamp::from_unix_seconds(seconds))
}

#[cfg(test)]
mod tests;
