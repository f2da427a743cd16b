//! The outbox sender: claims due sends, posts them to the Cloud API, and records each
//! outcome. Temporary failures are retried with backoff and jitter; a request whose
//! answer never came is not resent, because the customer may already have it.

use std::sync::Arc;
use std::time::Duration;

use parley_core::Timestamp;
use parley_core::meta_error::{ErrorClass, SendFailure, classify};
use parley_store::OutboxItem;
use parley_whatsapp::ApiError;
use parley_whatsapp::api::SendMessageRequest;
use rand::Rng;
use tokio::sync::watch;

use crate::events::Announcement;
use crate::{Shared, now};

/// Attempts before a temporary failure is treated as permanent.
pub(crate) const MAX_ATTEMPTS: i64 = 8;
const FIRST_BACKOFF_MS: i64 = 1_000;
const MAX_BACKOFF_MS: i64 = 5 * 60 * 1_000;
/// Sends claimed per round trip to the database.
const BATCH: u32 = 16;
/// Longest sleep between checks, so a send queued by another process is noticed.
const IDLE_POLL: Duration = Duration::from_secs(2);

pub(crate) async fn run(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    match shared.store.recover_interrupted_sends(now()).await {
        Ok(recovered) => {
            for message in recovered {
                tracing::warn!(message = %message.id, "send interrupted by the last stop: outcome unknown");
                shared.announce(Announcement::MessageUpdated(message.id));
            }
        }
        Err(e) => tracing::error!("could not recover interrupted sends: {e}"),
    }
    loop {
        if *shutdown.borrow() {
            return;
        }
        let items = match shared.store.claim_due_sends(now(), BATCH).await {
            Ok(items) => items,
            Err(e) => {
                tracing::error!("could not read the outbox: {e}");
                Vec::new()
            }
        };
        let idle = items.is_empty();
        for item in items {
            send(&shared, item).await;
        }
        if !idle {
            continue;
        }
        let wait = match shared.store.next_send_due_at().await {
            Ok(Some(due)) => Duration::from_millis(
                due.millis_since(now())
                    .clamp(0, IDLE_POLL.as_millis() as i64) as u64,
            ),
            _ => IDLE_POLL,
        };
        tokio::select! {
            _ = shared.wake_sender.notified() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.changed() => {}
        }
    }
}

async fn send(shared: &Shared, item: OutboxItem) {
    let request: SendMessageRequest = match serde_json::from_str(&item.payload) {
        Ok(request) => request,
        Err(e) => {
            let failure = SendFailure::Local {
                details: format!("the queued message could not be read: {e}"),
            };
            record_failure(shared, &item, failure).await;
            return;
        }
    };
    let result = shared
        .client
        .send_message(&shared.account.phone_number_id, &request)
        .await;
    let now = now();
    let outcome = match result {
        Ok(response) => match response.messages.first() {
            Some(sent) => shared
                .store
                .record_send_accepted(&item, &sent.id, now)
                .await
                .map(|_| ()),
            None => shared
                .store
                .record_send_unknown(
                    &item,
                    "the Cloud API accepted the message without an id",
                    now,
                )
                .await
                .map(|_| ()),
        },
        Err(error) => return handle_error(shared, &item, error, now).await,
    };
    if let Err(e) = outcome {
        tracing::error!(message = %item.message_id, "could not record a send: {e}");
    }
    shared.announce(Announcement::Conversation(item.conversation_id));
    shared.announce(Announcement::MessageUpdated(item.message_id));
}

async fn handle_error(shared: &Shared, item: &OutboxItem, error: ApiError, now: Timestamp) {
    let retryable = match &error {
        ApiError::Graph { http_status, error } => {
            classify(error.code, Some(*http_status)) == ErrorClass::Retryable
        }
        ApiError::Unreachable(_) => true,
        ApiError::Unexpected { http_status, .. } => *http_status >= 500,
        ApiError::NoAnswer(_) => false,
    };
    if retryable && item.attempts < MAX_ATTEMPTS {
        let at = now.plus_millis(backoff_ms(item.attempts));
        tracing::info!(message = %item.message_id, attempt = item.attempts, "send failed, retrying: {error}");
        if let Err(e) = shared
            .store
            .record_send_retry(item, at, &error.to_string(), now)
            .await
        {
            tracing::error!(message = %item.message_id, "could not reschedule a send: {e}");
        }
        return;
    }
    let failure = match error {
        ApiError::Graph { error, .. } => SendFailure::Meta {
            code: error.code,
            details: error.details().map(str::to_owned),
            title: error.message,
        },
        ApiError::NoAnswer(details) => {
            tracing::warn!(message = %item.message_id, "no answer from the Cloud API: not resending");
            if let Err(e) = shared.store.record_send_unknown(item, &details, now).await {
                tracing::error!(message = %item.message_id, "could not record a send: {e}");
            }
            shared.announce(Announcement::MessageUpdated(item.message_id));
            return;
        }
        ApiError::Unreachable(details) => SendFailure::Network { details },
        ApiError::Unexpected { http_status, body } => SendFailure::Local {
            details: format!("unexpected answer from the Cloud API (HTTP {http_status}): {body}"),
        },
    };
    record_failure(shared, item, failure).await;
}

async fn record_failure(shared: &Shared, item: &OutboxItem, failure: SendFailure) {
    tracing::warn!(message = %item.message_id, "send failed: {failure:?}");
    if let Err(e) = shared.store.record_send_failed(item, &failure, now()).await {
        tracing::error!(message = %item.message_id, "could not record a failed send: {e}");
    }
    shared.announce(Announcement::Conversation(item.conversation_id));
    shared.announce(Announcement::MessageUpdated(item.message_id));
}

/// Exponential backoff from 1 s, capped at 5 min, with ±20 % jitter so many retries do
/// not return at the same instant.
fn backoff_ms(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 20) - 1;
    let base = (FIRST_BACKOFF_MS << exponent).min(MAX_BACKOFF_MS);
    let jitter = rand::rng().random_range(-(base / 5)..=base / 5);
    base + jitter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_within_its_bounds() {
        for attempts in 1..=12 {
            let base = (FIRST_BACKOFF_MS << (attempts - 1)).min(MAX_BACKOFF_MS);
            for _ in 0..50 {
                let b = backoff_ms(attempts);
                assert!(
                    b >= base - base / 5 && b <= base + base / 5,
                    "{attempts}: {b}"
                );
            }
        }
        assert!(backoff_ms(30) <= MAX_BACKOFF_MS + MAX_BACKOFF_MS / 5);
    }
}
