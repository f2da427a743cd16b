//! Group commit of webhook deliveries into the journal ([`parley_store::Journal`]). Every
//! delivery must be durable (synchronous=FULL) before its 200, and one fsync per delivery
//! caps the receiver at the disk's flush rate. Concurrent deliveries therefore queue to
//! one writer that takes everything pending (up to [`MAX_GROUP`]), appends it with one
//! commit and then answers each waiter. A lone delivery is written at once: the writer
//! never waits for company, deliveries group only while a commit is already in flight.
//!
//! After the commit each delivery goes on to the [`crate::projector`], which writes it into
//! the inbox; the journal keeps it until the inbox has it.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use parley_core::Timestamp;
use parley_store::{IngestBatch, Journal, StoreError};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::projector::{JournalProgress, Journaled};

/// The most deliveries appended with one commit; bounds the latency of the group's first.
pub(crate) const MAX_GROUP: usize = 256;

/// How long the writer waits for deliveries before it drops, on its own, what the inbox
/// already holds: customers' messages should not stay in a second file once traffic stops.
const IDLE_TRIM_AFTER: Duration = Duration::from_secs(1);

/// Deliveries waiting for the writer before handlers wait to queue theirs.
const QUEUE_CAPACITY: usize = 4 * MAX_GROUP;

#[derive(Debug, thiserror::Error)]
pub(crate) enum IngestError {
    /// The group's transaction failed, so nothing of it was stored.
    #[error("the delivery was not committed: {0}")]
    Group(Arc<StoreError>),
    #[error("the webhook writer has stopped")]
    Stopped,
}

/// A verified delivery: its bytes as received, what they say, and when they came.
pub(crate) struct Received {
    pub body: Bytes,
    pub batch: IngestBatch,
    pub received_at: Timestamp,
}

struct Pending {
    received: Received,
    reply: oneshot::Sender<Result<(), IngestError>>,
}

/// Where the receiver's handlers hand deliveries to the writer. The writer stops once
/// every handle is dropped and the queue is drained.
#[derive(Clone)]
pub(crate) struct IngestQueue {
    queue: mpsc::Sender<Pending>,
}

impl IngestQueue {
    /// `projector` gets every committed delivery, in journal order, while it has room;
    /// what it has no room for it reads back from the journal.
    pub(crate) fn start(
        journal: Journal,
        progress: Arc<JournalProgress>,
        projector: mpsc::Sender<Journaled>,
    ) -> (Self, JoinHandle<()>) {
        let (queue, pending) = mpsc::channel(QUEUE_CAPACITY);
        let writer = tokio::spawn(append_groups(journal, progress, projector, pending));
        (Self { queue }, writer)
    }

    /// Resolves once the delivery is committed to the journal (or known not to be).
    pub(crate) async fn ingest(&self, received: Received) -> Result<(), IngestError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Pending { received, reply })
            .await
            .map_err(|_| IngestError::Stopped)?;
        answer.await.map_err(|_| IngestError::Stopped)?
    }
}

async fn append_groups(
    journal: Journal,
    progress: Arc<JournalProgress>,
    projector: mpsc::Sender<Journaled>,
    mut queue: mpsc::Receiver<Pending>,
) {
    let mut group: Vec<Pending> = Vec::with_capacity(MAX_GROUP);
    let mut trimmed = progress.projected();
    loop {
        // `recv_many` returns as soon as one delivery is there, with whatever else queued
        // meanwhile: no timer holds a lone delivery back.
        let received = if progress.appended_through() > trimmed {
            tokio::select! {
                received = queue.recv_many(&mut group, MAX_GROUP) => received,
                () = tokio::time::sleep(IDLE_TRIM_AFTER) => {
                    trimmed = trim_idle(&journal, &progress, trimmed).await;
                    continue;
                }
            }
        } else {
            queue.recv_many(&mut group, MAX_GROUP).await
        };
        if received == 0 {
            break;
        }
        let projected = progress.projected();
        let trim = (projected > trimmed).then_some(projected);
        let bodies: Vec<(&[u8], Timestamp)> = group
            .iter()
            .map(|p| (p.received.body.as_ref(), p.received.received_at))
            .collect();
        let appended = journal.append(&bodies, trim).await;
        drop(bodies);
        match appended {
            Ok(ids) => {
                trimmed = trim.unwrap_or(trimmed);
                if let Some(last) = ids.last() {
                    progress.appended(*last);
                }
                for (pending, id) in group.drain(..).zip(ids) {
                    let Pending { received, reply } = pending;
                    // Full: the projector is behind and reads this one from the journal.
                    // Closed: the engine is stopping; the next start writes it.
                    let _ = projector.try_send(Journaled::new(id, received));
                    // A handler that gave up (its client went away) no longer listens;
                    // its delivery is stored and Meta's retry will be a duplicate.
                    let _ = reply.send(Ok(()));
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

/// Drops what the inbox holds while no delivery comes; returns how far the journal is
/// trimmed. A failure is only logged: the next append or start trims again.
async fn trim_idle(journal: &Journal, progress: &JournalProgress, trimmed: i64) -> i64 {
    let projected = progress.projected();
    if projected <= trimmed {
        return trimmed;
    }
    match journal.trim(projected).await {
        Ok(()) => projected,
        Err(e) => {
            tracing::warn!("could not drop written deliveries from the webhook journal: {e}");
            trimmed
        }
    }
}
