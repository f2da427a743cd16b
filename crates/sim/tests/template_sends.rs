//! Sends of templates with a media or location header and a copy-code button, through
//! Parley's client against the simulator: what Meta accepts, and its refusals (132012 for
//! a header of the wrong form, 100 for a media id it does not know, 132000 for a missing
//! coupon code).

// Shared test support: each test binary uses part of it.
#[allow(dead_code)]
mod support;

#[path = "templates/rig.rs"]
#[allow(dead_code)]
mod rig;

use parley_core::media::MediaKind;
use parley_whatsapp::api::{
    LocationObject, MediaObject, SendMessageRequest, TemplateParameter, TemplateSendComponent,
};
use rig::{DANA, Rig, graph_error, rig, template};
use serde_json::json;
use support::openapi::Spec;

/// An approved marketing template with an image header and a copy-code button.
async fn sneaker_offer(rig: &mut Rig) {
    rig.create_approved(&template(json!({
        "name": "sneaker_offer", "language": "en_US", "category": "MARKETING",
        "components": [
            {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4::aW1hZ2UvanBlZw==:ARZ"]}},
            {"type": "BODY", "text": "Hi {{1}}, new sneakers just arrived in the shop this week.",
             "example": {"body_text": [["Dana"]]}},
            {"type": "FOOTER", "text": "Reply STOP to unsubscribe"},
            {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "example": "SAMPLE10"}]}
        ]
    })))
    .await;
}

async fn shop_location(rig: &mut Rig) {
    rig.create_approved(&template(json!({
        "name": "find_us", "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "HEADER", "format": "LOCATION"},
            {"type": "BODY", "text": "Hi {{1}}, your order waits for you at our shop until Friday.",
             "example": {"body_text": [["Dana"]]}}
        ]
    })))
    .await;
}

fn image(id: Option<&str>) -> TemplateParameter {
    TemplateParameter::header_media(
        MediaKind::Image,
        MediaObject {
            id: id.map(str::to_owned),
            ..MediaObject::default()
        },
    )
    .expect("an image header")
}

fn place(latitude: f64, longitude: f64) -> TemplateParameter {
    TemplateParameter::Location {
        location: LocationObject {
            latitude,
            longitude,
            name: Some("Parley Demo Shop".to_owned()),
            address: Some("Herzl 1, Tel Aviv".to_owned()),
        },
    }
}

fn send(
    name: &str,
    header: Option<TemplateParameter>,
    code: Option<TemplateSendComponent>,
) -> SendMessageRequest {
    let mut components = Vec::new();
    components.extend(header.map(|h| TemplateSendComponent::header(vec![h])));
    components.push(TemplateSendComponent::body(vec![TemplateParameter::text(
        "Dana",
    )]));
    components.extend(code);
    SendMessageRequest::template(DANA, name, "en_US", components)
}

fn coupon(code: &str) -> Option<TemplateSendComponent> {
    Some(TemplateSendComponent::copy_code_button(0, code))
}

async fn refused(rig: &Rig, request: &SendMessageRequest) -> (i64, Option<i64>) {
    graph_error(
        &rig.client
            .send_message(&rig.phone, request)
            .await
            .expect_err("refused"),
    )
}

#[tokio::test]
async fn an_image_header_with_uploaded_media_and_a_coupon_code_is_accepted() {
    let mut rig = rig().await;
    sneaker_offer(&mut rig).await;
    let id = rig
        .client
        .upload_media(
            &rig.phone,
            b"\x89PNG small".to_vec(),
            "image/png",
            "shoes.png",
        )
        .await
        .expect("uploaded");
    let good = send("sneaker_offer", Some(image(Some(&id))), coupon("AUTUMN25"));
    rig.client
        .send_message(&rig.phone, &good)
        .await
        .expect("accepted");
    let sent = rig.sim.sends_to(DANA);
    let last = sent.last().expect("recorded");
    assert_eq!(
        last["template"]["components"][0]["parameters"][0]["image"]["id"],
        json!(id)
    );
    assert_eq!(
        last["template"]["components"][2]["parameters"][0]["coupon_code"],
        "AUTUMN25"
    );
    // The header as Meta's spec shapes it (the spec has no copy_code button, so that is
    // checked without it).
    let spec_shaped = send("sneaker_offer", Some(image(Some(&id))), None);
    Spec::load().assert_conforms(
        "Message",
        &serde_json::to_value(&spec_shaped).expect("json"),
    );
    // Fifteen characters is the most a coupon code may have.
    rig.client
        .send_message(
            &rig.phone,
            &send(
                "sneaker_offer",
                Some(image(Some(&id))),
                coupon("ABCDEFGHIJKLMNO"),
            ),
        )
        .await
        .expect("15 characters");
    assert_eq!(
        refused(
            &rig,
            &send(
                "sneaker_offer",
                Some(image(Some(&id))),
                coupon("ABCDEFGHIJKLMNOP")
            )
        )
        .await,
        (100, None),
        "16 characters"
    );
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_media_header_without_its_parameter_or_of_another_type_is_refused_with_132012() {
    let mut rig = rig().await;
    sneaker_offer(&mut rig).await;
    let id = rig
        .client
        .upload_media(
            &rig.phone,
            b"\x89PNG small".to_vec(),
            "image/png",
            "shoes.png",
        )
        .await
        .expect("uploaded");
    // No header at all.
    assert_eq!(
        refused(&rig, &send("sneaker_offer", None, coupon("AUTUMN25"))).await,
        (132012, None)
    );
    // A header of the wrong type.
    let video = TemplateParameter::header_media(
        MediaKind::Video,
        MediaObject {
            id: Some(id.clone()),
            ..MediaObject::default()
        },
    );
    for wrong in [
        video,
        Some(place(32.0, 34.0)),
        Some(TemplateParameter::text("Hi")),
    ] {
        assert_eq!(
            refused(
                &rig,
                &send("sneaker_offer", wrong.clone(), coupon("AUTUMN25"))
            )
            .await,
            (132012, None),
            "{wrong:?}"
        );
    }
    // An image with neither id nor link.
    assert_eq!(
        refused(
            &rig,
            &send("sneaker_offer", Some(image(None)), coupon("AUTUMN25"))
        )
        .await
        .0,
        132012
    );
    // A media id the simulator never issued: refused as a media message with it is.
    let unknown = send(
        "sneaker_offer",
        Some(image(Some("999000111"))),
        coupon("AUTUMN25"),
    );
    assert_eq!(refused(&rig, &unknown).await, (100, None));
    let message = rig
        .client
        .send_message(
            &rig.phone,
            &SendMessageRequest::new(
                DANA,
                parley_whatsapp::api::SendBody::Image {
                    image: MediaObject {
                        id: Some("999000111".to_owned()),
                        ..MediaObject::default()
                    },
                },
            ),
        )
        .await
        .expect_err("an unknown id in a media message");
    assert_eq!(graph_error(&message), (100, None));
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_copy_code_button_without_its_coupon_code_is_refused_with_132000() {
    let mut rig = rig().await;
    sneaker_offer(&mut rig).await;
    let id = rig
        .client
        .upload_media(
            &rig.phone,
            b"\x89PNG small".to_vec(),
            "image/png",
            "shoes.png",
        )
        .await
        .expect("uploaded");
    let header = || Some(image(Some(&id)));
    assert_eq!(
        refused(&rig, &send("sneaker_offer", header(), None))
            .await
            .0,
        132000,
        "no button component"
    );
    let as_url = TemplateSendComponent::url_button(0, "AUTUMN25");
    assert_eq!(
        refused(&rig, &send("sneaker_offer", header(), Some(as_url)))
            .await
            .0,
        132000,
        "a text parameter instead of a coupon code"
    );
    assert_eq!(
        refused(&rig, &send("sneaker_offer", header(), coupon("")))
            .await
            .0,
        132000,
        "an empty code"
    );
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_location_header_needs_a_place_on_the_map() {
    let mut rig = rig().await;
    shop_location(&mut rig).await;
    rig.client
        .send_message(
            &rig.phone,
            &send("find_us", Some(place(32.0853, 34.7818)), None),
        )
        .await
        .expect("a place");
    let sent = rig.sim.sends_to(DANA);
    assert_eq!(
        sent.last().expect("recorded")["template"]["components"][0]["parameters"][0]["location"]["latitude"],
        "32.0853"
    );
    assert_eq!(
        refused(&rig, &send("find_us", None, None)).await,
        (132012, None),
        "no header"
    );
    for wrong in [image(Some("1")), place(91.0, 0.0), place(0.0, 180.5)] {
        assert_eq!(
            refused(&rig, &send("find_us", Some(wrong.clone()), None)).await,
            (132012, None),
            "{wrong:?}"
        );
    }
    rig.sim.shutdown().await;
}
