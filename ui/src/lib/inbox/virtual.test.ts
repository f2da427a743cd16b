// The conversation list and the thread render only what is in view, at a busy shop's
// scale: a 600 px view of 60 px rows over a thousand conversations, a thread of 500
// messages. jsdom has no layout; src/test/layout.ts gives it this one.

import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { MockBackend } from '../backend/mock';
import { bubble, renderApp, settle } from '../../test/app';
import { layout, scrollTo, useLayout } from '../../test/layout';

const VIEW = 600;
const ROW = 60;
const DAY = 30;
const MINUTE = 60_000;

const waId = (i: number) => `3725${String(i).padStart(7, '0')}`;

/// `count` customers, customer `count - 1` the most recent (the list's first row).
function customers(backend: MockBackend, count: number): void {
  const start = Date.now() - (count + 10) * MINUTE;
  for (let i = 0; i < count; i++) backend.customerWrites(waId(i), `Customer ${i}`, `hello from ${i}`, start + i * MINUTE);
}

/// One customer with `count` messages ("message 1" the oldest); `word` in message `at`.
function longThread(backend: MockBackend, count: number, word = '', at = 0): void {
  const start = Date.now() - (count + 10) * MINUTE;
  for (let i = 1; i <= count; i++) {
    backend.customerWrites('972501234567', 'Dana', i === at ? `message ${i} ${word}` : `message ${i}`, start + i * MINUTE);
  }
}

const list = () => screen.getByTestId('conversation-list');
const listScroller = () => list().parentElement!;
const rows = () => screen.queryAllByTestId('conversation-row');
const messages = () => screen.queryAllByTestId('message');
const threadScroller = () => screen.getByTestId('messages');
const threadRows = () => threadScroller().querySelector<HTMLElement>('[data-virtual-list]')!;

/// Where each rendered row of a virtual list sits in its content, by the test layout: the
/// rows not rendered above stand as the list's top padding.
function positions(rowsElement: HTMLElement): Array<{ element: HTMLElement; top: number; size: number }> {
  let top = Number.parseFloat(rowsElement.style.getPropertyValue('--virtual-before')) || 0;
  return Array.from(rowsElement.children).map((child) => {
    const element = child as HTMLElement;
    const size = layout.size(element);
    const at = { element, top, size };
    top += size;
    return at;
  });
}

/// The rendered rows at least partly in view.
function inView(rowsElement: HTMLElement, scroller: HTMLElement) {
  const from = scroller.scrollTop;
  return positions(rowsElement).filter((p) => p.top < from + VIEW && p.top + p.size > from);
}

/// The first row in view: its identity and how far its top is above the view's.
function firstInView(rowsElement: HTMLElement, scroller: HTMLElement, id: (element: HTMLElement) => string | null) {
  const first = inView(rowsElement, scroller).find((p) => id(p.element) !== null)!;
  return { id: id(first.element), offset: scroller.scrollTop - first.top };
}

const rowId = (element: HTMLElement) => element.querySelector('[data-testid="conversation-row"]')?.getAttribute('data-wa-id') ?? null;
const messageId = (element: HTMLElement) => element.getAttribute('data-message-id');

/// Scrolls as the reader would. Rows that come into view while scrolling are measured
/// once it stops (~150 ms), as in a browser: `rest` waits for that.
async function scrolled(scroller: HTMLElement, top: number, rest = false): Promise<void> {
  scrollTo(scroller, top);
  await settle();
  if (rest) {
    await new Promise((r) => setTimeout(r, 200));
    await settle();
  }
}

// Seeding a thousand conversations and scrolling through them takes a few seconds in jsdom.
describe('the conversation list at scale', { timeout: 30_000 }, () => {
  it('renders only the rows in view, and loads the next page as the reader nears the end', async () => {
    useLayout({ viewport: VIEW, size: () => ROW });
    let backend!: MockBackend;
    await renderApp((b) => {
      backend = b;
      customers(b, 1_000);
    });
    const pages = vi.spyOn(backend, 'listConversations');

    // The first page: 50 rows loaded, about a view's worth rendered.
    expect(rows().length).toBeLessThan(30);
    expect(rows()[0]!.getAttribute('data-wa-id')).toBe(waId(999));

    // Scrolling to the end of what is loaded asks for the next page, once.
    await scrolled(listScroller(), 50 * ROW - VIEW);
    expect(pages).toHaveBeenCalledTimes(1);
    expect(pages.mock.calls[0]![1]).toMatchObject({ id: expect.any(Number) });

    // ...and so on, to all thousand: still only a view's worth in the DOM.
    for (let page = 2; page <= 30 && rows().at(-1)!.getAttribute('data-wa-id') !== waId(0); page++) {
      await scrolled(listScroller(), listScroller().scrollHeight - VIEW);
    }
    expect(rows().at(-1)!.getAttribute('data-wa-id')).toBe(waId(0));
    expect(pages).toHaveBeenCalledTimes(19);
    expect(rows().length).toBeLessThan(60);
    // Rows never rendered count at their estimate; the list is at least their real size.
    expect(listScroller().scrollHeight).toBeGreaterThanOrEqual(1_000 * ROW);

    // Anywhere in the middle: the rows there, in order, and the rows above stood in for.
    await scrolled(listScroller(), 500 * ROW, true);
    const shown = inView(list(), listScroller()).map((p) => Number(rowId(p.element)!.slice(4)));
    expect(shown.length).toBeGreaterThanOrEqual(VIEW / ROW);
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, k) => shown[0]! - k));
    expect(shown[0]).toBeLessThan(999 - 400);
    expect(rows().length).toBeLessThan(60);
    expect(Number.parseFloat(list().style.getPropertyValue('--virtual-before'))).toBeGreaterThan(400 * ROW);
  });

  it('keeps the reader’s place when a conversation further up moves to the top, and shows it at the top', async () => {
    useLayout({ viewport: VIEW, size: () => ROW });
    let backend!: MockBackend;
    await renderApp((b) => {
      backend = b;
      customers(b, 200);
    });
    await scrolled(listScroller(), 50 * ROW - VIEW);
    await scrolled(listScroller(), 30 * ROW + 25, true);
    const before = firstInView(list(), listScroller(), rowId);

    // A conversation below the reader, one above, and a new one all come to the top.
    backend.customerWrites(waId(100), null, 'still there?');
    await settle();
    backend.customerWrites(waId(195), null, 'and me');
    await settle();
    backend.customerWrites(waId(5_000), 'Someone new', 'hi');
    await settle();
    expect(firstInView(list(), listScroller(), rowId)).toEqual(before);

    // At the top, new conversations show where they arrive.
    await scrolled(listScroller(), 0);
    backend.customerWrites(waId(5_001), 'Another', 'hello');
    await settle();
    expect(listScroller().scrollTop).toBe(0);
    expect(rows()[0]!.getAttribute('data-wa-id')).toBe(waId(5_001));
  });

  it('brings the open conversation into view as Alt+↓ and Alt+↑ move through the list', async () => {
    useLayout({ viewport: VIEW, size: () => ROW });
    await renderApp((b) => customers(b, 100));
    await fireEvent.click(rows()[0]!);
    await settle();
    for (let i = 0; i < 25; i++) {
      await fireEvent.keyDown(window, { key: 'ArrowDown', code: 'ArrowDown', altKey: true });
      await settle();
    }
    const selected = () => list().querySelector<HTMLElement>('[aria-current="true"]');
    expect(selected()?.getAttribute('data-wa-id')).toBe(waId(99 - 25));
    expect(inView(list(), listScroller()).map((p) => rowId(p.element))).toContain(waId(99 - 25));
    expect(listScroller().scrollTop).toBeGreaterThan(0);

    for (let i = 0; i < 25; i++) {
      await fireEvent.keyDown(window, { key: 'ArrowUp', code: 'ArrowUp', altKey: true });
      await settle();
    }
    expect(selected()?.getAttribute('data-wa-id')).toBe(waId(99));
    expect(listScroller().scrollTop).toBe(0);
  });
});

describe('the thread at scale', { timeout: 30_000 }, () => {
  const sizes = (element: HTMLElement) => (element.matches('[data-testid="message"]') ? ROW : DAY);

  async function openLongThread(count: number, word = '', at = 0) {
    useLayout({ viewport: VIEW, size: sizes });
    const app = await renderApp((b) => longThread(b, count, word, at));
    await fireEvent.click(rows()[0]!);
    await settle();
    return app;
  }

  const atBottom = () => {
    const s = threadScroller();
    return s.scrollTop === s.scrollHeight - VIEW;
  };

  it('opens at the newest message with only the messages in view rendered', async () => {
    await openLongThread(500);
    expect(messages().length).toBeLessThan(30);
    expect(messages().at(-1)!.textContent).toContain('message 500');
    expect(atBottom()).toBe(true);
    expect(inView(threadRows(), threadScroller()).at(-1)!.element.textContent).toContain('message 500');
  });

  it('keeps the message in view in place when the older page arrives above it', async () => {
    const { backend } = await openLongThread(500);
    const pages = vi.spyOn(backend, 'getThread');
    // Up to near the top of the newest page: the older one loads.
    await scrolled(threadScroller(), threadScroller().scrollHeight - VIEW - 400);
    expect(pages).not.toHaveBeenCalled();
    await scrolled(threadScroller(), 100, true);
    const before = firstInView(threadRows(), threadScroller(), messageId);
    await settle();
    expect(pages).toHaveBeenCalledTimes(1);
    expect(pages.mock.calls[0]![1]).not.toBeNull();

    const after = firstInView(threadRows(), threadScroller(), messageId);
    expect(after).toEqual(before);
    // It is the same message, now below the older page.
    expect(threadScroller().scrollTop).toBeGreaterThanOrEqual(50 * ROW);
    expect(messages().length).toBeLessThan(30);
  });

  it('follows a new message at the bottom, and keeps the place of a reader further up', async () => {
    const { backend } = await openLongThread(200);
    backend.customerWrites('972501234567', 'Dana', 'are you open today?');
    await settle();
    expect(atBottom()).toBe(true);
    expect(inView(threadRows(), threadScroller()).at(-1)!.element.textContent).toContain('are you open today?');

    await scrolled(threadScroller(), threadScroller().scrollHeight - VIEW - 7 * ROW, true);
    const before = firstInView(threadRows(), threadScroller(), messageId);
    backend.customerWrites('972501234567', 'Dana', 'hello?');
    await settle();
    expect(firstInView(threadRows(), threadScroller(), messageId)).toEqual(before);
    expect(atBottom()).toBe(false);
  });

  it('opens a search result deep in a long thread in view and highlighted, and loads newer messages at the bottom', async () => {
    let backend!: MockBackend;
    useLayout({ viewport: VIEW, size: sizes });
    await renderApp((b) => {
      backend = b;
      longThread(b, 500, 'zanzibar', 200);
    });
    await fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });
    await settle();
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'zanzibar' } });
    await new Promise((r) => setTimeout(r, 400));
    await settle();
    await fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Enter' });
    await settle();

    const hit = messages().find((m) => m.textContent?.includes('zanzibar'))!;
    expect(hit).toBeTruthy();
    expect(hit.getAttribute('data-highlighted')).toBe('true');
    expect(document.activeElement).toBe(hit);
    const shown = inView(threadRows(), threadScroller()).map((p) => p.element);
    expect(shown).toContain(hit);
    expect(messages().length).toBeLessThan(30);
    expect(backend.calls.getThreadNewer).toHaveLength(0);

    // Down to the end of what is loaded: the next page comes, the reader stays put.
    await scrolled(threadScroller(), threadScroller().scrollHeight - VIEW);
    expect(backend.calls.getThreadNewer).toHaveLength(1);
    expect(bubble({ id: Number(hit.getAttribute('data-message-id')) + 25 }).textContent).toContain('message 225');
    expect(atBottom()).toBe(false);
  });
});
