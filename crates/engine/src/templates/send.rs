//! Sending an approved template to a customer: the one message allowed when the 24-hour
//! window is closed. Everything Meta would refuse at once (a value with a line break, a
//! missing value, a paused template, marketing to a customer who opted out) is refused
//! here first, in plain words.

use parley_core::ConversationId;
use parley_core::agent::SentBy;
use parley_core::content::MessageContent;
use parley_core::message::Message;
use parley_core::template::{
    Component, HeaderFormat, ParameterFormat, ParameterSlot, SlotComponent, TemplateButton,
    TemplateCategory, TemplateDefinition, TemplateStatus, check_parameter_value, parameters,
};
use parley_store::{Outbound, Quoting};
use parley_whatsapp::api::{SendMessageRequest, TemplateParameter, TemplateSendComponent};

use super::{TemplateError, known_status};

/// What the composer's template form fills in.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TemplateSend {
    pub name: String,
    pub language: String,
    /// The text parameters, in the order `parley_core::template::parameters` lists them
    /// (header, body, URL buttons).
    pub values: Vec<String>,
    /// The header of a template whose header is an image, video, document or location.
    pub header: Option<TemplateHeaderInput>,
    /// The code a copy-code button copies (a coupon code: at most 15 characters).
    pub copy_code: Option<String>,
}

/// The media or place for a template's header.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TemplateHeaderInput {
    /// A file on this machine, copied and uploaded like an attachment.
    File { path: String },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
}
use crate::events::Announcement;
use crate::{Engine, EngineError, now};

impl Engine {
    /// Queues an approved template to the conversation's customer. Allowed when the
    /// 24-hour window is closed.
    pub async fn send_template(
        &self,
        conversation_id: ConversationId,
        send: &TemplateSend,
        by: SentBy,
    ) -> Result<Message, EngineError> {
        let (name, language, values) = (&send.name, &send.language, &send.values);
        let store = &self.shared.store;
        let conversation = store.conversation(conversation_id).await?;
        let record = store.template_named(name, language).await?;
        let status = record.as_ref().map(|r| r.status.clone());
        let record = match record {
            Some(r) if known_status(&r.status) == Some(TemplateStatus::Approved) => r,
            _ => {
                return Err(TemplateError::NotSendable {
                    name: name.to_owned(),
                    language: language.to_owned(),
                    status,
                }
                .into());
            }
        };
        let definition = record.definition()?;
        if definition.category == TemplateCategory::Marketing
            && conversation.contact.marketing_opt_out
        {
            return Err(TemplateError::MarketingOptOut.into());
        }
        if let Some(format) = media_header(&definition) {
            return Err(TemplateError::MediaHeader(format).into());
        }
        let slots = parameters(&definition);
        if slots.len() != values.len() {
            return Err(TemplateError::ParameterCount {
                expected: slots.len(),
                given: values.len(),
            }
            .into());
        }
        for (slot, value) in slots.iter().zip(values) {
            check_parameter_value(value).map_err(|problem| TemplateError::Value {
                parameter: slot.name.clone(),
                problem,
            })?;
        }
        let request = SendMessageRequest::template(
            &conversation.contact.wa_id,
            name,
            language,
            send_components(&definition, &slots, values),
        );
        let payload =
            serde_json::to_string(&request).map_err(|e| EngineError::Internal(e.to_string()))?;
        // Shown in the thread as the customer reads it.
        let content = MessageContent::Text {
            body: rendered(&definition, &slots, values),
            preview_url: false,
        };
        let message = store
            .enqueue(
                &Outbound {
                    conversation_id,
                    content: &content,
                    quoting: Quoting::default(),
                    file: None,
                    payload: &payload,
                    sent_by: &by,
                },
                now(),
            )
            .await?;
        self.shared
            .announce(Announcement::Conversation(conversation_id));
        self.shared.announce(Announcement::MessageAdded(message.id));
        self.shared.wake_sender.notify_one();
        Ok(message)
    }
}

/// The header's media kind, for a template whose header needs a file to send.
fn media_header(definition: &TemplateDefinition) -> Option<String> {
    definition.components.iter().find_map(|c| match c {
        Component::Header(h) if h.format != HeaderFormat::Text => Some(
            serde_json::to_value(h.format)
                .ok()
                .and_then(|v| v.as_str().map(str::to_lowercase))
                .unwrap_or_else(|| "media".to_owned()),
        ),
        _ => None,
    })
}

/// Meta's `components` of a template send: header and body values (named ones carry
/// `parameter_name`), one component per URL button, and the code of a copy-code button
/// (its example: the template fixes no other).
fn send_components(
    definition: &TemplateDefinition,
    slots: &[ParameterSlot],
    values: &[String],
) -> Vec<TemplateSendComponent> {
    let named = definition.parameter_format == Some(ParameterFormat::Named);
    let text = |slot: &ParameterSlot, value: &String| {
        if named {
            TemplateParameter::named(&slot.name, value)
        } else {
            TemplateParameter::text(value)
        }
    };
    let of = |component: SlotComponent| -> Vec<TemplateParameter> {
        slots
            .iter()
            .zip(values)
            .filter(|(slot, _)| slot.component == component)
            .map(|(slot, value)| text(slot, value))
            .collect()
    };
    let mut components = Vec::new();
    let header = of(SlotComponent::Header);
    if !header.is_empty() {
        components.push(TemplateSendComponent::header(header));
    }
    let body = of(SlotComponent::Body);
    if !body.is_empty() {
        components.push(TemplateSendComponent::body(body));
    }
    for (slot, value) in slots.iter().zip(values) {
        if let (SlotComponent::Button, Some(index)) = (slot.component, slot.button) {
            components.push(TemplateSendComponent::url_button(index, value));
        }
    }
    let buttons = definition.components.iter().find_map(|c| match c {
        Component::Buttons(b) => Some(&b.buttons),
        _ => None,
    });
    for (index, button) in buttons.into_iter().flatten().enumerate() {
        if let TemplateButton::CopyCode { example } = button {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            components.push(TemplateSendComponent::copy_code_button(index, example));
        }
    }
    components
}

/// The text the customer receives: header, body and footer with the values filled in.
fn rendered(definition: &TemplateDefinition, slots: &[ParameterSlot], values: &[String]) -> String {
    let fill = |text: &str, component: SlotComponent| {
        slots
            .iter()
            .zip(values)
            .filter(|(slot, _)| slot.component == component)
            .fold(text.to_owned(), |text, (slot, value)| {
                text.replace(&format!("{{{{{}}}}}", slot.name), value)
            })
    };
    definition
        .components
        .iter()
        .filter_map(|c| match c {
            Component::Header(h) => h.text.as_deref().map(|t| fill(t, SlotComponent::Header)),
            Component::Body(b) => Some(fill(&b.text, SlotComponent::Body)),
            Component::Footer(f) => Some(f.text.clone()),
            Component::Buttons(_) => None,
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition(json: serde_json::Value) -> TemplateDefinition {
        serde_json::from_value(json).expect("template")
    }

    #[test]
    fn named_values_carry_their_names_and_fill_the_text() {
        let def = definition(serde_json::json!({
            "name": "order_ready", "language": "en_US", "category": "UTILITY",
            "parameter_format": "NAMED",
            "components": [
                {"type": "HEADER", "format": "TEXT", "text": "Order {{order}}",
                 "example": {"header_text_named_params": [{"param_name": "order", "example": "A1"}]}},
                {"type": "BODY", "text": "Hi {{first_name}}, order {{order}} is ready.",
                 "example": {"body_text_named_params": [
                     {"param_name": "first_name", "example": "Dana"},
                     {"param_name": "order", "example": "A1"}]}},
                {"type": "FOOTER", "text": "Parley shop"}
            ]
        }));
        let slots = parameters(&def);
        let values: Vec<String> = slots.iter().map(|s| format!("<{}>", s.name)).collect();
        let components =
            serde_json::to_value(send_components(&def, &slots, &values)).expect("json");
        assert_eq!(components[0]["type"], "header");
        assert_eq!(components[0]["parameters"][0]["parameter_name"], "order");
        assert_eq!(components[1]["type"], "body");
        assert_eq!(
            components[1]["parameters"][0]["parameter_name"],
            "first_name"
        );
        assert_eq!(components[1]["parameters"][0]["text"], "<first_name>");
        assert_eq!(
            rendered(&def, &slots, &values),
            "Order <order>\n\nHi <first_name>, order <order> is ready.\n\nParley shop"
        );
    }

    #[test]
    fn positional_values_and_a_url_button_go_in_order() {
        let def = definition(serde_json::json!({
            "name": "track", "language": "en_US", "category": "UTILITY",
            "components": [
                {"type": "BODY", "text": "Parcel {{1}} leaves on {{2}} today.",
                 "example": {"body_text": [["P1", "Monday"]]}},
                {"type": "BUTTONS", "buttons": [
                    {"type": "URL", "text": "Track", "url": "https://x.test/t/{{1}}",
                     "example": ["https://x.test/t/P1"]}]}
            ]
        }));
        let slots = parameters(&def);
        let values = vec!["P9".to_owned(), "Friday".to_owned(), "P9".to_owned()];
        let components =
            serde_json::to_value(send_components(&def, &slots, &values)).expect("json");
        assert_eq!(components[0]["parameters"][1]["text"], "Friday");
        assert!(
            components[0]["parameters"][1]
                .get("parameter_name")
                .is_none()
        );
        assert_eq!(components[1]["sub_type"], "url");
        assert_eq!(components[1]["index"], "0");
        assert_eq!(
            rendered(&def, &slots, &values),
            "Parcel P9 leaves on Friday today."
        );
    }
}
