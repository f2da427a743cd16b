//! The simulator's newer endpoints against Meta's shapes: every send type Parley builds
//! (checked against the `Message` schema of Meta's OpenAPI spec), media upload and
//! download with real bytes, `message_history`, template paging, and errors on cue.

// Shared test support: each test binary uses part of it.
#[allow(dead_code)]
mod support;

use std::time::Duration;

use parley_core::content::{
    Interactive, InteractiveAction, ListRow, ListSection, Location, MessageContent, ReplyButton,
};
use parley_core::media::{Media, MediaKind};
use parley_sim::{Fault, SimConfig, Simulator};
use parley_whatsapp::ApiError;
use parley_whatsapp::api::SendMessageRequest;
use serde_json::{Value, json};
use support::openapi::Spec;
use support::{DANA, client, quick_timings, start_with_open_window};

async fn start() -> Simulator {
    start_with_open_window(SimConfig {
        timings: quick_timings(),
        ..SimConfig::demo()
    })
    .await
}

fn media(kind: MediaKind, id: &str, caption: Option<&str>) -> MessageContent {
    MessageContent::Media {
        media: Media {
            kind,
            id: Some(id.into()),
            mime_type: None,
            sha256: None,
            size: None,
            filename: (kind == MediaKind::Document).then(|| "invoice.pdf".into()),
            caption: caption.map(str::to_owned),
            animated: false,
        },
    }
}

#[tokio::test]
async fn every_send_type_matches_metas_schema_and_is_accepted() {
    let spec = Spec::load();
    let sim = start().await;
    let client = client(&sim);
    let phone = sim.config().phone_number_id.clone();
    let image_id = client
        .upload_media(
            &phone,
            b"\xFF\xD8\xFFfake jpeg".to_vec(),
            "image/jpeg",
            "shoe.jpg",
        )
        .await
        .expect("upload");

    let contents = vec![
        MessageContent::Text {
            body: "Yes! https://shop.example/p/1".into(),
            preview_url: true,
        },
        media(MediaKind::Image, &image_id, Some("In stock")),
        media(MediaKind::Video, &image_id, None),
        media(MediaKind::Voice, &image_id, None),
        media(MediaKind::Document, &image_id, Some("Your invoice")),
        media(MediaKind::Sticker, &image_id, None),
        MessageContent::Location {
            location: Location {
                latitude: 32.0853,
                longitude: 34.7818,
                name: Some("Parley Demo Shop".into()),
                address: Some("Dizengoff 100, Tel Aviv".into()),
                url: None,
            },
        },
        MessageContent::Reaction {
            target_wamid: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQz".into(),
            emoji: Some("👍".into()),
        },
        MessageContent::Reaction {
            target_wamid: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQz".into(),
            emoji: None,
        },
        MessageContent::Interactive {
            interactive: Interactive {
                header: Some("Size".into()),
                body: "Which size would you like?".into(),
                footer: Some("Parley Demo Shop".into()),
                action: InteractiveAction::Buttons {
                    buttons: vec![
                        ReplyButton {
                            id: "38".into(),
                            title: "38".into(),
                        },
                        ReplyButton {
                            id: "39".into(),
                            title: "39".into(),
                        },
                    ],
                },
            },
        },
        MessageContent::Interactive {
            interactive: Interactive {
                header: None,
                body: "When should we deliver?".into(),
                footer: None,
                action: InteractiveAction::List {
                    button: "Pick a slot".into(),
                    sections: vec![ListSection {
                        title: Some("Tomorrow".into()),
                        rows: vec![
                            ListRow {
                                id: "am".into(),
                                title: "9–12".into(),
                                description: Some("Morning".into()),
                            },
                            ListRow {
                                id: "pm".into(),
                                title: "14–18".into(),
                                description: None,
                            },
                        ],
                    }],
                },
            },
        },
    ];
    for content in &contents {
        let request = SendMessageRequest::from_content(DANA, content, Some("wamid.quoted"))
            .expect("sendable");
        let json = serde_json::to_value(&request).expect("json");
        spec.assert_conforms("Message", &json);
        let back: SendMessageRequest = serde_json::from_value(json.clone()).expect("round trip");
        assert_eq!(back, request, "the queued payload reads back the same");
        client
            .send_message(&phone, &request)
            .await
            .unwrap_or_else(|e| panic!("{json} was refused: {e}"));
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn limits_are_checked_like_meta_does() {
    let sim = start().await;
    let client = client(&sim);
    let phone = sim.config().phone_number_id.clone();
    let refused = |body: Value| {
        let client = client.clone();
        let phone = phone.clone();
        async move {
            let request: SendMessageRequest = serde_json::from_value(body).expect("shape");
            client
                .send_message(&phone, &request)
                .await
                .expect_err("refused")
        }
    };
    let base = json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": DANA});
    let with = |extra: Value| {
        let mut body = base.clone();
        body.as_object_mut()
            .expect("object")
            .extend(extra.as_object().expect("object").clone());
        body
    };
    for (what, body) in [
        (
            "unknown media id",
            with(json!({"type": "image", "image": {"id": "999"}})),
        ),
        (
            "four buttons",
            with(
                json!({"type": "interactive", "interactive": {"type": "button", "body": {"text": "?"},
            "action": {"buttons": ([1, 2, 3, 4].map(|i| json!({"type": "reply", "reply": {"id": i.to_string(), "title": "x"}})))}}}),
            ),
        ),
        (
            "a long button title",
            with(
                json!({"type": "interactive", "interactive": {"type": "button", "body": {"text": "?"},
            "action": {"buttons": [{"type": "reply", "reply": {"id": "1", "title": "x".repeat(21)}}]}}}),
            ),
        ),
        (
            "eleven rows",
            with(
                json!({"type": "interactive", "interactive": {"type": "list", "body": {"text": "?"},
            "action": {"button": "Pick", "sections": [{"title": "All", "rows": ((0..11).map(|i| json!({"id": i.to_string(), "title": "r"})).collect::<Vec<_>>())}]}}}),
            ),
        ),
        (
            "a latitude of 91",
            with(json!({"type": "location", "location": {"latitude": 91.0, "longitude": 0.0}})),
        ),
        (
            "a sticker caption",
            with(
                json!({"type": "sticker", "sticker": {"link": "https://x.example/s.webp", "caption": "no"}}),
            ),
        ),
    ] {
        let err = refused(body).await;
        assert!(
            matches!(&err, ApiError::Graph { error, .. } if error.code == 100),
            "{what}: {err:?}"
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn media_round_trips_with_a_short_lived_authenticated_url() {
    let sim = start().await;
    let client = client(&sim);
    let phone = sim.config().phone_number_id.clone();
    let bytes: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
    let id = client
        .upload_media(&phone, bytes.clone(), "audio/ogg", "note.ogg")
        .await
        .expect("upload");
    assert_eq!(sim.uploaded_media(&id).as_deref(), Some(bytes.as_slice()));

    let info = client.media_info(&id).await.expect("info");
    assert_eq!(info.mime_type.as_deref(), Some("audio/ogg"));
    assert_eq!(info.file_size, Some(50_000));
    let dir = tempfile::tempdir().expect("tempdir");
    let dest = dir.path().join("note.ogg");
    let downloaded = client
        .download_media(&info.url, &dest, 1 << 20)
        .await
        .expect("download");
    assert_eq!(std::fs::read(&dest).expect("file"), bytes);
    assert!(parley_whatsapp::client::sha256_matches(
        info.sha256.as_deref().expect("sha"),
        &downloaded.sha256
    ));

    // Without the token, or with a made-up ticket, there is nothing to download.
    let anonymous = reqwest::get(&info.url).await.expect("answer");
    assert_eq!(anonymous.status().as_u16(), 401);
    let forged = info.url.split("ticket=").next().expect("url").to_owned() + "ticket=forged";
    assert!(
        client
            .download_media(&forged, &dest, 1 << 20)
            .await
            .is_err()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn message_history_knows_statuses_whose_webhooks_were_lost() {
    let sim = start().await;
    let client = client(&sim);
    let phone = sim.config().phone_number_id.clone();
    sim.inject_fault(Fault::LoseStatuses, 1);
    let sent = client
        .send_message(&phone, &SendMessageRequest::text(DANA, "did this arrive?"))
        .await
        .expect("send");
    let wamid = sent.messages[0].id.clone();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let history = client
        .message_history(&phone, &wamid)
        .await
        .expect("history");
    let statuses: Vec<_> = history[0]
        .events
        .as_ref()
        .expect("events")
        .data
        .iter()
        .map(|e| e.delivery_status.clone())
        .collect();
    assert_eq!(statuses, ["SENT", "DELIVERED", "READ"]);
    assert!(
        client
            .message_history(&phone, "wamid.unknown")
            .await
            .expect("empty")
            .is_empty()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn the_template_list_pages_like_metas() {
    let sim = start().await;
    let client = client(&sim);
    let waba = sim.config().waba_id.clone();
    let page = client.list_templates(&waba, None).await.expect("templates");
    assert!(
        page.data
            .iter()
            .any(|t| t.name == "hello_world" && t.status == "APPROVED")
    );
    assert!(
        page.data
            .iter()
            .any(|t| t.status == "REJECTED" && t.rejected_reason.is_some())
    );
    assert!(
        page.data
            .iter()
            .all(|t| !t.id.is_empty() && !t.language.is_empty())
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn refusals_on_cue_use_metas_codes_and_http_statuses() {
    let sim = start().await;
    let client = client(&sim);
    let phone = sim.config().phone_number_id.clone();
    for (code, http) in [(130429, 400), (131056, 400), (190, 401), (131000, 500)] {
        sim.inject_fault(Fault::Refuse { code }, 1);
        let err = client
            .send_message(&phone, &SendMessageRequest::text(DANA, "x"))
            .await
            .expect_err("refused on cue");
        assert!(
            matches!(&err, ApiError::Graph { http_status, error } if error.code == code && *http_status == http),
            "{code}: {err:?}"
        );
    }
    client
        .send_message(&phone, &SendMessageRequest::text(DANA, "x"))
        .await
        .expect("the fault was used up");
    sim.shutdown().await;
}
