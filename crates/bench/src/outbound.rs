//! Outbound at the allowed rate: a queue of sends, one to each of many customers whose
//! window is open, through the engine's real send path (outbox, sender, Cloud API
//! client) against the simulator limited to Meta's default 80 messages/s per number and
//! answering each send after a realistic latency. The statuses of every accepted send
//! (sent, delivered, read) flow back as webhooks meanwhile, as they would at a shop.
//!
//! The rate is measured on the simulator's clock, from the first send it let through to
//! the last. Nothing may be dropped: every queued message must have reached the
//! simulator exactly once, and the outbox must agree.

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use parley_core::AgentId;
use parley_core::account::{AccountSettings, Secret};
use parley_core::agent::SentBy;
use parley_core::message::Message;
use parley_core::meta_error::SendFailure;
use parley_engine::{AccountSecrets, Engine, EngineOptions};
use parley_sim::{SimConfig, Simulator};
use parley_store::Store;

use crate::Size;
use crate::report::{Section, Target};

/// Meta's default throughput per business number.
const LIMIT_PER_SECOND: u32 = 80;
/// How long the simulated Cloud API takes to answer a send (the real one: 100-500 ms).
const SEND_LATENCY: Duration = Duration::from_millis(150);
/// The target: at least 95 % of the allowed rate.
const RATE_TARGET: f64 = 0.95 * LIMIT_PER_SECOND as f64;
/// Customers who write in at once while the inbox is prepared.
const ARRIVAL_BATCH: usize = 250;
/// How long without progress before the run gives up waiting.
const STALL: Duration = Duration::from_secs(30);
const VERIFY_TOKEN: &str = "bench-verify-token";

/// Replies in the shop's languages, so payloads are as long as real ones.
const REPLIES: [&str; 4] = [
    "Thank you! Your order ships tomorrow morning.",
    "תודה! ההזמנה שלך תישלח מחר בבוקר.",
    "Спасибо! Ваш заказ будет отправлен завтра утром.",
    "Aitäh! Teie tellimus saadetakse homme hommikul.",
];

fn sends(size: Size) -> usize {
    match size {
        Size::Smoke => 200,
        Size::Full => 10_000,
    }
}

fn wa_id(customer: usize) -> String {
    format!("97250{customer:07}")
}

pub async fn run(size: Size) -> anyhow::Result<Section> {
    let count = sends(size);
    let dir = tempfile::Builder::new()
        .prefix("parley-bench-outbound")
        .tempdir()
        .context("creating a temporary store")?;
    let sim = Simulator::start(
        SimConfig {
            throughput_per_second: LIMIT_PER_SECOND,
            send_latency: SEND_LATENCY,
            ..SimConfig::demo()
        },
        tokio::net::TcpListener::bind("127.0.0.1:0").await?,
    )
    .await?;
    let engine = start_engine(&sim, dir.path()).await?;
    let result = measure(&sim, &engine, count).await;
    engine.shutdown().await;
    sim.shutdown().await;
    result
}

async fn start_engine(sim: &Simulator, dir: &std::path::Path) -> anyhow::Result<Engine> {
    let config = sim.config();
    let mut settings = AccountSettings::new(config.phone_number_id.clone(), config.waba_id.clone());
    settings.api_base_url = sim.base_url().to_owned();
    let store = Store::open_dir(dir).await?;
    let engine = Engine::start(
        store,
        settings,
        AccountSecrets {
            access_token: config.access_token.clone(),
            app_secret: config.app_secret.clone(),
            verify_token: Secret::new(VERIFY_TOKEN),
        },
        EngineOptions {
            listen: "127.0.0.1:0".parse()?,
            ..EngineOptions::default()
        },
    )
    .await?;
    let mut preferences = engine.preferences().await;
    preferences.send_rate_per_second = LIMIT_PER_SECOND;
    engine.set_preferences(preferences).await?;
    sim.subscribe_webhook(&engine.webhook_url(), VERIFY_TOKEN)
        .await?;
    Ok(engine)
}

async fn measure(sim: &Simulator, engine: &Engine, count: usize) -> anyhow::Result<Section> {
    let conversations = customers_write_in(sim, engine, count).await?;

    let by = SentBy::agent(AgentId(1));
    let queue_started = Instant::now();
    let mut queued: Vec<Message> = Vec::with_capacity(count);
    for (customer, conversation) in conversations.iter().enumerate() {
        let text = format!("{} #{customer}", REPLIES[customer % REPLIES.len()]);
        queued.push(engine.send_text(*conversation, &text, by.clone()).await?);
    }
    let queued_in = queue_started.elapsed();

    wait_for_admitted(sim, count as u64).await;
    let drained_in = queue_started.elapsed();
    let outcomes = wait_for_outcomes(engine, &queued).await?;

    let admitted = sim.admitted_sends();
    let rate = match (admitted.first_at, admitted.last_at) {
        (Some(first), Some(last)) if admitted.count > 1 && last > first => {
            (admitted.count - 1) as f64 / (last - first).as_secs_f64()
        }
        _ => 0.0,
    };
    let mut tally = Tally::default();
    for (customer, outcome) in outcomes.iter().enumerate() {
        let copies = sim.sends_to(&wa_id(customer)).len();
        tally.duplicated += copies.saturating_sub(1);
        match outcome {
            Outcome::Sent if copies > 0 => tally.sent += 1,
            Outcome::Failed => tally.failed += 1,
            Outcome::Unknown => tally.unknown += 1,
            // The outbox says sent but the Cloud API never saw it, or it is still
            // waiting long after the queue should have drained: lost either way.
            Outcome::Sent | Outcome::Waiting => tally.dropped += 1,
        }
    }

    let mut section = Section::new(
        "Outbound",
        format!(
            "{count} text replies, one per open window, queued through Engine::send_text; \
             simulator limited to {LIMIT_PER_SECOND} msg/s (sliding 1 s window), each send \
             answered after {} ms; status webhooks (sent, delivered, read) flowing back",
            SEND_LATENCY.as_millis()
        ),
    );
    section
        .checked(
            "achieved rate (simulator's clock, first to last send)",
            rate,
            "/s",
            Target::AtLeast(RATE_TARGET),
        )
        .figure(
            "queue drained (first queued to last accepted)",
            drained_in.as_secs_f64(),
            "s",
        )
        .figure(
            format!("queueing {count} sends"),
            queued_in.as_secs_f64(),
            "s",
        )
        .figure("130429 answers", sim.throughput_refusals() as f64, "count")
        .figure(
            "sent (accepted by the Cloud API)",
            tally.sent as f64,
            "count",
        )
        .checked("failed", tally.failed as f64, "count", Target::AtMost(0.0))
        .checked(
            "outcome unknown",
            tally.unknown as f64,
            "count",
            Target::AtMost(0.0),
        )
        .checked(
            "dropped",
            tally.dropped as f64,
            "count",
            Target::AtMost(0.0),
        )
        .checked(
            "received twice",
            tally.duplicated as f64,
            "count",
            Target::AtMost(0.0),
        );
    Ok(section)
}

/// `count` customers write in (in batches, as a campaign's replies would); returns each
/// one's conversation once its message is stored.
async fn customers_write_in(
    sim: &Simulator,
    engine: &Engine,
    count: usize,
) -> anyhow::Result<Vec<parley_core::ConversationId>> {
    let store = engine.store();
    let mut conversations = Vec::with_capacity(count);
    for batch in (0..count).collect::<Vec<_>>().chunks(ARRIVAL_BATCH) {
        let wamids: Vec<String> = batch
            .iter()
            .map(|&customer| {
                sim.customer_says(&wa_id(customer), &format!("Customer {customer}"), "Hello!")
            })
            .collect();
        for wamid in wamids {
            let waited = Instant::now();
            let id = loop {
                if let Some(id) = store.message_id_by_wamid(&wamid).await? {
                    break id;
                }
                if waited.elapsed() > STALL {
                    bail!("a customer's message was not stored within {STALL:?}");
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            };
            conversations.push(store.message(id).await?.conversation_id);
        }
    }
    Ok(conversations)
}

/// Waits until the simulator let `expected` sends through, or nothing moved for a while.
async fn wait_for_admitted(sim: &Simulator, expected: u64) {
    let mut last = (0, Instant::now());
    loop {
        let admitted = sim.admitted_sends().count;
        if admitted >= expected {
            return;
        }
        if admitted != last.0 {
            last = (admitted, Instant::now());
        } else if last.1.elapsed() > STALL {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What the outbox says became of a queued message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Sent,
    Failed,
    Unknown,
    Waiting,
}

#[derive(Debug, Default)]
struct Tally {
    sent: usize,
    failed: usize,
    unknown: usize,
    dropped: usize,
    duplicated: usize,
}

/// What became of each queued message, once every answer is recorded (or nothing has
/// moved for a while).
async fn wait_for_outcomes(engine: &Engine, queued: &[Message]) -> anyhow::Result<Vec<Outcome>> {
    let started = Instant::now();
    loop {
        let mut outcomes = Vec::with_capacity(queued.len());
        for message in queued {
            let stored = engine.store().message(message.id).await?;
            outcomes.push(match (&stored.wamid, &stored.failure) {
                (Some(_), _) => Outcome::Sent,
                (None, Some(SendFailure::OutcomeUnknown { .. })) => Outcome::Unknown,
                (None, Some(_)) => Outcome::Failed,
                (None, None) => Outcome::Waiting,
            });
        }
        if !outcomes.contains(&Outcome::Waiting) || started.elapsed() > STALL {
            return Ok(outcomes);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
