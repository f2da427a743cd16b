//! Template bodies: creating, editing and uploading examples for templates
//! (`POST /{waba_id}/message_templates`, `POST /{template_id}`, the resumable upload), and
//! the `template` object of a send (`TemplateObject` in Meta's OpenAPI spec).

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
}
