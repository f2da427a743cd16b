//! The simulated customers: what they wrote and when (which decides their 24-hour
//! window), whether they send read receipts, and how a sent message travels to them.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value, json};

use crate::faults::Fault;
use crate::webhooks::{self, StatusDetail};
use crate::{SimError, SimState, ids, unix_now};

const DAY_SECONDS: i64 = 24 * 60 * 60;

struct Customer {
    name: String,
    last_inbound_at: Option<i64>,
    read_receipts: bool,
    /// What the customer answers, in order, after reading a reply.
    replies: VecDeque<String>,
    /// The emoji they react with to replies they read.
    react_with: Option<String>,
    /// Meta's pricing conversation, opened by the first reply in a window.
    pricing: Option<(String, i64)>,
    /// They stopped marketing messages from this business in WhatsApp: a marketing
    /// template to them fails with 131050.
    marketing_stopped: bool,
}

impl Customer {
    fn new(name: &str, read_receipts: bool) -> Self {
        Self {
            name: name.to_owned(),
            last_inbound_at: None,
            read_receipts,
            replies: VecDeque::new(),
            react_with: None,
            pricing: None,
            marketing_stopped: false,
        }
    }
}

#[derive(Default)]
struct Inner {
    by_wa_id: HashMap<String, Customer>,
    /// The exact webhook bodies of inbound messages, for redelivery.
    bodies: HashMap<String, Arc<Vec<u8>>>,
    /// Inbound messages the business marked read (blue ticks on the customer's phone).
    read_by_business: std::collections::HashSet<String>,
    /// Each customer's latest message, for scripted edits and deletions.
    last_from: HashMap<String, String>,
    /// Every send request the Cloud API accepted, per recipient, in order.
    accepted_sends: HashMap<String, Vec<Value>>,
}

pub(crate) struct Customers {
    inner: Mutex<Inner>,
}

impl Customers {
    pub(crate) fn new() -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding this lock leaves plain data behind; keep serving.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn register(
        &self,
        wa_id: &str,
        name: &str,
        read_receipts: bool,
        replies: Vec<String>,
        react_with: Option<String>,
    ) {
        let mut inner = self.lock();
        let customer = inner
            .by_wa_id
            .entry(wa_id.to_owned())
            .or_insert_with(|| Customer::new(name, read_receipts));
        customer.name = name.to_owned();
        customer.read_receipts = read_receipts;
        customer.replies = replies.into();
        customer.react_with = react_with;
    }

    fn record_inbound(&self, wa_id: &str, name: &str, at: i64) {
        let mut inner = self.lock();
        let customer = inner
            .by_wa_id
            .entry(wa_id.to_owned())
            .or_insert_with(|| Customer::new(name, true));
        customer.last_inbound_at = Some(customer.last_inbound_at.map_or(at, |t| t.max(at)));
    }

    pub(crate) fn expire_window(&self, wa_id: &str) -> Result<(), SimError> {
        let mut inner = self.lock();
        let customer = inner
            .by_wa_id
            .get_mut(wa_id)
            .ok_or_else(|| SimError::UnknownCustomer(wa_id.to_owned()))?;
        customer.last_inbound_at = Some(unix_now() - DAY_SECONDS - 3600);
        customer.pricing = None;
        Ok(())
    }

    /// Records that `wa_id` stopped (or resumed) marketing messages; returns their name.
    fn set_marketing_stopped(&self, wa_id: &str, stopped: bool) -> String {
        let mut inner = self.lock();
        let customer = inner
            .by_wa_id
            .entry(wa_id.to_owned())
            .or_insert_with(|| Customer::new(&format!("+{wa_id}"), true));
        customer.marketing_stopped = stopped;
        customer.name.clone()
    }

    pub(crate) fn stopped_marketing(&self, wa_id: &str) -> bool {
        self.lock()
            .by_wa_id
            .get(wa_id)
            .is_some_and(|c| c.marketing_stopped)
    }

    /// Meta's rule: free-form messages only within 24 h of the customer's last message.
    pub(crate) fn window_open(&self, wa_id: &str, now: i64) -> bool {
        self.lock()
            .by_wa_id
            .get(wa_id)
            .and_then(|c| c.last_inbound_at)
            .is_some_and(|last| now < last + DAY_SECONDS)
    }

    pub(crate) fn mark_read_by_business(&self, wamid: &str) {
        self.lock().read_by_business.insert(wamid.to_owned());
    }

    pub(crate) fn was_read_by_business(&self, wamid: &str) -> bool {
        self.lock().read_by_business.contains(wamid)
    }

    pub(crate) fn record_accepted_send(&self, wa_id: &str, request: &Value) {
        self.lock()
            .accepted_sends
            .entry(wa_id.to_owned())
            .or_default()
            .push(request.clone());
    }

    pub(crate) fn accepted_sends(&self, wa_id: &str) -> Vec<Value> {
        self.lock()
            .accepted_sends
            .get(wa_id)
            .cloned()
            .unwrap_or_default()
    }

    pub(crate) fn last_from(&self, wa_id: &str) -> Option<String> {
        self.lock().last_from.get(wa_id).cloned()
    }

    fn sends_read_receipts(&self, wa_id: &str) -> bool {
        self.lock()
            .by_wa_id
            .get(wa_id)
            .is_some_and(|c| c.read_receipts)
    }

    fn reaction(&self, wa_id: &str) -> Option<(String, String)> {
        let inner = self.lock();
        let customer = inner.by_wa_id.get(wa_id)?;
        Some((customer.name.clone(), customer.react_with.clone()?))
    }

    fn next_reply(&self, wa_id: &str) -> Option<(String, String)> {
        let mut inner = self.lock();
        let customer = inner.by_wa_id.get_mut(wa_id)?;
        let text = customer.replies.pop_front()?;
        Some((customer.name.clone(), text))
    }

    fn pricing_conversation(&self, wa_id: &str, now: i64) -> (String, i64) {
        let mut inner = self.lock();
        let Some(customer) = inner.by_wa_id.get_mut(wa_id) else {
            return (ids::conversation_id(), now + DAY_SECONDS);
        };
        match &customer.pricing {
            Some((id, expires)) if *expires > now => (id.clone(), *expires),
            _ => {
                let opened = (ids::conversation_id(), now + DAY_SECONDS);
                customer.pricing = Some(opened.clone());
                opened
            }
        }
    }
}

/// A customer's message reaches the business: a signed webhook, retried until
/// acknowledged. `fields` is the message's `type` and its object.
pub(crate) fn send_inbound(
    state: &Arc<SimState>,
    wa_id: &str,
    name: &str,
    fields: &Value,
    seconds_ago: Option<i64>,
) -> String {
    let sent_at = unix_now() - seconds_ago.unwrap_or(0).max(0);
    let kind = fields.get("type").and_then(Value::as_str).unwrap_or("text");
    // Reactions, edits and deletions do not open the window, as on WhatsApp.
    if !matches!(kind, "reaction" | "edit" | "revoke" | "system") {
        state.customers.record_inbound(wa_id, name, sent_at);
    }
    let wamid = ids::wamid();
    let payload = webhooks::inbound_message(&state.number, wa_id, name, &wamid, sent_at, fields);
    let body = state.deliverer.deliver(&payload);
    let mut inner = state.customers.lock();
    inner.bodies.insert(wamid.clone(), body);
    if !matches!(kind, "reaction" | "edit" | "revoke") {
        inner.last_from.insert(wa_id.to_owned(), wamid.clone());
    }
    wamid
}

/// A customer stops (or resumes) marketing messages from the business in WhatsApp; with
/// `announce`, Meta's `user_preferences` webhook tells the business.
pub(crate) fn set_marketing(state: &SimState, wa_id: &str, stopped: bool, announce: bool) {
    let name = state.customers.set_marketing_stopped(wa_id, stopped);
    if !announce {
        return;
    }
    let (value, detail) = if stopped {
        ("stop", "User requested to stop marketing messages")
    } else {
        ("resume", "User requested to resume marketing messages")
    };
    let number = &state.number;
    let change = json!({
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": number.display_phone_number,
            "phone_number_id": number.phone_number_id,
        },
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
        "user_preferences": [{
            "wa_id": wa_id,
            "detail": detail,
            "category": "marketing_messages",
            "value": value,
            "timestamp": unix_now(),
        }],
    });
    state
        .deliverer
        .deliver(&webhooks::change(number, "user_preferences", change));
}

/// A customer's text message.
pub(crate) fn say(
    state: &Arc<SimState>,
    wa_id: &str,
    name: &str,
    text: &str,
    seconds_ago: Option<i64>,
) -> String {
    send_inbound(
        state,
        wa_id,
        name,
        &json!({"type": "text", "text": {"body": text}}),
        seconds_ago,
    )
}

/// A file a customer sends: stored by the simulator, announced by media id.
#[derive(Debug, Clone)]
pub struct CustomerMedia {
    /// `image`, `video`, `audio`, `voice`, `document` or `sticker`.
    pub kind: String,
    pub bytes: Vec<u8>,
    pub mime_type: String,
    pub caption: Option<String>,
    pub filename: Option<String>,
}

pub(crate) fn send_media(
    state: &Arc<SimState>,
    wa_id: &str,
    name: &str,
    media: CustomerMedia,
) -> String {
    let id = state.media.put(media.bytes, &media.mime_type);
    let stored = state.media.get(&id);
    let api_type = if media.kind == "voice" {
        "audio"
    } else {
        media.kind.as_str()
    };
    let mut object = json!({
        "id": id,
        "mime_type": media.mime_type,
        "sha256": stored.map(|m| m.sha256_base64()).unwrap_or_default(),
    });
    if media.kind == "voice" {
        object["voice"] = json!(true);
    }
    if let Some(caption) = media.caption {
        object["caption"] = json!(caption);
    }
    if let Some(filename) = media.filename {
        object["filename"] = json!(filename);
    }
    send_inbound(
        state,
        wa_id,
        name,
        &json!({"type": api_type, api_type: object}),
        None,
    )
}

pub(crate) fn redeliver(state: &Arc<SimState>, wamid: &str) -> bool {
    let body = state.customers.lock().bodies.get(wamid).cloned();
    match body {
        Some(body) => {
            state.deliverer.deliver_bytes(body);
            true
        }
        None => false,
    }
}

/// What happens after the Cloud API accepted a free-form message to `to`: inside the
/// window it is sent, delivered and (with receipts on) read, and a scripted customer may
/// answer; outside it fails with 131047, reported by webhook as Meta does. A fault on cue
/// fails it later with another code, or loses its status webhooks.
pub(crate) fn follow_accepted_message(
    state: Arc<SimState>,
    wamid: String,
    to: String,
    window_open: bool,
    fault: Option<Fault>,
) {
    tokio::spawn(async move {
        let timings = state.config.timings;
        let number = &state.number;
        let lose_webhooks = matches!(fault, Some(Fault::LoseStatuses));
        let report = |status: &str, at: i64, detail: StatusDetail<'_>| {
            state.history.record(&wamid, status, at);
            if !lose_webhooks {
                state
                    .deliverer
                    .deliver(&webhooks::status(number, &wamid, status, &to, at, detail));
            }
        };
        if !state.pause(timings.sent).await {
            return;
        }
        let failure = match fault {
            Some(Fault::FailLater { code }) => Some(code),
            _ if !window_open => Some(131047),
            _ => None,
        };
        if let Some(code) = failure {
            let (title, details) = failure_text(code);
            report(
                "failed",
                unix_now(),
                StatusDetail::Error {
                    code,
                    title,
                    details,
                },
            );
            return;
        }
        let (conversation_id, expires_at_seconds) =
            state.customers.pricing_conversation(&to, unix_now());
        let reads = state.customers.sends_read_receipts(&to);
        // Each status after its delay from the previous one: sent and delivered carry the
        // pricing conversation, read carries nothing more (as Meta's do).
        let steps = [
            ("sent", Duration::ZERO, true),
            (
                "delivered",
                timings.delivered.saturating_sub(timings.sent),
                true,
            ),
            (
                "read",
                timings.read.saturating_sub(timings.delivered),
                false,
            ),
        ];
        for (status, wait, billed) in steps {
            if status == "read" && !reads {
                break;
            }
            if !state.pause(wait).await {
                return;
            }
            let detail = if billed {
                StatusDetail::Billing {
                    conversation_id: &conversation_id,
                    expires_at_seconds,
                }
            } else {
                StatusDetail::None
            };
            report(status, unix_now(), detail);
        }
        if reads
            && let Some((name, emoji)) = state.customers.reaction(&to)
            && state.pause(Duration::from_millis(600)).await
        {
            let fields =
                json!({"type": "reaction", "reaction": {"message_id": wamid, "emoji": emoji}});
            send_inbound(&state, &to, &name, &fields, None);
        }
        if let Some((name, reply)) = state.customers.next_reply(&to)
            && state.pause(timings.customer_reply).await
        {
            say(&state, &to, &name, &reply, None);
        }
    });
}

/// Meta's title and details for a failed status.
fn failure_text(code: i64) -> (&'static str, &'static str) {
    match code {
        131047 => (
            "Re-engagement message",
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        ),
        131026 => (
            "Message undeliverable",
            "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number, or the recipient is using an old WhatsApp version.",
        ),
        131049 => (
            "This message was not delivered to maintain healthy ecosystem engagement.",
            "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
        ),
        131050 => (
            "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
            "The user has stopped marketing messages.",
        ),
        _ => (
            "Message failed",
            "The simulator failed this message on cue.",
        ),
    }
}
