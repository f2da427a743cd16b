//! The outbox sender: claims due sends, posts them to the Cloud API, and records each
//! outcome. Several sends run at once (never two of one conversation, so a customer gets
//! messages in order), paced at the number's send rate. A 130429 (throughput reached)
//! slows every send down and the refused one goes again at once, without counting as a
//! failed attempt. Other temporary failures are retried with backoff and jitter; a
//! request whose answer never came is not resent, because the customer may already have
//! it. Media is uploaded first, and its id kept, so a retried send does not upload again.

mod pacing;

use std::sync::Arc;
use std::time::Duration;

use parley_core::content::MessageContent;
use parley_core::message::Message;
use parley_core::meta_error::{ErrorClass, SendFailure, classify};
use parley_store::OutboxItem;
use parley_whatsapp::ApiError;
use parley_whatsapp::api::{SendMessageRequest, SendMessageResponse};
use rand::Rng;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::events::Announcement;
use crate::{Shared, now};
use pacing::Pacer;

/// Attempts before a temporary failure is treated as permanent.
pub(crate) const MAX_ATTEMPTS: i64 = 8;
const FIRST_BACKOFF_MS: i64 = 1_000;
const MAX_BACKOFF_MS: i64 = 5 * 60 * 1_000;
/// Requests to the Cloud API at once: at 80/s and Meta's few hundred milliseconds per
/// answer, a dozen or two are on their way at any moment.
const MAX_IN_FLIGHT: usize = 64;
/// Longest sleep between checks, so a send queued by another process is noticed.
const IDLE_POLL: Duration = Duration::from_secs(2);
/// How far ahead sends are claimed. A claimed send is marked in flight, and one still
/// waiting for its turn when Parley stops would come back as "outcome unknown": claim
/// only what starts soon.
const CLAIM_AHEAD: Duration = Duration::from_millis(50);
/// Graph error code: the number's message throughput is reached.
const THROUGHPUT_REACHED: i64 = 130429;
/// 130429s one send absorbs by waiting its turn again; past them, the refusal is an
/// ordinary temporary failure with backoff (Meta may have lowered the number's limit).
const MAX_THROTTLED_RESENDS: u32 = 20;

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
    let pacer = Arc::new(Pacer::new(Instant::now()));
    let mut in_flight = JoinSet::new();
    while !*shutdown.borrow() {
        // Finished sends leave room; only counting them would starve the claims.
        while in_flight.try_join_next().is_some() {}
        let ahead = pacer.reserved_ahead(Instant::now());
        if ahead > CLAIM_AHEAD {
            tokio::select! {
                _ = tokio::time::sleep(ahead - CLAIM_AHEAD) => {}
                _ = shutdown.changed() => {}
            }
            continue;
        }
        let rate = shared.preferences.read().await.send_rate_per_second;
        let room = (MAX_IN_FLIGHT - in_flight.len()).min(claim_batch(rate));
        let items = if room == 0 {
            Vec::new()
        } else {
            shared
                .store
                .claim_due_sends(now(), room as u32)
                .await
                .unwrap_or_else(|e| {
                    tracing::error!("could not read the outbox: {e}");
                    Vec::new()
                })
        };

        let claimed = !items.is_empty();
        for item in items {
            let slot = pacer.reserve(rate, Instant::now());
            in_flight.spawn(send(
                shared.clone(),
                pacer.clone(),
                shutdown.clone(),
                item,
                slot,
            ));
        }
        if claimed && in_flight.len() < MAX_IN_FLIGHT {
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
            Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
            _ = shared.wake_sender.notified() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.changed() => {}
        }
    }
    // Requests already on their way finish, so their outcome is recorded.
    while in_flight.join_next().await.is_some() {}
}

/// Sends claimed at once: those that start within `CLAIM_AHEAD` at `per_second`.
fn claim_batch(per_second: u32) -> usize {
    let per_claim = CLAIM_AHEAD.as_secs_f64() / pacing::interval(per_second).as_secs_f64();
    (per_claim.ceil() as usize).max(1)
}

/// What one attempt came to, decided from the Cloud API's answer alone.
#[derive(Debug, PartialEq)]
enum Verdict {
    Accepted {
        wamid: String,
    },
    /// Temporary: try again later.
    Retry {
        error: String,
    },
    /// Permanent, or retries are exhausted.
    Failed(SendFailure),
    /// The request may have taken effect: never resend it blindly.
    Unknown {
        details: String,
    },
}

fn verdict(result: Result<SendMessageResponse, ApiError>, attempts: i64) -> Verdict {
    let error = match result {
        Ok(response) => {
            return match response.messages.into_iter().next() {
                Some(sent) => Verdict::Accepted { wamid: sent.id },
                None => Verdict::Unknown {
                    details: "the Cloud API accepted the message without an id".to_owned(),
                },
            };
        }
        Err(error) => error,
    };
    let retryable = match &error {
        ApiError::Graph { http_status, error } => {
            classify(error.code, Some(*http_status)) == ErrorClass::Retryable
        }
        ApiError::Unreachable(_) => true,
        ApiError::Unexpected { http_status, .. } => *http_status >= 500,
        ApiError::NoAnswer(_) => false,
    };
    if retryable && attempts < MAX_ATTEMPTS {
        return Verdict::Retry {
            error: error.to_string(),
        };
    }
    match error {
        ApiError::Graph { error, .. } => Verdict::Failed(SendFailure::Meta {
            code: error.code,
            details: error.details().map(str::to_owned),
            title: error.message.clone(),
        }),
        ApiError::NoAnswer(details) => Verdict::Unknown { details },
        ApiError::Unreachable(details) => Verdict::Failed(SendFailure::Network { details }),
        ApiError::Unexpected { http_status, body } => Verdict::Failed(SendFailure::Local {
            details: format!("unexpected answer from the Cloud API (HTTP {http_status}): {body}"),
        }),
    }
}

async fn send(
    shared: Arc<Shared>,
    pacer: Arc<Pacer>,
    shutdown: watch::Receiver<bool>,
    item: OutboxItem,
    slot: Instant,
) {
    tokio::time::sleep_until(slot).await;
    let verdict = match serde_json::from_str::<SendMessageRequest>(&item.payload) {
        Ok(mut request) => match upload_attachment(&shared, &item, &mut request).await {
            Ok(()) => post_paced(&shared, &pacer, shutdown, &item, &request).await,
            Err(verdict) => verdict,
        },
        Err(e) => Verdict::Failed(SendFailure::Local {
            details: format!("the queued message could not be read: {e}"),
        }),
    };
    let now = now();
    let store = &shared.store;
    let recorded = match &verdict {
        Verdict::Accepted { wamid } => match store.record_send_accepted(&item, wamid, now).await {
            // A reaction shows on its target: that is the message that changed.
            Ok(Message {
                content: MessageContent::Reaction { target_wamid, .. },
                ..
            }) => {
                if let Ok(Some(target)) = store.message_id_by_wamid(&target_wamid).await {
                    shared.announce(Announcement::MessageUpdated(target));
                }
                Ok(())
            }
            other => other.map(drop),
        },
        Verdict::Retry { error } => {
            tracing::info!(message = %item.message_id, attempt = item.attempts, "send failed, retrying: {error}");
            let at = now.plus_millis(backoff_ms(item.attempts));
            // Nothing visible changed: the message stays pending.
            if let Err(e) = store.record_send_retry(&item, at, error, now).await {
                tracing::error!(message = %item.message_id, "could not reschedule a send: {e}");
            }
            shared.wake_sender.notify_one();
            return;
        }
        Verdict::Failed(failure) => {
            tracing::warn!(message = %item.message_id, "send failed: {failure:?}");
            store
                .record_send_failed(&item, failure, now)
                .await
                .map(drop)
        }
        Verdict::Unknown { details } => {
            tracing::warn!(message = %item.message_id, "no answer from the Cloud API, not resending: {details}");
            store
                .record_send_unknown(&item, details, now)
                .await
                .map(drop)
        }
    };
    if let Err(e) = recorded {
        tracing::error!(message = %item.message_id, "could not record a send: {e}");
    }
    shared.announce(Announcement::Conversation(item.conversation_id));
    shared.announce(Announcement::MessageUpdated(item.message_id));
    // The conversation's next message may go now.
    shared.wake_sender.notify_one();
}

/// Posts the send. A 130429 means the Cloud API refused it outright, so sending it again
/// cannot reach the customer twice: it slows every send down and takes its turn again,
/// keeping the conversation's place (it stays in flight, so nothing behind it overtakes).
async fn post_paced(
    shared: &Shared,
    pacer: &Pacer,
    mut shutdown: watch::Receiver<bool>,
    item: &OutboxItem,
    request: &SendMessageRequest,
) -> Verdict {
    let mut throttled = 0;
    loop {
        let result = shared
            .client
            .send_message(&shared.account.phone_number_id, request)
            .await;
        let refused_for_throughput = matches!(
            &result,
            Err(ApiError::Graph { error, .. }) if error.code == THROUGHPUT_REACHED
        );
        if !refused_for_throughput || throttled >= MAX_THROTTLED_RESENDS {
            return verdict(result, item.attempts);
        }
        throttled += 1;
        let rate = shared.preferences.read().await.send_rate_per_second;
        let now = Instant::now();
        pacer.slow_down(rate, now);
        let slot = pacer.reserve(rate, now);
        tracing::debug!(message = %item.message_id, throttled, "throughput reached: slowing down");
        tokio::select! {
            _ = tokio::time::sleep_until(slot) => {}
            // Back to the queue rather than left in flight, so a restart sends it.
            _ = shutdown.wait_for(|stop| *stop) => {
                return verdict(result, item.attempts);
            }
        }
    }
}

/// Uploads the file of a media message that has no media id yet, and keeps the id in
/// the queued request. An upload whose answer was lost is simply retried: a second
/// upload leaves an unused file at Meta, never a second message to the customer.
async fn upload_attachment(
    shared: &Shared,
    item: &OutboxItem,
    request: &mut SendMessageRequest,
) -> Result<(), Verdict> {
    let Some(media) = request.media_mut() else {
        return Ok(());
    };
    if media.id.is_some() {
        return Ok(());
    }
    let local = |details: String| Verdict::Failed(SendFailure::Local { details });
    let upload = match shared.store.media_upload(item.message_id).await {
        Ok(Some(upload)) => upload,
        Ok(None) => return Err(local("the attached file is not recorded".to_owned())),
        Err(e) => {
            return Err(local(format!(
                "the attached file could not be looked up: {e}"
            )));
        }
    };
    let bytes = tokio::fs::read(&upload.path)
        .await
        .map_err(|e| local(format!("the attached file cannot be read: {e}")))?;
    let filename = std::path::Path::new(&upload.path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file")
        .to_owned();
    let media_id = match shared
        .client
        .upload_media(
            &shared.account.phone_number_id,
            bytes,
            &upload.mime_type,
            &filename,
        )
        .await
    {
        Ok(id) => id,
        Err(ApiError::NoAnswer(error)) if item.attempts < MAX_ATTEMPTS => {
            return Err(Verdict::Retry { error });
        }
        Err(error) => return Err(verdict(Err(error), item.attempts)),
    };
    media.id = Some(media_id.clone());
    let payload = serde_json::to_string(&*request).map_err(|e| local(e.to_string()))?;
    shared
        .store
        .record_media_uploaded(item.message_id, &media_id, &payload, now())
        .await
        .map_err(|e| local(format!("the upload could not be recorded: {e}")))?;
    Ok(())
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
    use parley_whatsapp::api::{GraphError, SentMessage};

    fn graph(http_status: u16, code: i64) -> Result<SendMessageResponse, ApiError> {
        Err(ApiError::Graph {
            http_status,
            error: Box::new(GraphError {
                message: format!("error {code}"),
                kind: "OAuthException".into(),
                code,
                error_subcode: None,
                error_user_title: None,
                error_user_msg: None,
                error_data: None,
                fbtrace_id: None,
            }),
        })
    }

    #[test]
    fn throttling_outages_and_refused_connections_are_retried() {
        for result in [
            graph(400, 130429),
            graph(400, 131056),
            graph(500, 1),
            Err(ApiError::Unreachable("connection refused".into())),
            Err(ApiError::Unexpected {
                http_status: 502,
                body: "<html>".into(),
            }),
        ] {
            assert!(matches!(verdict(result, 1), Verdict::Retry { .. }));
        }
    }

    #[test]
    fn retries_end_after_the_last_attempt() {
        assert!(matches!(
            verdict(graph(400, 130429), MAX_ATTEMPTS),
            Verdict::Failed(SendFailure::Meta { code: 130429, .. })
        ));
        assert!(matches!(
            verdict(Err(ApiError::Unreachable("down".into())), MAX_ATTEMPTS),
            Verdict::Failed(SendFailure::Network { .. })
        ));
    }

    #[test]
    fn business_errors_fail_at_once_with_metas_code() {
        for code in [131047, 131026, 132000, 190, 100] {
            assert!(matches!(
                verdict(graph(400, code), 1),
                Verdict::Failed(SendFailure::Meta { code: c, .. }) if c == code
            ));
        }
        assert!(matches!(
            verdict(
                Err(ApiError::Unexpected {
                    http_status: 404,
                    body: "nope".into()
                }),
                1
            ),
            Verdict::Failed(SendFailure::Local { .. })
        ));
    }

    #[test]
    fn a_lost_answer_is_never_resent() {
        assert!(matches!(
            verdict(Err(ApiError::NoAnswer("timed out".into())), 1),
            Verdict::Unknown { .. }
        ));
        let no_id = Ok(SendMessageResponse {
            messaging_product: "whatsapp".into(),
            contacts: vec![],
            messages: vec![],
        });
        assert!(matches!(verdict(no_id, 1), Verdict::Unknown { .. }));
    }

    #[test]
    fn an_answer_with_an_id_is_accepted() {
        let ok = Ok(SendMessageResponse {
            messaging_product: "whatsapp".into(),
            contacts: vec![],
            messages: vec![SentMessage {
                id: "wamid.X".into(),
                message_status: None,
            }],
        });
        assert_eq!(
            verdict(ok, 1),
            Verdict::Accepted {
                wamid: "wamid.X".into()
            }
        );
    }

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
