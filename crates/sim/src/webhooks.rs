//! Webhooks as Meta sends them: payload shapes, `X-Hub-Signature-256`, and at-least-once
//! delivery with retries until the receiver answers 2xx.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use parley_core::account::Secret;
use serde_json::{Value, json};
use tokio::sync::{Notify, RwLock, watch};

use crate::meta_json;

/// How persistently a failed delivery is retried. Meta keeps trying for days; the
/// simulator's defaults are shorter so a demo recovers quickly once the receiver is up.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub first_delay: Duration,
    pub max_delay: Duration,
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_attempts: 40,
        }
    }
}

pub(crate) struct Deliverer {
    http: reqwest::Client,
    target: RwLock<Option<String>>,
    app_secret: Secret,
    retry: RetryPolicy,
    shutdown: watch::Receiver<bool>,
    in_flight: AtomicUsize,
    idle: Notify,
}

impl Deliverer {
    pub(crate) fn new(
        http: reqwest::Client,
        app_secret: Secret,
        retry: RetryPolicy,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        Self {
            http,
            target: RwLock::new(None),
            app_secret,
            retry,
            shutdown,
            in_flight: AtomicUsize::new(0),
            idle: Notify::new(),
        }
    }

    pub(crate) async fn set_target(&self, url: String) {
        *self.target.write().await = Some(url);
    }

    pub(crate) async fn target(&self) -> Option<String> {
        self.target.read().await.clone()
    }

    /// Encodes, signs and delivers `payload` in the background, retrying until the
    /// receiver acknowledges it. Returns the exact bytes, so a caller can redeliver them.
    pub(crate) fn deliver(self: &Arc<Self>, payload: &Value) -> Arc<Vec<u8>> {
        let body = Arc::new(meta_json::to_vec(payload));
        self.deliver_bytes(body.clone());
        body
    }

    pub(crate) fn deliver_bytes(self: &Arc<Self>, body: Arc<Vec<u8>>) {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let this = self.clone();
        tokio::spawn(async move {
            this.deliver_with_retries(&body).await;
            if this.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
                this.idle.notify_waiters();
            }
        });
    }

    async fn deliver_with_retries(&self, body: &[u8]) {
        let signature =
            match parley_whatsapp::signature::sign(self.app_secret.expose().as_bytes(), body) {
                Ok(signature) => signature,
                Err(e) => {
                    tracing::error!("cannot sign webhooks: {e}");
                    return;
                }
            };
        let mut delay = self.retry.first_delay;
        let mut shutdown = self.shutdown.clone();
        for attempt in 1..=self.retry.max_attempts {
            match self.attempt(body, &signature).await {
                Ok(()) => return,
                Err(reason) => tracing::debug!(attempt, "webhook delivery failed: {reason}"),
            }
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = shutdown.wait_for(|stop| *stop) => return,
            }
            delay = (delay * 2).min(self.retry.max_delay);
        }
        tracing::warn!(
            "gave up delivering a webhook after {} attempts",
            self.retry.max_attempts
        );
    }

    async fn attempt(&self, body: &[u8], signature: &str) -> Result<(), String> {
        let Some(url) = self.target().await else {
            return Err("no webhook URL subscribed yet".to_owned());
        };
        let response = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .header(parley_whatsapp::signature::SIGNATURE_HEADER, signature)
            .body(body.to_vec())
            .send()
            .await
            .map_err(|e| e.without_url().to_string())?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("receiver answered {}", response.status()))
        }
    }

    /// Resolves once no delivery is pending.
    pub(crate) async fn wait_idle(&self) {
        loop {
            let notified = self.idle.notified();
            if self.in_flight.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// Identity of the simulated business number, repeated in every payload.
#[derive(Debug, Clone)]
pub(crate) struct NumberIdentity {
    pub waba_id: String,
    pub phone_number_id: String,
    /// Digits only, as webhooks carry it.
    pub display_phone_number: String,
}

fn envelope(number: &NumberIdentity, value: Value) -> Value {
    change(number, "messages", value)
}

/// One change of one field, as Meta wraps every webhook.
pub(crate) fn change(number: &NumberIdentity, field: &str, value: Value) -> Value {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": number.waba_id,
            "changes": [{"value": value, "field": field}]
        }]
    })
}

fn metadata(number: &NumberIdentity) -> Value {
    json!({
        "display_phone_number": number.display_phone_number,
        "phone_number_id": number.phone_number_id,
    })
}

/// A customer's message, shaped like the examples in Meta's spec: `fields` holds `type`
/// and its object (`{"type": "text", "text": {...}}`), plus any `context` or `referral`.
pub(crate) fn inbound_message(
    number: &NumberIdentity,
    wa_id: &str,
    name: &str,
    wamid: &str,
    sent_at_seconds: i64,
    fields: &Value,
) -> Value {
    let mut message = json!({
        "from": wa_id,
        "id": wamid,
        "timestamp": sent_at_seconds.to_string(),
    });
    if let (Some(message), Some(fields)) = (message.as_object_mut(), fields.as_object()) {
        for (key, value) in fields {
            message.insert(key.clone(), value.clone());
        }
    }
    envelope(
        number,
        json!({
            "messaging_product": "whatsapp",
            "metadata": metadata(number),
            "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
            "messages": [message]
        }),
    )
}

/// What a status adds besides id, status, time and recipient.
pub(crate) enum StatusDetail<'a> {
    /// `sent` and `delivered` carry the pricing conversation.
    Billing {
        conversation_id: &'a str,
        expires_at_seconds: i64,
    },
    /// `failed` carries the error in both of Meta's shapes.
    Error {
        code: i64,
        title: &'a str,
        details: &'a str,
    },
    None,
}

pub(crate) fn status(
    number: &NumberIdentity,
    wamid: &str,
    status: &str,
    recipient: &str,
    at_seconds: i64,
    detail: StatusDetail<'_>,
) -> Value {
    let mut s = json!({
        "id": wamid,
        "status": status,
        "timestamp": at_seconds.to_string(),
        "recipient_id": recipient,
    });
    match detail {
        StatusDetail::Billing {
            conversation_id,
            expires_at_seconds,
        } => {
            s["conversation"] = json!({
                "id": conversation_id,
                "expiration_timestamp": expires_at_seconds.to_string(),
                "origin": {"type": "service"}
            });
            s["pricing"] = json!({
                "billable": false,
                "pricing_model": "PMP",
                "category": "service",
                "type": "free_customer_service"
            });
        }
        StatusDetail::Error {
            code,
            title,
            details,
        } => {
            s["errors"] = json!([{
                "code": code,
                "title": title,
                "message": title,
                "error_data": {"details": details},
                "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"
            }]);
        }
        StatusDetail::None => {}
    }
    envelope(
        number,
        json!({
            "messaging_product": "whatsapp",
            "metadata": metadata(number),
            "statuses": [s]
        }),
    )
}
