use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use parley_core::account::Secret;
use parley_sim::{Scenario, SimConfig, Simulator};

#[derive(clap::Args)]
pub struct Args {
    /// Address to serve the simulated Cloud API on.
    #[arg(long, default_value = "127.0.0.1:4010")]
    listen: SocketAddr,
    /// Deliver webhooks here (after Meta's verification handshake).
    #[arg(long, env = "PARLEY_WEBHOOK_URL")]
    webhook_url: Option<String>,
    /// The verify token the receiver expects in the handshake.
    #[arg(long, env = "PARLEY_VERIFY_TOKEN", default_value = "")]
    verify_token: String,
    /// The bearer token the simulator accepts; random when not given.
    #[arg(long, env = "PARLEY_ACCESS_TOKEN")]
    access_token: Option<String>,
    /// The app secret webhooks are signed with; random when not given.
    #[arg(long, env = "PARLEY_APP_SECRET")]
    app_secret: Option<String>,
    /// Scripted customers: `demo`, `none`, or a scenario JSON file.
    #[arg(long, default_value = "demo")]
    scenario: String,
    /// Sends per second before 130429, in any one second (Meta's default); 0: no limit.
    #[arg(long, default_value_t = 80)]
    throughput: u32,
    /// Milliseconds the simulated Cloud API takes to answer a send (the real one: hundreds).
    #[arg(long, default_value_t = 0)]
    send_latency_ms: u64,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let mut config = SimConfig::demo();
    config.throughput_per_second = args.throughput;
    config.send_latency = Duration::from_millis(args.send_latency_ms);
    if let Some(token) = args.access_token {
        config.access_token = Secret::new(token);
    }
    if let Some(secret) = args.app_secret {
        config.app_secret = Secret::new(secret);
    }
    let scenario = match args.scenario.as_str() {
        "demo" => Some(Scenario::demo()),
        "none" => None,
        path => {
            let text = std::fs::read_to_string(PathBuf::from(path))
                .with_context(|| format!("cannot read the scenario {path}"))?;
            Some(
                serde_json::from_str(&text)
                    .with_context(|| format!("{path} is not a valid scenario"))?,
            )
        }
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let sim = Simulator::start(config, listener).await?;
    let config = sim.config();
    // The simulator's credentials are throwaway values for a local fake: they are
    // printed so the receiving side can be configured with them.
    println!("Cloud API simulator on {}", sim.base_url());
    println!("  PARLEY_API_BASE_URL={}", sim.base_url());
    println!("  PARLEY_PHONE_NUMBER_ID={}", config.phone_number_id);
    println!("  PARLEY_WABA_ID={}", config.waba_id);
    println!("  PARLEY_ACCESS_TOKEN={}", config.access_token.expose());
    println!("  PARLEY_APP_SECRET={}", config.app_secret.expose());

    if let Some(url) = &args.webhook_url {
        subscribe_when_ready(&sim, url, &args.verify_token).await;
    }
    if let Some(scenario) = scenario {
        sim.play(scenario);
    }
    crate::stop_signal().await;
    sim.shutdown().await;
    Ok(())
}

/// The receiver may start after the simulator: retry the handshake for a while.
async fn subscribe_when_ready(sim: &Simulator, url: &str, verify_token: &str) {
    for attempt in 1..=60 {
        match sim.subscribe_webhook(url, verify_token).await {
            Ok(()) => {
                println!("Webhooks go to {url}");
                return;
            }
            Err(e) if attempt == 1 || attempt % 10 == 0 => {
                eprintln!("parley sim: waiting for {url}: {e}");
            }
            Err(_) => {}
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    eprintln!(
        "parley sim: {url} never passed verification; customers' messages wait until it does"
    );
}
