//! Meta's resumable upload, as template examples use it: a session of a declared
//! length, bytes posted at an offset (so an interrupted upload resumes), and a file
//! handle once every byte has arrived.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::ids;

struct Session {
    length: u64,
    mime: String,
    bytes: Vec<u8>,
}

#[derive(Default)]
struct Inner {
    sessions: HashMap<String, Session>,
    /// Finished uploads by handle: the file's type and bytes.
    files: HashMap<String, (String, Vec<u8>)>,
}

#[derive(Default)]
pub(crate) struct Uploads {
    inner: Mutex<Inner>,
}

/// What a write into a session achieved.
pub(crate) enum Written {
    /// More bytes are expected from this offset.
    Partial { offset: u64 },
    /// The file is complete: its handle.
    Complete { handle: String },
}

impl Uploads {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens a session for `length` bytes of type `mime`; returns its id (`upload:...`).
    pub(crate) fn open(&self, _file_name: String, length: u64, mime: String) -> String {
        let id = format!("upload:{}", STANDARD.encode(ids::conversation_id()));
        self.lock().sessions.insert(
            id.clone(),
            Session {
                length,
                mime,
                bytes: Vec::new(),
            },
        );
        id
    }

    /// Writes `bytes` at `offset` into `session`.
    pub(crate) fn write(
        &self,
        session: &str,
        offset: u64,
        bytes: &[u8],
    ) -> Result<Written, String> {
        let mut inner = self.lock();
        let open = inner
            .sessions
            .get_mut(session)
            .ok_or_else(|| format!("Upload session {session} does not exist"))?;
        if offset != open.bytes.len() as u64 {
            return Err(format!(
                "file_offset {offset} does not match the {} bytes received so far",
                open.bytes.len()
            ));
        }
        if open.bytes.len() as u64 + bytes.len() as u64 > open.length {
            return Err(format!(
                "The upload is longer than the declared file_length {}",
                open.length
            ));
        }
        open.bytes.extend_from_slice(bytes);
        if (open.bytes.len() as u64) < open.length {
            return Ok(Written::Partial {
                offset: open.bytes.len() as u64,
            });
        }
        let Some(done) = inner.sessions.remove(session) else {
            return Err(format!("Upload session {session} does not exist"));
        };
        let handle = format!(
            "4::{}:{}",
            STANDARD.encode(&done.mime),
            STANDARD.encode(ids::conversation_id())
        );
        inner.files.insert(handle.clone(), (done.mime, done.bytes));
        Ok(Written::Complete { handle })
    }

    /// The bytes behind a handle.
    pub(crate) fn file(&self, handle: &str) -> Option<Vec<u8>> {
        self.lock()
            .files
            .get(handle)
            .map(|(_, bytes)| bytes.clone())
    }
}
