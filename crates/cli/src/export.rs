use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use futures::StreamExt;
use parley_core::conversation::ConversationSummary;
use parley_core::message::Message;
use parley_store::{DATABASE_FILE, Store};
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    /// Directory of Parley's database.
    #[arg(long, env = "PARLEY_DATA_DIR")]
    data_dir: PathBuf,
}

/// One line of the export, tagged with what it is.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Line<'a> {
    Conversation(&'a ConversationSummary),
    Message(&'a Message),
    /// Acknowledged to Meta and kept in the webhook journal, but not yet written into the
    /// inbox (the engine stopped first; its next start writes it).
    #[serde(rename_all = "camelCase")]
    UnwrittenDelivery {
        journal_id: i64,
        received_at: i64,
        body: serde_json::Value,
    },
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let path = args.data_dir.join(DATABASE_FILE);
    if !path.is_file() {
        bail!("there is no Parley database in {}", args.data_dir.display());
    }
    let store = Store::open(&path)
        .await
        .with_context(|| format!("cannot open {}", path.display()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut conversations = store.export_conversations();
    while let Some(conversation) = conversations.next().await {
        write_line(&mut out, &Line::Conversation(&conversation?))?;
    }
    drop(conversations);
    let mut messages = store.export_messages();
    while let Some(message) = messages.next().await {
        write_line(&mut out, &Line::Message(&message?))?;
    }
    drop(messages);
    for delivery in store.journaled_not_yet_written().await? {
        let body = serde_json::from_slice(&delivery.body).unwrap_or_else(|_| {
            serde_json::Value::String(String::from_utf8_lossy(&delivery.body).into_owned())
        });
        let line = Line::UnwrittenDelivery {
            journal_id: delivery.id,
            received_at: delivery.received_at.0,
            body,
        };
        write_line(&mut out, &line)?;
    }
    out.flush()?;
    Ok(())
}

fn write_line(out: &mut impl Write, line: &Line<'_>) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, line)?;
    out.write_all(b"\n")?;
    Ok(())
}
