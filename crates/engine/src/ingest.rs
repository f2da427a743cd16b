//! From Meta's webhook shapes to the store's records. Deciding what a delivery means is
//! here; writing it is the store's job.

use parley_core::Timestamp;
use parley_core::meta_error::SendFailure;
use parley_store::{InboundRecord, IngestBatch, RawEventRecord, StatusRecord};
use parley_whatsapp::webhook::{
    ChangeEvent, MessagesValue, OBJECT_WHATSAPP, WebhookDelivery, WebhookError,
};

pub(crate) fn batch_from(
    delivery: &WebhookDelivery,
    phone_number_id: &str,
    now: Timestamp,
) -> IngestBatch {
    let mut batch = IngestBatch::default();
    for change in &delivery.changes {
        let field = if delivery.object == OBJECT_WHATSAPP {
            change.field.clone()
        } else {
            format!("{}:{}", delivery.object, change.field)
        };
        match &change.event {
            ChangeEvent::Messages(value)
                if delivery.object == OBJECT_WHATSAPP
                    && value
                        .phone_number_id
                        .as_deref()
                        .is_none_or(|id| id == phone_number_id) =>
            {
                add_messages(&mut batch, value, now);
            }
            ChangeEvent::Messages(value) => {
                // Another number of the same app, or not WhatsApp at all: keep it as it came.
                batch.raw_events.push(RawEventRecord {
                    field,
                    payload: format!(
                        r#"{{"phone_number_id":{},"messages":{},"statuses":{}}}"#,
                        serde_json::to_string(&value.phone_number_id).unwrap_or_default(),
                        value.messages.len(),
                        value.statuses.len()
                    ),
                });
            }
            ChangeEvent::Other(value) => batch.raw_events.push(RawEventRecord {
                field,
                payload: value.to_string(),
            }),
        }
    }
    batch
}

fn add_messages(batch: &mut IngestBatch, value: &MessagesValue, now: Timestamp) {
    for message in &value.messages {
        // Newer payloads may omit `from`; with a single contact it is unambiguous.
        let wa_id = message
            .from
            .clone()
            .or_else(|| match value.contacts.as_slice() {
                [only] => only.wa_id.clone(),
                _ => None,
            });
        let Some(wa_id) = wa_id else {
            batch.raw_events.push(RawEventRecord {
                field: "messages".to_owned(),
                payload: message.raw.to_string(),
            });
            continue;
        };
        let profile_name = value
            .contacts
            .iter()
            .find(|c| c.wa_id.as_deref() == Some(wa_id.as_str()))
            .and_then(|c| c.name.clone());
        batch.inbound.push(InboundRecord {
            wamid: message.id.clone(),
            wa_id,
            profile_name,
            kind: message.kind.clone(),
            text: message.text.clone(),
            sent_at: message.timestamp.unwrap_or(now),
            payload: message.raw.to_string(),
        });
    }
    for status in &value.statuses {
        let failure = (status.status == "failed").then(|| failure_from(&status.errors));
        batch.statuses.push(StatusRecord {
            wamid: status.id.clone(),
            status: status.status.clone(),
            occurred_at: status.timestamp.unwrap_or(now),
            recipient_id: status.recipient_id.clone(),
            failure,
            payload: status.raw.to_string(),
        });
    }
    for raw in &value.unidentifiable {
        batch.raw_events.push(RawEventRecord {
            field: "messages".to_owned(),
            payload: raw.to_string(),
        });
    }
    if !value.errors.is_empty() {
        let errors: Vec<String> = value.errors.iter().map(WebhookError::summary).collect();
        batch.raw_events.push(RawEventRecord {
            field: "messages.errors".to_owned(),
            payload: serde_json::to_string(&errors).unwrap_or_default(),
        });
    }
}

fn failure_from(errors: &[WebhookError]) -> SendFailure {
    match errors.first() {
        Some(e) => SendFailure::Meta {
            code: e.code.unwrap_or_default(),
            title: e
                .title
                .clone()
                .or_else(|| e.message.clone())
                .unwrap_or_default(),
            details: e.details.clone(),
        },
        None => SendFailure::Meta {
            code: 0,
            title: "Meta reported the message as failed without a reason".to_owned(),
            details: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_whatsapp::webhook::parse;

    const NOW: Timestamp = Timestamp(1_750_000_000_000);

    fn batch(body: &str) -> IngestBatch {
        batch_from(
            &parse(body.as_bytes()).expect("parse"),
            "106540352242922",
            NOW,
        )
    }

    #[test]
    fn a_text_message_becomes_an_inbound_record_with_the_profile_name() {
        let b = batch(
            r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
              "metadata":{"phone_number_id":"106540352242922"},
              "contacts":[{"profile":{"name":"Sheena"},"wa_id":"16505551234"}],
              "messages":[{"from":"16505551234","id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"hi"}}]}}]}]}"#,
        );
        assert_eq!(b.inbound.len(), 1);
        let m = &b.inbound[0];
        assert_eq!(m.wa_id, "16505551234");
        assert_eq!(m.profile_name.as_deref(), Some("Sheena"));
        assert_eq!(m.text.as_deref(), Some("hi"));
        assert_eq!(m.sent_at, Timestamp::from_unix_seconds(1_749_416_383));
    }

    #[test]
    fn a_missing_from_is_taken_from_the_only_contact() {
        let b = batch(
            r#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
              "contacts":[{"profile":{"name":"X"},"wa_id":"1555"}],
              "messages":[{"id":"wamid.B","type":"text","text":{"body":"hi"}}]}}]}]}"#,
        );
        assert_eq!(b.inbound[0].wa_id, "1555");
        assert_eq!(
            b.inbound[0].sent_at, NOW,
            "no timestamp: the time it arrived"
        );
    }

    #[test]
    fn a_failed_status_carries_metas_reason() {
        let b = batch(
            r#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
              "statuses":[{"id":"wamid.C","status":"failed","timestamp":"1750000000","recipient_id":"1",
                "errors":[{"code":131047,"title":"Re-engagement message","error_data":{"details":"24 hours"}}]}]}}]}]}"#,
        );
        assert_eq!(
            b.statuses[0].failure,
            Some(SendFailure::Meta {
                code: 131047,
                title: "Re-engagement message".into(),
                details: Some("24 hours".into())
            })
        );
    }

    #[test]
    fn other_fields_numbers_and_objects_are_kept_raw() {
        let b = batch(
            r#"{"object":"whatsapp_business_account","entry":[{"changes":[
              {"field":"account_update","value":{"event":"VERIFIED_ACCOUNT"}},
              {"field":"messages","value":{"metadata":{"phone_number_id":"999"},
                 "messages":[{"from":"1","id":"wamid.D","type":"text","text":{"body":"not ours"}}]}}]}]}"#,
        );
        assert!(
            b.inbound.is_empty(),
            "another number's messages are not in this inbox"
        );
        let fields: Vec<_> = b.raw_events.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["account_update", "messages"]);

        let page =
            batch(r#"{"object":"page","entry":[{"changes":[{"field":"feed","value":{}}]}]}"#);
        assert_eq!(page.raw_events[0].field, "page:feed");
    }
}
