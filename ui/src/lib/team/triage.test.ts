// Views with counts, assigning and resolving from the thread header, private notes and
// who sent a message, against the in-memory backend.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { MockBackend } from '../backend/mock';
import { HOUR, bubble, openThread, renderApp, settle } from '../../test/app';

const DANA = '972501234567';
const ERIK = '37256781234';

/// The conversations `seed` made (ids come from the mock's shared counter).
const ids = { erik: 0, dana: 0 };

/// Noam (owner, at the desk, id 1), Maya (manager, 2), Avi (agent, 3); Dana wrote last.
function seed(b: MockBackend): void {
  b.agentList = [{ id: 1, name: 'Noam', role: 'owner', hasSecret: false }];
  b.seedAgent('Maya', 'manager');
  b.seedAgent('Avi', 'agent');
  ids.erik = b.customerWrites(ERIK, 'Erik Tamm', 'Tere!', Date.now() - 2 * HOUR).conversationId;
  ids.dana = b.customerWrites(DANA, 'Dana Levi', 'Size 38?', Date.now() - HOUR).conversationId;
}

function tabCount(view: string): string | null | undefined {
  return within(screen.getByTestId(`view-tab-${view}`)).queryByTestId('view-count')?.textContent;
}

function rowNames(): string[] {
  return screen.queryAllByTestId('conversation-name').map((n) => n.textContent ?? '');
}

describe('views', () => {
  it('shows each view with its count and lists what it says', async () => {
    const { backend } = await renderApp((b) => {
      seed(b);
      void b.assignConversation(ids.erik, 1); // Erik's conversation is Noam's
    });
    expect(tabCount('all')).toBe('2');
    expect(tabCount('mine')).toBe('1');
    expect(tabCount('unassigned')).toBe('1');
    expect(tabCount('resolved')).toBe('0');
    expect(screen.getByTestId('view-tab-all')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('view-tab-mine')).toHaveAccessibleName('Mine: 1 conversation');

    await fireEvent.click(screen.getByTestId('view-tab-mine'));
    await settle();
    expect(rowNames()).toEqual(['Erik Tamm']);
    await fireEvent.click(screen.getByTestId('view-tab-unassigned'));
    await settle();
    expect(rowNames()).toEqual(['Dana Levi']);

    // Counts follow the conversations.
    backend.customerWrites('4477', 'Sam', 'Hello');
    await settle();
    expect(tabCount('all')).toBe('3');
    expect(tabCount('unassigned')).toBe('2');
    expect(rowNames()).toEqual(['Sam', 'Dana Levi']);
  });

  it('moves between views with the arrow keys', async () => {
    await renderApp(seed);
    await fireEvent.keyDown(screen.getByTestId('view-tab-all'), { key: 'ArrowRight' });
    await settle();
    expect(screen.getByTestId('view-tab-mine')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('view-tab-mine')).toHaveFocus();
  });
});

describe('the thread header', () => {
  it('assigns the conversation to me, to someone, or to nobody', async () => {
    const { backend } = await openThread(seed);
    const assign = screen.getByTestId('thread-assign') as HTMLSelectElement;
    expect(assign.value).toBe('');
    expect(within(assign).getAllByRole('option').map((o) => o.textContent)).toEqual(['Unassigned', 'Me (Noam)', 'Maya', 'Avi']);

    await fireEvent.change(assign, { target: { value: '1' } });
    await settle();
    expect(backend.calls.assignConversation).toEqual([{ id: ids.dana, agentId: 1 }]);
    expect(tabCount('mine')).toBe('1');

    await fireEvent.change(assign, { target: { value: '2' } });
    await settle();
    expect(backend.calls.assignConversation.at(-1)).toEqual({ id: ids.dana, agentId: 2 });
    expect(tabCount('mine')).toBe('0');
    expect((screen.getByTestId('thread-assign') as HTMLSelectElement).value).toBe('2');

    await fireEvent.change(assign, { target: { value: '' } });
    await settle();
    expect(backend.calls.assignConversation.at(-1)).toEqual({ id: ids.dana, agentId: null });
    expect(tabCount('unassigned')).toBe('2');
  });

  it('resolves: the conversation leaves All and shows under Resolved; the customer writing reopens it', async () => {
    const { backend } = await openThread(seed);
    expect(screen.getByTestId('thread-name')).toHaveTextContent('Dana Levi');
    await fireEvent.change(screen.getByTestId('thread-status'), { target: { value: 'resolved' } });
    await settle();
    expect(backend.calls.setConversationStatus).toEqual([{ id: ids.dana, status: 'resolved' }]);
    expect(rowNames()).toEqual(['Erik Tamm']);
    expect(tabCount('all')).toBe('1');
    expect(tabCount('resolved')).toBe('1');

    await fireEvent.click(screen.getByTestId('view-tab-resolved'));
    await settle();
    expect(rowNames()).toEqual(['Dana Levi']);

    backend.customerWrites(DANA, 'Dana Levi', 'One more thing');
    await settle();
    expect(rowNames()).toEqual([]);
    expect(tabCount('resolved')).toBe('0');
    expect(tabCount('all')).toBe('2');
  });

  it('says plainly when a change fails, and the conversation stays as it was', async () => {
    const { backend } = await openThread(seed);
    backend.failNext = { code: 'storage', message: 'disk I/O error' };
    await fireEvent.change(screen.getByTestId('thread-status'), { target: { value: 'pending' } });
    await settle();
    expect(screen.getByTestId('triage-error')).toHaveTextContent(
      'That did not work: Parley could not read or write its database: disk I/O error',
    );
    const page = await backend.listConversations({}, null, 10);
    expect(page.conversations.find((c) => c.id === ids.dana)?.status).toBe('open');
    expect(screen.getByTestId('thread-status')).toHaveValue('open');
  });
});

describe('private notes', () => {
  it('adds a note between the messages, styled as the team’s and never as a sent bubble', async () => {
    const { backend } = await openThread(seed);
    await fireEvent.click(screen.getByTestId('thread-note'));
    const editor = screen.getByTestId('note-editor');
    await fireEvent.click(within(editor).getByTestId('note-save'));
    await settle();
    expect(within(editor).getByRole('alert')).toHaveTextContent('Write something first.');
    expect(backend.calls.addNote).toEqual([]);

    await fireEvent.input(within(editor).getByRole('textbox'), { target: { value: '  Call back Tuesday  ' } });
    await fireEvent.click(within(editor).getByTestId('note-save'));
    await settle();
    expect(backend.calls.addNote).toEqual([{ id: ids.dana, text: '  Call back Tuesday  ' }]);
    expect(screen.queryByTestId('note-editor')).toBeNull();
    const note = screen.getByTestId('note');
    expect(note).toHaveTextContent('Private note · Noam');
    expect(within(note).getByTestId('note-body')).toHaveTextContent(/^Call back Tuesday$/);
    expect(note.closest('[data-testid="message"]')).toBeNull();

    // A customer's later message comes after the note.
    backend.customerWrites(DANA, 'Dana Levi', 'Later question', Date.now() + 60_000);
    await settle();
    const order = Array.from(screen.getByTestId('messages').querySelectorAll('[data-testid="message"], [data-testid="note"]')).map(
      (e) => e.getAttribute('data-testid'),
    );
    expect(order).toEqual(['message', 'note', 'message']);
  });

  it('keeps the text when saving fails', async () => {
    const { backend } = await openThread(seed);
    await fireEvent.click(screen.getByTestId('thread-note'));
    await fireEvent.input(screen.getByTestId('note-input'), { target: { value: 'VIP, be nice' } });
    backend.failNext = { code: 'locked', message: 'choose who is at the desk first' };
    await fireEvent.click(screen.getByTestId('note-save'));
    await settle();
    expect(screen.getByTestId('note-editor-error')).toHaveTextContent('Choose who is at the desk first.');
    expect(screen.getByTestId('note-input')).toHaveValue('VIP, be nice');
    expect(screen.queryByTestId('note')).toBeNull();
  });

  it('shows notes in time order with the messages and lets the author edit and delete them', async () => {
    const { backend } = await openThread((b) => {
      seed(b);
      b.seedNote(ids.dana, 1, 'Earlier note', Date.now() - 90 * 60_000);
    });
    const order = Array.from(screen.getByTestId('messages').querySelectorAll('[data-testid="message"], [data-testid="note"]')).map(
      (e) => e.getAttribute('data-testid'),
    );
    expect(order).toEqual(['note', 'message']);
    const note = screen.getByTestId('note');
    await fireEvent.click(within(note).getByTestId('note-edit'));
    await fireEvent.input(within(note).getByTestId('note-edit-input'), { target: { value: 'Edited note' } });
    await fireEvent.click(within(note).getByTestId('note-edit-save'));
    await settle();
    expect(within(screen.getByTestId('note')).getByTestId('note-body')).toHaveTextContent('Edited note');
    expect(screen.getByTestId('note')).toHaveTextContent('edited');

    await fireEvent.click(within(screen.getByTestId('note')).getByTestId('note-delete'));
    expect(backend.calls.deleteNote).toEqual([]);
    await fireEvent.click(screen.getByTestId('note-delete-confirm'));
    await settle();
    expect(backend.calls.deleteNote).toEqual([1]);
    expect(screen.queryByTestId('note')).toBeNull();
  });

  it('lets an agent change only their own notes, as the engine does', async () => {
    const { backend } = await openThread((b) => {
      seed(b);
      b.seedNote(ids.dana, 2, 'Maya’s note', Date.now() - 30 * 60_000);
      b.seat(3);
    });
    expect(screen.getByTestId('note')).toHaveTextContent('Private note · Maya');
    expect(within(screen.getByTestId('note')).queryByTestId('note-edit')).toBeNull();
    await expect(backend.editNote(1, 'hijack')).rejects.toMatchObject({
      code: 'forbidden',
      message: 'only its author, an owner or a manager may change a note',
    });
    await expect(backend.addNote(ids.dana, '   ')).rejects.toMatchObject({ code: 'invalidMessage' });
  });
});

describe('sent by', () => {
  it('names the agent who sent a reply, or the automation', async () => {
    let away!: ReturnType<MockBackend['businessSent']>;
    const { backend } = await openThread((b) => {
      seed(b);
      away = b.businessSent(ids.dana, { type: 'text', body: 'We are closed now' }, {
        sentBy: { by: 'automation', automation: 'away' },
      });
    });
    expect(within(bubble(away)).getByTestId('sent-by')).toHaveTextContent('Automatic · Away message');

    backend.seat(2);
    const reply = await backend.sendMessage(ids.dana, { type: 'text', body: 'Yes, size 38', previewUrl: false }, null);
    await settle();
    expect(within(bubble(reply)).getByTestId('sent-by')).toHaveTextContent('Sent by Maya');
    // The customer's own messages carry no sender line.
    const inbound = screen.getAllByTestId('message').filter((m) => m.getAttribute('data-direction') === 'inbound');
    expect(inbound.every((m) => within(m).queryByTestId('sent-by') === null)).toBe(true);
  });
});
