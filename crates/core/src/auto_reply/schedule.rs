//! Business hours, closed dates and the away schedule, evaluated in the business's time
//! zone. Wall-clock times become instants through [`first_instant_showing`], which is
//! where daylight-saving changes are decided (see the parent module's "Time").

use std::collections::BTreeSet;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone, TimeZoneDatabase};
use serde::{Deserialize, Serialize};

use super::{AutoReplyRules, AwaySchedule};
use crate::Timestamp;

pub(crate) const MINUTES_PER_DAY: u16 = 24 * 60;

/// How far ahead "until when" looks for the next opening or closing. A business closed
/// for longer than this is reported as closed with no end in sight.
const LOOKAHEAD_DAYS: i32 = 400;

/// The zone named `name` in the tz database compiled into Parley (never the OS's).
pub(crate) fn time_zone(name: &str) -> Option<TimeZone> {
    TimeZoneDatabase::bundled().get(name).ok()
}

/// Every IANA time zone name Parley knows, for the settings' picker.
pub fn time_zone_names() -> Vec<String> {
    let mut names: Vec<String> = TimeZoneDatabase::bundled()
        .available()
        .map(|name| name.as_str().to_owned())
        .collect();
    names.sort();
    names
}

/// One opening interval, in minutes from the start of the day it opens. `closes` is
/// greater than `opens`, and beyond [`MINUTES_PER_DAY`] when it runs past midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DayInterval {
    pub opens: u16,
    pub closes: u16,
}

/// A half-open span of time `[start, end)` in UTC milliseconds.
type Span = (i64, i64);

#[derive(Debug, Clone)]
pub(crate) struct BusinessSchedule {
    tz: TimeZone,
    /// Monday first.
    week: [Vec<DayInterval>; 7],
    closed: BTreeSet<Date>,
}

impl BusinessSchedule {
    pub(crate) fn new(tz: TimeZone, week: [Vec<DayInterval>; 7], closed: BTreeSet<Date>) -> Self {
        Self { tz, week, closed }
    }

    /// The instant `dt` means on the business's wall clock.
    pub(crate) fn instant(&self, dt: DateTime) -> Option<Timestamp> {
        first_instant_showing(&self.tz, dt).map(from_jiff)
    }

    pub(crate) fn local_date(&self, at: Timestamp) -> Date {
        self.tz.to_datetime(to_jiff(at)).date()
    }

    fn has_hours(&self) -> bool {
        self.week.iter().any(|day| !day.is_empty())
    }

    /// The open spans of `days` days from `from`, merged where one ends as the next
    /// starts (Monday until midnight and Tuesday from midnight are one span).
    fn open_spans(&self, from: Date, days: i32) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        let mut date = from;
        for _ in 0..days {
            if !self.closed.contains(&date) {
                let weekday = date.weekday().to_monday_zero_offset() as usize;
                for interval in &self.week[weekday] {
                    let start = self.instant_on(date, interval.opens);
                    let end = self.instant_on(date, interval.closes);
                    if let (Some(start), Some(end)) = (start, end)
                        && end > start
                    {
                        spans.push((start.as_millis(), end.as_millis()));
                    }
                }
            }
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
        spans.sort_unstable();
        let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
        for span in spans {
            match merged.last_mut() {
                Some(last) if span.0 <= last.1 => last.1 = last.1.max(span.1),
                _ => merged.push(span),
            }
        }
        merged
    }

    /// The instant the clock shows `minutes` after the start of `date`.
    fn instant_on(&self, date: Date, minutes: u16) -> Option<Timestamp> {
        let (date, minutes) = if minutes >= MINUTES_PER_DAY {
            (date.tomorrow().ok()?, minutes - MINUTES_PER_DAY)
        } else {
            (date, minutes)
        };
        let time = Time::new((minutes / 60) as i8, (minutes % 60) as i8, 0, 0).ok()?;
        self.instant(date.to_datetime(time))
    }

    /// Whether the business is open at `now`. An interval lasts less than two days, so
    /// only those starting yesterday or today can hold `now`.
    pub(crate) fn is_open(&self, now: Timestamp) -> bool {
        let Ok(yesterday) = self.local_date(now).yesterday() else {
            return false;
        };
        let now = now.as_millis();
        self.open_spans(yesterday, 3)
            .iter()
            .any(|&(start, end)| start <= now && now < end)
    }

    /// When the business next closes (if open now) or opens (if closed now).
    pub(crate) fn next_change(&self, now: Timestamp) -> Option<Timestamp> {
        if !self.has_hours() {
            return None;
        }
        let yesterday = self.local_date(now).yesterday().ok()?;
        let spans = self.open_spans(yesterday, LOOKAHEAD_DAYS);
        let now = now.as_millis();
        let change = match spans
            .iter()
            .find(|&&(start, end)| start <= now && now < end)
        {
            Some(&(_, end)) => end,
            None => spans.iter().find(|&&(start, _)| start > now)?.0,
        };
        Some(Timestamp(change))
    }

    pub(crate) fn is_closed_date(&self, date: Date) -> bool {
        self.closed.contains(&date)
    }
}

/// The first instant at which the wall clock in `tz` shows `dt` (or, when a
/// spring-forward jump skips it, the jump itself). On a fall-back night this is the
/// first of the two moments showing `dt`.
pub(crate) fn first_instant_showing(tz: &TimeZone, dt: DateTime) -> Option<jiff::Timestamp> {
    let ambiguous = tz.to_ambiguous_timestamp(dt);
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { offset } | AmbiguousOffset::Fold { before: offset, .. } => {
            offset.to_timestamp(dt).ok()
        }
        AmbiguousOffset::Gap { .. } => {
            // `earlier` reads `dt` with the offset after the jump: an instant before it.
            let before_jump = ambiguous.earlier().ok()?;
            tz.following(before_jump)
                .next()
                .map(|transition| transition.timestamp())
        }
    }
}

pub(crate) fn to_jiff(at: Timestamp) -> jiff::Timestamp {
    let ms = at.as_millis().clamp(
        jiff::Timestamp::MIN.as_millisecond(),
        jiff::Timestamp::MAX.as_millisecond(),
    );
    jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

pub(crate) fn from_jiff(at: jiff::Timestamp) -> Timestamp {
    Timestamp(at.as_millisecond())
}

/// Whether the away message would go out now, and until when, for the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AwayStatus {
    /// The away message is switched on.
    pub enabled: bool,
    /// The schedule says away now: a customer writing now gets the away message (when
    /// it is enabled and they are among its recipients).
    pub away_now: bool,
    /// When `away_now` next changes; `None` when it never does on this schedule
    /// (always away, a custom period that is over, no business hours at all, or no
    /// change within a year).
    pub changes_at: Option<Timestamp>,
    pub reason: AwayReason,
    /// Whether the business hours say open now, whatever the away schedule.
    pub open_now: bool,
    /// When the business next closes (open now) or opens (closed now).
    pub open_changes_at: Option<Timestamp>,
    /// The time zone the schedule is read in.
    pub time_zone: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum AwayReason {
    /// The schedule is "always".
    Always,
    /// Before the custom away period.
    BeforeCustomPeriod,
    InCustomPeriod,
    /// The custom away period is over.
    AfterCustomPeriod,
    DuringBusinessHours,
    OutsideBusinessHours,
    /// Today is one of the closed dates.
    ClosedDate,
}

impl AutoReplyRules {
    /// Whether the away schedule says away at `now` (whether or not the message is on).
    pub fn away_now(&self, now: Timestamp) -> bool {
        match &self.settings().away.schedule {
            AwaySchedule::Always => true,
            AwaySchedule::OutsideBusinessHours => !self.schedule.is_open(now),
            AwaySchedule::Custom { .. } => self
                .custom_period
                .is_some_and(|(start, end)| start <= now && now < end),
        }
    }

    pub fn is_open(&self, now: Timestamp) -> bool {
        self.schedule.is_open(now)
    }

    /// The away message's state at `now` and when it changes.
    pub fn away_status(&self, now: Timestamp) -> AwayStatus {
        let settings = self.settings();
        let open_now = self.schedule.is_open(now);
        let open_changes_at = self.schedule.next_change(now);
        let (away_now, changes_at, reason) = match &settings.away.schedule {
            AwaySchedule::Always => (true, None, AwayReason::Always),
            AwaySchedule::OutsideBusinessHours if open_now => {
                (false, open_changes_at, AwayReason::DuringBusinessHours)
            }
            AwaySchedule::OutsideBusinessHours => {
                let reason = if self.schedule.is_closed_date(self.schedule.local_date(now)) {
                    AwayReason::ClosedDate
                } else {
                    AwayReason::OutsideBusinessHours
                };
                (true, open_changes_at, reason)
            }
            AwaySchedule::Custom { .. } => match self.custom_period {
                Some((start, _)) if now < start => {
                    (false, Some(start), AwayReason::BeforeCustomPeriod)
                }
                Some((_, end)) if now < end => (true, Some(end), AwayReason::InCustomPeriod),
                _ => (false, None, AwayReason::AfterCustomPeriod),
            },
        };
        AwayStatus {
            enabled: settings.away.enabled,
            away_now,
            changes_at,
            reason,
            open_now,
            open_changes_at,
            time_zone: settings.time_zone.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
