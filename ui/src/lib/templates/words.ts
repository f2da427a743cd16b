// Meta's strings (a template's status, category, quality) in the UI's words, and the
// desktop notification when Meta reviews, pauses or disables a template.

import type { TemplateStatusNotice } from '../backend/api/templates';
import { hasKey, t } from '../i18n/index.svelte';

/// A status as Meta writes it (`APPROVED`); one the UI does not know shows as it is.
export function statusText(status: string): string {
  const key = `templates.status.${status.toUpperCase()}`;
  return hasKey(key) ? t(key) : status;
}

export function categoryText(category: string): string {
  const key = `templates.category.${category.toUpperCase()}`;
  return hasKey(key) ? t(key) : category;
}

export function qualityText(quality: string): string {
  const key = `templates.quality.${quality.toUpperCase()}`;
  return hasKey(key) ? t(key) : quality;
}

/// Meta's reason, unless it is the `NONE` it sends when there is none.
export function reasonOf(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim();
  return trimmed && trimmed.toUpperCase() !== 'NONE' ? trimmed : null;
}

/// Why Meta rejected, paused or disabled it, worded by the status.
export function reasonText(status: string, reason: string): string {
  return status.toUpperCase() === 'REJECTED'
    ? t('templates.manager.rejected', { reason })
    : t('templates.manager.reason', { reason });
}

export interface Notification {
  title: string;
  body: string;
}

/// "Template order_ready (en_US): approved", and what to know about it.
export function statusNotification(change: TemplateStatusNotice): Notification {
  const template = t('templates.notify.template', { name: change.name, language: change.language });
  const reason = reasonOf(change.reason);
  switch (change.status.toUpperCase()) {
    case 'APPROVED':
      return { title: t('templates.notify.approved', { template }), body: t('templates.notify.approvedBody') };
    case 'REJECTED':
      return {
        title: t('templates.notify.rejected', { template }),
        body: reason ? t('templates.notify.rejectedBody', { reason }) : t('templates.notify.details'),
      };
    case 'PAUSED':
      return {
        title: t('templates.notify.paused', { template }),
        body: reason ? t('templates.notify.reasonBody', { reason }) : t('templates.notify.pausedBody'),
      };
    case 'DISABLED':
      return {
        title: t('templates.notify.disabled', { template }),
        body: reason ? t('templates.notify.reasonBody', { reason }) : t('templates.notify.disabledBody'),
      };
    default:
      return {
        title: t('templates.notify.other', { template, status: statusText(change.status) }),
        body: reason ? t('templates.notify.reasonBody', { reason }) : t('templates.notify.details'),
      };
  }
}
