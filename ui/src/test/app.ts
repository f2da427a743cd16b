// Rendering the whole app against the in-memory backend, as the UI tests do.

import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import App from '../App.svelte';
import { sectionsLoaded } from '../lib/app/lazy';
import { MockBackend } from '../lib/backend/mock';
import type { Media, MediaKind, Message } from '../lib/ipc/bindings';

export const HOUR = 60 * 60 * 1000;

/// Lets the app's work run: commands answered, sections opened (they load on first use).
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await sectionsLoaded();
    await tick();
  }
}

export async function renderApp(setup: (backend: MockBackend) => void = () => {}) {
  const backend = new MockBackend();
  setup(backend);
  const view = render(App, { props: { backend } });
  await settle();
  return { backend, ...view };
}

/// Renders the app and opens the (first) conversation.
export async function openThread(setup: (backend: MockBackend) => void = () => {}) {
  const app = await renderApp(setup);
  await fireEvent.click(screen.getAllByTestId('conversation-row')[0]!);
  await settle();
  return app;
}

/// The rendered message with this id.
export function bubble(message: Pick<Message, 'id'>): HTMLElement {
  const found = screen.getAllByTestId('message').find((m) => m.getAttribute('data-message-id') === String(message.id));
  if (!found) throw new Error(`message ${message.id} is not rendered`);
  return found;
}

export function media(kind: MediaKind, extra: Partial<Media> = {}): Media {
  return {
    kind,
    id: 'media-1',
    mimeType: null,
    sha256: null,
    size: null,
    filename: null,
    caption: null,
    animated: false,
    ...extra,
  };
}
