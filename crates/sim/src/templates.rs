//! The templates the simulated account has, as `GET /{waba_id}/message_templates` lists
//! them (in Meta's response shape).

use serde_json::{Value, json};

pub(crate) fn demo() -> Vec<Value> {
    vec![
        json!({
            "id": "1192339204654487", "name": "hello_world", "language": "en_US",
            "status": "APPROVED", "category": "UTILITY",
            "quality_score": {"score": "GREEN"},
            "components": [
                {"type": "HEADER", "format": "TEXT", "text": "Hello World"},
                {"type": "BODY", "text": "Welcome and congratulations!! This message demonstrates your ability to send a message notification from WhatsApp Business Platform's Cloud API."},
                {"type": "FOOTER", "text": "WhatsApp Business API Team"}
            ]
        }),
        json!({
            "id": "920070352646140", "name": "order_ready", "language": "he",
            "status": "APPROVED", "category": "UTILITY",
            "quality_score": {"score": "GREEN"},
            "components": [
                {"type": "BODY", "text": "שלום {{1}}, ההזמנה {{2}} מוכנה לאיסוף בחנות.",
                 "example": {"body_text": [["דנה", "#1042"]]}}
            ]
        }),
        json!({
            "id": "771122334455667", "name": "summer_sale", "language": "en_US",
            "status": "REJECTED", "category": "MARKETING", "rejected_reason": "INVALID_FORMAT",
            "components": [
                {"type": "BODY", "text": "{{1}}, our summer sale starts now!",
                 "example": {"body_text": [["Dana"]]}}
            ]
        }),
    ]
}

/// One page of `templates`, starting at the `after` cursor (an index here).
pub(crate) fn page(templates: &[Value], after: Option<&str>, limit: usize) -> Value {
    let start = after
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(0)
        .min(templates.len());
    let end = (start + limit.max(1)).min(templates.len());
    let mut paging = json!({"cursors": {"before": start.to_string(), "after": end.to_string()}});
    if end < templates.len() {
        paging["next"] = json!(format!("?after={end}"));
    }
    json!({"data": templates[start..end], "paging": paging})
}
