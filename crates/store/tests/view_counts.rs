//! The tabs' and the tray's counts are counters kept by triggers (migration 0011). After
//! every write, through every path that can change them, they must equal what counting
//! the conversations says: the full-scan query they replaced, kept here as the oracle.

#[allow(dead_code)]
mod support;

use parley_core::agent::{Role, SentBy};
use parley_core::content::MessageContent;
use parley_core::triage::{ConversationStatus, ViewCounts};
use parley_core::{AgentId, ConversationId, Timestamp};
use parley_store::{BulkOutbound, IngestBatch, Outbound, Quoting, Store};
use sqlx::SqlitePool;
use sqlx::sqlite::SqliteConnectOptions;
use support::{Dice, T0, inbound, text};

/// The query view_counts ran before 0011: every conversation, with its read mark.
const ORACLE: &str = "SELECT
     COALESCE(SUM(c.status <> 'resolved'), 0),
     COALESCE(SUM(c.status <> 'resolved' AND c.assigned_agent_id = ?1), 0),
     COALESCE(SUM(c.status <> 'resolved' AND c.assigned_agent_id IS NULL), 0),
     COALESCE(SUM(c.status = 'resolved'), 0),
     COALESCE(SUM(c.status <> 'resolved' AND c.last_inbound_received_at > COALESCE(
         (SELECT ar.read_until FROM agent_reads ar
           WHERE ar.conversation_id = c.id AND ar.agent_id = ?1),
         (SELECT a.created_at FROM agents a WHERE a.id = ?1))), 0)
 FROM conversations c";

/// A read-only connection beside the store's own, for the oracle (and, in one test, a
/// writable one for what the store's API never does).
async fn raw(dir: &tempfile::TempDir, read_only: bool) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join(parley_store::DATABASE_FILE))
        .foreign_keys(true)
        .read_only(read_only);
    sqlx::pool::PoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("raw connection")
}

async fn oracle(pool: &SqlitePool, agent: AgentId) -> ViewCounts {
    let (all, mine, unassigned, resolved, unread): (i64, i64, i64, i64, i64) =
        sqlx::query_as(ORACLE)
            .bind(agent.0)
            .fetch_one(pool)
            .await
            .expect("oracle");
    ViewCounts {
        all,
        mine,
        unassigned,
        resolved,
        unread_conversations: unread,
    }
}

/// Every agent's counts (and a made-up agent's) equal the oracle's.
async fn assert_exact(store: &Store, pool: &SqlitePool, agents: &[AgentId], step: &str) {
    for &agent in agents.iter().chain([&AgentId(0), &AgentId(9_999)]) {
        assert_eq!(
            store.view_counts(agent).await.expect("counts"),
            oracle(pool, agent).await,
            "agent {} after {step}",
            agent.0
        );
    }
}

const STATUSES: [ConversationStatus; 3] = [
    ConversationStatus::Open,
    ConversationStatus::Pending,
    ConversationStatus::Resolved,
];

/// One random operation through the store's public API, at `now`; what it did.
async fn random_step(
    store: &Store,
    dice: &mut Dice,
    agents: &mut Vec<AgentId>,
    conversations: &mut Vec<ConversationId>,
    n: usize,
    now: i64,
) -> String {
    let conversation = |dice: &mut Dice| conversations[dice.below(conversations.len())];
    let agent = |dice: &mut Dice| agents[dice.below(agents.len())];
    match dice.below(if conversations.is_empty() { 1 } else { 12 }) {
        // A customer writes: often someone new, sometimes a late delivery sent long ago,
        // sometimes a reaction (hidden: nothing new to read).
        0..=3 => {
            let customer = dice.below(conversations.len() + 3);
            let wa_id = format!("97250{customer:07}");
            let mut record = inbound(&format!("w{n}"), &wa_id, "hello", now - 1_000);
            match dice.below(5) {
                0 => record.sent_at = Timestamp(now - 86_400_000),
                1 if n > 0 => {
                    let reaction = MessageContent::Reaction {
                        target_wamid: format!("w{}", dice.below(n)),
                        emoji: Some("👍".into()),
                    };
                    record.kind = reaction.api_type().to_owned();
                    record.content = reaction;
                }
                _ => {}
            }
            let outcome = store
                .ingest(
                    &IngestBatch {
                        inbound: vec![record],
                        ..IngestBatch::default()
                    },
                    Timestamp(now),
                )
                .await
                .expect("ingest");
            for id in outcome.conversations {
                if !conversations.contains(&id) {
                    conversations.push(id);
                }
            }
            format!("{wa_id} writes")
        }
        // An agent opens a conversation, now or (a slow command) with an older mark.
        4 | 5 => {
            let (id, who) = (conversation(dice), agent(dice));
            let at = if dice.below(4) == 0 { now - 5_000 } else { now };
            store
                .mark_conversation_read(id, who, Timestamp(at))
                .await
                .expect("read");
            format!("agent {} reads {} at {at}", who.0, id.0)
        }
        6 => {
            let (id, who) = (conversation(dice), agent(dice));
            store
                .enqueue(
                    &Outbound {
                        conversation_id: id,
                        content: &text("on its way"),
                        quoting: Quoting::default(),
                        file: None,
                        payload: "{}",
                        sent_by: &SentBy::agent(who),
                    },
                    Timestamp(now),
                )
                .await
                .expect("enqueue");
            format!("agent {} answers {}", who.0, id.0)
        }
        7 => {
            let id = conversation(dice);
            let who = (dice.below(3) > 0).then(|| agent(dice));
            store.assign_conversation(id, who).await.expect("assign");
            format!("{} assigned to {who:?}", id.0)
        }
        8 | 9 => {
            let id = conversation(dice);
            let status = STATUSES[dice.below(STATUSES.len())];
            store
                .set_conversation_status(id, status, Timestamp(now))
                .await
                .expect("status");
            format!("{} set {status:?}", id.0)
        }
        10 => {
            let added = store
                .add_agent(&format!("Agent {n}"), Role::Agent, None, Timestamp(now))
                .await
                .expect("agent");
            agents.push(added.id);
            format!("agent {} added", added.id.0)
        }
        _ => {
            // The owner stays, so there is always someone at the desk.
            let who = agent(dice);
            if who == AgentId(1) || store.agent(who).await.is_err() {
                return "nobody deleted".into();
            }
            store
                .delete_agent(who, Timestamp(now))
                .await
                .expect("delete");
            format!("agent {} deleted", who.0)
        }
    }
}

#[tokio::test]
async fn counts_stay_exact_through_every_write_path() {
    for seed in [0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03, 7] {
        let (dir, store) = support::store().await;
        let pool = raw(&dir, true).await;
        let mut dice = Dice(seed);
        let mut agents = vec![AgentId(1)];
        let mut conversations = Vec::new();
        assert_exact(&store, &pool, &agents, "opening").await;
        for n in 0..400 {
            let now = T0 + n as i64 * 1_000;
            let step =
                random_step(&store, &mut dice, &mut agents, &mut conversations, n, now).await;
            assert_exact(&store, &pool, &agents, &format!("step {n}: {step}")).await;
        }
        let counts = store.view_counts(AgentId(1)).await.expect("counts");
        assert!(
            counts.all > 0 && counts.resolved > 0 && counts.unread_conversations > 0,
            "the sequence reached the interesting states: {counts:?}"
        );
        assert!(agents.len() > 2, "agents were added");
    }
}

/// The bulk loader writes conversations twice (as first seen, then final) and the read
/// marks last: the counters must end exact, and stay exact as the store lives on.
#[tokio::test]
async fn a_bulk_loaded_store_counts_exactly_and_keeps_counting() {
    let (dir, store) = support::store().await;
    let pool = raw(&dir, true).await;
    let mut agents = vec![AgentId(1)];
    for name in ["Dana", "Karim"] {
        let added = store
            .add_agent(name, Role::Agent, None, Timestamp(T0 - 10))
            .await
            .expect("agent");
        agents.push(added.id);
    }
    let mut dice = Dice(0x2545_F491_4F6C_DD1D);
    let mut loader = store.bulk_loader().await.expect("loader");
    let mut conversations = Vec::new();
    for n in 0..600 {
        let now = T0 + n as i64 * 1_000;
        let wa_id = format!("97250{:07}", dice.below(40));
        match dice.below(6) {
            0 if !conversations.is_empty() => {
                let agent = agents[dice.below(agents.len())];
                loader
                    .outbound(&BulkOutbound {
                        wa_id: &wa_id,
                        body: "on its way",
                        payload: "{}",
                        agent,
                        wamid: &format!("out{n}"),
                        status: parley_core::status::DeliveryStatus::Delivered,
                        sent_at: Timestamp(now),
                    })
                    .await
                    .ok();
            }
            1 if !conversations.is_empty() => {
                let id = conversations[dice.below(conversations.len())];
                loader.read(agents[dice.below(agents.len())], id, Timestamp(now));
            }
            2 if !conversations.is_empty() => {
                let id = conversations[dice.below(conversations.len())];
                loader.set_status(id, STATUSES[dice.below(3)], Timestamp(now));
                let assignee = (dice.below(2) == 0).then(|| agents[dice.below(agents.len())]);
                loader.assign(id, assignee);
            }
            _ => {
                let record = inbound(&format!("w{n}"), &wa_id, "hello", now - 1_000);
                let id = loader.inbound(&record, Timestamp(now)).await.expect("in");
                if !conversations.contains(&id) {
                    conversations.push(id);
                }
            }
        }
    }
    loader.finish().await.expect("finish");
    assert_exact(&store, &pool, &agents, "the bulk load").await;
    let counts = store.view_counts(AgentId(2)).await.expect("counts");
    assert!(
        counts.resolved > 0 && counts.unread_conversations > 0,
        "{counts:?}"
    );

    for n in 600..800 {
        let now = T0 + n as i64 * 1_000;
        let step = random_step(&store, &mut dice, &mut agents, &mut conversations, n, now).await;
        assert_exact(&store, &pool, &agents, &format!("step {n}: {step}")).await;
    }
}

/// What the store's API never does, written directly: hard deletes of conversations and
/// agents, read marks moved back or removed, an agent's creation time changed. The
/// counters follow any writer, not only the store's own.
#[tokio::test]
async fn counts_follow_direct_writes_and_deletions() {
    let (dir, store) = support::store().await;
    let pool = raw(&dir, true).await;
    let writer = raw(&dir, false).await;
    let mut agents = vec![AgentId(1)];
    let mut conversations = Vec::new();
    let mut dice = Dice(0xA076_1D64_78BD_642F);
    for n in 0..150 {
        random_step(
            &store,
            &mut dice,
            &mut agents,
            &mut conversations,
            n,
            T0 + n as i64 * 1_000,
        )
        .await;
    }
    assert_exact(&store, &pool, &agents, "the history").await;

    // A profile written directly, with read marks, later hard-deleted.
    let hard_deleted: i64 = sqlx::query_scalar(
        "INSERT INTO agents (name, role, created_at, updated_at)
         VALUES ('Temp', 'agent', ?1, ?1) RETURNING id",
    )
    .bind(T0 + 10_000)
    .fetch_one(&writer)
    .await
    .expect("agent");
    let temp = AgentId(hard_deleted);
    agents.push(temp);
    for (i, id) in conversations.iter().enumerate().step_by(2) {
        store
            .mark_conversation_read(*id, temp, Timestamp(T0 + 60_000 + i as i64))
            .await
            .expect("read");
    }
    assert_exact(&store, &pool, &agents, "reads by a new agent").await;

    let writes = [
        (
            "a read mark moved back",
            "UPDATE agent_reads SET read_until = 0 WHERE conversation_id % 3 = 0",
        ),
        (
            "read marks removed",
            "DELETE FROM agent_reads WHERE conversation_id % 4 = 1",
        ),
        (
            "a mark moved to another agent",
            "UPDATE OR IGNORE agent_reads SET agent_id = 1 WHERE conversation_id % 5 = 2",
        ),
        (
            "a profile made later",
            "UPDATE agents SET created_at = created_at + 50000 WHERE id = 1",
        ),
        (
            "arrivals rewritten",
            "UPDATE conversations SET last_inbound_received_at = last_inbound_received_at - 40000 WHERE id % 2 = 0",
        ),
        (
            "an arrival forgotten",
            "UPDATE conversations SET last_inbound_received_at = NULL WHERE id % 7 = 3",
        ),
        (
            "an agent hard-deleted",
            "DELETE FROM agents WHERE name = 'Temp'",
        ),
    ];
    for (what, sql) in writes {
        sqlx::query(sql).execute(&writer).await.expect(what);
        assert_exact(&store, &pool, &agents, what).await;
    }

    let late = store
        .add_agent("Late", Role::Agent, None, Timestamp(T0 + 450_000))
        .await
        .expect("agent")
        .id;
    agents.push(late);
    // Conversations written and deleted directly (the store never deletes one): their
    // read marks go with them (ON DELETE CASCADE), and so does what they counted.
    for (i, status) in ["open", "pending", "resolved"].into_iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contacts (wa_id, created_at, updated_at) VALUES (?1, ?2, ?2);
             INSERT INTO conversations
                 (contact_id, last_activity_at, created_at, last_inbound_received_at, status)
             VALUES (last_insert_rowid(), ?2, ?2, ?2, ?3) RETURNING id",
        )
        .bind(format!("direct{i}"))
        .bind(T0 + 500_000)
        .bind(status)
        .fetch_one(&writer)
        .await
        .expect("direct conversation");
        assert_exact(
            &store,
            &pool,
            &agents,
            &format!("a direct {status} conversation"),
        )
        .await;
        store
            .mark_conversation_read(ConversationId(id), AgentId(1), Timestamp(T0 + 600_000))
            .await
            .expect("read");
        store
            .mark_conversation_read(ConversationId(id), late, Timestamp(T0 + 400_000))
            .await
            .expect("read");
        assert_exact(&store, &pool, &agents, "its reads").await;
        sqlx::query("DELETE FROM conversations WHERE id = ?")
            .bind(id)
            .execute(&writer)
            .await
            .expect("delete");
        assert_exact(
            &store,
            &pool,
            &agents,
            &format!("a {status} conversation deleted"),
        )
        .await;
    }
    let marks_left: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM agent_reads
          WHERE conversation_id NOT IN (SELECT id FROM conversations)",
    )
    .fetch_one(&writer)
    .await
    .expect("marks");
    assert_eq!(marks_left, 0, "the cascade ran");
}
