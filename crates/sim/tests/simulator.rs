//! The simulator against Meta's OpenAPI schemas and Meta's protocol: what Parley's client
//! sends, what the simulator answers, and the webhooks it delivers.

// Shared test support: each test binary uses part of it.
#[allow(dead_code)]
mod support;

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use parley_core::account::Secret;
use parley_sim::{SimConfig, Simulator, Timings};
use parley_whatsapp::api::SendMessageRequest;
use parley_whatsapp::{ApiError, signature};
use serde_json::Value;
use support::client;
use support::openapi::Spec;
use tokio::sync::mpsc;

const VERIFY_TOKEN: &str = "verify-me";

struct Received {
    body: Vec<u8>,
    signature: Option<String>,
}

/// A minimal webhook receiver: answers the handshake and records deliveries.
async fn receiver() -> (String, mpsc::UnboundedReceiver<Received>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let router = Router::new()
        .route(
            "/webhook",
            get(
                |Query(q): Query<std::collections::HashMap<String, String>>| async move {
                    if q.get("hub.verify_token").map(String::as_str) == Some(VERIFY_TOKEN) {
                        (
                            StatusCode::OK,
                            q.get("hub.challenge").cloned().unwrap_or_default(),
                        )
                    } else {
                        (StatusCode::FORBIDDEN, String::new())
                    }
                },
            )
            .post(
                |State(tx): State<mpsc::UnboundedSender<Received>>,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    let signature = headers
                        .get("x-hub-signature-256")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    let _ = tx.send(Received {
                        body: body.to_vec(),
                        signature,
                    });
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

fn fast_config() -> SimConfig {
    SimConfig {
        timings: Timings {
            sent: Duration::from_millis(20),
            delivered: Duration::from_millis(40),
            read: Duration::from_millis(60),
            customer_reply: Duration::from_millis(10),
        },
        ..SimConfig::demo()
    }
}

async fn start(config: SimConfig) -> (Simulator, mpsc::UnboundedReceiver<Received>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let sim = Simulator::start(config, listener).await.expect("start");
    let (url, rx) = receiver().await;
    sim.subscribe_webhook(&url, VERIFY_TOKEN)
        .await
        .expect("handshake");
    (sim, rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Received>) -> (Value, Received) {
    let received = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("a webhook within 5 s")
        .expect("receiver alive");
    let value = serde_json::from_slice(&received.body).expect("webhook body is JSON");
    (value, received)
}

fn change_value(payload: &Value) -> &Value {
    &payload["entry"][0]["changes"][0]["value"]
}

#[tokio::test]
async fn customer_messages_arrive_signed_escaped_and_in_metas_shape() {
    let spec = Spec::load();
    let (sim, mut rx) = start(fast_config()).await;
    let wamid = sim.customer_says(
        "972501234567",
        "Dana Levi",
        "שלום, יש מידה 38? https://shop.example/p/1",
    );

    let (payload, received) = next(&mut rx).await;
    spec.assert_conforms("WebhookPayload", &payload);
    let message = &change_value(&payload)["messages"][0];
    let example = spec.webhook_example("Text Message");
    spec.assert_same_shape_as_example(example, &payload);
    assert_eq!(message["id"], wamid.as_str());
    assert_eq!(message["from"], "972501234567");
    assert_eq!(message["type"], "text");
    assert!(
        message["timestamp"].is_string(),
        "Meta sends timestamps as strings"
    );
    assert_eq!(
        change_value(&payload)["contacts"][0]["profile"]["name"],
        "Dana Levi"
    );

    assert!(
        received.body.is_ascii(),
        "non-ASCII is \\u-escaped like Meta's"
    );
    assert!(String::from_utf8_lossy(&received.body).contains("https:\\/\\/shop.example"));
    let secret = sim.config().app_secret.expose().as_bytes();
    signature::verify(secret, &received.body, received.signature.as_deref())
        .expect("signed with the app secret over the exact bytes");

    assert!(sim.redeliver(&wamid));
    let (_, again) = next(&mut rx).await;
    assert_eq!(again.body, received.body, "redelivery is byte for byte");
    sim.shutdown().await;
}

#[tokio::test]
async fn a_reply_in_the_window_is_accepted_then_sent_delivered_read() {
    let spec = Spec::load();
    let (sim, mut rx) = start(fast_config()).await;
    sim.customer_says("972501234567", "Dana", "hi");
    next(&mut rx).await;

    let request = SendMessageRequest::text("972501234567", "Yes, we have it!");
    spec.assert_conforms("Message", &serde_json::to_value(&request).expect("json"));

    // The raw answer, to check it against the spec rather than against our own types.
    let config = sim.config();
    let raw: Value = reqwest::Client::new()
        .post(format!(
            "{}/v26.0/{}/messages",
            sim.base_url(),
            config.phone_number_id
        ))
        .bearer_auth(config.access_token.expose())
        .json(&request)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    spec.assert_conforms("MessageResponsePayload", &raw);
    let wamid = raw["messages"][0]["id"].as_str().expect("wamid").to_owned();
    assert!(wamid.starts_with("wamid."));

    let mut seen = Vec::new();
    for _ in 0..3 {
        let (payload, _) = next(&mut rx).await;
        spec.assert_conforms("WebhookPayload", &payload);
        spec.assert_conforms("StatusMessageValue", change_value(&payload));
        let status = &change_value(&payload)["statuses"][0];
        assert_eq!(status["id"], wamid.as_str());
        assert_eq!(status["recipient_id"], "972501234567");
        seen.push(status["status"].as_str().unwrap_or_default().to_owned());
    }
    assert_eq!(seen, ["sent", "delivered", "read"]);

    // The control API tells what the customer got, in Meta's request shape.
    let received: Value = reqwest::Client::new()
        .get(format!(
            "{}/_sim/customers/972501234567/received",
            sim.base_url()
        ))
        .send()
        .await
        .expect("received")
        .json()
        .await
        .expect("json");
    assert_eq!(received["messages"][0]["text"]["body"], "Yes, we have it!");
    let nobody: Value = reqwest::Client::new()
        .get(format!(
            "{}/_sim/customers/15550001111/received",
            sim.base_url()
        ))
        .send()
        .await
        .expect("received")
        .json()
        .await
        .expect("json");
    assert_eq!(nobody["messages"], serde_json::json!([]));

    // Through Parley's own client too.
    let response = client(&sim)
        .send_message(&config.phone_number_id, &request)
        .await
        .expect("client send");
    assert_eq!(response.contacts[0].wa_id, "972501234567");
    sim.shutdown().await;
}

#[tokio::test]
async fn free_form_outside_the_window_fails_with_131047_by_webhook() {
    let spec = Spec::load();
    let (sim, mut rx) = start(fast_config()).await;
    sim.customer_says("447700900123", "Sam", "thanks");
    next(&mut rx).await;
    sim.expire_window("447700900123").expect("known customer");

    let config = sim.config();
    let response = client(&sim)
        .send_message(
            &config.phone_number_id,
            &SendMessageRequest::text("447700900123", "Hello?"),
        )
        .await
        .expect("Meta accepts the request and fails the message later");
    let (payload, _) = next(&mut rx).await;
    spec.assert_conforms("StatusMessageValue", change_value(&payload));
    let status = &change_value(&payload)["statuses"][0];
    assert_eq!(status["id"], response.messages[0].id.as_str());
    assert_eq!(status["status"], "failed");
    assert_eq!(status["errors"][0]["code"], 131047);
    assert!(
        status["errors"][0]["error_data"]["details"]
            .as_str()
            .is_some_and(|d| d.contains("24 hours"))
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn errors_come_in_metas_shape() {
    let spec = Spec::load();
    let (sim, _rx) = start(fast_config()).await;
    let config = sim.config().clone();
    let http = reqwest::Client::new();
    let url = format!(
        "{}/v26.0/{}/messages",
        sim.base_url(),
        config.phone_number_id
    );
    let body = serde_json::to_value(SendMessageRequest::text("972501234567", "hi")).expect("json");

    let cases: Vec<(reqwest::RequestBuilder, u16, i64)> = vec![
        (http.post(&url).json(&body), 401, 104),
        (http.post(&url).bearer_auth("wrong").json(&body), 401, 190),
        (
            http.post(format!("{}/v26.0/999/messages", sim.base_url()))
                .bearer_auth(config.access_token.expose())
                .json(&body),
            400,
            100,
        ),
        (
            http.post(&url)
                .bearer_auth(config.access_token.expose())
                .json(&serde_json::json!({"messaging_product": "whatsapp", "to": "972501234567", "type": "text"})),
            400,
            100,
        ),
        (
            http.post(&url)
                .bearer_auth(config.access_token.expose())
                .json(&serde_json::json!({"messaging_product": "whatsapp", "to": "972501234567", "type": "text", "text": {"body": "x".repeat(4097)}})),
            400,
            100,
        ),
        (
            http.post(&url).bearer_auth(config.access_token.expose()).body("{not json"),
            400,
            100,
        ),
    ];
    for (request, status, code) in cases {
        let response = request.send().await.expect("answer");
        assert_eq!(response.status().as_u16(), status);
        let error: Value = response.json().await.expect("json");
        spec.assert_conforms("GraphAPIError", &error);
        assert_eq!(error["error"]["code"], code, "{error}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn phone_number_info_matches_the_spec_and_rejects_unknown_fields() {
    let spec = Spec::load();
    let (sim, _rx) = start(fast_config()).await;
    let info = client(&sim)
        .phone_number_info(&sim.config().phone_number_id)
        .await
        .expect("info");
    spec.assert_conforms(
        "PhoneNumberInfo",
        &serde_json::to_value(&info).expect("json"),
    );
    assert_eq!(info.verified_name.as_deref(), Some("Parley Demo Shop"));
    assert_eq!(info.quality_rating.as_deref(), Some("GREEN"));

    let response = reqwest::Client::new()
        .get(format!(
            "{}/v26.0/{}?fields=colour",
            sim.base_url(),
            sim.config().phone_number_id
        ))
        .bearer_auth(sim.config().access_token.expose())
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 400);
    sim.shutdown().await;
}

#[tokio::test]
async fn throughput_beyond_the_limit_is_130429() {
    let (sim, _rx) = start(SimConfig {
        throughput_per_second: 2,
        ..fast_config()
    })
    .await;
    sim.customer_says("972501234567", "Dana", "hi");
    let client = client(&sim);
    let request = SendMessageRequest::text("972501234567", "x");
    let id = sim.config().phone_number_id.clone();
    client.send_message(&id, &request).await.expect("first");
    client.send_message(&id, &request).await.expect("second");
    let err = client
        .send_message(&id, &request)
        .await
        .expect_err("third is over the limit");
    assert!(
        matches!(err, ApiError::Graph { ref error, .. } if error.code == 130429),
        "{err:?}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_wrong_verify_token_is_refused_and_deliveries_wait() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let sim = Simulator::start(fast_config(), listener)
        .await
        .expect("start");
    let (url, mut rx) = receiver().await;
    assert!(sim.subscribe_webhook(&url, "not-the-token").await.is_err());

    sim.customer_says("972501234567", "Dana", "is anyone there?");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        rx.try_recv().is_err(),
        "nothing is delivered before a URL is verified"
    );

    sim.subscribe_webhook(&url, VERIFY_TOKEN)
        .await
        .expect("handshake");
    let (payload, _) = next(&mut rx).await;
    assert_eq!(
        change_value(&payload)["messages"][0]["text"]["body"],
        "is anyone there?"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_receiver_that_fails_gets_the_delivery_again() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let calls = Arc::new(AtomicUsize::new(0));
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let router = Router::new().route(
        "/webhook",
        get(
            |Query(q): Query<std::collections::HashMap<String, String>>| async move {
                q.get("hub.challenge").cloned().unwrap_or_default()
            },
        )
        .post({
            let calls = calls.clone();
            move |body: Bytes| async move {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    return StatusCode::INTERNAL_SERVER_ERROR;
                }
                let _ = tx.send(body.to_vec());
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/webhook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });

    let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let config = SimConfig {
        retry: parley_sim::RetryPolicy {
            first_delay: Duration::from_millis(50),
            ..parley_sim::RetryPolicy::default()
        },
        ..fast_config()
    };
    let sim = Simulator::start(config, sim_listener).await.expect("start");
    sim.subscribe_webhook(&url, "any").await.expect("handshake");
    sim.customer_says("972501234567", "Dana", "retry me");
    let body = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("redelivered")
        .expect("alive");
    assert!(String::from_utf8_lossy(&body).contains("retry me"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    sim.wait_for_deliveries().await;
    sim.shutdown().await;
}

#[test]
fn secrets_of_a_demo_number_are_fresh_each_time() {
    let (a, b) = (SimConfig::demo(), SimConfig::demo());
    assert_ne!(a.app_secret, b.app_secret);
    assert_ne!(a.access_token, b.access_token);
    let _: &Secret = &a.app_secret;
}
