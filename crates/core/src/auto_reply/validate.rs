//! Checking the settings and compiling them into rules: the zone resolved, times parsed,
//! keywords split into words. Compiling is validating: settings that compile are saved.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::{Date, DateTime};

use super::keywords;
use super::schedule::{self, BusinessSchedule, DayInterval, MINUTES_PER_DAY};
use super::{AutoReplySettings, AwaySchedule, KeywordMatch, OpenInterval, Recipients, WEEKDAYS};
use crate::Timestamp;
use crate::message::MAX_TEXT_CHARS;

pub const MAX_AWAY_COOLDOWN_MINUTES: u32 = 30 * 24 * 60;
pub const MAX_GREETING_QUIET_DAYS: u32 = 365;
pub const MAX_AGENT_ACTIVE_MINUTES: u32 = 24 * 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AutoReplyError {
    #[error("{0:?} is not a time zone Parley knows: use an IANA name such as Europe/Tallinn")]
    UnknownTimeZone(String),
    #[error("{day}: {value:?} is not a time of day: use HH:MM, such as 09:30")]
    BadTime { day: &'static str, value: String },
    #[error("{day}: an interval cannot open and close at {at}")]
    EmptyInterval { day: &'static str, at: String },
    #[error("the business hours {first} and {second} overlap")]
    OverlappingHours { first: String, second: String },
    #[error("{0:?} is not a date: use YYYY-MM-DD")]
    BadDate(String),
    #[error("{0:?} is not a date and time: use YYYY-MM-DDTHH:MM")]
    BadDateTime(String),
    #[error("the away period must end after it starts")]
    PeriodEndsBeforeStart,
    #[error("{0} needs a text")]
    EmptyText(String),
    #[error("{what} has {chars} characters; WhatsApp allows at most {MAX_TEXT_CHARS}")]
    TextTooLong { what: String, chars: usize },
    #[error("{what} must be from {min} to {max}, not {value}")]
    OutOfRange {
        what: &'static str,
        min: u32,
        max: u32,
        value: u32,
    },
    #[error("{0} needs at least one keyword")]
    NoKeywords(String),
    #[error("{0:?} cannot be a keyword: it needs at least one letter or digit")]
    EmptyKeyword(String),
    #[error("the keyword {0:?} is used twice")]
    DuplicateKeyword(String),
    #[error("{0} goes to chosen contacts: choose at least one")]
    NoContactsChosen(&'static str),
}

/// A keyword rule with its keywords split into words.
#[derive(Debug, Clone)]
pub(crate) struct CompiledKeywordReply {
    pub enabled: bool,
    pub phrases: Vec<Vec<String>>,
    pub match_mode: KeywordMatch,
    pub reply: String,
}

/// Settings that passed validation, ready to decide with.
#[derive(Debug, Clone)]
pub struct AutoReplyRules {
    settings: AutoReplySettings,
    pub(crate) schedule: BusinessSchedule,
    /// The custom away period as instants, when the schedule is custom.
    pub(crate) custom_period: Option<(Timestamp, Timestamp)>,
    pub(crate) keyword_replies: Vec<CompiledKeywordReply>,
    /// Each opt-out keyword's words, with the keyword as the business wrote it.
    pub(crate) opt_out: Vec<(Vec<String>, String)>,
}

impl AutoReplyRules {
    /// Checks `settings` and prepares them; the error says what to fix.
    pub fn compile(settings: &AutoReplySettings) -> Result<AutoReplyRules, AutoReplyError> {
        let mut settings = settings.clone();
        let zone_name = settings.time_zone.trim();
        let tz = schedule::time_zone(zone_name)
            .ok_or_else(|| AutoReplyError::UnknownTimeZone(settings.time_zone.clone()))?;
        settings.time_zone = tz.iana_name().unwrap_or(zone_name).to_owned();

        let week = compile_week(&mut settings)?;
        let mut closed = BTreeSet::new();
        for text in &settings.closed_dates {
            closed.insert(
                text.trim()
                    .parse::<Date>()
                    .map_err(|_| AutoReplyError::BadDate(text.clone()))?,
            );
        }
        settings.closed_dates = closed.iter().map(Date::to_string).collect();
        let schedule = BusinessSchedule::new(tz, week, closed);

        let away = &mut settings.away;
        check_text("the away message", &away.text, away.enabled)?;
        check_range(
            "the away message's cooldown (minutes)",
            away.cooldown_minutes,
            1,
            MAX_AWAY_COOLDOWN_MINUTES,
        )?;
        check_recipients("the away message", &mut away.recipients, away.enabled)?;
        let custom_period = match &mut away.schedule {
            AwaySchedule::Custom { start, end } => {
                let (start_at, end_at) = compile_period(&schedule, start, end)?;
                Some((start_at, end_at))
            }
            AwaySchedule::Always | AwaySchedule::OutsideBusinessHours => None,
        };

        let greeting = &mut settings.greeting;
        check_text("the greeting", &greeting.text, greeting.enabled)?;
        check_range(
            "the greeting's quiet days",
            greeting.quiet_days,
            1,
            MAX_GREETING_QUIET_DAYS,
        )?;
        check_recipients("the greeting", &mut greeting.recipients, greeting.enabled)?;
        check_range(
            "the minutes an agent's reply holds auto-replies back",
            settings.agent_active_minutes,
            0,
            MAX_AGENT_ACTIVE_MINUTES,
        )?;

        let mut seen = HashMap::new();
        let mut keyword_replies = Vec::with_capacity(settings.keyword_replies.len());
        for (index, rule) in settings.keyword_replies.iter_mut().enumerate() {
            let what = format!("keyword reply {}", index + 1);
            check_text(&what, &rule.reply, rule.enabled)?;
            let phrases = compile_keywords(&what, &mut rule.keywords, &mut seen)?;
            keyword_replies.push(CompiledKeywordReply {
                enabled: rule.enabled,
                phrases,
                match_mode: rule.match_mode,
                reply: rule.reply.clone(),
            });
        }

        let opt_out = &mut settings.opt_out;
        check_text(
            "the opt-out confirmation",
            &opt_out.confirmation,
            opt_out.enabled,
        )?;
        let phrases = if opt_out.enabled || !opt_out.keywords.is_empty() {
            compile_keywords("opting out", &mut opt_out.keywords, &mut seen)?
        } else {
            Vec::new()
        };
        let opt_out = phrases.into_iter().zip(opt_out.keywords.clone()).collect();

        Ok(AutoReplyRules {
            settings,
            schedule,
            custom_period,
            keyword_replies,
            opt_out,
        })
    }

    /// The settings as validated: canonical zone name, `HH:MM` times, trimmed keywords.
    pub fn settings(&self) -> &AutoReplySettings {
        &self.settings
    }

    /// The reply of the first enabled keyword rule matching the message's `words`.
    pub fn keyword_reply(&self, words: &[String]) -> Option<&str> {
        self.keyword_replies
            .iter()
            .filter(|rule| rule.enabled)
            .find(|rule| {
                rule.phrases.iter().any(|phrase| match rule.match_mode {
                    KeywordMatch::Anywhere => keywords::contains_phrase(words, phrase),
                    KeywordMatch::WholeMessage => words == phrase.as_slice(),
                })
            })
            .map(|rule| rule.reply.as_str())
    }

    /// The opt-out keyword (as the business wrote it) that the message's `words` are.
    pub fn opt_out_keyword(&self, words: &[String]) -> Option<&str> {
        if !self.settings.opt_out.enabled {
            return None;
        }
        self.opt_out
            .iter()
            .find(|(phrase, _)| words == phrase.as_slice())
            .map(|(_, keyword)| keyword.as_str())
    }
}

fn check_text(what: &str, text: &str, required: bool) -> Result<(), AutoReplyError> {
    if required && text.trim().is_empty() {
        return Err(AutoReplyError::EmptyText(capitalized(what)));
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(AutoReplyError::TextTooLong {
            what: capitalized(what),
            chars,
        });
    }
    Ok(())
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn check_range(what: &'static str, value: u32, min: u32, max: u32) -> Result<(), AutoReplyError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(AutoReplyError::OutOfRange {
            what,
            min,
            max,
            value,
        })
    }
}

/// Lists of chosen contacts lose repeats; an enabled message needs someone to go to.
fn check_recipients(
    what: &'static str,
    recipients: &mut Recipients,
    enabled: bool,
) -> Result<(), AutoReplyError> {
    if let Recipients::EveryoneExcept { contacts } | Recipients::OnlyTo { contacts } = recipients {
        let unique: BTreeSet<_> = contacts.iter().copied().collect();
        *contacts = unique.into_iter().collect();
        if enabled && contacts.is_empty() {
            return Err(AutoReplyError::NoContactsChosen(what));
        }
    }
    Ok(())
}

/// `HH:MM` (or `H:MM`) as minutes since midnight; `24:00` only where `allow_midnight_end`.
fn parse_clock(text: &str, allow_midnight_end: bool) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || minutes.len() != 2 || !digits(minutes) {
        return None;
    }
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    match (hours, minutes) {
        (0..=23, 0..=59) => Some(hours * 60 + minutes),
        (24, 0) if allow_midnight_end => Some(MINUTES_PER_DAY),
        _ => None,
    }
}

fn clock_text(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses each day's intervals (normalising their text and order) and checks that no two
/// of them overlap anywhere in the week, Sunday night running into Monday included.
fn compile_week(settings: &mut AutoReplySettings) -> Result<[Vec<DayInterval>; 7], AutoReplyError> {
    let mut week: [Vec<DayInterval>; 7] = Default::default();
    for (day, intervals) in settings.business_hours.days_mut().into_iter().enumerate() {
        let name = WEEKDAYS[day];
        let mut compiled = Vec::with_capacity(intervals.len());
        for interval in intervals.iter() {
            let bad = |value: &str| AutoReplyError::BadTime {
                day: name,
                value: value.to_owned(),
            };
            let opens = parse_clock(&interval.opens, false).ok_or_else(|| bad(&interval.opens))?;
            let closes =
                parse_clock(&interval.closes, true).ok_or_else(|| bad(&interval.closes))?;
            if opens == closes {
                return Err(AutoReplyError::EmptyInterval {
                    day: name,
                    at: clock_text(opens),
                });
            }
            let closes = if closes > opens {
                closes
            } else {
                closes + MINUTES_PER_DAY
            };
            compiled.push(DayInterval { opens, closes });
        }
        compiled.sort_by_key(|interval| interval.opens);
        *intervals = compiled
            .iter()
            .map(|i| OpenInterval {
                opens: clock_text(i.opens),
                closes: if i.closes == MINUTES_PER_DAY {
                    "24:00".to_owned()
                } else {
                    clock_text(i.closes % MINUTES_PER_DAY)
                },
            })
            .collect();
        week[day] = compiled;
    }
    check_overlaps(&week)?;
    Ok(week)
}

fn check_overlaps(week: &[Vec<DayInterval>; 7]) -> Result<(), AutoReplyError> {
    const WEEK: u32 = 7 * MINUTES_PER_DAY as u32;
    // Each interval as minutes of the week; one running past Sunday midnight is split.
    let mut segments: Vec<(u32, u32, usize, DayInterval)> = Vec::new();
    for (day, intervals) in week.iter().enumerate() {
        for interval in intervals {
            let start = day as u32 * MINUTES_PER_DAY as u32 + interval.opens as u32;
            let end = day as u32 * MINUTES_PER_DAY as u32 + interval.closes as u32;
            if end > WEEK {
                segments.push((start, WEEK, day, *interval));
                segments.push((0, end - WEEK, day, *interval));
            } else {
                segments.push((start, end, day, *interval));
            }
        }
    }
    for (i, a) in segments.iter().enumerate() {
        for b in &segments[i + 1..] {
            let same_interval = a.2 == b.2 && a.3 == b.3;
            if !same_interval && a.0 < b.1 && b.0 < a.1 {
                let describe = |(_, _, day, interval): &(u32, u32, usize, DayInterval)| {
                    format!(
                        "{} {}-{}",
                        WEEKDAYS[*day],
                        clock_text(interval.opens),
                        clock_text(interval.closes % MINUTES_PER_DAY)
                    )
                };
                return Err(AutoReplyError::OverlappingHours {
                    first: describe(a),
                    second: describe(b),
                });
            }
        }
    }
    Ok(())
}

/// The custom away period as instants, its texts normalised to `YYYY-MM-DDTHH:MM`.
fn compile_period(
    schedule: &BusinessSchedule,
    start: &mut String,
    end: &mut String,
) -> Result<(Timestamp, Timestamp), AutoReplyError> {
    let parse = |text: &str| {
        text.trim()
            .parse::<DateTime>()
            .map_err(|_| AutoReplyError::BadDateTime(text.to_owned()))
    };
    let (start_dt, end_dt) = (parse(start)?, parse(end)?);
    let instant = |dt: DateTime, text: &str| {
        schedule
            .instant(dt)
            .ok_or_else(|| AutoReplyError::BadDateTime(text.to_owned()))
    };
    let (start_at, end_at) = (instant(start_dt, start)?, instant(end_dt, end)?);
    if end_at <= start_at {
        return Err(AutoReplyError::PeriodEndsBeforeStart);
    }
    *start = start_dt.strftime("%Y-%m-%dT%H:%M").to_string();
    *end = end_dt.strftime("%Y-%m-%dT%H:%M").to_string();
    Ok((start_at, end_at))
}

/// Trims the keywords and splits them into words; `seen` catches repeats across rules.
fn compile_keywords(
    what: &str,
    list: &mut [String],
    seen: &mut HashMap<Vec<String>, String>,
) -> Result<Vec<Vec<String>>, AutoReplyError> {
    if list.is_empty() {
        return Err(AutoReplyError::NoKeywords(capitalized(what)));
    }
    let mut phrases = Vec::with_capacity(list.len());
    for keyword in list.iter_mut() {
        *keyword = keyword.trim().to_owned();
        let words = keywords::words(keyword);
        if words.is_empty() {
            return Err(AutoReplyError::EmptyKeyword(keyword.clone()));
        }
        if seen.insert(words.clone(), keyword.clone()).is_some() {
            return Err(AutoReplyError::DuplicateKeyword(keyword.clone()));
        }
        phrases.push(words);
    }
    Ok(phrases)
}

#[cfg(test)]
mod tests;
