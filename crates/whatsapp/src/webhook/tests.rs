use super::*;
use parley_core::content::InteractiveReplyKind;
use parley_core::media::MediaKind;
use parley_core::notice::AccountNotice;

fn messages_of(delivery: &WebhookDelivery) -> &MessagesValue {
    match &delivery.changes[0].event {
        ChangeEvent::Messages(m) => m,
        other => panic!("expected messages, got {other:?}"),
    }
}

/// Meta's "Text Message" example from the OpenAPI spec.
const TEXT_MESSAGE: &str = r#"{
  "object": "whatsapp_business_account",
  "entry": [{
    "id": "419561257915477",
    "changes": [{
      "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234"}],
        "messages": [{
          "from": "16505551234",
          "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
          "timestamp": "1749416383",
          "type": "text",
          "text": {"body": "Does it come in another color?"}
        }]
      },
      "field": "messages"
    }]
  }]
}"#;

#[test]
fn parses_metas_text_message_example() {
    let delivery = parse(TEXT_MESSAGE.as_bytes()).expect("parse");
    assert_eq!(delivery.object, OBJECT_WHATSAPP);
    assert_eq!(
        delivery.changes[0].waba_id.as_deref(),
        Some("419561257915477")
    );
    let value = messages_of(&delivery);
    assert_eq!(value.phone_number_id.as_deref(), Some("106540352242922"));
    assert_eq!(value.contacts[0].name.as_deref(), Some("Sheena Nelson"));
    let message = &value.messages[0];
    assert_eq!(message.from.as_deref(), Some("16505551234"));
    assert_eq!(message.kind, "text");
    assert_eq!(
        message.content.text(),
        Some("Does it come in another color?")
    );
    assert_eq!(
        message.timestamp,
        Some(Timestamp::from_unix_seconds(1_749_416_383))
    );
}

#[test]
fn numeric_timestamps_and_ids_are_accepted() {
    let body = TEXT_MESSAGE
        .replace(r#""timestamp": "1749416383""#, r#""timestamp": 1749416383"#)
        .replace(r#""id": "419561257915477""#, r#""id": 419561257915477"#);
    let delivery = parse(body.as_bytes()).expect("parse");
    assert_eq!(
        delivery.changes[0].waba_id.as_deref(),
        Some("419561257915477")
    );
    assert_eq!(
        messages_of(&delivery).messages[0].timestamp,
        Some(Timestamp::from_unix_seconds(1_749_416_383))
    );
}

#[test]
fn statuses_with_both_error_shapes() {
    let body = r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
        "metadata":{"phone_number_id":"2"},
        "statuses":[
          {"id":"wamid.A","status":"failed","timestamp":"1750000000","recipient_id":"972501234567",
           "errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message",
                      "error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}]},
          {"id":"wamid.B","status":"read","timestamp":1750000001,"recipient_id":"972501234567",
           "errors":[{"code":"131026","title":"Message undeliverable"}]}
        ]}}]}]}"#;
    let delivery = parse(body.as_bytes()).expect("parse");
    let statuses = &messages_of(&delivery).statuses;
    assert_eq!(statuses.len(), 2);
    assert_eq!(statuses[0].status, "failed");
    assert_eq!(statuses[0].errors[0].code, Some(131047));
    assert!(
        statuses[0].errors[0]
            .details
            .as_deref()
            .is_some_and(|d| d.contains("24 hours"))
    );
    assert_eq!(
        statuses[1].timestamp,
        Some(Timestamp::from_unix_seconds(1_750_000_001))
    );
    assert_eq!(statuses[1].errors[0].code, Some(131026));
    assert_eq!(statuses[1].errors[0].summary(), "Message undeliverable");
}

#[test]
fn unknown_types_are_kept_raw() {
    let body = TEXT_MESSAGE
        .replace(r#""type": "text""#, r#""type": "hologram""#)
        .replace(
            r#""text": {"body": "Does it come in another color?"}"#,
            r#""hologram": {"depth": 3}"#,
        );
    let delivery = parse(body.as_bytes()).expect("parse");
    let message = &messages_of(&delivery).messages[0];
    assert_eq!(message.kind, "hologram");
    assert!(
        matches!(&message.content, MessageContent::Unsupported { type_name, .. } if type_name == "hologram")
    );
    assert_eq!(message.raw["hologram"]["depth"], 3);
}

#[test]
fn entries_without_ids_are_handed_back_raw() {
    let body = r#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
        "messages":[{"from":"1","type":"text","text":{"body":"no id"}}],
        "statuses":[{"status":"sent"}]}}]}]}"#;
    let value = messages_of(&parse(body.as_bytes()).expect("parse")).clone();
    assert!(value.messages.is_empty());
    assert!(value.statuses.is_empty());
    assert_eq!(value.unidentifiable.len(), 2);
}

#[test]
fn other_fields_are_kept_as_sent() {
    let body = r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[
        {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":7}},
        {"field":"business_capability_update","value":{"max_daily_conversation_per_phone":1000}}]}]}"#;
    let delivery = parse(body.as_bytes()).expect("parse");
    assert_eq!(delivery.changes[0].field, "message_template_status_update");
    assert!(
        matches!(&delivery.changes[0].event, ChangeEvent::Notices { raw, .. } if raw["event"] == "APPROVED"),
        "a known field is read and its raw value kept"
    );
    assert!(
        matches!(&delivery.changes[1].event, ChangeEvent::Other(v) if v["max_daily_conversation_per_phone"] == 1000),
        "an unknown field is kept as sent"
    );
}

#[test]
fn malformed_bodies_are_errors_not_panics() {
    for body in [
        &b""[..],
        b"{",
        b"[]",
        b"null",
        b"{\"object\":\"whatsapp_business_account\"}",
        b"{\"entry\":{}}",
        b"\xff\xfe",
    ] {
        assert!(
            parse(body).is_err(),
            "{:?} must not parse",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn odd_but_valid_shapes_do_not_panic() {
    for body in [
        r#"{"entry":[]}"#,
        r#"{"entry":[{}]}"#,
        r#"{"entry":[{"changes":[{}]}]}"#,
        r#"{"entry":[{"changes":[{"field":"messages","value":null}]}]}"#,
        r#"{"entry":[{"changes":[{"field":"messages","value":{"messages":{"id":"x"},"statuses":7}}]}]}"#,
        r#"{"entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x","timestamp":"-5"}]}}]}]}"#,
        r#"{"entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x","timestamp":1e300}]}}]}]}"#,
    ] {
        assert!(parse(body.as_bytes()).is_ok(), "{body}");
    }
}

#[test]
fn a_part_in_an_unknown_shape_does_not_hide_the_messages_next_to_it() {
    let body = br#"{"object":5,"entry":[null,
        {"id":"200","changes":{"odd":true}},
        {"id":"200","changes":[7,{"field":7,"value":{"x":1}},
            {"field":"messages","value":{"messages":[
                {"from":"972501234567","id":"wamid.A","timestamp":"1700000000","type":"text","text":{"body":"still here"}}]}}]}]}"#;
    let delivery = parse(body).expect("the envelope is Meta's");
    assert_eq!(delivery.object, "");
    let unreadable: Vec<_> = delivery
        .changes
        .iter()
        .filter(|c| c.field.is_empty())
        .map(|c| match &c.event {
            ChangeEvent::Other(raw) => raw.clone(),
            other => panic!("kept as raw: {other:?}"),
        })
        .collect();
    assert_eq!(
        unreadable,
        [
            serde_json::Value::Null,
            serde_json::json!({"odd": true}),
            serde_json::json!(7),
            serde_json::json!({"x": 1}),
        ]
    );
    let ChangeEvent::Messages(messages) = &delivery.changes[4].event else {
        panic!("the last change is read: {:?}", delivery.changes[4]);
    };
    assert_eq!(messages.messages.len(), 1);
    assert_eq!(messages.messages[0].id, "wamid.A");
}

/// Meta's own webhook examples, extracted from its OpenAPI spec.
fn meta_example(name: &str) -> Vec<u8> {
    let text = include_str!("../../../sim/tests/meta-openapi/schemas.json");
    let spec: serde_json::Value = serde_json::from_str(text).expect("schemas.json");
    serde_json::to_vec(&spec["webhook_examples"][name]).expect("example")
}

fn first_message(body: &[u8]) -> InboundMessage {
    let delivery = parse(body).expect("parse");
    messages_of(&delivery).messages[0].clone()
}

#[test]
fn every_inbound_type_in_metas_examples_is_understood() {
    let image = first_message(&meta_example("Image Message"));
    assert!(matches!(
        &image.content,
        MessageContent::Media { media } if media.kind == MediaKind::Image
            && media.id.as_deref() == Some("1003383421387256")
            && media.caption.as_deref() == Some("Taj Mahal")
            && media.sha256.is_some()
    ));

    let location = first_message(&meta_example("Location Message"));
    let MessageContent::Location { location } = &location.content else {
        panic!("location: {:?}", location.content);
    };
    assert!((location.latitude - 37.44221496582).abs() < 1e-9);
    assert_eq!(location.name.as_deref(), Some("Philz Coffee"));

    let contacts = first_message(&meta_example("Contact Sharing Message"));
    let MessageContent::Contacts { cards } = &contacts.content else {
        panic!("contacts: {:?}", contacts.content);
    };
    assert_eq!(cards[0].formatted_name, "Lucía Gómez");
    assert_eq!(cards[0].phones[0].wa_id.as_deref(), Some("19835552319"));
    assert_eq!(cards[0].organization.as_deref(), Some("Google"));

    let button = first_message(&meta_example("Interactive Button Reply Message"));
    assert!(matches!(
        &button.content,
        MessageContent::InteractiveReply { reply } if reply.kind == InteractiveReplyKind::Button && reply.title.is_some()
    ));
    let list = first_message(&meta_example("Interactive List Reply Message"));
    assert!(matches!(
        &list.content,
        MessageContent::InteractiveReply { reply } if reply.kind == InteractiveReplyKind::List && reply.id.is_some()
    ));
    let quick_reply = first_message(&meta_example("Button Message"));
    assert!(
        matches!(&quick_reply.content, MessageContent::ButtonReply { text, .. } if !text.is_empty())
    );

    let reaction = first_message(&meta_example("Reaction Message"));
    assert!(matches!(
        &reaction.content,
        MessageContent::Reaction { emoji: Some(e), target_wamid } if e == "👍" && target_wamid.starts_with("wamid.")
    ));

    let order = first_message(&meta_example("Order Message"));
    let MessageContent::Order { order } = &order.content else {
        panic!("order: {:?}", order.content);
    };
    assert!(!order.items.is_empty());
    assert!(
        order
            .items
            .iter()
            .all(|i| i.quantity > 0 && !i.currency.is_empty())
    );

    let system = first_message(&meta_example("System Message"));
    assert!(matches!(
        &system.content,
        MessageContent::System { kind, new_wa_id: Some(w), .. } if kind == "user_changed_number" && w == "12195555358"
    ));

    let unsupported = first_message(&meta_example("Unsupported Message"));
    assert!(matches!(
        &unsupported.content,
        MessageContent::Unsupported {
            code: Some(131051),
            reason: Some(_),
            ..
        }
    ));

    let from_ad = first_message(&meta_example("Text Message from Click to WhatsApp Ad"));
    let referral = from_ad.referral.expect("referral");
    assert_eq!(referral.headline.as_deref(), Some("Chat with us"));
    assert_eq!(referral.source_type.as_deref(), Some("ad"));
    assert!(referral.ctwa_clid.is_some());

    let inquiry = first_message(&meta_example("Text Message with Context (Product Inquiry)"));
    let context = inquiry.context.expect("context");
    assert!(context.quoted_wamid.is_some());
    assert_eq!(context.referred_product_id.as_deref(), Some("di9ozbzfi4"));
}

fn one_message(message: &str) -> InboundMessage {
    let body = format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"messages","value":{{
        "metadata":{{"phone_number_id":"2"}},"contacts":[{{"profile":{{"name":"A"}},"wa_id":"972501"}}],
        "messages":[{message}]}}}}]}}]}}"#
    );
    first_message(body.as_bytes())
}

#[test]
fn voice_notes_stickers_documents_and_videos() {
    let voice = one_message(
        r#"{"from":"972501","id":"w1","timestamp":"1","type":"audio","audio":{"id":"m1","mime_type":"audio/ogg; codecs=opus","voice":true}}"#,
    );
    assert!(
        matches!(&voice.content, MessageContent::Media { media } if media.kind == MediaKind::Voice)
    );
    let audio = one_message(
        r#"{"from":"972501","id":"w2","timestamp":"1","type":"audio","audio":{"id":"m2","mime_type":"audio/mpeg"}}"#,
    );
    assert!(
        matches!(&audio.content, MessageContent::Media { media } if media.kind == MediaKind::Audio)
    );
    let sticker = one_message(
        r#"{"from":"972501","id":"w3","timestamp":"1","type":"sticker","sticker":{"id":"m3","mime_type":"image/webp","animated":true}}"#,
    );
    assert!(
        matches!(&sticker.content, MessageContent::Media { media } if media.kind == MediaKind::Sticker && media.animated)
    );
    let document = one_message(
        r#"{"from":"972501","id":"w4","timestamp":"1","type":"document","document":{"id":"m4","filename":"invoice.pdf","mime_type":"application/pdf","caption":"Invoice"}}"#,
    );
    assert!(
        matches!(&document.content, MessageContent::Media { media } if media.filename.as_deref() == Some("invoice.pdf"))
    );
    assert_eq!(document.content.text(), Some("Invoice"));
    let video = one_message(
        r#"{"from":"972501","id":"w5","timestamp":"1","type":"video","video":{"id":"m5","mime_type":"video/mp4","file_size":"1234"}}"#,
    );
    assert!(
        matches!(&video.content, MessageContent::Media { media } if media.kind == MediaKind::Video && media.size == Some(1234))
    );
}

#[test]
fn flows_edits_revokes_and_removed_reactions() {
    let flow = one_message(
        r#"{"from":"972501","id":"w1","timestamp":"1","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\"size\":38}"}}}"#,
    );
    assert!(matches!(
        &flow.content,
        MessageContent::InteractiveReply { reply } if reply.kind == InteractiveReplyKind::Flow && reply.response_json.as_deref() == Some("{\"size\":38}")
    ));
    let edit = one_message(
        r#"{"from":"972501","id":"w2","timestamp":"1","type":"edit","edit":{"original_message_id":"wamid.orig","message":{"type":"text","text":{"body":"size 39, sorry"}}}}"#,
    );
    assert!(
        matches!(&edit.content, MessageContent::Edit { original_wamid } if original_wamid == "wamid.orig")
    );
    assert_eq!(
        edit.edited.as_ref().and_then(MessageContent::text),
        Some("size 39, sorry")
    );
    let revoke = one_message(
        r#"{"from":"972501","id":"w3","timestamp":"1","type":"revoke","revoke":{"original_message_id":"wamid.orig"}}"#,
    );
    assert!(
        matches!(&revoke.content, MessageContent::Revoke { original_wamid } if original_wamid == "wamid.orig")
    );
    let unreact = one_message(
        r#"{"from":"972501","id":"w4","timestamp":"1","type":"reaction","reaction":{"message_id":"wamid.orig","emoji":""}}"#,
    );
    assert!(matches!(
        &unreact.content,
        MessageContent::Reaction { emoji: None, .. }
    ));
    let forwarded = one_message(
        r#"{"from":"972501","id":"w5","timestamp":"1","type":"text","text":{"body":"fwd"},"context":{"forwarded":true,"frequently_forwarded":true}}"#,
    );
    let context = forwarded.context.expect("context");
    assert!(context.forwarded && context.frequently_forwarded && context.quoted_wamid.is_none());
}

#[test]
fn broken_shapes_of_known_types_are_kept_as_unsupported() {
    for message in [
        r#"{"from":"972501","id":"w1","timestamp":"1","type":"location","location":{"latitude":"north"}}"#,
        r#"{"from":"972501","id":"w2","timestamp":"1","type":"location","location":{"latitude":123,"longitude":0}}"#,
        r#"{"from":"972501","id":"w3","timestamp":"1","type":"image"}"#,
        r#"{"from":"972501","id":"w4","timestamp":"1","type":"interactive","interactive":{"type":"carousel"}}"#,
        r#"{"from":"972501","id":"w5","timestamp":"1","type":"text"}"#,
    ] {
        let parsed = one_message(message);
        assert!(
            matches!(parsed.content, MessageContent::Unsupported { .. }),
            "{message}: {:?}",
            parsed.content
        );
    }
}

#[test]
fn business_scoped_user_ids_are_read() {
    let body = r#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
        "contacts":[{"profile":{"name":"B"},"user_id":"US.13491208655302741918"}],
        "messages":[{"from_user_id":"US.13491208655302741918","id":"w","timestamp":"1","type":"text","text":{"body":"hi"}}]}}]}]}"#;
    let delivery = parse(body.as_bytes()).expect("parse");
    let value = messages_of(&delivery);
    assert_eq!(
        value.contacts[0].user_id.as_deref(),
        Some("US.13491208655302741918")
    );
    assert_eq!(value.messages[0].from, None);
    assert_eq!(
        value.messages[0].from_user_id.as_deref(),
        Some("US.13491208655302741918")
    );
}

fn notices(field: &str, value: &str) -> Vec<Notice> {
    let body = format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"{field}","value":{value}}}]}}]}}"#
    );
    match &parse(body.as_bytes()).expect("parse").changes[0].event {
        ChangeEvent::Notices { notices, .. } => notices.clone(),
        other => panic!("{field}: {other:?}"),
    }
}

#[test]
fn account_fields_become_notices() {
    let approved = notices(
        "message_template_status_update",
        r#"{"event":"REJECTED","message_template_id":123,"message_template_name":"promo","message_template_language":"en_US","reason":"INVALID_FORMAT","rejection_info":{"reason":"INVALID_FORMAT","recommendation":"Remove the leading parameter"}}"#,
    );
    assert_eq!(
        approved[0].notice,
        AccountNotice::TemplateStatus {
            template_id: Some("123".into()),
            name: Some("promo".into()),
            language: Some("en_US".into()),
            status: "REJECTED".into(),
            reason: Some("INVALID_FORMAT".into()),
            recommendation: Some("Remove the leading parameter".into()),
        }
    );
    let quality = notices(
        "message_template_quality_update",
        r#"{"previous_quality_score":"GREEN","new_quality_score":"YELLOW","message_template_id":1,"message_template_name":"t","message_template_language":"he"}"#,
    );
    assert!(
        matches!(&quality[0].notice, AccountNotice::TemplateQuality { current: Some(c), .. } if c == "YELLOW")
    );
    let category = notices(
        "template_category_update",
        r#"{"message_template_id":1,"message_template_name":"t","message_template_language":"he","previous_category":"UTILITY","new_category":"MARKETING"}"#,
    );
    assert!(
        matches!(&category[0].notice, AccountNotice::TemplateCategory { current: Some(c), .. } if c == "MARKETING")
    );
    let number = notices(
        "phone_number_quality_update",
        r#"{"display_phone_number":"15550100100","event":"FLAGGED","current_limit":"TIER_1K"}"#,
    );
    assert!(
        matches!(&number[0].notice, AccountNotice::NumberQuality { event: Some(e), .. } if e == "FLAGGED")
    );
    let account = notices(
        "account_update",
        r#"{"event":"ACCOUNT_VIOLATION","violation_info":{"violation_type":"SPAM"}}"#,
    );
    assert!(
        matches!(&account[0].notice, AccountNotice::AccountUpdate { details: Some(d), .. } if d.contains("SPAM"))
    );
    let preferences = notices(
        "user_preferences",
        r#"{"contacts":[{"wa_id":"972501"}],"user_preferences":[
            {"wa_id":"972501","detail":"User requested to stop marketing messages","category":"marketing_messages","value":"stop","timestamp":1750000000},
            {"wa_id":"972502","category":"marketing_messages","value":"resume","timestamp":"1750000001"},
            {"wa_id":"972503","category":"marketing_messages","value":"maybe"}]}"#,
    );
    assert_eq!(preferences.len(), 2, "an unknown value is not a preference");
    assert!(matches!(
        &preferences[0].notice,
        AccountNotice::MarketingPreference {
            opted_out: true,
            ..
        }
    ));
    assert!(matches!(
        &preferences[1].notice,
        AccountNotice::MarketingPreference {
            opted_out: false,
            ..
        }
    ));
    assert_eq!(
        preferences[1].occurred_at,
        Some(Timestamp::from_unix_seconds(1_750_000_001))
    );
}
