use super::*;

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
        message.text.as_deref(),
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
    assert_eq!(message.text, None);
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
        {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":7}}]}]}"#;
    let delivery = parse(body.as_bytes()).expect("parse");
    assert_eq!(delivery.changes[0].field, "message_template_status_update");
    assert!(
        matches!(&delivery.changes[0].event, ChangeEvent::Other(v) if v["event"] == "APPROVED")
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
