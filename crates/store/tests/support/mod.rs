//! What the store's test files share: a store in a temporary directory, a second
//! connection to its file, customers' messages as the receiver would ingest them, and a
//! deterministic source of random choices.

use std::str::FromStr as _;

use parley_core::content::MessageContent;
use parley_core::message::KIND_TEXT;
use parley_core::{ConversationId, Timestamp};
use parley_store::{DATABASE_FILE, InboundRecord, IngestBatch, Store};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, SqliteConnection};

pub const T0: i64 = 1_750_000_000_000;

pub async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    (dir, store)
}

pub fn text(body: &str) -> MessageContent {
    MessageContent::Text {
        body: body.into(),
        preview_url: false,
    }
}

pub fn inbound(wamid: &str, wa_id: &str, body: &str, at: i64) -> InboundRecord {
    InboundRecord {
        wamid: wamid.into(),
        wa_id: wa_id.into(),
        user_id: None,
        profile_name: Some(format!("Customer {wa_id}")),
        kind: KIND_TEXT.into(),
        content: text(body),
        edited: None,
        context: None,
        referral: None,
        sent_at: Timestamp(at),
        payload: format!(r#"{{"id":"{wamid}"}}"#),
    }
}

/// Ingests one text message from `wa_id` (received at `now`); its conversation.
pub async fn customer_writes(
    store: &Store,
    wamid: &str,
    wa_id: &str,
    body: &str,
    now: i64,
) -> ConversationId {
    let outcome = store
        .ingest(
            &IngestBatch {
                inbound: vec![inbound(wamid, wa_id, body, now)],
                ..IngestBatch::default()
            },
            Timestamp(now),
        )
        .await
        .expect("ingest");
    let id = outcome.new_messages.first().expect("a new message");
    store.message(*id).await.expect("message").conversation_id
}

/// A second connection to the store's file, as another process would open it: for what
/// a test reads or writes behind the store's back.
pub async fn side_connection(dir: &tempfile::TempDir) -> SqliteConnection {
    SqliteConnectOptions::from_str("sqlite://")
        .expect("options")
        .filename(dir.path().join(DATABASE_FILE))
        .connect()
        .await
        .expect("connect")
}

/// A small deterministic generator (xorshift), so a failure replays the same way.
pub struct Dice(pub u64);

impl Dice {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
