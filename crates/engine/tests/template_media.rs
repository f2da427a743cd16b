//! Templates with an image or location header and a copy-code button, sent through the
//! engine to the simulator when the customer's window is closed: the header file is
//! copied, uploaded and named by its id, the code given is the code sent, and the thread
//! keeps the template's shape. Every wrong header or code is refused before anything is
//! queued.

#[allow(dead_code)]
mod support;

use std::path::{Path, PathBuf};

use parley_core::AgentId;
use parley_core::content::{
    MessageContent, TemplateMessage, TemplateMessageButtonKind, TemplateMessageHeader,
};
use parley_core::media::{LocalMedia, MB, MediaKind};
use parley_core::status::DeliveryStatus;
use parley_core::template::TemplateDefinition;
use parley_engine::templates::{self, TemplateError, TemplateHeaderInput, TemplateSend};
use parley_engine::{EngineError, EngineEvent};
use serde_json::json;
use support::{DANA, Rig, by_owner, template, template_rig};

const OWNER: AgentId = AgentId(1);

/// A real 1×1 PNG.
const PNG: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Marketing: an image header, a link with a variable and a coupon to copy.
fn sneaker_offer() -> TemplateDefinition {
    template(json!({
        "name": "sneaker_offer", "language": "en_US", "category": "MARKETING",
        "components": [
            {"type": "HEADER", "format": "IMAGE",
             "example": {"header_handle": ["4::aW1hZ2UvcG5n:ARZsneakers"]}},
            {"type": "BODY", "text": "Hi {{1}}, new sneakers just arrived in the shop this week.",
             "example": {"body_text": [["Dana"]]}},
            {"type": "FOOTER", "text": "Reply STOP to unsubscribe"},
            {"type": "BUTTONS", "buttons": [
                {"type": "URL", "text": "Shop now", "url": "https://shop.example/s/{{1}}",
                 "example": ["https://shop.example/s/autumn"]},
                {"type": "COPY_CODE", "example": "SAMPLE10"}
            ]}
        ]
    }))
}

fn find_us() -> TemplateDefinition {
    template(json!({
        "name": "find_us", "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "HEADER", "format": "LOCATION"},
            {"type": "BODY", "text": "Hi {{1}}, your order waits for you at our shop until Friday.",
             "example": {"body_text": [["Dana"]]}},
            {"type": "BUTTONS", "buttons": [
                {"type": "PHONE_NUMBER", "text": "Call the shop", "phone_number": "+972501112222"}
            ]}
        ]
    }))
}

/// Submits `definition` and waits for Meta's approval.
async fn approved(rig: &mut Rig, definition: &TemplateDefinition) {
    let draft = templates::save_draft(rig.engine.store(), OWNER, None, definition, None)
        .await
        .expect("draft");
    let id = rig
        .engine
        .submit_template(OWNER, draft.id)
        .await
        .expect("submitted")
        .id;
    rig.next_event("the approval", |e| {
        matches!(e, EngineEvent::TemplateStatusChanged(c) if c.template_id == id && c.status == "APPROVED")
    })
    .await;
}

fn sneaker_send(header: Option<TemplateHeaderInput>, code: Option<&str>) -> TemplateSend {
    TemplateSend {
        name: "sneaker_offer".to_owned(),
        language: "en_US".to_owned(),
        values: vec!["Dana".to_owned(), "autumn".to_owned()],
        header,
        copy_code: code.map(str::to_owned),
    }
}

fn file(path: &Path) -> Option<TemplateHeaderInput> {
    Some(TemplateHeaderInput::File {
        path: path.to_string_lossy().into_owned(),
    })
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// Whether an error is the refusal a case expects.
type IsRefusal = fn(&EngineError) -> bool;

/// The files kept for outbound messages.
fn outbound_copies(rig: &Rig) -> usize {
    let dir = rig.engine.store().data_dir().join("media").join("outbound");
    std::fs::read_dir(dir).map_or(0, |entries| entries.count())
}

#[tokio::test]
async fn an_image_header_and_a_copy_code_reach_a_customer_whose_window_closed() {
    let mut rig = template_rig().await;
    approved(&mut rig, &sneaker_offer()).await;
    let conversation = rig.closed_window().await;
    let source = write(rig.dir.path(), "shoes.png", &PNG);

    let message = rig
        .engine
        .send_template(
            conversation,
            &sneaker_send(file(&source), Some("AUTUMN25")),
            by_owner(),
        )
        .await
        .expect("queued");
    // The queued send does not need the original any more.
    std::fs::remove_file(&source).expect("remove the original");

    let MessageContent::Template { template } = &message.content else {
        panic!("a template keeps its shape: {:?}", message.content);
    };
    let TemplateMessage {
        name,
        header,
        body,
        footer,
        buttons,
        ..
    } = template;
    assert_eq!(name, "sneaker_offer");
    assert_eq!(
        body,
        "Hi Dana, new sneakers just arrived in the shop this week."
    );
    assert_eq!(message.text.as_deref(), Some(body.as_str()));
    assert_eq!(footer.as_deref(), Some("Reply STOP to unsubscribe"));
    let Some(TemplateMessageHeader::Media { media }) = header else {
        panic!("an image header: {header:?}");
    };
    assert_eq!(media.kind, MediaKind::Image);
    assert_eq!(media.mime_type.as_deref(), Some("image/png"));
    assert_eq!(media.size, Some(PNG.len() as i64));
    assert_eq!(media.filename.as_deref(), Some("shoes.png"));
    let shown: Vec<(TemplateMessageButtonKind, &str, Option<&str>)> = buttons
        .iter()
        .map(|b| (b.kind, b.text.as_str(), b.value.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            (
                TemplateMessageButtonKind::Url,
                "Shop now",
                Some("https://shop.example/s/autumn")
            ),
            (
                TemplateMessageButtonKind::CopyCode,
                "Copy offer code",
                Some("AUTUMN25")
            ),
        ]
    );
    // The thread shows the header's file like any attachment's.
    let Some(LocalMedia::Ready {
        path, mime_type, ..
    }) = &message.media
    else {
        panic!(
            "the header file is the message's media: {:?}",
            message.media
        );
    };
    assert_eq!(mime_type, "image/png");
    assert_eq!(std::fs::read(path).expect("the kept copy"), PNG);

    rig.status_of(&message, DeliveryStatus::Delivered).await;
    let sent = rig.sim.sends_to(DANA);
    let request = sent.last().expect("the template went out");
    assert_eq!(request["type"], "template");
    let components = &request["template"]["components"];
    assert_eq!(components[0]["type"], "header");
    let image = &components[0]["parameters"][0];
    assert_eq!(image["type"], "image");
    let media_id = image["image"]["id"].as_str().expect("the uploaded id");
    assert_eq!(
        rig.sim.uploaded_media(media_id).as_deref(),
        Some(&PNG[..]),
        "the simulator received the file first"
    );
    assert_eq!(components[1]["parameters"][0]["text"], "Dana");
    assert_eq!(components[2]["sub_type"], "url");
    assert_eq!(components[2]["parameters"][0]["text"], "autumn");
    assert_eq!(components[3]["sub_type"], "copy_code");
    assert_eq!(
        components[3]["parameters"][0],
        json!({"type": "coupon_code", "coupon_code": "AUTUMN25"}),
        "the code given, not the template's example"
    );

    let stored = rig
        .engine
        .store()
        .message(message.id)
        .await
        .expect("stored");
    assert_eq!(stored.content, message.content);
    assert!(matches!(stored.media, Some(LocalMedia::Ready { .. })));
    let found = rig
        .engine
        .store()
        .search("sneakers arrived", 10)
        .await
        .expect("search");
    assert!(
        found
            .messages
            .iter()
            .any(|hit| hit.message_id == message.id),
        "a sent template is found by its body: {:?}",
        found.messages
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn a_location_header_goes_out_as_a_place() {
    let mut rig = template_rig().await;
    approved(&mut rig, &find_us()).await;
    let conversation = rig.closed_window().await;
    let message = rig
        .engine
        .send_template(
            conversation,
            &TemplateSend {
                name: "find_us".to_owned(),
                language: "en_US".to_owned(),
                values: vec!["Dana".to_owned()],
                header: Some(TemplateHeaderInput::Location {
                    latitude: 32.0853,
                    longitude: 34.7818,
                    name: Some("Parley Demo Shop".to_owned()),
                    address: Some("Herzl 1, Tel Aviv".to_owned()),
                }),
                copy_code: None,
            },
            by_owner(),
        )
        .await
        .expect("queued");
    let MessageContent::Template { template } = &message.content else {
        panic!("a template: {:?}", message.content);
    };
    let Some(TemplateMessageHeader::Location { location }) = &template.header else {
        panic!("a location header: {:?}", template.header);
    };
    assert_eq!((location.latitude, location.longitude), (32.0853, 34.7818));
    assert_eq!(location.name.as_deref(), Some("Parley Demo Shop"));
    assert_eq!(
        template.buttons[0].value.as_deref(),
        Some("+972501112222"),
        "a phone button shows its number"
    );
    assert_eq!(message.media, None, "a place is no file");

    rig.status_of(&message, DeliveryStatus::Delivered).await;
    let sent = rig.sim.sends_to(DANA);
    let header = &sent.last().expect("sent")["template"]["components"][0];
    assert_eq!(header["type"], "header");
    assert_eq!(
        header["parameters"][0],
        json!({"type": "location", "location": {
            "latitude": "32.0853", "longitude": "34.7818",
            "name": "Parley Demo Shop", "address": "Herzl 1, Tel Aviv"}})
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn a_wrong_header_or_code_is_refused_and_nothing_is_queued() {
    let mut rig = template_rig().await;
    approved(&mut rig, &sneaker_offer()).await;
    let conversation = rig.closed_window().await;
    let dir = rig.dir.path().to_owned();
    let png = write(&dir, "shoes.png", &PNG);
    let pdf = write(&dir, "catalogue.pdf", b"%PDF-1.4 a catalogue");
    let huge = dir.join("huge.png");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(5 * MB + 1))
        .expect("a sparse file one byte over 5 MB");
    let missing = dir.join("gone.png");
    let place = Some(TemplateHeaderInput::Location {
        latitude: 1.0,
        longitude: 1.0,
        name: None,
        address: None,
    });
    let text_values = |name: &str, language: &str, values: &[&str]| TemplateSend {
        name: name.to_owned(),
        language: language.to_owned(),
        values: values.iter().map(|v| (*v).to_owned()).collect(),
        header: None,
        copy_code: None,
    };
    let cases: Vec<(&str, TemplateSend, IsRefusal, &str)> = vec![
        (
            "no file",
            sneaker_send(None, Some("AUTUMN25")),
            |e| {
                matches!(
                    e,
                    EngineError::Template(TemplateError::MediaHeaderNeeded(MediaKind::Image))
                )
            },
            "this template's header is an image: choose a JPEG or PNG file of at most 5 MB",
        ),
        (
            "a place for an image",
            sneaker_send(place.clone(), Some("AUTUMN25")),
            |e| {
                matches!(
                    e,
                    EngineError::Template(TemplateError::MediaHeaderNeeded(MediaKind::Image))
                )
            },
            "this template's header is an image",
        ),
        (
            "a PDF for an image header",
            sneaker_send(file(&pdf), Some("AUTUMN25")),
            |e| {
                matches!(
                    e,
                    EngineError::Template(TemplateError::MediaHeaderType { .. })
                )
            },
            "catalogue.pdf cannot be this template's header, which is an image: choose a JPEG or PNG file of at most 5 MB",
        ),
        (
            "a file over 5 MB",
            sneaker_send(file(&huge), Some("AUTUMN25")),
            |e| {
                matches!(
                    e,
                    EngineError::Template(TemplateError::MediaHeaderTooLarge { .. })
                )
            },
            "huge.png is 5.0 MB, too large for this template's header, which is an image: choose a JPEG or PNG file of at most 5 MB",
        ),
        (
            "a missing file",
            sneaker_send(file(&missing), Some("AUTUMN25")),
            |e| matches!(e, EngineError::File(_)),
            "cannot read ",
        ),
        (
            "no code",
            sneaker_send(file(&png), None),
            |e| matches!(e, EngineError::Template(TemplateError::CopyCodeNeeded)),
            "this template has a copy-code button: enter the code the customer will copy (at most 15 characters)",
        ),
        (
            "a code of 16 characters",
            sneaker_send(file(&png), Some("AUTUMN2025SHOES!")),
            |e| {
                matches!(
                    e,
                    EngineError::Template(TemplateError::CopyCodeTooLong { length: 16 })
                )
            },
            "the code to copy has 16 characters: WhatsApp allows at most 15",
        ),
        (
            "a code with a line break",
            sneaker_send(file(&png), Some("AUTUMN\n25")),
            |e| matches!(e, EngineError::Template(TemplateError::CopyCodeValue(_))),
            "the code to copy cannot be sent: values cannot contain line breaks",
        ),
        (
            "a bad value after a good file",
            TemplateSend {
                values: vec!["Dana\tLevi".to_owned(), "autumn".to_owned()],
                ..sneaker_send(file(&png), Some("AUTUMN25"))
            },
            |e| matches!(e, EngineError::Template(TemplateError::Value { .. })),
            "the value for {{1}} cannot be sent",
        ),
        (
            "a file for a text-header template",
            TemplateSend {
                header: file(&png),
                ..text_values("hello_world", "en_US", &[])
            },
            |e| {
                matches!(
                    e,
                    EngineError::Template(TemplateError::HeaderNotTaken { text: true })
                )
            },
            "this template's header is text, filled from its values: send it without a file or place",
        ),
        (
            "a place for a template without a header",
            TemplateSend {
                header: place.clone(),
                ..text_values("order_ready", "he", &["דנה", "#1042"])
            },
            |e| {
                matches!(
                    e,
                    EngineError::Template(TemplateError::HeaderNotTaken { text: false })
                )
            },
            "this template has no header: send it without a file or place",
        ),
        (
            "a code for a template without a copy-code button",
            TemplateSend {
                copy_code: Some("AUTUMN25".to_owned()),
                ..text_values("order_ready", "he", &["דנה", "#1042"])
            },
            |e| matches!(e, EngineError::Template(TemplateError::CopyCodeNotTaken)),
            "this template has no copy-code button: send it without a code",
        ),
    ];
    let before = rig.message_count().await;
    for (what, send, expected, words) in cases {
        let err = rig
            .engine
            .send_template(conversation, &send, by_owner())
            .await
            .expect_err(what);
        assert!(expected(&err), "{what}: {err:?}");
        assert!(err.to_string().starts_with(words), "{what}: {err}");
        assert_eq!(rig.message_count().await, before, "{what}: nothing queued");
        assert_eq!(outbound_copies(&rig), 0, "{what}: no copy left behind");
    }
    assert!(png.exists(), "a refusal touches nothing");
    assert!(rig.sim.sends_to(DANA).is_empty(), "nothing reached Meta");
    rig.shutdown().await;
}
