//! Auto-replies in the running engine. After a delivery is committed, each new customer
//! message is decided by the rules ([`parley_core::auto_reply`]) and the decision is
//! recorded by the store in one transaction with the reply it queues (so a redelivered
//! webhook or a restart never answers twice); the sender then sends the reply like any
//! other message, marked as written by its automation.
//!
//! The settings work without a connected account (they only need the store), so the
//! functions the shell calls take a [`Store`].

use std::sync::Arc;

use parley_core::agent::Role;
use parley_core::auto_reply::{
    self, AutoReplyRules, AutoReplySettings, AwayStatus, RecordedDecision, Reply,
};
use parley_core::content::MessageContent;
use parley_core::message::outgoing_text;
use parley_core::time::MINUTE_MS;
use parley_core::window::ServiceWindow;
use parley_core::{AgentId, MessageId, Timestamp};
use parley_store::{
    AutoReplyContext, AutoReplyOutcome, AutoReplyRecord, NewMessageDecision, QueuedReply, Store,
};
use parley_whatsapp::api::SendMessageRequest;

use crate::events::Announcement;
use crate::{EngineError, Shared, agents, now};

/// How far back the start-up check looks for customer messages a crash left undecided.
/// Older ones would be answered too late to help.
const CATCH_UP_MS: i64 = 10 * MINUTE_MS;

/// The saved settings (the defaults when none were saved).
pub async fn load(store: &Store) -> Result<AutoReplySettings, EngineError> {
    Ok(store.auto_reply_settings().await?)
}

/// Validates and saves the settings, if the profile at the desk may change settings.
/// Returns them as saved (normalised).
pub async fn save(
    store: &Store,
    actor: AgentId,
    settings: &AutoReplySettings,
) -> Result<AutoReplySettings, EngineError> {
    agents::require(
        store,
        actor,
        Role::may_change_settings,
        "change auto-replies",
    )
    .await?;
    let settings = settings.validated()?;
    store.save_auto_reply_settings(&settings, now()).await?;
    Ok(settings)
}

/// Whether the away message is active at `at` under `settings`, and until when.
pub fn status(settings: &AutoReplySettings, at: Timestamp) -> Result<AwayStatus, EngineError> {
    Ok(AutoReplyRules::compile(settings)?.away_status(at))
}

/// What was decided about a customer message, if anything.
pub async fn decision(
    store: &Store,
    message: MessageId,
) -> Result<Option<RecordedDecision>, EngineError> {
    Ok(store.auto_reply_decision(message).await?)
}

/// The rules as they stand for one group of new messages, loaded once before the
/// transaction that records their decisions.
pub(crate) struct GroupDecider {
    rules: Arc<AutoReplyRules>,
    link_previews: bool,
    at: Timestamp,
}

impl GroupDecider {
    /// `None` (logged) when the saved settings cannot be used: the messages stay
    /// undecided rather than answered by rules nobody chose.
    pub(crate) async fn load(shared: &Shared) -> Option<Self> {
        let rules = match current_rules(&shared.store).await {
            Ok(rules) => Arc::new(rules),
            Err(e) => {
                tracing::warn!("auto-replies are off: their settings cannot be used: {e}");
                return None;
            }
        };
        Some(Self::with_rules(shared, rules).await)
    }

    async fn with_rules(shared: &Shared, rules: Arc<AutoReplyRules>) -> Self {
        let link_previews = shared.preferences.read().await.link_previews;
        Self {
            rules,
            link_previews,
            at: now(),
        }
    }

    /// When the decisions are made.
    pub(crate) fn at(&self) -> Timestamp {
        self.at
    }

    pub(crate) fn plan(&self, context: &AutoReplyContext) -> AutoReplyRecord {
        plan(&self.rules, context, self.at, self.link_previews)
    }
}

/// The rules the webhook writer applies, read again only once settings were saved: a
/// read per group would cost the writer a round trip to a busy reader every time.
#[derive(Default)]
pub(crate) struct RulesCache {
    loaded: Option<(u64, Arc<AutoReplyRules>)>,
}

impl RulesCache {
    /// The decider for the next group (see [`GroupDecider::load`]).
    pub(crate) async fn decider(&mut self, shared: &Shared) -> Option<GroupDecider> {
        // Read before the settings: a save in between makes the next group read again.
        let generation = shared.store.settings_generation();
        let rules = match &self.loaded {
            Some((loaded, rules)) if *loaded == generation => rules.clone(),
            _ => {
                let decider = GroupDecider::load(shared).await?;
                self.loaded = Some((generation, decider.rules.clone()));
                return Some(decider);
            }
        };
        Some(GroupDecider::with_rules(shared, rules).await)
    }
}

/// Tells the UI and the sender about the replies queued and opt-outs recorded; failures
/// are logged, never returned: the messages are already stored.
pub(crate) fn announce_decisions(shared: &Shared, decisions: &[NewMessageDecision]) {
    for decision in decisions {
        match &decision.outcome {
            Ok(Some(outcome)) => announce(shared, outcome),
            Ok(None) => {}
            Err(e) => tracing::warn!(
                "no auto-reply decided for message {}: {e}",
                decision.message
            ),
        }
    }
}

/// Decides about each of the `new_messages` already stored, in order, and queues the
/// replies. Failures are logged, never returned: the messages are already stored.
async fn answer(shared: &Shared, new_messages: &[MessageId]) {
    if new_messages.is_empty() {
        return;
    }
    let Some(decider) = GroupDecider::load(shared).await else {
        return;
    };
    // One transaction for all of them: one fsync, not one per message.
    let decided = shared
        .store
        .decide_auto_replies(new_messages, decider.at(), |context| decider.plan(context))
        .await;
    match decided {
        Ok(outcomes) => {
            let decisions: Vec<NewMessageDecision> = new_messages
                .iter()
                .zip(outcomes)
                .map(|(&message, outcome)| NewMessageDecision { message, outcome })
                .collect();
            announce_decisions(shared, &decisions);
        }
        Err(e) => tracing::warn!(
            "no auto-replies decided for {} messages: {e}",
            new_messages.len()
        ),
    }
}

/// At start-up: decides about recent customer messages that were stored but not decided
/// when Parley stopped (Meta does not deliver an acknowledged message again).
pub(crate) async fn catch_up(shared: Arc<Shared>) {
    match shared
        .store
        .inbound_awaiting_auto_reply(now().plus_millis(-CATCH_UP_MS))
        .await
    {
        Ok(waiting) => answer(&shared, &waiting).await,
        Err(e) => tracing::warn!("could not look for undecided messages: {e}"),
    }
}

/// The rules to apply. Decisions are recorded even when every automation is off, so a
/// message that arrived then is never answered later by the start-up check.
async fn current_rules(store: &Store) -> Result<AutoReplyRules, EngineError> {
    Ok(AutoReplyRules::compile(
        &store.auto_reply_settings().await?,
    )?)
}

fn plan(
    rules: &AutoReplyRules,
    context: &AutoReplyContext,
    at: Timestamp,
    link_previews: bool,
) -> AutoReplyRecord {
    let decision = auto_reply::decide(rules, &context.facts, at);
    let mut record = AutoReplyRecord {
        verdict: decision.verdict,
        opt_out: decision.opt_out,
        reply: None,
        not_sent: None,
    };
    if let Some(reply) = decision.reply {
        match queued(context, &reply, at, link_previews) {
            Ok(queued) => record.reply = Some(queued),
            Err(why) => {
                tracing::info!("{:?} reply not sent: {why}", reply.automation);
                record.not_sent = Some((reply.automation, why));
            }
        }
    }
    record
}

/// The reply as the outbox sends it, checked as an agent's text is (`Engine::send`).
fn queued(
    context: &AutoReplyContext,
    reply: &Reply,
    at: Timestamp,
    link_previews: bool,
) -> Result<QueuedReply, String> {
    if !ServiceWindow::at(context.last_inbound_at, at).allows_free_form() {
        return Err("the 24-hour window had closed".to_owned());
    }
    let body = outgoing_text(&reply.text).map_err(|e| e.to_string())?;
    let content = MessageContent::Text {
        body: body.to_owned(),
        preview_url: link_previews && body.contains("://"),
    };
    let request = SendMessageRequest::from_content(&context.wa_id, &content, None)
        .map_err(|e| e.to_string())?;
    let payload = serde_json::to_string(&request).map_err(|e| e.to_string())?;
    Ok(QueuedReply {
        automation: reply.automation,
        content,
        payload,
    })
}

fn announce(shared: &Shared, outcome: &AutoReplyOutcome) {
    if outcome.reply.is_none() && !outcome.opted_out {
        return;
    }
    shared.announce(Announcement::Conversation(outcome.conversation_id));
    if let Some(reply) = &outcome.reply {
        shared.announce(Announcement::MessageAdded(reply.id));
        shared.wake_sender.notify_one();
    }
}
