// The activity panel: account notices, sync state and templates, kept live.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { renderApp, settle } from '../../test/app';

const MINUTE = 60_000;

describe('the activity panel', () => {
  it('counts notices until it is opened, then lists them as they arrive', async () => {
    const { backend } = await renderApp((b) => {
      b.emitNotice({ kind: 'templateStatus', templateId: '1', name: 'hello_world', language: 'en_US', status: 'APPROVED', reason: null, recommendation: null }, Date.now() - 5 * MINUTE);
    });
    const bell = screen.getByTestId('open-activity');
    expect(screen.queryByTestId('activity-count')).toBeNull();
    expect(bell).toHaveAccessibleName('Activity');

    backend.emitNotice({
      kind: 'templateStatus',
      templateId: '2',
      name: 'summer_sale',
      language: 'en_US',
      status: 'REJECTED',
      reason: 'INVALID_FORMAT',
      recommendation: 'Add an example for every variable.',
    });
    backend.emitNotice({ kind: 'marketingPreference', waId: '447700900123', optedOut: true, detail: null });
    await settle();
    expect(screen.getByTestId('activity-count')).toHaveTextContent('2');
    expect(bell).toHaveAccessibleName('Activity: 2 new notices');

    await fireEvent.click(bell);
    await settle();
    const panel = screen.getByTestId('activity-panel');
    expect(screen.queryByTestId('activity-count')).toBeNull();
    const notices = within(panel).getAllByTestId('notice');
    expect(notices.map((n) => n.querySelector('.summary')?.textContent)).toEqual([
      '+447700900123 stopped marketing messages.',
      'Template “summer_sale” (en_US) was rejected: INVALID_FORMAT.',
      'Template “hello_world” (en_US) was approved.',
    ]);
    expect(notices[1]).toHaveTextContent('Meta suggests: Add an example for every variable.');
    expect(notices[2]).toHaveTextContent('5 minutes ago');

    backend.emitNotice({ kind: 'numberQuality', event: 'UPGRADE', currentLimit: 'TIER_10K' });
    await settle();
    expect(within(panel).getAllByTestId('notice')[0]).toHaveTextContent('Your messaging limit went up to TIER_10K.');
    expect(screen.queryByTestId('activity-count')).toBeNull();

    await fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    backend.emitNotice({ kind: 'accountUpdate', event: 'ACCOUNT_VIOLATION', details: 'violation: SCAM' });
    await settle();
    expect(screen.queryByTestId('activity-panel')).toBeNull();
    expect(screen.getByTestId('activity-count')).toHaveTextContent('1');
  });

  it('shows when each poller last synced and its last error, live, and syncs on request', async () => {
    const now = Date.now();
    const { backend } = await renderApp((b) => {
      b.syncs = [
        { name: 'statusAudit', lastAttemptAt: now - 2 * MINUTE, lastSuccessAt: now - 42 * MINUTE, lastError: 'HTTP 503 from graph.facebook.com' },
        { name: 'templates', lastAttemptAt: now - 3 * MINUTE, lastSuccessAt: now - 3 * MINUTE, lastError: null },
      ];
    });
    await fireEvent.click(screen.getByTestId('open-activity'));
    await settle();
    const rows = () => screen.getAllByTestId('sync');
    expect(rows().map((r) => r.getAttribute('data-name'))).toEqual(['templates', 'statusAudit']);
    expect(rows()[0]).toHaveTextContent('Templates');
    expect(rows()[0]).toHaveTextContent('Last synced 3 minutes ago');
    expect(rows()[1]).toHaveTextContent('Delivery audit');
    expect(rows()[1]).toHaveTextContent('Last synced 42 minutes ago');
    expect(within(rows()[1]!).getByTestId('sync-last-error')).toHaveTextContent(
      'The last attempt (2 minutes ago) failed: HTTP 503 from graph.facebook.com',
    );

    backend.recordSync({ name: 'numberHealth', lastAttemptAt: now, lastSuccessAt: null, lastError: 'token expired' });
    await settle();
    expect(rows()).toHaveLength(3);
    expect(rows()[1]).toHaveTextContent('Number health');
    expect(rows()[1]).toHaveTextContent('Not synced yet');

    backend.syncErrors = { statusAudit: 'HTTP 500' };
    await fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await settle();
    expect(backend.calls.syncNow).toBe(1);
    expect(rows()[0]).toHaveTextContent('Last synced now');
    expect(rows()[1]).toHaveTextContent('Last synced now');
    expect(rows()[1]).not.toHaveTextContent('token expired');
    expect(rows()[2]).toHaveTextContent('The last attempt (now) failed: HTTP 500');
  });

  it('lists the templates with their status, and follows changes', async () => {
    const template = {
      id: '1',
      name: 'hello_world',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      quality: 'GREEN',
      rejectionReason: null,
      updatedAt: 0,
    };
    const { backend } = await renderApp((b) => {
      b.templateList = [
        template,
        { ...template, id: '2', name: 'summer_sale', status: 'REJECTED', category: 'MARKETING', quality: null, rejectionReason: 'INVALID_FORMAT' },
      ];
    });
    await fireEvent.click(screen.getByTestId('open-activity'));
    await settle();
    let rows = screen.getAllByTestId('template');
    expect(rows[0]).toHaveTextContent('hello_world');
    expect(rows[0]).toHaveTextContent('en_US');
    expect(rows[0]).toHaveTextContent('Category: UTILITY');
    expect(rows[0]).toHaveTextContent('Quality: GREEN');
    expect(within(rows[0]!).getByTestId('template-status')).toHaveTextContent('Approved');
    expect(within(rows[0]!).getByTestId('template-status')).toHaveAttribute('data-tone', 'good');
    expect(within(rows[1]!).getByTestId('template-status')).toHaveAttribute('data-tone', 'bad');
    expect(within(rows[1]!).getByTestId('template-rejection')).toHaveTextContent('Rejected because: INVALID_FORMAT');

    backend.setTemplates([{ ...template, status: 'PAUSED' }]);
    await settle();
    rows = screen.getAllByTestId('template');
    expect(rows).toHaveLength(1);
    expect(within(rows[0]!).getByTestId('template-status')).toHaveTextContent('Paused');
    expect(within(rows[0]!).getByTestId('template-status')).toHaveAttribute('data-tone', 'warning');
  });
});

describe('the thread header', () => {
  it('says when a customer opted out of marketing', async () => {
    const { backend } = await renderApp((b) => b.customerWrites('447700900123', 'Sam', 'hi'));
    await fireEvent.click(screen.getByTestId('conversation-row'));
    await settle();
    expect(screen.queryByTestId('opted-out')).toBeNull();
    const id = Number(screen.getByTestId('message').getAttribute('data-message-id'));
    backend.updateContact(backend.message(id).conversationId, { marketingOptOut: true });
    await settle();
    expect(screen.getByTestId('opted-out')).toHaveTextContent('Opted out of marketing');
  });
});
