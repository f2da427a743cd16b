// The auto-reply settings with every field present, as the dialog edits them. The shell
// sends every field, but the generated type marks them optional (Rust fills missing ones
// with defaults), so what arrives goes through `withDefaults` once. The defaults copy
// crates/core/src/auto_reply.rs.

import type {
  AutoReplySettings,
  AwayMessage,
  GreetingMessage,
  KeywordReply,
  OpenInterval,
  OptOutKeywords,
} from '../ipc/bindings';

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/// Monday first, as the engine numbers them.
export const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export type FullKeywordReply = Required<KeywordReply>;

export interface FullAutoReplies {
  timeZone: string;
  businessHours: Record<Weekday, OpenInterval[]>;
  closedDates: string[];
  away: Required<AwayMessage>;
  greeting: Required<GreetingMessage>;
  keywordReplies: FullKeywordReply[];
  optOut: Required<OptOutKeywords>;
  agentActiveMinutes: number;
}

export const DEFAULT_TIME_ZONE = 'UTC';
export const DEFAULT_OPT_OUT_KEYWORDS = ['STOP', 'UNSUBSCRIBE', 'הסר', 'стоп'];

export function defaultAutoReplies(): FullAutoReplies {
  return {
    timeZone: DEFAULT_TIME_ZONE,
    businessHours: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] },
    closedDates: [],
    away: {
      enabled: false,
      text: 'Thank you for your message. We are away right now and will answer as soon as we are back.',
      schedule: { kind: 'always' },
      recipients: { kind: 'everyone' },
      cooldownMinutes: 6 * 60,
    },
    greeting: {
      enabled: false,
      text: 'Hello, and thank you for contacting us! How can we help?',
      quietDays: 14,
      recipients: { kind: 'everyone' },
    },
    keywordReplies: [],
    optOut: {
      enabled: true,
      keywords: [...DEFAULT_OPT_OUT_KEYWORDS],
      confirmation:
        'You are unsubscribed: we will not send you marketing messages any more. You can still write to us here at any time.',
    },
    agentActiveMinutes: 5,
  };
}

export function newKeywordReply(): FullKeywordReply {
  return { enabled: true, keywords: [], reply: '', matchMode: 'anywhere' };
}

/// A deep copy with every missing field defaulted.
export function withDefaults(settings: AutoReplySettings): FullAutoReplies {
  const base = defaultAutoReplies();
  const copy = structuredClone(settings);
  const hours = { ...base.businessHours };
  for (const day of WEEKDAYS) hours[day] = copy.businessHours?.[day] ?? [];
  return {
    timeZone: copy.timeZone ?? base.timeZone,
    businessHours: hours,
    closedDates: copy.closedDates ?? [],
    away: { ...base.away, ...copy.away },
    greeting: { ...base.greeting, ...copy.greeting },
    keywordReplies: (copy.keywordReplies ?? []).map((rule) => ({ ...newKeywordReply(), ...rule })),
    optOut: { ...base.optOut, ...copy.optOut },
    agentActiveMinutes: copy.agentActiveMinutes ?? base.agentActiveMinutes,
  };
}

/// Whether the settings were never saved (or saved as they come): the time zone is then
/// the default UTC, which is rarely the shop's, so the dialog proposes the computer's.
export function looksUnset(settings: FullAutoReplies): boolean {
  return (
    settings.timeZone === DEFAULT_TIME_ZONE &&
    WEEKDAYS.every((day) => settings.businessHours[day].length === 0) &&
    settings.closedDates.length === 0 &&
    settings.away.schedule.kind !== 'custom'
  );
}

/// The computer's IANA zone, when the runtime knows it.
export function systemTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/// The settings to check and send: blank lines of the keyword lists dropped (the lists
/// are edited one keyword per line).
export function cleaned(settings: FullAutoReplies): FullAutoReplies {
  const copy = structuredClone(settings);
  const filled = (keywords: string[]) => keywords.filter((k) => k.trim() !== '');
  for (const rule of copy.keywordReplies) rule.keywords = filled(rule.keywords);
  copy.optOut.keywords = filled(copy.optOut.keywords);
  return copy;
}
