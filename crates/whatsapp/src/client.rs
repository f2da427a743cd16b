//! The Cloud API over HTTPS (or plain HTTP to a local simulator).

use std::time::Duration;

use parley_core::account::{AccountSettings, Secret};

use std::path::Path;

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::api::{
    GraphError, GraphErrorEnvelope, MESSAGING_PRODUCT, MarkReadRequest, MediaInfo,
    MessageHistoryEntry, MessageHistoryResponse, PHONE_NUMBER_FIELDS, PhoneNumberInfo,
    SendMessageRequest, SendMessageResponse, SubscribeRequest, SuccessResponse, TemplatePage,
    UploadResponse,
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
    http_client_with_timeout(Duration::from_secs(30))
}

/// [`http_client`] with another request timeout.
pub fn http_client_with_timeout(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10).min(timeout))
        .timeout(timeout)
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

/// Why a media download did not produce a file.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("the media is larger than the {limit} bytes Parley accepts for it")]
    TooLarge { limit: u64 },
    #[error("could not write the media file: {0}")]
    Io(#[from] std::io::Error),
}

/// A finished download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    pub size: u64,
    pub sha256: [u8; 32],
}

impl CloudClient {
    /// Marks an inbound message read; with `typing`, also shows "typing…" (WhatsApp
    /// has no typing indicator without the read receipt).
    pub async fn mark_read(
        &self,
        phone_number_id: &str,
        wamid: &str,
        typing: bool,
    ) -> Result<(), ApiError> {
        let response = self
            .http
            .post(self.url(&format!("{phone_number_id}/messages")))
            .bearer_auth(self.token.expose())
            .json(&MarkReadRequest::new(wamid, typing))
            .send()
            .await
            .map_err(transport_error)?;
        decode::<SuccessResponse>(response).await.map(drop)
    }

    /// `POST /{phone_number_id}/media` (multipart): returns the media id to send.
    pub async fn upload_media(
        &self,
        phone_number_id: &str,
        bytes: Vec<u8>,
        mime_type: &str,
        filename: &str,
    ) -> Result<String, ApiError> {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(filename.to_owned())
            .mime_str(mime_type)
            .map_err(|e| ApiError::Unexpected {
                http_status: 0,
                body: format!("invalid media type {mime_type:?}: {e}"),
            })?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", MESSAGING_PRODUCT)
            .text("type", mime_type.to_owned())
            .part("file", part);
        let response = self
            .http
            .post(self.url(&format!("{phone_number_id}/media")))
            .bearer_auth(self.token.expose())
            .multipart(form)
            .send()
            .await
            .map_err(transport_error)?;
        decode::<UploadResponse>(response).await.map(|r| r.id)
    }

    /// `GET /{media_id}`: a short-lived download URL and the file's facts.
    pub async fn media_info(&self, media_id: &str) -> Result<MediaInfo, ApiError> {
        let response = self
            .http
            .get(self.url(media_id))
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(transport_error)?;
        decode(response).await
    }

    /// Downloads media from its short-lived URL (with the token, as Meta requires) into
    /// `dest`, streaming, hashing as it goes, and stopping past `max_bytes`.
    pub async fn download_media(
        &self,
        url: &str,
        dest: &Path,
        max_bytes: u64,
    ) -> Result<Downloaded, DownloadError> {
        let mut response = self
            .http
            .get(url)
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(transport_error)?;
        let http_status = response.status().as_u16();
        if !response.status().is_success() {
            let body = response.bytes().await.unwrap_or_default();
            return Err(match serde_json::from_slice::<GraphErrorEnvelope>(&body) {
                Ok(envelope) => ApiError::Graph {
                    http_status,
                    error: Box::new(envelope.error),
                },
                Err(_) => ApiError::Unexpected {
                    http_status,
                    body: excerpt(&body),
                },
            }
            .into());
        }
        if response.content_length().is_some_and(|len| len > max_bytes) {
            return Err(DownloadError::TooLarge { limit: max_bytes });
        }
        let mut file = tokio::fs::File::create(dest).await?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| ApiError::NoAnswer(e.without_url().to_string()))?
        {
            size += chunk.len() as u64;
            if size > max_bytes {
                drop(file);
                let _ = tokio::fs::remove_file(dest).await;
                return Err(DownloadError::TooLarge { limit: max_bytes });
            }
            hasher.update(&chunk);
            file.write_all(&chunk).await?;
        }
        file.sync_all().await?;
        Ok(Downloaded {
            size,
            sha256: hasher.finalize().into(),
        })
    }

    /// `GET /{phone_number_id}/message_history` for one message: its delivery events.
    pub async fn message_history(
        &self,
        phone_number_id: &str,
        wamid: &str,
    ) -> Result<Vec<MessageHistoryEntry>, ApiError> {
        let response = self
            .http
            .get(self.url(&format!("{phone_number_id}/message_history")))
            .query(&[
                ("message_id", wamid),
                (
                    "fields",
                    "id,message_id,events{delivery_status,timestamp,error_description}",
                ),
            ])
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(transport_error)?;
        decode::<MessageHistoryResponse>(response)
            .await
            .map(|r| r.data)
    }

    /// `GET /{waba_id}/message_templates`: one page, after the cursor when given.
    pub async fn list_templates(
        &self,
        waba_id: &str,
        after: Option<&str>,
    ) -> Result<TemplatePage, ApiError> {
        let mut query = vec![
            (
                "fields",
                "id,name,language,status,category,components,quality_score,rejected_reason",
            ),
            ("limit", "100"),
        ];
        if let Some(after) = after {
            query.push(("after", after));
        }
        let response = self
            .http
            .get(self.url(&format!("{waba_id}/message_templates")))
            .query(&query)
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(transport_error)?;
        decode(response).await
    }

    /// `POST /{waba_id}/subscribed_apps` with a callback override: Meta verifies the URL
    /// (the handshake) before answering.
    pub async fn subscribe_callback(
        &self,
        waba_id: &str,
        callback_url: &str,
        verify_token: &str,
    ) -> Result<(), ApiError> {
        let response = self
            .http
            .post(self.url(&format!("{waba_id}/subscribed_apps")))
            .bearer_auth(self.token.expose())
            .json(&SubscribeRequest {
                override_callback_uri: callback_url.to_owned(),
                verify_token: verify_token.to_owned(),
            })
            .send()
            .await
            .map_err(transport_error)?;
        decode::<SuccessResponse>(response).await.map(drop)
    }
}

/// Whether `expected` (hex or base64, as Meta gives it) is the SHA-256 `actual`.
pub fn sha256_matches(expected: &str, actual: &[u8; 32]) -> bool {
    use base64::Engine;
    let expected = expected.trim();
    expected.eq_ignore_ascii_case(&hex::encode(actual))
        || base64::engine::general_purpose::STANDARD_NO_PAD.encode(actual)
            == expected.trim_end_matches('=')
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

mod templates;

#[cfg(test)]
mod tests;
