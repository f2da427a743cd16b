//! What to do about one new customer message: the rules of the parent module, applied
//! to the facts the store knows at that moment.

use serde::{Deserialize, Serialize};

use super::AutoReplyRules;
use super::keywords::{self, customer_text};
use crate::agent::Automation;
use crate::content::MessageContent;
use crate::time::{DAY_MS, HOUR_MS, MINUTE_MS};
use crate::{ContactId, MessageId, Timestamp};

/// Messages delivered later than this after they were written get no greeting, away or
/// keyword reply (opt-outs are still recorded and confirmed).
pub const MAX_REPLY_DELAY_MS: i64 = HOUR_MS;

/// What the store knows when a new message arrives. "Before" means stored before this
/// message; times are Parley's clock except `sent_at` (Meta's).
#[derive(Debug, Clone, PartialEq)]
pub struct AutoReplyFacts {
    pub content: MessageContent,
    /// When the customer wrote it.
    pub sent_at: Timestamp,
    pub contact: ContactId,
    /// The business saved the contact in its address book.
    pub in_contacts: bool,
    pub blocked: bool,
    /// Already opted out of marketing.
    pub opted_out: bool,
    /// The newest message of the conversation before this one, either side, WhatsApp's
    /// system notices and hidden control messages aside. `None`: the first message ever.
    pub previous_activity_at: Option<Timestamp>,
    /// When a greeting was last decided for this contact.
    pub last_greeting_at: Option<Timestamp>,
    /// When an away message was last decided for this contact.
    pub last_away_at: Option<Timestamp>,
    /// When an agent (not an automation) last wrote to this customer.
    pub last_agent_message_at: Option<Timestamp>,
}

/// Why the rules answered as they did; kept with each decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// An opt-out keyword opted the contact out (confirmed unless they are blocked).
    OptedOut,
    /// An opt-out keyword from a contact already opted out: nothing changes or goes out.
    AlreadyOptedOut,
    Keyword,
    Greeting,
    Away,
    /// A system notice, reaction, edit or deletion.
    NotWrittenByCustomer,
    Blocked,
    /// Delivered too long after it was written.
    TooLate,
    /// An agent wrote to the customer moments ago.
    AgentActive,
    /// The away message would go, but one went to this contact within the cooldown.
    AwayCooldown,
    /// No rule applies (off, not a recipient, business open, not silent long enough...).
    NothingApplies,
}

impl Verdict {
    pub const ALL: [Verdict; 11] = [
        Verdict::OptedOut,
        Verdict::AlreadyOptedOut,
        Verdict::Keyword,
        Verdict::Greeting,
        Verdict::Away,
        Verdict::NotWrittenByCustomer,
        Verdict::Blocked,
        Verdict::TooLate,
        Verdict::AgentActive,
        Verdict::AwayCooldown,
        Verdict::NothingApplies,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OptedOut => "optedOut",
            Self::AlreadyOptedOut => "alreadyOptedOut",
            Self::Keyword => "keyword",
            Self::Greeting => "greeting",
            Self::Away => "away",
            Self::NotWrittenByCustomer => "notWrittenByCustomer",
            Self::Blocked => "blocked",
            Self::TooLate => "tooLate",
            Self::AgentActive => "agentActive",
            Self::AwayCooldown => "awayCooldown",
            Self::NothingApplies => "nothingApplies",
        }
    }

    pub fn parse(text: &str) -> Option<Verdict> {
        Self::ALL.into_iter().find(|v| v.as_str() == text)
    }
}

/// A decision as recorded with the customer's message: what went out, or why nothing did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RecordedDecision {
    /// The customer's message.
    pub message_id: MessageId,
    pub verdict: Verdict,
    /// The automation that answered, when one did.
    pub automation: Option<Automation>,
    pub reply_message_id: Option<MessageId>,
    /// Why a decided reply was not sent (the 24-hour window had closed, ...).
    pub not_sent: Option<String>,
    pub decided_at: Timestamp,
}

/// A message to send in answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub automation: Automation,
    pub text: String,
}

/// The contact opted out of marketing by `keyword` (as the business wrote it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptOut {
    pub keyword: String,
}

impl OptOut {
    /// How the consent change is recorded on the contact: `keyword STOP`.
    pub fn consent_source(&self) -> String {
        format!("keyword {}", self.keyword)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Verdict,
    /// At most one message per customer message.
    pub reply: Option<Reply>,
    pub opt_out: Option<OptOut>,
}

impl Decision {
    fn nothing(verdict: Verdict) -> Self {
        Self {
            verdict,
            reply: None,
            opt_out: None,
        }
    }

    fn reply(verdict: Verdict, automation: Automation, text: &str) -> Self {
        Self {
            verdict,
            reply: Some(Reply {
                automation,
                text: text.to_owned(),
            }),
            opt_out: None,
        }
    }
}

/// Applies the rules (see the parent module) to a new message, as of `now`.
pub fn decide(rules: &AutoReplyRules, facts: &AutoReplyFacts, now: Timestamp) -> Decision {
    if !facts.content.opens_service_window() {
        return Decision::nothing(Verdict::NotWrittenByCustomer);
    }
    let words = customer_text(&facts.content)
        .map(keywords::words)
        .unwrap_or_default();
    let settings = rules.settings();

    if let Some(keyword) = rules.opt_out_keyword(&words) {
        if facts.opted_out {
            return Decision::nothing(Verdict::AlreadyOptedOut);
        }
        return Decision {
            verdict: Verdict::OptedOut,
            reply: (!facts.blocked).then(|| Reply {
                automation: Automation::OptOutConfirmation,
                text: settings.opt_out.confirmation.clone(),
            }),
            opt_out: Some(OptOut {
                keyword: keyword.to_owned(),
            }),
        };
    }
    if facts.blocked {
        return Decision::nothing(Verdict::Blocked);
    }
    if now.millis_since(facts.sent_at) > MAX_REPLY_DELAY_MS {
        return Decision::nothing(Verdict::TooLate);
    }

    let candidate = if let Some(reply) = rules.keyword_reply(&words) {
        Decision::reply(Verdict::Keyword, Automation::Keyword, reply)
    } else if greeting_due(rules, facts, now) {
        Decision::reply(
            Verdict::Greeting,
            Automation::Greeting,
            &settings.greeting.text,
        )
    } else {
        match away_due(rules, facts, now) {
            AwayDue::Yes => Decision::reply(Verdict::Away, Automation::Away, &settings.away.text),
            AwayDue::Cooldown => return Decision::nothing(Verdict::AwayCooldown),
            AwayDue::No => return Decision::nothing(Verdict::NothingApplies),
        }
    };
    let agent_window = i64::from(settings.agent_active_minutes) * MINUTE_MS;
    let agent_active = agent_window > 0
        && facts
            .last_agent_message_at
            .is_some_and(|at| now.millis_since(at) < agent_window);
    if agent_active {
        return Decision::nothing(Verdict::AgentActive);
    }
    candidate
}

fn greeting_due(rules: &AutoReplyRules, facts: &AutoReplyFacts, now: Timestamp) -> bool {
    let greeting = &rules.settings().greeting;
    if !greeting.enabled
        || !greeting
            .recipients
            .includes(facts.contact, facts.in_contacts)
    {
        return false;
    }
    let quiet = i64::from(greeting.quiet_days) * DAY_MS;
    let silent = facts
        .previous_activity_at
        .is_none_or(|previous| facts.sent_at.millis_since(previous) >= quiet);
    let greeted_lately = facts
        .last_greeting_at
        .is_some_and(|at| now.millis_since(at) < quiet);
    silent && !greeted_lately
}

enum AwayDue {
    Yes,
    Cooldown,
    No,
}

fn away_due(rules: &AutoReplyRules, facts: &AutoReplyFacts, now: Timestamp) -> AwayDue {
    let away = &rules.settings().away;
    if !away.enabled
        || !away.recipients.includes(facts.contact, facts.in_contacts)
        || !rules.away_now(now)
    {
        return AwayDue::No;
    }
    let cooldown = i64::from(away.cooldown_minutes) * MINUTE_MS;
    if facts
        .last_away_at
        .is_some_and(|at| now.millis_since(at) < cooldown)
    {
        return AwayDue::Cooldown;
    }
    AwayDue::Yes
}

#[cfg(test)]
mod tests;
