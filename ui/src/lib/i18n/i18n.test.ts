import { describe, expect, it } from 'vitest';
import { directionOf, formatDuration, formatListTime, hasKey, t } from './index.svelte';

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
