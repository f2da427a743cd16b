// How much the virtual conversation list saves: 10,000 loaded conversations rendered as
// before (every row in the DOM) and virtualized, with the render time and DOM size of
// each printed for docs/BENCHMARKS.md. Times are jsdom's and only indicative; the check is
// on what is certain: the DOM holds a view's worth of rows, not ten thousand.
// Rendering every row of 10,000 takes about a minute in jsdom, so by default the "before"
// renders 1,000 (the virtual list always gets 10,000); the full comparison:
//   UI_SCALE_FULL=1 npx vitest run src/lib/virtual/scale.test.ts

import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { MockBackend } from '../backend/mock';
import ConversationList from '../inbox/ConversationList.svelte';
import { Inbox } from '../inbox/inbox.svelte';
import type { ConversationSummary } from '../ipc/bindings';
import AllConversations from '../../test/AllConversations.svelte';
import { settle } from '../../test/app';
import { scrollTo, useLayout } from '../../test/layout';

const COUNT = 10_000;
const FLAT_COUNT = process.env.UI_SCALE_FULL ? COUNT : 1_000;
const VIEW = 800;
const ROW = 66;

function conversations(count: number): ConversationSummary[] {
  const now = Date.now();
  const scripts = ['שלום, יש לכם במידה 38?', 'مرحبا، هل الطلب جاهز؟', 'Здравствуйте, когда доставка?', 'Tere! Kas pood on avatud?'];
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    contact: {
      id: i + 1,
      waId: `9725${String(i).padStart(8, '0')}`,
      profileName: `Customer ${i}`,
      savedName: null,
      displayName: `Customer ${i}`,
      marketingOptOut: false,
      blocked: false,
    },
    lastMessage: {
      direction: 'inbound',
      kind: 'text',
      preview: scripts[i % scripts.length]!,
      status: null,
    } as unknown as ConversationSummary['lastMessage'],
    lastActivityAt: now - i * 60_000,
    lastInboundAt: now - i * 60_000,
    unreadCount: i % 7,
    status: 'open',
    assignee: null,
    labelIds: [],
  }));
}

async function timed<T>(run: () => T | Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  await tick();
  return [result, performance.now() - start];
}

const nodes = (root: Element) => root.querySelectorAll('*').length;
const rows = (root: Element) => root.querySelectorAll('[data-testid="conversation-row"]').length;

describe('10,000 conversations in the list', { timeout: 120_000 }, () => {
  it('renders a view’s worth of rows instead of all of them', async () => {
    useLayout({ viewport: VIEW, size: () => ROW });
    const data = conversations(COUNT);

    const [flat, flatMs] = await timed(() =>
      render(AllConversations, { props: { conversations: data.slice(0, FLAT_COUNT) } }),
    );
    const flatNodes = nodes(flat.container);
    const flatRows = rows(flat.container);
    flat.unmount();

    const inbox = new Inbox(new MockBackend());
    inbox.conversations = data;
    inbox.loading = false;
    const [virtual, virtualMs] = await timed(() =>
      render(ConversationList, { props: { inbox, needsAccount: false, onConnect: () => {} } }),
    );
    await settle();
    const virtualNodes = nodes(virtual.container);
    const virtualRows = rows(virtual.container);

    const scroller = virtual.container.querySelector<HTMLElement>('[data-virtual-scroller]')!;
    const [, scrollMs] = await timed(async () => {
      scrollTo(scroller, (COUNT / 2) * ROW);
      await settle();
    });
    const afterScrollRows = rows(virtual.container);

    // A new message moves the last conversation to the top.
    const [, updateMs] = await timed(async () => {
      const moved = { ...data.at(-1)!, lastActivityAt: Date.now() + 1 };
      inbox.conversations = [moved, ...inbox.conversations.slice(0, -1)];
      await settle();
    });

    const table = [
      ['', 'rows in DOM', 'DOM nodes', 'first render (ms)'],
      [`every row (before), ${FLAT_COUNT} loaded`, flatRows, flatNodes, flatMs.toFixed(0)],
      [`virtualized (after), ${COUNT} loaded`, virtualRows, virtualNodes, virtualMs.toFixed(0)],
      ['virtualized, scrolled to row 5,000', afterScrollRows, nodes(virtual.container), scrollMs.toFixed(0)],
      ['virtualized, a row moves to the top', rows(virtual.container), nodes(virtual.container), updateMs.toFixed(0)],
    ];
    console.log(
      `\n${VIEW} px view, ${ROW} px rows (jsdom)\n` +
        table.map((r) => r.map((c) => String(c).padEnd(40)).join('')).join('\n'),
    );

    expect(flatRows).toBe(FLAT_COUNT);
    expect(virtualRows).toBeLessThan(40);
    expect(afterScrollRows).toBeLessThan(40);
    // A row is ~10 nodes either way: the virtual list holds a view's worth.
    expect(virtualNodes).toBeLessThan((flatNodes / FLAT_COUNT) * 40);
  });
});
