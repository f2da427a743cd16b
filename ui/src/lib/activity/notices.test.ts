import { describe, expect, it } from 'vitest';
import { noticeText, templateStatusLabel } from './notices';

const template = { templateId: '1', name: 'order_ready', language: 'he' };

describe('notice summaries', () => {
  it('words template reviews, with the reason and Meta’s recommendation', () => {
    expect(noticeText({ kind: 'templateStatus', ...template, status: 'APPROVED', reason: null, recommendation: null })).toEqual({
      summary: 'Template “order_ready” (he) was approved.',
      detail: null,
    });
    expect(
      noticeText({ kind: 'templateStatus', ...template, status: 'REJECTED', reason: 'INVALID_FORMAT', recommendation: 'Fix the variables.' }),
    ).toEqual({ summary: 'Template “order_ready” (he) was rejected: INVALID_FORMAT.', detail: 'Meta suggests: Fix the variables.' });
    expect(noticeText({ kind: 'templateStatus', ...template, status: 'PAUSED', reason: null, recommendation: null }).summary).toBe(
      'Template “order_ready” (he) was paused because of low quality.',
    );
    expect(
      noticeText({ kind: 'templateStatus', templateId: null, name: null, language: null, status: 'IN_APPEAL', reason: null, recommendation: null }).summary,
    ).toBe('Template a template is now In appeal.');
  });

  it('words quality and category changes', () => {
    expect(noticeText({ kind: 'templateQuality', ...template, previous: 'GREEN', current: 'YELLOW' }).summary).toBe(
      'The quality of template “order_ready” (he) changed from GREEN to YELLOW.',
    );
    expect(noticeText({ kind: 'templateCategory', ...template, previous: 'UTILITY', current: null }).summary).toBe(
      'Template “order_ready” (he) moved from category UTILITY to unknown.',
    );
  });

  it('words the number’s quality, limits and account updates', () => {
    expect(noticeText({ kind: 'numberQuality', event: 'FLAGGED', currentLimit: 'TIER_1K' })).toEqual({
      summary: 'Your number was flagged for low quality.',
      detail: 'Messaging limit: TIER_1K',
    });
    expect(noticeText({ kind: 'numberQuality', event: 'DOWNGRADE', currentLimit: 'TIER_250' }).summary).toBe(
      'Your messaging limit went down to TIER_250.',
    );
    expect(noticeText({ kind: 'numberQuality', event: 'ONBOARDING', currentLimit: null }).summary).toBe(
      'Number quality update: ONBOARDING.',
    );
    expect(noticeText({ kind: 'accountUpdate', event: 'ACCOUNT_RESTRICTION', details: 'restriction: RESTRICTED_ADD_PHONE_NUMBER_ACTION' })).toEqual({
      summary: 'Account update: ACCOUNT_RESTRICTION.',
      detail: 'restriction: RESTRICTED_ADD_PHONE_NUMBER_ACTION',
    });
  });

  it('words customers’ marketing choices', () => {
    expect(noticeText({ kind: 'marketingPreference', waId: '972501234567', optedOut: true, detail: null }).summary).toBe(
      '+972501234567 stopped marketing messages.',
    );
    expect(noticeText({ kind: 'marketingPreference', waId: '972501234567', optedOut: false, detail: 'via button' }).summary).toBe(
      '+972501234567 resumed marketing messages.',
    );
  });

  it('names template statuses, keeping unknown ones as Meta sent them', () => {
    expect(templateStatusLabel('APPROVED')).toBe('Approved');
    expect(templateStatusLabel('pending')).toBe('In review');
    expect(templateStatusLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});
