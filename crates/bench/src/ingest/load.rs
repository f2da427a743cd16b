//! The load generator: a second process (`parley-bench load-generator`), so the receiver's
//! figures are not flattered by sharing a runtime with its client. It keeps `connections`
//! keep-alive connections busy for `duration_ms`, each sending its next delivery as soon
//! as the previous one is answered, and prints what it measured as one JSON line.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::deliveries::{self, Kind};

#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// Where to POST the deliveries.
    #[arg(long)]
    pub url: String,
    /// Concurrent keep-alive connections.
    #[arg(long)]
    pub connections: u64,
    #[arg(long)]
    pub duration_ms: u64,
    /// Names this run's wamids, so its rows can be counted.
    #[arg(long)]
    pub run: String,
}

/// What the generator saw, as it prints it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LoadFigures {
    pub acknowledged_messages: u64,
    pub acknowledged_statuses: u64,
    /// Answered with anything but 200, or not answered.
    pub failed: u64,
    pub elapsed_secs: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl LoadFigures {
    pub fn acknowledged(&self) -> u64 {
        self.acknowledged_messages + self.acknowledged_statuses
    }

    pub fn rate(&self) -> f64 {
        if self.elapsed_secs > 0.0 {
            self.acknowledged() as f64 / self.elapsed_secs
        } else {
            0.0
        }
    }
}

#[derive(Default)]
struct ConnectionTally {
    messages: u64,
    statuses: u64,
    failed: u64,
    latencies: Vec<Duration>,
}

/// The `load-generator` subcommand.
pub fn main(args: LoadArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let figures = runtime.block_on(generate(args))?;
    println!("{}", serde_json::to_string(&figures)?);
    Ok(())
}

async fn generate(args: LoadArgs) -> anyhow::Result<LoadFigures> {
    let connections = usize::try_from(args.connections)?;
    let client = reqwest::Client::builder()
        .http1_only()
        .pool_max_idle_per_host(connections)
        .timeout(Duration::from_secs(30))
        .build()?;
    let unix_seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let start = Instant::now();
    let deadline = start + Duration::from_millis(args.duration_ms);
    let mut tasks = Vec::with_capacity(connections);
    for connection in 0..args.connections {
        let client = client.clone();
        let url = args.url.clone();
        let run = args.run.clone();
        tasks.push(tokio::spawn(async move {
            let mut tally = ConnectionTally::default();
            let mut index = 0;
            while Instant::now() < deadline {
                let delivery = deliveries::delivery(&run, connection, index, unix_seconds)?;
                index += 1;
                let sent = Instant::now();
                let answer = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header(
                        parley_whatsapp::signature::SIGNATURE_HEADER,
                        &delivery.signature,
                    )
                    .body(delivery.body)
                    .send()
                    .await;
                let acknowledged = match answer {
                    Ok(response) => {
                        let ok = response.status() == reqwest::StatusCode::OK;
                        // Read the body so the connection is reused.
                        ok && response.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                tally.latencies.push(sent.elapsed());
                match (acknowledged, delivery.kind) {
                    (false, _) => tally.failed += 1,
                    (true, Kind::Message) => tally.messages += 1,
                    (true, Kind::Status) => tally.statuses += 1,
                }
            }
            anyhow::Ok(tally)
        }));
    }
    let mut figures = LoadFigures::default();
    let mut latencies = Vec::new();
    for task in tasks {
        let tally = task.await??;
        figures.acknowledged_messages += tally.messages;
        figures.acknowledged_statuses += tally.statuses;
        figures.failed += tally.failed;
        latencies.extend(tally.latencies);
    }
    figures.elapsed_secs = start.elapsed().as_secs_f64();
    figures.p50_ms = crate::report::ms(crate::report::percentile(&mut latencies, 50.0));
    figures.p99_ms = crate::report::ms(crate::report::percentile(&mut latencies, 99.0));
    Ok(figures)
}
