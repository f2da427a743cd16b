use super::*;
use crate::auto_reply::{
    AutoReplySettings, AwaySchedule, KeywordMatch, KeywordReply, OpenInterval, Recipients,
    WeeklyHours,
};
use crate::content::{InteractiveReply, InteractiveReplyKind};
use crate::media::{Media, MediaKind};

/// Wednesday 2025-07-02 12:00 UTC; 15:00 in Jerusalem.
const NOW: Timestamp = Timestamp(1_751_457_600_000);
const ME: ContactId = ContactId(7);

fn text(body: &str) -> MessageContent {
    MessageContent::Text {
        body: body.to_owned(),
        preview_url: false,
    }
}

/// A customer who wrote "hi" just now, in a conversation active an hour ago.
fn facts() -> AutoReplyFacts {
    AutoReplyFacts {
        content: text("hi"),
        sent_at: NOW.plus_millis(-2_000),
        contact: ME,
        in_contacts: false,
        blocked: false,
        opted_out: false,
        previous_activity_at: Some(NOW.plus_millis(-HOUR_MS)),
        last_greeting_at: None,
        last_away_at: None,
        last_agent_message_at: None,
    }
}

fn settings_with(change: impl FnOnce(&mut AutoReplySettings)) -> AutoReplyRules {
    let mut settings = AutoReplySettings::default();
    change(&mut settings);
    AutoReplyRules::compile(&settings).expect("valid settings")
}

fn greeting_and_away_on(s: &mut AutoReplySettings) {
    s.greeting.enabled = true;
    s.greeting.text = "Hello!".into();
    s.away.enabled = true;
    s.away.text = "We are closed.".into();
}

fn with_keywords(s: &mut AutoReplySettings) {
    greeting_and_away_on(s);
    s.keyword_replies = vec![
        KeywordReply {
            enabled: false,
            keywords: vec!["hi".into()],
            reply: "(disabled)".into(),
            match_mode: KeywordMatch::Anywhere,
        },
        KeywordReply {
            keywords: vec!["price".into(), "מחיר".into(), "цена".into()],
            reply: "Prices: ...".into(),
            ..KeywordReply::default()
        },
        KeywordReply {
            keywords: vec!["opening hours".into()],
            reply: "Open 9-17.".into(),
            match_mode: KeywordMatch::WholeMessage,
            enabled: true,
        },
    ];
}

struct Case {
    name: &'static str,
    rules: AutoReplyRules,
    facts: AutoReplyFacts,
    verdict: Verdict,
    reply: Option<(Automation, &'static str)>,
    opt_out: Option<&'static str>,
}

fn case(
    name: &'static str,
    rules: AutoReplyRules,
    change: impl FnOnce(&mut AutoReplyFacts),
    verdict: Verdict,
    reply: Option<(Automation, &'static str)>,
) -> Case {
    let mut facts = facts();
    change(&mut facts);
    Case {
        name,
        rules,
        facts,
        verdict,
        reply,
        opt_out: None,
    }
}

fn opt_out_case(
    name: &'static str,
    rules: AutoReplyRules,
    change: impl FnOnce(&mut AutoReplyFacts),
    confirmed: bool,
    keyword: &'static str,
) -> Case {
    let reply = confirmed.then_some((Automation::OptOutConfirmation, DEFAULT_CONFIRMATION));
    Case {
        opt_out: Some(keyword),
        ..case(name, rules, change, Verdict::OptedOut, reply)
    }
}

const DEFAULT_CONFIRMATION: &str = crate::auto_reply::DEFAULT_OPT_OUT_CONFIRMATION;

fn run(table: Vec<Case>) {
    for case in table {
        let decision = decide(&case.rules, &case.facts, NOW);
        assert_eq!(decision.verdict, case.verdict, "{}", case.name);
        let reply = decision
            .reply
            .as_ref()
            .map(|r| (r.automation, r.text.as_str()));
        assert_eq!(reply, case.reply, "{}", case.name);
        assert_eq!(
            decision.opt_out.as_ref().map(|o| o.keyword.as_str()),
            case.opt_out,
            "{}",
            case.name
        );
    }
}

#[test]
fn opt_out_keywords_come_first_and_confirm_once() {
    let defaults = || settings_with(|_| {});
    let everything = || settings_with(with_keywords);
    run(vec![
        opt_out_case(
            "STOP",
            defaults(),
            |f| f.content = text("STOP"),
            true,
            "STOP",
        ),
        opt_out_case(
            "stop!",
            defaults(),
            |f| f.content = text("stop!"),
            true,
            "STOP",
        ),
        opt_out_case(
            "Hebrew",
            defaults(),
            |f| f.content = text("הסר"),
            true,
            "הסר",
        ),
        opt_out_case(
            "with niqqud",
            defaults(),
            |f| f.content = text("הָסֵר."),
            true,
            "הסר",
        ),
        opt_out_case(
            "Russian",
            defaults(),
            |f| f.content = text("Стоп 🛑"),
            true,
            "стоп",
        ),
        opt_out_case(
            "a template's quick-reply button",
            defaults(),
            |f| {
                f.content = MessageContent::ButtonReply {
                    text: "Unsubscribe".into(),
                    payload: Some("UNSUB".into()),
                }
            },
            true,
            "UNSUBSCRIBE",
        ),
        opt_out_case(
            "beats a greeting for a first message",
            everything(),
            |f| {
                f.content = text("STOP");
                f.previous_activity_at = None;
            },
            true,
            "STOP",
        ),
        opt_out_case(
            "is confirmed even while an agent is active",
            everything(),
            |f| {
                f.content = text("stop");
                f.last_agent_message_at = Some(NOW);
            },
            true,
            "STOP",
        ),
        opt_out_case(
            "is confirmed even when delivered late",
            defaults(),
            |f| {
                f.content = text("stop");
                f.sent_at = NOW.plus_millis(-5 * HOUR_MS);
            },
            true,
            "STOP",
        ),
        opt_out_case(
            "a blocked contact is opted out without a confirmation",
            defaults(),
            |f| {
                f.content = text("STOP");
                f.blocked = true;
            },
            false,
            "STOP",
        ),
        case(
            "a repeated STOP changes and sends nothing",
            everything(),
            |f| {
                f.content = text("STOP");
                f.opted_out = true;
                f.previous_activity_at = None;
            },
            Verdict::AlreadyOptedOut,
            None,
        ),
        case(
            "stop inside a sentence is not an opt-out",
            defaults(),
            |f| f.content = text("When do you stop serving lunch?"),
            Verdict::NothingApplies,
            None,
        ),
        case(
            "opt-out keywords switched off",
            settings_with(|s| s.opt_out.enabled = false),
            |f| f.content = text("STOP"),
            Verdict::NothingApplies,
            None,
        ),
    ]);
}

#[test]
fn one_reply_by_precedence() {
    let on = || settings_with(greeting_and_away_on);
    let keywords = || settings_with(with_keywords);
    let greeting = Some((Automation::Greeting, "Hello!"));
    let away = Some((Automation::Away, "We are closed."));
    run(vec![
        case(
            "first message ever: the greeting, not also the away message",
            on(),
            |f| f.previous_activity_at = None,
            Verdict::Greeting,
            greeting,
        ),
        case(
            "the next message, still closed: the away message",
            on(),
            |f| {
                f.previous_activity_at = Some(NOW.plus_millis(-10_000));
                f.last_greeting_at = Some(NOW.plus_millis(-10_000));
            },
            Verdict::Away,
            away,
        ),
        case(
            "13 days of silence is not enough",
            on(),
            |f| f.previous_activity_at = Some(f.sent_at.plus_millis(-13 * DAY_MS)),
            Verdict::Away,
            away,
        ),
        case(
            "14 days of silence greets again",
            on(),
            |f| f.previous_activity_at = Some(f.sent_at.plus_millis(-14 * DAY_MS)),
            Verdict::Greeting,
            greeting,
        ),
        case(
            "no second greeting within the quiet days, whatever the thread says",
            on(),
            |f| {
                f.previous_activity_at = None;
                f.last_greeting_at = Some(NOW.plus_millis(-3 * DAY_MS));
            },
            Verdict::Away,
            away,
        ),
        case(
            "a keyword answers instead of the greeting",
            keywords(),
            |f| {
                f.content = text("Hi! What's the PRICE?");
                f.previous_activity_at = None;
            },
            Verdict::Keyword,
            Some((Automation::Keyword, "Prices: ...")),
        ),
        case(
            "keywords in Hebrew and Russian",
            keywords(),
            |f| f.content = text("מה המחיר? כמה זה? מחיר"),
            Verdict::Keyword,
            Some((Automation::Keyword, "Prices: ...")),
        ),
        case(
            "Russian keyword in a sentence",
            keywords(),
            |f| f.content = text("Какая ЦЕНА доставки?"),
            Verdict::Keyword,
            Some((Automation::Keyword, "Prices: ...")),
        ),
        case(
            "not part of a longer word",
            keywords(),
            |f| f.content = text("priceless"),
            Verdict::Away,
            away,
        ),
        case(
            "a whole-message keyword in a sentence does not match",
            keywords(),
            |f| f.content = text("what are your opening hours"),
            Verdict::Away,
            away,
        ),
        case(
            "a whole-message keyword",
            keywords(),
            |f| f.content = text("Opening hours?"),
            Verdict::Keyword,
            Some((Automation::Keyword, "Open 9-17.")),
        ),
        case(
            "a photo's caption",
            keywords(),
            |f| {
                f.content = MessageContent::Media {
                    media: Media {
                        kind: MediaKind::Image,
                        id: None,
                        mime_type: None,
                        sha256: None,
                        size: None,
                        filename: None,
                        caption: Some("price of this?".into()),
                        animated: false,
                    },
                }
            },
            Verdict::Keyword,
            Some((Automation::Keyword, "Prices: ...")),
        ),
        case(
            "a list reply's title",
            keywords(),
            |f| {
                f.content = MessageContent::InteractiveReply {
                    reply: InteractiveReply {
                        kind: InteractiveReplyKind::List,
                        id: Some("p".into()),
                        title: Some("Price".into()),
                        description: None,
                        response_json: None,
                    },
                }
            },
            Verdict::Keyword,
            Some((Automation::Keyword, "Prices: ...")),
        ),
    ]);
}

#[test]
fn cooldowns_agents_recipients_and_what_gets_nothing() {
    let on = || settings_with(greeting_and_away_on);
    let away = Some((Automation::Away, "We are closed."));
    run(vec![
        case(
            "an away message 5 h 59 min ago",
            on(),
            |f| f.last_away_at = Some(NOW.plus_millis(-6 * HOUR_MS + MINUTE_MS)),
            Verdict::AwayCooldown,
            None,
        ),
        case(
            "an away message 6 h ago",
            on(),
            |f| f.last_away_at = Some(NOW.plus_millis(-6 * HOUR_MS)),
            Verdict::Away,
            away,
        ),
        case(
            "an agent wrote 4 minutes ago",
            on(),
            |f| f.last_agent_message_at = Some(NOW.plus_millis(-4 * MINUTE_MS)),
            Verdict::AgentActive,
            None,
        ),
        case(
            "an agent wrote 5 minutes ago",
            on(),
            |f| f.last_agent_message_at = Some(NOW.plus_millis(-5 * MINUTE_MS)),
            Verdict::Away,
            away,
        ),
        case(
            "agent activity holds back a greeting too",
            on(),
            |f| {
                f.previous_activity_at = None;
                f.last_agent_message_at = Some(NOW.plus_millis(-MINUTE_MS));
            },
            Verdict::AgentActive,
            None,
        ),
        case(
            "agent activity check switched off",
            settings_with(|s| {
                greeting_and_away_on(s);
                s.agent_active_minutes = 0;
            }),
            |f| f.last_agent_message_at = Some(NOW),
            Verdict::Away,
            away,
        ),
        case(
            "away only for people not in contacts",
            settings_with(|s| {
                greeting_and_away_on(s);
                s.away.recipients = Recipients::NotInContacts;
            }),
            |f| f.in_contacts = true,
            Verdict::NothingApplies,
            None,
        ),
        case(
            "greeting for everyone except this contact: the away message instead",
            settings_with(|s| {
                greeting_and_away_on(s);
                s.greeting.recipients = Recipients::EveryoneExcept { contacts: vec![ME] };
            }),
            |f| f.previous_activity_at = None,
            Verdict::Away,
            away,
        ),
        case(
            "away only to another contact",
            settings_with(|s| {
                greeting_and_away_on(s);
                s.away.recipients = Recipients::OnlyTo {
                    contacts: vec![ContactId(99)],
                };
            }),
            |_| {},
            Verdict::NothingApplies,
            None,
        ),
        case(
            "blocked",
            on(),
            |f| {
                f.blocked = true;
                f.previous_activity_at = None;
            },
            Verdict::Blocked,
            None,
        ),
        case(
            "delivered two hours late",
            on(),
            |f| f.sent_at = NOW.plus_millis(-2 * HOUR_MS),
            Verdict::TooLate,
            None,
        ),
        case(
            "a system notice",
            on(),
            |f| {
                f.content = MessageContent::System {
                    kind: "user_changed_number".into(),
                    body: "changed number".into(),
                    new_wa_id: None,
                };
                f.previous_activity_at = None;
            },
            Verdict::NotWrittenByCustomer,
            None,
        ),
        case(
            "a reaction",
            on(),
            |f| {
                f.content = MessageContent::Reaction {
                    target_wamid: "wamid.X".into(),
                    emoji: Some("👍".into()),
                }
            },
            Verdict::NotWrittenByCustomer,
            None,
        ),
        case(
            "everything off",
            settings_with(|_| {}),
            |f| f.previous_activity_at = None,
            Verdict::NothingApplies,
            None,
        ),
    ]);
}

#[test]
fn the_away_message_follows_business_hours_in_the_business_zone() {
    // Open Sunday to Thursday 09:00-18:00 in Jerusalem; NOW is Wednesday 15:00 there.
    let rules = |closes: &str| {
        let closes = closes.to_owned();
        settings_with(move |s| {
            greeting_and_away_on(s);
            s.time_zone = "Asia/Jerusalem".into();
            s.away.schedule = AwaySchedule::OutsideBusinessHours;
            s.business_hours = WeeklyHours {
                wednesday: vec![OpenInterval::new("09:00", &closes)],
                ..WeeklyHours::default()
            };
        })
    };
    run(vec![
        case(
            "open until 18:00",
            rules("18:00"),
            |_| {},
            Verdict::NothingApplies,
            None,
        ),
        case(
            "closed since 15:00",
            rules("15:00"),
            |_| {},
            Verdict::Away,
            Some((Automation::Away, "We are closed.")),
        ),
    ]);
}

#[test]
fn verdicts_round_trip() {
    for verdict in Verdict::ALL {
        assert_eq!(Verdict::parse(verdict.as_str()), Some(verdict));
    }
    assert_eq!(
        OptOut {
            keyword: "STOP".into()
        }
        .consent_source(),
        "keyword STOP"
    );
}
