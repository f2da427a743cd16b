//! Media the simulator holds: uploaded by the business, or sent by scripted customers.
//! Downloads go through short-lived tickets, as Meta's media URLs expire after minutes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::ids;

/// How long a download URL stays valid (Meta: about five minutes).
pub(crate) const URL_LIFETIME: Duration = Duration::from_secs(5 * 60);

#[derive(Clone)]
pub(crate) struct StoredMedia {
    pub bytes: Arc<Vec<u8>>,
    pub mime_type: String,
    pub sha256: [u8; 32],
}

impl StoredMedia {
    /// As webhooks carry it: base64.
    pub fn sha256_base64(&self) -> String {
        STANDARD.encode(self.sha256)
    }
}

#[derive(Default)]
struct Inner {
    media: HashMap<String, StoredMedia>,
    tickets: HashMap<String, (String, Instant)>,
}

#[derive(Default)]
pub(crate) struct MediaStore {
    inner: Mutex<Inner>,
}

impl MediaStore {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps `bytes` and returns its new media id.
    pub(crate) fn put(&self, bytes: Vec<u8>, mime_type: &str) -> String {
        let id = ids::media_id();
        let sha256 = Sha256::digest(&bytes).into();
        self.lock().media.insert(
            id.clone(),
            StoredMedia {
                bytes: Arc::new(bytes),
                mime_type: mime_type.to_owned(),
                sha256,
            },
        );
        id
    }

    pub(crate) fn get(&self, id: &str) -> Option<StoredMedia> {
        self.lock().media.get(id).cloned()
    }

    /// A ticket for downloading `id` in the next few minutes.
    pub(crate) fn ticket(&self, id: &str) -> String {
        let ticket = ids::fbtrace_id();
        self.lock().tickets.insert(
            ticket.clone(),
            (id.to_owned(), Instant::now() + URL_LIFETIME),
        );
        ticket
    }

    /// The media a ticket opens, if the ticket is for it and still valid.
    pub(crate) fn redeem(&self, id: &str, ticket: &str) -> Option<StoredMedia> {
        let mut inner = self.lock();
        let valid = inner
            .tickets
            .get(ticket)
            .is_some_and(|(for_id, until)| for_id == id && Instant::now() < *until);
        inner
            .tickets
            .retain(|_, (_, until)| Instant::now() < *until);
        if valid {
            inner.media.get(id).cloned()
        } else {
            None
        }
    }
}
