// One line (and sometimes a second) per account notice, in plain words.

import type { AccountNotice } from '../ipc/bindings';
import { hasKey, t } from '../i18n/index.svelte';

export interface NoticeText {
  summary: string;
  detail: string | null;
}

function template(name: string | null, language: string | null): string {
  if (!name) return t('notice.someTemplate');
  return language ? t('notice.template', { name, language }) : t('notice.templateNoLanguage', { name });
}

function orUnknown(value: string | null): string {
  return value ?? t('notice.unknown');
}

/// A template status (`APPROVED`) as the list and the notices word it.
export function templateStatusLabel(status: string): string {
  const key = `template.status.${status.toUpperCase()}`;
  return hasKey(key) ? t(key) : status;
}

export function noticeText(notice: AccountNotice): NoticeText {
  switch (notice.kind) {
    case 'templateStatus': {
      const name = template(notice.name, notice.language);
      const recommendation = notice.recommendation
        ? t('notice.recommendation', { recommendation: notice.recommendation })
        : null;
      switch (notice.status.toUpperCase()) {
        case 'APPROVED':
          return { summary: t('notice.templateApproved', { template: name }), detail: null };
        case 'REJECTED':
          return {
            summary: notice.reason
              ? t('notice.templateRejectedReason', { template: name, reason: notice.reason })
              : t('notice.templateRejected', { template: name }),
            detail: recommendation,
          };
        case 'PAUSED':
          return { summary: t('notice.templatePaused', { template: name }), detail: recommendation };
        case 'DISABLED':
          return { summary: t('notice.templateDisabled', { template: name }), detail: recommendation };
        default:
          return {
            summary: t('notice.templateOther', { template: name, status: templateStatusLabel(notice.status) }),
            detail: recommendation ?? notice.reason,
          };
      }
    }
    case 'templateQuality':
      return {
        summary: t('notice.templateQuality', {
          template: template(notice.name, notice.language),
          previous: orUnknown(notice.previous),
          current: orUnknown(notice.current),
        }),
        detail: null,
      };
    case 'templateCategory':
      return {
        summary: t('notice.templateCategory', {
          template: template(notice.name, notice.language),
          previous: orUnknown(notice.previous),
          current: orUnknown(notice.current),
        }),
        detail: null,
      };
    case 'numberQuality': {
      const limit = notice.currentLimit;
      switch (notice.event?.toUpperCase()) {
        case 'FLAGGED':
          return { summary: t('notice.numberFlagged'), detail: limit ? t('notice.limit', { limit }) : null };
        case 'UNFLAGGED':
          return { summary: t('notice.numberUnflagged'), detail: limit ? t('notice.limit', { limit }) : null };
        case 'UPGRADE':
          return { summary: t('notice.limitUp', { limit: orUnknown(limit) }), detail: null };
        case 'DOWNGRADE':
          return { summary: t('notice.limitDown', { limit: orUnknown(limit) }), detail: null };
        default:
          return {
            summary: t('notice.numberQuality', { event: orUnknown(notice.event) }),
            detail: limit ? t('notice.limit', { limit }) : null,
          };
      }
    }
    case 'accountUpdate':
      return { summary: t('notice.accountUpdate', { event: orUnknown(notice.event) }), detail: notice.details };
    case 'marketingPreference':
      return {
        summary: notice.optedOut
          ? t('notice.optedOut', { waId: notice.waId })
          : t('notice.optedIn', { waId: notice.waId }),
        detail: notice.detail,
      };
  }
}
