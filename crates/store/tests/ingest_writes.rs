//! The webhook writer's merged statements: the sender's contact and conversation in one
//! round trip, early edits and deletions in one lookup, and a group of auto-reply
//! decisions written without savepoints until one fails.

// Shared by the test files here; each uses part of it.
#[allow(dead_code)]
mod support;

use parley_core::auto_reply::Verdict;
use parley_core::content::MessageContent;
use parley_core::{ConversationId, MessageId, Timestamp};
use parley_store::{AutoReplyRecord, InboundRecord, IngestBatch, Store};
use support::{T0, inbound, side_connection, store};

async fn ingest(store: &Store, records: Vec<InboundRecord>) -> Vec<MessageId> {
    store
        .ingest(
            &IngestBatch {
                inbound: records,
                ..IngestBatch::default()
            },
            Timestamp(T0),
        )
        .await
        .expect("ingest")
        .new_messages
}

fn named(wamid: &str, wa_id: &str, name: Option<&str>, user_id: Option<&str>) -> InboundRecord {
    InboundRecord {
        profile_name: name.map(str::to_owned),
        user_id: user_id.map(str::to_owned),
        ..inbound(wamid, wa_id, "hello", T0)
    }
}

async fn contact_names_found(store: &Store, query: &str) -> Vec<String> {
    store
        .search(query, 10)
        .await
        .expect("search")
        .contacts
        .into_iter()
        .map(|hit| hit.contact.display_name)
        .collect()
}

async fn conversation_of(store: &Store, message: MessageId) -> ConversationId {
    store
        .message(message)
        .await
        .expect("message")
        .conversation_id
}

#[tokio::test]
async fn the_senders_contact_and_conversation_are_created_once_and_kept_current() {
    let (dir, store) = store().await;
    let first = ingest(
        &store,
        vec![named("w.1", "972501", Some("Dana Levi"), Some("US.1"))],
    )
    .await;
    let conversation = conversation_of(&store, first[0]).await;
    let summary = store.conversation(conversation).await.expect("summary");
    assert_eq!(summary.contact.profile_name.as_deref(), Some("Dana Levi"));
    assert_eq!(summary.last_activity_at, Timestamp(T0));
    assert_eq!(contact_names_found(&store, "dana").await, ["Dana Levi"]);

    // No name in the next delivery: the known name and user id stay, the thread is the same.
    let second = ingest(&store, vec![named("w.2", "972501", None, None)]).await;
    assert_eq!(conversation_of(&store, second[0]).await, conversation);
    let summary = store.conversation(conversation).await.expect("summary");
    assert_eq!(summary.contact.profile_name.as_deref(), Some("Dana Levi"));
    let mut conn = side_connection(&dir).await;
    let user_id: Option<String> =
        sqlx::query_scalar("SELECT user_id FROM contacts WHERE wa_id = '972501'")
            .fetch_one(&mut conn)
            .await
            .expect("user id");
    assert_eq!(user_id.as_deref(), Some("US.1"));

    // A new profile name replaces the old one in search too.
    let third = ingest(&store, vec![named("w.3", "972501", Some("Dana K."), None)]).await;
    assert_eq!(conversation_of(&store, third[0]).await, conversation);
    assert_eq!(
        contact_names_found(&store, "levi").await,
        Vec::<String>::new()
    );
    assert_eq!(contact_names_found(&store, "dana").await, ["Dana K."]);

    // Another customer in the same delivery gets a contact and thread of their own.
    let others = ingest(
        &store,
        vec![
            named("w.4", "972502", Some("Omar"), None),
            named("w.5", "972501", Some("Dana K."), None),
        ],
    )
    .await;
    let omar = conversation_of(&store, others[0]).await;
    assert_ne!(omar, conversation);
    assert_eq!(conversation_of(&store, others[1]).await, conversation);
    let counts: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM conversations)",
    )
    .fetch_one(&mut conn)
    .await
    .expect("counts");
    assert_eq!(counts, (2, 2));
    assert_eq!(contact_names_found(&store, "omar").await, ["Omar"]);
}

#[tokio::test]
async fn an_early_edit_and_an_early_deletion_of_one_message_both_apply() {
    let (_dir, store) = store().await;
    let edit = InboundRecord {
        kind: "edit".into(),
        content: MessageContent::Edit {
            original_wamid: "w.orig".into(),
        },
        edited: Some(support::text("corrected")),
        ..inbound("w.edit", "972501", "", T0 + 2_000)
    };
    let revoke = InboundRecord {
        kind: "revoke".into(),
        content: MessageContent::Revoke {
            original_wamid: "w.orig".into(),
        },
        ..inbound("w.revoke", "972501", "", T0 + 3_000)
    };
    ingest(&store, vec![edit, revoke]).await;
    let stored = ingest(&store, vec![inbound("w.orig", "972501", "first", T0)]).await;
    let message = store.message(stored[0]).await.expect("message");
    assert_eq!(message.text.as_deref(), Some("corrected"));
    assert_eq!(message.edited_at, Some(Timestamp(T0 + 2_000)));
    assert_eq!(message.revoked_at, Some(Timestamp(T0 + 3_000)));

    // A message nothing changed early stays as written.
    let plain = ingest(&store, vec![inbound("w.plain", "972501", "as is", T0)]).await;
    let message = store.message(plain[0]).await.expect("message");
    assert_eq!(message.text.as_deref(), Some("as is"));
    assert_eq!((message.edited_at, message.revoked_at), (None, None));
}

fn nothing(verdict: Verdict) -> AutoReplyRecord {
    AutoReplyRecord {
        verdict,
        opt_out: None,
        reply: None,
        not_sent: None,
    }
}

#[tokio::test]
async fn a_group_of_decisions_records_all_but_the_one_that_fails() {
    let (dir, store) = store().await;
    let ids = ingest(
        &store,
        vec![
            inbound("w.a", "972501", "one", T0),
            inbound("w.b", "972502", "two", T0),
            inbound("w.c", "972503", "three", T0),
        ],
    )
    .await;
    let mut conn = side_connection(&dir).await;
    sqlx::query(&format!(
        "CREATE TRIGGER poison BEFORE INSERT ON auto_reply_log
         WHEN NEW.inbound_message_id = {}
         BEGIN SELECT RAISE(ABORT, 'poisoned decision'); END",
        ids[1].0
    ))
    .execute(&mut conn)
    .await
    .expect("trigger");

    let mut asked = Vec::new();
    let outcomes = store
        .decide_auto_replies(&ids, Timestamp(T0 + 1_000), |context| {
            asked.push(context.facts.contact);
            nothing(Verdict::Greeting)
        })
        .await
        .expect("committed");
    assert!(matches!(outcomes[0], Ok(Some(_))));
    assert!(outcomes[1].is_err(), "the poisoned decision fails");
    assert!(
        matches!(outcomes[2], Ok(Some(_))),
        "the group goes on after it"
    );
    // Every message's facts were read (the first twice: the group was started over).
    assert!(asked.len() >= 3, "{asked:?}");

    let decided: Vec<i64> =
        sqlx::query_scalar("SELECT inbound_message_id FROM auto_reply_log ORDER BY 1")
            .fetch_all(&mut conn)
            .await
            .expect("log");
    assert_eq!(decided, [ids[0].0, ids[2].0]);

    // Decided messages are not decided again; the failed one is, once the cause is gone.
    sqlx::query("DROP TRIGGER poison")
        .execute(&mut conn)
        .await
        .expect("drop");
    let again = store
        .decide_auto_replies(&ids, Timestamp(T0 + 2_000), |_| nothing(Verdict::Greeting))
        .await
        .expect("committed");
    assert!(matches!(again[0], Ok(None)));
    assert!(matches!(again[1], Ok(Some(_))));
    assert!(matches!(again[2], Ok(None)));
}

/// When the contact row last changed, as the webhook writer left it.
async fn contact_updated_at(conn: &mut sqlx::SqliteConnection, wa_id: &str) -> i64 {
    sqlx::query_scalar("SELECT updated_at FROM contacts WHERE wa_id = ?")
        .bind(wa_id)
        .fetch_one(conn)
        .await
        .expect("contact")
}

#[tokio::test]
async fn a_message_that_repeats_the_senders_name_leaves_their_contact_row_alone() {
    // Rewriting the row for every message cost the writer a page per message; both the
    // one-delivery path and the group's run must write it only when something changed.
    let (dir, store) = store().await;
    let mut conn = side_connection(&dir).await;
    let at = |n: i64| Timestamp(T0 + n);
    let alone = |record: InboundRecord, n: i64| {
        let store = &store;
        async move {
            let batch = IngestBatch {
                inbound: vec![record],
                ..IngestBatch::default()
            };
            store.ingest(&batch, at(n)).await.expect("ingest");
        }
    };
    let grouped = |records: Vec<InboundRecord>, n: i64| {
        let store = &store;
        async move {
            let batches: Vec<IngestBatch> = records
                .into_iter()
                .map(|record| IngestBatch {
                    inbound: vec![record],
                    ..IngestBatch::default()
                })
                .collect();
            let deliveries: Vec<(&IngestBatch, Timestamp)> =
                batches.iter().map(|batch| (batch, at(n))).collect();
            for outcome in store.ingest_group(&deliveries).await.expect("group") {
                outcome.expect("delivery");
            }
        }
    };

    alone(named("u.1", "972501", Some("Dana"), Some("US.1")), 1).await;
    assert_eq!(contact_updated_at(&mut conn, "972501").await, T0 + 1);
    alone(named("u.2", "972501", Some("Dana"), Some("US.1")), 2).await;
    alone(named("u.3", "972501", None, None), 3).await;
    grouped(
        vec![
            named("u.4", "972501", Some("Dana"), None),
            named("u.5", "972501", None, Some("US.1")),
        ],
        4,
    )
    .await;
    assert_eq!(
        contact_updated_at(&mut conn, "972501").await,
        T0 + 1,
        "nothing changed since the first message"
    );

    alone(named("u.6", "972501", Some("Dana K."), None), 6).await;
    assert_eq!(contact_updated_at(&mut conn, "972501").await, T0 + 6);
    grouped(vec![named("u.7", "972501", None, Some("US.2"))], 7).await;
    assert_eq!(contact_updated_at(&mut conn, "972501").await, T0 + 7);
    let (name, user_id): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT profile_name, user_id FROM contacts WHERE wa_id = '972501'")
            .fetch_one(&mut conn)
            .await
            .expect("contact");
    assert_eq!(name.as_deref(), Some("Dana K."));
    assert_eq!(user_id.as_deref(), Some("US.2"));
}
