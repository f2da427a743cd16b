//! Business hours across time zones and their daylight-saving changes (2025):
//! - America/New_York: clocks jump 02:00 -> 03:00 on Sunday 9 March (07:00Z) and fall
//!   back 02:00 -> 01:00 on Sunday 2 November (06:00Z);
//! - Europe/Tallinn: 03:00 -> 04:00 on Sunday 30 March and 04:00 -> 03:00 on Sunday
//!   26 October, both at 01:00Z;
//! - Asia/Jerusalem: 02:00 -> 03:00 on Friday 28 March (00:00Z) and 02:00 -> 01:00 on
//!   Sunday 26 October (25 October 23:00Z).

use super::*;
use crate::auto_reply::{AutoReplySettings, OpenInterval, WeeklyHours};

fn utc(text: &str) -> Timestamp {
    from_jiff(
        text.parse::<jiff::Timestamp>()
            .expect("an RFC 3339 instant"),
    )
}

fn hours(opens: &str, closes: &str) -> Vec<OpenInterval> {
    vec![OpenInterval::new(opens, closes)]
}

fn rules(zone: &str, week: WeeklyHours, closed: &[&str], schedule: AwaySchedule) -> AutoReplyRules {
    let mut settings = AutoReplySettings {
        time_zone: zone.to_owned(),
        business_hours: week,
        closed_dates: closed.iter().map(|d| (*d).to_owned()).collect(),
        ..AutoReplySettings::default()
    };
    settings.away.schedule = schedule;
    AutoReplyRules::compile(&settings).expect("valid settings")
}

/// Weekdays 09:00-17:00, Sunday 10:00-14:00, and Saturday night 22:00-02:00.
fn new_york() -> AutoReplyRules {
    let weekday = hours("09:00", "17:00");
    rules(
        "America/New_York",
        WeeklyHours {
            monday: weekday.clone(),
            tuesday: weekday.clone(),
            wednesday: weekday.clone(),
            thursday: weekday.clone(),
            friday: weekday,
            saturday: hours("22:00", "02:00"),
            sunday: hours("10:00", "14:00"),
        },
        &[],
        AwaySchedule::OutsideBusinessHours,
    )
}

/// Every Sunday 03:30-05:00: inside the skipped hour in March, the repeated one in October.
fn tallinn_small_hours() -> AutoReplyRules {
    rules(
        "Europe/Tallinn",
        WeeklyHours {
            sunday: hours("03:30", "05:00"),
            ..WeeklyHours::default()
        },
        &[],
        AwaySchedule::OutsideBusinessHours,
    )
}

/// An evening bar: Monday and Tuesday 20:00-02:00; closed on Jaanipäev (Tuesday 24 June).
fn tallinn_bar() -> AutoReplyRules {
    rules(
        "Europe/Tallinn",
        WeeklyHours {
            monday: hours("20:00", "02:00"),
            tuesday: hours("20:00", "02:00"),
            ..WeeklyHours::default()
        },
        &["2025-06-24"],
        AwaySchedule::OutsideBusinessHours,
    )
}

/// Sunday to Thursday 09:00-18:00, Friday 08:00-13:00; closed on 13 April (Passover).
fn jerusalem() -> AutoReplyRules {
    let weekday = hours("09:00", "18:00");
    rules(
        "Asia/Jerusalem",
        WeeklyHours {
            sunday: weekday.clone(),
            monday: weekday.clone(),
            tuesday: weekday.clone(),
            wednesday: weekday.clone(),
            thursday: weekday,
            friday: hours("08:00", "13:00"),
            saturday: Vec::new(),
        },
        &["2025-04-13"],
        AwaySchedule::OutsideBusinessHours,
    )
}

#[test]
fn open_or_closed_across_zones_and_daylight_saving() {
    let table: Vec<(&str, AutoReplyRules, &str, bool)> = vec![
        // New York, standard time: 09:00 EST is 14:00Z.
        (
            "NY Friday 08:59 EST",
            new_york(),
            "2025-03-07T13:59:00Z",
            false,
        ),
        (
            "NY Friday 09:00 EST",
            new_york(),
            "2025-03-07T14:00:00Z",
            true,
        ),
        (
            "NY Friday 16:59 EST",
            new_york(),
            "2025-03-07T21:59:00Z",
            true,
        ),
        (
            "NY Friday 17:00 EST",
            new_york(),
            "2025-03-07T22:00:00Z",
            false,
        ),
        // Saturday night runs past midnight into the day the clocks jump.
        (
            "NY Saturday 21:59 EST",
            new_york(),
            "2025-03-09T02:59:00Z",
            false,
        ),
        (
            "NY Saturday 22:00 EST",
            new_york(),
            "2025-03-09T03:00:00Z",
            true,
        ),
        (
            "NY Sunday 01:59 EST",
            new_york(),
            "2025-03-09T06:59:00Z",
            true,
        ),
        // 02:00 never shows that night: it closes when the clocks jump.
        (
            "NY Sunday 03:00 EDT",
            new_york(),
            "2025-03-09T07:00:00Z",
            false,
        ),
        // The first day of summer time: 10:00 EDT is 14:00Z, not 15:00Z.
        (
            "NY Sunday 09:59 EDT",
            new_york(),
            "2025-03-09T13:59:00Z",
            false,
        ),
        (
            "NY Sunday 10:00 EDT",
            new_york(),
            "2025-03-09T14:00:00Z",
            true,
        ),
        (
            "NY Monday 09:00 EDT",
            new_york(),
            "2025-03-10T13:00:00Z",
            true,
        ),
        (
            "NY Monday 08:59 EDT",
            new_york(),
            "2025-03-10T12:59:00Z",
            false,
        ),
        // Fall back: Saturday night's 01:00-02:00 happens twice and closes at its end.
        (
            "NY Sunday 01:30 EDT",
            new_york(),
            "2025-11-02T05:30:00Z",
            true,
        ),
        (
            "NY Sunday 01:30 EST",
            new_york(),
            "2025-11-02T06:30:00Z",
            true,
        ),
        (
            "NY Sunday 02:00 EST",
            new_york(),
            "2025-11-02T07:00:00Z",
            false,
        ),
        (
            "NY Sunday 10:00 EST",
            new_york(),
            "2025-11-02T15:00:00Z",
            true,
        ),
        (
            "NY Sunday 09:30 EST",
            new_york(),
            "2025-11-02T14:30:00Z",
            false,
        ),
        // Tallinn: 03:30 is skipped on 30 March, so it opens when 03:00 becomes 04:00.
        (
            "Tallinn 02:59 EET",
            tallinn_small_hours(),
            "2025-03-30T00:59:00Z",
            false,
        ),
        (
            "Tallinn jump to 04:00 EEST",
            tallinn_small_hours(),
            "2025-03-30T01:00:00Z",
            true,
        ),
        (
            "Tallinn 04:59 EEST",
            tallinn_small_hours(),
            "2025-03-30T01:59:00Z",
            true,
        ),
        (
            "Tallinn 05:00 EEST",
            tallinn_small_hours(),
            "2025-03-30T02:00:00Z",
            false,
        ),
        // On 26 October 03:30 happens twice: it opens at the first one, closes at 05:00 EET.
        (
            "Tallinn 03:29 EEST",
            tallinn_small_hours(),
            "2025-10-26T00:29:00Z",
            false,
        ),
        (
            "Tallinn first 03:30",
            tallinn_small_hours(),
            "2025-10-26T00:30:00Z",
            true,
        ),
        (
            "Tallinn second 03:15",
            tallinn_small_hours(),
            "2025-10-26T01:15:00Z",
            true,
        ),
        (
            "Tallinn 04:59 EET",
            tallinn_small_hours(),
            "2025-10-26T02:59:00Z",
            true,
        ),
        (
            "Tallinn 05:00 EET",
            tallinn_small_hours(),
            "2025-10-26T03:00:00Z",
            false,
        ),
        // A closed date cancels the intervals starting on it, not Monday night's tail.
        (
            "Tallinn Monday 21:00",
            tallinn_bar(),
            "2025-06-23T18:00:00Z",
            true,
        ),
        (
            "Tallinn holiday 00:30",
            tallinn_bar(),
            "2025-06-23T21:30:00Z",
            true,
        ),
        (
            "Tallinn holiday 02:00",
            tallinn_bar(),
            "2025-06-23T23:00:00Z",
            false,
        ),
        (
            "Tallinn holiday 20:30",
            tallinn_bar(),
            "2025-06-24T17:30:00Z",
            false,
        ),
        (
            "Tallinn after holiday 01:00",
            tallinn_bar(),
            "2025-06-24T22:00:00Z",
            false,
        ),
        (
            "Tallinn next Monday 20:30",
            tallinn_bar(),
            "2025-06-30T17:30:00Z",
            true,
        ),
        // Jerusalem moves to summer time on a Friday, which is also a short day.
        (
            "Jerusalem Friday 07:59 IDT",
            jerusalem(),
            "2025-03-28T04:59:00Z",
            false,
        ),
        (
            "Jerusalem Friday 08:00 IDT",
            jerusalem(),
            "2025-03-28T05:00:00Z",
            true,
        ),
        (
            "Jerusalem Friday 12:59 IDT",
            jerusalem(),
            "2025-03-28T09:59:00Z",
            true,
        ),
        (
            "Jerusalem Friday 13:00 IDT",
            jerusalem(),
            "2025-03-28T10:00:00Z",
            false,
        ),
        (
            "Jerusalem Saturday noon",
            jerusalem(),
            "2025-03-29T09:00:00Z",
            false,
        ),
        (
            "Jerusalem Passover 10:00",
            jerusalem(),
            "2025-04-13T07:00:00Z",
            false,
        ),
        (
            "Jerusalem Monday 10:00",
            jerusalem(),
            "2025-04-14T07:00:00Z",
            true,
        ),
        // Back to winter time on Sunday 26 October: 09:00 IST is 07:00Z.
        (
            "Jerusalem Sunday 08:59 IST",
            jerusalem(),
            "2025-10-26T06:59:00Z",
            false,
        ),
        (
            "Jerusalem Sunday 09:00 IST",
            jerusalem(),
            "2025-10-26T07:00:00Z",
            true,
        ),
        (
            "Jerusalem Sunday 17:59 IST",
            jerusalem(),
            "2025-10-26T15:59:00Z",
            true,
        ),
    ];
    for (case, rules, at, open) in table {
        assert_eq!(rules.is_open(utc(at)), open, "{case} ({at})");
        assert_eq!(rules.away_now(utc(at)), !open, "{case}: away outside hours");
    }
}

#[test]
fn wall_clock_times_become_the_first_instant_showing_them() {
    let tz = time_zone("America/New_York").expect("zone");
    let table = [
        ("2025-07-01T09:00", "2025-07-01T13:00:00Z"),
        // Skipped by the spring-forward jump: the jump itself.
        ("2025-03-09T02:30", "2025-03-09T07:00:00Z"),
        // Repeated by the fall-back: the first (EDT) occurrence.
        ("2025-11-02T01:30", "2025-11-02T05:30:00Z"),
    ];
    for (wall, expected) in table {
        let dt: DateTime = wall.parse().expect("civil datetime");
        let instant = first_instant_showing(&tz, dt).map(from_jiff);
        assert_eq!(instant, Some(utc(expected)), "{wall}");
    }
}

#[test]
fn status_says_until_when() {
    struct Case {
        name: &'static str,
        rules: AutoReplyRules,
        at: &'static str,
        away_now: bool,
        changes_at: Option<&'static str>,
        reason: AwayReason,
    }
    let period = AwaySchedule::Custom {
        start: "2025-04-12T18:00".into(),
        end: "2025-04-20T08:00".into(),
    };
    let custom = rules("Asia/Jerusalem", WeeklyHours::default(), &[], period);
    let always = rules("UTC", WeeklyHours::default(), &[], AwaySchedule::Always);
    let no_hours = rules(
        "UTC",
        WeeklyHours::default(),
        &[],
        AwaySchedule::OutsideBusinessHours,
    );
    let table = vec![
        Case {
            name: "NY open on Friday afternoon: away from 17:00",
            rules: new_york(),
            at: "2025-03-07T21:00:00Z",
            away_now: false,
            changes_at: Some("2025-03-07T22:00:00Z"),
            reason: AwayReason::DuringBusinessHours,
        },
        Case {
            name: "NY closed on Friday evening: back on Saturday 22:00 EST",
            rules: new_york(),
            at: "2025-03-07T23:00:00Z",
            away_now: true,
            changes_at: Some("2025-03-09T03:00:00Z"),
            reason: AwayReason::OutsideBusinessHours,
        },
        Case {
            name: "NY Saturday night: away again when the clocks jump",
            rules: new_york(),
            at: "2025-03-09T06:00:00Z",
            away_now: false,
            changes_at: Some("2025-03-09T07:00:00Z"),
            reason: AwayReason::DuringBusinessHours,
        },
        Case {
            name: "NY Sunday morning after the jump: open at 10:00 EDT",
            rules: new_york(),
            at: "2025-03-09T08:00:00Z",
            away_now: true,
            changes_at: Some("2025-03-09T14:00:00Z"),
            reason: AwayReason::OutsideBusinessHours,
        },
        Case {
            name: "Jerusalem on Passover: open again Monday 09:00 IDT",
            rules: jerusalem(),
            at: "2025-04-13T07:00:00Z",
            away_now: true,
            changes_at: Some("2025-04-14T06:00:00Z"),
            reason: AwayReason::ClosedDate,
        },
        Case {
            name: "before the custom period",
            rules: custom.clone(),
            at: "2025-04-12T14:59:00Z",
            away_now: false,
            changes_at: Some("2025-04-12T15:00:00Z"),
            reason: AwayReason::BeforeCustomPeriod,
        },
        Case {
            name: "in the custom period",
            rules: custom.clone(),
            at: "2025-04-12T15:00:00Z",
            away_now: true,
            changes_at: Some("2025-04-20T05:00:00Z"),
            reason: AwayReason::InCustomPeriod,
        },
        Case {
            name: "after the custom period",
            rules: custom,
            at: "2025-04-20T05:00:00Z",
            away_now: false,
            changes_at: None,
            reason: AwayReason::AfterCustomPeriod,
        },
        Case {
            name: "always",
            rules: always,
            at: "2025-04-20T05:00:00Z",
            away_now: true,
            changes_at: None,
            reason: AwayReason::Always,
        },
        Case {
            name: "no business hours at all: away with no end",
            rules: no_hours,
            at: "2025-04-20T05:00:00Z",
            away_now: true,
            changes_at: None,
            reason: AwayReason::OutsideBusinessHours,
        },
    ];
    for case in table {
        let status = case.rules.away_status(utc(case.at));
        assert_eq!(status.away_now, case.away_now, "{}", case.name);
        assert_eq!(status.changes_at, case.changes_at.map(utc), "{}", case.name);
        assert_eq!(status.reason, case.reason, "{}", case.name);
        assert_eq!(
            status.away_now,
            case.rules.away_now(utc(case.at)),
            "{}",
            case.name
        );
    }
}

#[test]
fn touching_intervals_are_one_opening() {
    let rules = rules(
        "UTC",
        WeeklyHours {
            monday: hours("20:00", "24:00"),
            tuesday: vec![
                OpenInterval::new("00:00", "02:00"),
                OpenInterval::new("09:00", "12:00"),
                OpenInterval::new("12:00", "13:00"),
            ],
            ..WeeklyHours::default()
        },
        &[],
        AwaySchedule::OutsideBusinessHours,
    );
    // Monday 2025-03-03.
    let status = rules.away_status(utc("2025-03-03T21:00:00Z"));
    assert!(status.open_now);
    assert_eq!(status.open_changes_at, Some(utc("2025-03-04T02:00:00Z")));
    let status = rules.away_status(utc("2025-03-04T10:00:00Z"));
    assert_eq!(status.open_changes_at, Some(utc("2025-03-04T13:00:00Z")));
}

#[test]
fn the_bundled_database_knows_the_zones_without_the_system() {
    for zone in [
        "Asia/Jerusalem",
        "Europe/Tallinn",
        "America/New_York",
        "UTC",
    ] {
        assert!(time_zone(zone).is_some(), "{zone}");
    }
    assert!(time_zone("Mars/Olympus_Mons").is_none());
    let names = time_zone_names();
    assert!(names.len() > 300, "{} zones", names.len());
    assert!(names.iter().any(|n| n == "Europe/Tallinn"));
}
