//! The store against a real SQLite file in a temporary directory.

use parley_core::content::MessageContent;
use parley_core::message::{Direction, KIND_TEXT};
use parley_core::meta_error::SendFailure;
use parley_core::status::DeliveryStatus;
use parley_core::{ConversationId, Timestamp};
use parley_store::{
    InboundRecord, IngestBatch, Outbound, Quoting, RawEventRecord, StatusRecord, Store,
};

const T0: i64 = 1_750_000_000_000;

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    (dir, store)
}

fn text(body: &str) -> MessageContent {
    MessageContent::Text {
        body: body.into(),
        preview_url: false,
    }
}

fn inbound(wamid: &str, wa_id: &str, body: &str, at: i64) -> InboundRecord {
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

fn status(wamid: &str, name: &str, at: i64) -> StatusRecord {
    StatusRecord {
        wamid: wamid.into(),
        status: name.into(),
        occurred_at: Timestamp(at),
        recipient_id: None,
        failure: None,
        payload: "{}".into(),
    }
}

fn batch_of(inbound: Vec<InboundRecord>) -> IngestBatch {
    IngestBatch {
        inbound,
        ..IngestBatch::default()
    }
}

#[tokio::test]
async fn an_inbound_message_creates_contact_conversation_and_unread() {
    let (_dir, store) = store().await;
    let outcome = store
        .ingest(
            &batch_of(vec![inbound("wamid.1", "972501", "שלום", T0)]),
            Timestamp(T0),
        )
        .await
        .expect("ingest");
    assert_eq!(outcome.new_messages.len(), 1);
    assert_eq!(outcome.duplicates, 0);

    let list = store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            None,
            50,
        )
        .await
        .expect("list");
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c.contact.wa_id, "972501");
    assert_eq!(c.contact.profile_name.as_deref(), Some("Customer 972501"));
    assert_eq!(c.unread_count, 1);
    assert_eq!(c.last_inbound_at, Some(Timestamp(T0)));
    let last = c.last_message.as_ref().expect("last message");
    assert_eq!(last.preview.as_deref(), Some("שלום"));
    assert_eq!(last.direction, Direction::Inbound);
}

#[tokio::test]
async fn a_redelivered_message_is_stored_once() {
    let (_dir, store) = store().await;
    let batch = batch_of(vec![inbound("wamid.1", "972501", "hi", T0)]);
    store.ingest(&batch, Timestamp(T0)).await.expect("first");
    let again = store
        .ingest(&batch, Timestamp(T0 + 5_000))
        .await
        .expect("second");
    assert_eq!(again.new_messages, vec![]);
    assert_eq!(again.duplicates, 1);
    assert_eq!(again.conversations, vec![]);

    let c = &store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            None,
            50,
        )
        .await
        .expect("list")[0];
    assert_eq!(c.unread_count, 1, "a duplicate must not count as unread");
    assert_eq!(store.thread(c.id, None, 50).await.expect("thread").len(), 1);
}

#[tokio::test]
async fn list_is_newest_activity_first_and_pages_by_cursor() {
    let (_dir, store) = store().await;
    for i in 0..5 {
        store
            .ingest(
                &batch_of(vec![inbound(
                    &format!("w{i}"),
                    &format!("97250{i}"),
                    "x",
                    T0 + i * 1000,
                )]),
                Timestamp(T0),
            )
            .await
            .expect("ingest");
    }
    let first = store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            None,
            2,
        )
        .await
        .expect("page 1");
    let wa: Vec<_> = first.iter().map(|c| c.contact.wa_id.as_str()).collect();
    assert_eq!(wa, ["972504", "972503"]);
    let second = store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            Some(first[1].cursor()),
            2,
        )
        .await
        .expect("page 2");
    let wa: Vec<_> = second.iter().map(|c| c.contact.wa_id.as_str()).collect();
    assert_eq!(wa, ["972502", "972501"]);
    let last = store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            Some(second[1].cursor()),
            2,
        )
        .await
        .expect("page 3");
    assert_eq!(last.len(), 1);
}

#[tokio::test]
async fn a_late_older_message_does_not_become_the_preview() {
    let (_dir, store) = store().await;
    store
        .ingest(
            &batch_of(vec![inbound("new", "1", "newer", T0 + 60_000)]),
            Timestamp(T0),
        )
        .await
        .expect("ingest");
    store
        .ingest(
            &batch_of(vec![inbound("old", "1", "older", T0)]),
            Timestamp(T0),
        )
        .await
        .expect("ingest");
    let c = &store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            None,
            1,
        )
        .await
        .expect("list")[0];
    assert_eq!(
        c.last_message.as_ref().and_then(|m| m.preview.as_deref()),
        Some("newer")
    );
    assert_eq!(c.last_inbound_at, Some(Timestamp(T0 + 60_000)));
    assert_eq!(c.unread_count, 2);
    let thread = store.thread(c.id, None, 50).await.expect("thread");
    let texts: Vec<_> = thread
        .iter()
        .map(|m| m.text.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(texts, ["older", "newer"], "threads read oldest first");
}

#[tokio::test]
async fn thread_pages_backwards_from_a_cursor() {
    let (_dir, store) = store().await;
    let batch = batch_of(
        (0..7)
            .map(|i| inbound(&format!("w{i}"), "1", &format!("m{i}"), T0 + i * 1000))
            .collect(),
    );
    store.ingest(&batch, Timestamp(T0)).await.expect("ingest");
    let id = store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            None,
            1,
        )
        .await
        .expect("list")[0]
        .id;
    let latest = store.thread(id, None, 3).await.expect("latest");
    let texts: Vec<_> = latest
        .iter()
        .map(|m| m.text.clone().unwrap_or_default())
        .collect();
    assert_eq!(texts, ["m4", "m5", "m6"]);
    let older = store
        .thread(id, Some(latest[0].cursor()), 3)
        .await
        .expect("older");
    let texts: Vec<_> = older
        .iter()
        .map(|m| m.text.clone().unwrap_or_default())
        .collect();
    assert_eq!(texts, ["m1", "m2", "m3"]);
}

async fn conversation_with_customer(store: &Store) -> ConversationId {
    store
        .ingest(
            &batch_of(vec![inbound("in.1", "972501", "hi", T0)]),
            Timestamp(T0),
        )
        .await
        .expect("ingest");
    store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            None,
            1,
        )
        .await
        .expect("list")[0]
        .id
}

#[tokio::test]
async fn a_reply_goes_through_the_outbox_and_follows_statuses_forward_only() {
    let (_dir, store) = store().await;
    let conversation = conversation_with_customer(&store).await;

    let queued = store
        .enqueue(
            &Outbound {
                conversation_id: conversation,
                content: &text("Yes, size 38"),
                quoting: Quoting::default(),
                file: None,
                payload: r#"{"to":"972501"}"#,
                sent_by: &by_owner(),
            },
            Timestamp(T0 + 1000),
        )
        .await
        .expect("enqueue");
    assert_eq!(queued.status, Some(DeliveryStatus::Pending));
    assert_eq!(
        queued.sent_by,
        Some(parley_core::agent::SentBy::Agent {
            id: parley_core::AgentId(1),
            name: Some("Owner".to_owned()),
        }),
        "every outbound message records who wrote it"
    );
    let summary = store.conversation(conversation).await.expect("summary");
    assert_eq!(summary.unread_count, 0, "replying reads the conversation");
    assert_eq!(
        summary.last_message.and_then(|m| m.preview),
        Some("Yes, size 38".to_owned())
    );

    let claimed = store
        .claim_due_sends(Timestamp(T0 + 1000), 10)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].message_id, queued.id);
    assert_eq!(claimed[0].attempts, 1);
    assert!(
        store
            .claim_due_sends(Timestamp(T0 + 1000), 10)
            .await
            .expect("claim")
            .is_empty(),
        "an in-flight send is not claimed twice"
    );

    let accepted = store
        .record_send_accepted(&claimed[0], "wamid.out", Timestamp(T0 + 1200))
        .await
        .expect("accepted");
    assert_eq!(accepted.status, Some(DeliveryStatus::Accepted));
    assert_eq!(accepted.wamid.as_deref(), Some("wamid.out"));

    // read arrives before delivered, and sent is delivered twice.
    let statuses = IngestBatch {
        statuses: vec![
            status("wamid.out", "sent", T0 + 2000),
            status("wamid.out", "read", T0 + 4000),
            status("wamid.out", "delivered", T0 + 3000),
            status("wamid.out", "sent", T0 + 2000),
        ],
        ..IngestBatch::default()
    };
    let outcome = store
        .ingest(&statuses, Timestamp(T0 + 5000))
        .await
        .expect("ingest");
    assert_eq!(outcome.duplicates, 1);
    assert_eq!(
        outcome.updated_messages,
        vec![queued.id],
        "each changed message once"
    );
    assert_eq!(
        store.message(queued.id).await.expect("message").status,
        Some(DeliveryStatus::Read)
    );
}

#[tokio::test]
async fn statuses_that_beat_the_api_answer_are_applied_when_it_arrives() {
    let (_dir, store) = store().await;
    let conversation = conversation_with_customer(&store).await;
    store
        .enqueue(
            &Outbound {
                conversation_id: conversation,
                content: &text("hello"),
                quoting: Quoting::default(),
                file: None,
                payload: "{}",
                sent_by: &by_owner(),
            },
            Timestamp(T0),
        )
        .await
        .expect("enqueue");
    let item = store
        .claim_due_sends(Timestamp(T0), 1)
        .await
        .expect("claim")
        .remove(0);

    let early = IngestBatch {
        statuses: vec![status("wamid.fast", "delivered", T0 + 10)],
        ..IngestBatch::default()
    };
    let outcome = store
        .ingest(&early, Timestamp(T0 + 10))
        .await
        .expect("ingest");
    assert!(
        outcome.updated_messages.is_empty(),
        "no message has this wamid yet"
    );

    let message = store
        .record_send_accepted(&item, "wamid.fast", Timestamp(T0 + 20))
        .await
        .expect("accepted");
    assert_eq!(message.status, Some(DeliveryStatus::Delivered));
}

#[tokio::test]
async fn a_failed_status_carries_its_reason() {
    let (_dir, store) = store().await;
    let conversation = conversation_with_customer(&store).await;
    let queued = store
        .enqueue(
            &Outbound {
                conversation_id: conversation,
                content: &text("late"),
                quoting: Quoting::default(),
                file: None,
                payload: "{}",
                sent_by: &by_owner(),
            },
            Timestamp(T0),
        )
        .await
        .expect("enqueue");
    let item = store
        .claim_due_sends(Timestamp(T0), 1)
        .await
        .expect("claim")
        .remove(0);
    store
        .record_send_accepted(&item, "wamid.late", Timestamp(T0))
        .await
        .expect("accepted");
    let failure = SendFailure::Meta {
        code: 131047,
        title: "Re-engagement message".into(),
        details: Some("more than 24 hours".into()),
    };
    let mut failed = status("wamid.late", "failed", T0 + 100);
    failed.failure = Some(failure.clone());
    store
        .ingest(
            &IngestBatch {
                statuses: vec![failed],
                ..IngestBatch::default()
            },
            Timestamp(T0 + 100),
        )
        .await
        .expect("ingest");
    let message = store.message(queued.id).await.expect("message");
    assert_eq!(message.status, Some(DeliveryStatus::Failed));
    assert_eq!(message.failure, Some(failure));
}

#[tokio::test]
async fn retry_failure_and_unknown_outcomes_are_recorded() {
    let (_dir, store) = store().await;
    // Three customers, so the three sends can be in flight together.
    for (i, body) in ["a", "b", "c"].into_iter().enumerate() {
        let wa_id = format!("97250{i}");
        store
            .ingest(
                &batch_of(vec![inbound(
                    &format!("in.{i}"),
                    &wa_id,
                    "hi",
                    T0 + i as i64,
                )]),
                Timestamp(T0),
            )
            .await
            .expect("ingest");
        let conversation = store
            .list_conversations(
                parley_core::AgentId(1),
                &parley_core::triage::ConversationFilter::default(),
                None,
                1,
            )
            .await
            .expect("list")[0]
            .id;
        store
            .enqueue(
                &Outbound {
                    conversation_id: conversation,
                    content: &text(body),
                    quoting: Quoting::default(),
                    file: None,
                    payload: "{}",
                    sent_by: &by_owner(),
                },
                Timestamp(T0),
            )
            .await
            .expect("enqueue");
    }
    let items = store
        .claim_due_sends(Timestamp(T0), 10)
        .await
        .expect("claim");
    assert_eq!(items.len(), 3);

    store
        .record_send_retry(
            &items[0],
            Timestamp(T0 + 60_000),
            "130429: throttled",
            Timestamp(T0),
        )
        .await
        .expect("retry");
    assert_eq!(
        store.next_send_due_at().await.expect("due"),
        Some(Timestamp(T0 + 60_000))
    );
    assert!(
        store
            .claim_due_sends(Timestamp(T0 + 59_999), 10)
            .await
            .expect("claim")
            .is_empty()
    );
    let again = store
        .claim_due_sends(Timestamp(T0 + 60_000), 10)
        .await
        .expect("claim");
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 2);

    let failure = SendFailure::Meta {
        code: 131026,
        title: "Message undeliverable".into(),
        details: None,
    };
    let failed = store
        .record_send_failed(&items[1], &failure, Timestamp(T0))
        .await
        .expect("failed");
    assert_eq!(failed.status, Some(DeliveryStatus::Failed));
    assert_eq!(failed.failure, Some(failure));

    let unknown = store
        .record_send_unknown(&items[2], "timed out", Timestamp(T0))
        .await
        .expect("unknown");
    assert_eq!(unknown.status, Some(DeliveryStatus::Pending));
    assert!(matches!(
        unknown.failure,
        Some(SendFailure::OutcomeUnknown { .. })
    ));
    assert_eq!(
        store.next_send_due_at().await.expect("due"),
        None,
        "nothing is resent"
    );
}

#[tokio::test]
async fn sends_interrupted_by_a_stop_are_marked_unknown_on_the_next_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let queued = {
        let store = Store::open_dir(dir.path()).await.expect("open");
        let conversation = conversation_with_customer(&store).await;
        let queued = store
            .enqueue(
                &Outbound {
                    conversation_id: conversation,
                    content: &text("mid-flight"),
                    quoting: Quoting::default(),
                    file: None,
                    payload: "{}",
                    sent_by: &by_owner(),
                },
                Timestamp(T0),
            )
            .await
            .expect("enqueue");
        store
            .claim_due_sends(Timestamp(T0), 1)
            .await
            .expect("claim");
        store.close().await;
        queued
    };
    let store = Store::open_dir(dir.path()).await.expect("reopen");
    let recovered = store
        .recover_interrupted_sends(Timestamp(T0 + 1))
        .await
        .expect("recover");
    assert_eq!(recovered.len(), 1);
    assert_eq!(recovered[0].id, queued.id);
    assert!(matches!(
        recovered[0].failure,
        Some(SendFailure::OutcomeUnknown { .. })
    ));
    assert!(
        store
            .claim_due_sends(Timestamp(T0 + 2), 10)
            .await
            .expect("claim")
            .is_empty()
    );
}

#[tokio::test]
async fn unknown_webhook_content_is_kept() {
    let (dir, store) = store().await;
    store
        .ingest(
            &IngestBatch {
                raw_events: vec![RawEventRecord {
                    field: "account_update".into(),
                    payload: r#"{"event":"VERIFIED_ACCOUNT"}"#.into(),
                }],
                ..IngestBatch::default()
            },
            Timestamp(T0),
        )
        .await
        .expect("ingest");
    store.close().await;
    let bytes = std::fs::read(dir.path().join(parley_store::DATABASE_FILE)).unwrap_or_default();
    let wal = std::fs::read(
        dir.path()
            .join(format!("{}-wal", parley_store::DATABASE_FILE)),
    )
    .unwrap_or_default();
    let haystack = [bytes, wal].concat();
    assert!(
        haystack.windows(17).any(|w| w == b"VERIFIED_ACCOUNT\""),
        "the raw event must be in the database file"
    );
}

#[tokio::test]
async fn settings_round_trip_as_json() {
    let (_dir, store) = store().await;
    assert_eq!(
        store.setting::<String>("greeting").await.expect("get"),
        None
    );
    store
        .set_setting("greeting", &"hello".to_owned(), T0)
        .await
        .expect("set");
    store
        .set_setting("greeting", &"shalom".to_owned(), T0 + 1)
        .await
        .expect("overwrite");
    assert_eq!(
        store
            .setting::<String>("greeting")
            .await
            .expect("get")
            .as_deref(),
        Some("shalom")
    );
}

#[tokio::test]
async fn export_streams_everything() {
    use futures::StreamExt;
    let (_dir, store) = store().await;
    let conversation = conversation_with_customer(&store).await;
    store
        .enqueue(
            &Outbound {
                conversation_id: conversation,
                content: &text("reply"),
                quoting: Quoting::default(),
                file: None,
                payload: "{}",
                sent_by: &by_owner(),
            },
            Timestamp(T0 + 1),
        )
        .await
        .expect("enqueue");
    let conversations: Vec<_> = store.export_conversations().collect().await;
    let messages: Vec<_> = store.export_messages().collect().await;
    assert_eq!(conversations.len(), 1);
    assert_eq!(messages.len(), 2);
    assert!(messages.iter().all(|m| m.is_ok()));
}

#[tokio::test]
async fn one_conversations_sends_go_one_at_a_time_in_order() {
    let (_dir, store) = store().await;
    let first = conversation_with_customer(&store).await;
    store
        .ingest(
            &batch_of(vec![inbound("in.2", "972502", "hi", T0)]),
            Timestamp(T0),
        )
        .await
        .expect("ingest");
    let second = store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            None,
            2,
        )
        .await
        .expect("list")[0]
        .id;
    for (conversation, body) in [(first, "a1"), (first, "a2"), (second, "b1"), (first, "a3")] {
        store
            .enqueue(
                &Outbound {
                    conversation_id: conversation,
                    content: &text(body),
                    quoting: Quoting::default(),
                    file: None,
                    payload: "{}",
                    sent_by: &by_owner(),
                },
                Timestamp(T0),
            )
            .await
            .expect("enqueue");
    }
    let bodies = |items: &[parley_store::OutboxItem]| -> Vec<i64> {
        items.iter().map(|i| i.message_id.0).collect()
    };
    let claimed = store
        .claim_due_sends(Timestamp(T0), 10)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 2, "one per conversation: a1 and b1");
    assert!(
        store
            .claim_due_sends(Timestamp(T0), 10)
            .await
            .expect("claim")
            .is_empty()
    );

    // a1 fails for now: a2 waits behind it rather than overtaking it.
    let a1 = claimed
        .iter()
        .find(|i| i.conversation_id == first)
        .expect("a1")
        .clone();
    store
        .record_send_retry(&a1, Timestamp(T0 + 1000), "throttled", Timestamp(T0))
        .await
        .expect("retry");
    assert!(
        store
            .claim_due_sends(Timestamp(T0 + 999), 10)
            .await
            .expect("claim")
            .is_empty()
    );
    let again = store
        .claim_due_sends(Timestamp(T0 + 1000), 10)
        .await
        .expect("claim");
    assert_eq!(
        bodies(&again),
        bodies(std::slice::from_ref(&a1)),
        "a1 goes first, again"
    );
    store
        .record_send_accepted(&again[0], "wamid.a1", Timestamp(T0 + 1001))
        .await
        .expect("accepted");
    let next = store
        .claim_due_sends(Timestamp(T0 + 1001), 10)
        .await
        .expect("claim");
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].conversation_id, first);
    assert_eq!(
        store
            .message(next[0].message_id)
            .await
            .expect("a2")
            .text
            .as_deref(),
        Some("a2")
    );
}

/// Who the tests' sends are from: the owner profile every inbox starts with.
fn by_owner() -> parley_core::agent::SentBy {
    parley_core::agent::SentBy::agent(parley_core::AgentId(1))
}
