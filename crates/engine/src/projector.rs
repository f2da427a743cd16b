//! Writes the webhook journal into the inbox, in journal order, several deliveries per
//! transaction: contacts, conversations, messages, statuses, search rows and the
//! auto-reply decisions about the new messages, then tells the UI and the sender.
//!
//! The receiver answers Meta once a delivery is in the journal ([`crate::ingest_queue`]),
//! so a burst is acknowledged at the pace of appends while this catches up behind it. The
//! store records how far the inbox is written in the same transaction as each group; at
//! start this continues from there with what the journal still holds.
//!
//! Deliveries normally arrive here in memory, already parsed. Those that did not (the
//! projector was too far behind to buffer them, or an earlier run stopped first) are read
//! back from the journal and parsed again.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use parley_core::Timestamp;
use parley_store::{AutoReplyContext, GroupWritten, IngestBatch, Journal, JournalMark};
use tokio::sync::{mpsc, watch};

use crate::events::Announcement;
use crate::ingest_queue::{MAX_GROUP, Received};
use crate::{Shared, auto_replies, ingest};

/// Deliveries held in memory for the projector; past this the writer leaves them in the
/// journal only, which bounds memory during a burst the inbox cannot keep up with.
pub(crate) const BUFFERED_DELIVERIES: usize = 16 * MAX_GROUP;

/// The longest pause between attempts to write a group the store refused.
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(30);

/// A delivery committed to the journal, on its way into the inbox.
pub(crate) struct Journaled {
    id: i64,
    body: Bytes,
    batch: IngestBatch,
    received_at: Timestamp,
}

impl Journaled {
    pub(crate) fn new(id: i64, received: Received) -> Self {
        Self {
            id,
            body: received.body,
            batch: received.batch,
            received_at: received.received_at,
        }
    }
}

/// How far the journal is appended and how far the inbox is written from it.
pub(crate) struct JournalProgress {
    appended: watch::Sender<i64>,
    projected: watch::Sender<i64>,
}

impl JournalProgress {
    pub(crate) fn new(appended: i64, projected: i64) -> Self {
        Self {
            appended: watch::Sender::new(appended.max(projected)),
            projected: watch::Sender::new(projected),
        }
    }

    /// The last journal id written into the inbox.
    pub(crate) fn projected(&self) -> i64 {
        *self.projected.borrow()
    }

    /// The last journal id committed.
    pub(crate) fn appended_through(&self) -> i64 {
        *self.appended.borrow()
    }

    pub(crate) fn appended(&self, id: i64) {
        self.appended.send_if_modified(|last| raise(last, id));
    }

    fn mark_projected(&self, id: i64) {
        self.projected.send_if_modified(|last| raise(last, id));
    }

    /// Resolves once everything appended before the call is written into the inbox.
    pub(crate) async fn caught_up(&self) {
        let target = *self.appended.borrow();
        let mut projected = self.projected.subscribe();
        let _ = projected.wait_for(|through| *through >= target).await;
    }
}

fn raise(value: &mut i64, to: i64) -> bool {
    let raised = to > *value;
    if raised {
        *value = to;
    }
    raised
}

/// Runs until `incoming` is closed (the receiver's writer has stopped) and everything the
/// journal holds is written, or until `stop` while the store refuses a group (the journal
/// keeps it for the next start).
pub(crate) async fn run(
    shared: Arc<Shared>,
    journal: Journal,
    progress: Arc<JournalProgress>,
    mut incoming: mpsc::Receiver<Journaled>,
    mut stop: watch::Receiver<bool>,
) {
    let mut next = progress.projected() + 1;
    let mut buffered: VecDeque<Journaled> = VecDeque::new();
    let mut open = true;
    let mut rules = auto_replies::RulesCache::default();
    let mut pause = Duration::from_millis(100);
    loop {
        // The writer raises this before it hands deliveries over, and hands none over
        // while the buffer is full: read after the buffer is worked off, it covers every
        // delivery that was left out.
        let mut known_last = progress.appended_through();
        if buffered.is_empty() && next > known_last {
            if !open {
                break;
            }
            let mut arrived = Vec::with_capacity(MAX_GROUP);
            if incoming.recv_many(&mut arrived, MAX_GROUP).await == 0 {
                open = false;
                continue;
            }
            buffered.extend(arrived);
        }
        while open && buffered.len() < MAX_GROUP {
            match incoming.try_recv() {
                Ok(delivery) => buffered.push_back(delivery),
                Err(mpsc::error::TryRecvError::Empty) => break,
                Err(mpsc::error::TryRecvError::Disconnected) => open = false,
            }
        }
        if let Some(last) = buffered.back() {
            known_last = known_last.max(last.id);
        }
        while buffered.front().is_some_and(|d| d.id < next) {
            buffered.pop_front();
        }
        let group = match buffered.front() {
            Some(first) if first.id == next => take_consecutive(&mut buffered),
            first => {
                let before = first.map_or(known_last + 1, |d| d.id);
                match read_back(&shared, &journal, next, before).await {
                    Ok(read) if read.is_empty() => {
                        // Ids the journal never handed out (an append that failed).
                        next = before;
                        continue;
                    }
                    Ok(read) => read,
                    Err(e) => {
                        tracing::error!("could not read the webhook journal: {e}");
                        if wait_or_stop(&mut stop, &mut pause).await {
                            break;
                        }
                        continue;
                    }
                }
            }
        };
        let Some(through) = group.last().map(|d| d.id) else {
            continue;
        };
        match project(&shared, &mut rules, &group, through).await {
            Ok(written) => {
                pause = Duration::from_millis(100);
                next = through + 1;
                progress.mark_projected(through);
                announce(&shared, &written);
            }
            Err(e) => {
                tracing::error!(
                    deliveries = group.len(),
                    "webhook deliveries not written into the inbox, trying again: {e}"
                );
                // The group goes back to wait for the next attempt.
                for delivery in group.into_iter().rev() {
                    buffered.push_front(delivery);
                }
                if wait_or_stop(&mut stop, &mut pause).await {
                    break;
                }
            }
        }
    }
}

/// The buffered deliveries from the front whose ids follow each other, up to a group.
fn take_consecutive(buffered: &mut VecDeque<Journaled>) -> Vec<Journaled> {
    let mut group: Vec<Journaled> = Vec::with_capacity(MAX_GROUP);
    while group.len() < MAX_GROUP
        && let Some(front) = buffered.front()
        && group.last().is_none_or(|last| front.id == last.id + 1)
    {
        group.extend(buffered.pop_front());
    }
    group
}

/// Up to a group of the journal's deliveries from `from`, before `before`, parsed again.
async fn read_back(
    shared: &Shared,
    journal: &Journal,
    from: i64,
    before: i64,
) -> Result<Vec<Journaled>, parley_store::StoreError> {
    let wanted = usize::try_from(before - from).unwrap_or(0).min(MAX_GROUP);
    let read = journal.read_from(from, wanted).await?;
    Ok(read
        .into_iter()
        .filter(|d| d.id < before)
        .map(|d| {
            let batch =
                ingest::batch_from_body(&d.body, &shared.account.phone_number_id, d.received_at);
            Journaled {
                id: d.id,
                body: Bytes::from(d.body),
                batch,
                received_at: d.received_at,
            }
        })
        .collect())
}

async fn project(
    shared: &Shared,
    rules: &mut auto_replies::RulesCache,
    group: &[Journaled],
    through: i64,
) -> Result<GroupWritten, parley_store::StoreError> {
    let deliveries: Vec<(&IngestBatch, Timestamp)> =
        group.iter().map(|d| (&d.batch, d.received_at)).collect();
    let bodies: Vec<&[u8]> = group.iter().map(|d| d.body.as_ref()).collect();
    let mark = JournalMark {
        through,
        bodies: &bodies,
    };
    let written = match rules.decider(shared).await {
        Some(decider) => {
            let mut plan = |context: &AutoReplyContext| decider.plan(context);
            shared
                .store
                .project_journal_group(&deliveries, mark, Some((decider.at(), &mut plan)))
                .await?
        }
        None => {
            shared
                .store
                .project_journal_group(&deliveries, mark, None)
                .await?
        }
    };
    for (delivery, outcome) in group.iter().zip(&written.deliveries) {
        if let Err(e) = outcome {
            // Kept as received in `webhook_events` by the store, for a later version.
            tracing::error!(
                journal_id = delivery.id,
                "webhook delivery kept unwritten: {e}"
            );
        }
    }
    Ok(written)
}

/// Waits before another attempt; true when the engine is stopping instead.
async fn wait_or_stop(stop: &mut watch::Receiver<bool>, pause: &mut Duration) -> bool {
    let waited = *pause;
    *pause = (*pause * 2).min(MAX_RETRY_PAUSE);
    tokio::select! {
        () = tokio::time::sleep(waited) => false,
        _ = stop.wait_for(|stopping| *stopping) => true,
    }
}

/// Tells the UI what the written deliveries changed and the sender about the replies
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
