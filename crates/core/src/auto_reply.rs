//! Auto-replies: the away message, the greeting, keyword replies and opt-out keywords.
//!
//! The settings ([`AutoReplySettings`]) are what the business edits; compiling them
//! ([`AutoReplyRules::compile`]) validates them and resolves the time zone. What to do
//! about one new customer message is [`decide`]d from the rules and a handful of facts
//! the store knows ([`AutoReplyFacts`]). Nothing here reads a clock or a file: the time
//! zone database is the copy compiled into the binary (jiff's `tzdb-bundle-always`, read
//! through `TimeZoneDatabase::bundled()`), so a machine without tzdata and Windows give
//! the same answers.
//!
//! # The rules, in the order they apply
//!
//! Each new message a customer wrote gets **at most one** automatic reply.
//!
//! 1. Only messages the customer wrote count: WhatsApp's system notices, reactions,
//!    edits and deletions get nothing ([`Verdict::NotWrittenByCustomer`]).
//! 2. **Opt-out** comes first, whoever the customer is. When the whole message is an
//!    opt-out keyword (`STOP`, `stop!`, `הסר`, `Стоп.`: case, punctuation, emoji and
//!    Hebrew/Arabic vowel marks do not matter, other words do: "when do you stop
//!    serving?" is not an opt-out), the contact is marked opted out of marketing and
//!    gets the confirmation, once: a repeated `STOP` from a contact already opted out
//!    changes nothing and sends nothing. An opt-out message never gets any other reply
//!    (no greeting for someone who just said stop). A blocked contact's opt-out is
//!    recorded, unconfirmed. Agent activity and late delivery do not hold it back: the
//!    confirmation is what the law asks for.
//! 3. **Blocked** contacts get nothing else ([`Verdict::Blocked`]).
//! 4. A message delivered more than [`MAX_REPLY_DELAY_MS`] after it was written (Meta
//!    retries webhooks for days) gets no greeting, away or keyword reply: "we are closed"
//!    an hour later answers nothing ([`Verdict::TooLate`]).
//! 5. One candidate is chosen, by precedence:
//!    - a **keyword reply**: the first enabled rule (in list order) with a keyword in
//!      the message. The customer asked for something specific; that answer replaces
//!      the greeting and the away message for this message.
//!    - the **greeting**: enabled, the contact is among its recipients, and nothing was
//!      written in the conversation (by either side, system notices aside) for
//!      `quiet_days` before this message (no earlier message at all: the first message
//!      ever), and no greeting was sent in the last `quiet_days`.
//!    - the **away message**: enabled, the contact is among its recipients, the
//!      schedule says away *now* (when the reply would go out), and no away message was
//!      sent to this contact within `cooldown_minutes` (else [`Verdict::AwayCooldown`]).
//!
//!    Greeting and away never both answer the same message: the greeting wins, and the
//!    away message goes with the customer's *next* message if the business is still
//!    away then (its cooldown only starts when an away message is sent). So a customer
//!    never receives two automatic messages in a row for one message, and the away
//!    message is only sent while it is still true.
//! 6. When an agent (not an automation) wrote to this customer within
//!    `agent_active_minutes`, the candidate is held back: a person is in the
//!    conversation ([`Verdict::AgentActive`]). Default 5 minutes; 0 turns this off.
//!
//! Recipients (everyone, everyone not in contacts, everyone except, only) apply to the
//! greeting and the away message; keyword replies and opt-outs answer everyone.
//!
//! # Time
//!
//! Business hours, closed dates and the custom away period are wall-clock times in the
//! settings' IANA time zone. An opening or closing time means the first moment the
//! clock shows it that day: on a spring-forward night a time inside the skipped hour
//! means the moment the clocks jump; on a fall-back night a time inside the repeated
//! hour means its first occurrence. An interval whose closing time is not after its
//! opening time runs past midnight into the next day (`22:00`-`02:00`); `24:00` closes
//! at midnight. A closed date cancels the intervals that *start* on it.

mod decide;
pub mod keywords;
pub mod schedule;
mod validate;

use serde::{Deserialize, Serialize};

use crate::ContactId;

pub use decide::{
    AutoReplyFacts, Decision, MAX_REPLY_DELAY_MS, OptOut, RecordedDecision, Reply, Verdict, decide,
};
pub use schedule::{AwayReason, AwayStatus, time_zone_names};
pub use validate::{AutoReplyError, AutoReplyRules};

pub const DEFAULT_TIME_ZONE: &str = "UTC";
pub const DEFAULT_AWAY_COOLDOWN_MINUTES: u32 = 6 * 60;
pub const DEFAULT_GREETING_QUIET_DAYS: u32 = 14;
pub const DEFAULT_AGENT_ACTIVE_MINUTES: u32 = 5;
pub const DEFAULT_OPT_OUT_KEYWORDS: [&str; 4] = ["STOP", "UNSUBSCRIBE", "הסר", "стоп"];
pub const DEFAULT_OPT_OUT_CONFIRMATION: &str = "You are unsubscribed: we will not send you marketing messages any more. You can still write to us here at any time.";
pub const DEFAULT_AWAY_TEXT: &str =
    "Thank you for your message. We are away right now and will answer as soon as we are back.";
pub const DEFAULT_GREETING_TEXT: &str = "Hello, and thank you for contacting us! How can we help?";

/// Everything the business sets about auto-replies. Missing fields take their defaults,
/// so settings saved by an older version still load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct AutoReplySettings {
    /// The IANA time zone (`Asia/Jerusalem`) of the business hours, the closed dates and
    /// the custom away period.
    pub time_zone: String,
    pub business_hours: WeeklyHours,
    /// Days the business is closed all day (holidays), as `YYYY-MM-DD`.
    pub closed_dates: Vec<String>,
    pub away: AwayMessage,
    pub greeting: GreetingMessage,
    /// Checked in order; the first enabled rule that matches answers.
    pub keyword_replies: Vec<KeywordReply>,
    pub opt_out: OptOutKeywords,
    /// No greeting, away or keyword reply while an agent wrote to the customer within
    /// this many minutes; 0 turns this off.
    pub agent_active_minutes: u32,
}

impl Default for AutoReplySettings {
    fn default() -> Self {
        Self {
            time_zone: DEFAULT_TIME_ZONE.to_owned(),
            business_hours: WeeklyHours::default(),
            closed_dates: Vec::new(),
            away: AwayMessage::default(),
            greeting: GreetingMessage::default(),
            keyword_replies: Vec::new(),
            opt_out: OptOutKeywords::default(),
            agent_active_minutes: DEFAULT_AGENT_ACTIVE_MINUTES,
        }
    }
}

/// Opening hours per weekday; a day without intervals is closed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct WeeklyHours {
    pub monday: Vec<OpenInterval>,
    pub tuesday: Vec<OpenInterval>,
    pub wednesday: Vec<OpenInterval>,
    pub thursday: Vec<OpenInterval>,
    pub friday: Vec<OpenInterval>,
    pub saturday: Vec<OpenInterval>,
    pub sunday: Vec<OpenInterval>,
}

/// Weekday names, Monday first, as [`WeeklyHours::days`] orders them.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl WeeklyHours {
    /// The days, Monday first.
    pub fn days(&self) -> [&Vec<OpenInterval>; 7] {
        [
            &self.monday,
            &self.tuesday,
            &self.wednesday,
            &self.thursday,
            &self.friday,
            &self.saturday,
            &self.sunday,
        ]
    }

    fn days_mut(&mut self) -> [&mut Vec<OpenInterval>; 7] {
        [
            &mut self.monday,
            &mut self.tuesday,
            &mut self.wednesday,
            &mut self.thursday,
            &mut self.friday,
            &mut self.saturday,
            &mut self.sunday,
        ]
    }
}

/// Open from `opens` until `closes`, both `HH:MM`. When `closes` is not after `opens`
/// the interval runs past midnight; `24:00` closes at midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OpenInterval {
    pub opens: String,
    pub closes: String,
}

impl OpenInterval {
    pub fn new(opens: &str, closes: &str) -> Self {
        Self {
            opens: opens.to_owned(),
            closes: closes.to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct AwayMessage {
    pub enabled: bool,
    pub text: String,
    pub schedule: AwaySchedule,
    pub recipients: Recipients,
    /// At most one away message per contact within this many minutes.
    pub cooldown_minutes: u32,
}

impl Default for AwayMessage {
    fn default() -> Self {
        Self {
            enabled: false,
            text: DEFAULT_AWAY_TEXT.to_owned(),
            schedule: AwaySchedule::Always,
            recipients: Recipients::Everyone,
            cooldown_minutes: DEFAULT_AWAY_COOLDOWN_MINUTES,
        }
    }
}

/// When the business counts as away.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AwaySchedule {
    #[default]
    Always,
    /// Outside the business hours, and all day on closed dates.
    OutsideBusinessHours,
    /// From `start` until `end`, both local date-times `YYYY-MM-DDTHH:MM`.
    Custom { start: String, end: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct GreetingMessage {
    pub enabled: bool,
    pub text: String,
    /// Greets a customer whose conversation was silent this many days (and on their
    /// first message ever).
    pub quiet_days: u32,
    pub recipients: Recipients,
}

impl Default for GreetingMessage {
    fn default() -> Self {
        Self {
            enabled: false,
            text: DEFAULT_GREETING_TEXT.to_owned(),
            quiet_days: DEFAULT_GREETING_QUIET_DAYS,
            recipients: Recipients::Everyone,
        }
    }
}

/// Who the greeting or the away message goes to. "In contacts" means the business saved
/// the contact (its address book), not merely that they wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Recipients {
    #[default]
    Everyone,
    NotInContacts,
    EveryoneExcept {
        contacts: Vec<ContactId>,
    },
    OnlyTo {
        contacts: Vec<ContactId>,
    },
}

impl Recipients {
    pub fn includes(&self, contact: ContactId, in_contacts: bool) -> bool {
        match self {
            Self::Everyone => true,
            Self::NotInContacts => !in_contacts,
            Self::EveryoneExcept { contacts } => !contacts.contains(&contact),
            Self::OnlyTo { contacts } => contacts.contains(&contact),
        }
    }
}

/// A reply sent when the customer's message contains one of `keywords`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct KeywordReply {
    pub enabled: bool,
    /// Words or phrases; matched as whole words, ignoring case, punctuation and
    /// Hebrew/Arabic vowel marks (see [`keywords`]).
    pub keywords: Vec<String>,
    pub reply: String,
    pub match_mode: KeywordMatch,
}

impl Default for KeywordReply {
    fn default() -> Self {
        Self {
            enabled: true,
            keywords: Vec::new(),
            reply: String::new(),
            match_mode: KeywordMatch::Anywhere,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum KeywordMatch {
    /// The keyword appears in the message as whole words: `price` matches "what is the
    /// price?" but not "priceless".
    #[default]
    Anywhere,
    /// The message is the keyword and nothing else (punctuation and emoji aside).
    WholeMessage,
}

/// Keywords that opt a customer out of marketing messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct OptOutKeywords {
    pub enabled: bool,
    /// Matched against the whole message (see the module's rules).
    pub keywords: Vec<String>,
    /// Sent once, when a keyword opts the customer out.
    pub confirmation: String,
}

impl Default for OptOutKeywords {
    fn default() -> Self {
        Self {
            enabled: true,
            keywords: DEFAULT_OPT_OUT_KEYWORDS.map(str::to_owned).to_vec(),
            confirmation: DEFAULT_OPT_OUT_CONFIRMATION.to_owned(),
        }
    }
}

impl AutoReplySettings {
    /// The settings as they will be stored: checked, with the time zone's canonical name,
    /// times as `HH:MM`, keywords trimmed, dates sorted and without repeats.
    pub fn validated(&self) -> Result<AutoReplySettings, AutoReplyError> {
        AutoReplyRules::compile(self).map(|rules| rules.settings().clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_saved_means_everything_off_but_opt_out() {
        let settings = AutoReplySettings::default();
        assert!(!settings.away.enabled);
        assert!(!settings.greeting.enabled);
        assert!(settings.keyword_replies.is_empty());
        assert_eq!(settings.greeting.quiet_days, 14);
        assert_eq!(settings.away.cooldown_minutes, 360);
        assert_eq!(settings.agent_active_minutes, 5);
        assert!(settings.opt_out.enabled);
        assert_eq!(
            settings.opt_out.keywords,
            ["STOP", "UNSUBSCRIBE", "הסר", "стоп"]
        );
        assert_eq!(settings.validated(), Ok(settings.clone()));
    }

    #[test]
    fn older_or_partial_json_takes_the_defaults() {
        let settings: AutoReplySettings =
            serde_json::from_str(r#"{"away":{"enabled":true}}"#).expect("json");
        assert!(settings.away.enabled);
        assert_eq!(
            settings.away.cooldown_minutes,
            DEFAULT_AWAY_COOLDOWN_MINUTES
        );
        assert_eq!(settings.time_zone, "UTC");
        assert!(settings.opt_out.enabled);
    }

    #[test]
    fn serialises_in_the_shape_the_ui_reads() {
        let mut settings = AutoReplySettings::default();
        settings.away.schedule = AwaySchedule::Custom {
            start: "2025-04-12T18:00".into(),
            end: "2025-04-20T08:00".into(),
        };
        settings.greeting.recipients = Recipients::EveryoneExcept {
            contacts: vec![ContactId(7)],
        };
        settings.business_hours.sunday = vec![OpenInterval::new("09:00", "17:00")];
        let json = serde_json::to_value(&settings).expect("json");
        assert_eq!(json["timeZone"], "UTC");
        assert_eq!(json["away"]["schedule"]["kind"], "custom");
        assert_eq!(json["away"]["schedule"]["start"], "2025-04-12T18:00");
        assert_eq!(json["away"]["cooldownMinutes"], 360);
        assert_eq!(json["greeting"]["recipients"]["kind"], "everyoneExcept");
        assert_eq!(json["greeting"]["recipients"]["contacts"][0], 7);
        assert_eq!(json["businessHours"]["sunday"][0]["opens"], "09:00");
        assert_eq!(json["optOut"]["keywords"][2], "הסר");
        assert_eq!(json["agentActiveMinutes"], 5);
        let back: AutoReplySettings = serde_json::from_value(json).expect("round trip");
        assert_eq!(back, settings);
    }

    #[test]
    fn recipients_choose_by_contact_and_address_book() {
        let me = ContactId(3);
        let table = [
            (Recipients::Everyone, false, true),
            (Recipients::Everyone, true, true),
            (Recipients::NotInContacts, false, true),
            (Recipients::NotInContacts, true, false),
            (
                Recipients::EveryoneExcept { contacts: vec![me] },
                false,
                false,
            ),
            (
                Recipients::EveryoneExcept {
                    contacts: vec![ContactId(4)],
                },
                true,
                true,
            ),
            (Recipients::OnlyTo { contacts: vec![me] }, true, true),
            (
                Recipients::OnlyTo {
                    contacts: vec![ContactId(4)],
                },
                false,
                false,
            ),
        ];
        for (recipients, in_contacts, expected) in table {
            assert_eq!(
                recipients.includes(me, in_contacts),
                expected,
                "{recipients:?} in_contacts={in_contacts}"
            );
        }
    }
}
