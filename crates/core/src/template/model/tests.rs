//! Round trips over the request bodies in Meta's OpenAPI spec (v23.0,
//! `POST /{WABA-ID}/message_templates` examples), copied verbatim.

use super::*;
use serde_json::{Value, json};

fn round_trip(body: Value) -> TemplateDefinition {
    let parsed: TemplateDefinition =
        serde_json::from_value(body.clone()).expect("Meta's example parses");
    let written = serde_json::to_value(&parsed).expect("serialises");
    assert_eq!(written, body, "serialising gives back Meta's exact body");
    parsed
}

#[test]
fn document_header_phone_and_url_buttons() {
    let parsed = round_trip(json!({
        "category": "UTILITY",
        "components": [
            {"example": {"header_handle": ["4::YXBwbGljYXRpb24vcGRm:ARZVv4zuogJMxmAdS3_6T4o"]},
             "format": "DOCUMENT", "type": "HEADER"},
            {"example": {"body_text": [["Mark", "860198-230332"]]},
             "text": "Thank you for your order, {{1}}! Your order number is {{2}}. Tap the PDF linked above to view your receipt. If you have any questions, please use the buttons below to contact support. Thanks again!",
             "type": "BODY"},
            {"buttons": [
                {"phone_number": "16467043595", "text": "Call", "type": "PHONE_NUMBER"},
                {"text": "Contact Support", "type": "URL", "url": "https://www.examplesite.com/support"}
             ], "type": "BUTTONS"}
        ],
        "language": "en_US",
        "name": "order_confirmation"
    }));
    assert_eq!(parsed.category, TemplateCategory::Utility);
    assert_eq!(parsed.parameter_format, None);
    let Component::Header(header) = &parsed.components[0] else {
        panic!("first component is the header")
    };
    assert_eq!(header.format, HeaderFormat::Document);
    let Component::Buttons(buttons) = &parsed.components[2] else {
        panic!("third component is the buttons")
    };
    assert_eq!(
        buttons.buttons[0],
        TemplateButton::PhoneNumber {
            text: "Call".into(),
            phone_number: "16467043595".into()
        }
    );
}

#[test]
fn image_header_footer_and_url_with_variable() {
    let parsed = round_trip(json!({
        "category": "MARKETING",
        "components": [
            {"example": {"header_handle": ["4::aW1hZ2UvanBn:ARYytyb0kLp5htbBB8vWlclG5M9gMBxiEyt4FNCvrueWBOmFmRAztEuNtPGUnEC22Etc"]},
             "format": "IMAGE", "type": "HEADER"},
            {"example": {"body_text": [["Mark", "Tuscan Getaway package", "800"]]},
             "text": "Hi {{1}}! For a limited time only you can get our {{2}} for as low as {{3}}. Tap the Offer Details button for more information.",
             "type": "BODY"},
            {"text": "Offer valid until May 31, 2023", "type": "FOOTER"},
            {"buttons": [
                {"phone_number": "16467043595", "text": "Call", "type": "PHONE_NUMBER"},
                {"example": ["summer2023"], "text": "Shop Now", "type": "URL",
                 "url": "https://damp-sea-63235.herokuapp.com/shop?promo={{1}}"}
             ], "type": "BUTTONS"}
        ],
        "language": "en_US",
        "name": "limited_time_offer_tuscan_getaway_2023"
    }));
    let Component::Body(body) = &parsed.components[1] else {
        panic!("second component is the body")
    };
    assert_eq!(
        body.example.as_ref().and_then(|e| e.body_text.clone()),
        Some(vec![vec![
            "Mark".to_string(),
            "Tuscan Getaway package".to_string(),
            "800".to_string()
        ]])
    );
}

#[test]
fn location_header_and_quick_reply() {
    let parsed = round_trip(json!({
        "category": "UTILITY",
        "components": [
            {"format": "LOCATION", "type": "HEADER"},
            {"example": {"body_text": [["Mark", "566701"]]},
             "text": "Good news {{1}}! Your order #{{2}} is on its way to the location above. Thank you for your order!",
             "type": "BODY"},
            {"text": "To stop receiving delivery updates, tap the button below.", "type": "FOOTER"},
            {"buttons": [{"text": "Stop Delivery Updates", "type": "QUICK_REPLY"}], "type": "BUTTONS"}
        ],
        "language": "en_US",
        "name": "order_delivery_update"
    }));
    assert!(matches!(
        &parsed.components[0],
        Component::Header(HeaderComponent {
            format: HeaderFormat::Location,
            text: None,
            example: None
        })
    ));
}

#[test]
fn text_header_with_parameter() {
    let parsed = round_trip(json!({
        "category": "MARKETING",
        "components": [
            {"example": {"header_text": ["Summer Sale"]}, "format": "TEXT", "text": "Our {{1}} is on!", "type": "HEADER"},
            {"example": {"body_text": [["the end of August", "25OFF", "25%"]]},
             "text": "Shop now through {{1}} and use code {{2}} to get {{3}} off of all merchandise.",
             "type": "BODY"},
            {"text": "Use the buttons below to manage your marketing subscriptions", "type": "FOOTER"},
            {"buttons": [
                {"text": "Unsubcribe from Promos", "type": "QUICK_REPLY"},
                {"text": "Unsubscribe from All", "type": "QUICK_REPLY"}
             ], "type": "BUTTONS"}
        ],
        "language": "en",
        "name": "seasonal_promotion_text_only"
    }));
    assert_eq!(parsed.language, "en");
}

#[test]
fn named_parameters_round_trip() {
    let parsed = round_trip(json!({
        "name": "order_confirmation_named",
        "language": "en_US",
        "category": "UTILITY",
        "parameter_format": "NAMED",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{order_id}}",
             "example": {"header_text_named_params": [{"param_name": "order_id", "example": "335628"}]}},
            {"type": "BODY", "text": "Thank you, {{first_name}}! Your order {{order_id}} is confirmed.",
             "example": {"body_text_named_params": [
                 {"param_name": "first_name", "example": "Pablo"},
                 {"param_name": "order_id", "example": "335628"}
             ]}},
            {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "example": "250FF"}]}
        ]
    }));
    assert_eq!(parsed.parameter_format, Some(ParameterFormat::Named));
}

#[test]
fn authentication_template_round_trips_its_security_line_and_expiry() {
    // Meta's "Create authentication template w/ OTP copy code button": the body and footer
    // are generated by Meta from `add_security_recommendation` and `code_expiration_minutes`,
    // so they carry no text.
    let parsed = round_trip(json!({
        "category": "AUTHENTICATION",
        "components": [
            {"add_security_recommendation": true, "type": "BODY"},
            {"code_expiration_minutes": 10, "type": "FOOTER"},
            {"buttons": [{"otp_type": "COPY_CODE", "text": "Copy Code", "type": "OTP"}], "type": "BUTTONS"}
        ],
        "language": "en_US",
        "name": "authentication_code_copy_code_button"
    }));
    assert_eq!(parsed.category, TemplateCategory::Authentication);
    assert_eq!(
        parsed.components[0],
        Component::Body(BodyComponent {
            text: String::new(),
            example: None,
            add_security_recommendation: Some(true),
        })
    );
    assert_eq!(
        parsed.components[1],
        Component::Footer(FooterComponent {
            text: String::new(),
            code_expiration_minutes: Some(10),
        })
    );
    assert_eq!(
        parsed.components[2],
        Component::Buttons(ButtonsComponent {
            buttons: vec![TemplateButton::Otp {
                otp_type: "COPY_CODE".into(),
                text: Some("Copy Code".into())
            }]
        })
    );
}

#[test]
fn a_false_security_recommendation_is_kept_and_absent_fields_stay_absent() {
    let parsed = round_trip(json!({
        "category": "AUTHENTICATION",
        "components": [
            {"add_security_recommendation": false, "type": "BODY"},
            {"buttons": [{"otp_type": "COPY_CODE", "type": "OTP"}], "type": "BUTTONS"}
        ],
        "language": "he",
        "name": "login_code"
    }));
    let Component::Body(body) = &parsed.components[0] else {
        panic!("first component is the body")
    };
    assert_eq!(body.add_security_recommendation, Some(false));
    // A template without them writes neither key.
    let plain = round_trip(json!({
        "category": "UTILITY",
        "components": [{"text": "Hello there", "type": "BODY"}, {"text": "Thanks", "type": "FOOTER"}],
        "language": "en_US",
        "name": "hello_world"
    }));
    assert!(matches!(
        &plain.components[1],
        Component::Footer(FooterComponent {
            code_expiration_minutes: None,
            ..
        })
    ));
}

#[test]
fn unknown_keys_are_ignored() {
    let parsed: TemplateDefinition = serde_json::from_value(json!({
        "name": "hello_world", "language": "en_US", "category": "UTILITY",
        "id": "1234", "status": "APPROVED", "quality_score": {"score": "GREEN"},
        "components": [{"type": "BODY", "text": "Hello there", "add_security_recommendation": false}]
    }))
    .expect("parses");
    assert_eq!(parsed.name, "hello_world");
}

#[test]
fn statuses_and_quality_use_metas_spelling() {
    for (status, text) in [
        (TemplateStatus::Approved, "APPROVED"),
        (TemplateStatus::InAppeal, "IN_APPEAL"),
        (TemplateStatus::PendingDeletion, "PENDING_DELETION"),
        (TemplateStatus::LimitExceeded, "LIMIT_EXCEEDED"),
        (TemplateStatus::Reinstated, "REINSTATED"),
    ] {
        assert_eq!(serde_json::to_value(status).unwrap(), json!(text));
        assert_eq!(
            serde_json::from_value::<TemplateStatus>(json!(text)).unwrap(),
            status
        );
    }
    assert_eq!(
        serde_json::from_value::<TemplateQuality>(json!("YELLOW")).unwrap(),
        TemplateQuality::Yellow
    );
}

#[test]
fn an_unknown_category_is_rejected() {
    let result = serde_json::from_value::<TemplateDefinition>(json!({
        "name": "x", "language": "en_US", "category": "PROMO",
        "components": [{"type": "BODY", "text": "Hi"}]
    }));
    assert!(result.is_err());
}
