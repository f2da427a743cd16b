//! Template bodies: creating, editing and uploading examples for templates
//! (`POST /{waba_id}/message_templates`, `POST /{template_id}`, the resumable upload), and
//! the `template` object of a send (`TemplateObject` in Meta's OpenAPI spec).

use parley_core::media::MediaKind;
use parley_core::template::{Component, TemplateCategory, TemplateStatus};
use serde::{Deserialize, Serialize};

use super::{LocationObject, MediaObject};

/// The answer to `POST /{waba_id}/message_templates`: the new template, under review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedTemplate {
    pub id: String,
    pub status: TemplateStatus,
    pub category: TemplateCategory,
}

/// `POST /{template_id}`: what an edit may change (name and language are fixed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditTemplateRequest<'a> {
    pub category: TemplateCategory,
    pub components: &'a [Component],
}

/// `POST /{app_id}/uploads`: the session a resumable upload writes into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadSession {
    /// `upload:...`, the path the bytes are posted to.
    pub id: String,
}

/// `POST /upload:{session}`: the handle to put in a template's `header_handle` example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedHandle {
    pub h: String,
}

/// `{"type": "template", "template": {...}}` in a send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateObject {
    pub name: String,
    pub language: TemplateLanguage,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<TemplateSendComponent>,
}

impl TemplateObject {
    /// The image, video or document of the header, whose id the sender fills in after
    /// uploading the file.
    pub fn header_media_mut(&mut self) -> Option<&mut MediaObject> {
        self.components
            .iter_mut()
            .filter(|c| c.kind == "header")
            .flat_map(|c| c.parameters.iter_mut())
            .find_map(|p| match p {
                TemplateParameter::Image { image: m }
                | TemplateParameter::Video { video: m }
                | TemplateParameter::Document { document: m } => Some(m),
                _ => None,
            })
    }
}

/// Meta requires the policy, and `deterministic` is its only value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateLanguage {
    pub policy: String,
    pub code: String,
}

impl TemplateLanguage {
    pub fn new(code: impl Into<String>) -> Self {
        Self {
            policy: "deterministic".to_owned(),
            code: code.into(),
        }
    }
}

/// The values for one component of the template: `header`, `body` or `button`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateSendComponent {
    #[serde(rename = "type")]
    pub kind: String,
    /// For buttons: `quick_reply` or `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    /// For buttons: the button's position in the template, as a string ("0".."9").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
    #[serde(default)]
    pub parameters: Vec<TemplateParameter>,
}

impl TemplateSendComponent {
    pub fn header(parameters: Vec<TemplateParameter>) -> Self {
        Self {
            kind: "header".to_owned(),
            sub_type: None,
            index: None,
            parameters,
        }
    }

    pub fn body(parameters: Vec<TemplateParameter>) -> Self {
        Self {
            kind: "body".to_owned(),
            sub_type: None,
            index: None,
            parameters,
        }
    }

    /// The trailing variable of the URL button at `index`.
    pub fn url_button(index: u32, value: impl Into<String>) -> Self {
        Self {
            kind: "button".to_owned(),
            sub_type: Some("url".to_owned()),
            index: Some(index.to_string()),
            parameters: vec![TemplateParameter::text(value)],
        }
    }

    /// The one-time-password button of an authentication template: Meta wants the code
    /// again here, as the parameter of a `url` button.
    pub fn otp_button(index: u32, code: impl Into<String>) -> Self {
        Self::url_button(index, code)
    }

    /// The copy-code button at `index`, with the code the customer copies.
    pub fn copy_code_button(index: u32, code: impl Into<String>) -> Self {
        Self {
            kind: "button".to_owned(),
            sub_type: Some("copy_code".to_owned()),
            index: Some(index.to_string()),
            parameters: vec![TemplateParameter::CouponCode {
                coupon_code: code.into(),
            }],
        }
    }
}

/// One value filled into a template: text (positional, or named with `parameter_name`),
/// header media or location, or a button payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TemplateParameter {
    Text {
        text: String,
        /// Set for templates with NAMED parameters (`{{first_name}}`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parameter_name: Option<String>,
    },
    Image {
        image: MediaObject,
    },
    Video {
        video: MediaObject,
    },
    Document {
        document: MediaObject,
    },
    Location {
        location: LocationObject,
    },
    Payload {
        payload: String,
    },
    CouponCode {
        coupon_code: String,
    },
}

impl TemplateParameter {
    /// A positional value (`{{1}}`, `{{2}}`... in order).
    pub fn text(value: impl Into<String>) -> Self {
        Self::Text {
            text: value.into(),
            parameter_name: None,
        }
    }

    /// A value for the named parameter `{{name}}`.
    pub fn named(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::Text {
            text: value.into(),
            parameter_name: Some(name.into()),
        }
    }

    /// A header's image, video or document (`None` for a kind a header cannot show).
    /// Without an id, the sender uploads the message's file and fills it in.
    pub fn header_media(kind: MediaKind, media: MediaObject) -> Option<Self> {
        match kind {
            MediaKind::Image => Some(Self::Image { image: media }),
            MediaKind::Video => Some(Self::Video { video: media }),
            MediaKind::Document => Some(Self::Document { document: media }),
            MediaKind::Audio | MediaKind::Voice | MediaKind::Sticker => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{SendBody, SendMessageRequest};
    use super::*;

    fn with_header(header: TemplateParameter) -> SendMessageRequest {
        SendMessageRequest::template(
            "972501234567",
            "new_arrivals",
            "en_US",
            vec![
                TemplateSendComponent::header(vec![header]),
                TemplateSendComponent::body(vec![TemplateParameter::text("Dana")]),
                TemplateSendComponent::copy_code_button(0, "AUTUMN25"),
            ],
        )
    }

    #[test]
    fn a_header_image_is_sent_as_metas_image_parameter_and_its_id_filled_in() {
        let image = TemplateParameter::header_media(MediaKind::Image, MediaObject::default())
            .expect("an image header");
        let mut request = with_header(image);
        let media = request.media_mut().expect("the header's media");
        assert_eq!(media.id, None);
        media.id = Some("1013".to_owned());
        let json = serde_json::to_value(&request).expect("json");
        assert_eq!(
            json["template"]["components"][0],
            json!({"type": "header", "parameters": [{"type": "image", "image": {"id": "1013"}}]})
        );
        assert_eq!(
            json["template"]["components"][2],
            json!({"type": "button", "sub_type": "copy_code", "index": "0",
                   "parameters": [{"type": "coupon_code", "coupon_code": "AUTUMN25"}]})
        );
        let back: SendMessageRequest = serde_json::from_value(json).expect("round trip");
        assert_eq!(back, request);
    }

    #[test]
    fn a_header_document_keeps_its_file_name() {
        let document = TemplateParameter::header_media(
            MediaKind::Document,
            MediaObject {
                filename: Some("invoice.pdf".to_owned()),
                ..MediaObject::default()
            },
        )
        .expect("a document header");
        let json = serde_json::to_value(with_header(document)).expect("json");
        assert_eq!(
            json["template"]["components"][0]["parameters"][0],
            json!({"type": "document", "document": {"filename": "invoice.pdf"}})
        );
    }

    #[test]
    fn a_location_header_has_no_media_to_upload() {
        let place = TemplateParameter::Location {
            location: LocationObject {
                latitude: 32.0853,
                longitude: 34.7818,
                name: Some("Parley shop".to_owned()),
                address: None,
            },
        };
        let mut request = with_header(place);
        assert!(request.media_mut().is_none());
        let json = serde_json::to_value(&request).expect("json");
        assert_eq!(
            json["template"]["components"][0]["parameters"][0],
            json!({"type": "location", "location": {"latitude": "32.0853", "longitude": "34.7818", "name": "Parley shop"}})
        );
        // A template without a header has nothing to upload either.
        let SendBody::Template { template } = &mut request.body else {
            unreachable!()
        };
        template.components.remove(0);
        assert!(request.media_mut().is_none());
    }

    #[test]
    fn audio_and_stickers_cannot_be_a_header() {
        for kind in [MediaKind::Audio, MediaKind::Voice, MediaKind::Sticker] {
            assert_eq!(
                TemplateParameter::header_media(kind, MediaObject::default()),
                None
            );
        }
    }
}
