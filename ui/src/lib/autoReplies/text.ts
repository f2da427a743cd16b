// The dialog's computed words: a problem in plain words, and what the away message does
// now and why.

import type { AwayStatus } from '../ipc/bindings';
import { currentLocale, t, type MessageKey } from '../i18n/index.svelte';
import type { Weekday } from './draft';
import type { Problem } from './validate';

export function dayName(day: Weekday): string {
  return t(`autoReplies.day.${day}` as MessageKey);
}

export function problemText(problem: Problem): string {
  if (problem.key === 'autoReplies.problem.overlap') {
    const { otherDay, otherOpens, otherCloses } = problem.params;
    const other = t('autoReplies.intervalText', { day: dayName(otherDay as Weekday), opens: String(otherOpens), closes: String(otherCloses) });
    return t(problem.key, { other });
  }
  return t(problem.key, problem.params);
}

/// `Sunday 09:00` on the business's clock; the date too when it is a week or more away.
export function formatInZone(ms: number, zone: string, now: number = Date.now()): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', hour: '2-digit', minute: '2-digit' };
  if (ms - now >= 6 * 24 * 60 * 60 * 1000) Object.assign(options, { day: 'numeric', month: 'long' });
  try {
    return new Intl.DateTimeFormat(currentLocale(), { ...options, timeZone: zone }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(currentLocale(), options).format(ms);
  }
}

function reasonText(status: AwayStatus, now: number): string {
  const at = (ms: number | null) => (ms === null ? null : formatInZone(ms, status.timeZone, now));
  const change = at(status.changesAt);
  const openChange = at(status.openChangesAt);
  switch (status.reason) {
    case 'always':
      return t('autoReplies.reason.always');
    case 'beforeCustomPeriod':
      return t('autoReplies.reason.beforeCustomPeriod', { at: change ?? '' });
    case 'inCustomPeriod':
      return t('autoReplies.reason.inCustomPeriod', { at: change ?? '' });
    case 'afterCustomPeriod':
      return t('autoReplies.reason.afterCustomPeriod');
    case 'duringBusinessHours':
      return openChange ? t('autoReplies.reason.duringBusinessHours', { at: openChange }) : t('autoReplies.reason.duringBusinessHoursNoEnd');
    case 'outsideBusinessHours':
      return openChange ? t('autoReplies.reason.outsideBusinessHours', { at: openChange }) : t('autoReplies.reason.outsideBusinessHoursNoEnd');
    case 'closedDate':
      return openChange ? t('autoReplies.reason.closedDate', { at: openChange }) : t('autoReplies.reason.closedDateNoEnd');
  }
}

/// "Away message is on now: outside business hours (opens Sunday 09:00)".
export function awayStatusText(status: AwayStatus, now: number = Date.now()): string {
  const reason = reasonText(status, now);
  if (!status.enabled) return status.awayNow ? t('autoReplies.status.offButWould', { reason }) : t('autoReplies.status.off');
  return status.awayNow ? t('autoReplies.status.onNow', { reason }) : t('autoReplies.status.notNow', { reason });
}
