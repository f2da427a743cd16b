//! The webhook journal: deliveries exactly as they arrived, committed before Meta gets its
//! 200, in a database file of their own beside the main one.
//!
//! Writing a delivery into the inbox touches pages all over the main database (its
//! message, thread and search indexes, the conversation row and its list entries), and
//! the main database has one writer that agents' replies and notes also wait for.
//! Appending the delivery's bytes to a table of its own costs one page or two, so the
//! 200 waits only for that. The engine then writes what the journal holds into the inbox
//! ([`crate::Store::project_journal_group`]), which records how far it got in the same
//! transaction; what the journal holds past that point is written again after a crash.
//!
//! A file of its own, not a table of the main database: SQLite has one writer per file,
//! so appends never queue behind the inbox's larger transactions.

use std::str::FromStr as _;
use std::time::Duration;

use parley_core::Timestamp;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions as _, Connection as _, SqlitePool};

use crate::{Result, Store};

/// The journal's file inside a data directory.
pub const JOURNAL_FILE: &str = "webhook-journal.sqlite3";

/// AUTOINCREMENT: an id is never handed out twice, even after the rows before it were
/// trimmed, so "projected through N" keeps meaning the same deliveries.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS deliveries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at  INTEGER NOT NULL,
    body         BLOB    NOT NULL
);";

/// The most rows one INSERT appends (two parameters each).
const ROWS_PER_INSERT: usize = 64;

/// The INSERT of `rows` rows, built once per row count.
fn insert_rows(rows: usize) -> &'static str {
    static STATEMENTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let statements = STATEMENTS.get_or_init(|| {
        (0..=ROWS_PER_INSERT)
            .map(|n| {
                let values = vec!["(?, ?)"; n].join(", ");
                format!("INSERT INTO deliveries (received_at, body) VALUES {values}")
            })
            .collect()
    });
    &statements[rows]
}

/// A delivery read back from the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournaledDelivery {
    pub id: i64,
    pub received_at: Timestamp,
    pub body: Vec<u8>,
}

/// The journal of one data directory. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Journal {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl Journal {
    /// Opens (creating if needed) the journal beside `store`'s database, and makes sure
    /// its next id comes after everything the store has already written from a journal:
    /// a journal file deleted or restored from a backup must not hand out ids the store
    /// would take for already written.
    pub async fn open_beside(store: &Store) -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(store.data_dir().join(JOURNAL_FILE))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: the 200 that follows an append promises the delivery survives a
            // power cut; Meta will not send it again.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().thread_name(|_| "journal-writer".to_owned()))
            .await?;
        sqlx::raw_sql(SCHEMA).execute(&writer).await?;
        let projected = store.journal_projected_through().await?;
        let mut tx = writer.begin().await?;
        let raised = sqlx::query(
            "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'deliveries' AND seq < ?1",
        )
        .bind(projected)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if raised == 0 && projected > 0 {
            sqlx::query(
                "INSERT INTO sqlite_sequence (name, seq) SELECT 'deliveries', ?1
                 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'deliveries')",
            )
            .bind(projected)
            .execute(&mut *tx)
            .await?;
        }
        delete_through(&mut tx, projected).await?;
        tx.commit().await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(
                options
                    .read_only(true)
                    .thread_name(|_| "journal-reader".to_owned()),
            )
            .await?;
        Ok(Self { writer, reader })
    }

    /// Appends deliveries with one commit and returns their ids, consecutive and in the
    /// order given. Rows through `trim_through` (already in the inbox) are deleted in the
    /// same transaction, which costs no fsync of its own.
    pub async fn append(
        &self,
        deliveries: &[(&[u8], Timestamp)],
        trim_through: Option<i64>,
    ) -> Result<Vec<i64>> {
        let mut tx = self.writer.begin().await?;
        if let Some(through) = trim_through {
            delete_through(&mut tx, through).await?;
        }
        // A statement per row would cost a round trip to SQLite's thread each, a large
        // share of a group's time: rows go in by the [`ROWS_PER_INSERT`].
        let mut ids = Vec::with_capacity(deliveries.len());
        for chunk in deliveries.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::query(insert_rows(chunk.len()));
            for (body, received_at) in chunk {
                insert = insert.bind(received_at.0).bind(*body);
            }
            let last = insert.execute(&mut *tx).await?.last_insert_rowid();
            // One statement under the write lock: AUTOINCREMENT hands out consecutive ids.
            let first = last - chunk.len() as i64 + 1;
            ids.extend(first..=last);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Deletes the deliveries through `through` (already in the inbox), with a commit of
    /// its own: for when no append comes to carry it.
    pub async fn trim(&self, through: i64) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        delete_through(&mut tx, through).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Up to `limit` deliveries with an id of at least `from`, oldest first.
    pub async fn read_from(&self, from: i64, limit: usize) -> Result<Vec<JournaledDelivery>> {
        let rows: Vec<(i64, i64, Vec<u8>)> = sqlx::query_as(
            "SELECT id, received_at, body FROM deliveries WHERE id >= ? ORDER BY id LIMIT ?",
        )
        .bind(from)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.reader)
        .await?;
        Ok(deliveries_from(rows))
    }

    /// The largest id ever handed out (0 for a new journal).
    pub async fn last_id(&self) -> Result<i64> {
        let last: Option<i64> =
            sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'deliveries'")
                .fetch_optional(&self.reader)
                .await?;
        Ok(last.unwrap_or(0))
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

async fn delete_through(conn: &mut sqlx::SqliteConnection, through: i64) -> Result<()> {
    sqlx::query("DELETE FROM deliveries WHERE id <= ?")
        .bind(through)
        .execute(conn)
        .await?;
    Ok(())
}

/// Rows of `id, received_at, body`.
fn deliveries_from(rows: Vec<(i64, i64, Vec<u8>)>) -> Vec<JournaledDelivery> {
    rows.into_iter()
        .map(|(id, received_at, body)| JournaledDelivery {
            id,
            received_at: Timestamp(received_at),
            body,
        })
        .collect()
}

impl Store {
    /// The deliveries the journal beside this store holds that are not written into it
    /// yet, oldest first, read without changing the journal (for exports, which may run
    /// beside `parley serve`).
    pub async fn journaled_not_yet_written(&self) -> Result<Vec<JournaledDelivery>> {
        let path = self.data_dir().join(JOURNAL_FILE);
        if !path.is_file() {
            return Ok(Vec::new());
        }
        let mut conn = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .busy_timeout(Duration::from_secs(10))
            .connect()
            .await?;
        let through = self.journal_projected_through().await?;
        let rows: Vec<(i64, i64, Vec<u8>)> =
            sqlx::query_as("SELECT id, received_at, body FROM deliveries WHERE id > ? ORDER BY id")
                .bind(through)
                .fetch_all(&mut conn)
                .await?;
        conn.close().await?;
        Ok(deliveries_from(rows))
    }

    /// The id of the last journaled delivery written into the inbox (0: none yet).
    pub async fn journal_projected_through(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT projected_through FROM webhook_journal_state WHERE id = 1")
                .fetch_one(&self.reader)
                .await?,
        )
    }
}
