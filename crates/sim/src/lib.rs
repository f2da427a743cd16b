//! A local WhatsApp Cloud API for demos and tests.
//!
//! It serves the endpoints Parley calls with Meta's success and error shapes, and it
//! plays customers: their messages and the delivery statuses of the business's replies
//! reach the webhook receiver as signed deliveries, retried until acknowledged, exactly
//! as Meta would send them. Nothing about it is visible to the engine except its URL.

mod api;
mod control;
mod customers;
pub mod faults;
mod graph_error;
mod history;
mod ids;
mod media_store;
mod meta_json;
pub mod scenario;
mod template_api;
mod templates;
mod throughput;
mod validate;
mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use parley_core::account::Secret;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use customers::CustomerMedia;
pub use faults::Fault;
pub use scenario::Scenario;
pub use throughput::Admitted;
pub use webhooks::RetryPolicy;

use customers::Customers;
use webhooks::{Deliverer, NumberIdentity};

/// How long after a send each status is reported.
#[derive(Debug, Clone, Copy)]
pub struct Timings {
    pub sent: Duration,
    pub delivered: Duration,
    pub read: Duration,
    /// How long a scripted customer takes to answer a reply they read.
    pub customer_reply: Duration,
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            sent: Duration::from_millis(300),
            delivered: Duration::from_millis(900),
            read: Duration::from_millis(2_500),
            customer_reply: Duration::from_secs(4),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub phone_number_id: String,
    pub waba_id: String,
    /// As WhatsApp Manager shows it, e.g. `+1 555-010-0100`.
    pub display_phone_number: String,
    pub verified_name: String,
    pub access_token: Secret,
    pub app_secret: Secret,
    pub timings: Timings,
    /// Messages per second the number may send before 130429 (Meta's default is 80),
    /// in any one-second window; 0 means no limit.
    pub throughput_per_second: u32,
    /// How long the Cloud API takes to answer a send, as the real one takes hundreds of
    /// milliseconds; zero by default so tests run fast.
    pub send_latency: Duration,
    pub retry: RetryPolicy,
    /// How long Meta's review of a submitted or edited template takes.
    pub template_review: Duration,
    /// How long one of Meta's hours lasts for a template pause (3 h the first time, 6 h
    /// the second): short, so a demo or a test sees a pause lift.
    pub template_pause_hour: Duration,
}

impl SimConfig {
    /// A demo number with fresh random secrets.
    pub fn demo() -> Self {
        Self {
            phone_number_id: "100000000000001".to_owned(),
            waba_id: "200000000000002".to_owned(),
            display_phone_number: "+1 555-010-0100".to_owned(),
            verified_name: "Parley Demo Shop".to_owned(),
            access_token: Secret::new(format!("EAAdemo{}", ids::fbtrace_id())),
            app_secret: Secret::new(ids::conversation_id()),
            timings: Timings::default(),
            throughput_per_second: 80,
            send_latency: Duration::ZERO,
            retry: RetryPolicy::default(),
            template_review: Duration::from_secs(3),
            template_pause_hour: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("could not serve the simulator: {0}")]
    Io(#[from] std::io::Error),
    #[error("the webhook URL did not pass verification: {0}")]
    Verification(String),
    #[error("no customer has written from {0}")]
    UnknownCustomer(String),
}

pub(crate) struct SimState {
    config: SimConfig,
    number: NumberIdentity,
    /// Where the simulator serves, for the media URLs it hands out.
    base_url: String,
    deliverer: Arc<Deliverer>,
    http: reqwest::Client,
    customers: Customers,
    media: media_store::MediaStore,
    faults: faults::Faults,
    throughput: throughput::Throughput,
    history: history::History,
    templates: templates::TemplateStore,
    shutdown: watch::Receiver<bool>,
}

impl SimState {
    /// Sleeps unless the simulator is shutting down; `false` means stop.
    async fn pause(&self, duration: Duration) -> bool {
        let mut shutdown = self.shutdown.clone();
        let stopped = tokio::select! {
            _ = tokio::time::sleep(duration) => false,
            _ = shutdown.wait_for(|stop| *stop) => true,
        };
        !stopped && !*self.shutdown.borrow()
    }
}

/// A running simulator.
pub struct Simulator {
    base_url: String,
    state: Arc<SimState>,
    shutdown: watch::Sender<bool>,
    server: tokio::task::JoinHandle<()>,
}

impl Simulator {
    /// Serves the simulator on `listener` (bind it to loopback).
    pub async fn start(config: SimConfig, listener: TcpListener) -> Result<Self, SimError> {
        let addr = listener.local_addr()?;
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        let number = NumberIdentity {
            waba_id: config.waba_id.clone(),
            phone_number_id: config.phone_number_id.clone(),
            display_phone_number: config
                .display_phone_number
                .chars()
                .filter(char::is_ascii_digit)
                .collect(),
        };
        let deliverer = Arc::new(Deliverer::new(
            http.clone(),
            config.app_secret.clone(),
            config.retry,
            shutdown_rx.clone(),
        ));
        let base_url = format!("http://{addr}");
        let state = Arc::new(SimState {
            customers: Customers::new(),
            throughput: throughput::Throughput::new(config.throughput_per_second),
            config,
            number,
            base_url: base_url.clone(),
            deliverer,
            http,
            media: media_store::MediaStore::default(),
            faults: faults::Faults::default(),
            history: history::History::default(),
            templates: templates::TemplateStore::with_demo_templates(),
            shutdown: shutdown_rx.clone(),
        });
        let router = api::router()
            .merge(control::router())
            .with_state(state.clone());
        let mut shutdown = shutdown_rx;
        let server = tokio::spawn(async move {
            let stop = async move {
                let _ = shutdown.wait_for(|stop| *stop).await;
            };
            if let Err(e) = axum::serve(listener, router)
                .with_graceful_shutdown(stop)
                .await
            {
                tracing::error!("simulator stopped: {e}");
            }
        });
        Ok(Self {
            base_url,
            state,
            shutdown: shutdown_tx,
            server,
        })
    }

    /// Where Parley's Cloud API client should point (`api_base_url`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn config(&self) -> &SimConfig {
        &self.state.config
    }

    /// Points webhooks at `url` after Meta's verification handshake, as
    /// `POST /{waba_id}/subscribed_apps` with `override_callback_uri` does.
    pub async fn subscribe_webhook(&self, url: &str, verify_token: &str) -> Result<(), SimError> {
        api::verify_and_subscribe(&self.state, url, verify_token).await
    }

    /// Where webhooks go now: the last callback URL that passed the handshake.
    pub async fn webhook_target(&self) -> Option<String> {
        self.state.deliverer.target().await
    }

    /// A customer writes a text message now. Returns its wamid.
    pub fn customer_says(&self, wa_id: &str, name: &str, text: &str) -> String {
        customers::say(&self.state, wa_id, name, text, None)
    }

    /// A message written `seconds_ago`, delivered only now (Meta retries for days).
    pub fn customer_said(&self, wa_id: &str, name: &str, text: &str, seconds_ago: i64) -> String {
        customers::say(&self.state, wa_id, name, text, Some(seconds_ago))
    }

    /// A customer sends a message of any type: `fields` is its `type` and the type's
    /// object, as in Meta's webhooks (plus `context` or `referral` if wanted).
    pub fn customer_sends(&self, wa_id: &str, name: &str, fields: serde_json::Value) -> String {
        customers::send_inbound(&self.state, wa_id, name, &fields, None)
    }

    /// A customer sends a file; the simulator keeps its bytes for download.
    pub fn customer_sends_media(&self, wa_id: &str, name: &str, media: CustomerMedia) -> String {
        customers::send_media(&self.state, wa_id, name, media)
    }

    /// Delivers a webhook of another field (`user_preferences`,
    /// `message_template_status_update`, `account_update`, ...) with `value` as Meta's.
    pub fn deliver_change(&self, field: &str, value: serde_json::Value) {
        self.state
            .deliverer
            .deliver(&webhooks::change(&self.state.number, field, value));
    }

    /// Meta changes the status of template `name` (every language, or one) on its own,
    /// as when it pauses a template for low quality: the webhook follows. Returns how
    /// many templates changed.
    pub fn set_template_status(
        &self,
        name: &str,
        language: Option<&str>,
        status: parley_core::template::TemplateStatus,
        reason: Option<&str>,
    ) -> usize {
        templates::announce_status(&self.state, name, language, status, reason)
    }

    /// Meta rates template `name` anew: the quality webhook follows. Returns how many
    /// templates changed.
    pub fn set_template_quality(
        &self,
        name: &str,
        language: Option<&str>,
        quality: parley_core::template::TemplateQuality,
    ) -> usize {
        templates::announce_quality(&self.state, name, language, quality)
    }

    /// Someone deletes template `name` (one language, or every one) in WhatsApp Manager:
    /// it leaves the template list, and no webhook tells. Returns how many went.
    pub fn delete_template_in_console(&self, name: &str, language: Option<&str>) -> usize {
        self.state.templates.delete_in_console(name, language)
    }

    /// The customer `wa_id` stops (or resumes) marketing messages in WhatsApp; with
    /// `announce`, the `user_preferences` webhook tells the business, as Meta's does.
    pub fn set_customer_marketing(&self, wa_id: &str, stopped: bool, announce: bool) {
        customers::set_marketing(&self.state, wa_id, stopped, announce);
    }

    /// The bytes uploaded for a template example, by the handle the upload returned.
    pub fn uploaded_template_media(&self, handle: &str) -> Option<Vec<u8>> {
        self.state.templates.uploads.file(handle)
    }

    /// Queues `fault` for the next `times` sends.
    pub fn inject_fault(&self, fault: Fault, times: u32) {
        self.state.faults.inject(fault, times);
    }

    /// The send requests (Meta's JSON bodies) the Cloud API accepted for `wa_id`, oldest
    /// first: what reached "WhatsApp", whatever happened to it afterwards.
    pub fn sends_to(&self, wa_id: &str) -> Vec<serde_json::Value> {
        self.state.customers.accepted_sends(wa_id)
    }

    /// How many sends were refused with 130429 for exceeding the number's throughput
    /// (faults injected on cue are not counted).
    pub fn throughput_refusals(&self) -> u64 {
        self.state.throughput.refused()
    }

    /// The sends the Cloud API let through (whatever happened to them afterwards): how
    /// many, and when the first and the last arrived.
    pub fn admitted_sends(&self) -> Admitted {
        self.state.throughput.admitted()
    }

    /// Whether the business marked this inbound message read.
    pub fn was_read_by_business(&self, wamid: &str) -> bool {
        self.state.customers.was_read_by_business(wamid)
    }

    /// The bytes the business uploaded as `media_id`, if it did.
    pub fn uploaded_media(&self, media_id: &str) -> Option<Vec<u8>> {
        self.state.media.get(media_id).map(|m| m.bytes.to_vec())
    }

    /// Delivers an inbound message's webhook again, byte for byte.
    pub fn redeliver(&self, wamid: &str) -> bool {
        customers::redeliver(&self.state, wamid)
    }

    /// Moves the customer's last message 25 hours into the past, as if a day had gone by.
    pub fn expire_window(&self, wa_id: &str) -> Result<(), SimError> {
        self.state.customers.expire_window(wa_id)
    }

    /// Starts the scripted customers of `scenario` in the background.
    pub fn play(&self, scenario: Scenario) {
        scenario::play(self.state.clone(), scenario);
    }

    /// Resolves when every webhook handed to the receiver has been acknowledged.
    pub async fn wait_for_deliveries(&self) {
        self.state.deliverer.wait_idle().await;
    }

    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.server.await;
    }
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
