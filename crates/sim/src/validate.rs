//! What the Cloud API checks in a send request before accepting it, type by type.

use serde_json::Value;

use crate::graph_error::MetaError;
use crate::media_store::MediaStore;

/// Longest text body Meta accepts.
const MAX_TEXT_CHARS: usize = 4096;

/// A send the simulator accepted.
pub(crate) struct AcceptedSend {
    pub wa_id: String,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

fn invalid(details: impl Into<String>) -> MetaError {
    MetaError::invalid_parameter(details)
}

fn required<'a>(value: &'a Value, pointer: &str, name: &str) -> Result<&'a str, MetaError> {
    text(value, pointer)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid(format!("(#100) The parameter {name} is required.")))
}

fn at_most(value: &str, limit: usize, name: &str) -> Result<(), MetaError> {
    if chars(value) > limit {
        return Err(invalid(format!(
            "(#100) Param {name} must be at most {limit} characters long."
        )));
    }
    Ok(())
}

/// Checks a `POST /{phone_number_id}/messages` body that is not a read receipt.
pub(crate) fn send_request(request: &Value, media: &MediaStore) -> Result<AcceptedSend, MetaError> {
    if text(request, "/messaging_product") != Some("whatsapp") {
        return Err(invalid(
            "(#100) The parameter messaging_product is required.",
        ));
    }
    let to = required(request, "/to", "to")?;
    let wa_id: String = to.chars().filter(char::is_ascii_digit).collect();
    if wa_id.len() < 6 || wa_id.len() > 15 {
        return Err(invalid(format!(
            "Parameter value is not valid: {to:?} is not a phone number in international format"
        )));
    }
    if let Some(context) = request.get("context") {
        required(context, "/message_id", "context['message_id']")?;
    }
    let kind = text(request, "/type").unwrap_or("text");
    match kind {
        "text" => {
            let body = required(request, "/text/body", "text['body']")?;
            at_most(body, MAX_TEXT_CHARS, "text['body']")?;
        }
        "image" | "video" | "audio" | "document" | "sticker" => media_object(request, kind, media)?,
        "location" => location(request)?,
        "reaction" => {
            required(request, "/reaction/message_id", "reaction['message_id']")?;
            if !request
                .pointer("/reaction/emoji")
                .is_some_and(Value::is_string)
            {
                return Err(invalid(
                    "(#100) The parameter reaction['emoji'] is required.",
                ));
            }
        }
        "interactive" => interactive(request)?,
        // Whether the template exists and the values fit it is checked against the
        // account's templates (`templates::check_send`).
        "template" => {
            required(request, "/template/name", "template['name']")?;
            required(
                request,
                "/template/language/code",
                "template['language']['code']",
            )?;
        }
        other => {
            return Err(invalid(format!(
                "(#100) Param type must be one of {{text, image, video, audio, document, sticker, location, reaction, interactive, template}}, got {other:?}"
            )));
        }
    }
    Ok(AcceptedSend { wa_id })
}

fn media_object(request: &Value, kind: &str, media: &MediaStore) -> Result<(), MetaError> {
    let object = request
        .get(kind)
        .ok_or_else(|| invalid(format!("(#100) The parameter {kind} is required.")))?;
    match (text(object, "/id"), text(object, "/link")) {
        (Some(id), _) => {
            if media.get(id).is_none() {
                return Err(invalid(format!(
                    "(#100) Invalid parameter: media id {id} does not exist or has expired"
                )));
            }
        }
        (None, Some(link)) if link.starts_with("https://") || link.starts_with("http://") => {}
        _ => {
            return Err(invalid(format!(
                "(#100) The parameter {kind}['id'] or {kind}['link'] is required."
            )));
        }
    }
    if let Some(caption) = text(object, "/caption") {
        if matches!(kind, "audio" | "sticker") {
            return Err(invalid(format!(
                "(#100) Param {kind}['caption'] is not allowed."
            )));
        }
        at_most(caption, 1024, &format!("{kind}['caption']"))?;
    }
    Ok(())
}

fn location(request: &Value) -> Result<(), MetaError> {
    let coordinate = |key: &str, limit: f64| {
        request
            .pointer(&format!("/location/{key}"))
            .and_then(|v| match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            })
            .filter(|v| v.abs() <= limit)
            .ok_or_else(|| {
                invalid(format!(
                    "(#100) Param location['{key}'] is not a valid coordinate."
                ))
            })
    };
    coordinate("latitude", 90.0)?;
    coordinate("longitude", 180.0)?;
    Ok(())
}

fn interactive(request: &Value) -> Result<(), MetaError> {
    let object = request
        .get("interactive")
        .ok_or_else(|| invalid("(#100) The parameter interactive is required."))?;
    let body = required(object, "/body/text", "interactive['body']['text']")?;
    at_most(body, 1024, "interactive['body']['text']")?;
    if let Some(header) = text(object, "/header/text") {
        at_most(header, 60, "interactive['header']['text']")?;
    }
    if let Some(footer) = text(object, "/footer/text") {
        at_most(footer, 60, "interactive['footer']['text']")?;
    }
    match text(object, "/type") {
        Some("button") => {
            let buttons = object
                .pointer("/action/buttons")
                .and_then(Value::as_array)
                .filter(|b| (1..=3).contains(&b.len()))
                .ok_or_else(|| {
                    invalid(
                        "(#100) Param interactive['action']['buttons'] must have 1 to 3 buttons.",
                    )
                })?;
            for button in buttons {
                required(
                    button,
                    "/reply/id",
                    "interactive['action']['buttons'][]['reply']['id']",
                )?;
                let title = required(
                    button,
                    "/reply/title",
                    "interactive['action']['buttons'][]['reply']['title']",
                )?;
                at_most(
                    title,
                    20,
                    "interactive['action']['buttons'][]['reply']['title']",
                )?;
            }
        }
        Some("list") => {
            let button = required(object, "/action/button", "interactive['action']['button']")?;
            at_most(button, 20, "interactive['action']['button']")?;
            let sections = object
                .pointer("/action/sections")
                .and_then(Value::as_array)
                .filter(|s| (1..=10).contains(&s.len()))
                .ok_or_else(|| invalid("(#100) Param interactive['action']['sections'] must have 1 to 10 sections."))?;
            let mut rows = 0;
            for section in sections {
                for row in section
                    .get("rows")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    rows += 1;
                    required(row, "/id", "rows[]['id']")?;
                    at_most(
                        required(row, "/title", "rows[]['title']")?,
                        24,
                        "rows[]['title']",
                    )?;
                    if let Some(description) = text(row, "/description") {
                        at_most(description, 72, "rows[]['description']")?;
                    }
                }
            }
            if !(1..=10).contains(&rows) {
                return Err(invalid("(#100) A list must have 1 to 10 rows in all."));
            }
        }
        other => {
            return Err(invalid(format!(
                "(#100) Param interactive['type'] must be button or list here, got {other:?}"
            )));
        }
    }
    Ok(())
}
