//! Sending an approved template to a customer: the one message allowed when the 24-hour
//! window is closed. Everything Meta would refuse at once (a value with a line break, a
//! missing value, a header file of the wrong kind, a missing code, a paused template,
//! marketing to a customer who opted out) is refused here first, in plain words, before
//! anything is queued.

mod content;
mod header;

use parley_core::ConversationId;
use parley_core::agent::SentBy;
use parley_core::content::MessageContent;
use parley_core::message::Message;
use parley_core::template::{
    COPY_CODE_MAX_CHARS, Component, ParameterValueProblem, TemplateButton, TemplateCategory,
    TemplateDefinition, TemplateStatus, check_parameter_value, parameters,
};
use parley_store::{Outbound, Quoting};
use parley_whatsapp::api::SendMessageRequest;

pub(crate) use header::header_file_types;

use super::{TemplateError, known_status};
use crate::events::Announcement;
use crate::{Engine, EngineError, now};

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

impl Engine {
    /// Queues an approved template to the conversation's customer. Allowed when the
    /// 24-hour window is closed. A header file is copied into the data directory and
    /// uploaded by the sender, like an attachment; the message keeps the template's
    /// shape (`MessageContent::Template`).
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
            Some(r) if known_status(&r.status).is_some_and(TemplateStatus::is_sendable) => r,
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
        let checked_header = header::check(&definition, send.header.as_ref()).await?;
        let copy_code = check_copy_code(&definition, send.copy_code.as_deref())?;
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
        // Copied only now that nothing else can refuse the send: no stray copies.
        let header = checked_header
            .prepare(&self.shared.media_dir.join("outbound"))
            .await?;
        let filled = content::Filled {
            definition: &definition,
            slots: &slots,
            values,
            copy_code,
        };
        let request = SendMessageRequest::template(
            &conversation.contact.wa_id,
            name,
            language,
            filled.components(header.parameter),
        );
        let payload =
            serde_json::to_string(&request).map_err(|e| EngineError::Internal(e.to_string()))?;
        let content = MessageContent::Template {
            template: filled.message(header.shown),
        };
        let message = store
            .enqueue(
                &Outbound {
                    conversation_id,
                    content: &content,
                    quoting: Quoting::default(),
                    file: header.file.as_ref(),
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

/// The code for the template's copy-code button: required when it has one (with Meta's
/// coupon limit and 132018 value rules), refused when it has none. An empty code is no
/// code.
fn check_copy_code<'a>(
    definition: &TemplateDefinition,
    given: Option<&'a str>,
) -> Result<Option<&'a str>, TemplateError> {
    let has_button = definition.components.iter().any(|c| {
        matches!(c, Component::Buttons(b)
            if b.buttons.iter().any(|b| matches!(b, TemplateButton::CopyCode { .. })))
    });
    match (has_button, given.filter(|code| !code.is_empty())) {
        (false, None) => Ok(None),
        (false, Some(_)) => Err(TemplateError::CopyCodeNotTaken),
        (true, None) => Err(TemplateError::CopyCodeNeeded),
        (true, Some(code)) => {
            check_parameter_value(code).map_err(|problem| match problem {
                ParameterValueProblem::Empty => TemplateError::CopyCodeNeeded,
                problem => TemplateError::CopyCodeValue(problem),
            })?;
            let length = code.chars().count();
            if length > COPY_CODE_MAX_CHARS {
                return Err(TemplateError::CopyCodeTooLong { length });
            }
            Ok(Some(code))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_buttons(buttons: serde_json::Value) -> TemplateDefinition {
        serde_json::from_value(serde_json::json!({
            "name": "offer", "language": "en_US", "category": "MARKETING",
            "components": [
                {"type": "BODY", "text": "Our autumn offer is here, come and see it this week."},
                {"type": "BUTTONS", "buttons": buttons}
            ]
        }))
        .expect("template")
    }

    #[test]
    fn a_copy_code_is_required_exactly_when_the_template_has_the_button() {
        let coupon =
            with_buttons(serde_json::json!([{"type": "COPY_CODE", "example": "SAMPLE10"}]));
        let fifteen = "ABCDEFGHIJKLMNO";
        assert_eq!(
            check_copy_code(&coupon, Some(fifteen)).ok(),
            Some(Some(fifteen))
        );
        assert_eq!(
            check_copy_code(&coupon, Some("קוד-הנחה-15-תוו")).ok(),
            Some(Some("קוד-הנחה-15-תוו")),
            "characters, not bytes"
        );
        let too_long = check_copy_code(&coupon, Some("ABCDEFGHIJKLMNOP")).expect_err("16");
        assert!(matches!(
            too_long,
            TemplateError::CopyCodeTooLong { length: 16 }
        ));
        assert_eq!(
            too_long.to_string(),
            "the code to copy has 16 characters: WhatsApp allows at most 15"
        );
        for missing in [None, Some(""), Some("   ")] {
            let err = check_copy_code(&coupon, missing).expect_err("required");
            assert!(matches!(err, TemplateError::CopyCodeNeeded), "{missing:?}");
        }
        assert_eq!(
            TemplateError::CopyCodeNeeded.to_string(),
            "this template has a copy-code button: enter the code the customer will copy (at most 15 characters)"
        );
        let err = check_copy_code(&coupon, Some("AUT	UMN")).expect_err("a tab");
        assert_eq!(
            err.to_string(),
            "the code to copy cannot be sent: values cannot contain tabs"
        );

        let plain = with_buttons(serde_json::json!([{"type": "QUICK_REPLY", "text": "Stop"}]));
        assert_eq!(check_copy_code(&plain, None).ok(), Some(None));
        assert_eq!(check_copy_code(&plain, Some("")).ok(), Some(None));
        let err = check_copy_code(&plain, Some("AUTUMN25")).expect_err("no such button");
        assert_eq!(
            err.to_string(),
            "this template has no copy-code button: send it without a code"
        );
    }
}
