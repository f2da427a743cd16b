//! An agent's unread count stops at `AGENT_UNREAD_COUNT_CAP` (100): the list shows "99+"
//! past 99, and counting a busy unread thread in full cost its first visit disk reads.
//! Below the cap, and after a read mark, it is exact.

#[allow(dead_code)]
mod support;

use parley_core::content::MessageContent;
use parley_core::conversation::AGENT_UNREAD_COUNT_CAP;
use parley_core::triage::ConversationFilter;
use parley_core::{AgentId, ConversationId, Timestamp};
use parley_store::{IngestBatch, Store};
use support::{T0, inbound, store};

const OWNER: AgentId = AgentId(1);
const ANN: &str = "972500000001";

/// Ingests `count` text messages from Ann, received at `now`; her conversation.
async fn ann_writes(store: &Store, first: usize, count: usize, now: i64) -> ConversationId {
    let batch = IngestBatch {
        inbound: (first..first + count)
            .map(|i| inbound(&format!("wamid.{i}"), ANN, &format!("message {i}"), now))
            .collect(),
        ..IngestBatch::default()
    };
    let outcome = store.ingest(&batch, Timestamp(now)).await.expect("ingest");
    assert_eq!(outcome.new_messages.len(), count, "every message is new");
    let newest = outcome.new_messages.last().expect("a message");
    store
        .message(*newest)
        .await
        .expect("message")
        .conversation_id
}

/// What the agent sees: the opened row and the list's row, which must agree.
async fn unread_for(store: &Store, id: ConversationId, agent: AgentId) -> i64 {
    let opened = store
        .conversation_for(id, agent)
        .await
        .expect("row")
        .unread_count;
    let listed = store
        .list_conversations(agent, &ConversationFilter::default(), None, 50)
        .await
        .expect("list")
        .into_iter()
        .find(|row| row.id == id)
        .expect("listed")
        .unread_count;
    assert_eq!(opened, listed, "the list and the opened row count alike");
    opened
}

#[tokio::test]
async fn an_agents_count_stops_at_the_cap() {
    let (_dir, store) = store().await;
    let id = ann_writes(&store, 0, 150, T0).await;
    assert_eq!(AGENT_UNREAD_COUNT_CAP, 100);
    assert_eq!(unread_for(&store, id, OWNER).await, 100);
    // The shared count (headless callers, engine events) is a kept column, not counted.
    assert_eq!(store.conversation(id).await.expect("row").unread_count, 150);
}

#[tokio::test]
async fn counts_below_the_cap_are_exact() {
    let (_dir, store) = store().await;
    let id = ann_writes(&store, 0, 99, T0).await;
    assert_eq!(unread_for(&store, id, OWNER).await, 99);
    ann_writes(&store, 99, 1, T0 + 1).await;
    assert_eq!(unread_for(&store, id, OWNER).await, 100);
}

#[tokio::test]
async fn only_what_follows_the_read_mark_counts() {
    let (_dir, store) = store().await;
    let id = ann_writes(&store, 0, 150, T0).await;
    store
        .mark_conversation_read(id, OWNER, Timestamp(T0 + 1))
        .await
        .expect("read");
    assert_eq!(unread_for(&store, id, OWNER).await, 0);

    ann_writes(&store, 150, 40, T0 + 2).await;
    assert_eq!(
        unread_for(&store, id, OWNER).await,
        40,
        "not 100: read up to T0+1"
    );
    ann_writes(&store, 190, 70, T0 + 3).await;
    assert_eq!(
        unread_for(&store, id, OWNER).await,
        100,
        "110 after the mark"
    );
}

#[tokio::test]
async fn hidden_messages_are_not_counted() {
    let (_dir, store) = store().await;
    let id = ann_writes(&store, 0, 98, T0).await;
    // Reactions change a message; they are stored hidden and are nothing to read.
    let reactions = IngestBatch {
        inbound: (0..5)
            .map(|i| {
                let mut record = inbound(&format!("wamid.r{i}"), ANN, "", T0 + 1);
                record.kind = "reaction".into();
                record.content = MessageContent::Reaction {
                    target_wamid: format!("wamid.{i}"),
                    emoji: Some("👍".into()),
                };
                record
            })
            .collect(),
        ..IngestBatch::default()
    };
    store
        .ingest(&reactions, Timestamp(T0 + 1))
        .await
        .expect("ingest");
    assert_eq!(unread_for(&store, id, OWNER).await, 98);
}
