//! The Cloud API over HTTPS (or plain HTTP to a local simulator).

use std::time::Duration;

use parley_core::account::{AccountSettings, Secret};

use crate::api::{
    GraphError, GraphErrorEnvelope, PHONE_NUMBER_FIELDS, PhoneNumberInfo, SendMessageRequest,
    SendMessageResponse,
};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Meta answered with an error body (boxed: it is large, and errors are rare).
    #[error("Cloud API error {} (HTTP {http_status}): {}", .error.code, .error.message)]
    Graph {
        http_status: u16,
        error: Box<GraphError>,
    },
    /// The connection was never made: nothing was sent, so trying again is safe.
    #[error("could not connect to the Cloud API: {0}")]
    Unreachable(String),
    /// The request may have reached Meta but no answer came back: whether it took effect
    /// is unknown.
    #[error("no answer from the Cloud API: {0}")]
    NoAnswer(String),
    /// An answer that is neither Meta's success shape nor its error shape.
    #[error("unexpected answer from the Cloud API (HTTP {http_status}): {body}")]
    Unexpected { http_status: u16, body: String },
}

impl ApiError {
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Graph { http_status, .. } | Self::Unexpected { http_status, .. } => {
                Some(*http_status)
            }
            Self::Unreachable(_) | Self::NoAnswer(_) => None,
        }
    }
}

/// A client bound to one account's base URL, API version and token.
#[derive(Clone)]
pub struct CloudClient {
    http: reqwest::Client,
    base_url: String,
    graph_version: String,
    token: Secret,
}

impl std::fmt::Debug for CloudClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudClient")
            .field("base_url", &self.base_url)
            .field("graph_version", &self.graph_version)
            .finish_non_exhaustive()
    }
}

/// One shared connection pool for every client, with timeouts that turn a hung Cloud
/// API into a clear error instead of a stuck outbox.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("Parley/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}

impl CloudClient {
    pub fn new(http: reqwest::Client, settings: &AccountSettings, token: Secret) -> Self {
        Self {
            http,
            base_url: settings.api_base_url.trim_end_matches('/').to_owned(),
            graph_version: settings.graph_version.clone(),
            token,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}/{}", self.base_url, self.graph_version, path)
    }

    /// `POST /{phone_number_id}/messages`.
    pub async fn send_message(
        &self,
        phone_number_id: &str,
        request: &SendMessageRequest,
    ) -> Result<SendMessageResponse, ApiError> {
        let response = self
            .http
            .post(self.url(&format!("{phone_number_id}/messages")))
            .bearer_auth(self.token.expose())
            .json(request)
            .send()
            .await
            .map_err(transport_error)?;
        decode(response).await
    }

    /// `GET /{phone_number_id}?fields=...`.
    pub async fn phone_number_info(
        &self,
        phone_number_id: &str,
    ) -> Result<PhoneNumberInfo, ApiError> {
        let response = self
            .http
            .get(self.url(phone_number_id))
            .query(&[("fields", PHONE_NUMBER_FIELDS)])
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(transport_error)?;
        decode(response).await
    }
}

fn transport_error(error: reqwest::Error) -> ApiError {
    // Only a failed connect proves the request never left this machine.
    let connect_failed = error.is_connect();
    let message = error.without_url().to_string();
    if connect_failed {
        ApiError::Unreachable(message)
    } else {
        ApiError::NoAnswer(message)
    }
}

async fn decode<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, ApiError> {
    let http_status = response.status().as_u16();
    let body = response
        .bytes()
        .await
        .map_err(|e| ApiError::NoAnswer(e.without_url().to_string()))?;
    if (200..300).contains(&http_status) {
        return serde_json::from_slice(&body).map_err(|_| ApiError::Unexpected {
            http_status,
            body: excerpt(&body),
        });
    }
    match serde_json::from_slice::<GraphErrorEnvelope>(&body) {
        Ok(envelope) => Err(ApiError::Graph {
            http_status,
            error: Box::new(envelope.error),
        }),
        Err(_) => Err(ApiError::Unexpected {
            http_status,
            body: excerpt(&body),
        }),
    }
}

/// Enough of an unexpected body to diagnose it, never a whole HTML error page.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(300).collect();
    if text.chars().count() > 300 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
