// Holding the backend's pages of conversations back, for tests of what the UI does while
// a page is on its way.

import type { MockBackend } from '../lib/backend/mock';

/// Holds `backend`'s pages of conversations until `release()`: every page, or only the
/// `only`-th asked for (from 1). A held page is read when asked and answered once
/// released, as a slow answer would be. `asked()` counts the pages asked for.
export function holdConversationPages(backend: MockBackend, only?: number): { release: () => void; asked: () => number } {
  let asked = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const list = backend.listConversations.bind(backend);
  backend.listConversations = async (...args) => {
    asked += 1;
    const held = only === undefined || asked === only;
    const page = await list(...args);
    if (held) await released;
    return page;
  };
  return { release, asked: () => asked };
}
