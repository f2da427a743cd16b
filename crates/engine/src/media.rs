//! Fetches the files of inbound media messages into the data directory: `GET
//! /{media_id}` for a short-lived URL, then the file itself with the token, streamed to a
//! temporary name, checked against its SHA-256 and only then renamed into place.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use parley_core::media::extension_for_mime;
use parley_store::MediaDownload;
use parley_whatsapp::ApiError;
use parley_whatsapp::client::{DownloadError, sha256_matches};
use tokio::sync::watch;

use crate::events::Announcement;
use crate::{Shared, now};

/// The Cloud API's largest inbound media (documents).
const MAX_INBOUND_BYTES: u64 = 100 * 1024 * 1024;
const MAX_ATTEMPTS: i64 = 6;
const FIRST_BACKOFF_MS: i64 = 5_000;
const MAX_BACKOFF_MS: i64 = 10 * 60 * 1_000;
const IDLE_POLL: Duration = Duration::from_secs(5);

pub(crate) async fn run(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    while !*shutdown.borrow() {
        let due = shared
            .store
            .due_media_downloads(now(), 8)
            .await
            .unwrap_or_else(|e| {
                tracing::error!("could not read pending media: {e}");
                Vec::new()
            });
        let idle = due.is_empty();
        for download in due {
            fetch_and_record(&shared, download).await;
        }
        if !idle {
            continue;
        }
        let wait = match shared.store.next_media_download_at().await {
            Ok(Some(due)) => Duration::from_millis(
                due.millis_since(now())
                    .clamp(0, IDLE_POLL.as_millis() as i64) as u64,
            ),
            _ => IDLE_POLL,
        };
        tokio::select! {
            _ = shared.wake_media.notified() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Why a download did not produce a file, and whether trying again could help.
struct Failure {
    error: String,
    retry: bool,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        let retry = match &error {
            ApiError::Unreachable(_) | ApiError::NoAnswer(_) => true,
            ApiError::Graph { http_status, .. } | ApiError::Unexpected { http_status, .. } => {
                *http_status >= 500 || *http_status == 429
            }
        };
        Self {
            error: error.to_string(),
            retry,
        }
    }
}

impl From<DownloadError> for Failure {
    fn from(error: DownloadError) -> Self {
        match error {
            DownloadError::Api(e) => e.into(),
            DownloadError::TooLarge { .. } => Self {
                error: error.to_string(),
                retry: false,
            },
            // A full disk may have room later.
            DownloadError::Io(_) => Self {
                error: error.to_string(),
                retry: true,
            },
        }
    }
}

async fn fetch_and_record(shared: &Shared, download: MediaDownload) {
    let at = now();
    let recorded = match fetch(shared, &download).await {
        Ok((path, mime, size)) => {
            shared
                .store
                .record_media_ready(
                    download.message_id,
                    &path.to_string_lossy(),
                    &mime,
                    size,
                    at,
                )
                .await
        }
        Err(failure) => {
            let attempts = download.attempts + 1;
            let retry_at = (failure.retry && attempts < MAX_ATTEMPTS).then(|| {
                let exponent = (attempts - 1).clamp(0, 16);
                at.plus_millis((FIRST_BACKOFF_MS << exponent).min(MAX_BACKOFF_MS))
            });
            tracing::warn!(
                message = %download.message_id,
                attempts,
                retrying = retry_at.is_some(),
                "media download failed: {}",
                failure.error
            );
            shared
                .store
                .record_media_failure(download.message_id, &failure.error, retry_at, at)
                .await
        }
    };
    if let Err(e) = recorded {
        tracing::error!(message = %download.message_id, "could not record a media download: {e}");
    }
    shared.announce(Announcement::MessageUpdated(download.message_id));
}

async fn fetch(
    shared: &Shared,
    download: &MediaDownload,
) -> Result<(PathBuf, String, i64), Failure> {
    let info = shared.client.media_info(&download.media_id).await?;
    let mime = info
        .mime_type
        .clone()
        .or_else(|| download.mime_type.clone())
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let dir = shared.media_dir.join("inbound");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(DownloadError::from)?;
    let name = format!("{}.{}", download.message_id, extension_for_mime(&mime));
    let target = dir.join(&name);
    let partial = dir.join(format!("{name}.part"));
    let downloaded = shared
        .client
        .download_media(&info.url, &partial, MAX_INBOUND_BYTES)
        .await?;
    let expected = download
        .expected_sha256
        .as_deref()
        .or(info.sha256.as_deref());
    if let Some(expected) = expected
        && !sha256_matches(expected, &downloaded.sha256)
    {
        let _ = tokio::fs::remove_file(&partial).await;
        // A download damaged on the way may arrive whole next time.
        return Err(Failure {
            error: "the file does not match the checksum WhatsApp gave for it".to_owned(),
            retry: true,
        });
    }
    tokio::fs::rename(&partial, &target)
        .await
        .map_err(DownloadError::from)?;
    Ok((target, mime, downloaded.size as i64))
}
