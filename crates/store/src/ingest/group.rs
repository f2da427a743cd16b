//! Group commit: several webhook deliveries, and the auto-reply decisions about their new
//! messages, written with one commit. Each commit costs an fsync (synchronous=FULL), and
//! the fsync, not SQLite's work, is what bounds the receiver: one per group instead of one
//! per delivery, and no second one for the decisions.

use parley_core::{MessageId, Timestamp};

use sqlx::SqliteConnection;

use super::run::{self, RunMessage};
use super::statuses::{self, PendingStatus};
use super::{IngestBatch, IngestOutcome, ingest_status, write_delivery};
use crate::auto_replies::{
    AutoReplyContext, AutoReplyOutcome, AutoReplyRecord, decide_all, decide_each_in_savepoints,
};
use crate::{Result, Store, webhook_events};

/// How the caller's auto-reply rules turn a new message's context into a decision.
pub type Decide<'a> = dyn FnMut(&AutoReplyContext) -> AutoReplyRecord + Send + 'a;

/// A group read from the webhook journal ([`crate::Journal`]): how far it reaches, and
/// each delivery's bytes as received.
#[derive(Debug, Clone, Copy)]
pub struct JournalMark<'a> {
    /// The journal id of the group's last delivery, recorded as written in the same
    /// transaction as the group.
    pub through: i64,
    /// Each delivery's body, in the group's order. A delivery that cannot be written is
    /// kept as it came (`webhook_events`, field [`UNWRITTEN_DELIVERY`]), so moving past
    /// it loses nothing.
    pub bodies: &'a [&'a [u8]],
}

/// The `webhook_events` field of a journaled delivery that could not be written.
pub const UNWRITTEN_DELIVERY: &str = "unwritten delivery";

/// What one group commit stored.
#[derive(Debug)]
pub struct GroupWritten {
    /// Each delivery's outcome, in the order given; an error means that delivery alone was
    /// rolled back and the others committed.
    pub deliveries: Vec<Result<IngestOutcome>>,
    /// The auto-reply decision about each new message of the committed deliveries, in
    /// their order (empty when the caller decided nothing).
    pub decisions: Vec<NewMessageDecision>,
}

/// The decision recorded about one new customer message; an error means it alone was
/// left undecided (its message is stored).
#[derive(Debug)]
pub struct NewMessageDecision {
    pub message: MessageId,
    pub outcome: Result<Option<AutoReplyOutcome>>,
}

impl Store {
    /// Stores several deliveries with one commit (one fsync) instead of one each: the
    /// webhook receiver's group commit. Each delivery is written as if alone: one that
    /// fails is rolled back alone and reported in its slot while the others commit. The
    /// outer error means nothing of the group was committed.
    ///
    /// Deliveries are written in the order given, so the outcome is what writing them
    /// one after another would have given (a redelivery later in the group is counted
    /// as a duplicate of the earlier one).
    pub async fn ingest_group(
        &self,
        deliveries: &[(&IngestBatch, Timestamp)],
    ) -> Result<Vec<Result<IngestOutcome>>> {
        Ok(self.write_group(deliveries, None, None).await?.deliveries)
    }

    /// [`Store::ingest_group`], and in the same transaction the auto-reply decision about
    /// every new message, as [`Store::decide_auto_replies`] records it at `decided_at`. A
    /// message is then never stored without its decision, and the group costs one fsync.
    pub async fn ingest_group_deciding<F>(
        &self,
        deliveries: &[(&IngestBatch, Timestamp)],
        decided_at: Timestamp,
        mut decide: F,
    ) -> Result<GroupWritten>
    where
        F: FnMut(&AutoReplyContext) -> AutoReplyRecord + Send,
    {
        self.write_group(deliveries, None, Some((decided_at, &mut decide)))
            .await
    }

    /// Writes a group read from the webhook journal, and in the same transaction that the
    /// journal is written through `mark.through` (see [`Store::journal_projected_through`]):
    /// after a crash the journal's later deliveries, and only those, are written again.
    /// With `decider`, records auto-reply decisions as [`Store::ingest_group_deciding`].
    pub async fn project_journal_group(
        &self,
        deliveries: &[(&IngestBatch, Timestamp)],
        mark: JournalMark<'_>,
        decider: Option<(Timestamp, &mut Decide<'_>)>,
    ) -> Result<GroupWritten> {
        debug_assert_eq!(deliveries.len(), mark.bodies.len());
        self.write_group(deliveries, Some(mark), decider).await
    }

    async fn write_group(
        &self,
        deliveries: &[(&IngestBatch, Timestamp)],
        mark: Option<JournalMark<'_>>,
        mut decider: Option<(Timestamp, &mut Decide<'_>)>,
    ) -> Result<GroupWritten> {
        // Deliveries and decisions almost never fail, and a savepoint costs two more round
        // trips to SQLite's thread each (a fifth of the writer's time in a profile): write
        // the group plainly first, and only when something fails start over with
        // savepoints.
        let mut tx = self.writer.begin().await?;
        let mut written = GroupWritten {
            deliveries: Vec::with_capacity(deliveries.len()),
            decisions: Vec::new(),
        };
        let mut failed = false;
        match write_together(&mut tx, deliveries).await {
            Ok(outcomes) => written.deliveries = outcomes.into_iter().map(Ok).collect(),
            Err(e) => {
                tracing::warn!("writing each delivery of a group alone, one failed: {e}");
                failed = true;
            }
        }
        if !failed && let Some((decided_at, decide)) = decider.as_mut() {
            let messages = new_messages(&written.deliveries);
            match decide_all(&mut tx, &messages, *decided_at, &mut **decide).await {
                Ok(outcomes) => {
                    written.decisions = messages
                        .into_iter()
                        .zip(outcomes)
                        .map(|(message, outcome)| NewMessageDecision {
                            message,
                            outcome: Ok(outcome),
                        })
                        .collect();
                }
                Err(e) => {
                    tracing::warn!("deciding each message of a group alone, one failed: {e}");
                    failed = true;
                }
            }
        }
        if !failed {
            if let Some(mark) = mark {
                record_journal_mark(&mut tx, mark.through).await?;
            }
            tx.commit().await?;
            return Ok(written);
        }
        tx.rollback().await?;
        self.write_group_in_savepoints(deliveries, mark, decider)
            .await
    }

    /// The group written again, each delivery and each decision in its own savepoint: the
    /// one that fails is rolled back alone and reported in its slot.
    async fn write_group_in_savepoints(
        &self,
        deliveries: &[(&IngestBatch, Timestamp)],
        mark: Option<JournalMark<'_>>,
        decider: Option<(Timestamp, &mut Decide<'_>)>,
    ) -> Result<GroupWritten> {
        let mut tx = self.writer.begin().await?;
        let mut written = GroupWritten {
            deliveries: Vec::with_capacity(deliveries.len()),
            decisions: Vec::new(),
        };
        for (index, (batch, now)) in deliveries.iter().enumerate() {
            let mut savepoint = sqlx::Connection::begin(&mut *tx).await?;
            match write_delivery(&mut savepoint, batch, now.0).await {
                Ok(outcome) => {
                    savepoint.commit().await?;
                    written.deliveries.push(Ok(outcome));
                }
                Err(e) => {
                    savepoint.rollback().await?;
                    if let Some(body) = mark.and_then(|mark| mark.bodies.get(index)) {
                        let body = String::from_utf8_lossy(body);
                        webhook_events::insert(&mut tx, UNWRITTEN_DELIVERY, &body, now.0).await?;
                    }
                    written.deliveries.push(Err(e));
                }
            }
        }
        if let Some((decided_at, decide)) = decider {
            let messages = new_messages(&written.deliveries);
            let outcomes =
                decide_each_in_savepoints(&mut tx, &messages, decided_at, &mut *decide).await?;
            written.decisions = messages
                .into_iter()
                .zip(outcomes)
                .map(|(message, outcome)| NewMessageDecision { message, outcome })
                .collect();
        }
        if let Some(mark) = mark {
            record_journal_mark(&mut tx, mark.through).await?;
        }
        tx.commit().await?;
        Ok(written)
    }
}

async fn record_journal_mark(conn: &mut SqliteConnection, through: i64) -> Result<()> {
    sqlx::query(
        "UPDATE webhook_journal_state SET projected_through = ?1
         WHERE id = 1 AND projected_through < ?1",
    )
    .bind(through)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every delivery of the group, in order, with customers' ordinary messages gathered into
/// a run ([`run`]) and delivery statuses into a batch ([`statuses`]), each written with a
/// few statements. The two touch different rows (statuses change outbound messages and
/// the outbox, a run customers' messages, contacts and conversations), so they wait
/// together; anything else, or a status about a message of the run, first writes what
/// waits, so the order of what interacts is kept.
async fn write_together(
    conn: &mut SqliteConnection,
    deliveries: &[(&IngestBatch, Timestamp)],
) -> Result<Vec<IngestOutcome>> {
    let mut outcomes = vec![IngestOutcome::default(); deliveries.len()];
    let mut waiting = Waiting::default();
    for (index, (batch, now)) in deliveries.iter().enumerate() {
        let joins = batch.notices.is_empty()
            && batch.raw_events.is_empty()
            && batch.inbound.iter().all(run::joins_run);
        if !joins {
            waiting.write(conn, &mut outcomes).await?;
            outcomes[index] = write_delivery(conn, batch, now.0).await?;
            continue;
        }
        waiting
            .messages
            .extend(batch.inbound.iter().map(|message| RunMessage {
                delivery: index,
                message,
                now: now.0,
            }));
        for status in &batch.statuses {
            let about_the_run = waiting
                .messages
                .iter()
                .any(|m| m.message.wamid == status.wamid);
            if about_the_run || !statuses::joins_batch(status) {
                waiting.write(conn, &mut outcomes).await?;
                ingest_status(conn, status, now.0, &mut outcomes[index]).await?;
            } else {
                waiting.statuses.push(PendingStatus {
                    delivery: index,
                    status,
                    now: now.0,
                });
            }
        }
    }
    waiting.write(conn, &mut outcomes).await?;
    Ok(outcomes)
}

/// What waits to be written together.
#[derive(Default)]
struct Waiting<'a> {
    messages: Vec<RunMessage<'a>>,
    statuses: Vec<PendingStatus<'a>>,
}

impl Waiting<'_> {
    async fn write(
        &mut self,
        conn: &mut SqliteConnection,
        outcomes: &mut [IngestOutcome],
    ) -> Result<()> {
        // The statuses first: they came before any message of the run they could be about.
        statuses::write_statuses(&mut *conn, &self.statuses, outcomes).await?;
        self.statuses.clear();
        run::write_run(conn, &self.messages, outcomes).await?;
        self.messages.clear();
        Ok(())
    }
}

/// The committed deliveries' new messages, in order.
fn new_messages(deliveries: &[Result<IngestOutcome>]) -> Vec<MessageId> {
    deliveries
        .iter()
        .flatten()
        .flat_map(|outcome| outcome.new_messages.iter().copied())
        .collect()
}
