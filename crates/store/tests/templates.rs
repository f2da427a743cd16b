//! Templates in the store: drafts, submissions and edits, and statuses reported by both
//! the webhook and the template list (whichever comes first wins; never backwards).

use parley_core::Timestamp;
use parley_core::notice::AccountNotice;
use parley_core::template::TemplateDefinition;
use parley_store::{
    IngestBatch, IngestOutcome, ListedTemplate, NoticeRecord, Store, StoreError,
    TEMPLATE_EDIT_WINDOW_MS, TemplateEventKind, TemplateSource,
};

const T0: i64 = 1_750_000_000_000;
const SECOND: i64 = 1_000;
const ID: &str = "1234567890";

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    (dir, store)
}

fn definition(name: &str, body: &str) -> TemplateDefinition {
    serde_json::from_value(serde_json::json!({
        "name": name,
        "language": "en_US",
        "category": "UTILITY",
        "parameter_format": "NAMED",
        "components": [
            {"type": "BODY", "text": body,
             "example": {"body_text_named_params": [{"param_name": "order", "example": "A-1"}]}},
            {"type": "FOOTER", "text": "Parley shop"}
        ]
    }))
    .expect("template JSON")
}

fn webhook_status(status: &str, at: i64) -> NoticeRecord {
    NoticeRecord {
        field: "message_template_status_update".into(),
        notice: AccountNotice::TemplateStatus {
            template_id: Some(ID.into()),
            name: Some("order_ready".into()),
            language: Some("en_US".into()),
            status: status.into(),
            reason: (status == "REJECTED").then(|| "PROMOTIONAL".into()),
            recommendation: (status == "REJECTED").then(|| "Choose MARKETING".into()),
        },
        occurred_at: Timestamp(at),
        payload: "{}".into(),
    }
}

async fn deliver(store: &Store, notice: NoticeRecord) -> IngestOutcome {
    let now = notice.occurred_at;
    store
        .ingest(
            &IngestBatch {
                notices: vec![notice],
                ..IngestBatch::default()
            },
            now,
        )
        .await
        .expect("ingest")
}

fn listed(id: &str, status: &str) -> ListedTemplate {
    ListedTemplate {
        id: id.into(),
        name: "order_ready".into(),
        language: "en_US".into(),
        status: status.into(),
        category: Some("UTILITY".into()),
        quality: Some("GREEN".into()),
        rejection_reason: None,
        parameter_format: None,
        components: None,
    }
}

async fn submitted(store: &Store, at: i64) {
    store
        .record_template_submission(
            None,
            ID,
            &definition("order_ready", "Your order {{order}} is ready."),
            "PENDING",
            "UTILITY",
            Timestamp(at),
        )
        .await
        .expect("submission");
}

async fn status_events(store: &Store) -> Vec<(String, TemplateSource)> {
    store
        .template_events(ID)
        .await
        .expect("events")
        .into_iter()
        .filter(|e| e.kind == TemplateEventKind::Status)
        .map(|e| (e.value, e.source))
        .collect()
}

#[tokio::test]
async fn drafts_are_saved_updated_listed_and_deleted() {
    let (_dir, store) = store().await;
    let first = store
        .save_template_draft(
            None,
            &definition("a", "Hi {{order}} there."),
            None,
            Timestamp(T0),
        )
        .await
        .expect("save");
    let second = store
        .save_template_draft(None, &definition("b", "Bye."), Some(ID), Timestamp(T0 + 1))
        .await
        .expect("save");
    assert_eq!(second.template_id.as_deref(), Some(ID));

    let edited = definition("a", "Hello {{order}}, it is ready.");
    let updated = store
        .save_template_draft(Some(first.id), &edited, None, Timestamp(T0 + 2))
        .await
        .expect("update");
    assert_eq!(updated.id, first.id);
    assert_eq!(updated.definition, edited, "the JSON comes back as saved");
    assert_eq!(updated.created_at, Timestamp(T0));
    assert_eq!(updated.updated_at, Timestamp(T0 + 2));

    let drafts = store.template_drafts().await.expect("drafts");
    let order: Vec<i64> = drafts.iter().map(|d| d.id).collect();
    assert_eq!(order, vec![first.id, second.id], "latest edited first");

    store.delete_template_draft(first.id).await.expect("delete");
    assert!(matches!(
        store.template_draft(first.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.delete_template_draft(first.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .save_template_draft(Some(first.id), &edited, None, Timestamp(T0 + 3))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.template_drafts().await.expect("drafts").len(), 1);
}

#[tokio::test]
async fn a_submission_is_pending_keeps_the_definition_and_ends_the_draft() {
    let (_dir, store) = store().await;
    let def = definition("order_ready", "Your order {{order}} is ready.");
    let draft = store
        .save_template_draft(None, &def, None, Timestamp(T0))
        .await
        .expect("draft");
    let record = store
        .record_template_submission(
            Some(draft.id),
            ID,
            &def,
            "PENDING",
            "UTILITY",
            Timestamp(T0 + SECOND),
        )
        .await
        .expect("submission");
    assert_eq!(record.status, "PENDING");
    assert_eq!(record.status_changed_at, Some(Timestamp(T0 + SECOND)));
    assert_eq!(record.definition().expect("definition"), def);
    assert!(store.template_drafts().await.expect("drafts").is_empty());
    assert_eq!(
        status_events(&store).await,
        vec![("PENDING".into(), TemplateSource::Submit)]
    );
}

#[tokio::test]
async fn the_webhook_first_then_the_same_status_by_polling_changes_nothing() {
    let (_dir, store) = store().await;
    submitted(&store, T0).await;
    let outcome = deliver(&store, webhook_status("APPROVED", T0 + 60 * SECOND)).await;
    assert_eq!(outcome.template_status_changes.len(), 1);
    assert_eq!(outcome.template_status_changes[0].status, "APPROVED");
    assert_eq!(
        outcome.template_status_changes[0].previous.as_deref(),
        Some("PENDING")
    );

    let changes = store
        .upsert_templates(&[listed(ID, "APPROVED")], Timestamp(T0 + 120 * SECOND))
        .await
        .expect("poll");
    assert!(changes.is_empty(), "already applied: {changes:?}");
    let record = store.template(ID).await.expect("template");
    assert_eq!(record.status, "APPROVED");
    assert_eq!(record.status_changed_at, Some(Timestamp(T0 + 60 * SECOND)));
    assert_eq!(
        record.quality.as_deref(),
        Some("GREEN"),
        "the poll still fills in the rest"
    );
    assert_eq!(
        status_events(&store).await,
        vec![
            ("PENDING".into(), TemplateSource::Submit),
            ("APPROVED".into(), TemplateSource::Webhook)
        ]
    );
}

#[tokio::test]
async fn polling_first_then_the_webhook_changes_nothing() {
    let (_dir, store) = store().await;
    submitted(&store, T0).await;
    let changes = store
        .upsert_templates(&[listed(ID, "APPROVED")], Timestamp(T0 + 60 * SECOND))
        .await
        .expect("poll");
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].source, TemplateSource::Poll);

    let outcome = deliver(&store, webhook_status("APPROVED", T0 + 50 * SECOND)).await;
    assert!(outcome.template_status_changes.is_empty());
    assert!(outcome.templates_changed);
    assert_eq!(
        status_events(&store).await.len(),
        2,
        "PENDING, APPROVED once"
    );
}

#[tokio::test]
async fn an_older_status_never_replaces_a_newer_one() {
    let (_dir, store) = store().await;
    submitted(&store, T0).await;
    deliver(&store, webhook_status("APPROVED", T0 + 60 * SECOND)).await;

    // A late redelivery of an older review, a whole second or more before: ignored.
    let stale = deliver(&store, webhook_status("REJECTED", T0 + 59 * SECOND)).await;
    assert!(stale.template_status_changes.is_empty());
    assert_eq!(store.template(ID).await.expect("t").status, "APPROVED");

    // Within the same second Meta's whole-second time cannot tell: the webhook wins.
    let paused = deliver(&store, webhook_status("PAUSED", T0 + 60 * SECOND)).await;
    assert_eq!(paused.template_status_changes.len(), 1);
    assert_eq!(store.template(ID).await.expect("t").status, "PAUSED");

    // A list read started less than a second after the webhook may predate it: skipped.
    let early = store
        .upsert_templates(&[listed(ID, "APPROVED")], Timestamp(T0 + 60 * SECOND + 999))
        .await
        .expect("poll");
    assert!(early.is_empty());
    assert_eq!(store.template(ID).await.expect("t").status, "PAUSED");
    // A read clearly later is the truth (the pause ended).
    let later = store
        .upsert_templates(&[listed(ID, "APPROVED")], Timestamp(T0 + 61 * SECOND))
        .await
        .expect("poll");
    assert_eq!(later.len(), 1);
    assert_eq!(store.template(ID).await.expect("t").status, "APPROVED");
}

#[tokio::test]
async fn a_rejection_keeps_the_reason_and_the_recommendation() {
    let (_dir, store) = store().await;
    submitted(&store, T0).await;
    let mut poll = listed(ID, "REJECTED");
    poll.rejection_reason = Some("PROMOTIONAL".into());
    store
        .upsert_templates(&[poll], Timestamp(T0 + 10 * SECOND))
        .await
        .expect("poll");
    assert_eq!(
        store.template(ID).await.expect("t").recommendation,
        None,
        "the list carries no advice"
    );
    // The webhook comes after: same status, but it brings Meta's advice.
    let outcome = deliver(&store, webhook_status("REJECTED", T0 + 9 * SECOND)).await;
    assert!(outcome.template_status_changes.is_empty());
    let record = store.template(ID).await.expect("t");
    assert_eq!(record.rejection_reason.as_deref(), Some("PROMOTIONAL"));
    assert_eq!(record.recommendation.as_deref(), Some("Choose MARKETING"));
}

#[tokio::test]
async fn edits_of_an_approved_template_are_counted_over_thirty_days() {
    let (_dir, store) = store().await;
    submitted(&store, T0).await;
    let def = definition("order_ready", "Your order {{order}} is ready now.");

    // Editing while still pending is not an edit of an approved template.
    let record = store
        .record_template_edit(None, ID, &def, "UTILITY", Timestamp(T0 + SECOND))
        .await
        .expect("edit");
    assert_eq!(record.edit_count, 0);

    deliver(&store, webhook_status("APPROVED", T0 + 2 * SECOND)).await;
    let record = store
        .record_template_edit(None, ID, &def, "UTILITY", Timestamp(T0 + 3 * SECOND))
        .await
        .expect("edit");
    assert_eq!(record.status, "PENDING", "an edit is reviewed again");
    assert_eq!(record.edit_count, 1);
    assert_eq!(
        record.edit_window_started_at,
        Some(Timestamp(T0 + 3 * SECOND))
    );
    assert_eq!(record.edits_in_window(Timestamp(T0 + 3 * SECOND)), 1);
    assert_eq!(
        record.edits_in_window(Timestamp(T0 + 3 * SECOND + TEMPLATE_EDIT_WINDOW_MS - 1)),
        1
    );
    assert_eq!(
        record.edits_in_window(Timestamp(T0 + 3 * SECOND + TEMPLATE_EDIT_WINDOW_MS)),
        0
    );

    deliver(&store, webhook_status("APPROVED", T0 + 4 * SECOND)).await;
    let record = store
        .record_template_edit(None, ID, &def, "UTILITY", Timestamp(T0 + 5 * SECOND))
        .await
        .expect("edit");
    assert_eq!(record.edit_count, 2);
    assert_eq!(
        record.edit_window_started_at,
        Some(Timestamp(T0 + 3 * SECOND))
    );

    // After the window the count starts again.
    let after = T0 + 3 * SECOND + TEMPLATE_EDIT_WINDOW_MS;
    deliver(&store, webhook_status("APPROVED", after)).await;
    let record = store
        .record_template_edit(None, ID, &def, "UTILITY", Timestamp(after + SECOND))
        .await
        .expect("edit");
    assert_eq!(record.edit_count, 1);
    assert_eq!(
        record.edit_window_started_at,
        Some(Timestamp(after + SECOND))
    );
    assert_eq!(
        record.definition().expect("definition"),
        def,
        "the edited content is kept"
    );
}

#[tokio::test]
async fn a_template_created_again_replaces_its_deleted_namesake() {
    let (_dir, store) = store().await;
    submitted(&store, T0).await;
    store
        .upsert_templates(&[listed("999", "APPROVED")], Timestamp(T0 + 10 * SECOND))
        .await
        .expect("poll");
    let all = store.templates().await.expect("templates");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, "999");
    assert!(store.template_events(ID).await.expect("events").is_empty());
}

#[tokio::test]
async fn deleting_forgets_the_template_and_unlinks_its_drafts() {
    let (_dir, store) = store().await;
    submitted(&store, T0).await;
    let draft = store
        .save_template_draft(
            None,
            &definition("order_ready", "Edited {{order}} text."),
            Some(ID),
            Timestamp(T0),
        )
        .await
        .expect("draft");
    assert_eq!(
        store
            .forget_templates("order_ready", Some("he"))
            .await
            .expect("forget"),
        0,
        "another language is not touched"
    );
    assert_eq!(
        store
            .forget_templates("order_ready", None)
            .await
            .expect("forget"),
        1
    );
    assert!(matches!(
        store.template(ID).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .template_draft(draft.id)
            .await
            .expect("draft")
            .template_id,
        None
    );
}

#[tokio::test]
async fn quality_and_category_changes_are_recorded_once() {
    let (_dir, store) = store().await;
    submitted(&store, T0).await;
    let quality = |at| NoticeRecord {
        field: "message_template_quality_update".into(),
        notice: AccountNotice::TemplateQuality {
            template_id: Some(ID.into()),
            name: None,
            language: None,
            previous: Some("GREEN".into()),
            current: Some("RED".into()),
        },
        occurred_at: Timestamp(at),
        payload: "{}".into(),
    };
    deliver(&store, quality(T0 + SECOND)).await;
    deliver(&store, quality(T0 + 2 * SECOND)).await;
    let events = store.template_events(ID).await.expect("events");
    let qualities: Vec<&str> = events
        .iter()
        .filter(|e| e.kind == TemplateEventKind::Quality)
        .map(|e| e.value.as_str())
        .collect();
    assert_eq!(qualities, vec!["RED"]);
    assert_eq!(
        store.template(ID).await.expect("t").quality.as_deref(),
        Some("RED")
    );
}
