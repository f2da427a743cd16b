import { describe, expect, it } from 'vitest';
import { commandErrorText } from '../inbox/failure';
import { en, modules } from './en';
import {
  directionOf,
  formatCoordinate,
  formatDuration,
  formatFileSize,
  formatListTime,
  formatMoney,
  formatRelativeTime,
  hasKey,
  t,
  type MessageKey,
} from './index.svelte';

describe('the English catalog', () => {
  it('defines each key in one module only', () => {
    const owners = new Map<string, string[]>();
    for (const [name, module] of Object.entries(modules)) {
      for (const key of Object.keys(module)) owners.set(key, [...(owners.get(key) ?? []), name]);
    }
    const twice = [...owners].filter(([, names]) => names.length > 1).map(([key, names]) => `${key}: ${names.join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('keeps each key prefix in one module, so a key is easy to find', () => {
    const owners = new Map<string, Set<string>>();
    for (const [name, module] of Object.entries(modules)) {
      for (const key of Object.keys(module)) {
        const prefix = key.split('.')[0] ?? key;
        owners.set(prefix, (owners.get(prefix) ?? new Set()).add(name));
      }
    }
    const shared = [...owners].filter(([, names]) => names.size > 1).map(([prefix, names]) => `${prefix}: ${[...names].join(', ')}`);
    expect(shared).toEqual([]);
  });

  it('merges every module into the dictionary `t` reads', () => {
    const all = Object.values(modules).flatMap((module) => Object.entries(module));
    expect(Object.keys(en)).toHaveLength(all.length);
    for (const [key, value] of all) expect(en[key as MessageKey]).toBe(value);
  });

  it('only type-checks keys a module defines', () => {
    // @ts-expect-error no module defines this key (`npm run check` fails if it compiles)
    const unknownKey = () => t('no.such.key');
    expect(unknownKey).toBeTypeOf('function');
    expect(t('app.title')).toBe('Parley');
  });
});

describe('t', () => {
  it('fills parameters and picks plural forms', () => {
    expect(t('inbox.unread', { count: 1 })).toBe('1 unread message');
    expect(t('inbox.unread', { count: 3 })).toBe('3 unread messages');
    expect(t('failure.local', { details: 'disk full' })).toBe(
      'Parley could not send this message: disk full',
    );
  });

  it('leaves a missing parameter visible instead of inventing one', () => {
    expect(t('failure.local')).toContain('{details}');
  });

  it('has plain words for every Cloud API error code the domain lists', () => {
    const codes = [
      131047, 131026, 131049, 131050, 131056, 130429, 130472, 131051, 131052, 131053, 132000,
      132001, 132005, 132007, 132012, 132015, 132016, 132018, 190, 4, 80007, 100,
    ];
    for (const code of codes) expect(hasKey(`meta.${code}`), `meta.${code}`).toBe(true);
  });
});

describe('formatting', () => {
  it('knows which languages read right to left', () => {
    expect(directionOf('he')).toBe('rtl');
    expect(directionOf('ar-EG')).toBe('rtl');
    expect(directionOf('ru')).toBe('ltr');
    expect(directionOf('et')).toBe('ltr');
  });

  it('shows list times as time, yesterday, weekday or date', () => {
    const now = new Date(2026, 10, 21, 15, 0).getTime();
    expect(formatListTime(new Date(2026, 10, 21, 9, 5).getTime(), now)).toMatch(/09.05/);
    expect(formatListTime(new Date(2026, 10, 20, 23, 59).getTime(), now)).toBe('Yesterday');
    expect(formatListTime(new Date(2026, 10, 17, 12, 0).getTime(), now)).toBe('Tuesday');
    expect(formatListTime(new Date(2026, 9, 1, 12, 0).getTime(), now)).toMatch(/10\/1\/26/);
  });

  it('shows durations in hours and minutes', () => {
    expect(formatDuration((23 * 60 + 12) * 60_000)).toBe('23 hr 12 min');
    expect(formatDuration(5 * 60_000 + 30_000)).toBe('5 min');
    expect(formatDuration(-1)).toBe('0 min');
  });
});

describe('the newer formatters', () => {
  it('shows file sizes in binary units', () => {
    expect(formatFileSize(512)).toBe('512 byte');
    expect(formatFileSize(245_760)).toBe('240 kB');
    expect(formatFileSize(5 * 1024 * 1024 + 300_000)).toBe('5.3 MB');
  });

  it('says how long ago something happened', () => {
    const now = new Date(2026, 10, 21, 15, 0).getTime();
    expect(formatRelativeTime(now - 10_000, now)).toBe('now');
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now)).toBe('3 hours ago');
    expect(formatRelativeTime(now - 24 * 3_600_000, now)).toBe('yesterday');
    expect(formatRelativeTime(now + 2 * 60_000, now)).toBe('in 2 minutes');
  });

  it('formats money and coordinates', () => {
    expect(formatMoney(108.9, 'EUR')).toBe('€108.90');
    expect(formatMoney(5, 'XYZW')).toBe('5 XYZW');
    expect(formatCoordinate(32.0853219)).toBe('32.08532');
  });

  it('explains the shell’s newer error codes', () => {
    expect(commandErrorText({ code: 'invalidMessage', message: 'reply buttons: between 1 and 3 are allowed, not 4' })).toBe(
      'WhatsApp would not accept this: reply buttons: between 1 and 3 are allowed, not 4',
    );
    expect(commandErrorText({ code: 'fileUnreadable', message: 'cannot read /x' })).toBe('The file could not be read: cannot read /x');
    expect(commandErrorText({ code: 'cloudApi', message: '(#131053) Media upload error' })).toBe(
      'WhatsApp refused the request: (#131053) Media upload error',
    );
  });
});
