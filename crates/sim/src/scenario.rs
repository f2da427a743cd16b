//! Scripted customers for demos: who writes what and when, what they answer, and
//! messages from the past that arrive late (showing closed and closing windows).

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use serde::Deserialize;

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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedMessage {
    pub after_ms: u64,
    pub text: String,
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
                    customers::say(&state, &wa_id, &name, &message.text, None);
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
}
