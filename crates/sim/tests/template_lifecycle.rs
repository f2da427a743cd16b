//! Meta's template lifecycle as the simulator plays it: pauses that lift on their own
//! (3 h the first time, 6 h the second, in the simulator's short hours) and the third
//! that disables; a template deleted in WhatsApp Manager, which only leaves the list; and
//! a customer who stopped marketing messages, whose marketing template is accepted and
//! then fails with 131050.

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
use tokio::time::Instant;

const VERIFY_TOKEN: &str = "verify-me";
const DANA: &str = "972501234567";
/// One of Meta's hours, here: the first pause lasts 3 of them, the second 6.
const HOUR: Duration = Duration::from_millis(200);

/// A delivered change: its field, raw value, and the notices Parley reads in it.
type Delivered = (String, Value, Vec<AccountNotice>);

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
                    let value = raw
                        .pointer("/entry/0/changes/0/value")
                        .cloned()
                        .unwrap_or(Value::Null);
                    for change in delivery.changes {
                        let notices = match change.event {
                            ChangeEvent::Notices { notices, .. } => {
                                notices.into_iter().map(|n| n.notice).collect()
                            }
                            _ => Vec::new(),
                        };
                        let _ = tx.send((change.field, value.clone(), notices));
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

struct Rig {
    sim: Simulator,
    client: CloudClient,
    webhooks: mpsc::UnboundedReceiver<Delivered>,
    waba: String,
    phone: String,
}

async fn rig() -> Rig {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let config = SimConfig {
        timings: Timings {
            sent: Duration::from_millis(10),
            delivered: Duration::from_millis(20),
            read: Duration::from_millis(30),
            customer_reply: Duration::from_secs(3600),
        },
        template_review: Duration::from_millis(40),
        template_pause_hour: HOUR,
        ..SimConfig::demo()
    };
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
    /// The next webhook of `field` within `within`, skipping others.
    async fn next_within(
        &mut self,
        field: &str,
        within: Duration,
    ) -> Option<(Value, Vec<AccountNotice>)> {
        let deadline = Instant::now() + within;
        loop {
            let received = tokio::time::timeout_at(deadline, self.webhooks.recv())
                .await
                .ok()?
                .expect("receiver open");
            if received.0 == field {
                return Some((received.1, received.2));
            }
        }
    }

    async fn next(&mut self, field: &str) -> (Value, Vec<AccountNotice>) {
        self.next_within(field, Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("no {field} webhook within 5 s"))
    }

    /// The next template status webhook: its raw value and the status Parley reads.
    async fn next_status(&mut self) -> (Value, String) {
        let (raw, notices) = self.next("message_template_status_update").await;
        match notices.as_slice() {
            [AccountNotice::TemplateStatus { status, .. }] => (raw, status.clone()),
            other => panic!("not one template status notice: {other:?}"),
        }
    }

    /// The next message status for `wamid`: its status and error code, if any.
    async fn next_message_status(&mut self, wamid: &str) -> (String, Option<i64>) {
        loop {
            let (raw, _) = self.next("messages").await;
            let Some(status) = raw.pointer("/statuses/0") else {
                continue;
            };
            if status["id"] != wamid {
                continue;
            }
            let code = status.pointer("/errors/0/code").and_then(Value::as_i64);
            return (
                status["status"].as_str().unwrap_or_default().to_owned(),
                code,
            );
        }
    }

    async fn status_in_list(&self, name: &str, language: &str) -> Option<String> {
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

    async fn control(&self, method: reqwest::Method, path: &str, body: Value) -> reqwest::Response {
        reqwest::Client::new()
            .request(method, format!("{}{path}", self.sim.base_url()))
            .json(&body)
            .send()
            .await
            .expect("control API answers")
    }

    async fn pause(&self, name: &str) -> u16 {
        self.control(
            reqwest::Method::POST,
            &format!("/_sim/templates/{name}/status"),
            json!({"status": "PAUSED"}),
        )
        .await
        .status()
        .as_u16()
    }

    async fn send(&self, request: &SendMessageRequest) -> Result<String, ApiError> {
        self.client
            .send_message(&self.phone, request)
            .await
            .map(|answer| answer.messages[0].id.clone())
    }
}

fn graph_code(err: &ApiError) -> i64 {
    match err {
        ApiError::Graph { error, .. } => error.code,
        other => panic!("not a Graph error: {other:?}"),
    }
}

/// The demo account's approved Hebrew utility template.
fn order_ready() -> SendMessageRequest {
    SendMessageRequest::template(
        DANA,
        "order_ready",
        "he",
        vec![TemplateSendComponent::body(vec![
            TemplateParameter::text("דנה"),
            TemplateParameter::text("#1042"),
        ])],
    )
}

fn autumn_offer() -> TemplateDefinition {
    serde_json::from_value(json!({
        "name": "autumn_offer", "language": "en_US", "category": "MARKETING",
        "components": [
            {"type": "BODY", "text": "Hi {{1}}, the autumn collection is in the shop now: come and see it this week.",
             "example": {"body_text": [["Dana"]]}},
            {"type": "FOOTER", "text": "Reply STOP to unsubscribe"}
        ]
    }))
    .expect("a template")
}

fn autumn_offer_send() -> SendMessageRequest {
    SendMessageRequest::template(
        DANA,
        "autumn_offer",
        "en_US",
        vec![TemplateSendComponent::body(vec![TemplateParameter::text(
            "Dana",
        )])],
    )
}

#[tokio::test]
async fn the_first_pause_lifts_after_three_hours_the_second_after_six_and_the_third_disables() {
    let mut rig = rig().await;

    // First pause: 3 hours.
    let paused_at = Instant::now();
    assert_eq!(rig.pause("order_ready").await, 200);
    let (raw, status) = rig.next_status().await;
    assert_eq!(status, "PAUSED");
    assert_eq!(raw["other_info"]["title"], "FIRST_PAUSE");
    assert!(
        raw["other_info"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("3 hours")),
        "{raw}"
    );
    assert_eq!(
        graph_code(&rig.send(&order_ready()).await.expect_err("paused")),
        132015
    );
    tokio::time::sleep_until(paused_at + HOUR).await;
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("PAUSED"),
        "one hour in, still paused"
    );
    let (raw, status) = rig.next_status().await;
    assert!(paused_at.elapsed() >= HOUR * 3, "lifted after 3 hours");
    assert_eq!(
        status, "APPROVED",
        "Meta approves a template again when a pause ends"
    );
    assert_eq!(raw["other_info"]["title"], "UNPAUSE");
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("APPROVED")
    );
    rig.send(&order_ready()).await.expect("sendable again");

    // Second pause: 6 hours, so still paused when the first one had lifted.
    let paused_at = Instant::now();
    assert_eq!(rig.pause("order_ready").await, 200);
    let (raw, status) = rig.next_status().await;
    assert_eq!(status, "PAUSED");
    assert_eq!(raw["other_info"]["title"], "SECOND_PAUSE");
    tokio::time::sleep_until(paused_at + HOUR * 4).await;
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("PAUSED"),
        "four hours in, still paused"
    );
    let (_, status) = rig.next_status().await;
    assert!(paused_at.elapsed() >= HOUR * 6, "lifted after 6 hours");
    assert_eq!(status, "APPROVED");
    rig.send(&order_ready()).await.expect("sendable again");

    // The third pause disables it for good.
    assert_eq!(rig.pause("order_ready").await, 200);
    let (raw, status) = rig.next_status().await;
    assert_eq!(status, "DISABLED");
    assert_eq!(raw["other_info"]["title"], "DISABLED");
    assert!(raw["disable_info"]["disable_date"].is_i64(), "{raw}");
    assert_eq!(
        graph_code(&rig.send(&order_ready()).await.expect_err("disabled")),
        132016
    );
    assert!(
        rig.next_within("message_template_status_update", HOUR * 7)
            .await
            .is_none(),
        "a disabled template is not lifted"
    );
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("DISABLED")
    );
    // Meta pauses only a template it sends.
    assert_eq!(rig.pause("order_ready").await, 409);
    assert_eq!(rig.pause("no_such_template").await, 404);
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_pause_ended_early_does_not_cut_the_next_one_short() {
    let mut rig = rig().await;
    let first = Instant::now();
    assert_eq!(rig.pause("order_ready").await, 200);
    assert_eq!(rig.next_status().await.1, "PAUSED");
    // Meta reinstates it early (an edit approved, an appeal won)...
    rig.sim.set_template_status(
        "order_ready",
        Some("he"),
        parley_core::template::TemplateStatus::Reinstated,
        None,
    );
    assert_eq!(rig.next_status().await.1, "REINSTATED");
    rig.send(&order_ready())
        .await
        .expect("a reinstated template sends");
    // ...and pauses it again: the first pause's end must not lift the second.
    assert_eq!(rig.pause("order_ready").await, 200);
    let (raw, _) = rig.next_status().await;
    assert_eq!(raw["other_info"]["title"], "SECOND_PAUSE");
    tokio::time::sleep_until(first + HOUR * 4).await;
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("PAUSED")
    );
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_template_deleted_in_whatsapp_manager_only_leaves_the_list() {
    let mut rig = rig().await;
    let answer = rig
        .control(
            reqwest::Method::DELETE,
            "/_sim/templates/order_ready?language=he",
            Value::Null,
        )
        .await;
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(answer.json::<Value>().await.expect("json")["deleted"], 1);
    assert_eq!(rig.status_in_list("order_ready", "he").await, None);
    assert_eq!(
        rig.status_in_list("hello_world", "en_US").await.as_deref(),
        Some("APPROVED"),
        "the others stay"
    );
    assert!(
        rig.next_within("message_template_status_update", Duration::from_millis(300))
            .await
            .is_none(),
        "no webhook tells"
    );
    assert_eq!(
        graph_code(&rig.send(&order_ready()).await.expect_err("gone")),
        132001
    );
    let again = rig
        .control(
            reqwest::Method::DELETE,
            "/_sim/templates/order_ready",
            Value::Null,
        )
        .await;
    assert_eq!(again.status().as_u16(), 404);
    assert_eq!(rig.sim.delete_template_in_console("hello_world", None), 1);
    assert_eq!(rig.status_in_list("hello_world", "en_US").await, None);
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_customer_who_stopped_marketing_gets_no_marketing_template_131050() {
    let mut rig = rig().await;
    rig.client
        .create_template(&rig.waba, &autumn_offer())
        .await
        .expect("created");
    assert_eq!(rig.next_status().await.1, "APPROVED");

    // Before Dana stops, the marketing template goes through.
    let wamid = rig.send(&autumn_offer_send()).await.expect("accepted");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("sent".to_owned(), None)
    );

    let answer = rig
        .control(
            reqwest::Method::POST,
            &format!("/_sim/customers/{DANA}/marketing"),
            json!({"value": "stop"}),
        )
        .await;
    assert_eq!(answer.status().as_u16(), 204);
    let (raw, notices) = rig.next("user_preferences").await;
    assert_eq!(raw["user_preferences"][0]["category"], "marketing_messages");
    assert!(
        matches!(
            notices.as_slice(),
            [AccountNotice::MarketingPreference { wa_id, opted_out: true, .. }] if wa_id == DANA
        ),
        "{notices:?}"
    );

    // Accepted, then failed by webhook, as Meta does.
    let wamid = rig
        .send(&autumn_offer_send())
        .await
        .expect("accepted at first");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("failed".to_owned(), Some(131050))
    );
    // A utility template still reaches them.
    let wamid = rig.send(&order_ready()).await.expect("accepted");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("sent".to_owned(), None)
    );

    // They resume: marketing goes through again.
    rig.control(
        reqwest::Method::POST,
        &format!("/_sim/customers/{DANA}/marketing"),
        json!({"value": "resume"}),
    )
    .await;
    let (_, notices) = rig.next("user_preferences").await;
    assert!(matches!(
        notices.as_slice(),
        [AccountNotice::MarketingPreference {
            opted_out: false,
            ..
        }]
    ));
    let wamid = rig.send(&autumn_offer_send()).await.expect("accepted");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("sent".to_owned(), None)
    );

    // A stop the business never heard of still fails the send.
    rig.control(
        reqwest::Method::POST,
        &format!("/_sim/customers/{DANA}/marketing"),
        json!({"value": "stop", "webhook": false}),
    )
    .await;
    let wamid = rig.send(&autumn_offer_send()).await.expect("accepted");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("failed".to_owned(), Some(131050))
    );
    let bad = rig
        .control(
            reqwest::Method::POST,
            &format!("/_sim/customers/{DANA}/marketing"),
            json!({"value": "maybe"}),
        )
        .await;
    assert!(bad.status().is_client_error());
    rig.sim.shutdown().await;
}
