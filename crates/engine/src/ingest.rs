//! From Meta's webhook shapes to the store's records. Deciding what a delivery means is
//! here; writing it is the store's job.

use parley_core::Timestamp;
use parley_core::meta_error::SendFailure;
use parley_store::{
    InboundRecord, IngestBatch, NoticeRecord, RawEventRecord, StatusRecord, UNWRITTEN_DELIVERY,
};
use parley_whatsapp::webhook::{
    self, ChangeEvent, MessagesValue, OBJECT_WHATSAPP, WebhookDelivery, WebhookError,
};

/// A journaled delivery's body read back. The receiver parsed it before journaling it,
/// but a later version may read it differently: what it cannot read is kept as received.
pub(crate) fn batch_from_body(
    body: &[u8],
    phone_number_id: &str,
    received_at: Timestamp,
) -> IngestBatch {
    match webhook::parse(body) {
        Ok(delivery) => batch_from(&delivery, phone_number_id, received_at),
        Err(e) => {
            tracing::error!("a journaled webhook delivery no longer parses, kept as received: {e}");
            IngestBatch {
                raw_events: vec![RawEventRecord {
                    field: UNWRITTEN_DELIVERY.to_owned(),
                    payload: String::from_utf8_lossy(body).into_owned(),
                }],
                ..IngestBatch::default()
            }
        }
    }
}

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
            ChangeEvent::Notices { notices, raw } => {
                let payload = raw.to_string();
                for notice in notices {
                    batch.notices.push(NoticeRecord {
                        field: field.clone(),
                        notice: notice.notice.clone(),
                        occurred_at: notice.occurred_at.unwrap_or(now),
                        payload: payload.clone(),
                    });
                }
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
        // Newer payloads may omit `from` and carry a business-scoped user id instead;
        // with a single contact in the value, whose message it is stays unambiguous.
        let only_contact = match value.contacts.as_slice() {
            [only] => Some(only),
            _ => None,
        };
        let wa_id = message
            .from
            .clone()
            .or_else(|| only_contact.and_then(|c| c.wa_id.clone()))
            .or_else(|| message.from_user_id.clone());
        let Some(wa_id) = wa_id else {
            batch.raw_events.push(RawEventRecord {
                field: "messages".to_owned(),
                payload: message.raw.to_string(),
            });
            continue;
        };
        let profile = value
            .contacts
            .iter()
            .find(|c| {
                c.wa_id.as_deref() == Some(wa_id.as_str())
                    || c.user_id.as_deref() == Some(wa_id.as_str())
            })
            .or(only_contact);
        batch.inbound.push(InboundRecord {
            wamid: message.id.clone(),
            wa_id,
            user_id: message
                .from_user_id
                .clone()
                .or_else(|| profile.and_then(|c| c.user_id.clone())),
            profile_name: profile.and_then(|c| c.name.clone()),
            kind: message.kind.clone(),
            content: message.content.clone(),
            edited: message.edited.clone(),
            context: message.context.clone(),
            referral: message.referral.clone(),
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
        assert_eq!(m.content.text(), Some("hi"));
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
    fn a_message_with_only_a_business_scoped_id_is_kept() {
        let b = batch(
            r#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
              "contacts":[{"profile":{"name":"B"},"user_id":"US.1"},{"profile":{"name":"C"},"user_id":"US.2"}],
              "messages":[{"from_user_id":"US.2","id":"wamid.U","type":"text","text":{"body":"hi"}}]}}]}]}"#,
        );
        assert_eq!(b.inbound[0].wa_id, "US.2");
        assert_eq!(b.inbound[0].profile_name.as_deref(), Some("C"));
        assert_eq!(b.inbound[0].user_id.as_deref(), Some("US.2"));
    }

    #[test]
    fn account_notices_carry_their_time_and_raw_value() {
        let b = batch(
            r#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"user_preferences","value":{
              "user_preferences":[{"wa_id":"972501","category":"marketing_messages","value":"stop","timestamp":1750000000}]}}]}]}"#,
        );
        assert_eq!(b.notices.len(), 1);
        assert_eq!(
            b.notices[0].occurred_at,
            Timestamp::from_unix_seconds(1_750_000_000)
        );
        assert!(b.notices[0].payload.contains("\"stop\""));
    }

    #[test]
    fn other_fields_numbers_and_objects_are_kept_raw() {
        let b = batch(
            r#"{"object":"whatsapp_business_account","entry":[{"changes":[
              {"field":"business_capability_update","value":{"max_daily_conversation_per_phone":1000}},
              {"field":"messages","value":{"metadata":{"phone_number_id":"999"},
                 "messages":[{"from":"1","id":"wamid.D","type":"text","text":{"body":"not ours"}}]}}]}]}"#,
        );
        assert!(
            b.inbound.is_empty(),
            "another number's messages are not in this inbox"
        );
        let fields: Vec<_> = b.raw_events.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["business_capability_update", "messages"]);

        let page =
            batch(r#"{"object":"page","entry":[{"changes":[{"field":"feed","value":{}}]}]}"#);
        assert_eq!(page.raw_events[0].field, "page:feed");
    }
}
