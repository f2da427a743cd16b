// Start-up order: the first page of conversations is what the user waits for, so nothing
// else is asked for until it is painted (the desktop benchmark's first-paint figure).

import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { MockBackend } from './lib/backend/mock';
import { settle } from './test/app';
import { holdConversationPages } from './test/pages';

/// Commands the window's other stores load with at start.
const LATER = ['getSettings', 'accountEvents', 'quickReplies', 'desktopSettings', 'viewCounts', 'labels', 'templateDrafts'] as const;
const FIRST = ['listConversations', 'desk'] as const;

type Recorded = (typeof LATER)[number] | (typeof FIRST)[number];

/// Records the name of every call of these backend methods, in order.
function record(backend: MockBackend, names: readonly Recorded[], sent: string[]): void {
  const methods = backend as unknown as Record<Recorded, (...args: unknown[]) => Promise<unknown>>;
  for (const name of names) {
    const original = methods[name].bind(backend);
    methods[name] = (...args) => {
      sent.push(name);
      return original(...args);
    };
  }
}

/// A backend with one customer whose pages of conversations are held back until
/// `releasePage`.
function withFirstPageHeld(): { backend: MockBackend; releasePage: () => void } {
  const backend = new MockBackend();
  backend.customerWrites('972501234567', 'Dana Levi', 'Size 38?');
  const { release } = holdConversationPages(backend);
  return { backend, releasePage: release };
}

describe('start-up', () => {
  it('asks for the first page and the desk first, and loads the rest once that page is painted', async () => {
    const { backend, releasePage } = withFirstPageHeld();
    const sent: string[] = [];
    record(backend, [...FIRST, ...LATER], sent);

    render(App, { props: { backend } });
    await settle();
    // The app is laid out once, with the page: not empty first.
    expect(screen.queryByTestId('app')).toBeNull();
    expect(sent).toEqual(expect.arrayContaining([...FIRST]));
    expect(sent.filter((name) => !(FIRST as readonly string[]).includes(name))).toEqual([]);
    expect(backend.calls.inboxPainted).toBe(0);

    releasePage();
    await waitFor(() => expect(screen.getByTestId('conversation-row')).toBeInTheDocument());
    await waitFor(() => expect(sent).toEqual(expect.arrayContaining([...FIRST, ...LATER])));
    expect(backend.calls.inboxPainted).toBe(1);
    // Each store loaded once.
    for (const name of LATER) expect(sent.filter((sentName) => sentName === name)).toHaveLength(1);
  });

  it('shows the empty app after a moment when the first page is slow, then its rows', async () => {
    const { backend, releasePage } = withFirstPageHeld();

    render(App, { props: { backend } });
    await settle();
    expect(screen.queryByTestId('app')).toBeNull();
    // Never a blank window for long: the app comes without its rows.
    await waitFor(() => expect(screen.getByTestId('app')).toBeInTheDocument(), { timeout: 1_000 });
    expect(screen.queryByTestId('conversation-row')).toBeNull();

    releasePage();
    await waitFor(() => expect(screen.getByTestId('conversation-row')).toBeInTheDocument());
    await waitFor(() => expect(backend.calls.inboxPainted).toBe(1));
  });

  it('shows the app when the first page fails, with the failure', async () => {
    const backend = new MockBackend();
    backend.listConversations = async () => {
      throw { code: 'storage', message: 'the disk is full' };
    };

    render(App, { props: { backend } });
    await waitFor(() => expect(screen.getByTestId('app')).toBeInTheDocument());
    expect(await screen.findByText(/the disk is full/)).toBeInTheDocument();
  });
});
