//! The bulk loader (benchmarks) must leave a store that answers exactly as one filled
//! through the normal write path: webhooks through `ingest`, sends through the outbox and
//! their statuses, reads, assignments, statuses and labels through the store's API.

use parley_core::agent::{Role, SentBy};
use parley_core::content::MessageContent;
use parley_core::label::{LabelColor, LabelFilter, LabelMatch};
use parley_core::media::{Media, MediaKind};
use parley_core::message::MessageCursor;
use parley_core::status::DeliveryStatus;
use parley_core::triage::{ConversationFilter, ConversationStatus, View};
use parley_core::{AgentId, ConversationId, LabelId, Timestamp};
use parley_store::{
    BulkOutbound, InboundRecord, IngestBatch, Outbound, Quoting, StatusRecord, Store,
};

const T0: i64 = 1_750_000_000_000;
const CUSTOMERS: usize = 12;
const MESSAGES: usize = 240;

const PHRASES: [&str; 6] = [
    "שלום, מתי ההזמנה שלי תגיע?",
    "مرحبا، متى سيصل طلبي؟",
    "Когда придёт мой заказ?",
    "Millal minu tellimus kohale jõuab?",
    "Where is my order?",
    "   ",
];

/// One step of the shared history.
enum Step {
    Inbound(Box<InboundRecord>, Timestamp),
    Outbound {
        customer: usize,
        body: String,
        agent: AgentId,
        wamid: String,
        status: DeliveryStatus,
        at: Timestamp,
    },
    Read(AgentId, usize, Timestamp),
}

fn wa_id(customer: usize) -> String {
    format!("97250{customer:07}")
}

fn history(agents: &[AgentId]) -> Vec<Step> {
    let mut steps = Vec::new();
    for n in 0..MESSAGES {
        let customer = (n * 7 + n / 5) % CUSTOMERS;
        let at = Timestamp(T0 + n as i64 * 60_000);
        let body = format!("{} {n}", PHRASES[n % PHRASES.len()]);
        let first = n < CUSTOMERS;
        let customer = if first { n } else { customer };
        if first || n % 3 != 0 {
            let content = if n % 11 == 0 {
                MessageContent::Media {
                    media: Media {
                        kind: MediaKind::Image,
                        id: Some(format!("media{n}")),
                        mime_type: Some("image/jpeg".into()),
                        sha256: None,
                        size: Some(1_000),
                        filename: None,
                        caption: (n % 2 == 0).then_some(body),
                        animated: false,
                    },
                }
            } else {
                MessageContent::Text {
                    body,
                    preview_url: false,
                }
            };
            steps.push(Step::Inbound(
                Box::new(InboundRecord {
                    wamid: format!("wamid.in.{n}"),
                    wa_id: wa_id(customer),
                    user_id: None,
                    // Names change now and then: the latest wins.
                    profile_name: Some(format!("Клиент {customer} v{}", n / 100)),
                    kind: content.api_type().to_owned(),
                    content,
                    edited: None,
                    context: None,
                    referral: None,
                    sent_at: at,
                    payload: "{}".into(),
                }),
                Timestamp(at.0 + 1_000),
            ));
        } else {
            steps.push(Step::Outbound {
                customer,
                body,
                agent: agents[n % agents.len()],
                wamid: format!("wamid.out.{n}"),
                status: [
                    DeliveryStatus::Delivered,
                    DeliveryStatus::Read,
                    DeliveryStatus::Sent,
                ][n % 3],
                at,
            });
        }
        if n % 13 == 0 {
            steps.push(Step::Read(
                agents[n % agents.len()],
                customer,
                Timestamp(at.0 + 2_000),
            ));
        }
    }
    steps
}

struct Filled {
    store: Store,
    _dir: tempfile::TempDir,
    agents: Vec<AgentId>,
    labels: Vec<LabelId>,
}

async fn agents_and_labels(store: &Store) -> (Vec<AgentId>, Vec<LabelId>) {
    let mut agents = vec![AgentId(1)];
    for name in ["Dana", "Karim"] {
        agents.push(
            store
                .add_agent(name, Role::Agent, None, Timestamp(T0 - 1))
                .await
                .expect("agent")
                .id,
        );
    }
    let mut labels = Vec::new();
    for name in ["VIP", "Paid"] {
        labels.push(
            store
                .add_label(
                    name,
                    &name.to_lowercase(),
                    LabelColor::Purple,
                    Timestamp(T0),
                )
                .await
                .expect("label"),
        );
    }
    (agents, labels)
}

/// Triage after the history: (conversation index, assignee, status, labels).
fn triage(
    agents: &[AgentId],
    labels: &[LabelId],
) -> Vec<(usize, Option<AgentId>, ConversationStatus, Vec<LabelId>)> {
    (0..CUSTOMERS)
        .map(|i| {
            let status = [
                ConversationStatus::Open,
                ConversationStatus::Pending,
                ConversationStatus::Resolved,
            ][i % 3];
            let assignee = (i % 4 != 0).then(|| agents[i % agents.len()]);
            let on: Vec<LabelId> = labels
                .iter()
                .enumerate()
                .filter(|(k, _)| i % (k + 2) == 0)
                .map(|(_, l)| *l)
                .collect();
            (i, assignee, status, on)
        })
        .collect()
}

async fn through_normal_path() -> Filled {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    let (agents, labels) = agents_and_labels(&store).await;
    let mut conversations = [ConversationId(0); CUSTOMERS];
    for step in history(&agents) {
        match step {
            Step::Inbound(record, now) => {
                let customer = (0..CUSTOMERS)
                    .find(|&c| wa_id(c) == record.wa_id)
                    .expect("customer");
                let outcome = store
                    .ingest(
                        &IngestBatch {
                            inbound: vec![*record],
                            ..IngestBatch::default()
                        },
                        now,
                    )
                    .await
                    .expect("ingest");
                conversations[customer] = outcome.conversations[0];
            }
            Step::Outbound {
                customer,
                body,
                agent,
                wamid,
                status,
                at,
            } => {
                let content = MessageContent::Text {
                    body,
                    preview_url: false,
                };
                store
                    .enqueue(
                        &Outbound {
                            conversation_id: conversations[customer],
                            content: &content,
                            quoting: Quoting::default(),
                            file: None,
                            payload: "{}",
                            sent_by: &SentBy::Agent {
                                id: agent,
                                name: None,
                            },
                        },
                        at,
                    )
                    .await
                    .expect("enqueue");
                let items = store.claim_due_sends(at, 10).await.expect("claim");
                assert_eq!(items.len(), 1);
                store
                    .record_send_accepted(&items[0], &wamid, at)
                    .await
                    .expect("accepted");
                let statuses = match status {
                    DeliveryStatus::Sent => vec!["sent"],
                    DeliveryStatus::Delivered => vec!["sent", "delivered"],
                    _ => vec!["sent", "delivered", "read"],
                };
                let batch = IngestBatch {
                    statuses: statuses
                        .into_iter()
                        .map(|s| StatusRecord {
                            wamid: wamid.clone(),
                            status: s.into(),
                            occurred_at: at,
                            recipient_id: Some(wa_id(customer)),
                            failure: None,
                            payload: "{}".into(),
                        })
                        .collect(),
                    ..IngestBatch::default()
                };
                store.ingest(&batch, at).await.expect("statuses");
            }
            Step::Read(agent, customer, at) => {
                store
                    .mark_conversation_read(conversations[customer], agent, at)
                    .await
                    .expect("read");
            }
        }
    }
    let now = Timestamp(T0 + MESSAGES as i64 * 60_000 + 10_000);
    for (i, assignee, status, on) in triage(&agents, &labels) {
        store
            .assign_conversation(conversations[i], assignee)
            .await
            .expect("assign");
        store
            .set_conversation_status(conversations[i], status, now)
            .await
            .expect("status");
        for label in on {
            store
                .set_conversation_label(conversations[i], label, true, now)
                .await
                .expect("label");
        }
    }
    Filled {
        store,
        _dir: dir,
        agents,
        labels,
    }
}

async fn through_bulk_loader() -> Filled {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    let (agents, labels) = agents_and_labels(&store).await;
    let mut loader = store.bulk_loader().await.expect("loader");
    let mut conversations = [ConversationId(0); CUSTOMERS];
    for step in history(&agents) {
        match step {
            Step::Inbound(record, now) => {
                let customer = (0..CUSTOMERS)
                    .find(|&c| wa_id(c) == record.wa_id)
                    .expect("customer");
                conversations[customer] = loader.inbound(&record, now).await.expect("inbound");
            }
            Step::Outbound {
                customer,
                body,
                agent,
                wamid,
                status,
                at,
            } => {
                loader
                    .outbound(&BulkOutbound {
                        wa_id: &wa_id(customer),
                        body: &body,
                        payload: "{}",
                        agent,
                        wamid: &wamid,
                        status,
                        sent_at: at,
                    })
                    .await
                    .expect("outbound");
            }
            Step::Read(agent, customer, at) => loader.read(agent, conversations[customer], at),
        }
    }
    let now = Timestamp(T0 + MESSAGES as i64 * 60_000 + 10_000);
    for (i, assignee, status, on) in triage(&agents, &labels) {
        loader.assign(conversations[i], assignee);
        loader.set_status(conversations[i], status, now);
        for label in on {
            loader.label(conversations[i], label, now);
        }
    }
    loader.finish().await.expect("finish");
    Filled {
        store,
        _dir: dir,
        agents,
        labels,
    }
}

fn filters(labels: &[LabelId]) -> Vec<ConversationFilter> {
    let mut filters: Vec<ConversationFilter> =
        [View::All, View::Mine, View::Unassigned, View::Resolved]
            .into_iter()
            .map(|view| ConversationFilter {
                view,
                ..ConversationFilter::default()
            })
            .collect();
    for (labels, mode) in [
        (vec![labels[0]], LabelMatch::Any),
        (labels.to_vec(), LabelMatch::All),
        (labels.to_vec(), LabelMatch::Any),
    ] {
        filters.push(ConversationFilter {
            view: View::All,
            labels: LabelFilter { labels, mode },
        });
    }
    filters
}

#[tokio::test]
async fn the_bulk_loader_answers_like_the_normal_write_path() {
    let normal = through_normal_path().await;
    let bulk = through_bulk_loader().await;
    assert_eq!(normal.agents, bulk.agents);
    assert_eq!(normal.labels, bulk.labels);

    let mut seen_unread = false;
    for &agent in &normal.agents {
        assert_eq!(
            normal.store.view_counts(agent).await.expect("counts"),
            bulk.store.view_counts(agent).await.expect("counts"),
            "view counts of {agent:?}"
        );
        for filter in filters(&normal.labels) {
            let expected = normal
                .store
                .list_conversations(agent, &filter, None, 5)
                .await
                .expect("list");
            let actual = bulk
                .store
                .list_conversations(agent, &filter, None, 5)
                .await
                .expect("list");
            assert_eq!(expected, actual, "{filter:?} for {agent:?}");
            seen_unread |= expected.iter().any(|c| c.unread_count > 0);
            // The next page too (cursor paging).
            if let Some(last) = expected.last() {
                let cursor = parley_core::conversation::ConversationCursor {
                    last_activity_at: last.last_activity_at,
                    id: last.id,
                };
                assert_eq!(
                    normal
                        .store
                        .list_conversations(agent, &filter, Some(cursor), 5)
                        .await
                        .expect("list"),
                    bulk.store
                        .list_conversations(agent, &filter, Some(cursor), 5)
                        .await
                        .expect("list"),
                );
            }
        }
    }
    assert!(seen_unread, "the history should leave something unread");
    assert_eq!(
        normal.store.labels().await.expect("labels"),
        bulk.store.labels().await.expect("labels")
    );

    for id in 1..=CUSTOMERS as i64 {
        let id = ConversationId(id);
        assert_eq!(
            normal.store.conversation(id).await.expect("row"),
            bulk.store.conversation(id).await.expect("row")
        );
        let expected = normal.store.thread(id, None, 8).await.expect("thread");
        assert_eq!(
            expected,
            bulk.store.thread(id, None, 8).await.expect("thread"),
            "thread {id:?}"
        );
        let oldest = &expected[0];
        let before = MessageCursor {
            timestamp: oldest.timestamp,
            id: oldest.id,
        };
        assert_eq!(
            normal
                .store
                .thread(id, Some(before), 8)
                .await
                .expect("older"),
            bulk.store.thread(id, Some(before), 8).await.expect("older"),
        );
    }

    for query in [
        "הזמנה",
        "طلبي",
        "заказ",
        "tellimus",
        "order",
        "Клиент 3",
        "+972 50",
        "nothing",
    ] {
        let expected = normal.store.search(query, 20).await.expect("search");
        assert_eq!(
            expected,
            bulk.store.search(query, 20).await.expect("search"),
            "{query}"
        );
    }
    let hits = normal.store.search("заказ", 100).await.expect("search");
    assert!(
        !hits.messages.is_empty()
            && !normal
                .store
                .search("Клиент", 5)
                .await
                .expect("search")
                .contacts
                .is_empty()
    );
}

#[tokio::test]
async fn the_bulk_loader_refuses_a_store_that_holds_messages() {
    let filled = through_bulk_loader().await;
    assert!(filled.store.bulk_loader().await.is_err());
}

/// Ranking is bounded to the newest matches: a very common word costs what a rarer one
/// does. With fewer matches than the bound, the best match comes first wherever it is.
#[tokio::test]
async fn search_ranks_the_newest_matches_of_a_very_common_word() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    let mut loader = store.bulk_loader().await.expect("loader");
    let later = parley_store::SEARCH_RANKED_MATCHES as usize + 10;
    let bodies = std::iter::once("zebra yak".to_owned()).chain((0..later).map(|n| {
        let rare = if n % 200 == 0 { " yak" } else { "" };
        format!("a zebra among many other words in a long message number {n}{rare}")
    }));
    for (n, body) in bodies.enumerate() {
        let record = InboundRecord {
            wamid: format!("wamid.{n}"),
            wa_id: wa_id(n % 7),
            user_id: None,
            profile_name: None,
            kind: "text".into(),
            content: MessageContent::Text {
                body,
                preview_url: false,
            },
            edited: None,
            context: None,
            referral: None,
            sent_at: Timestamp(T0 + n as i64),
            payload: "{}".into(),
        };
        loader
            .inbound(&record, Timestamp(T0 + n as i64))
            .await
            .expect("inbound");
    }
    loader.finish().await.expect("finish");

    // "yak": few matches, all ranked: the short first message is the best.
    let yak = store.search("yak", 5).await.expect("search").messages;
    assert_eq!(yak[0].snippet.text, "zebra yak");
    // "zebra": more matches than are ranked; the first message is not among the newest.
    let zebra = store.search("zebra", 50).await.expect("search").messages;
    assert_eq!(zebra.len(), 50);
    assert!(
        zebra.iter().all(|hit| hit.snippet.text != "zebra yak"),
        "{:?}",
        zebra[0]
    );
}

/// The tabs' unread count compares the newest shown inbound message's arrival with the
/// agent's read mark: a reaction (hidden) after reading leaves it read, a late delivery
/// of an old message (arriving now) makes it unread again.
#[tokio::test]
async fn unread_counts_follow_the_newest_arrival_not_hidden_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    let agent = AgentId(1);
    let ingest = |record: InboundRecord, now: i64| {
        let store = store.clone();
        async move {
            store
                .ingest(
                    &IngestBatch {
                        inbound: vec![record],
                        ..IngestBatch::default()
                    },
                    Timestamp(now),
                )
                .await
                .expect("ingest")
        }
    };
    let text = |wamid: &str, at: i64| InboundRecord {
        wamid: wamid.into(),
        wa_id: wa_id(1),
        user_id: None,
        profile_name: None,
        kind: "text".into(),
        content: MessageContent::Text {
            body: "hello".into(),
            preview_url: false,
        },
        edited: None,
        context: None,
        referral: None,
        sent_at: Timestamp(at),
        payload: "{}".into(),
    };
    let unread = || async {
        store
            .view_counts(agent)
            .await
            .expect("counts")
            .unread_conversations
    };
    let conversation = ingest(text("w1", T0), T0 + 10).await.conversations[0];
    assert_eq!(unread().await, 1);
    store
        .mark_conversation_read(conversation, agent, Timestamp(T0 + 20))
        .await
        .expect("read");
    assert_eq!(unread().await, 0);

    let reaction = MessageContent::Reaction {
        target_wamid: "w1".into(),
        emoji: Some("👍".into()),
    };
    let mut record = text("w2", T0 + 30);
    record.kind = reaction.api_type().to_owned();
    record.content = reaction;
    ingest(record, T0 + 30).await;
    assert_eq!(unread().await, 0, "a reaction is not a message to read");

    // Sent before the read mark, received after it: unread, as before.
    ingest(text("w3", T0 + 5), T0 + 40).await;
    assert_eq!(unread().await, 1);
    store
        .set_conversation_status(
            conversation,
            ConversationStatus::Resolved,
            Timestamp(T0 + 50),
        )
        .await
        .expect("resolve");
    assert_eq!(unread().await, 0, "resolved conversations are not counted");
}
