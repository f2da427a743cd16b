//! The rig of the template tests: a simulator with a fast review, Parley's client, and a
//! webhook receiver that parses every delivery the way Parley does.

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use parley_core::account::AccountSettings;
use parley_core::notice::AccountNotice;
use parley_core::template::TemplateDefinition;
use parley_sim::{SimConfig, Simulator, Timings};
use parley_whatsapp::api::{SendMessageRequest, TemplateParameter, TemplateSendComponent};
use parley_whatsapp::webhook::{self, ChangeEvent};
use parley_whatsapp::{ApiError, CloudClient};
use serde_json::{Value, json};
use tokio::sync::mpsc;

const VERIFY_TOKEN: &str = "verify-me";
pub const DANA: &str = "972501234567";

/// Every webhook delivered: field, raw value, Parley's notices, and message statuses.
type Delivered = (String, Value, Vec<AccountNotice>, Value);

async fn receiver() -> (String, mpsc::UnboundedReceiver<Delivered>) {
    let (tx, rx) = mpsc::unbounded_channel::<Delivered>();
    let router = Router::new()
        .route(
            "/webhook",
            get(
                |Query(q): Query<std::collections::HashMap<String, String>>| async move {
                    q.get("hub.challenge").cloned().unwrap_or_default()
                },
            )
            .post(
                |State(tx): State<mpsc::UnboundedSender<Delivered>>, body: Bytes| async move {
                    let delivery = webhook::parse(&body).expect("a webhook Parley can parse");
                    let raw: Value = serde_json::from_slice(&body).expect("json");
                    for change in delivery.changes {
                        let value = raw
                            .pointer("/entry/0/changes/0/value")
                            .cloned()
                            .unwrap_or(Value::Null);
                        let (notices, messages) = match change.event {
                            ChangeEvent::Notices { notices, .. } => {
                                (notices.into_iter().map(|n| n.notice).collect(), Value::Null)
                            }
                            ChangeEvent::Messages(m) => (
                                Vec::new(),
                                json!(
                                    m.statuses
                                        .iter()
                                        .map(|s| s.status.clone())
                                        .collect::<Vec<_>>()
                                ),
                            ),
                            ChangeEvent::Other(_) => (Vec::new(), Value::Null),
                        };
                        let _ = tx.send((change.field, value, notices, messages));
                    }
                    StatusCode::OK
                },
            ),
        )
        .with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/webhook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, rx)
}

pub struct Rig {
    pub sim: Simulator,
    pub client: CloudClient,
    pub webhooks: mpsc::UnboundedReceiver<Delivered>,
    pub waba: String,
    pub phone: String,
}

pub async fn rig() -> Rig {
    rig_with(|_| {}).await
}

/// The rig with `configure` applied to its simulator's configuration.
pub async fn rig_with(configure: impl FnOnce(&mut SimConfig)) -> Rig {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let mut config = SimConfig {
        timings: Timings {
            sent: Duration::from_millis(10),
            delivered: Duration::from_millis(20),
            read: Duration::from_millis(30),
            customer_reply: Duration::from_secs(3600),
        },
        template_review: Duration::from_millis(40),
        ..SimConfig::demo()
    };
    configure(&mut config);
    let sim = Simulator::start(config, listener).await.expect("start");
    let (url, webhooks) = receiver().await;
    sim.subscribe_webhook(&url, VERIFY_TOKEN)
        .await
        .expect("subscribe");
    let config = sim.config();
    let mut settings = AccountSettings::new(config.phone_number_id.clone(), config.waba_id.clone());
    settings.api_base_url = sim.base_url().to_owned();
    let client = CloudClient::new(
        parley_whatsapp::client::http_client(),
        &settings,
        config.access_token.clone(),
    );
    Rig {
        waba: config.waba_id.clone(),
        phone: config.phone_number_id.clone(),
        sim,
        client,
        webhooks,
    }
}

impl Rig {
    /// The next webhook of `field`, skipping others.
    pub async fn next(&mut self, field: &str) -> (Value, Vec<AccountNotice>, Value) {
        self.next_within(field, Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("no {field} webhook within 5 s"))
    }

    /// The next webhook of `field` within `within`, skipping others; `None` when none came.
    pub async fn next_within(
        &mut self,
        field: &str,
        within: Duration,
    ) -> Option<(Value, Vec<AccountNotice>, Value)> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let received = tokio::time::timeout_at(deadline, self.webhooks.recv())
                .await
                .ok()?
                .expect("receiver open");
            if received.0 == field {
                return Some((received.1, received.2, received.3));
            }
        }
    }

    /// The next template status event, as Parley parses it.
    pub async fn next_status(&mut self) -> (Value, String, Option<String>) {
        let (raw, notices, _) = self.next("message_template_status_update").await;
        match notices.as_slice() {
            [AccountNotice::TemplateStatus { status, reason, .. }] => {
                (raw, status.clone(), reason.clone())
            }
            other => panic!("not one template status notice: {other:?}"),
        }
    }

    pub async fn status_in_list(&self, name: &str, language: &str) -> Option<String> {
        let page = self
            .client
            .list_templates(&self.waba, None)
            .await
            .expect("list");
        page.data
            .into_iter()
            .find(|t| t.name == name && t.language == language)
            .map(|t| t.status)
    }

    pub async fn create_approved(&mut self, template: &TemplateDefinition) -> String {
        let created = self
            .client
            .create_template(&self.waba, template)
            .await
            .expect("created");
        let (_, status, _) = self.next_status().await;
        assert_eq!(status, "APPROVED");
        created.id
    }

    pub async fn control(&self, path: &str, body: Value) -> reqwest::Response {
        self.control_with(reqwest::Method::POST, path, body).await
    }

    pub async fn control_with(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Value,
    ) -> reqwest::Response {
        reqwest::Client::new()
            .request(method, format!("{}{path}", self.sim.base_url()))
            .json(&body)
            .send()
            .await
            .expect("control API answers")
    }
}

pub fn template(value: Value) -> TemplateDefinition {
    serde_json::from_value(value).expect("a template definition")
}

pub fn order_update(name: &str, language: &str) -> TemplateDefinition {
    template(json!({
        "name": name, "language": language, "category": "UTILITY",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}",
             "example": {"header_text": ["#1042"]}},
            {"type": "BODY", "text": "Hi {{1}}, your order {{2}} is ready for pickup at the shop today.",
             "example": {"body_text": [["Dana", "#1042"]]}},
            {"type": "FOOTER", "text": "Parley Demo Shop"},
            {"type": "BUTTONS", "buttons": [
                {"type": "URL", "text": "Track order", "url": "https://shop.example/track/{{1}}",
                 "example": ["https://shop.example/track/1042"]}
            ]}
        ]
    }))
}

/// Meta's plain-language message for the person (`error_user_msg`), or its details.
pub fn user_message(err: &ApiError) -> String {
    match err {
        ApiError::Graph { error, .. } => error
            .error_user_msg
            .clone()
            .or_else(|| error.details().map(str::to_owned))
            .unwrap_or_default(),
        other => panic!("not a Graph error: {other:?}"),
    }
}

pub fn graph_error(err: &ApiError) -> (i64, Option<i64>) {
    match err {
        ApiError::Graph { error, .. } => (error.code, error.error_subcode),
        other => panic!("not a Graph error: {other:?}"),
    }
}

pub fn order_update_send(to: &str, name: &str, body: Vec<TemplateParameter>) -> SendMessageRequest {
    SendMessageRequest::template(
        to,
        name,
        "en_US",
        vec![
            TemplateSendComponent::header(vec![TemplateParameter::text("#1042")]),
            TemplateSendComponent::body(body),
            TemplateSendComponent::url_button(0, "1042"),
        ],
    )
}

impl Rig {
    /// Creates a fresh approved copy of `broken` (with a valid body) and edits it to
    /// `broken`: Meta's answer to the edit.
    pub async fn create_approved_then_reject_edit(
        &mut self,
        broken: &TemplateDefinition,
    ) -> (i64, Option<i64>) {
        let mut fresh = order_update("order_update_copy", "en_US");
        fresh.language = broken.language.clone();
        let id = self.create_approved(&fresh).await;
        let err = self
            .client
            .edit_template(&id, broken)
            .await
            .expect_err("refused");
        graph_error(&err)
    }
}
