// The app-wide keyboard shortcuts, pressed on the whole app against the in-memory backend.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { MockBackend } from '../backend/mock';
import { HOUR, renderApp, settle } from '../../test/app';
import { SHORTCUTS, neighbour } from './shortcuts';

const DANA = '972501234567';
const ERIK = '37256781234';

function seed(b: MockBackend): void {
  b.customerWrites(ERIK, 'Erik Tamm', 'Tere!', Date.now() - 2 * HOUR);
  b.customerWrites(DANA, 'Dana Levi', 'Size 38?', Date.now() - HOUR);
}

async function press(init: KeyboardEventInit, target: Element | Window = window): Promise<void> {
  await fireEvent.keyDown(target, init);
  await settle();
}

const openName = () => screen.queryByTestId('thread-name')?.textContent ?? null;

describe('keyboard shortcuts', () => {
  it('moves through the list with Alt+Down and Alt+Up, stopping at the ends', async () => {
    await renderApp(seed);
    expect(openName()).toBeNull();
    await press({ key: 'ArrowDown', altKey: true });
    expect(openName()).toContain('Dana Levi');
    await press({ key: 'ArrowDown', altKey: true });
    expect(openName()).toContain('Erik Tamm');
    await press({ key: 'ArrowDown', altKey: true });
    expect(openName()).toContain('Erik Tamm');
    await press({ key: 'ArrowUp', altKey: true });
    expect(openName()).toContain('Dana Levi');
    // Without Alt the arrows are the list's and the composer's own.
    await press({ key: 'ArrowDown' });
    expect(openName()).toContain('Dana Levi');
  });

  it('assigns to me, resolves and opens the label menu for the open conversation, on any layout', async () => {
    const { backend } = await renderApp((b) => {
      seed(b);
      b.seedLabel('VIP', 'purple');
    });
    await press({ key: 'ArrowDown', altKey: true });
    const dana = backend.calls.assignConversation.length;
    // A Hebrew keyboard types "צ" on the M key: the physical key counts.
    await press({ key: 'צ', code: 'KeyM', altKey: true });
    expect(backend.calls.assignConversation.slice(dana)).toEqual([{ id: expect.any(Number), agentId: 1 }]);

    await press({ key: 'д', code: 'KeyL', altKey: true });
    expect(screen.getByTestId('label-menu')).toBeInTheDocument();
    await press({ key: 'Escape' }, screen.getByTestId('label-menu'));

    await press({ key: 'r', code: 'KeyR', altKey: true });
    expect(backend.calls.setConversationStatus.at(-1)).toMatchObject({ status: 'resolved' });
    // Resolved: it left the All view.
    expect(screen.getAllByTestId('conversation-name').map((n) => n.textContent)).toEqual(['Erik Tamm']);
  });

  it('does nothing to a conversation when none is open', async () => {
    const { backend } = await renderApp(seed);
    await press({ key: 'm', code: 'KeyM', altKey: true });
    await press({ key: 'r', code: 'KeyR', altKey: true });
    expect(backend.calls.assignConversation).toHaveLength(0);
    expect(backend.calls.setConversationStatus).toHaveLength(0);
  });

  it('opens the note editor with Alt+N', async () => {
    await renderApp(seed);
    await press({ key: 'ArrowDown', altKey: true });
    await press({ key: 'n', code: 'KeyN', altKey: true });
    expect(screen.getByTestId('note-editor')).toBeInTheDocument();
  });

  it('lists every shortcut in the help overlay: from ?, F1 or the header button', async () => {
    await renderApp(seed);
    await press({ key: '?' });
    const help = screen.getByTestId('shortcuts-help');
    expect(within(help).getAllByTestId('shortcut')).toHaveLength(SHORTCUTS.length);
    expect(help).toHaveTextContent('Assign the open conversation to me');
    expect(help).toHaveTextContent('Ctrl+K');
    await press({ key: 'Escape' });
    expect(screen.queryByTestId('shortcuts-help')).toBeNull();

    await press({ key: 'F1' });
    expect(screen.getByTestId('shortcuts-help')).toBeInTheDocument();
    await press({ key: 'F1' });
    expect(screen.queryByTestId('shortcuts-help')).toBeNull();

    await fireEvent.click(screen.getByTestId('open-shortcuts'));
    expect(screen.getByTestId('shortcuts-help')).toBeInTheDocument();
  });

  it('types a question mark in the composer rather than opening the help', async () => {
    await renderApp(seed);
    await press({ key: 'ArrowDown', altKey: true });
    await press({ key: '?' }, screen.getByTestId('composer-input'));
    expect(screen.queryByTestId('shortcuts-help')).toBeNull();
  });

  it('leaves an open dialog its keys', async () => {
    await renderApp(seed);
    await fireEvent.click(screen.getByTestId('open-shortcuts'));
    await press({ key: 'ArrowDown', altKey: true });
    expect(openName()).toBeNull();
  });
});

describe('neighbour', () => {
  const rows = [{ id: 5 }, { id: 3 }, { id: 9 }];
  it.each([
    [null, 1, 5],
    [null, -1, 9],
    [5, 1, 3],
    [3, -1, 5],
    [9, 1, null],
    [5, -1, null],
    [42, 1, 5],
  ] as const)('from %s by %s gives %s', (current, step, expected) => {
    expect(neighbour(rows, current, step)?.id ?? null).toBe(expected);
  });
  it('gives nothing in an empty list', () => {
    expect(neighbour([], null, 1)).toBeNull();
  });
});
