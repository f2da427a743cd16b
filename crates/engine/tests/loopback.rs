//! The simulator and the engine on loopback: Meta's protocol end to end.

// Shared by the test files here; each uses part of it.
#[allow(dead_code)]
mod support;

use std::time::Duration;

use parley_core::account::Secret;
use parley_core::health::ConnectionStatus;
use parley_core::message::Direction;
use parley_core::meta_error::SendFailure;
use parley_core::status::DeliveryStatus;
use parley_core::window::ServiceWindow;
use parley_engine::{EngineError, EngineEvent};
use support::{DANA, Rig, VERIFY_TOKEN, by_owner, rig, rig_with, sim_account};

#[tokio::test]
async fn a_customer_message_arrives_once_and_a_reply_reaches_read() {
    let mut rig = rig().await;
    let inbound = rig.customer_message("Do you have size 38?").await;
    assert_eq!(inbound.direction, Direction::Inbound);
    assert!(
        inbound
            .wamid
            .as_deref()
            .is_some_and(|w| w.starts_with("wamid."))
    );

    let conversation = rig
        .engine
        .store()
        .conversation(inbound.conversation_id)
        .await
        .expect("conversation");
    assert_eq!(conversation.contact.wa_id, DANA);
    assert_eq!(
        conversation.contact.profile_name.as_deref(),
        Some("Dana Levi")
    );
    assert_eq!(conversation.unread_count, 1);

    // Meta delivers at least once: the same webhook again, byte for byte.
    assert!(rig.sim.redeliver(inbound.wamid.as_deref().expect("wamid")));
    rig.sim.wait_for_deliveries().await;
    assert_eq!(
        rig.message_count().await,
        1,
        "a redelivered message is stored once"
    );
    let conversation = rig
        .engine
        .store()
        .conversation(inbound.conversation_id)
        .await
        .expect("conversation");
    assert_eq!(conversation.unread_count, 1);

    let reply = rig
        .engine
        .send_text(
            inbound.conversation_id,
            "Yes! Come by any time.",
            by_owner(),
        )
        .await
        .expect("inside the window");
    assert_eq!(
        reply.status,
        Some(DeliveryStatus::Pending),
        "shown as sending at once"
    );
    rig.status_of(&reply, DeliveryStatus::Sent).await;
    rig.status_of(&reply, DeliveryStatus::Delivered).await;
    let read = rig.status_of(&reply, DeliveryStatus::Read).await;
    assert!(
        read.wamid
            .as_deref()
            .is_some_and(|w| w.starts_with("wamid."))
    );
    assert_eq!(read.failure, None);

    let stored = rig.engine.store().message(reply.id).await.expect("reply");
    assert_eq!(stored.status, Some(DeliveryStatus::Read));
    rig.shutdown().await;
}

#[tokio::test]
async fn an_expired_window_on_metas_side_fails_the_reply_with_131047() {
    let mut rig = rig().await;
    let inbound = rig.customer_message("hello").await;
    // A day passes on Meta's side before the reply goes out.
    rig.sim.expire_window(DANA).expect("known customer");
    let reply = rig
        .engine
        .send_text(inbound.conversation_id, "Sorry for the wait!", by_owner())
        .await
        .expect("our clock still says open");
    let failed = rig.status_of(&reply, DeliveryStatus::Failed).await;
    match failed.failure {
        Some(SendFailure::Meta { code, details, .. }) => {
            assert_eq!(code, 131047);
            assert!(details.is_some_and(|d| d.contains("24 hours")));
        }
        other => panic!("expected Meta's 131047, got {other:?}"),
    }
    rig.shutdown().await;
}

#[tokio::test]
async fn a_free_form_reply_outside_the_window_is_refused_before_sending() {
    let mut rig = rig().await;
    rig.sim.customer_said(DANA, "Dana", "thanks!", 25 * 3600);
    let old = match rig
        .next_event("the day-old message", |e| {
            matches!(e, EngineEvent::MessageAdded(_))
        })
        .await
    {
        EngineEvent::MessageAdded(m) => m,
        _ => unreachable!(),
    };
    let err = rig
        .engine
        .send_text(old.conversation_id, "Hi again", by_owner())
        .await
        .expect_err("window closed");
    assert!(
        matches!(err, EngineError::WindowClosed(ServiceWindow::Closed { .. })),
        "{err:?}"
    );
    assert_eq!(rig.message_count().await, 1, "nothing was queued");
    rig.shutdown().await;
}

async fn post_webhook(rig: &Rig, body: Vec<u8>, signature: Option<String>) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(rig.engine.webhook_url())
        .header("content-type", "application/json")
        .body(body);
    if let Some(signature) = signature {
        request = request.header("x-hub-signature-256", signature);
    }
    request.send().await.expect("receiver answers")
}

fn text_webhook(wamid: &str) -> Vec<u8> {
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"200000000000002","changes":[{{"field":"messages","value":{{
        "messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550100100","phone_number_id":"100000000000001"}},
        "contacts":[{{"profile":{{"name":"Mallory"}},"wa_id":"15550009999"}}],
        "messages":[{{"from":"15550009999","id":"{wamid}","timestamp":"1750000000","type":"text","text":{{"body":"forged"}}}}]}}}}]}}]}}"#
    )
    .into_bytes()
}

#[tokio::test]
async fn bad_signatures_malformed_and_oversize_bodies_are_rejected_with_nothing_stored() {
    let rig = rig().await;
    let secret = rig.sim.config().app_secret.expose().as_bytes().to_vec();
    let sign = |body: &[u8], key: &[u8]| parley_whatsapp::signature::sign(key, body).expect("sign");

    let forged = text_webhook("wamid.forged");
    let wrong_key = post_webhook(
        &rig,
        forged.clone(),
        Some(sign(&forged, b"not-the-app-secret")),
    )
    .await;
    assert_eq!(wrong_key.status().as_u16(), 401);
    let unsigned = post_webhook(&rig, forged.clone(), None).await;
    assert_eq!(unsigned.status().as_u16(), 401);
    let mut tampered = forged.clone();
    let signature = sign(&forged, &secret);
    tampered.extend_from_slice(b" ");
    assert_eq!(
        post_webhook(&rig, tampered, Some(signature))
            .await
            .status()
            .as_u16(),
        401
    );

    let malformed = br#"{"object":"whatsapp_business_account","entry":[{"#.to_vec();
    let response = post_webhook(&rig, malformed.clone(), Some(sign(&malformed, &secret))).await;
    assert_eq!(response.status().as_u16(), 400);

    let huge = vec![b' '; 5 * 1024 * 1024];
    let response = post_webhook(&rig, huge.clone(), Some(sign(&huge, &secret))).await;
    assert_eq!(response.status().as_u16(), 413);

    assert_eq!(rig.message_count().await, 0, "nothing rejected was stored");
    assert!(
        rig.engine
            .store()
            .list_conversations(
                parley_core::AgentId(1),
                &parley_core::triage::ConversationFilter::default(),
                None,
                10
            )
            .await
            .expect("list")
            .is_empty()
    );

    // The same delivery, correctly signed, is accepted: the rejections were about trust.
    let response = post_webhook(&rig, forged.clone(), Some(sign(&forged, &secret))).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(rig.message_count().await, 1);
    rig.shutdown().await;
}

#[tokio::test]
async fn the_verification_handshake_needs_the_right_token() {
    let rig = rig().await;
    let http = reqwest::Client::new();
    let url = rig.engine.webhook_url();
    let ask = |token: &str| {
        http.get(&url)
            .query(&[
                ("hub.mode", "subscribe"),
                ("hub.verify_token", token),
                ("hub.challenge", "1158201444"),
            ])
            .send()
    };
    let wrong = ask("wrong-token").await.expect("answer");
    assert_eq!(wrong.status().as_u16(), 403);
    assert_ne!(wrong.text().await.expect("body"), "1158201444");

    let right = ask(VERIFY_TOKEN).await.expect("answer");
    assert_eq!(right.status().as_u16(), 200);
    assert_eq!(right.text().await.expect("body"), "1158201444");

    let no_mode = http
        .get(&url)
        .query(&[("hub.verify_token", VERIFY_TOKEN), ("hub.challenge", "1")])
        .send()
        .await
        .expect("answer");
    assert_eq!(no_mode.status().as_u16(), 403);
    rig.shutdown().await;
}

#[tokio::test]
async fn the_number_health_check_reports_the_connected_number() {
    let mut rig = rig().await;
    let status = rig.connection().await;
    let ConnectionStatus::Connected { number } = status else {
        panic!("expected connected, got {status:?}");
    };
    assert_eq!(number.verified_name.as_deref(), Some("Parley Demo Shop"));
    assert_eq!(number.quality_rating.as_deref(), Some("GREEN"));
    rig.shutdown().await;
}

#[tokio::test]
async fn a_wrong_access_token_is_reported_and_fails_sends_with_190() {
    let mut rig = rig_with(|sim| {
        let (settings, _) = sim_account(sim);
        (settings, Secret::new("EAA-expired"))
    })
    .await;
    let status = rig.connection().await;
    assert!(
        matches!(status, ConnectionStatus::Refused { code: 190, .. }),
        "{status:?}"
    );
    let inbound = rig.customer_message("anyone?").await;
    let reply = rig
        .engine
        .send_text(inbound.conversation_id, "hi", by_owner())
        .await
        .expect("queued");
    let failed = rig.status_of(&reply, DeliveryStatus::Failed).await;
    assert!(
        matches!(failed.failure, Some(SendFailure::Meta { code: 190, .. })),
        "{failed:?}"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_cloud_api_keeps_the_reply_queued() {
    let mut rig = rig_with(|sim| {
        let (mut settings, token) = sim_account(sim);
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        settings.api_base_url = format!("http://{}", closed.local_addr().expect("addr"));
        (settings, token)
    })
    .await;
    let status = rig.connection().await;
    assert!(
        matches!(status, ConnectionStatus::Unreachable { .. }),
        "{status:?}"
    );

    let inbound = rig.customer_message("are you there?").await;
    let reply = rig
        .engine
        .send_text(inbound.conversation_id, "yes", by_owner())
        .await
        .expect("queued");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stored = rig.engine.store().message(reply.id).await.expect("reply");
    assert_eq!(
        stored.status,
        Some(DeliveryStatus::Pending),
        "waiting for a retry, not lost"
    );
    assert_eq!(stored.failure, None, "a connect failure is safe to retry");
    assert!(
        rig.engine
            .store()
            .next_send_due_at()
            .await
            .expect("due")
            .is_some()
    );
    rig.shutdown().await;
}
