//! `parley-bench`: the figures Parley is held to, measured on this machine. Prints a
//! Markdown table and writes the same figures as JSON. Timing is reported, never asserted.
//!
//!     parley-bench run                 # every section at full size (minutes)
//!     parley-bench run --smoke         # tiny sizes: proves the harness works (CI)
//!     parley-bench run --only inbox,lint --json bench.json
//!
//! The desktop figures (cold start, memory beside a minimal Tauri window) need a display
//! and a release build of the app: `scripts/bench-desktop` measures them.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

/// The allocator `parley serve` runs the headless receiver with, so the ingest figures are
/// that receiver's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod inbox;
mod ingest;
mod lint;
mod outbound;
mod report;

use report::{Machine, Report, Section};

#[derive(Parser)]
#[command(name = "parley-bench", about = "Parley's benchmark harness")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the benchmarks and prints the table.
    Run {
        /// Tiny sizes, to prove the harness runs (CI); the figures mean little.
        #[arg(long)]
        smoke: bool,
        /// Only these sections (comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<Part>,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Sections measured outside this binary (the UI's preview, the desktop app), as
        /// a JSON array of sections, added to the table.
        #[arg(long)]
        extra: Vec<PathBuf>,
    },
    /// Generates the inbox section's store under `PARLEY_BENCH_STORE_DIR` (kept, and reused
    /// by `run`) and prints its directory, for the desktop benchmark to open.
    Generate {
        #[arg(long)]
        smoke: bool,
    },
    /// The ingest section's load generator, run by the harness as a second process.
    #[command(hide = true)]
    LoadGenerator(ingest::LoadArgs),
}

/// A section of the harness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Part {
    Ingest,
    Inbox,
    Lint,
    Outbound,
}

impl Part {
    const ALL: [Part; 4] = [Part::Ingest, Part::Inbox, Part::Lint, Part::Outbound];
}

/// How big the generated workloads are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Smoke,
    Full,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::LoadGenerator(args) => ingest::load_generator(args),
        Command::Generate { smoke } => {
            let size = if smoke { Size::Smoke } else { Size::Full };
            let dir = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("starting the async runtime")?
                .block_on(inbox::generate(size))?;
            println!("{}", dir.display());
            Ok(())
        }
        Command::Run {
            smoke,
            only,
            json,
            extra,
        } => {
            let size = if smoke { Size::Smoke } else { Size::Full };
            let parts = if only.is_empty() {
                Part::ALL.to_vec()
            } else {
                only
            };
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("starting the async runtime")?;
            // Read first: a bad file must not cost the minutes of measuring.
            let mut measured_elsewhere: Vec<Section> = Vec::new();
            for path in extra {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                let more: Vec<Section> = serde_json::from_str(&text)
                    .with_context(|| format!("{} is not a list of sections", path.display()))?;
                measured_elsewhere.extend(more);
            }
            let mut sections: Vec<Section> = Vec::new();
            for part in parts {
                eprintln!("measuring {part:?}…");
                sections.extend(runtime.block_on(run_part(part, size))?);
            }
            sections.extend(measured_elsewhere);
            lint::add_lint_and_preview(&mut sections);
            let report = Report {
                machine: Machine::this(),
                size: match size {
                    Size::Smoke => "smoke",
                    Size::Full => "full",
                }
                .to_owned(),
                sections,
            };
            println!("{}", report.table());
            if let Some(path) = json {
                let text = serde_json::to_string_pretty(&report)?;
                std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            Ok(())
        }
    }
}

async fn run_part(part: Part, size: Size) -> anyhow::Result<Vec<Section>> {
    match part {
        Part::Ingest => ingest::run(size).await,
        Part::Inbox => inbox::run(size).await,
        Part::Lint => Ok(vec![lint::run(size)]),
        Part::Outbound => Ok(vec![outbound::run(size).await?]),
    }
}
