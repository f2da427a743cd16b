//! `parley`: Parley without a window.
//!
//! - `parley serve`: the webhook receiver, the sender and the pollers, headless.
//! - `parley sim`: the local Cloud API simulator alone.
//! - `parley export`: every conversation and message as JSON lines.
//! - `parley template lint`: Meta's template JSON checked against Meta's rules.

mod export;
mod serve;
mod sim;
mod template;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// glibc's malloc cost the receiver's threads ~8% under load (see the workspace's
/// Cargo.toml); the receiver ran ~25% faster with mimalloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "parley",
    version,
    about = "Parley without a window: serve, simulate, export"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Receive webhooks and send queued messages for the account saved in DIR.
    Serve(serve::Args),
    /// Run the local WhatsApp Cloud API simulator.
    Sim(sim::Args),
    /// Write all conversations and messages in DIR to stdout as JSON lines.
    Export(export::Args),
    /// Work with message templates kept as Meta's JSON (`parley template lint FILE.json...`).
    Template(template::Args),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PARLEY_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    // Linting is pure and has its own exit codes (1 = errors found, 2 = unreadable file).
    if let Command::Template(args) = cli.command {
        return template::run(args);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("parley: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve::run(args).await,
            Command::Sim(args) => sim::run(args).await,
            Command::Export(args) => export::run(args).await,
            // Handled above, before the runtime starts.
            Command::Template(_) => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parley: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub(crate) async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
