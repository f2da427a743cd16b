// What Meta does to a template after its review, as the studio and the composer show it:
// a template deleted at Meta is listed (and filtered) as deleted and never offered; a
// reinstated one is offered and sends, as the engine allows.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TemplateDefinition } from '../backend/api/templates';
import { HOUR, openThread, renderApp, settle } from '../../test/app';
import { isSendable } from './model';

const ORDER: TemplateDefinition = {
  name: 'order_ready',
  language: 'en_US',
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Hi {{1}}, your order is ready at {{2}}.', example: { body_text: [['Ana', 'the shop']] } }],
};

async function click(testid: string, index = 0): Promise<void> {
  await fireEvent.click(screen.getAllByTestId(testid)[index]!);
  await settle();
}

const names = () => screen.getAllByTestId('template-row').map((r) => r.getAttribute('data-name'));

describe('a template deleted at Meta', () => {
  it('is listed as deleted with why, and the status filter finds it', async () => {
    await renderApp((b) => {
      b.seedTemplate(ORDER);
      b.seedTemplate({ ...ORDER, name: 'old_promo' }, 'DELETED');
    });
    await click('open-templates');
    await click('templates-tab-manage');
    expect(names()).toEqual(['old_promo', 'order_ready']);
    const [deleted, approved] = screen.getAllByTestId('template-row');
    expect(within(deleted!).getByTestId('template-status')).toHaveAttribute('data-status', 'DELETED');
    expect(within(deleted!).getByTestId('template-deleted')).toHaveTextContent('it can no longer be sent');
    expect(within(deleted!).queryByTestId('template-edit')).toBeNull();
    expect(within(approved!).queryByTestId('template-deleted')).toBeNull();

    await fireEvent.change(screen.getByTestId('template-filter-status'), { target: { value: 'DELETED' } });
    await settle();
    expect(names()).toEqual(['old_promo']);
  });
});

describe('what the composer offers', () => {
  it('offers approved and reinstated templates, never deleted, paused or disabled ones', async () => {
    let conversationId = 0;
    const { backend } = await openThread((b) => {
      b.seedTemplate(ORDER);
      b.seedTemplate({ ...ORDER, name: 'back_again' }, 'REINSTATED');
      b.seedTemplate({ ...ORDER, name: 'gone' }, 'DELETED');
      b.seedTemplate({ ...ORDER, name: 'resting' }, 'PAUSED');
      b.seedTemplate({ ...ORDER, name: 'retired' }, 'DISABLED');
      conversationId = b.customerWrites('972501234567', 'Dana', 'Hello?', Date.now() - 30 * HOUR).conversationId;
    });
    await click('composer-template-offer');
    expect(screen.getAllByTestId('template-picker-option').map((o) => o.getAttribute('data-name'))).toEqual([
      'back_again',
      'order_ready',
    ]);
    await expect(
      backend.sendTemplate(conversationId, { name: 'back_again', language: 'en_US', values: ['Dana', 'the shop'], header: null, copyCode: null }),
    ).resolves.toMatchObject({ kind: 'template' });
    await expect(
      backend.sendTemplate(conversationId, { name: 'gone', language: 'en_US', values: ['Dana', 'the shop'], header: null, copyCode: null }),
    ).rejects.toThrow(/132001/);
  });

  it('agrees with the engine on which statuses send', () => {
    expect(isSendable('APPROVED')).toBe(true);
    expect(isSendable('reinstated')).toBe(true);
    for (const status of ['PAUSED', 'DISABLED', 'DELETED', 'PENDING', 'REJECTED', 'FLAGGED', 'PENDING_DELETION']) {
      expect(isSendable(status), status).toBe(false);
    }
  });
});
