//! Every status the simulator decided for a sent message, delivered by webhook or not:
//! what `GET /{phone_number_id}/message_history` answers from.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub(crate) struct History {
    events: Mutex<HashMap<String, Vec<(String, i64)>>>,
}

impl History {
    pub(crate) fn record(&self, wamid: &str, status: &str, at_seconds: i64) {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(wamid.to_owned())
            .or_default()
            .push((status.to_owned(), at_seconds));
    }

    pub(crate) fn of(&self, wamid: &str) -> Option<Vec<(String, i64)>> {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(wamid)
            .cloned()
    }
}
