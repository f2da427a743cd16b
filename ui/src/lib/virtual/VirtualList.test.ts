// The virtual list on its own: what it renders, where, and what it keeps in place.
// jsdom has no layout; src/test/layout.ts gives it one (a view of `viewport` px, rows of
// `size(row)` px).

import { render } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { settle } from '../../test/app';
import { layout, scrollTo, useLayout } from '../../test/layout';
import VirtualList from './VirtualList.svelte';

interface Item {
  id: number;
  /// The height the test layout gives its row.
  size: number;
}

const VIEW = 600;

// A row: one element, its size where the layout can read it. (Test-only markup: numbers.)
const row = createRawSnippet((item: () => Item) => ({
  render: () => `<div class="item" data-id="${item().id}" data-size="${item().size}">item ${item().id}</div>`,
}));

const items = (from: number, to: number, size: (id: number) => number = () => 30): Item[] =>
  Array.from({ length: to - from }, (_, k) => ({ id: from + k, size: size(from + k) }));

function setup(list: Item[], props: Record<string, unknown> = {}) {
  useLayout({ viewport: VIEW, size: (element) => Number(element.getAttribute('data-size')) });
  const view = render(VirtualList<Item>, {
    props: { items: list, key: (item: Item) => item.id, estimateSize: () => 40, row, ...props },
  });
  const scroller = view.container.querySelector<HTMLElement>('[data-virtual-scroller]')!;
  const rowsElement = view.container.querySelector<HTMLElement>('[data-virtual-list]')!;
  return { ...view, scroller, rowsElement };
}

const rendered = (rowsElement: HTMLElement) => Array.from(rowsElement.children).map((c) => Number(c.getAttribute('data-id')));
const before = (rowsElement: HTMLElement) => Number.parseFloat(rowsElement.style.getPropertyValue('--virtual-before'));

/// The rendered item at the top of the view and how far its top is above it.
function top(rowsElement: HTMLElement, scroller: HTMLElement): { id: number; offset: number } {
  let at = before(rowsElement);
  for (const child of Array.from(rowsElement.children) as HTMLElement[]) {
    const size = layout.size(child);
    if (at + size > scroller.scrollTop) return { id: Number(child.getAttribute('data-id')), offset: scroller.scrollTop - at };
    at += size;
  }
  throw new Error('nothing in view');
}

async function scrolled(scroller: HTMLElement, offset: number): Promise<void> {
  scrollTo(scroller, offset);
  await settle();
  // Rows rendered while scrolling are measured once it stops.
  await new Promise((r) => setTimeout(r, 200));
  await settle();
}

describe('VirtualList', () => {
  it('renders the rows in view and a few more, of ten thousand', async () => {
    const { rowsElement } = setup(items(0, 10_000));
    await settle();
    // 600 px of 30 px rows, and 6 rows of overscan below.
    expect(rendered(rowsElement)).toEqual(items(0, 26).map((i) => i.id));
    expect(before(rowsElement)).toBe(0);
  });

  it('renders what scrolling shows, standing the rows above in for by their measured or estimated size', async () => {
    const { rowsElement, scroller } = setup(items(0, 10_000));
    await settle();
    await scrolled(scroller, 300);
    // Rows 0..25 were measured (30 px): row 10 is at 300.
    expect(top(rowsElement, scroller)).toEqual({ id: 10, offset: 0 });
    expect(rendered(rowsElement)[0]).toBe(4);
    expect(before(rowsElement)).toBe(4 * 30);

    // Far down, past rows never rendered (40 px estimates): what is there, in order.
    await scrolled(scroller, 100_000);
    const ids = rendered(rowsElement);
    expect(ids.length).toBeLessThan(40);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, k) => ids[0]! + k));
    expect(ids[0]).toBeGreaterThan(2_000);
  });

  it('scrolls an item into view and gives its element', async () => {
    const { component, rowsElement, scroller } = setup(items(0, 10_000));
    await settle();
    const element = await component.reveal(5_000, 'start');
    expect(element?.getAttribute('data-id')).toBe('5000');
    await settle();
    expect(top(rowsElement, scroller).id).toBe(5_000);
  });

  it('measures rows of different heights', async () => {
    const { rowsElement, scroller } = setup(items(0, 200, (id) => (id % 3 === 0 ? 90 : 30)));
    await settle();
    // Each 3 rows are 150 px (90 + 30 + 30): row 9 spans 450..540.
    await scrolled(scroller, 500);
    expect(top(rowsElement, scroller)).toEqual({ id: 9, offset: 50 });
    // Row 60 starts at 3,000 px once all the rows before it have been measured.
    for (let offset = 900; offset <= 3_000; offset += 300) await scrolled(scroller, offset);
    expect(top(rowsElement, scroller)).toEqual({ id: 60, offset: 0 });
  });

  describe('where the web view reports sizes (ResizeObserver)', () => {
    /// A ResizeObserver the test drives: `report(element)` is the web view telling the
    /// virtualizer an element's size changed.
    class DrivenResizeObserver {
      static all: DrivenResizeObserver[] = [];
      readonly watched = new Set<Element>();
      constructor(private readonly callback: ResizeObserverCallback) {
        DrivenResizeObserver.all.push(this);
      }
      observe(element: Element) {
        this.watched.add(element);
      }
      unobserve(element: Element) {
        this.watched.delete(element);
      }
      disconnect() {
        this.watched.clear();
      }
      static report(element: Element) {
        for (const observer of DrivenResizeObserver.all.filter((o) => o.watched.has(element))) {
          observer.callback([{ target: element } as unknown as ResizeObserverEntry], observer as unknown as ResizeObserver);
        }
      }
    }

    it('measures a row once, then follows the sizes the web view reports', async () => {
      DrivenResizeObserver.all = [];
      vi.stubGlobal('ResizeObserver', DrivenResizeObserver);
      try {
        const sizes = new Map<number, number>();
        const list = items(0, 100);
        const { rowsElement, scroller, rerender } = setup(list);
        useLayout({ size: (element) => sizes.get(Number(element.getAttribute('data-id'))) ?? 30 });
        const measuredRows: number[] = [];
        const measure = HTMLElement.prototype.getBoundingClientRect;
        const spy = vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
          if (this.hasAttribute('data-index')) measuredRows.push(Number(this.getAttribute('data-id')));
          return measure.call(this);
        });
        try {
          await settle();
          expect(new Set(measuredRows).size).toBe(measuredRows.length);
          // The view changes (new items, the same rows shown): nothing is measured again.
          measuredRows.length = 0;
          await rerender({ items: [...list] });
          await settle();
          expect(measuredRows).toEqual([]);

          // Row 2 grows; the web view reports it, and the rows after it move down.
          sizes.set(2, 90);
          DrivenResizeObserver.report(rowsElement.querySelector('[data-id="2"]')!);
          await settle();
          expect(measuredRows).toEqual([2]);
          await scrolled(scroller, 120);
          expect(top(rowsElement, scroller)).toEqual({ id: 2, offset: 60 });
        } finally {
          spy.mockRestore();
        }
      } finally {
        vi.unstubAllGlobals();
      }
    });
  });

  it('asks for more near the end as the reader scrolls, not on opening', async () => {
    const onNearEnd = vi.fn();
    const { scroller } = setup(items(0, 100), { onNearEnd, edge: 300, estimateSize: () => 30 });
    await settle();
    expect(onNearEnd).not.toHaveBeenCalled();
    await scrolled(scroller, 100 * 30 - VIEW - 500);
    expect(onNearEnd).not.toHaveBeenCalled();
    await scrolled(scroller, 100 * 30 - VIEW - 200);
    expect(onNearEnd).toHaveBeenCalled();
  });

  describe('stuck to the bottom (a chat)', () => {
    it('opens at the end', async () => {
      const { rowsElement, scroller } = setup(items(0, 500), { stick: 'bottom' });
      await settle();
      expect(rendered(rowsElement).at(-1)).toBe(499);
      expect(scroller.scrollTop).toBe(scroller.scrollHeight - VIEW);
    });

    it('keeps the item in view in place when older items arrive at the top', async () => {
      const onNearStart = vi.fn();
      const { rowsElement, scroller, rerender } = setup(items(500, 1_000), { stick: 'bottom', onNearStart });
      await settle();
      await scrolled(scroller, 95);
      expect(onNearStart).toHaveBeenCalled();
      const shown = top(rowsElement, scroller);
      await rerender({ items: items(0, 1_000) });
      await settle();
      expect(top(rowsElement, scroller)).toEqual(shown);
      expect(scroller.scrollTop).toBeGreaterThanOrEqual(95 + 500 * 30);
    });

    it('follows new items at the end, unless the reader is further up or `follow` is off', async () => {
      const { rowsElement, scroller, rerender } = setup(items(0, 100), { stick: 'bottom' });
      await settle();
      await rerender({ items: items(0, 101) });
      await settle();
      expect(rendered(rowsElement).at(-1)).toBe(100);
      expect(scroller.scrollTop).toBe(scroller.scrollHeight - VIEW);

      await scrolled(scroller, 1_000);
      const shown = top(rowsElement, scroller);
      await rerender({ items: items(0, 102) });
      await settle();
      expect(top(rowsElement, scroller)).toEqual(shown);

      await scrolled(scroller, scroller.scrollHeight - VIEW);
      await rerender({ items: items(0, 103), follow: false });
      await settle();
      expect(scroller.scrollTop).toBe(scroller.scrollHeight - VIEW - 30);
    });
  });
});
