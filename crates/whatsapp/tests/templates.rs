//! Template bodies as Meta writes and reads them.

use parley_core::template::{TemplateCategory, TemplateStatus};
use parley_whatsapp::api::{
    CreatedTemplate, SendMessageRequest, TemplatePage, TemplateParameter, TemplateSendComponent,
};
use serde_json::json;

#[test]
fn a_listed_template_reads_back_as_its_definition() {
    // Meta's example answer for a template (OpenAPI spec, "Get template by ID"), with a
    // field Parley does not know.
    let page: TemplatePage = serde_json::from_value(json!({"data": [{
        "category": "MARKETING",
        "components": [
            {"format": "TEXT", "text": "Fall Sale", "type": "HEADER"},
            {"example": {"body_text": [["Mark", "FALL25"]]},
             "text": "Hi {{1}}, our Fall Sale is on! Use promo code {{2}} Get an extra 25% off every order above $350!",
             "type": "BODY"},
            {"text": "Not interested in any of our sales? Tap Stop Promotions", "type": "FOOTER"},
            {"buttons": [{"text": "Stop promotions", "type": "QUICK_REPLY"}], "type": "BUTTONS"}
        ],
        "id": "920070352646140", "language": "en_US", "name": "2023_april_promo",
        "status": "APPROVED",
        "quality_score": {"score": "GREEN", "date": "1700000000"},
        "sub_category": "CUSTOM"
    }]}))
    .expect("page");
    let info = &page.data[0];
    let definition = info.definition().expect("definition");
    assert_eq!(definition.category, TemplateCategory::Marketing);
    assert_eq!(definition.components.len(), 4);
    assert_eq!(info.known_status(), Some(TemplateStatus::Approved));
    assert_eq!(
        info.quality_score.as_ref().and_then(|q| q.date),
        Some(1_700_000_000)
    );

    let mut unknown = info.clone();
    unknown.status = "SOMETHING_NEW".to_owned();
    assert_eq!(unknown.known_status(), None);
    unknown.components = json!([{"type": "CAROUSEL", "cards": []}]);
    assert_eq!(unknown.definition(), None);
}

#[test]
fn a_template_send_is_metas_json() {
    let request = SendMessageRequest::template(
        "972501234567",
        "order_update",
        "en_US",
        vec![
            TemplateSendComponent::body(vec![
                TemplateParameter::text("Dana"),
                TemplateParameter::named("order", "#1042"),
            ]),
            TemplateSendComponent::url_button(1, "1042"),
            TemplateSendComponent::copy_code_button(2, "SAVE10"),
        ],
    );
    assert_eq!(
        serde_json::to_value(&request).expect("json"),
        json!({
            "messaging_product": "whatsapp", "recipient_type": "individual",
            "to": "972501234567", "type": "template",
            "template": {
                "name": "order_update",
                "language": {"policy": "deterministic", "code": "en_US"},
                "components": [
                    {"type": "body", "parameters": [
                        {"type": "text", "text": "Dana"},
                        {"type": "text", "text": "#1042", "parameter_name": "order"}]},
                    {"type": "button", "sub_type": "url", "index": "1",
                     "parameters": [{"type": "text", "text": "1042"}]},
                    {"type": "button", "sub_type": "copy_code", "index": "2",
                     "parameters": [{"type": "coupon_code", "coupon_code": "SAVE10"}]}
                ]
            }
        })
    );
}

#[test]
fn a_creation_answer_is_typed() {
    let created: CreatedTemplate = serde_json::from_value(
        json!({"id": "template-1", "status": "PENDING", "category": "MARKETING"}),
    )
    .expect("created");
    assert_eq!(created.status, TemplateStatus::Pending);
    assert!(
        serde_json::from_value::<CreatedTemplate>(
            json!({"id": "1", "status": "WAITING", "category": "MARKETING"})
        )
        .is_err()
    );
}
