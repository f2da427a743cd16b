//! Meta's errors on cue, so the app's handling of each can be shown and tested.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::Deserialize;

/// What goes wrong with the next sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(
    tag = "fault",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Fault {
    /// Refused at once with this Graph error code: 130429 throughput, 131056 pair rate
    /// limit, 190 expired token, 131000 (a 500), or any other.
    Refuse { code: i64 },
    /// Accepted, then failed by webhook with this code: 131047 window closed, 131026
    /// undeliverable, 131049 marketing limit, ...
    FailLater { code: i64 },
    /// Accepted and delivered, but the status webhooks are lost on the way; only
    /// `message_history` knows what happened.
    LoseStatuses,
    /// Processed as usual, but the answer comes only after this delay (longer than the
    /// client waits: the sender cannot know whether the message went out).
    AnswerLate { delay_ms: u64 },
}

#[derive(Default)]
pub(crate) struct Faults {
    queue: Mutex<VecDeque<Fault>>,
}

impl Faults {
    pub(crate) fn inject(&self, fault: Fault, times: u32) {
        let mut queue = self.queue.lock().unwrap_or_else(|p| p.into_inner());
        queue.extend(std::iter::repeat_n(fault, times as usize));
    }

    /// The fault for the next send, if one is queued.
    pub(crate) fn next(&self) -> Option<Fault> {
        self.queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
    }
}
