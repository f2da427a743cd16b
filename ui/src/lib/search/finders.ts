// How the header's search and address-book buttons reach the stores App created,
// without threading them through the header's props.

import { getContext, setContext } from 'svelte';

const KEY = Symbol('finders');

export interface Finders {
  openSearch(): void;
  openContacts(): void;
}

export function provideFinders(finders: Finders): void {
  setContext(KEY, finders);
}

export function useFinders(): Finders | undefined {
  return getContext<Finders | undefined>(KEY);
}
