//! Parley's persistence.
//!
//! The public API is made of domain operations ([`Store::ingest`], [`Store::enqueue_text`],
//! [`Store::list_conversations`], ...); SQL lives only in the per-table modules they
//! compose, and every multi-row write runs in one transaction. Callers never see SQL or
//! sqlx, so a PostgreSQL backend can be added behind the same operations later.
//!
//! SQLite runs in WAL mode with one writer connection (so writers queue instead of
//! failing with `SQLITE_BUSY`) and a small pool of readers that never block on it.

mod account_events;
mod agent_reads;
mod agents;
mod auto_replies;
#[cfg(feature = "bench")]
mod bulk;
mod contact_import;
mod contacts;
mod conversations;
mod ingest;
mod journal;
mod labels;
mod media;
mod message_statuses;
mod messages;
mod notes;
mod outbox;
mod quick_replies;
mod reactions;
mod search;
mod sending;
mod settings;
mod sync_state;
mod template_drafts;
mod template_events;
mod templates;
mod thread_around;
mod webhook_events;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use auto_replies::{
    AUTO_REPLY_SETTINGS_KEY, AutoReplyContext, AutoReplyOutcome, AutoReplyRecord, QueuedReply,
};
#[cfg(feature = "bench")]
pub use bulk::{BulkLoader, BulkOutbound};
pub use ingest::{
    Decide, GroupWritten, InboundRecord, IngestBatch, IngestOutcome, JournalMark,
    NewMessageDecision, NoticeRecord, RawEventRecord, StatusRecord, UNWRITTEN_DELIVERY,
};
pub use journal::{JOURNAL_FILE, Journal, JournaledDelivery};
pub use media::{MediaDownload, MediaUpload};
pub use outbox::{OutboxItem, OutboxState};
pub use quick_replies::NewQuickReply;
pub use search::RANKED_MATCHES as SEARCH_RANKED_MATCHES;
pub use sending::{Outbound, OutboundFile, Quoting};
pub use sync_state::SyncState;
pub use template_drafts::TemplateDraft;
pub use template_events::{TemplateEvent, TemplateEventKind, TemplateSource, TemplateStatusChange};
pub use templates::{ListedTemplate, TEMPLATE_EDIT_WINDOW_MS, TemplateRecord};
pub use thread_around::ThreadAround;

/// The database file inside a data directory.
pub const DATABASE_FILE: &str = "parley.sqlite3";

/// The setting that remembers who sat at the desk last, to seat them again at the next
/// start (the desktop app writes it; a generated store sets it to open at someone's desk).
pub const LAST_AT_DESK: &str = "desk.lastAgent";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not bring the database schema up to date: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A name that must be unique (a label, a shortcut) is taken.
    #[error("that {0} already exists")]
    Duplicate(&'static str),
    #[error("the database holds a value Parley cannot read: {0}")]
    Corrupt(String),
    /// A bulk load (benchmarks) was asked for something it does not do.
    #[error("bulk load: {0}")]
    Bulk(&'static str),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// A handle to one Parley database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    writer: SqlitePool,
    reader: SqlitePool,
    data_dir: std::path::PathBuf,
    /// How many times settings were saved since the store was opened.
    settings_saved: Arc<AtomicU64>,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and migrates it.
    pub async fn open_dir(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(sqlx::Error::Io)?;
        Self::open(&data_dir.join(DATABASE_FILE)).await
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub async fn open(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a 200 to Meta promises the event survives a power cut, not just a
            // crash of this process; Meta will not send it again.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // Named threads (`top -H`, `perf`): SQLite's work shows as the inbox's.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().thread_name(|_| "inbox-writer".to_owned()))
            .await?;
        MIGRATOR.run(&writer).await?;
        search::rebuild_if_stale(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(
                options
                    .read_only(true)
                    .thread_name(|n| format!("inbox-reader-{n}")),
            )
            .await?;
        let data_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Self {
            writer,
            reader,
            data_dir,
            settings_saved: Arc::default(),
        })
    }

    /// The directory the database lives in; media files are kept beside it.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Waits for queued writes and closes every connection.
    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

pub(crate) fn corrupt(what: impl Into<String>) -> StoreError {
    StoreError::Corrupt(what.into())
}
