//! Group commit for webhook deliveries. Every delivery must be durable (synchronous=FULL)
//! before its 200, and one fsync per delivery caps the receiver at the disk's flush rate.
//! Concurrent deliveries therefore queue to one writer that takes everything pending (up
//! to [`MAX_GROUP`]), writes it in one transaction with a savepoint per delivery, commits
//! once and then answers each waiter. A lone delivery is written at once: the writer never
//! waits for company, deliveries group only while a commit is already in flight.
//!
//! The auto-reply decisions about the group's new messages are recorded in the same
//! transaction (one fsync for both); after the commit the writer announces what changed
//! and answers the waiters.

use std::sync::Arc;

use parley_core::Timestamp;
use parley_store::{GroupWritten, IngestBatch, IngestOutcome, StoreError};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::events::Announcement;
use crate::{Shared, auto_replies};

/// The most deliveries written with one commit; bounds the time the writer holds the
/// database and the latency of the group's first delivery.
pub(crate) const MAX_GROUP: usize = 256;

/// Deliveries waiting for the writer before handlers wait to queue theirs.
const QUEUE_CAPACITY: usize = 4 * MAX_GROUP;

#[derive(Debug, thiserror::Error)]
pub(crate) enum IngestError {
    /// This delivery could not be written; the rest of its group was committed.
    #[error("{0}")]
    Delivery(StoreError),
    /// The group's transaction failed, so nothing of it was stored.
    #[error("the deliveries written with this one were not committed: {0}")]
    Group(Arc<StoreError>),
    #[error("the webhook writer has stopped")]
    Stopped,
}

struct Pending {
    batch: IngestBatch,
    received_at: Timestamp,
    reply: oneshot::Sender<Result<IngestOutcome, IngestError>>,
}

/// Where the receiver's handlers hand deliveries to the writer. The writer stops once
/// every handle is dropped and the queue is drained.
#[derive(Clone)]
pub(crate) struct IngestQueue {
    queue: mpsc::Sender<Pending>,
}

impl IngestQueue {
    pub(crate) fn start(shared: Arc<Shared>) -> (Self, JoinHandle<()>) {
        let (queue, pending) = mpsc::channel(QUEUE_CAPACITY);
        let writer = tokio::spawn(write_groups(shared, pending));
        (Self { queue }, writer)
    }

    /// Resolves once the delivery is committed (or known not to be).
    pub(crate) async fn ingest(
        &self,
        batch: IngestBatch,
        received_at: Timestamp,
    ) -> Result<IngestOutcome, IngestError> {
        let (reply, answer) = oneshot::channel();
        let pending = Pending {
            batch,
            received_at,
            reply,
        };
        self.queue
            .send(pending)
            .await
            .map_err(|_| IngestError::Stopped)?;
        answer.await.map_err(|_| IngestError::Stopped)?
    }
}

async fn write_groups(shared: Arc<Shared>, mut queue: mpsc::Receiver<Pending>) {
    let mut group: Vec<Pending> = Vec::with_capacity(MAX_GROUP);
    let mut rules = auto_replies::RulesCache::default();
    // `recv_many` returns as soon as one delivery is there, with whatever else queued
    // meanwhile: no timer holds a lone delivery back.
    while queue.recv_many(&mut group, MAX_GROUP).await > 0 {
        let deliveries: Vec<(&IngestBatch, Timestamp)> =
            group.iter().map(|p| (&p.batch, p.received_at)).collect();
        let written = match rules.decider(&shared).await {
            Some(decider) => {
                shared
                    .store
                    .ingest_group_deciding(&deliveries, decider.at(), |context| {
                        decider.plan(context)
                    })
                    .await
            }
            None => shared
                .store
                .ingest_group(&deliveries)
                .await
                .map(|deliveries| GroupWritten {
                    deliveries,
                    decisions: Vec::new(),
                }),
        };
        drop(deliveries);
        match written {
            Ok(written) => {
                announce(&shared, &written);
                for (pending, outcome) in group.drain(..).zip(written.deliveries) {
                    // A handler that gave up (its client went away) no longer listens;
                    // its delivery is stored and Meta's retry will be a duplicate.
                    let _ = pending.reply.send(outcome.map_err(IngestError::Delivery));
                }
            }
            Err(e) => {
                tracing::error!(deliveries = group.len(), "webhook group not committed: {e}");
                let e = Arc::new(e);
                for pending in group.drain(..) {
                    let _ = pending.reply.send(Err(IngestError::Group(e.clone())));
                }
            }
        }
    }
}

/// Tells the UI what the committed deliveries changed and the sender about the replies
/// their new messages got.
fn announce(shared: &Shared, written: &GroupWritten) {
    let mut media_to_fetch = false;
    for outcome in written.deliveries.iter().flatten() {
        tracing::debug!(
            new = outcome.new_messages.len(),
            updated = outcome.updated_messages.len(),
            duplicates = outcome.duplicates,
            "webhook stored"
        );
        media_to_fetch |= outcome.media_to_fetch > 0;
        shared.announce(Announcement::Ingested(outcome.clone()));
    }
    if media_to_fetch {
        shared.wake_media.notify_one();
    }
    auto_replies::announce_decisions(shared, &written.decisions);
}
