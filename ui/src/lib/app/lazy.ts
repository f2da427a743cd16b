// Sections not on the first screen (dialogs, the thread, the template studio) are loaded
// when first opened: the first bundle the window fetches, parses and keeps in memory is
// then only what the inbox's first paint needs.

import type { Component } from 'svelte';

// Components come with their own props; the sections pass them on as they are.
type AnyComponent = Component<any, any, any>;

/// Loads still in flight, so the tests can wait for a section to arrive (`settle`).
const inFlight = new Set<Promise<unknown>>();

/// A section's component, fetched on the first call and the same promise after (the
/// `{#await}` that shows it then resolves at once). A failed load is asked for again
/// at the next call rather than kept.
export function lazySection<C extends AnyComponent>(load: () => Promise<{ default: C }>): () => Promise<C> {
  let loaded: Promise<C> | null = null;
  return () => {
    if (loaded) return loaded;
    const loading = load().then(
      (module) => module.default,
      (error: unknown) => {
        loaded = null;
        throw error;
      },
    );
    loaded = loading;
    inFlight.add(loading);
    const forget = () => inFlight.delete(loading);
    loading.then(forget, forget);
    return loading;
  };
}

/// Resolves once every section asked for so far has loaded (or failed to).
export async function sectionsLoaded(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}
