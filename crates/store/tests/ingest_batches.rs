//! Group commit: several deliveries written with one commit, each in its own savepoint.

// Shared by the test files here; each uses part of it.
#[allow(dead_code)]
mod support;

use parley_core::Timestamp;
use parley_core::auto_reply::Verdict;
use parley_store::{AutoReplyRecord, IngestBatch, StatusRecord, Store};
use sqlx::SqliteConnection;
use support::{T0, inbound, side_connection, store};

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

fn away() -> AutoReplyRecord {
    AutoReplyRecord {
        verdict: Verdict::Away,
        opt_out: None,
        reply: None,
        not_sent: None,
    }
}

#[tokio::test]
async fn each_new_message_is_decided_in_the_group_commit() {
    let (dir, store) = store().await;
    let first = message("wamid.d1", "972501", "hi");
    let second = message("wamid.d2", "972502", "שלום");
    let mut asked = Vec::new();
    let written = store
        .ingest_group_deciding(
            &[
                (&first, Timestamp(T0)),
                (&status("wamid.out1"), Timestamp(T0)),
                (&first, Timestamp(T0 + 1)),
                (&second, Timestamp(T0 + 1)),
            ],
            Timestamp(T0 + 2),
            |context| {
                asked.push(context.wa_id.clone());
                away()
            },
        )
        .await
        .expect("committed");
    assert_eq!(
        asked,
        ["972501", "972502"],
        "the redelivery is not decided again"
    );
    let decided: Vec<_> = written
        .decisions
        .iter()
        .map(|d| {
            d.outcome
                .as_ref()
                .expect("decided")
                .as_ref()
                .map(|o| o.verdict)
        })
        .collect();
    assert_eq!(decided, [Some(Verdict::Away), Some(Verdict::Away)]);

    let mut conn = side_connection(&dir).await;
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM auto_reply_log WHERE verdict = 'away' AND decided_at = 1750000000002"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn a_decision_that_fails_leaves_its_message_stored_and_the_others_decided() {
    let (dir, store) = store().await;
    let mut conn = side_connection(&dir).await;
    sqlx::query(
        "CREATE TRIGGER poison_delivery BEFORE INSERT ON messages WHEN NEW.wamid = 'wamid.poison'
         BEGIN SELECT RAISE(ABORT, 'poisoned delivery'); END;
         CREATE TRIGGER poison_decision BEFORE INSERT ON auto_reply_log
         WHEN NEW.inbound_message_id = (SELECT id FROM messages WHERE wamid = 'wamid.undecided')
         BEGIN SELECT RAISE(ABORT, 'poisoned decision'); END",
    )
    .execute(&mut conn)
    .await
    .expect("triggers");

    let batches = [
        message("wamid.before", "972501", "first"),
        message("wamid.poison", "972599", "never stored"),
        message("wamid.undecided", "972502", "stored, not decided"),
        message("wamid.after", "972503", "last"),
    ];
    let deliveries: Vec<_> = batches.iter().map(|b| (b, Timestamp(T0))).collect();
    let written = store
        .ingest_group_deciding(&deliveries, Timestamp(T0 + 1), |_| away())
        .await
        .expect("committed");
    let stored: Vec<bool> = written.deliveries.iter().map(Result::is_ok).collect();
    assert_eq!(stored, [true, false, true, true]);
    let decided: Vec<bool> = written
        .decisions
        .iter()
        .map(|d| d.outcome.is_ok())
        .collect();
    assert_eq!(
        decided,
        [true, false, true],
        "only the committed messages are decided"
    );

    assert_eq!(count(&mut conn, "SELECT count(*) FROM messages").await, 3);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM messages m JOIN auto_reply_log l ON l.inbound_message_id = m.id
             WHERE m.wamid IN ('wamid.before', 'wamid.after')"
        )
        .await,
        2
    );
    assert_eq!(
        count(&mut conn, "SELECT count(*) FROM auto_reply_log").await,
        2
    );
}
