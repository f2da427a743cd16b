//! The webhook receiver Meta delivers to: the verification handshake on GET, signed
//! deliveries on POST. A delivery is acknowledged with 200 only after it is committed to
//! the webhook journal (see [`crate::projector`] for how it reaches the inbox);
//! anything else gets a status that makes Meta retry (5xx) or tells the sender what is
//! wrong (400, 401, 413), and nothing of it is stored.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use parley_core::account::Secret;
use parley_whatsapp::{signature, webhook};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::ingest_queue::{IngestQueue, Received};
use crate::{Shared, ingest, now};

pub(crate) const WEBHOOK_PATH: &str = "/webhook";

/// Meta's challenges are short numbers; anything long is not a handshake.
const MAX_CHALLENGE_LEN: usize = 256;

pub(crate) struct WebhookSecrets {
    pub app_secret: Secret,
    pub verify_token: Secret,
}

struct Receiver {
    shared: Arc<Shared>,
    secrets: WebhookSecrets,
    writer: IngestQueue,
}

/// The receiver's routes; `writer` commits what they receive to the journal.
pub(crate) fn router(
    shared: Arc<Shared>,
    secrets: WebhookSecrets,
    max_body_bytes: usize,
    writer: IngestQueue,
) -> Router {
    Router::new()
        .route(WEBHOOK_PATH, get(verify).post(receive))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .with_state(Arc::new(Receiver {
            shared,
            secrets,
            writer,
        }))
}

#[derive(Deserialize)]
struct Handshake {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

async fn verify(
    State(receiver): State<Arc<Receiver>>,
    Query(handshake): Query<Handshake>,
) -> Response {
    let expected = receiver.secrets.verify_token.expose().as_bytes();
    let token_matches = handshake
        .verify_token
        .as_deref()
        .is_some_and(|given| !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected)));
    match (handshake.mode.as_deref(), handshake.challenge) {
        (Some("subscribe"), Some(challenge))
            if token_matches && !challenge.is_empty() && challenge.len() <= MAX_CHALLENGE_LEN =>
        {
            tracing::info!("webhook verification handshake answered");
            (StatusCode::OK, challenge).into_response()
        }
        _ => {
            tracing::warn!("webhook verification refused: wrong verify token or malformed request");
            (StatusCode::FORBIDDEN, "verification failed").into_response()
        }
    }
}

async fn receive(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = headers
        .get(signature::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    let app_secret = receiver.secrets.app_secret.expose().as_bytes();
    if let Err(e) = signature::verify(app_secret, &body, header) {
        tracing::warn!("webhook rejected: {e}");
        return (StatusCode::UNAUTHORIZED, e.to_string()).into_response();
    }
    let delivery = match webhook::parse(&body) {
        Ok(delivery) => delivery,
        Err(e) => {
            tracing::warn!("webhook rejected: {e}");
            return (StatusCode::BAD_REQUEST, e.to_string()).into_response();
        }
    };
    for change in delivery.changes.iter().filter(|c| c.field.is_empty()) {
        // Signed by Meta but in a shape this version does not read: leave a trace.
        tracing::warn!(?change.event, "part of a webhook in an unknown shape was skipped");
    }
    let now = now();
    let shared = &receiver.shared;
    let batch = ingest::batch_from(&delivery, &shared.account.phone_number_id, now);
    if batch.is_empty() {
        return (StatusCode::OK, "nothing to store").into_response();
    }
    // Committed to the journal together with whatever else arrived meanwhile (group
    // commit); written into the inbox, announced and answered by auto-replies after.
    let received = Received {
        body,
        batch,
        received_at: now,
    };
    match receiver.writer.ingest(received).await {
        Ok(()) => (StatusCode::OK, "EVENT_RECEIVED").into_response(),
        Err(e) => {
            // Meta retries a 5xx: nothing is lost while the database recovers.
            tracing::error!("webhook not stored, Meta will retry: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "could not store the event; retry later",
            )
                .into_response()
        }
    }
}
