//! The group commit writes customers' ordinary messages in runs (one script for many) and
//! decides auto-replies in waves (one contact's messages in order, contacts together):
//! random groups written that way must leave exactly what writing every delivery alone
//! and deciding one message at a time leaves, row for row, in every table they touch.

// Shared by the test files here; each uses part of it.
#[allow(dead_code)]
mod support;

use parley_core::AgentId;
use parley_core::Timestamp;
use parley_core::agent::{Automation, SentBy};
use parley_core::auto_reply::Verdict;
use parley_core::content::{MessageContent, MessageContext};
use parley_core::meta_error::SendFailure;
use parley_store::{
    AutoReplyContext, AutoReplyRecord, InboundRecord, IngestBatch, IngestOutcome, Outbound,
    QueuedReply, Quoting, StatusRecord, Store,
};
use sqlx::SqliteConnection;
use support::{Dice, T0, side_connection, store, text};

const CUSTOMERS: [&str; 6] = [
    "972500000001",
    "972500000002",
    "972500000003",
    "79160000004",
    "3725000005",
    "15550000006",
];
const NAMES: [Option<&str>; 5] = [
    None,
    Some("Dana"),
    Some("דנה לוי"),
    Some("فاطمة"),
    Some("Анна"),
];
const BODIES: [&str; 5] = [
    "שלום, ההזמנה נשלחה?",
    "مرحبا",
    "Когда будет доставка?",
    "Tere!",
    "   ",
];

/// Writes random deliveries: mostly ordinary messages (some redelivered, some replies,
/// out of order in time), with reactions, edits before and after their message, media,
/// WhatsApp notices, statuses (some for the run's own wamids, some failed) in between.
struct Generator {
    dice: Dice,
    next_wamid: usize,
    wamids: Vec<String>,
}

impl Generator {
    fn wamid(&mut self) -> String {
        self.next_wamid += 1;
        format!("wamid.run.{}", self.next_wamid)
    }

    fn earlier(&mut self) -> Option<String> {
        (!self.wamids.is_empty()).then(|| self.dice.pick(&self.wamids).clone())
    }

    fn inbound(&mut self, content: MessageContent, kind: &str) -> InboundRecord {
        let wa_id = self.dice.pick(&CUSTOMERS).to_string();
        let wamid = match self.dice.below(10) {
            0 => self.earlier().unwrap_or_else(|| self.wamid()),
            _ => self.wamid(),
        };
        self.wamids.push(wamid.clone());
        let context = match self.dice.below(5) {
            0 => Some(MessageContext {
                quoted_wamid: self.earlier(),
                forwarded: false,
                frequently_forwarded: false,
                referred_product_id: None,
            }),
            _ => None,
        };
        InboundRecord {
            wamid,
            wa_id,
            user_id: (self.dice.below(4) == 0).then(|| "US.13491208655302741918".to_owned()),
            profile_name: self.dice.pick(&NAMES).map(str::to_owned),
            kind: kind.to_owned(),
            content,
            edited: None,
            context,
            referral: None,
            sent_at: Timestamp(T0 + self.dice.below(60) as i64 * 1_000),
            payload: format!("{{\"n\":{}}}", self.next_wamid),
        }
    }

    fn ordinary(&mut self) -> InboundRecord {
        match self.dice.below(8) {
            0 => self.inbound(
                MessageContent::System {
                    kind: "user_changed_number".into(),
                    body: "changed number".into(),
                    new_wa_id: None,
                },
                "system",
            ),
            _ => {
                let body = *self.dice.pick(&BODIES);
                self.inbound(text(body), "text")
            }
        }
    }

    fn status(&mut self) -> StatusRecord {
        // About a customer's message, an accepted send of the shop's, or a wamid Parley
        // has not seen (a send whose outcome is unknown learns its wamid from it).
        let wamid = match self.dice.below(4) {
            0 => self.earlier().unwrap_or_else(|| self.wamid()),
            1 | 2 => format!("wamid.out.{}", self.dice.below(ACCEPTED_SENDS)),
            _ => self.wamid(),
        };
        let failure = (self.dice.below(6) == 0).then(|| SendFailure::Meta {
            code: 131050,
            title: "marketing stopped".into(),
            details: None,
        });
        let status = match failure {
            Some(_) => "failed",
            None => *self
                .dice
                .pick(&["sent", "delivered", "read", "deleted", "warning"]),
        };
        StatusRecord {
            wamid,
            status: status.into(),
            occurred_at: Timestamp(T0 + self.dice.below(60) as i64 * 1_000),
            recipient_id: Some(self.dice.pick(&CUSTOMERS).to_string()),
            failure,
            payload: "{}".into(),
        }
    }

    fn delivery(&mut self) -> IngestBatch {
        let mut batch = IngestBatch::default();
        match self.dice.below(20) {
            0..=9 => batch.inbound.push(self.ordinary()),
            10 | 11 => {
                batch.inbound.push(self.ordinary());
                batch.inbound.push(self.ordinary());
                batch.statuses.push(self.status());
            }
            12 | 13 => batch.statuses.push(self.status()),
            14 => {
                let target = self.earlier().unwrap_or_else(|| self.wamid());
                batch.inbound.push(self.inbound(
                    MessageContent::Reaction {
                        target_wamid: target,
                        emoji: Some("👍".into()),
                    },
                    "reaction",
                ));
            }
            15 | 16 => {
                // An edit of an earlier message, or of one still to come.
                let original = match self.dice.below(2) {
                    0 => self.earlier().unwrap_or_else(|| self.wamid()),
                    _ => format!("wamid.run.{}", self.next_wamid + 1 + self.dice.below(3)),
                };
                let mut edit = self.inbound(
                    MessageContent::Edit {
                        original_wamid: original,
                    },
                    "edit",
                );
                edit.edited = Some(text("edited text"));
                batch.inbound.push(edit);
            }
            17 => {
                let original = format!("wamid.run.{}", self.next_wamid + 1);
                batch.inbound.push(self.inbound(
                    MessageContent::Revoke {
                        original_wamid: original,
                    },
                    "revoke",
                ));
            }
            _ => {
                batch.inbound.push(self.ordinary());
                batch.statuses.push(self.status());
            }
        }
        batch
    }
}

/// Every row of every table the ingest path writes, as JSON arrays.
async fn dump(conn: &mut SqliteConnection) -> Vec<(String, Vec<String>)> {
    let mut tables = Vec::new();
    for table in [
        "contacts",
        "conversations",
        "messages",
        "message_statuses",
        "reactions",
        "conversation_view_counts",
        "agent_unread_counts",
        "outbox",
        "auto_reply_log",
        "search_messages",
        "search_contacts",
    ] {
        let mut columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                .bind(table)
                .fetch_all(&mut *conn)
                .await
                .expect("columns");
        if table.starts_with("search_") {
            // The indexes' rows are known by their rowid: the message's, the contact's.
            columns.insert(0, "rowid".to_owned());
        }
        assert!(!columns.is_empty(), "{table} has columns");
        // Some tables have no rowid: every row, sorted, whatever the storage order.
        let mut rows: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT json_array({}) FROM {table}",
            columns.join(", ")
        ))
        .fetch_all(&mut *conn)
        .await
        .expect("rows");
        rows.sort_unstable();
        tables.push((table.to_owned(), rows));
    }
    tables
}

/// What the UI is told, with the conversations as a set (their order is not meaningful).
fn told(outcome: &IngestOutcome) -> (Vec<i64>, Vec<i64>, Vec<i64>, usize) {
    let mut conversations: Vec<i64> = outcome.conversations.iter().map(|c| c.0).collect();
    conversations.sort_unstable();
    (
        outcome.new_messages.iter().map(|m| m.0).collect(),
        outcome.updated_messages.iter().map(|m| m.0).collect(),
        conversations,
        outcome.duplicates,
    )
}

/// Rules whose decisions depend on earlier ones about the same contact: the first
/// message of each contact gets the away message, the next ones are answered by keyword
/// or not at all.
fn rules(context: &AutoReplyContext) -> AutoReplyRecord {
    let (verdict, reply) = match context.facts.last_away_at {
        None => (
            Verdict::Away,
            Some(QueuedReply {
                automation: Automation::Away,
                content: text("We are closed until 9:00"),
                payload: "{}".into(),
            }),
        ),
        Some(_) if context.facts.previous_activity_at.is_some() => (Verdict::Keyword, None),
        Some(_) => (Verdict::Greeting, None),
    };
    AutoReplyRecord {
        verdict,
        opt_out: None,
        reply,
        not_sent: None,
    }
}

/// How many of the shop's sends Meta accepted before the deliveries (`wamid.out.N`);
/// the sends to the other customers have an unknown outcome.
const ACCEPTED_SENDS: usize = 4;

/// Each customer wrote once and got an answer: accepted for the first ones, with an
/// unknown outcome for the others.
async fn answered_customers(store: &Store) {
    for (index, wa_id) in CUSTOMERS.iter().enumerate() {
        let at = T0 + index as i64;
        let first = IngestBatch {
            inbound: vec![support::inbound(
                &format!("wamid.first.{index}"),
                wa_id,
                "hi",
                at,
            )],
            ..IngestBatch::default()
        };
        let outcome = store
            .ingest(&first, Timestamp(at))
            .await
            .expect("first message");
        store
            .enqueue(
                &Outbound {
                    conversation_id: outcome.conversations[0],
                    content: &text("How can we help?"),
                    quoting: Quoting::default(),
                    file: None,
                    payload: "{}",
                    sent_by: &SentBy::agent(AgentId(1)),
                },
                Timestamp(at + 10),
            )
            .await
            .expect("answer queued");
        let claimed = store
            .claim_due_sends(Timestamp(at + 20), 1)
            .await
            .expect("claimed");
        let [item] = &claimed[..] else {
            panic!("one send is due: {claimed:?}");
        };
        if index < ACCEPTED_SENDS {
            store
                .record_send_accepted(item, &format!("wamid.out.{index}"), Timestamp(at + 30))
                .await
                .expect("accepted");
        } else {
            store
                .record_send_unknown(item, "the connection dropped", Timestamp(at + 30))
                .await
                .expect("unknown");
        }
    }
}

async fn compare(seed: u64) {
    let (together_dir, together) = store().await;
    let (alone_dir, alone) = store().await;
    answered_customers(&together).await;
    answered_customers(&alone).await;
    let mut generator = Generator {
        dice: Dice(seed),
        next_wamid: 0,
        wamids: Vec::new(),
    };
    let mut clock = T0 + 100_000;
    for group in 0..60 {
        let size = 1 + generator.dice.below(14);
        let batches: Vec<(IngestBatch, Timestamp)> = (0..size)
            .map(|_| {
                clock += 1 + generator.dice.below(3) as i64;
                (generator.delivery(), Timestamp(clock))
            })
            .collect();
        let deliveries: Vec<(&IngestBatch, Timestamp)> =
            batches.iter().map(|(b, at)| (b, *at)).collect();
        let decided_at = Timestamp(clock);
        let written = together
            .ingest_group_deciding(&deliveries, decided_at, rules)
            .await
            .expect("group committed");
        let mut new_messages = Vec::new();
        for (index, ((batch, at), outcome)) in batches.iter().zip(&written.deliveries).enumerate() {
            let expected = alone.ingest(batch, *at).await.expect("delivery stored");
            let outcome = outcome.as_ref().expect("delivery stored in the group");
            assert_eq!(
                told(outcome),
                told(&expected),
                "seed {seed}, group {group}, delivery {index}: {batch:?}"
            );
            new_messages.extend(expected.new_messages);
        }
        // One decision at a time, in order, after the group: what the receiver did
        // before decisions were made in waves.
        assert_eq!(written.decisions.len(), new_messages.len());
        for (decision, message) in written.decisions.iter().zip(new_messages) {
            let expected = alone
                .decide_auto_reply(message, decided_at, rules)
                .await
                .expect("decided");
            let outcome = decision.outcome.as_ref().expect("decided in the group");
            assert_eq!(decision.message, message);
            assert_eq!(
                outcome
                    .as_ref()
                    .map(|o| (o.verdict, o.reply.as_ref().map(|r| r.id))),
                expected
                    .as_ref()
                    .map(|o| (o.verdict, o.reply.as_ref().map(|r| r.id))),
                "seed {seed}, group {group}: the decision about {message}"
            );
        }
    }
    let together_rows = dump(&mut side_connection(&together_dir).await).await;
    let alone_rows = dump(&mut side_connection(&alone_dir).await).await;
    for ((table, rows), (_, expected)) in together_rows.iter().zip(&alone_rows) {
        assert!(
            !expected.is_empty() || table == "reactions" || table.ends_with("counts"),
            "seed {seed}: the random groups write {table}"
        );
        assert_eq!(rows.len(), expected.len(), "seed {seed}: rows of {table}");
        for (row, expected) in rows.iter().zip(expected) {
            assert_eq!(row, expected, "seed {seed}: a row of {table}");
        }
    }
}

#[tokio::test]
async fn groups_leave_what_deliveries_written_alone_leave() {
    for seed in [0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03, 42] {
        compare(seed).await;
    }
}
