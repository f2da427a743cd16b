// jsdom lays nothing out: every element is 0 px high and nothing scrolls. The virtual
// lists (lib/virtual) need sizes to decide what to render, so the tests get a small
// layout of their own:
// - a virtual list's scroller ([data-virtual-scroller]) is `layout.viewport` px high and
//   scrolls its content (`scrollTo` clamps and fires `scroll` a moment later, like a
//   browser);
// - each row of a virtual list ([data-index]) is `layout.size(row)` px high (its
//   offsetHeight and its getBoundingClientRect's height);
// - the list itself ([data-virtual-list]) is its padding (the rows not rendered) plus
//   its rows.
// The defaults (a 2,000 px view of 20 px rows) show every row of the small inboxes most
// tests render; a test of virtualization sets its own with `useLayout` and `resetLayout`
// runs after each test.

export interface Layout {
  viewport: number;
  size: (row: HTMLElement) => number;
}

const DEFAULTS: Layout = { viewport: 2_000, size: () => 20 };

export const layout: Layout = { ...DEFAULTS };

export function useLayout(next: Partial<Layout>): void {
  Object.assign(layout, next);
}

export function resetLayout(): void {
  Object.assign(layout, DEFAULTS);
}

const px = (value: string): number => Number.parseFloat(value) || 0;

function heightOf(element: Element): number {
  if (!(element instanceof HTMLElement)) return 0;
  if (element.hasAttribute('data-index')) return layout.size(element);
  if (element.hasAttribute('data-virtual-list')) {
    let height = px(element.style.getPropertyValue('--virtual-before')) + px(element.style.getPropertyValue('--virtual-after'));
    for (const child of Array.from(element.children)) height += heightOf(child);
    return height;
  }
  return 0;
}

const isScroller = (element: Element) => element.hasAttribute('data-virtual-scroller');

function contentHeight(element: Element): number {
  return Array.from(element.children).reduce((sum, child) => sum + heightOf(child), 0);
}

export function installLayout(): void {
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return isScroller(this) ? layout.viewport : heightOf(this);
    },
  });
  const rect = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function getBoundingClientRect(this: Element) {
    if (!(this instanceof HTMLElement) || !this.hasAttribute('data-index')) return rect.call(this);
    return new DOMRect(0, 0, 0, heightOf(this));
  };
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return isScroller(this) ? layout.viewport : 0;
    },
  });
  Object.defineProperty(Element.prototype, 'scrollHeight', {
    configurable: true,
    get(this: Element) {
      return isScroller(this) ? Math.max(layout.viewport, contentHeight(this)) : 0;
    },
  });
  Element.prototype.scrollTo = function scrollTo(this: Element, a?: ScrollToOptions | number, b?: number) {
    const top = typeof a === 'object' ? a.top : b;
    if (top === undefined) return;
    const max = Math.max(0, this.scrollHeight - this.clientHeight);
    const next = Math.min(Math.max(0, top), max);
    if (next === this.scrollTop) return;
    this.scrollTop = next;
    setTimeout(() => this.dispatchEvent(new Event('scroll')), 0);
  } as Element['scrollTo'];
  // The virtualizer corrects its scroll over animation frames: let them come at once.
  window.requestAnimationFrame = (callback) => setTimeout(() => callback(performance.now()), 0) as unknown as number;
  window.cancelAnimationFrame = (id) => clearTimeout(id);
}

/// Scrolls a scroller as the reader would: moves it and fires `scroll`.
export function scrollTo(scroller: HTMLElement, top: number): void {
  scroller.scrollTop = top;
  scroller.dispatchEvent(new Event('scroll'));
}
