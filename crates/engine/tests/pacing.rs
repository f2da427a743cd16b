//! Outbound at the number's throughput: bursts of sends against a simulator that answers
//! 130429 over its limit arrive exactly once, in order per conversation, and refusals
//! slow the sender down instead of failing messages. Timing is bounded loosely (these
//! tests run on loaded CI machines); what is asserted exactly is what arrived.

// Shared test support: each test binary uses part of it.
#[allow(dead_code)]
mod support;

use std::collections::HashMap;
use std::time::Duration;

use parley_core::ConversationId;
use parley_core::message::Message;
use parley_core::status::DeliveryStatus;
use parley_engine::{Engine, EngineEvent, EngineOptions};
use parley_sim::{Fault, SimConfig, Simulator};
use support::{VERIFY_TOKEN, by_owner, engine_on, fast_sim, sim_account, start_sim};

struct PacedRig {
    dir: tempfile::TempDir,
    sim: Simulator,
    engine: Engine,
}

async fn start_engine(sim: &Simulator, dir: &std::path::Path, send_rate: u32) -> Engine {
    let (settings, token) = sim_account(sim);
    let engine = engine_on(sim, dir, settings, token, EngineOptions::default()).await;
    let mut preferences = engine.preferences().await;
    preferences.send_rate_per_second = send_rate;
    engine
        .set_preferences(preferences)
        .await
        .expect("preferences");
    sim.subscribe_webhook(&engine.webhook_url(), VERIFY_TOKEN)
        .await
        .expect("handshake");
    engine
}

/// A simulator limited to `limit` sends/s, answering after `latency`, and an engine
/// pacing at `send_rate`.
async fn paced_rig(limit: u32, latency: Duration, send_rate: u32) -> PacedRig {
    let sim = start_sim(SimConfig {
        throughput_per_second: limit,
        send_latency: latency,
        ..fast_sim()
    })
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = start_engine(&sim, dir.path(), send_rate).await;
    PacedRig { dir, sim, engine }
}

fn wa_id(customer: usize) -> String {
    format!("3725{customer:07}")
}

/// `count` customers write in; returns each one's conversation, by customer number.
async fn customers_write(rig: &PacedRig, count: usize) -> Vec<ConversationId> {
    let mut events = rig.engine.subscribe();
    let by_wamid: HashMap<String, usize> = (0..count)
        .map(|customer| {
            let wamid =
                rig.sim
                    .customer_says(&wa_id(customer), &format!("Customer {customer}"), "tere");
            (wamid, customer)
        })
        .collect();
    let mut conversations = HashMap::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while conversations.len() < count {
        let event = tokio::time::timeout_at(deadline, events.recv())
            .await
            .expect("every customer's message arrives")
            .expect("events");
        if let EngineEvent::MessageAdded(message) = event
            && let Some(customer) = message.wamid.as_ref().and_then(|w| by_wamid.get(w))
        {
            conversations.insert(*customer, message.conversation_id);
        }
    }
    (0..count).map(|c| conversations[&c]).collect()
}

fn text_of(send: &serde_json::Value) -> String {
    send["text"]["body"].as_str().unwrap_or_default().to_owned()
}

/// Waits until the simulator accepted `expected` sends in all, then a moment longer so
/// a duplicate would show.
async fn until_accepted(rig: &PacedRig, customers: usize, expected: usize, within: Duration) {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let accepted: usize = (0..customers)
            .map(|c| rig.sim.sends_to(&wa_id(c)).len())
            .sum();
        if accepted >= expected {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {accepted} of {expected} sends reached the Cloud API"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
}

async fn assert_accepted(rig: &PacedRig, messages: &[Message]) {
    for message in messages {
        let stored = rig
            .engine
            .store()
            .message(message.id)
            .await
            .expect("stored");
        assert_eq!(stored.failure, None, "{:?}", stored.text);
        assert!(stored.wamid.is_some(), "{:?} has its wamid", stored.text);
        assert!(
            matches!(
                stored.status,
                Some(
                    DeliveryStatus::Accepted
                        | DeliveryStatus::Sent
                        | DeliveryStatus::Delivered
                        | DeliveryStatus::Read
                )
            ),
            "{:?}: {:?}",
            stored.text,
            stored.status
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_over_the_limit_arrives_once_in_order_without_hammering() {
    const CUSTOMERS: usize = 6;
    const PER_CUSTOMER: usize = 5;
    const LIMIT: u32 = 10;
    let rig = paced_rig(LIMIT, Duration::from_millis(40), LIMIT).await;
    let conversations = customers_write(&rig, CUSTOMERS).await;

    let started = tokio::time::Instant::now();
    let mut queued = Vec::new();
    for n in 0..PER_CUSTOMER {
        for (customer, conversation) in conversations.iter().enumerate() {
            queued.push(
                rig.engine
                    .send_text(*conversation, &format!("{customer}/{n}"), by_owner())
                    .await
                    .expect("queued"),
            );
        }
    }
    let total = CUSTOMERS * PER_CUSTOMER;
    until_accepted(&rig, CUSTOMERS, total, Duration::from_secs(30)).await;
    let elapsed = started.elapsed();

    for customer in 0..CUSTOMERS {
        let received: Vec<String> = rig
            .sim
            .sends_to(&wa_id(customer))
            .iter()
            .map(text_of)
            .collect();
        let written: Vec<String> = (0..PER_CUSTOMER)
            .map(|n| format!("{customer}/{n}"))
            .collect();
        assert_eq!(received, written, "exactly once, in the order written");
    }
    assert_accepted(&rig, &queued).await;
    // Paced at the limit, the sender stays under it: the simulator had (almost) nothing
    // to refuse. Sending as fast as it could, it would have been refused dozens of times.
    let refusals = rig.sim.throughput_refusals();
    assert!(refusals <= 3, "{refusals} sends over the limit");
    // 30 sends at 10/s cannot take less than two seconds (the first ten may start at once).
    assert!(elapsed >= Duration::from_secs(2), "{elapsed:?}");
    rig.engine.shutdown().await;
    rig.sim.shutdown().await;
    drop(rig.dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_for_throughput_slow_down_without_using_up_attempts() {
    // The engine believes it may send four times faster than the number may.
    let rig = paced_rig(3, Duration::ZERO, 12).await;
    let conversations = customers_write(&rig, 4).await;
    // More refusals in a row than a message has attempts: with backoff it would fail.
    rig.sim.inject_fault(Fault::Refuse { code: 130429 }, 12);
    let mut queued = Vec::new();
    for n in 0..3 {
        for (customer, conversation) in conversations.iter().enumerate() {
            queued.push(
                rig.engine
                    .send_text(*conversation, &format!("{customer}/{n}"), by_owner())
                    .await
                    .expect("queued"),
            );
        }
    }
    // Twelve sends at 3/s, after twelve refusals paused for a fraction of a second each:
    // well within the time backoff alone would take (1 + 2 + 4 + ... s).
    until_accepted(&rig, 4, 12, Duration::from_secs(20)).await;
    for customer in 0..4 {
        let received: Vec<String> = rig
            .sim
            .sends_to(&wa_id(customer))
            .iter()
            .map(text_of)
            .collect();
        let written: Vec<String> = (0..3).map(|n| format!("{customer}/{n}")).collect();
        assert_eq!(received, written);
    }
    assert_accepted(&rig, &queued).await;
    assert!(
        rig.sim.throughput_refusals() > 0,
        "the simulator's own limit was met too, and recovered from"
    );
    rig.engine.shutdown().await;
    rig.sim.shutdown().await;
    drop(rig.dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_while_throttled_loses_and_repeats_nothing() {
    const CUSTOMERS: usize = 10;
    let rig = paced_rig(2, Duration::from_millis(20), 50).await;
    let conversations = customers_write(&rig, CUSTOMERS).await;
    let mut queued = Vec::new();
    for (customer, conversation) in conversations.iter().enumerate() {
        queued.push(
            rig.engine
                .send_text(*conversation, &format!("{customer}/0"), by_owner())
                .await
                .expect("queued"),
        );
    }
    // Stop while most sends wait out 130429s, then start again on the same store.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let PacedRig { dir, sim, engine } = rig;
    engine.shutdown().await;
    let accepted_before: usize = (0..CUSTOMERS).map(|c| sim.sends_to(&wa_id(c)).len()).sum();
    assert!(accepted_before < CUSTOMERS, "stopped mid-burst");
    let engine = start_engine(&sim, dir.path(), 50).await;
    let rig = PacedRig { dir, sim, engine };
    until_accepted(&rig, CUSTOMERS, CUSTOMERS, Duration::from_secs(30)).await;
    for customer in 0..CUSTOMERS {
        let received: Vec<String> = rig
            .sim
            .sends_to(&wa_id(customer))
            .iter()
            .map(text_of)
            .collect();
        assert_eq!(received, vec![format!("{customer}/0")], "exactly once");
    }
    // Nothing was left "in flight" by the stop, so nothing came back "outcome unknown".
    assert_accepted(&rig, &queued).await;
    rig.engine.shutdown().await;
    rig.sim.shutdown().await;
}
