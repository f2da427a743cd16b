//! Meta's error answers: `{"error": {message, type, code, error_subcode, error_data, fbtrace_id}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use parley_whatsapp::api::{GraphError, GraphErrorData, GraphErrorEnvelope};

/// Boxed: handlers return it through `Result`, and Meta's error object is large.
pub struct MetaError(Box<MetaErrorInner>);

struct MetaErrorInner {
    status: StatusCode,
    error: GraphError,
}

impl MetaError {
    fn new(status: StatusCode, kind: &str, code: i64, message: impl Into<String>) -> Self {
        Self(Box::new(MetaErrorInner {
            status,
            error: GraphError {
                message: message.into(),
                kind: kind.to_owned(),
                code,
                error_subcode: None,
                error_user_title: None,
                error_user_msg: None,
                error_data: None,
                fbtrace_id: Some(crate::ids::fbtrace_id()),
            },
        }))
    }

    fn details(mut self, details: impl Into<String>) -> Self {
        self.0.error.error_data = Some(GraphErrorData {
            messaging_product: Some("whatsapp".to_owned()),
            details: details.into(),
        });
        self
    }

    pub fn missing_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "OAuthException",
            104,
            "An access token is required to request this resource",
        )
    }

    pub fn invalid_token() -> Self {
        let mut e = Self::new(
            StatusCode::UNAUTHORIZED,
            "OAuthException",
            190,
            "Invalid OAuth access token - Cannot parse access token",
        );
        e.0.error.error_subcode = Some(463);
        e
    }

    pub fn unknown_object(id: &str) -> Self {
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "GraphMethodException",
            100,
            format!(
                "Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
            ),
        );
        e.0.error.error_subcode = Some(33);
        e
    }

    pub fn invalid_parameter(details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            100,
            "(#100) Invalid parameter",
        )
        .details(details)
    }

    pub fn throughput_reached() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            130429,
            "(#130429) Rate limit hit",
        )
        .details("Cloud API message throughput has been reached.")
    }

    pub fn pair_rate_limit() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            131056,
            "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        )
        .details("Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.")
    }

    pub fn server_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "OAuthException",
            131000,
            "(#131000) Something went wrong",
        )
        .details("Message failed to send because of an unknown error. Try again later.")
    }

    /// The error Meta answers with for `code`, as the simulator knows them.
    pub fn for_code(code: i64) -> Self {
        match code {
            130429 => Self::throughput_reached(),
            131056 => Self::pair_rate_limit(),
            190 => Self::invalid_token(),
            131000 => Self::server_error(),
            other => Self::new(
                StatusCode::BAD_REQUEST,
                "OAuthException",
                other,
                format!("(#{other}) Refused by the simulator on cue"),
            ),
        }
    }

    pub fn media_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "OAuthException",
            100,
            "(#100) The media URL has expired or does not exist",
        )
    }

    pub fn callback_not_verified(details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            2200,
            "(#2200) Callback verification failed with the following errors",
        )
        .details(details)
    }
}

/// Template answers.
impl MetaError {
    /// A refusal of `POST /{waba_id}/message_templates` (or an edit) with Meta's
    /// creation subcode and user-facing title and message.
    pub fn template_creation(subcode: i64, title: &str, user_message: impl Into<String>) -> Self {
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            100,
            "Invalid parameter",
        );
        e.0.error.error_subcode = Some(subcode);
        e.0.error.error_user_title = Some(title.to_owned());
        e.0.error.error_user_msg = Some(user_message.into());
        e
    }

    pub fn template_language_exists(name: &str, language: &str) -> Self {
        Self::template_creation(
            2388024,
            "Content in This Language Already Exists",
            format!(
                "There's already {language} content for the template {name}. Create a new template or edit the existing one."
            ),
        )
    }

    /// An edit Meta does not allow (status, category, or the monthly edit limit).
    pub fn template_edit_refused(user_message: impl Into<String>) -> Self {
        let user_message = user_message.into();
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            100,
            "Invalid parameter",
        )
        .details(user_message.clone());
        e.0.error.error_user_title = Some("Template can't be edited".to_owned());
        e.0.error.error_user_msg = Some(user_message);
        e
    }

    pub fn template_not_found(name: &str) -> Self {
        Self::invalid_parameter(format!("Message template \"{name}\" was not found"))
    }

    /// A refused template send: `code` is 132000, 132001, 132012, 132015, 132016 or 132018.
    pub fn template_send(code: i64, message: &str, details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            code,
            format!("(#{code}) {message}"),
        )
        .details(details)
    }
}

impl IntoResponse for MetaError {
    fn into_response(self) -> Response {
        let MetaErrorInner { status, error } = *self.0;
        (status, Json(GraphErrorEnvelope { error })).into_response()
    }
}
