// The mock's auto-replies: the settings it holds, saving them as the engine does (only
// owners and managers; validated by the engine's rules, refused with the first problem in
// the engine's words; normalised), and the away status for the settings being edited.
// The status reads the schedule at the zone's current UTC offset: daylight-saving
// changes within the next week are not modelled, which the tests do not need.

import type { AutoReplySettings, AwayStatus, MessageId, RecordedDecision } from '../../ipc/bindings';
import { WEEKDAYS, defaultAutoReplies, withDefaults, type FullAutoReplies } from '../../autoReplies/draft';
import { clockText, parseClock, problemsOf } from '../../autoReplies/validate';
import type { AutoRepliesBackend } from '../types';
import { refuse, type MockBase } from './core';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface AutoRepliesCalls {
  saveAutoReplies: AutoReplySettings[];
  autoReplyStatus: Array<AutoReplySettings | null>;
  autoReplyDecision: MessageId[];
}

function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = new Set(intl.supportedValuesOf?.('timeZone') ?? ['Asia/Jerusalem', 'Europe/Tallinn', 'Europe/Moscow', 'Asia/Dubai']);
  zones.add('UTC');
  return [...zones].sort();
}

/// How far the zone's wall clock is ahead of UTC at `at`, in milliseconds.
function zoneOffset(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - (at - (at % 1000));
}

/// `YYYY-MM-DDTHH:MM` on the zone's wall clock (as ms of "wall time in UTC").
function wallTime(text: string): number {
  const [date = '', time = '00:00'] = text.trim().split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
}

/// The settings as the engine stores them: canonical zone, `HH:MM` times in order,
/// trimmed keywords, sorted dates without repeats, contact lists without repeats.
function normalised(settings: FullAutoReplies, zones: readonly string[]): FullAutoReplies {
  const next = structuredClone(settings);
  next.timeZone = zones.find((z) => z.toLowerCase() === settings.timeZone.trim().toLowerCase()) ?? settings.timeZone;
  for (const day of WEEKDAYS) {
    next.businessHours[day] = next.businessHours[day]
      .map((i) => ({ opens: parseClock(i.opens, false)!, closes: parseClock(i.closes, true)! }))
      .sort((a, b) => a.opens - b.opens)
      .map((i) => ({ opens: clockText(i.opens), closes: i.closes === 24 * 60 ? '24:00' : clockText(i.closes) }));
  }
  next.closedDates = [...new Set(next.closedDates.map((d) => d.trim()))].sort();
  for (const message of [next.away, next.greeting]) {
    const r = message.recipients;
    if (r.kind === 'everyoneExcept' || r.kind === 'onlyTo') r.contacts = [...new Set(r.contacts)].sort((a, b) => a - b);
  }
  if (next.away.schedule.kind === 'custom') {
    next.away.schedule = { kind: 'custom', start: next.away.schedule.start.trim().slice(0, 16), end: next.away.schedule.end.trim().slice(0, 16) };
  }
  for (const rule of next.keywordReplies) rule.keywords = rule.keywords.map((k) => k.trim());
  next.optOut.keywords = next.optOut.keywords.map((k) => k.trim());
  return next;
}

/// Open spans `[start, end)` in wall-clock ms from the day before `wallNow`, a week ahead.
function openSpans(settings: FullAutoReplies, wallNow: number): Array<[number, number]> {
  const today = Math.floor(wallNow / DAY) * DAY;
  const spans: Array<[number, number]> = [];
  for (let offset = -1; offset <= 8; offset++) {
    const dayStart = today + offset * DAY;
    if (settings.closedDates.includes(new Date(dayStart).toISOString().slice(0, 10))) continue;
    const weekday = WEEKDAYS[(new Date(dayStart).getUTCDay() + 6) % 7]!;
    for (const interval of settings.businessHours[weekday]) {
      const opens = parseClock(interval.opens, false) ?? 0;
      const closes = parseClock(interval.closes, true) ?? 0;
      spans.push([dayStart + opens * MINUTE, dayStart + (closes > opens ? closes : closes + 24 * 60) * MINUTE]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

export function autoRepliesMock<B extends MockBase>(Base: B) {
  return class AutoRepliesMock extends Base implements AutoRepliesBackend {
    declare readonly calls: AutoRepliesCalls;
    /// What is saved; tests and the demo may set it.
    autoReplySettings: FullAutoReplies = defaultAutoReplies();
    readonly autoReplyDecisions = new Map<MessageId, RecordedDecision>();
    timeZoneNames: string[] = knownZones();

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, { saveAutoReplies: [], autoReplyStatus: [], autoReplyDecision: [] } satisfies AutoRepliesCalls);
    }

    async getAutoReplies(): Promise<AutoReplySettings> {
      this.check();
      return structuredClone(this.autoReplySettings);
    }

    async saveAutoReplies(settings: AutoReplySettings): Promise<AutoReplySettings> {
      this.calls.saveAutoReplies.push(structuredClone(settings));
      this.check();
      const role = this.deskAgent()?.role ?? null;
      if (role === null) refuse('locked', 'nobody is at the desk');
      if (role === 'agent') refuse('forbidden', 'only an owner or a manager may change auto-replies');
      const full = this.#valid(settings);
      this.autoReplySettings = normalised(full, this.timeZoneNames);
      return structuredClone(this.autoReplySettings);
    }

    async autoReplyStatus(settings: AutoReplySettings | null): Promise<AwayStatus> {
      this.calls.autoReplyStatus.push(settings === null ? null : structuredClone(settings));
      this.check();
      const full = normalised(settings === null ? this.autoReplySettings : this.#valid(settings), this.timeZoneNames);
      return this.#status(full, this.now());
    }

    async autoReplyTimeZones(): Promise<string[]> {
      this.check();
      return [...this.timeZoneNames];
    }

    async autoReplyDecision(messageId: MessageId): Promise<RecordedDecision | null> {
      this.calls.autoReplyDecision.push(messageId);
      this.check();
      return this.autoReplyDecisions.get(messageId) ?? null;
    }

    #valid(settings: AutoReplySettings): FullAutoReplies {
      const full = withDefaults(settings);
      const [first] = problemsOf(full, this.timeZoneNames);
      if (first) refuse('invalidSettings', first.engine);
      return full;
    }

    #status(settings: FullAutoReplies, now: number): AwayStatus {
      const offset = zoneOffset(settings.timeZone, now);
      const wallNow = now + offset;
      const spans = openSpans(settings, wallNow);
      const current = spans.find(([start, end]) => start <= wallNow && wallNow < end);
      const next = current ? current[1] : spans.find(([start]) => start > wallNow)?.[0];
      const openChangesAt = next === undefined ? null : next - offset;
      const openNow = current !== undefined;
      const base = { enabled: settings.away.enabled, openNow, openChangesAt, timeZone: settings.timeZone };
      const schedule = settings.away.schedule;
      switch (schedule.kind) {
        case 'always':
          return { ...base, awayNow: true, changesAt: null, reason: 'always' };
        case 'outsideBusinessHours': {
          if (openNow) return { ...base, awayNow: false, changesAt: openChangesAt, reason: 'duringBusinessHours' };
          const closedToday = settings.closedDates.includes(new Date(wallNow).toISOString().slice(0, 10));
          return { ...base, awayNow: true, changesAt: openChangesAt, reason: closedToday ? 'closedDate' : 'outsideBusinessHours' };
        }
        case 'custom': {
          const start = wallTime(schedule.start) - offset;
          const end = wallTime(schedule.end) - offset;
          if (now < start) return { ...base, awayNow: false, changesAt: start, reason: 'beforeCustomPeriod' };
          if (now < end) return { ...base, awayNow: true, changesAt: end, reason: 'inCustomPeriod' };
          return { ...base, awayNow: false, changesAt: null, reason: 'afterCustomPeriod' };
        }
      }
    }
  };
}
