//! Every kind of inbound message in the store: reactions, edits and deletions (also when
//! they arrive before their target), media files waiting to download, account notices,
//! and sends whose outcome was unknown being confirmed by a status.

use parley_core::content::{MessageContent, MessageContext};
use parley_core::media::{LocalMedia, Media, MediaKind};
use parley_core::message::Direction;
use parley_core::notice::AccountNotice;
use parley_core::status::DeliveryStatus;
use parley_core::{ConversationId, Timestamp};
use parley_store::{
    InboundRecord, IngestBatch, NoticeRecord, Outbound, Quoting, StatusRecord, Store,
};

const T0: i64 = 1_750_000_000_000;
const DANA: &str = "972501234567";

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    (dir, store)
}

fn record(wamid: &str, kind: &str, content: MessageContent, at: i64) -> InboundRecord {
    InboundRecord {
        wamid: wamid.into(),
        wa_id: DANA.into(),
        user_id: None,
        profile_name: Some("Dana".into()),
        kind: kind.into(),
        content,
        edited: None,
        context: None,
        referral: None,
        sent_at: Timestamp(at),
        payload: "{}".into(),
    }
}

fn text(wamid: &str, body: &str, at: i64) -> InboundRecord {
    record(
        wamid,
        "text",
        MessageContent::Text {
            body: body.into(),
            preview_url: false,
        },
        at,
    )
}

async fn ingest(store: &Store, records: Vec<InboundRecord>) -> parley_store::IngestOutcome {
    store
        .ingest(
            &IngestBatch {
                inbound: records,
                ..IngestBatch::default()
            },
            Timestamp(T0),
        )
        .await
        .expect("ingest")
}

async fn conversation(store: &Store) -> ConversationId {
    store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            None,
            1,
        )
        .await
        .expect("list")[0]
        .id
}

fn reaction(wamid: &str, target: &str, emoji: Option<&str>, at: i64) -> InboundRecord {
    record(
        wamid,
        "reaction",
        MessageContent::Reaction {
            target_wamid: target.into(),
            emoji: emoji.map(str::to_owned),
        },
        at,
    )
}

#[tokio::test]
async fn a_reaction_shows_on_its_target_and_an_empty_one_removes_it() {
    let (_dir, store) = store().await;
    ingest(&store, vec![text("w.msg", "Size 38?", T0)]).await;
    let outcome = ingest(
        &store,
        vec![reaction("w.r1", "w.msg", Some("👍"), T0 + 1000)],
    )
    .await;
    assert!(
        outcome.new_messages.is_empty(),
        "a reaction is not a new message in the thread"
    );
    assert_eq!(outcome.updated_messages.len(), 1, "its target changed");

    let id = conversation(&store).await;
    let thread = store.thread(id, None, 50).await.expect("thread");
    assert_eq!(thread.len(), 1, "the reaction itself is not shown");
    assert_eq!(thread[0].reactions.len(), 1);
    assert_eq!(thread[0].reactions[0].emoji, "👍");
    assert_eq!(thread[0].reactions[0].by, Direction::Inbound);
    let summary = store.conversation(id).await.expect("summary");
    assert_eq!(summary.unread_count, 1, "a reaction is not unread");
    assert_eq!(
        summary.last_message.and_then(|m| m.preview).as_deref(),
        Some("Size 38?")
    );

    ingest(&store, vec![reaction("w.r2", "w.msg", None, T0 + 2000)]).await;
    let thread = store.thread(id, None, 50).await.expect("thread");
    assert!(thread[0].reactions.is_empty());

    // A stale reaction arriving late does not come back.
    ingest(
        &store,
        vec![reaction("w.r0", "w.msg", Some("❤️"), T0 + 500)],
    )
    .await;
    assert!(
        store.thread(id, None, 50).await.expect("thread")[0]
            .reactions
            .is_empty()
    );
}

#[tokio::test]
async fn a_reaction_before_its_message_shows_once_the_message_arrives() {
    let (_dir, store) = store().await;
    ingest(
        &store,
        vec![reaction("w.r1", "w.late", Some("🙏"), T0 + 1000)],
    )
    .await;
    ingest(&store, vec![text("w.late", "thanks", T0)]).await;
    let thread = store
        .thread(conversation(&store).await, None, 50)
        .await
        .expect("thread");
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].reactions[0].emoji, "🙏");
}

fn edit(wamid: &str, original: &str, body: &str, at: i64) -> InboundRecord {
    let mut r = record(
        wamid,
        "edit",
        MessageContent::Edit {
            original_wamid: original.into(),
        },
        at,
    );
    r.edited = Some(MessageContent::Text {
        body: body.into(),
        preview_url: false,
    });
    r
}

fn revoke(wamid: &str, original: &str, at: i64) -> InboundRecord {
    record(
        wamid,
        "revoke",
        MessageContent::Revoke {
            original_wamid: original.into(),
        },
        at,
    )
}

#[tokio::test]
async fn edits_and_deletions_change_the_original_in_either_order() {
    let (_dir, store) = store().await;
    ingest(&store, vec![text("w.a", "size 38", T0)]).await;
    ingest(
        &store,
        vec![edit("w.e", "w.a", "size 39, sorry", T0 + 60_000)],
    )
    .await;
    // Edit and delete of w.b arrive before w.b itself.
    ingest(
        &store,
        vec![edit("w.e2", "w.b", "edited early", T0 + 90_000)],
    )
    .await;
    ingest(&store, vec![revoke("w.x", "w.c", T0 + 95_000)]).await;
    ingest(
        &store,
        vec![
            text("w.b", "original b", T0 + 30_000),
            text("w.c", "oops", T0 + 40_000),
        ],
    )
    .await;

    let thread = store
        .thread(conversation(&store).await, None, 50)
        .await
        .expect("thread");
    let texts: Vec<_> = thread
        .iter()
        .map(|m| m.text.clone().unwrap_or_default())
        .collect();
    assert_eq!(texts, ["size 39, sorry", "edited early", "oops"]);
    assert_eq!(thread[0].edited_at, Some(Timestamp(T0 + 60_000)));
    assert_eq!(thread[1].edited_at, Some(Timestamp(T0 + 90_000)));
    assert_eq!(thread[2].revoked_at, Some(Timestamp(T0 + 95_000)));
    assert!(
        thread
            .iter()
            .all(|m| !matches!(m.content, MessageContent::Edit { .. }))
    );
}

#[tokio::test]
async fn a_reply_shows_the_message_it_quotes() {
    let (_dir, store) = store().await;
    let mut reply = text("w.reply", "yes please", T0 + 1000);
    reply.context = Some(MessageContext {
        quoted_wamid: Some("w.question".into()),
        ..MessageContext::default()
    });
    ingest(&store, vec![text("w.question", "Gift wrap?", T0), reply]).await;
    let thread = store
        .thread(conversation(&store).await, None, 50)
        .await
        .expect("thread");
    let quoted = thread[1].quoted.as_ref().expect("quoted");
    assert_eq!(quoted.id, thread[0].id);
    assert_eq!(quoted.preview.as_deref(), Some("Gift wrap?"));
}

#[tokio::test]
async fn media_messages_wait_for_their_file_and_record_it() {
    let (_dir, store) = store().await;
    let voice = record(
        "w.voice",
        "audio",
        MessageContent::Media {
            media: Media {
                kind: MediaKind::Voice,
                id: Some("media-1".into()),
                mime_type: Some("audio/ogg; codecs=opus".into()),
                sha256: Some("abc".into()),
                size: None,
                filename: None,
                caption: None,
                animated: false,
            },
        },
        T0,
    );
    let outcome = ingest(&store, vec![voice]).await;
    assert_eq!(outcome.media_to_fetch, 1);
    let message = store
        .message(outcome.new_messages[0])
        .await
        .expect("message");
    assert_eq!(message.media, Some(LocalMedia::Pending));

    let due = store
        .due_media_downloads(Timestamp(T0), 10)
        .await
        .expect("due");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].media_id, "media-1");
    assert_eq!(due[0].expected_sha256.as_deref(), Some("abc"));

    store
        .record_media_failure(
            message.id,
            "timed out",
            Some(Timestamp(T0 + 5000)),
            Timestamp(T0),
        )
        .await
        .expect("retry later");
    assert!(
        store
            .due_media_downloads(Timestamp(T0 + 4999), 10)
            .await
            .expect("due")
            .is_empty()
    );
    assert_eq!(
        store.next_media_download_at().await.expect("next"),
        Some(Timestamp(T0 + 5000))
    );
    store
        .record_media_ready(
            message.id,
            "/data/media/x.ogg",
            "audio/ogg",
            1234,
            Timestamp(T0 + 5000),
        )
        .await
        .expect("ready");
    assert_eq!(
        store.message(message.id).await.expect("message").media,
        Some(LocalMedia::Ready {
            path: "/data/media/x.ogg".into(),
            mime_type: "audio/ogg".into(),
            size: 1234
        })
    );
    assert!(
        store
            .due_media_downloads(Timestamp(T0 + 10_000), 10)
            .await
            .expect("due")
            .is_empty()
    );
}

#[tokio::test]
async fn system_notices_do_not_open_the_service_window() {
    let (_dir, store) = store().await;
    let system = record(
        "w.sys",
        "system",
        MessageContent::System {
            kind: "user_changed_number".into(),
            body: "Dana changed their number".into(),
            new_wa_id: Some("972509999999".into()),
        },
        T0,
    );
    ingest(&store, vec![system]).await;
    let summary = store
        .conversation(conversation(&store).await)
        .await
        .expect("summary");
    assert_eq!(summary.last_inbound_at, None);
    assert_eq!(summary.unread_count, 1);
}

fn notice(notice: AccountNotice, at: i64) -> NoticeRecord {
    NoticeRecord {
        field: "user_preferences".into(),
        notice,
        occurred_at: Timestamp(at),
        payload: "{}".into(),
    }
}

#[tokio::test]
async fn marketing_preferences_set_the_contacts_opt_out_newest_wins() {
    let (_dir, store) = store().await;
    ingest(&store, vec![text("w.1", "hi", T0)]).await;
    let stop = AccountNotice::MarketingPreference {
        wa_id: DANA.into(),
        opted_out: true,
        detail: None,
    };
    let resume = AccountNotice::MarketingPreference {
        wa_id: DANA.into(),
        opted_out: false,
        detail: None,
    };
    let batch = IngestBatch {
        notices: vec![notice(stop.clone(), T0 + 2000), notice(resume, T0 + 1000)],
        ..IngestBatch::default()
    };
    let outcome = store.ingest(&batch, Timestamp(T0)).await.expect("ingest");
    assert_eq!(outcome.notices.len(), 2);
    assert_eq!(outcome.conversations.len(), 1);
    let summary = store
        .conversation(conversation(&store).await)
        .await
        .expect("summary");
    assert!(
        summary.contact.marketing_opt_out,
        "the later stop wins over the earlier resume"
    );
    let events = store.recent_account_events(10).await.expect("events");
    assert_eq!(events[0].notice, stop);
}

#[tokio::test]
async fn template_webhooks_update_the_template_list() {
    let (_dir, store) = store().await;
    let status = |s: &str, at| NoticeRecord {
        field: "message_template_status_update".into(),
        notice: AccountNotice::TemplateStatus {
            template_id: Some("77".into()),
            name: Some("order_ready".into()),
            language: Some("he".into()),
            status: s.into(),
            reason: None,
            recommendation: None,
        },
        occurred_at: Timestamp(at),
        payload: "{}".into(),
    };
    let outcome = store
        .ingest(
            &IngestBatch {
                notices: vec![status("PENDING", T0), status("APPROVED", T0 + 1)],
                ..IngestBatch::default()
            },
            Timestamp(T0),
        )
        .await
        .expect("ingest");
    assert!(outcome.templates_changed);
    let templates = store.templates().await.expect("templates");
    assert_eq!(templates.len(), 1);
    assert_eq!(templates[0].status, "APPROVED");
    assert_eq!(templates[0].language, "he");
}

#[tokio::test]
async fn a_status_confirms_the_one_send_whose_outcome_was_unknown() {
    let (_dir, store) = store().await;
    ingest(&store, vec![text("w.1", "hi", T0)]).await;
    let id = conversation(&store).await;
    let body = MessageContent::Text {
        body: "hello".into(),
        preview_url: false,
    };
    let queued = store
        .enqueue(
            &Outbound {
                conversation_id: id,
                content: &body,
                quoting: Quoting::default(),
                file: None,
                payload: "{}",
                sent_by: &by_owner(),
            },
            Timestamp(T0 + 1000),
        )
        .await
        .expect("enqueue");
    let item = store
        .claim_due_sends(Timestamp(T0 + 1000), 1)
        .await
        .expect("claim")
        .remove(0);
    store
        .record_send_unknown(&item, "timed out", Timestamp(T0 + 2000))
        .await
        .expect("unknown");

    let delivered = StatusRecord {
        wamid: "wamid.confirmed".into(),
        status: "delivered".into(),
        occurred_at: Timestamp(T0 + 3000),
        recipient_id: Some(DANA.into()),
        failure: None,
        payload: "{}".into(),
    };
    let outcome = store
        .ingest(
            &IngestBatch {
                statuses: vec![delivered],
                ..IngestBatch::default()
            },
            Timestamp(T0 + 3000),
        )
        .await
        .expect("ingest");
    assert_eq!(outcome.updated_messages, vec![queued.id]);
    let message = store.message(queued.id).await.expect("message");
    assert_eq!(message.wamid.as_deref(), Some("wamid.confirmed"));
    assert_eq!(message.status, Some(DeliveryStatus::Delivered));
    assert_eq!(message.failure, None, "no longer unconfirmed");
}

#[tokio::test]
async fn two_unknown_sends_to_one_customer_stay_unconfirmed() {
    let (_dir, store) = store().await;
    ingest(&store, vec![text("w.1", "hi", T0)]).await;
    let id = conversation(&store).await;
    for body in ["one", "two"] {
        let content = MessageContent::Text {
            body: body.into(),
            preview_url: false,
        };
        store
            .enqueue(
                &Outbound {
                    conversation_id: id,
                    content: &content,
                    quoting: Quoting::default(),
                    file: None,
                    payload: "{}",
                    sent_by: &by_owner(),
                },
                Timestamp(T0 + 1000),
            )
            .await
            .expect("enqueue");
    }
    // One conversation's sends go one at a time: claim each in turn.
    for _ in 0..2 {
        let item = store
            .claim_due_sends(Timestamp(T0 + 1000), 5)
            .await
            .expect("claim")
            .remove(0);
        store
            .record_send_unknown(&item, "timed out", Timestamp(T0 + 2000))
            .await
            .expect("unknown");
    }
    let outcome = store
        .ingest(
            &IngestBatch {
                statuses: vec![StatusRecord {
                    wamid: "wamid.which".into(),
                    status: "sent".into(),
                    occurred_at: Timestamp(T0 + 3000),
                    recipient_id: Some(DANA.into()),
                    failure: None,
                    payload: "{}".into(),
                }],
                ..IngestBatch::default()
            },
            Timestamp(T0 + 3000),
        )
        .await
        .expect("ingest");
    assert!(
        outcome.updated_messages.is_empty(),
        "ambiguous: neither is guessed"
    );
}

#[tokio::test]
async fn sync_state_remembers_the_last_success_through_failures() {
    let (_dir, store) = store().await;
    store
        .record_sync("templates", None, Timestamp(T0))
        .await
        .expect("ok");
    store
        .record_sync("templates", Some("HTTP 500"), Timestamp(T0 + 1000))
        .await
        .expect("failed");
    let states = store.sync_states().await.expect("states");
    assert_eq!(states[0].last_success_at, Some(Timestamp(T0)));
    assert_eq!(states[0].last_attempt_at, Timestamp(T0 + 1000));
    assert_eq!(states[0].last_error.as_deref(), Some("HTTP 500"));
}

#[tokio::test]
async fn statuses_that_came_while_the_send_was_in_flight_answer_a_lost_reply() {
    let (_dir, store) = store().await;
    ingest(&store, vec![text("w.1", "hi", T0)]).await;
    let id = conversation(&store).await;
    let body = MessageContent::Text {
        body: "hello".into(),
        preview_url: false,
    };
    let queued = store
        .enqueue(
            &Outbound {
                conversation_id: id,
                content: &body,
                quoting: Quoting::default(),
                file: None,
                payload: "{}",
                sent_by: &by_owner(),
            },
            Timestamp(T0 + 1000),
        )
        .await
        .expect("enqueue");
    let item = store
        .claim_due_sends(Timestamp(T0 + 1000), 1)
        .await
        .expect("claim")
        .remove(0);
    // The send's statuses arrive before its (lost) answer would have.
    let statuses = ["sent", "delivered"].map(|status| StatusRecord {
        wamid: "wamid.early".into(),
        status: status.into(),
        occurred_at: Timestamp(T0 + 1500),
        recipient_id: Some(DANA.into()),
        failure: None,
        payload: "{}".into(),
    });
    let outcome = store
        .ingest(
            &IngestBatch {
                statuses: statuses.to_vec(),
                ..IngestBatch::default()
            },
            Timestamp(T0 + 1500),
        )
        .await
        .expect("ingest");
    assert!(
        outcome.updated_messages.is_empty(),
        "still in flight: nothing to match yet"
    );

    let message = store
        .record_send_unknown(&item, "timed out", Timestamp(T0 + 2000))
        .await
        .expect("recorded");
    assert_eq!(message.id, queued.id);
    assert_eq!(message.wamid.as_deref(), Some("wamid.early"));
    assert_eq!(message.status, Some(DeliveryStatus::Delivered));
    assert_eq!(message.failure, None);
    assert!(
        store
            .claim_due_sends(Timestamp(T0 + 3000), 5)
            .await
            .expect("claim")
            .is_empty()
    );
}

/// Who the tests' sends are from: the owner profile every inbox starts with.
fn by_owner() -> parley_core::agent::SentBy {
    parley_core::agent::SentBy::agent(parley_core::AgentId(1))
}
