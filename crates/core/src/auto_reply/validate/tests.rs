use super::*;
use crate::ContactId;
use crate::auto_reply::{KeywordReply, OpenInterval, WeeklyHours};

fn check(change: impl FnOnce(&mut AutoReplySettings)) -> Result<AutoReplySettings, AutoReplyError> {
    let mut settings = AutoReplySettings::default();
    change(&mut settings);
    settings.validated()
}

fn monday(intervals: &[(&str, &str)]) -> WeeklyHours {
    WeeklyHours {
        monday: intervals
            .iter()
            .map(|(o, c)| OpenInterval::new(o, c))
            .collect(),
        ..WeeklyHours::default()
    }
}

fn keyword_rule(keywords: &[&str], reply: &str) -> KeywordReply {
    KeywordReply {
        keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
        reply: reply.to_owned(),
        ..KeywordReply::default()
    }
}

type Change = Box<dyn FnOnce(&mut AutoReplySettings)>;

#[test]
fn mistakes_are_refused_with_what_to_fix() {
    let table: Vec<(&str, Change, AutoReplyError)> = vec![
        (
            "unknown zone",
            Box::new(|s| s.time_zone = "Mars/Olympus_Mons".into()),
            AutoReplyError::UnknownTimeZone("Mars/Olympus_Mons".into()),
        ),
        (
            "hour out of range",
            Box::new(|s| s.business_hours = monday(&[("25:00", "26:00")])),
            AutoReplyError::BadTime {
                day: "Monday",
                value: "25:00".into(),
            },
        ),
        (
            "minutes not two digits",
            Box::new(|s| s.business_hours = monday(&[("9:3", "17:00")])),
            AutoReplyError::BadTime {
                day: "Monday",
                value: "9:3".into(),
            },
        ),
        (
            "24:00 cannot open",
            Box::new(|s| s.business_hours = monday(&[("24:00", "02:00")])),
            AutoReplyError::BadTime {
                day: "Monday",
                value: "24:00".into(),
            },
        ),
        (
            "opens when it closes",
            Box::new(|s| s.business_hours = monday(&[("09:00", "09:00")])),
            AutoReplyError::EmptyInterval {
                day: "Monday",
                at: "09:00".into(),
            },
        ),
        (
            "overlap on one day",
            Box::new(|s| s.business_hours = monday(&[("09:00", "12:00"), ("11:00", "13:00")])),
            AutoReplyError::OverlappingHours {
                first: "Monday 09:00-12:00".into(),
                second: "Monday 11:00-13:00".into(),
            },
        ),
        (
            "a night running into the next morning",
            Box::new(|s| {
                s.business_hours = WeeklyHours {
                    monday: vec![OpenInterval::new("22:00", "02:00")],
                    tuesday: vec![OpenInterval::new("01:00", "05:00")],
                    ..WeeklyHours::default()
                }
            }),
            AutoReplyError::OverlappingHours {
                first: "Monday 22:00-02:00".into(),
                second: "Tuesday 01:00-05:00".into(),
            },
        ),
        (
            "Sunday night running into Monday",
            Box::new(|s| {
                s.business_hours = WeeklyHours {
                    monday: vec![OpenInterval::new("00:30", "02:00")],
                    sunday: vec![OpenInterval::new("23:00", "01:00")],
                    ..WeeklyHours::default()
                }
            }),
            AutoReplyError::OverlappingHours {
                first: "Monday 00:30-02:00".into(),
                second: "Sunday 23:00-01:00".into(),
            },
        ),
        (
            "not a date",
            Box::new(|s| s.closed_dates = vec!["2025-13-01".into()]),
            AutoReplyError::BadDate("2025-13-01".into()),
        ),
        (
            "custom period backwards",
            Box::new(|s| {
                s.away.schedule = AwaySchedule::Custom {
                    start: "2025-04-20T08:00".into(),
                    end: "2025-04-12T18:00".into(),
                }
            }),
            AutoReplyError::PeriodEndsBeforeStart,
        ),
        (
            "custom period of no length",
            Box::new(|s| {
                s.away.schedule = AwaySchedule::Custom {
                    start: "2025-04-20T08:00".into(),
                    end: "2025-04-20T08:00".into(),
                }
            }),
            AutoReplyError::PeriodEndsBeforeStart,
        ),
        (
            "custom period not a date-time",
            Box::new(|s| {
                s.away.schedule = AwaySchedule::Custom {
                    start: "tomorrow".into(),
                    end: "2025-04-20T08:00".into(),
                }
            }),
            AutoReplyError::BadDateTime("tomorrow".into()),
        ),
        (
            "away on without a text",
            Box::new(|s| {
                s.away.enabled = true;
                s.away.text = " \n".into();
            }),
            AutoReplyError::EmptyText("The away message".into()),
        ),
        (
            "greeting too long",
            Box::new(|s| s.greeting.text = "ש".repeat(MAX_TEXT_CHARS + 1)),
            AutoReplyError::TextTooLong {
                what: "The greeting".into(),
                chars: MAX_TEXT_CHARS + 1,
            },
        ),
        (
            "no cooldown",
            Box::new(|s| s.away.cooldown_minutes = 0),
            AutoReplyError::OutOfRange {
                what: "the away message's cooldown (minutes)",
                min: 1,
                max: MAX_AWAY_COOLDOWN_MINUTES,
                value: 0,
            },
        ),
        (
            "greeting quiet days over a year",
            Box::new(|s| s.greeting.quiet_days = 366),
            AutoReplyError::OutOfRange {
                what: "the greeting's quiet days",
                min: 1,
                max: MAX_GREETING_QUIET_DAYS,
                value: 366,
            },
        ),
        (
            "agent activity over a day",
            Box::new(|s| s.agent_active_minutes = 24 * 60 + 1),
            AutoReplyError::OutOfRange {
                what: "the minutes an agent's reply holds auto-replies back",
                min: 0,
                max: MAX_AGENT_ACTIVE_MINUTES,
                value: 24 * 60 + 1,
            },
        ),
        (
            "a keyword rule without keywords",
            Box::new(|s| s.keyword_replies = vec![keyword_rule(&[], "Our prices: ...")]),
            AutoReplyError::NoKeywords("Keyword reply 1".into()),
        ),
        (
            "an empty keyword",
            Box::new(|s| s.keyword_replies = vec![keyword_rule(&["price", "  "], "...")]),
            AutoReplyError::EmptyKeyword(String::new()),
        ),
        (
            "an emoji is not a keyword",
            Box::new(|s| s.keyword_replies = vec![keyword_rule(&["🙂"], "...")]),
            AutoReplyError::EmptyKeyword("🙂".into()),
        ),
        (
            "a keyword rule on without a reply",
            Box::new(|s| s.keyword_replies = vec![keyword_rule(&["price"], "")]),
            AutoReplyError::EmptyText("Keyword reply 1".into()),
        ),
        (
            "the same keyword in two rules, written differently",
            Box::new(|s| {
                s.keyword_replies = vec![
                    keyword_rule(&["Price"], "a"),
                    keyword_rule(&["menu", "price!"], "b"),
                ]
            }),
            AutoReplyError::DuplicateKeyword("price!".into()),
        ),
        (
            "a keyword reply on an opt-out keyword",
            Box::new(|s| s.keyword_replies = vec![keyword_rule(&["Stop"], "ok")]),
            AutoReplyError::DuplicateKeyword("STOP".into()),
        ),
        (
            "opt-out on without keywords",
            Box::new(|s| s.opt_out.keywords.clear()),
            AutoReplyError::NoKeywords("Opting out".into()),
        ),
        (
            "opt-out on without a confirmation",
            Box::new(|s| s.opt_out.confirmation = String::new()),
            AutoReplyError::EmptyText("The opt-out confirmation".into()),
        ),
        (
            "only to nobody",
            Box::new(|s| {
                s.greeting.enabled = true;
                s.greeting.recipients = Recipients::OnlyTo { contacts: vec![] };
            }),
            AutoReplyError::NoContactsChosen("the greeting"),
        ),
    ];
    for (case, change, expected) in table {
        assert_eq!(check(change), Err(expected), "{case}");
    }
}

#[test]
fn valid_settings_are_normalised() {
    let settings = check(|s| {
        s.time_zone = "asia/jerusalem".into();
        s.business_hours = WeeklyHours {
            monday: vec![
                OpenInterval::new("14:00", "24:00"),
                OpenInterval::new("9:30", "12:00"),
            ],
            friday: vec![OpenInterval::new("22:00", "00:00")],
            ..WeeklyHours::default()
        };
        s.closed_dates = vec![
            "2025-09-23".into(),
            " 2025-04-13".into(),
            "2025-09-23".into(),
        ];
        s.away.schedule = AwaySchedule::Custom {
            start: "2025-04-12T18:00:00".into(),
            end: "2025-04-20T08:00".into(),
        };
        s.away.recipients = Recipients::EveryoneExcept {
            contacts: vec![ContactId(3), ContactId(1), ContactId(3)],
        };
        s.keyword_replies = vec![keyword_rule(&["  opening hours ", "שעות"], "9-17")];
        s.opt_out.enabled = false;
        s.opt_out.confirmation = String::new();
    })
    .expect("valid");
    assert_eq!(settings.time_zone, "Asia/Jerusalem");
    assert_eq!(
        settings.business_hours.monday,
        [
            OpenInterval::new("09:30", "12:00"),
            OpenInterval::new("14:00", "24:00")
        ]
    );
    assert_eq!(
        settings.business_hours.friday,
        [OpenInterval::new("22:00", "24:00")],
        "closing at midnight is written 24:00"
    );
    assert_eq!(settings.closed_dates, ["2025-04-13", "2025-09-23"]);
    assert_eq!(
        settings.away.schedule,
        AwaySchedule::Custom {
            start: "2025-04-12T18:00".into(),
            end: "2025-04-20T08:00".into()
        }
    );
    assert_eq!(
        settings.away.recipients,
        Recipients::EveryoneExcept {
            contacts: vec![ContactId(1), ContactId(3)]
        }
    );
    assert_eq!(
        settings.keyword_replies[0].keywords,
        ["opening hours", "שעות"]
    );
    assert_eq!(settings.validated().as_ref(), Ok(&settings), "stable");
}

#[test]
fn disabled_messages_may_be_left_unfinished() {
    let settings = check(|s| {
        s.away.text = String::new();
        s.greeting.text = String::new();
        s.greeting.recipients = Recipients::OnlyTo { contacts: vec![] };
        s.keyword_replies = vec![KeywordReply {
            enabled: false,
            ..keyword_rule(&["price"], "")
        }];
    });
    assert!(settings.is_ok(), "{settings:?}");
}

#[test]
fn adjacent_intervals_do_not_overlap() {
    let settings = check(|s| {
        s.business_hours = WeeklyHours {
            monday: vec![
                OpenInterval::new("09:00", "12:00"),
                OpenInterval::new("12:00", "13:00"),
                OpenInterval::new("22:00", "02:00"),
            ],
            tuesday: vec![OpenInterval::new("02:00", "05:00")],
            sunday: vec![OpenInterval::new("20:00", "00:00")],
            ..WeeklyHours::default()
        }
    });
    assert!(settings.is_ok(), "{settings:?}");
}
