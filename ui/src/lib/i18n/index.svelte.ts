// The i18n layer: every UI string goes through `t`, every date and duration through the
// formatters below, so a new language is a new catalog and nothing else (how to add one:
// the comment at the top of `./en/index.ts`).

import { en, type Catalog, type MessageKey, type PluralForms } from './en';

export type { MessageKey };
export type Params = Record<string, string | number>;
/// The languages with a catalog; add a translation's tag here and to `catalogs`.
export type Locale = 'en';

const catalogs: Record<Locale, Catalog> = { en };
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur']);

let locale = $state<Locale>('en');

export function currentLocale(): Locale {
  return locale;
}

export function setLocale(next: Locale): void {
  locale = next;
}

/// Text direction of a locale (`he`, `ar`: right to left).
export function directionOf(tag: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(tag.split(/[-_]/)[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}

export function hasKey(key: string): key is MessageKey {
  return key in en;
}

/// Intl's formatters are slow to build (each one loads and compiles ICU patterns; the
/// first page of the list built dozens) and never change: one per locale and options is
/// kept. Reading `locale` here keeps callers following a change of language.
const formatters = new Map<string, unknown>();

function formatter<T>(kind: string, options: object, make: (tag: Locale) => T): T {
  const key = `${kind} ${locale} ${JSON.stringify(options)}`;
  let found = formatters.get(key) as T | undefined;
  if (found === undefined) {
    found = make(locale);
    formatters.set(key, found);
  }
  return found;
}

const dateFormat = (options: Intl.DateTimeFormatOptions) =>
  formatter('date', options, (tag) => new Intl.DateTimeFormat(tag, options));
const numberFormat = (options: Intl.NumberFormatOptions = {}) =>
  formatter('number', options, (tag) => new Intl.NumberFormat(tag, options));

export function t(key: MessageKey, params: Params = {}): string {
  const entry = catalogs[locale][key] ?? en[key];
  const template =
    typeof entry === 'string' ? entry : pluralForm(entry, Number(params.count ?? 0));
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numberFormat().format(value) : value;
  });
}

function pluralForm(forms: PluralForms, count: number): string {
  const category = formatter('plural', {}, (tag) => new Intl.PluralRules(tag)).select(count) as keyof PluralForms;
  return forms[category] ?? forms.other;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/// Calendar days between two instants in the local time zone (DST-safe).
export function daysBetween(earlier: number, later: number): number {
  return Math.round((startOfDay(later) - startOfDay(earlier)) / DAY);
}

/// `14:05`: the time of a message.
export function formatTime(ms: number): string {
  return dateFormat({ hour: '2-digit', minute: '2-digit' }).format(ms);
}

/// The conversation list's time: the time today, "Yesterday", the weekday within a
/// week, else the date.
export function formatListTime(ms: number, now: number = Date.now()): string {
  const days = daysBetween(ms, now);
  if (days <= 0) return formatTime(ms);
  if (days === 1) return t('inbox.yesterday');
  if (days < 7) return dateFormat({ weekday: 'long' }).format(ms);
  return dateFormat({ dateStyle: 'short' }).format(ms);
}

/// A thread's day separator: "Today", "Yesterday", or the full date.
export function formatDay(ms: number, now: number = Date.now()): string {
  const days = daysBetween(ms, now);
  if (days === 0) return t('thread.today');
  if (days === 1) return t('thread.yesterday');
  return dateFormat({ dateStyle: 'full' }).format(ms);
}

/// `23 hr 12 min`, `5 min`: time left in a window.
export function formatDuration(ms: number): string {
  const totalMinutes = Math.max(0, Math.floor(ms / MINUTE));
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const unit = (value: number, u: 'hour' | 'minute') =>
    numberFormat({ style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  return hours > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(minutes, 'minute');
}

/// Builds the formatters the conversation list's rows use before the rows do: called
/// while the first page is read, the ~10 ms they take overlaps that wait instead of the
/// first page's render.
export function prepareListFormats(now: number = Date.now()): void {
  formatListTime(now, now);
  formatListTime(now - 3 * DAY, now);
  formatListTime(now - 30 * DAY, now);
  formatNumber(1);
  pluralForm({ one: '', other: '' }, 1);
}

/// The date and time a window closes.
export function formatDateTime(ms: number): string {
  return dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/// `1.5 MB`, `820 kB`: a file's size (binary multiples, as WhatsApp's limits are).
export function formatFileSize(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return numberFormat({
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/// `5 minutes ago`, `yesterday`, `now`: how long ago (or until) an instant is.
export function formatRelativeTime(ms: number, now: number = Date.now()): string {
  const format = formatter('relative', { numeric: 'auto' }, (tag) => new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }));
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return format.format(0, 'second');
  if (abs < 45 * 60) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return format.format(Math.round(seconds / 3600), 'hour');
  if (abs < 26 * 86400) return format.format(Math.round(seconds / 86400), 'day');
  if (abs < 320 * 86400) return format.format(Math.round(seconds / (30 * 86400)), 'month');
  return format.format(Math.round(seconds / (365 * 86400)), 'year');
}

/// A coordinate in degrees, to about a metre.
export function formatCoordinate(degrees: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 5 }).format(degrees);
}

/// `₪120.00`, `$9.99`: an amount in a currency (an unknown code is shown as given).
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(locale).format(amount)} ${currency}`;
  }
}

/// A plain number, grouped for the locale.
export function formatNumber(value: number): string {
  return numberFormat().format(value);
}
