//! Group commit: several deliveries written with one commit, each in its own savepoint.

// Shared by the test files here; each uses part of it.
#[allow(dead_code)]
mod support;

use std::str::FromStr as _;

use parley_core::Timestamp;
use parley_store::{DATABASE_FILE, IngestBatch, StatusRecord, Store};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, SqliteConnection};
use support::{T0, inbound, store};

fn message(wamid: &str, wa_id: &str, body: &str) -> IngestBatch {
    IngestBatch {
        inbound: vec![inbound(wamid, wa_id, body, T0)],
        ..IngestBatch::default()
    }
}

fn status(wamid: &str) -> IngestBatch {
    IngestBatch {
        statuses: vec![StatusRecord {
            wamid: wamid.into(),
            status: "delivered".into(),
            occurred_at: Timestamp(T0),
            recipient_id: Some("972500000009".into()),
            failure: None,
            payload: format!(r#"{{"id":"{wamid}"}}"#),
        }],
        ..IngestBatch::default()
    }
}

/// A second connection to the same file, as another process would open it.
async fn side_connection(dir: &tempfile::TempDir) -> SqliteConnection {
    SqliteConnectOptions::from_str("sqlite://")
        .expect("options")
        .filename(dir.path().join(DATABASE_FILE))
        .connect()
        .await
        .expect("connect")
}

async fn count(conn: &mut SqliteConnection, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(conn)
        .await
        .expect("count")
}

async fn unread(store: &Store, wamid_of_conversation: &str, dir: &tempfile::TempDir) -> i64 {
    let mut conn = side_connection(dir).await;
    let id: i64 = sqlx::query_scalar("SELECT conversation_id FROM messages WHERE wamid = ?1")
        .bind(wamid_of_conversation)
        .fetch_one(&mut conn)
        .await
        .expect("conversation of the message");
    store
        .conversation(parley_core::ConversationId(id))
        .await
        .expect("conversation")
        .unread_count
}

#[tokio::test]
async fn a_group_commits_every_delivery_with_its_own_outcome() {
    let (dir, store) = store().await;
    let batches = [
        message("wamid.g1", "972501", "שלום"),
        message("wamid.g2", "972502", "مرحبا"),
        status("wamid.out1"),
        message("wamid.g3", "972501", "עוד שאלה"),
    ];
    let deliveries: Vec<_> = batches.iter().map(|b| (b, Timestamp(T0))).collect();
    let outcomes = store.ingest_group(&deliveries).await.expect("committed");
    assert_eq!(outcomes.len(), 4, "one outcome per delivery, in order");
    let new: Vec<usize> = outcomes
        .iter()
        .map(|o| o.as_ref().expect("stored").new_messages.len())
        .collect();
    assert_eq!(new, [1, 1, 0, 1]);

    let mut conn = side_connection(&dir).await;
    assert_eq!(count(&mut conn, "SELECT count(*) FROM messages").await, 3);
    assert_eq!(
        count(&mut conn, "SELECT count(*) FROM message_statuses").await,
        1
    );
    assert_eq!(
        count(&mut conn, "SELECT count(*) FROM conversations").await,
        2
    );
    assert_eq!(
        unread(&store, "wamid.g1", &dir).await,
        2,
        "both messages of 972501 counted"
    );
}

#[tokio::test]
async fn a_delivery_that_fails_is_rolled_back_alone() {
    let (dir, store) = store().await;
    let mut conn = side_connection(&dir).await;
    // A constraint only this delivery violates, the way a corrupt or unexpected row would.
    sqlx::query(
        "CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.wamid = 'wamid.poison'
         BEGIN SELECT RAISE(ABORT, 'poisoned delivery'); END",
    )
    .execute(&mut conn)
    .await
    .expect("trigger");

    let batches = [
        message("wamid.before", "972501", "first"),
        // A new customer: their contact and conversation are written before the failing
        // message and must be rolled back with it.
        message("wamid.poison", "972599", "never stored"),
        message("wamid.after", "972501", "second"),
    ];
    let deliveries: Vec<_> = batches.iter().map(|b| (b, Timestamp(T0))).collect();
    let outcomes = store.ingest_group(&deliveries).await.expect("committed");
    assert!(outcomes[0].is_ok());
    assert!(outcomes[1].is_err(), "the poisoned delivery fails");
    assert!(outcomes[2].is_ok(), "the group goes on after it");

    assert_eq!(count(&mut conn, "SELECT count(*) FROM messages").await, 2);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM contacts WHERE wa_id = '972599'"
        )
        .await,
        0,
        "nothing of the failed delivery is left"
    );
    assert_eq!(
        count(&mut conn, "SELECT count(*) FROM conversations").await,
        1
    );
    assert_eq!(unread(&store, "wamid.after", &dir).await, 2);

    // Meta retries the 503; once the cause is gone the delivery is stored.
    sqlx::query("DROP TRIGGER poison")
        .execute(&mut conn)
        .await
        .expect("drop");
    let retried = message("wamid.poison", "972599", "never stored");
    let outcomes = store
        .ingest_group(&[(&retried, Timestamp(T0))])
        .await
        .expect("committed");
    assert_eq!(outcomes[0].as_ref().expect("stored").new_messages.len(), 1);
    assert_eq!(count(&mut conn, "SELECT count(*) FROM messages").await, 3);
}

#[tokio::test]
async fn redeliveries_in_and_across_groups_are_stored_once() {
    let (dir, store) = store().await;
    let first = message("wamid.r1", "972501", "hi");
    let delivered = status("wamid.out1");
    let outcomes = store
        .ingest_group(&[
            (&first, Timestamp(T0)),
            (&delivered, Timestamp(T0)),
            (&first, Timestamp(T0 + 1)),
            (&delivered, Timestamp(T0 + 1)),
        ])
        .await
        .expect("committed");
    let duplicates: Vec<usize> = outcomes
        .iter()
        .map(|o| o.as_ref().expect("stored").duplicates)
        .collect();
    assert_eq!(duplicates, [0, 0, 1, 1], "the later copy is the duplicate");

    let outcomes = store
        .ingest_group(&[(&first, Timestamp(T0 + 2))])
        .await
        .expect("committed");
    let again = outcomes[0].as_ref().expect("stored");
    assert_eq!((again.duplicates, again.new_messages.len()), (1, 0));

    let mut conn = side_connection(&dir).await;
    assert_eq!(count(&mut conn, "SELECT count(*) FROM messages").await, 1);
    assert_eq!(
        count(&mut conn, "SELECT count(*) FROM message_statuses").await,
        1
    );
    assert_eq!(unread(&store, "wamid.r1", &dir).await, 1);
}
