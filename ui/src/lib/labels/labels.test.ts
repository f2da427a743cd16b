// Labels: chips on rows, the list's label filter, the label menus (thread header and row),
// and the label manager, against the in-memory backend.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { MockBackend } from '../backend/mock';
import type { Label } from '../ipc/bindings';
import { HOUR, openThread, renderApp, settle } from '../../test/app';

const ids = { erik: 0, dana: 0, sam: 0 };
let seeded: Record<'newCustomer' | 'newOrder' | 'paid' | 'vip', Label>;

/// The demo's labels; Dana is a new customer, Erik a VIP with a paid order, Sam unlabeled.
function seed(b: MockBackend): void {
  b.agentList = [{ id: 1, name: 'Noam', role: 'owner', hasSecret: false }];
  b.seedAgent('Maya', 'manager');
  b.seedAgent('Avi', 'agent');
  seeded = {
    newCustomer: b.seedLabel('New customer', 'sky'),
    newOrder: b.seedLabel('New order', 'amber'),
    paid: b.seedLabel('Paid', 'green'),
    vip: b.seedLabel('VIP', 'purple'),
  };
  ids.sam = b.customerWrites('4477', 'Sam', 'Hi', Date.now() - 3 * HOUR).conversationId;
  ids.erik = b.customerWrites('3725', 'Erik Tamm', 'Tere!', Date.now() - 2 * HOUR).conversationId;
  ids.dana = b.customerWrites('9725', 'Dana Levi', 'Size 38?', Date.now() - HOUR).conversationId;
  b.seedConversationLabels(ids.erik, [seeded.vip.id, seeded.paid.id]);
  b.seedConversationLabels(ids.dana, [seeded.newCustomer.id]);
}

function rowNames(): string[] {
  return screen.queryAllByTestId('conversation-name').map((n) => n.textContent ?? '');
}

function row(name: string): HTMLElement {
  const found = screen.getAllByTestId('conversation-row').find((r) => within(r).getByTestId('conversation-name').textContent === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
}

function chip(name: string): HTMLElement {
  const found = screen.getAllByTestId('label-filter-chip').find((c) => c.textContent?.includes(name));
  if (!found) throw new Error(`no chip ${name}`);
  return found;
}

describe('labels on the list', () => {
  it('shows each row’s labels as colored chips in the team’s order', async () => {
    await renderApp(seed);
    const erik = within(row('Erik Tamm')).getAllByTestId('row-label');
    expect(erik.map((c) => c.textContent)).toEqual(['Paid', 'VIP']);
    expect(erik[1]).toHaveAttribute('data-label-color', 'purple');
    expect(within(row('Sam')).queryAllByTestId('row-label')).toEqual([]);
  });

  it('filters by labels, any or all of them, with counts on the chips', async () => {
    await renderApp(seed);
    expect(chip('VIP')).toHaveAccessibleName('VIP, 1 conversation');
    expect(chip('New customer')).toHaveTextContent('1');

    await fireEvent.click(chip('VIP'));
    await settle();
    expect(chip('VIP')).toHaveAttribute('aria-pressed', 'true');
    expect(rowNames()).toEqual(['Erik Tamm']);

    await fireEvent.click(chip('New customer'));
    await settle();
    expect(rowNames()).toEqual(['Dana Levi', 'Erik Tamm']);

    const mode = screen.getByTestId('label-filter-mode');
    expect(mode).toHaveTextContent('Any');
    await fireEvent.click(mode);
    await settle();
    expect(screen.getByTestId('label-filter-mode')).toHaveTextContent('All');
    expect(rowNames()).toEqual([]);

    await fireEvent.click(chip('New customer'));
    await settle();
    expect(rowNames()).toEqual(['Erik Tamm']);
    await fireEvent.click(screen.getByTestId('label-filter-clear'));
    await settle();
    expect(rowNames()).toEqual(['Dana Levi', 'Erik Tamm', 'Sam']);
  });
});

describe('labels put on elsewhere', () => {
  it('updates the row and the chip counts when another desk labels a conversation', async () => {
    const { backend } = await renderApp(seed);
    expect(chip('VIP')).toHaveTextContent('1');
    await backend.setConversationLabel(ids.sam, seeded.vip.id, true);
    await settle();
    expect(within(row('Sam')).getAllByTestId('row-label').map((c) => c.textContent)).toEqual(['VIP']);
    expect(chip('VIP')).toHaveTextContent('2');
  });
});

describe('the label menu', () => {
  it('puts labels on and off the open conversation from the thread header', async () => {
    const { backend } = await openThread(seed);
    expect(screen.getByTestId('thread-name')).toHaveTextContent('Dana Levi');
    await fireEvent.click(screen.getByTestId('thread-labels'));
    await settle();
    const options = screen.getAllByTestId('label-option');
    expect(options.map((o) => o.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['✓ New customer', 'New order', 'Paid', 'VIP']);
    expect(options[0]).toHaveAttribute('role', 'menuitemcheckbox');
    expect(options[0]).toHaveAttribute('aria-checked', 'true');
    expect(options[0]).toHaveFocus();

    await fireEvent.click(options[3]!);
    await settle();
    expect(backend.calls.setConversationLabel).toEqual([{ id: ids.dana, labelId: seeded.vip.id, on: true }]);
    expect(within(row('Dana Levi')).getAllByTestId('row-label').map((c) => c.textContent)).toEqual(['New customer', 'VIP']);
    expect(screen.getAllByTestId('label-option')[3]).toHaveAttribute('aria-checked', 'true');
    expect(chip('VIP')).toHaveTextContent('2');
  });

  it('works from the keyboard: arrows move, Space toggles, Escape closes', async () => {
    const { backend } = await openThread(seed);
    const trigger = screen.getByTestId('thread-labels');
    await fireEvent.click(trigger);
    await settle();
    const menu = screen.getByTestId('label-menu');
    await fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('label-option')[1]).toHaveFocus();
    await fireEvent.keyDown(screen.getAllByTestId('label-option')[1]!, { key: ' ' });
    await settle();
    expect(backend.calls.setConversationLabel).toEqual([{ id: ids.dana, labelId: seeded.newOrder.id, on: true }]);
    await fireEvent.keyDown(screen.getAllByTestId('label-option')[0]!, { key: 'Enter' });
    await settle();
    expect(backend.calls.setConversationLabel.at(-1)).toEqual({ id: ids.dana, labelId: seeded.newCustomer.id, on: false });
    await fireEvent.keyDown(screen.getByTestId('label-menu'), { key: 'Escape' });
    await settle();
    expect(screen.queryByTestId('label-menu')).toBeNull();
    expect(trigger).toHaveFocus();
    expect(within(row('Dana Levi')).getAllByTestId('row-label').map((c) => c.textContent)).toEqual(['New order']);
  });

  it('opens from a row’s context menu too, and drops the row when the filter no longer holds', async () => {
    const { backend } = await renderApp(seed);
    await fireEvent.click(chip('VIP'));
    await settle();
    await fireEvent.contextMenu(row('Erik Tamm'));
    await settle();
    const vip = screen.getAllByTestId('label-option').find((o) => o.textContent?.includes('VIP'))!;
    await fireEvent.click(vip);
    await settle();
    expect(backend.calls.setConversationLabel).toEqual([{ id: ids.erik, labelId: seeded.vip.id, on: false }]);
    expect(rowNames()).toEqual([]);
  });

  it('says plainly when a label cannot be put on', async () => {
    const { backend } = await openThread(seed);
    await fireEvent.click(screen.getByTestId('thread-labels'));
    await settle();
    backend.failNext = { code: 'notFound', message: 'label not found' };
    await fireEvent.click(screen.getAllByTestId('label-option')[2]!);
    await settle();
    expect(screen.getByTestId('label-error')).toHaveTextContent('The label could not be changed: This is no longer available: label not found');
    expect(within(row('Dana Levi')).getAllByTestId('row-label').map((c) => c.textContent)).toEqual(['New customer']);
  });
});

describe('the label manager', () => {
  async function openManager(): Promise<HTMLElement> {
    await fireEvent.click(screen.getByTestId('manage-labels'));
    await settle();
    return screen.getByTestId('label-manager');
  }

  it('creates a label with a color from the palette; a taken name is refused in plain words', async () => {
    const { backend } = await renderApp(seed);
    const dialog = await openManager();
    const swatches = within(dialog.querySelector('form.add') as HTMLElement).getAllByTestId('label-color');
    expect(swatches).toHaveLength(20);
    await fireEvent.input(within(dialog).getByTestId('label-add-name'), { target: { value: 'vip' } });
    await fireEvent.click(within(dialog.querySelector('form.add') as HTMLElement).getByRole('radio', { name: 'Rose' }));
    await fireEvent.click(within(dialog).getByTestId('label-add-save'));
    await settle();
    expect(within(dialog).getByTestId('label-manager-error')).toHaveTextContent('That is already taken: there is already a label called "vip"');
    expect(within(dialog).getByTestId('label-add-name')).toHaveValue('vip');

    await fireEvent.input(within(dialog).getByTestId('label-add-name'), { target: { value: '  Wholesale   buyer ' } });
    await fireEvent.click(within(dialog).getByTestId('label-add-save'));
    await settle();
    expect(backend.calls.addLabel.at(-1)).toEqual({ name: '  Wholesale   buyer ', color: 'rose' });
    expect(within(dialog).getAllByTestId('label-name').map((n) => n.textContent)).toEqual([
      'New customer',
      'New order',
      'Paid',
      'VIP',
      'Wholesale buyer',
    ]);
    expect(chip('Wholesale buyer')).toHaveAttribute('data-label-color', 'rose');
  });

  it('renames and recolors a label', async () => {
    const { backend } = await renderApp(seed);
    const dialog = await openManager();
    const paid = within(dialog).getAllByTestId('label-row')[2]!;
    await fireEvent.click(within(paid).getByTestId('label-edit'));
    await fireEvent.input(within(dialog).getByTestId('label-edit-name'), { target: { value: 'Paid in full' } });
    await fireEvent.click(within(within(dialog).getAllByTestId('label-row')[2]!).getByRole('radio', { name: 'Teal' }));
    await fireEvent.click(within(dialog).getByTestId('label-edit-save'));
    await settle();
    expect(backend.calls.updateLabel).toEqual([{ labelId: seeded.paid.id, name: 'Paid in full', color: 'teal' }]);
    const chips = within(row('Erik Tamm')).getAllByTestId('row-label');
    expect(chips[0]).toHaveTextContent('Paid in full');
    expect(chips[0]).toHaveAttribute('data-label-color', 'teal');
  });

  it('deletes a label after saying how many conversations lose it', async () => {
    const { backend } = await renderApp((b) => {
      seed(b);
      b.seedConversationLabels(ids.sam, [seeded.vip.id]);
    });
    await fireEvent.click(chip('VIP'));
    await settle();
    expect(rowNames()).toEqual(['Erik Tamm', 'Sam']);
    const dialog = await openManager();
    await fireEvent.click(within(within(dialog).getAllByTestId('label-row')[3]!).getByTestId('label-delete'));
    expect(within(dialog).getByTestId('label-delete-text')).toHaveTextContent(
      'Delete the label “VIP”? It will be removed from 2 conversations.',
    );
    expect(backend.calls.deleteLabel).toEqual([]);
    await fireEvent.click(within(dialog).getByTestId('label-delete-confirm'));
    await settle();
    expect(backend.calls.deleteLabel).toEqual([seeded.vip.id]);
    expect(within(dialog).getAllByTestId('label-name').map((n) => n.textContent)).toEqual(['New customer', 'New order', 'Paid']);
    // Gone from the rows and from the filter, which shows every conversation again.
    expect(within(row('Erik Tamm')).getAllByTestId('row-label').map((c) => c.textContent)).toEqual(['Paid']);
    expect(rowNames()).toEqual(['Dana Levi', 'Erik Tamm', 'Sam']);
  });

  it('reorders labels', async () => {
    const { backend } = await renderApp(seed);
    const dialog = await openManager();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Move VIP up' }));
    await settle();
    expect(backend.calls.reorderLabels).toEqual([[seeded.newCustomer.id, seeded.newOrder.id, seeded.vip.id, seeded.paid.id]]);
    expect(within(row('Erik Tamm')).getAllByTestId('row-label').map((c) => c.textContent)).toEqual(['VIP', 'Paid']);
  });

  it('is for owners and managers: agents can label conversations but not manage labels', async () => {
    const { backend } = await openThread((b) => {
      seed(b);
      b.seat(3);
    });
    expect(screen.queryByTestId('manage-labels')).toBeNull();
    await fireEvent.click(screen.getByTestId('thread-labels'));
    await settle();
    await fireEvent.click(screen.getAllByTestId('label-option')[1]!);
    await settle();
    expect(backend.calls.setConversationLabel).toHaveLength(1);
    await expect(backend.addLabel('Mine', null)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'only an owner or a manager may manage labels',
    });
  });
});
