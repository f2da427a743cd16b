import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { MockBackend } from '../backend/mock';
import { Inbox } from '../inbox/inbox.svelte';
import type { Highlighted } from '../ipc/bindings';
import { bubble, HOUR, renderApp, settle } from '../../test/app';
import { DEBOUNCE_MS } from './search.svelte';
import { segments } from './segments';

const MINUTE = 60_000;

/// Waits out the palette's typing pause and the answer.
async function typed(text: string): Promise<void> {
  await fireEvent.input(screen.getByTestId('search-input'), { target: { value: text } });
  await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 20));
  await settle();
}

async function openPalette(): Promise<void> {
  await fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });
  await settle();
}

const rows = () => screen.queryAllByTestId('search-result');
const marks = (el: HTMLElement) => Array.from(el.querySelectorAll('mark')).map((m) => m.textContent);

/// Dana writes 60 numbered messages, then (second to last) nothing more; the Hebrew
/// greeting is her 10th.
function longThread(backend: MockBackend): { greetingId: number; lastId: number } {
  const start = Date.now() - 3 * HOUR;
  let greetingId = 0;
  let lastId = 0;
  for (let i = 1; i <= 60; i++) {
    const text = i === 10 ? 'שָׁלוֹם לכולם, מה שלומכם?' : `note number ${i}`;
    const m = backend.customerWrites('972501234567', 'Dana', text, start + i * MINUTE);
    if (i === 10) greetingId = m.id;
    lastId = m.id;
  }
  backend.customerWrites('37251234567', 'Tõnu', 'Tere! Kas pood on avatud?', start);
  return { greetingId, lastId };
}

describe('search palette', () => {
  it('opens with Ctrl+K, Cmd+K and the header button, and closes with Esc', async () => {
    await renderApp();
    expect(screen.queryByTestId('search-palette')).toBeNull();
    await openPalette();
    expect(screen.getByTestId('search-palette')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('search-input'));
    await fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Escape' });
    expect(screen.queryByTestId('search-palette')).toBeNull();

    // A Hebrew keyboard types "ל" on the K key: the shortcut still works.
    await fireEvent.keyDown(window, { key: 'ל', code: 'KeyK', metaKey: true });
    await settle();
    expect(screen.getByTestId('search-palette')).toBeTruthy();
    await fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Escape' });

    await fireEvent.click(screen.getByTestId('open-search'));
    await settle();
    expect(screen.getByTestId('search-palette')).toBeTruthy();
  });

  it('finds Hebrew words without their vowel points and marks the whole pointed word', async () => {
    const { backend } = await renderApp((b) => longThread(b));
    await openPalette();
    await typed('שלום');
    const results = rows();
    expect(results).toHaveLength(1);
    expect(results[0]!.getAttribute('data-kind')).toBe('message');
    const snippet = within(results[0]!).getByTestId('search-snippet');
    expect(snippet.getAttribute('dir')).toBe('auto');
    expect(snippet.textContent).toBe('שָׁלוֹם לכולם, מה שלומכם?');
    // "שלום" is a whole word in the first place; "שלומכם" is another word, not a match.
    expect(marks(snippet)).toEqual(['שָׁלוֹם']);
    expect(within(results[0]!).getByText('Dana')).toBeTruthy();
    expect(backend.calls.search.at(-1)).toEqual({ query: 'שלום', limit: 20 });
  });

  it('is case- and accent-insensitive, matches the last word as a prefix, and groups contacts before messages', async () => {
    await renderApp((b) => {
      longThread(b);
      b.customerWrites('201001234567', 'أحمد', 'مرحبا', Date.now() - HOUR);
      b.customerWrites('79161234567', 'Ёлка', 'Привет, ёжик', Date.now() - HOUR);
    });
    await openPalette();
    await typed('TONU');
    expect(rows().map((r) => r.getAttribute('data-kind'))).toEqual(['contact']);
    expect(marks(rows()[0]!)).toEqual(['Tõnu']);

    await typed('tere kas po');
    expect(rows()).toHaveLength(1);
    expect(marks(rows()[0]!)).toEqual(['Tere', 'Kas', 'pood']);

    await typed('احمد');
    expect(marks(rows()[0]!)).toEqual(['أحمد']);

    await typed('елка');
    expect(marks(rows()[0]!)).toEqual(['Ёлка']);
    await typed('ежик');
    expect(marks(rows()[0]!)).toEqual(['ёжик']);

    // A number typed the way people dial it at home.
    await typed('050-123');
    expect(rows()).toHaveLength(1);
    expect(marks(rows()[0]!)).toEqual(['50123']);

    // Words and a name together: the contact first, then the messages.
    await typed('note');
    expect(screen.getByText('Messages')).toBeTruthy();
    expect(rows().every((r) => r.getAttribute('data-kind') === 'message')).toBe(true);
    expect(rows()).toHaveLength(20);
  });

  it('moves with the arrow keys and opens a contact’s conversation with Enter', async () => {
    await renderApp((b) => {
      b.customerWrites('972501111111', 'Dana Levi', 'hi', Date.now() - 2 * HOUR);
      b.customerWrites('972502222222', 'Dan Cohen', 'hello', Date.now() - HOUR);
    });
    await openPalette();
    await typed('dan');
    expect(rows()).toHaveLength(2);
    const input = screen.getByTestId('search-input');
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(rows()[1]!.getAttribute('aria-selected')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe(rows()[1]!.id);
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    const chosen = rows()[1]!.textContent!;
    await fireEvent.keyDown(input, { key: 'Enter' });
    await settle();
    expect(screen.queryByTestId('search-palette')).toBeNull();
    expect(chosen).toContain(screen.getByTestId('thread-name').textContent!);
  });

  it('jumps to a message in the middle of a long thread, highlights it, and loads newer messages down to the present', async () => {
    let ids = { greetingId: 0, lastId: 0 };
    const { backend } = await renderApp((b) => (ids = longThread(b)));
    await openPalette();
    await typed('שלום');
    await fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Enter' });
    await settle();

    expect(screen.queryByTestId('search-palette')).toBeNull();
    expect(backend.calls.getThreadAround).toEqual([{ messageId: ids.greetingId, before: 25, after: 25 }]);
    const focused = bubble({ id: ids.greetingId });
    expect(focused.getAttribute('data-highlighted')).toBe('true');
    expect(document.activeElement).toBe(focused);
    // Messages 1..35 are loaded: the newest are not, and the thread says so.
    expect(screen.getAllByTestId('message')).toHaveLength(35);
    const thread = () => within(screen.getByTestId('messages'));
    expect(thread().queryByText('note number 60')).toBeNull();
    expect(backend.opened).toHaveLength(1);

    // A new message while the present is not loaded waits, so the thread has no gap.
    backend.customerWrites('972501234567', 'Dana', 'are you there?');
    await settle();
    expect(thread().queryByText('are you there?')).toBeNull();

    // Scrolling to the bottom loads the next page; the button does the same.
    await fireEvent.scroll(screen.getByTestId('messages'));
    await settle();
    expect(backend.calls.getThreadNewer).toHaveLength(1);
    expect(backend.calls.getThreadNewer[0]!.after.id).toBe(ids.greetingId + 25);
    expect(screen.getAllByTestId('message')).toHaveLength(60);
    await fireEvent.click(screen.getByTestId('load-newer'));
    await settle();
    // Waited for, not settled: this once failed in CI on a busy machine with the message
    // not yet in the thread after settle(); alone it never did.
    await waitFor(() => expect(thread().getByText('are you there?')).toBeTruthy());
    expect(thread().getByText('note number 60')).toBeTruthy();
    expect(screen.queryByTestId('load-newer')).toBeNull();

    // Current again: new messages arrive as usual.
    backend.customerWrites('972501234567', 'Dana', 'hello again');
    await settle();
    expect(thread().getByText('hello again')).toBeTruthy();
    // Opening the conversation normally afterwards shows its newest messages.
    expect(screen.getAllByTestId('message').at(-1)!.textContent).toContain('hello again');
  });

  it('says so when nothing matches, explains a failed search, and keeps the query', async () => {
    const { backend } = await renderApp((b) => longThread(b));
    await openPalette();
    await typed('zebra');
    expect(screen.getByTestId('search-empty').textContent).toContain('zebra');

    backend.failNext = { code: 'storage', message: 'disk I/O error' };
    await typed('note');
    expect(screen.getByTestId('search-error').textContent).toContain('disk I/O error');
    expect((screen.getByTestId('search-input') as HTMLInputElement).value).toBe('note');

    await typed('note 1');
    expect(screen.queryByTestId('search-error')).toBeNull();
    expect(rows().length).toBeGreaterThan(0);
  });

  it('keeps the palette open with the reason when the message cannot be opened', async () => {
    const { backend } = await renderApp((b) => longThread(b));
    await openPalette();
    await typed('שלום');
    backend.failNext = { code: 'notFound', message: 'message' };
    await fireEvent.click(rows()[0]!);
    await settle();
    expect(screen.getByTestId('search-palette')).toBeTruthy();
    expect(screen.getByTestId('search-error').textContent).toContain('could not be opened');
  });

  it('never finds a deleted message', async () => {
    let id = 0;
    await renderApp((b) => {
      id = b.customerWrites('972501234567', 'Dana', 'secret plan').id;
      b.customerDeletes(id);
    });
    await openPalette();
    await typed('secret');
    expect(screen.getByTestId('search-empty')).toBeTruthy();
  });
});

describe('Inbox.jumpTo', () => {
  it('shows the present again when the agent replies from an older stretch of the thread', async () => {
    const backend = new MockBackend();
    const { greetingId } = longThread(backend);
    const inbox = new Inbox(backend);
    await inbox.start();
    await inbox.jumpTo(greetingId);
    expect(inbox.thread?.hasNewer).toBe(true);
    expect(inbox.focusedMessageId).toBe(greetingId);
    await inbox.send('yes, we are open');
    await settle();
    expect(inbox.thread?.hasNewer).toBeFalsy();
    expect(inbox.thread?.messages.at(-1)?.text).toBe('yes, we are open');
    expect(inbox.focusedMessageId).toBeNull();
  });

  it('explains a message that is gone, leaving the open thread as it was', async () => {
    const backend = new MockBackend();
    const m = backend.customerWrites('972501234567', 'Dana', 'hello');
    const inbox = new Inbox(backend);
    await inbox.start();
    await inbox.select(m.conversationId);
    await expect(inbox.jumpTo(9999)).rejects.toThrow('This is no longer available');
    expect(inbox.thread?.messages.map((x) => x.text)).toEqual(['hello']);
  });
});

describe('highlight segments', () => {
  const h = (text: string, ranges: Array<[number, number]>): Highlighted => ({
    text,
    ranges: ranges.map(([start, end]) => ({ start, end })),
    cutBefore: false,
    cutAfter: false,
  });

  it('slices by UTF-16 units, so emoji before a match do not shift it', () => {
    // "😀" is two UTF-16 units: "hi" starts at 3.
    expect(segments(h('😀 hi there', [[3, 5]]))).toEqual([
      { text: '😀 ', match: false },
      { text: 'hi', match: true },
      { text: ' there', match: false },
    ]);
  });

  it('survives overlapping, reversed and out-of-range ranges', () => {
    expect(segments(h('abcdef', [[1, 3], [2, 4], [5, 99], [4, 2]]))).toEqual([
      { text: 'a', match: false },
      { text: 'bc', match: true },
      { text: 'd', match: true },
      { text: 'e', match: false },
      { text: 'f', match: true },
    ]);
  });
});
