//! Ingest: signed webhook deliveries over loopback to the real receiver (the engine's
//! webhook router with a store in a temporary directory, synchronous=FULL: a 200 means
//! committed), from a load generator in a second process, at several concurrency levels.
//! The same load against a bare axum server that answers 200 without work gives the
//! ceiling each rate is compared with.
//!
//! The receiver answers once a delivery is in the webhook journal; the inbox is written
//! from the journal behind it. After each level the harness waits until the inbox holds
//! everything acknowledged, reports how long that took and the rate deliveries reached
//! the inbox at, and counts the store: every acknowledged delivery must be in it.

mod deliveries;
mod load;
mod servers;

use std::time::Duration;

use anyhow::Context as _;

use crate::Size;
use crate::report::{Section, Target};
use load::LoadFigures;
pub use load::{LoadArgs, main as load_generator};
use servers::{BareServer, Receiver};

/// At least this many deliveries per second (Meta sends at most ~1,000/s per number).
const TARGET_RATE: f64 = 5_000.0;
/// At least this share of the bare server's rate.
const TARGET_RATIO: f64 = 0.5;
/// p99 acknowledgement latency at the best concurrency.
const TARGET_P99_MS: f64 = 50.0;

struct Level {
    connections: u64,
    bare: LoadFigures,
    receiver: LoadFigures,
    /// From the end of the load until the inbox held every acknowledged delivery.
    catch_up_secs: f64,
    /// Acknowledged by the receiver but missing from the store.
    lost: u64,
}

impl Level {
    /// Acknowledged deliveries per second from the level's start until all were written
    /// into the inbox.
    fn written_rate(&self) -> f64 {
        let secs = self.receiver.elapsed_secs + self.catch_up_secs;
        if secs > 0.0 {
            self.receiver.acknowledged() as f64 / secs
        } else {
            0.0
        }
    }
}

const LEVELS_VARIABLE: &str = "PARLEY_BENCH_INGEST_LEVELS";

pub async fn run(size: Size) -> anyhow::Result<Vec<Section>> {
    let (mut levels, duration) = match size {
        Size::Smoke => (vec![1, 8], Duration::from_millis(400)),
        Size::Full => (vec![1, 4, 16, 64, 256], Duration::from_secs(5)),
    };
    // One level at a time, for profiling: `PARLEY_BENCH_INGEST_LEVELS=64`.
    if let Ok(chosen) = std::env::var(LEVELS_VARIABLE) {
        levels = chosen
            .split(',')
            .map(|level| level.trim().parse())
            .collect::<Result<_, _>>()
            .with_context(|| format!("{LEVELS_VARIABLE} lists connection counts: {chosen}"))?;
    }
    let bare = BareServer::start().await?;
    let receiver = Receiver::start().await?;
    let mut measured = Vec::new();
    for (i, connections) in levels.iter().copied().enumerate() {
        eprintln!("  {connections} connections…");
        let bare_figures = generate(&bare.url(), connections, duration, &format!("b{i}")).await?;
        let run = format!("r{i}");
        let receiver_figures = generate(&receiver.url(), connections, duration, &run).await?;
        let load_ended = std::time::Instant::now();
        receiver.caught_up().await;
        let catch_up_secs = load_ended.elapsed().as_secs_f64();
        let (messages, statuses) = receiver.stored(&run).await?;
        let lost = receiver_figures
            .acknowledged_messages
            .saturating_sub(messages)
            + receiver_figures
                .acknowledged_statuses
                .saturating_sub(statuses);
        measured.push(Level {
            connections,
            bare: bare_figures,
            receiver: receiver_figures,
            catch_up_secs,
            lost,
        });
    }
    let rows = receiver.total_messages().await?;
    receiver.stop().await;
    bare.stop().await;
    Ok(vec![section(&measured, duration, rows)])
}

async fn generate(
    url: &str,
    connections: u64,
    duration: Duration,
    run: &str,
) -> anyhow::Result<LoadFigures> {
    let exe = std::env::current_exe().context("finding parley-bench itself")?;
    let args = vec![
        "load-generator".to_owned(),
        "--url".to_owned(),
        url.to_owned(),
        "--connections".to_owned(),
        connections.to_string(),
        "--duration-ms".to_owned(),
        duration.as_millis().to_string(),
        "--run".to_owned(),
        run.to_owned(),
    ];
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(exe)
            .args(args)
            .stderr(std::process::Stdio::inherit())
            .output()
    })
    .await?
    .context("running the load generator")?;
    if !output.status.success() {
        anyhow::bail!("the load generator failed: {}", output.status);
    }
    serde_json::from_slice(&output.stdout).context("reading the load generator's figures")
}

fn section(levels: &[Level], duration: Duration, rows: u64) -> Section {
    let mut section = Section::new(
        "Ingest",
        format!(
            "Signed webhook deliveries (5 in 6 a customer's text message from 20,000 customers in five scripts, 1 in 6 a delivery status) over loopback from a second process, {} s per level on keep-alive connections; the real receiver (engine router, SQLite synchronous=FULL, 200 only after the delivery is committed to the webhook journal) beside a bare axum server answering 200. The inbox is written from the journal behind the answers: after each level the harness waits until it holds every acknowledged delivery (\"inbox caught up after\"; \"written into the inbox\" is the acknowledged deliveries over the load's time plus that wait), then counts the run's rows in the store ({rows} messages in the end).",
            duration.as_secs_f64()
        ),
    );
    for level in levels {
        let c = level.connections;
        section
            .figure(format!("{c} conn: receiver"), level.receiver.rate(), "/s")
            .figure(
                format!("{c} conn: receiver p50 ack"),
                level.receiver.p50_ms,
                "ms",
            )
            .figure(
                format!("{c} conn: receiver p99 ack"),
                level.receiver.p99_ms,
                "ms",
            )
            .figure(
                format!("{c} conn: written into the inbox"),
                level.written_rate(),
                "/s",
            )
            .figure(
                format!("{c} conn: inbox caught up after"),
                level.catch_up_secs * 1000.0,
                "ms",
            )
            .figure(format!("{c} conn: bare server"), level.bare.rate(), "/s")
            .figure(
                format!("{c} conn: ratio to bare"),
                ratio(level.receiver.rate(), level.bare.rate()),
                "x",
            );
    }
    let best = levels
        .iter()
        .max_by(|a, b| a.receiver.rate().total_cmp(&b.receiver.rate()));
    let best_bare = levels.iter().map(|l| l.bare.rate()).fold(0.0_f64, f64::max);
    if let Some(best) = best {
        section
            .checked(
                format!("best ({} conn): receiver", best.connections),
                best.receiver.rate(),
                "/s",
                Target::AtLeast(TARGET_RATE),
            )
            .checked(
                "best receiver / best bare server",
                ratio(best.receiver.rate(), best_bare),
                "x",
                Target::AtLeast(TARGET_RATIO),
            )
            .checked(
                format!("best ({} conn): p99 ack", best.connections),
                best.receiver.p99_ms,
                "ms",
                Target::AtMost(TARGET_P99_MS),
            );
    }
    let failed: u64 = levels.iter().map(|l| l.receiver.failed).sum();
    let lost: u64 = levels.iter().map(|l| l.lost).sum();
    section
        .figure("deliveries not acknowledged", failed as f64, "count")
        .checked(
            "acknowledged but not stored",
            lost as f64,
            "count",
            Target::AtMost(0.0),
        );
    section
}

fn ratio(value: f64, ceiling: f64) -> f64 {
    if ceiling > 0.0 { value / ceiling } else { 0.0 }
}
