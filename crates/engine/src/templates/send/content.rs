//! A template send filled in: Meta's `components` for the request, and the same template
//! as the customer sees it (`TemplateMessage`) for the thread.

use parley_core::content::{
    TemplateMessage, TemplateMessageButton, TemplateMessageButtonKind, TemplateMessageHeader,
};
use parley_core::template::{
    Component, ParameterFormat, ParameterSlot, SlotComponent, TemplateButton, TemplateDefinition,
};
use parley_whatsapp::api::{TemplateParameter, TemplateSendComponent};

/// What WhatsApp writes on a copy-code button: the template gives it no text of its own.
const COPY_CODE_TEXT: &str = "Copy offer code";
/// What WhatsApp writes on a one-time-password button the template gives no text.
const OTP_TEXT: &str = "Copy code";

/// A template with the values of one send: `values` in the order of `slots`.
pub(super) struct Filled<'a> {
    pub definition: &'a TemplateDefinition,
    pub slots: &'a [ParameterSlot],
    pub values: &'a [String],
    pub copy_code: Option<&'a str>,
}

impl Filled<'_> {
    fn values_of(
        &self,
        component: SlotComponent,
    ) -> impl Iterator<Item = (&ParameterSlot, &String)> {
        self.slots
            .iter()
            .zip(self.values)
            .filter(move |(slot, _)| slot.component == component)
    }

    fn fill(&self, text: &str, component: SlotComponent) -> String {
        self.values_of(component)
            .fold(text.to_owned(), |text, (slot, value)| {
                text.replace(&placeholder(&slot.name), value)
            })
    }

    fn buttons(&self) -> impl Iterator<Item = (u32, &TemplateButton)> {
        self.definition
            .components
            .iter()
            .find_map(|c| match c {
                Component::Buttons(b) => Some(&b.buttons),
                _ => None,
            })
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(index, button)| (u32::try_from(index).unwrap_or(u32::MAX), button))
    }

    /// The value of the URL button at `index`.
    fn button_value(&self, index: u32) -> Option<(&ParameterSlot, &String)> {
        self.values_of(SlotComponent::Button)
            .find(|(slot, _)| slot.button == Some(index))
    }

    /// An authentication template's code: the value of its body's `{{1}}`.
    fn one_time_password(&self) -> Option<&String> {
        self.values_of(SlotComponent::Body).next().map(|(_, v)| v)
    }

    /// Meta's `components` of the send: the header (its text values, or `header` for a
    /// media or location header), the body's values (named ones carry `parameter_name`),
    /// one component per URL button, the copy code, and an authentication code again for
    /// its button.
    pub fn components(&self, header: Option<TemplateParameter>) -> Vec<TemplateSendComponent> {
        let named = self.definition.parameter_format == Some(ParameterFormat::Named);
        let text = |(slot, value): (&ParameterSlot, &String)| {
            if named {
                TemplateParameter::named(&slot.name, value)
            } else {
                TemplateParameter::text(value)
            }
        };
        let mut components = Vec::new();
        let header: Vec<TemplateParameter> = match header {
            Some(parameter) => vec![parameter],
            None => self.values_of(SlotComponent::Header).map(text).collect(),
        };
        if !header.is_empty() {
            components.push(TemplateSendComponent::header(header));
        }
        let body: Vec<TemplateParameter> = self.values_of(SlotComponent::Body).map(text).collect();
        if !body.is_empty() {
            components.push(TemplateSendComponent::body(body));
        }
        for (index, button) in self.buttons() {
            match button {
                TemplateButton::Url { .. } => {
                    if let Some((_, value)) = self.button_value(index) {
                        components.push(TemplateSendComponent::url_button(index, value));
                    }
                }
                TemplateButton::CopyCode { .. } => {
                    if let Some(code) = self.copy_code {
                        components.push(TemplateSendComponent::copy_code_button(index, code));
                    }
                }
                TemplateButton::Otp { .. } => {
                    if let Some(code) = self.one_time_password() {
                        components.push(TemplateSendComponent::otp_button(index, code));
                    }
                }
                TemplateButton::QuickReply { .. } | TemplateButton::PhoneNumber { .. } => {}
            }
        }
        components
    }

    /// The template as the customer's phone shows it. `header` is the media or place of
    /// a media or location header; a text header is filled from the values here.
    pub fn message(&self, header: Option<TemplateMessageHeader>) -> TemplateMessage {
        let mut shown_header = header;
        let mut body = String::new();
        let mut footer = None;
        for component in &self.definition.components {
            match component {
                Component::Header(h) => {
                    if let Some(text) = h.text.as_deref().filter(|t| !t.is_empty()) {
                        shown_header.get_or_insert(TemplateMessageHeader::Text {
                            text: self.fill(text, SlotComponent::Header),
                        });
                    }
                }
                Component::Body(b) => body = self.fill(&b.text, SlotComponent::Body),
                Component::Footer(f) if !f.text.is_empty() => footer = Some(f.text.clone()),
                Component::Footer(_) | Component::Buttons(_) => {}
            }
        }
        TemplateMessage {
            name: self.definition.name.clone(),
            language: self.definition.language.clone(),
            header: shown_header,
            body,
            footer,
            buttons: self.buttons().map(|(i, b)| self.button(i, b)).collect(),
        }
    }

    fn button(&self, index: u32, button: &TemplateButton) -> TemplateMessageButton {
        let (kind, text, value) = match button {
            TemplateButton::QuickReply { text } => {
                (TemplateMessageButtonKind::QuickReply, text.clone(), None)
            }
            TemplateButton::Url { text, url, .. } => {
                let link = match self.button_value(index) {
                    Some((slot, value)) => url.replace(&placeholder(&slot.name), value),
                    None => url.clone(),
                };
                (TemplateMessageButtonKind::Url, text.clone(), Some(link))
            }
            TemplateButton::PhoneNumber { text, phone_number } => (
                TemplateMessageButtonKind::PhoneNumber,
                text.clone(),
                Some(phone_number.clone()),
            ),
            TemplateButton::CopyCode { .. } => (
                TemplateMessageButtonKind::CopyCode,
                COPY_CODE_TEXT.to_owned(),
                self.copy_code.map(str::to_owned),
            ),
            TemplateButton::Otp { text, .. } => (
                TemplateMessageButtonKind::Otp,
                text.clone()
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| OTP_TEXT.to_owned()),
                self.one_time_password().cloned(),
            ),
        };
        TemplateMessageButton { kind, text, value }
    }
}

fn placeholder(name: &str) -> String {
    format!("{{{{{name}}}}}")
}

#[cfg(test)]
mod tests {
    use parley_core::template::parameters;

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
        let filled = Filled {
            definition: &def,
            slots: &slots,
            values: &values,
            copy_code: None,
        };
        let components = serde_json::to_value(filled.components(None)).expect("json");
        assert_eq!(components[0]["type"], "header");
        assert_eq!(components[0]["parameters"][0]["parameter_name"], "order");
        assert_eq!(components[1]["type"], "body");
        assert_eq!(
            components[1]["parameters"][0]["parameter_name"],
            "first_name"
        );
        assert_eq!(components[1]["parameters"][0]["text"], "<first_name>");
        let message = filled.message(None);
        assert_eq!(
            message.header,
            Some(TemplateMessageHeader::Text {
                text: "Order <order>".to_owned()
            })
        );
        assert_eq!(message.body, "Hi <first_name>, order <order> is ready.");
        assert_eq!(message.footer.as_deref(), Some("Parley shop"));
        assert!(message.buttons.is_empty());
    }

    #[test]
    fn every_button_shows_what_it_opens_calls_or_copies() {
        let def = definition(serde_json::json!({
            "name": "track", "language": "en_US", "category": "MARKETING",
            "components": [
                {"type": "BODY", "text": "Parcel {{1}} leaves on {{2}} today.",
                 "example": {"body_text": [["P1", "Monday"]]}},
                {"type": "BUTTONS", "buttons": [
                    {"type": "URL", "text": "Track", "url": "https://x.test/t/{{1}}",
                     "example": ["https://x.test/t/P1"]},
                    {"type": "URL", "text": "Shop", "url": "https://x.test/"},
                    {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+972501234567"},
                    {"type": "COPY_CODE", "example": "SAMPLE10"},
                    {"type": "QUICK_REPLY", "text": "Stop"}]}
            ]
        }));
        let slots = parameters(&def);
        let values = vec!["P9".to_owned(), "Friday".to_owned(), "P9".to_owned()];
        let filled = Filled {
            definition: &def,
            slots: &slots,
            values: &values,
            copy_code: Some("AUTUMN25"),
        };
        let components = serde_json::to_value(filled.components(None)).expect("json");
        assert_eq!(components[0]["parameters"][1]["text"], "Friday");
        assert!(
            components[0]["parameters"][1]
                .get("parameter_name")
                .is_none()
        );
        assert_eq!(components[1]["sub_type"], "url");
        assert_eq!(components[1]["index"], "0");
        assert_eq!(
            components[2],
            serde_json::json!({"type": "button", "sub_type": "copy_code", "index": "3",
                "parameters": [{"type": "coupon_code", "coupon_code": "AUTUMN25"}]}),
            "the code given, not the template's example"
        );
        assert_eq!(components.as_array().map(Vec::len), Some(3));

        let message = filled.message(None);
        assert_eq!(message.body, "Parcel P9 leaves on Friday today.");
        assert_eq!(message.header, None);
        let shown: Vec<(TemplateMessageButtonKind, &str, Option<&str>)> = message
            .buttons
            .iter()
            .map(|b| (b.kind, b.text.as_str(), b.value.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    TemplateMessageButtonKind::Url,
                    "Track",
                    Some("https://x.test/t/P9")
                ),
                (
                    TemplateMessageButtonKind::Url,
                    "Shop",
                    Some("https://x.test/")
                ),
                (
                    TemplateMessageButtonKind::PhoneNumber,
                    "Call us",
                    Some("+972501234567")
                ),
                (
                    TemplateMessageButtonKind::CopyCode,
                    "Copy offer code",
                    Some("AUTUMN25")
                ),
                (TemplateMessageButtonKind::QuickReply, "Stop", None),
            ]
        );
    }

    #[test]
    fn a_media_header_replaces_the_header_values_and_an_otp_code_goes_to_its_button() {
        let def = definition(serde_json::json!({
            "name": "login_code", "language": "en_US", "category": "AUTHENTICATION",
            "components": [
                {"type": "BODY", "text": "{{1}} is your verification code.",
                 "example": {"body_text": [["123456"]]}},
                {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]}
            ]
        }));
        let slots = parameters(&def);
        let values = vec!["845301".to_owned()];
        let filled = Filled {
            definition: &def,
            slots: &slots,
            values: &values,
            copy_code: None,
        };
        let place = TemplateParameter::Location {
            location: parley_whatsapp::api::LocationObject {
                latitude: 1.0,
                longitude: 2.0,
                name: None,
                address: None,
            },
        };
        let components = serde_json::to_value(filled.components(Some(place))).expect("json");
        assert_eq!(components[0]["type"], "header");
        assert_eq!(components[0]["parameters"][0]["type"], "location");
        assert_eq!(
            components[2],
            serde_json::json!({"type": "button", "sub_type": "url", "index": "0",
                "parameters": [{"type": "text", "text": "845301"}]})
        );
        let button = &filled.message(None).buttons[0];
        assert_eq!(
            (button.kind, button.text.as_str(), button.value.as_deref()),
            (TemplateMessageButtonKind::Otp, "Copy code", Some("845301"))
        );
    }
}
