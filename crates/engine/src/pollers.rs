//! What Parley asks Meta for on a schedule, since no webhook delivers it reliably: the
//! template list, and the delivery state of recent sends that never got a status (a
//! missed webhook). Each run is recorded, so the UI can show "last synced" and errors.

use std::sync::Arc;
use std::time::Duration;

use parley_core::Timestamp;
use parley_core::meta_error::SendFailure;
use parley_core::time::{DAY_MS, MINUTE_MS};
use parley_store::{IngestBatch, ListedTemplate, StatusRecord};
use tokio::sync::watch;

use crate::events::Announcement;
use crate::{Shared, now};

pub(crate) const TEMPLATES: &str = "templates";
pub(crate) const STATUS_AUDIT: &str = "statusAudit";

/// Most pages of templates read in one sync (100 each).
const MAX_TEMPLATE_PAGES: usize = 50;
/// A send is audited once it has waited this long without a delivery report.
const AUDIT_AFTER_MS: i64 = 10 * MINUTE_MS;
const AUDIT_BATCH: u32 = 50;

/// Records a poller's run and tells listeners.
pub(crate) async fn record(shared: &Shared, name: &str, error: Option<String>) {
    let at = now();
    if let Err(e) = shared.store.record_sync(name, error.as_deref(), at).await {
        tracing::error!("could not record the {name} sync: {e}");
        return;
    }
    if let Ok(states) = shared.store.sync_states().await
        && let Some(state) = states.into_iter().find(|s| s.name == name)
    {
        shared.announce(Announcement::Sync(state));
    }
}

/// Sleeps `minutes` unless shutting down; `false` means stop.
pub(crate) async fn pause(minutes: u32, shutdown: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(Duration::from_secs(u64::from(minutes) * 60)) => !*shutdown.borrow(),
        _ = shutdown.changed() => false,
    }
}

pub(crate) async fn templates(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let error = sync_templates(&shared).await.err();
        if let Some(error) = &error {
            tracing::warn!("template sync failed: {error}");
        }
        record(&shared, TEMPLATES, error).await;
        let minutes = shared.preferences.read().await.template_sync_minutes;
        if !pause(minutes, &mut shutdown).await {
            return;
        }
    }
}

pub(crate) async fn sync_templates(shared: &Shared) -> Result<(), String> {
    // A status is as recent as the request that read it: one the webhook reports later
    // is not overwritten by this read.
    let requested_at = now();
    let mut templates = Vec::new();
    let mut after: Option<String> = None;
    // Only a list read to its last page says which templates Meta no longer has.
    let mut complete = false;
    for _ in 0..MAX_TEMPLATE_PAGES {
        let page = shared
            .client
            .list_templates(&shared.account.waba_id, after.as_deref())
            .await
            .map_err(|e| e.to_string())?;
        let more = !page.data.is_empty() && page.paging.as_ref().is_some_and(|p| p.next.is_some());
        after = page.paging.and_then(|p| p.cursors).and_then(|c| c.after);
        templates.extend(page.data.into_iter().map(|t| ListedTemplate {
            id: t.id,
            name: t.name,
            language: t.language,
            status: t.status,
            category: t.category,
            quality: t.quality_score.and_then(|q| q.score),
            rejection_reason: t.rejected_reason.filter(|r| r != "NONE"),
            parameter_format: t.parameter_format,
            components: (!t.components.is_null()).then(|| t.components.to_string()),
        }));
        if !more {
            complete = true;
            break;
        }
        if after.is_none() {
            break;
        }
    }
    let changes = if complete {
        shared
            .store
            .sync_template_list(&templates, requested_at)
            .await
    } else {
        tracing::warn!(
            "the template list was not read to its end (more than {MAX_TEMPLATE_PAGES} pages, or no cursor to the next): templates missing from it are not marked deleted"
        );
        shared.store.upsert_templates(&templates, requested_at).await
    }
    .map_err(|e| e.to_string())?;
    for change in changes {
        shared.announce(Announcement::TemplateStatusChanged(change));
    }
    shared.announce(Announcement::TemplatesChanged);
    Ok(())
}

pub(crate) async fn status_audit(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let minutes = shared.preferences.read().await.status_audit_minutes;
        if !pause(minutes, &mut shutdown).await {
            return;
        }
        let error = audit(&shared, now()).await.err();
        if let Some(error) = &error {
            tracing::warn!("delivery audit failed: {error}");
        }
        record(&shared, STATUS_AUDIT, error).await;
    }
}

/// Asks `message_history` about recent sends still without a delivery report, and feeds
/// what it says through the same path as status webhooks (deduplicated, forward only).
pub(crate) async fn audit(shared: &Shared, at: Timestamp) -> Result<usize, String> {
    let candidates = shared
        .store
        .messages_awaiting_statuses(
            at.plus_millis(-DAY_MS),
            at.plus_millis(-AUDIT_AFTER_MS),
            AUDIT_BATCH,
        )
        .await
        .map_err(|e| e.to_string())?;
    let mut batch = IngestBatch::default();
    for (_, wamid) in candidates {
        let entries = shared
            .client
            .message_history(&shared.account.phone_number_id, &wamid)
            .await
            .map_err(|e| e.to_string())?;
        for event in entries
            .into_iter()
            .filter(|e| e.message_id == wamid)
            .flat_map(|e| e.events.map(|events| events.data).unwrap_or_default())
        {
            let status = event.delivery_status.to_ascii_lowercase();
            let failure = (status == "failed").then(|| SendFailure::Meta {
                code: 0,
                title: event
                    .error_description
                    .clone()
                    .unwrap_or_else(|| "Meta reported the message as failed".to_owned()),
                details: None,
            });
            batch.statuses.push(StatusRecord {
                wamid: wamid.clone(),
                status,
                occurred_at: event.timestamp.map_or(at, Timestamp::from_unix_seconds),
                recipient_id: None,
                failure,
                payload: serde_json::to_string(&event).unwrap_or_default(),
            });
        }
    }
    let found = batch.statuses.len();
    if found > 0 {
        let outcome = shared
            .store
            .ingest(&batch, at)
            .await
            .map_err(|e| e.to_string())?;
        shared.announce(Announcement::Ingested(outcome));
    }
    Ok(found)
}
