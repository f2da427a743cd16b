//! The number's throughput limit, as Meta enforces it: N sends in any one second, then
//! 130429 "Rate limit hit" (HTTP 400, an `OAuthException`) until the window has room;
//! a refused send reaches nobody. And the latency that makes concurrency matter.

// Shared test support: each test binary uses part of it.
#[allow(dead_code)]
mod support;

use std::time::{Duration, Instant};

use parley_sim::{SimConfig, Simulator};
use parley_whatsapp::ApiError;
use parley_whatsapp::api::SendMessageRequest;
use serde_json::Value;
use support::{DANA, client, quick_timings, start_with_open_window};

async fn start(throughput_per_second: u32, send_latency: Duration) -> Simulator {
    start_with_open_window(SimConfig {
        timings: quick_timings(),
        throughput_per_second,
        send_latency,
        ..SimConfig::demo()
    })
    .await
}

async fn send(sim: &Simulator, text: &str) -> Result<(), ApiError> {
    let phone = sim.config().phone_number_id.clone();
    client(sim)
        .send_message(&phone, &SendMessageRequest::text(DANA, text))
        .await
        .map(drop)
}

fn is_throughput_refusal(result: &Result<(), ApiError>) -> bool {
    matches!(
        result,
        Err(ApiError::Graph { http_status: 400, error }) if error.code == 130429
    )
}

#[tokio::test]
async fn over_the_limit_answers_130429_exactly_like_meta() {
    let sim = start(2, Duration::ZERO).await;
    send(&sim, "1").await.expect("within the limit");
    send(&sim, "2").await.expect("within the limit");
    let response = reqwest::Client::new()
        .post(format!(
            "{}/v23.0/{}/messages",
            sim.base_url(),
            sim.config().phone_number_id
        ))
        .bearer_auth(sim.config().access_token.expose())
        .json(&SendMessageRequest::text(DANA, "3"))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = response.json().await.expect("JSON");
    let error = &body["error"];
    assert_eq!(error["code"], 130429);
    assert_eq!(error["type"], "OAuthException");
    assert_eq!(error["message"], "(#130429) Rate limit hit");
    assert_eq!(
        error["error_data"]["details"],
        "Cloud API message throughput has been reached."
    );
    assert!(error["fbtrace_id"].is_string());
    assert_eq!(sim.throughput_refusals(), 1);
    let texts: Vec<Value> = sim
        .sends_to(DANA)
        .iter()
        .map(|s| s["text"]["body"].clone())
        .collect();
    assert_eq!(texts, ["1", "2"], "a refused send reaches nobody");
    sim.shutdown().await;
}

#[tokio::test]
async fn the_window_slides_and_refusals_do_not_fill_it() {
    let sim = start(5, Duration::ZERO).await;
    let first = Instant::now();
    for n in 0..5 {
        send(&sim, &n.to_string()).await.expect("within the limit");
    }
    for _ in 0..3 {
        assert!(is_throughput_refusal(&send(&sim, "over").await));
    }
    // A second after the first sends, the window has room for five again, not more:
    // the refusals in between took none of it.
    tokio::time::sleep_until((first + Duration::from_millis(1_050)).into()).await;
    for n in 5..10 {
        send(&sim, &n.to_string())
            .await
            .expect("the window moved on");
    }
    assert!(is_throughput_refusal(&send(&sim, "over again").await));
    assert_eq!(sim.throughput_refusals(), 4);
    assert_eq!(sim.sends_to(DANA).len(), 10);
    sim.shutdown().await;
}

#[tokio::test]
async fn no_limit_when_the_throughput_is_zero() {
    let sim = start(0, Duration::ZERO).await;
    for n in 0..150 {
        send(&sim, &n.to_string()).await.expect("unlimited");
    }
    assert_eq!(sim.throughput_refusals(), 0);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_answer_takes_the_latency_and_requests_overlap() {
    let latency = Duration::from_millis(250);
    let sim = std::sync::Arc::new(start(80, latency).await);
    let started = Instant::now();
    send(&sim, "one").await.expect("sent");
    assert!(started.elapsed() >= latency, "{:?}", started.elapsed());

    let started = Instant::now();
    let mut sends = tokio::task::JoinSet::new();
    for n in 0..8 {
        let sim = sim.clone();
        sends.spawn(async move { send(&sim, &n.to_string()).await });
    }
    while let Some(result) = sends.join_next().await {
        result.expect("joined").expect("sent");
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= latency, "{elapsed:?}");
    // One after another they would take 2 s.
    assert!(elapsed < latency * 6, "answers overlap: {elapsed:?}");
    assert_eq!(sim.sends_to(DANA).len(), 9);
    if let Ok(sim) = std::sync::Arc::try_unwrap(sim) {
        sim.shutdown().await;
    }
}
