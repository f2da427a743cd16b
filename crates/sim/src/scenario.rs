//! Scripted customers for demos: who writes what and when, what they answer, and
//! messages from the past that arrive late (showing closed and closing windows).

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use serde::Deserialize;

use serde_json::json;

use crate::customers::CustomerMedia;
use crate::{SimState, customers};

/// The scenario the desktop demo plays.
pub const DEMO_JSON: &str = include_str!("../../../assets/demo/scenario.json");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub customers: Vec<ScriptedCustomer>,
    #[serde(default)]
    pub ambient: Option<Ambient>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedCustomer {
    pub wa_id: String,
    pub name: String,
    #[serde(default = "yes")]
    pub read_receipts: bool,
    /// Messages written in the past, delivered when the scenario starts.
    #[serde(default)]
    pub history: Vec<PastMessage>,
    #[serde(default)]
    pub script: Vec<ScriptedMessage>,
    /// Answers to the business's replies, in order.
    #[serde(default)]
    pub replies: Vec<String>,
    /// Reacts with this emoji to each reply they read.
    #[serde(default)]
    pub react_to_replies: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PastMessage {
    pub hours_ago: f64,
    pub text: String,
}

/// One scripted step: exactly one of `text`, `media`, `message`, `edit_last`,
/// `revoke_last`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedMessage {
    pub after_ms: u64,
    #[serde(default)]
    pub text: Option<String>,
    /// One of the demo files.
    #[serde(default)]
    pub media: Option<MediaItem>,
    /// Any message type's fields, as in Meta's webhooks.
    #[serde(default)]
    pub message: Option<serde_json::Value>,
    /// Edits the customer's previous message to this text.
    #[serde(default)]
    pub edit_last: Option<String>,
    /// Deletes the customer's previous message.
    #[serde(default)]
    pub revoke_last: bool,
}

/// A demo file a customer sends.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaItem {
    /// `image`, `video`, `audio`, `voice`, `document` or `sticker`.
    pub kind: String,
    /// A file name from `assets/demo/media`.
    pub file: String,
    #[serde(default)]
    pub caption: Option<String>,
}

/// The demo's files, compiled in so the simulator runs anywhere.
const DEMO_FILES: &[(&str, &str, &[u8])] = &[
    (
        "sneakers.jpg",
        "image/jpeg",
        include_bytes!("../../../assets/demo/media/sneakers.jpg"),
    ),
    (
        "voice-note.ogg",
        "audio/ogg; codecs=opus",
        include_bytes!("../../../assets/demo/media/voice-note.ogg"),
    ),
    (
        "sticker.webp",
        "image/webp",
        include_bytes!("../../../assets/demo/media/sticker.webp"),
    ),
    (
        "unboxing.mp4",
        "video/mp4",
        include_bytes!("../../../assets/demo/media/unboxing.mp4"),
    ),
    (
        "invoice-1042.pdf",
        "application/pdf",
        include_bytes!("../../../assets/demo/media/invoice-1042.pdf"),
    ),
];

/// The demo file `item` names, ready to send.
pub fn demo_media(item: &MediaItem) -> Result<CustomerMedia, String> {
    let (name, mime, bytes) = DEMO_FILES
        .iter()
        .find(|(name, _, _)| *name == item.file)
        .ok_or_else(|| format!("no demo file {:?}", item.file))?;
    Ok(CustomerMedia {
        kind: item.kind.clone(),
        bytes: bytes.to_vec(),
        mime_type: (*mime).to_owned(),
        caption: item.caption.clone(),
        filename: (item.kind == "document").then(|| (*name).to_owned()),
    })
}

/// Occasional messages that keep a long demo alive.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ambient {
    pub min_interval_ms: u64,
    pub max_interval_ms: u64,
    pub messages: Vec<AmbientMessage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmbientMessage {
    pub wa_id: String,
    pub text: String,
}

impl Scenario {
    pub fn demo() -> Self {
        // The file is compiled in and covered by a test: it cannot fail to parse.
        serde_json::from_str(DEMO_JSON).unwrap_or(Self {
            customers: Vec::new(),
            ambient: None,
        })
    }
}

pub(crate) fn play(state: Arc<SimState>, scenario: Scenario) {
    for customer in &scenario.customers {
        state.customers.register(
            &customer.wa_id,
            &customer.name,
            customer.read_receipts,
            customer.replies.clone(),
            customer.react_to_replies.clone(),
        );
        let mut history = customer.history.clone();
        history.sort_by(|a, b| b.hours_ago.total_cmp(&a.hours_ago));
        for past in history {
            let seconds_ago = (past.hours_ago * 3600.0) as i64;
            customers::say(
                &state,
                &customer.wa_id,
                &customer.name,
                &past.text,
                Some(seconds_ago),
            );
        }
        for message in customer.script.clone() {
            let state = state.clone();
            let (wa_id, name) = (customer.wa_id.clone(), customer.name.clone());
            tokio::spawn(async move {
                if state.pause(Duration::from_millis(message.after_ms)).await {
                    perform(&state, &wa_id, &name, message);
                }
            });
        }
    }
    if let Some(ambient) = scenario.ambient.filter(|a| !a.messages.is_empty()) {
        let names: Vec<(String, String)> = scenario
            .customers
            .iter()
            .map(|c| (c.wa_id.clone(), c.name.clone()))
            .collect();
        tokio::spawn(async move {
            for message in ambient.messages.iter().cycle() {
                let (low, high) = (
                    ambient.min_interval_ms,
                    ambient.max_interval_ms.max(ambient.min_interval_ms),
                );
                let wait = rand::rng().random_range(low..=high);
                if !state.pause(Duration::from_millis(wait)).await {
                    return;
                }
                let name = names
                    .iter()
                    .find(|(wa_id, _)| *wa_id == message.wa_id)
                    .map_or_else(|| format!("+{}", message.wa_id), |(_, name)| name.clone());
                customers::say(&state, &message.wa_id, &name, &message.text, None);
            }
        });
    }
}

/// Plays one scripted step.
fn perform(state: &Arc<SimState>, wa_id: &str, name: &str, step: ScriptedMessage) {
    if let Some(text) = step.text {
        customers::say(state, wa_id, name, &text, None);
    } else if let Some(item) = step.media {
        match demo_media(&item) {
            Ok(media) => {
                customers::send_media(state, wa_id, name, media);
            }
            Err(e) => tracing::warn!("scenario: {e}"),
        }
    } else if let Some(fields) = step.message {
        customers::send_inbound(state, wa_id, name, &fields, None);
    } else if let Some(edited) = step.edit_last {
        if let Some(original) = state.customers.last_from(wa_id) {
            let fields = json!({"type": "edit", "edit": {
                "original_message_id": original,
                "message": {"type": "text", "text": {"body": edited}}
            }});
            customers::send_inbound(state, wa_id, name, &fields, None);
        }
    } else if step.revoke_last
        && let Some(original) = state.customers.last_from(wa_id)
    {
        let fields = json!({"type": "revoke", "revoke": {"original_message_id": original}});
        customers::send_inbound(state, wa_id, name, &fields, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_scenario_parses_and_has_customers_in_several_scripts() {
        let scenario: Scenario = serde_json::from_str(DEMO_JSON).expect("demo scenario parses");
        assert!(scenario.customers.len() >= 4);
        let names: String = scenario.customers.iter().map(|c| c.name.as_str()).collect();
        assert!(
            names
                .chars()
                .any(|c| ('\u{0590}'..='\u{05ff}').contains(&c)),
            "Hebrew"
        );
        assert!(
            names
                .chars()
                .any(|c| ('\u{0600}'..='\u{06ff}').contains(&c)),
            "Arabic"
        );
        assert!(
            names
                .chars()
                .any(|c| ('\u{0400}'..='\u{04ff}').contains(&c)),
            "Cyrillic"
        );
        assert!(
            scenario
                .customers
                .iter()
                .any(|c| c.history.iter().any(|h| h.hours_ago > 24.0)),
            "someone whose window is closed"
        );
        assert!(
            scenario
                .customers
                .iter()
                .any(|c| c.script.iter().any(|m| m.after_ms <= 2_000)),
            "someone who writes right away"
        );
    }

    #[test]
    fn every_step_does_one_thing_and_every_demo_file_exists() {
        let scenario: Scenario = serde_json::from_str(DEMO_JSON).expect("demo scenario parses");
        for step in scenario.customers.iter().flat_map(|c| &c.script) {
            let given = [
                step.text.is_some(),
                step.media.is_some(),
                step.message.is_some(),
                step.edit_last.is_some(),
                step.revoke_last,
            ];
            assert_eq!(
                given.iter().filter(|g| **g).count(),
                1,
                "one action per step: {step:?}"
            );
            if let Some(item) = &step.media {
                assert!(demo_media(item).is_ok(), "{item:?}");
            }
        }
    }

    #[test]
    fn every_demo_file_is_what_its_name_says() {
        for (name, mime, bytes) in DEMO_FILES {
            let ok = match *mime {
                "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
                "image/webp" => bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP",
                "application/pdf" => bytes.starts_with(b"%PDF"),
                "video/mp4" => &bytes[4..8] == b"ftyp",
                m if m.starts_with("audio/ogg") => bytes.starts_with(b"OggS"),
                _ => false,
            };
            assert!(ok, "{name} is not a {mime}");
        }
    }
}
