// The checks the engine makes before it saves auto-replies (crates/core/src/auto_reply/
// validate.rs), made here too so the dialog can mark every problem next to its field
// before saving: the engine reports only the first problem, as one English sentence.
// The mock backend refuses with the same checks, worded as the engine words them.

import type { MessageKey, Params } from '../i18n/index.svelte';
import { WEEKDAYS, type FullAutoReplies, type Weekday } from './draft';

export const MAX_TEXT_CHARS = 4096;
export const MAX_AWAY_COOLDOWN_MINUTES = 30 * 24 * 60;
export const MAX_GREETING_QUIET_DAYS = 365;
export const MAX_AGENT_ACTIVE_MINUTES = 24 * 60;
const MINUTES_PER_DAY = 24 * 60;

/// One problem: where (a field path such as `away.text`, `hours.monday.0`,
/// `keywordReplies.2.keywords`), what to tell the user, and the engine's wording.
export interface Problem {
  field: string;
  key: MessageKey;
  params: Params;
  engine: string;
}

/// `HH:MM` (or `H:MM`) as minutes since midnight; `24:00` only as a closing time.
export function parseClock(text: string, closing: boolean): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours <= 23 && minutes <= 59) return hours * 60 + minutes;
  if (closing && hours === 24 && minutes === 0) return MINUTES_PER_DAY;
  return null;
}

export function clockText(minutes: number): string {
  const m = minutes % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/// `YYYY-MM-DD`, a real date.
export function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

/// `YYYY-MM-DDTHH:MM` (seconds allowed, as a date-time input may add them).
export function isDateTime(text: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(text.trim());
  return match !== null && isDate(match[1]!) && parseClock(match[2]!, false) !== null;
}

/// A keyword's words as the engine compares them (crates/core/src/auto_reply/keywords.rs,
/// closely enough to catch the same repeats): marks removed, lowercased, split on what is
/// not a letter or a digit.
export function keywordWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7\u0610-\u061A\u0640\u064B-\u065F\u0670]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((word) => word.length > 0);
}

interface Interval {
  day: number;
  index: number;
  opens: number;
  closes: number;
}

/// Every problem, in the order the engine checks (so `[0]` is what it would report).
/// `zones`: the names the engine knows (empty: not loaded, not checked).
export function problemsOf(settings: FullAutoReplies, zones: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, key: MessageKey, engine: string, params: Params = {}) =>
    problems.push({ field, key, params, engine });

  const zone = settings.timeZone.trim();
  if (zones.length > 0 && !zones.some((z) => z.toLowerCase() === zone.toLowerCase())) {
    add('timeZone', 'autoReplies.problem.unknownZone', `"${settings.timeZone}" is not a time zone Parley knows: use an IANA name such as Europe/Tallinn`, { zone: settings.timeZone });
  }

  checkWeek(settings, add);
  settings.closedDates.forEach((date, index) => {
    if (!isDate(date)) add(`closedDates.${index}`, 'autoReplies.problem.badDate', `"${date}" is not a date: use YYYY-MM-DD`);
  });

  const { away, greeting } = settings;
  checkText('away.text', 'The away message', away.text, away.enabled, add);
  checkRange('away.cooldown', 'autoReplies.problem.hoursRange', "the away message's cooldown (minutes)", away.cooldownMinutes, 1, MAX_AWAY_COOLDOWN_MINUTES, add, 60);
  checkRecipients('away.recipients', 'the away message', away.recipients, away.enabled, add);
  if (away.schedule.kind === 'custom') {
    const { start, end } = away.schedule;
    if (!isDateTime(start)) add('away.schedule', 'autoReplies.problem.badDateTime', `"${start}" is not a date and time: use YYYY-MM-DDTHH:MM`);
    else if (!isDateTime(end)) add('away.schedule', 'autoReplies.problem.badDateTime', `"${end}" is not a date and time: use YYYY-MM-DDTHH:MM`);
    else if (end.trim().slice(0, 16) <= start.trim().slice(0, 16)) {
      add('away.schedule', 'autoReplies.problem.periodEnd', 'the away period must end after it starts');
    }
  }

  checkText('greeting.text', 'The greeting', greeting.text, greeting.enabled, add);
  checkRange('greeting.quietDays', 'autoReplies.problem.range', "the greeting's quiet days", greeting.quietDays, 1, MAX_GREETING_QUIET_DAYS, add);
  checkRecipients('greeting.recipients', 'the greeting', greeting.recipients, greeting.enabled, add);
  checkRange('agentActiveMinutes', 'autoReplies.problem.range', "the minutes an agent's reply holds auto-replies back", settings.agentActiveMinutes, 0, MAX_AGENT_ACTIVE_MINUTES, add);

  // Keywords may not repeat across rules, nor between a rule and the opt-out list.
  const seen = new Set<string>();
  settings.keywordReplies.forEach((rule, index) => {
    const what = `Keyword reply ${index + 1}`;
    checkText(`keywordReplies.${index}.reply`, what, rule.reply, rule.enabled, add);
    checkKeywords(`keywordReplies.${index}.keywords`, what, rule.keywords, seen, add);
  });
  const { optOut } = settings;
  checkText('optOut.confirmation', 'The opt-out confirmation', optOut.confirmation, optOut.enabled, add);
  if (optOut.enabled || optOut.keywords.length > 0) {
    checkKeywords('optOut.keywords', 'Opting out', optOut.keywords, seen, add);
  }
  return problems;
}

type Add = (field: string, key: MessageKey, engine: string, params?: Params) => void;

function checkText(field: string, what: string, text: string, required: boolean, add: Add): void {
  if (required && text.trim() === '') {
    add(field, 'autoReplies.problem.textRequired', `${what} needs a text`);
    return;
  }
  const chars = Array.from(text).length;
  if (chars > MAX_TEXT_CHARS) {
    add(field, 'autoReplies.problem.textTooLong', `${what} has ${chars} characters; WhatsApp allows at most ${MAX_TEXT_CHARS}`, { count: chars, max: MAX_TEXT_CHARS });
  }
}

/// `unit`: the field shows the value in this many of the engine's units (hours of minutes).
function checkRange(field: string, key: MessageKey, what: string, value: number, min: number, max: number, add: Add, unit = 1): void {
  if (Number.isInteger(value) && value >= min && value <= max) return;
  add(field, key, `${what} must be from ${min} to ${max}, not ${value}`, { min: min / unit, max: max / unit });
}

function checkRecipients(field: string, what: string, recipients: FullAutoReplies['away']['recipients'], enabled: boolean, add: Add): void {
  if ((recipients.kind === 'everyoneExcept' || recipients.kind === 'onlyTo') && enabled && recipients.contacts.length === 0) {
    add(field, 'autoReplies.problem.noContacts', `${what} goes to chosen contacts: choose at least one`);
  }
}

function checkKeywords(field: string, what: string, keywords: string[], seen: Set<string>, add: Add): void {
  if (keywords.length === 0) {
    add(field, 'autoReplies.problem.noKeywords', `${what} needs at least one keyword`);
    return;
  }
  for (const keyword of keywords) {
    const words = keywordWords(keyword);
    if (words.length === 0) {
      add(field, 'autoReplies.problem.emptyKeyword', `"${keyword.trim()}" cannot be a keyword: it needs at least one letter or digit`, { keyword: keyword.trim() });
      return;
    }
    const key = words.join(' ');
    if (seen.has(key)) {
      add(field, 'autoReplies.problem.duplicateKeyword', `the keyword "${keyword.trim()}" is used twice`, { keyword: keyword.trim() });
      return;
    }
    seen.add(key);
  }
}

/// Times parse, no interval is empty, and no two overlap anywhere in the week (Sunday
/// night running into Monday included). An overlap is marked on the later interval.
function checkWeek(settings: FullAutoReplies, add: Add): void {
  const intervals: Interval[] = [];
  WEEKDAYS.forEach((day, dayIndex) => {
    settings.businessHours[day].forEach((interval, index) => {
      const field = `hours.${day}.${index}`;
      const opens = parseClock(interval.opens, false);
      const closes = parseClock(interval.closes, true);
      if (opens === null || closes === null) {
        const value = opens === null ? interval.opens : interval.closes;
        add(field, 'autoReplies.problem.badTime', `${capital(day)}: "${value}" is not a time of day: use HH:MM, such as 09:30`);
        return;
      }
      if (opens === closes) {
        add(field, 'autoReplies.problem.emptyInterval', `${capital(day)}: an interval cannot open and close at ${clockText(opens)}`);
        return;
      }
      intervals.push({ day: dayIndex, index, opens, closes: closes > opens ? closes : closes + MINUTES_PER_DAY });
    });
  });
  const WEEK = 7 * MINUTES_PER_DAY;
  const segments = intervals.flatMap((interval) => {
    const start = interval.day * MINUTES_PER_DAY + interval.opens;
    const end = interval.day * MINUTES_PER_DAY + interval.closes;
    return end > WEEK
      ? [{ interval, start, end: WEEK }, { interval, start: 0, end: end - WEEK }]
      : [{ interval, start, end }];
  });
  const marked = new Set<Interval>();
  for (const [i, a] of segments.entries()) {
    for (const b of segments.slice(i + 1)) {
      if (a.interval === b.interval || a.start >= b.end || b.start >= a.end) continue;
      const later = b.interval.day * 10_000 + b.interval.opens >= a.interval.day * 10_000 + a.interval.opens ? b.interval : a.interval;
      const other = later === b.interval ? a.interval : b.interval;
      if (marked.has(later)) continue;
      marked.add(later);
      const day = WEEKDAYS[later.day] as Weekday;
      const otherDay = WEEKDAYS[other.day] as Weekday;
      add(
        `hours.${day}.${later.index}`,
        'autoReplies.problem.overlap',
        `the business hours ${describe(a.interval)} and ${describe(b.interval)} overlap`,
        { otherDay, otherOpens: clockText(other.opens), otherCloses: clockText(other.closes) },
      );
    }
  }
}

function describe(interval: Interval): string {
  return `${capital(WEEKDAYS[interval.day] as string)} ${clockText(interval.opens)}-${clockText(interval.closes)}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
