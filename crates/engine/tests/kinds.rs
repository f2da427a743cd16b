//! Every kind of message through the engine and the simulator on loopback: media both
//! ways (real bytes, checked), reactions, quotes, read receipts, Meta's errors on cue,
//! statuses recovered by the audit, an unknown outcome confirmed, notices, templates,
//! and registering a callback URL with Meta.

// Shared by the test files here; each uses part of it.
#[allow(dead_code)]
mod support;

use std::time::Duration;

use parley_core::content::{Location, MessageContent};
use parley_core::media::{LocalMedia, MediaKind};
use parley_core::message::{Direction, Message, Outgoing};
use parley_core::meta_error::SendFailure;
use parley_core::notice::AccountNotice;
use parley_core::status::DeliveryStatus;
use parley_core::time::MINUTE_MS;
use parley_engine::{EngineEvent, EngineOptions, now};
use parley_sim::{CustomerMedia, Fault};
use serde_json::json;
use support::{DANA, Rig, by_owner, rig, rig_with_options, sim_account};

const VOICE: &[u8] = include_bytes!("../../../assets/demo/media/voice-note.ogg");
const PHOTO: &[u8] = include_bytes!("../../../assets/demo/media/sneakers.jpg");

async fn customer_writes(rig: &mut Rig, text: &str) -> Message {
    rig.customer_message(text).await
}

#[tokio::test]
async fn a_customers_photo_and_voice_note_are_downloaded_and_verified() {
    let mut rig = rig().await;
    customer_writes(&mut rig, "hi").await;
    for (kind, bytes, mime) in [
        ("image", PHOTO, "image/jpeg"),
        ("voice", VOICE, "audio/ogg; codecs=opus"),
    ] {
        rig.sim.customer_sends_media(
            DANA,
            "Dana",
            CustomerMedia {
                kind: kind.into(),
                bytes: bytes.to_vec(),
                mime_type: mime.into(),
                caption: (kind == "image").then(|| "These ones".into()),
                filename: None,
            },
        );
        let ready = rig
            .message_where(&format!("the {kind} downloaded"), |m| {
                matches!(m.media, Some(LocalMedia::Ready { .. }))
            })
            .await;
        let Some(LocalMedia::Ready { path, size, .. }) = &ready.media else {
            unreachable!()
        };
        assert_eq!(std::fs::read(path).expect("file"), bytes, "byte for byte");
        assert_eq!(*size as usize, bytes.len());
        assert!(
            path.starts_with(rig.dir.path().to_str().expect("utf-8")),
            "under the data dir"
        );
        let expected = if kind == "voice" {
            MediaKind::Voice
        } else {
            MediaKind::Image
        };
        assert!(
            matches!(&ready.content, MessageContent::Media { media } if media.kind == expected)
        );
    }
    rig.shutdown().await;
}

#[tokio::test]
async fn an_attached_photo_is_uploaded_sent_and_delivered() {
    let mut rig = rig().await;
    let inbound = customer_writes(&mut rig, "photo please").await;
    let dir = tempfile::tempdir().expect("tempdir");
    let original = dir.path().join("shoe.jpg");
    std::fs::write(&original, PHOTO).expect("write");
    let sent = rig
        .engine
        .send(
            inbound.conversation_id,
            Outgoing::Media {
                path: original.to_string_lossy().into_owned(),
                kind: None,
                caption: Some("In stock in 38".into()),
            },
            Some(inbound.id),
            by_owner(),
        )
        .await
        .expect("queued");
    // The queued send does not depend on the original file any more.
    std::fs::remove_file(&original).expect("remove");
    let delivered = rig.status_of(&sent, DeliveryStatus::Delivered).await;
    let MessageContent::Media { media } = &delivered.content else {
        panic!("{:?}", delivered.content)
    };
    assert_eq!(media.kind, MediaKind::Image);
    assert_eq!(delivered.quoted.as_ref().map(|q| q.id), Some(inbound.id));
    let stored = rig.engine.store().message(sent.id).await.expect("message");
    let payload: serde_json::Value = {
        let upload = rig
            .engine
            .store()
            .media_upload(sent.id)
            .await
            .expect("upload")
            .expect("file");
        assert_eq!(std::fs::read(&upload.path).expect("kept copy"), PHOTO);
        json!({"media_id": upload.media_id})
    };
    let media_id = payload["media_id"].as_str().expect("uploaded").to_owned();
    assert_eq!(rig.sim.uploaded_media(&media_id).as_deref(), Some(PHOTO));
    assert_eq!(stored.status, Some(DeliveryStatus::Delivered));
    rig.shutdown().await;
}

#[tokio::test]
async fn a_file_over_whatsapps_limit_is_refused_before_uploading() {
    let mut rig = rig().await;
    let inbound = customer_writes(&mut rig, "send the catalogue").await;
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("catalogue.png");
    std::fs::write(&big, vec![0u8; 5 * 1024 * 1024 + 1]).expect("write");
    let err = rig
        .engine
        .send(
            inbound.conversation_id,
            Outgoing::Media {
                path: big.to_string_lossy().into_owned(),
                kind: None,
                caption: None,
            },
            None,
            by_owner(),
        )
        .await
        .expect_err("too large");
    assert!(err.to_string().contains("5.0 MB limit"), "{err}");
    let missing = rig
        .engine
        .send(
            inbound.conversation_id,
            Outgoing::Media {
                path: "/nonexistent/file.pdf".into(),
                kind: None,
                caption: None,
            },
            None,
            by_owner(),
        )
        .await
        .expect_err("missing");
    assert!(missing.to_string().contains("cannot read"), "{missing}");
    rig.shutdown().await;
}

#[tokio::test]
async fn reactions_show_on_their_message_both_ways() {
    let mut rig = rig().await;
    let inbound = customer_writes(&mut rig, "Size 38?").await;
    let reaction = rig
        .engine
        .send(
            inbound.conversation_id,
            Outgoing::Reaction {
                message_id: inbound.id,
                emoji: Some("❤️".into()),
            },
            None,
            by_owner(),
        )
        .await
        .expect("queued");
    assert!(matches!(reaction.content, MessageContent::Reaction { .. }));
    let reacted = rig
        .message_where("the reaction on the customer's message", |m| {
            m.id == inbound.id && !m.reactions.is_empty()
        })
        .await;
    assert_eq!(reacted.reactions[0].emoji, "❤️");
    assert_eq!(reacted.reactions[0].by, Direction::Outbound);
    let thread = rig
        .engine
        .store()
        .thread(inbound.conversation_id, None, 50)
        .await
        .expect("thread");
    assert_eq!(thread.len(), 1, "the reaction is not a message of its own");

    // The customer reacts to the business's reply.
    let reply = rig
        .engine
        .send_text(inbound.conversation_id, "Yes!", by_owner())
        .await
        .expect("queued");
    let sent = rig.status_of(&reply, DeliveryStatus::Sent).await;
    rig.sim.customer_sends(
        DANA,
        "Dana",
        json!({"type": "reaction", "reaction": {"message_id": sent.wamid, "emoji": "👍"}}),
    );
    let liked = rig
        .message_where("the customer's reaction", |m| {
            m.id == reply.id && !m.reactions.is_empty()
        })
        .await;
    assert_eq!(liked.reactions[0].by, Direction::Inbound);
    rig.shutdown().await;
}

#[tokio::test]
async fn location_and_buttons_go_out_and_a_list_with_eleven_rows_does_not() {
    let mut rig = rig().await;
    let inbound = customer_writes(&mut rig, "where are you?").await;
    let location = rig
        .engine
        .send(
            inbound.conversation_id,
            Outgoing::Location {
                location: Location {
                    latitude: 32.0853,
                    longitude: 34.7818,
                    name: Some("Parley Demo Shop".into()),
                    address: None,
                    url: None,
                },
            },
            None,
            by_owner(),
        )
        .await
        .expect("queued");
    rig.status_of(&location, DeliveryStatus::Delivered).await;

    let rows = (0..11)
        .map(|i| parley_core::content::ListRow {
            id: i.to_string(),
            title: format!("{i}:00"),
            description: None,
        })
        .collect();
    let err = rig
        .engine
        .send(
            inbound.conversation_id,
            Outgoing::Interactive {
                interactive: parley_core::content::Interactive {
                    header: None,
                    body: "When?".into(),
                    footer: None,
                    action: parley_core::content::InteractiveAction::List {
                        button: "Slots".into(),
                        sections: vec![parley_core::content::ListSection { title: None, rows }],
                    },
                },
            },
            None,
            by_owner(),
        )
        .await
        .expect_err("too many rows");
    assert!(err.to_string().contains("1 and 10 rows"), "{err}");
    rig.shutdown().await;
}

#[tokio::test]
async fn opening_a_conversation_sends_a_read_receipt() {
    let mut rig = rig().await;
    let inbound = customer_writes(&mut rig, "hello?").await;
    rig.engine
        .mark_read(inbound.conversation_id, parley_core::AgentId(1))
        .await
        .expect("read");
    assert!(
        rig.sim
            .was_read_by_business(inbound.wamid.as_deref().expect("wamid"))
    );

    let mut preferences = rig.engine.preferences().await;
    preferences.send_read_receipts = false;
    rig.engine
        .set_preferences(preferences)
        .await
        .expect("saved");
    let second = customer_writes(&mut rig, "and now?").await;
    rig.engine
        .mark_read(second.conversation_id, parley_core::AgentId(1))
        .await
        .expect("read");
    assert!(
        !rig.sim
            .was_read_by_business(second.wamid.as_deref().expect("wamid"))
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn throttling_is_retried_and_permanent_errors_stop() {
    let mut rig = rig().await;
    let inbound = customer_writes(&mut rig, "hi").await;
    rig.sim.inject_fault(Fault::Refuse { code: 130429 }, 2);
    let retried = rig
        .engine
        .send_text(inbound.conversation_id, "after a backoff", by_owner())
        .await
        .expect("queued");
    let delivered = rig.status_of(&retried, DeliveryStatus::Delivered).await;
    assert_eq!(delivered.failure, None);

    rig.sim.inject_fault(Fault::Refuse { code: 131056 }, 1);
    let pair = rig
        .engine
        .send_text(inbound.conversation_id, "pair rate", by_owner())
        .await
        .expect("queued");
    rig.status_of(&pair, DeliveryStatus::Delivered).await;

    rig.sim.inject_fault(Fault::FailLater { code: 131026 }, 1);
    let undeliverable = rig
        .engine
        .send_text(inbound.conversation_id, "lost", by_owner())
        .await
        .expect("queued");
    let failed = rig.status_of(&undeliverable, DeliveryStatus::Failed).await;
    assert!(
        matches!(failed.failure, Some(SendFailure::Meta { code: 131026, .. })),
        "{failed:?}"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn statuses_whose_webhooks_were_lost_are_recovered_by_the_audit() {
    let mut rig = rig().await;
    let inbound = customer_writes(&mut rig, "hi").await;
    rig.sim.inject_fault(Fault::LoseStatuses, 1);
    let reply = rig
        .engine
        .send_text(inbound.conversation_id, "are you there?", by_owner())
        .await
        .expect("queued");
    let accepted = rig.status_of(&reply, DeliveryStatus::Accepted).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let still = rig
        .engine
        .store()
        .message(accepted.id)
        .await
        .expect("message");
    assert_eq!(
        still.status,
        Some(DeliveryStatus::Accepted),
        "no webhook came"
    );

    // Ten minutes later the audit asks message_history.
    let found = rig
        .engine
        .sync_now(now().plus_millis(11 * MINUTE_MS))
        .await
        .expect("audit");
    assert_eq!(found, 3, "sent, delivered and read");
    let recovered = rig
        .engine
        .store()
        .message(accepted.id)
        .await
        .expect("message");
    assert_eq!(recovered.status, Some(DeliveryStatus::Read));
    rig.shutdown().await;
}

#[tokio::test]
async fn a_send_whose_answer_was_lost_is_not_resent_and_is_confirmed_by_its_status() {
    let mut rig = rig_with_options(
        sim_account,
        EngineOptions {
            request_timeout: Duration::from_millis(400),
            ..EngineOptions::default()
        },
    )
    .await;
    let inbound = customer_writes(&mut rig, "hi").await;
    rig.sim
        .inject_fault(Fault::AnswerLate { delay_ms: 1500 }, 1);
    let reply = rig
        .engine
        .send_text(inbound.conversation_id, "only once", by_owner())
        .await
        .expect("queued");
    let confirmed = rig
        .message_where("the reply confirmed by its status", |m| {
            m.id == reply.id && m.wamid.is_some() && m.failure.is_none()
        })
        .await;
    assert!(matches!(
        confirmed.status,
        Some(
            DeliveryStatus::Accepted
                | DeliveryStatus::Sent
                | DeliveryStatus::Delivered
                | DeliveryStatus::Read
        )
    ));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let thread = rig
        .engine
        .store()
        .thread(inbound.conversation_id, None, 50)
        .await
        .expect("thread");
    assert_eq!(
        thread
            .iter()
            .filter(|m| m.direction == Direction::Outbound)
            .count(),
        1,
        "the reply was not sent twice"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn edits_deletions_and_account_notices_arrive() {
    let mut rig = rig().await;
    let first = customer_writes(&mut rig, "size 38").await;
    rig.sim.customer_sends(
        DANA,
        "Dana",
        json!({"type": "edit", "edit": {"original_message_id": first.wamid, "message": {"type": "text", "text": {"body": "size 39"}}}}),
    );
    let edited = rig
        .message_where("the edit", |m| m.id == first.id && m.edited_at.is_some())
        .await;
    assert_eq!(edited.text.as_deref(), Some("size 39"));
    rig.sim.customer_sends(
        DANA,
        "Dana",
        json!({"type": "revoke", "revoke": {"original_message_id": first.wamid}}),
    );
    rig.message_where("the deletion", |m| {
        m.id == first.id && m.revoked_at.is_some()
    })
    .await;

    rig.sim.deliver_change(
        "user_preferences",
        json!({"messaging_product": "whatsapp", "user_preferences": [{"wa_id": DANA, "category": "marketing_messages", "value": "stop", "detail": "Stopped", "timestamp": 1_750_000_000}]}),
    );
    let notice = rig
        .next_event("the preference notice", |e| {
            matches!(e, EngineEvent::Notice(_))
        })
        .await;
    assert!(
        matches!(notice, EngineEvent::Notice(e) if matches!(e.notice, AccountNotice::MarketingPreference { opted_out: true, .. }))
    );
    let conversation = rig
        .engine
        .store()
        .conversation(first.conversation_id)
        .await
        .expect("conversation");
    assert!(conversation.contact.marketing_opt_out);
    rig.shutdown().await;
}

#[tokio::test]
async fn templates_are_polled_and_a_status_webhook_updates_them() {
    let mut rig = rig().await;
    rig.next_event("the first template sync", |e| {
        matches!(e, EngineEvent::TemplatesChanged)
    })
    .await;
    let templates = rig.engine.store().templates().await.expect("templates");
    assert!(
        templates
            .iter()
            .any(|t| t.name == "order_ready" && t.language == "he" && t.status == "APPROVED")
    );
    let rejected = templates
        .iter()
        .find(|t| t.name == "summer_sale")
        .expect("summer_sale");
    assert_eq!(rejected.rejection_reason.as_deref(), Some("INVALID_FORMAT"));

    rig.sim.deliver_change(
        "message_template_status_update",
        json!({"event": "PAUSED", "message_template_id": 920070352646140u64, "message_template_name": "order_ready", "message_template_language": "he", "reason": "QUALITY_PAUSED"}),
    );
    rig.next_event("the template change", |e| {
        matches!(e, EngineEvent::TemplatesChanged)
    })
    .await;
    let paused = rig.engine.store().templates().await.expect("templates");
    assert!(
        paused
            .iter()
            .any(|t| t.name == "order_ready" && t.status == "PAUSED")
    );
    let states = rig.engine.store().sync_states().await.expect("syncs");
    assert!(
        states
            .iter()
            .any(|s| s.name == "templates" && s.last_success_at.is_some())
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn a_callback_url_is_registered_after_metas_handshake() {
    let rig = rig().await;
    let base = rig
        .engine
        .webhook_url()
        .trim_end_matches("/webhook")
        .to_owned();
    let registered = rig.engine.register_callback(&base).await.expect("verified");
    assert_eq!(registered, rig.engine.webhook_url());
    let err = rig
        .engine
        .register_callback("http://127.0.0.1:9")
        .await
        .expect_err("nothing listens there");
    assert!(err.to_string().contains("2200"), "{err}");
    rig.shutdown().await;
}
