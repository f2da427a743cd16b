//! The deliveries the load generator sends: Meta's webhook shape, signed with the app
//! secret. A realistic mix for a busy shop: mostly customers' text messages (new and
//! returning customers, in Hebrew, Arabic, Russian, Estonian and English), plus delivery
//! statuses of the shop's own messages.

use parley_whatsapp::signature::{self, SignatureError};
use serde_json::json;

pub const PHONE_NUMBER_ID: &str = "106540352242922";
pub const WABA_ID: &str = "102290129340398";
pub const APP_SECRET: &str = "bench-app-secret";

/// Distinct customers writing in; with thousands of deliveries most are returning.
const CUSTOMERS: u64 = 20_000;

const TEXTS: [&str; 10] = [
    "שלום, האם ההזמנה שלי כבר נשלחה?",
    "יש לכם את זה במידה 38?",
    "مرحبا، هل الطلب متوفر في المخزن؟",
    "شكرا جزيلا، وصلت الطلبية اليوم",
    "Здравствуйте! Когда будет доставка?",
    "Можно забронировать на завтра?",
    "Tere! Kas see on veel saadaval?",
    "Aitäh, pakk jõudis kohale.",
    "Hi, do you ship to Haifa?",
    "Can I change the colour of my order?",
];

const NAMES: [&str; 8] = [
    "דנה לוי",
    "Yossi",
    "فاطمة",
    "Omar K.",
    "Анна",
    "Дмитрий",
    "Kadri",
    "Mark",
];

const STATUSES: [&str; 3] = ["sent", "delivered", "read"];

/// What one delivery carries, so the harness can count what must be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Message,
    Status,
}

/// A body and its `X-Hub-Signature-256`.
pub struct Delivery {
    pub kind: Kind,
    pub body: Vec<u8>,
    pub signature: String,
}

/// Deterministic and cheap: the generator must spend its CPU on HTTP, not on randomness.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Every wamid of a run starts with this, so the harness can count a run's rows.
pub fn wamid_prefix(run: &str) -> String {
    format!("wamid.bench.{run}.")
}

/// The `index`th delivery of `connection` in `run`: unique wamids across the run.
pub fn delivery(
    run: &str,
    connection: u64,
    index: u64,
    unix_seconds: i64,
) -> Result<Delivery, SignatureError> {
    let seed = mix(connection << 32 ^ index);
    let wamid = format!("{}{connection}.{index}", wamid_prefix(run));
    // One delivery in six is a status, as a shop that answers gets statuses back.
    let kind = if seed.is_multiple_of(6) {
        Kind::Status
    } else {
        Kind::Message
    };
    let customer = 972_500_000_000 + mix(seed) % CUSTOMERS;
    let wa_id = customer.to_string();
    let value = match kind {
        Kind::Message => json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550051234", "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": NAMES[(customer % NAMES.len() as u64) as usize]}, "wa_id": wa_id}],
            "messages": [{
                "from": wa_id,
                "id": wamid,
                "timestamp": unix_seconds.to_string(),
                "type": "text",
                "text": {"body": TEXTS[(seed >> 8) as usize % TEXTS.len()]},
            }],
        }),
        Kind::Status => json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550051234", "phone_number_id": PHONE_NUMBER_ID},
            "statuses": [{
                "id": wamid,
                "status": STATUSES[(seed >> 8) as usize % STATUSES.len()],
                "timestamp": unix_seconds.to_string(),
                "recipient_id": wa_id,
                "conversation": {"id": format!("conv-{customer}"), "origin": {"type": "service"}},
                "pricing": {"billable": false, "pricing_model": "PMP", "category": "service", "type": "free_customer_service"},
            }],
        }),
    };
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA_ID, "changes": [{"field": "messages", "value": value}]}],
    })
    .to_string()
    .into_bytes();
    let signature = signature::sign(APP_SECRET.as_bytes(), &body)?;
    Ok(Delivery {
        kind,
        body,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliveries_are_signed_parse_and_mix_messages_with_statuses() {
        let mut kinds = Vec::new();
        for index in 0..60 {
            let d = delivery("t", 3, index, 1_750_000_000).expect("signed");
            signature::verify(APP_SECRET.as_bytes(), &d.body, Some(&d.signature))
                .expect("signed with the app secret");
            let parsed = parley_whatsapp::webhook::parse(&d.body).expect("Meta's shape");
            assert_eq!(parsed.changes.len(), 1);
            kinds.push(d.kind);
        }
        let statuses = kinds.iter().filter(|k| **k == Kind::Status).count();
        assert!(statuses > 0 && statuses < 30, "{statuses} statuses of 60");
        let a = delivery("t", 1, 2, 0).expect("signed");
        let b = delivery("t", 2, 1, 0).expect("signed");
        assert_ne!(a.body, b.body, "every delivery has its own wamid");
    }
}
