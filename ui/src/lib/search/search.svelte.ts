// The search palette as the UI holds it: open or not, what was typed, the results of the
// latest query (answers to older queries that come late are dropped), and which result
// the arrow keys are on.

import type { ContactHit, MessageHit, SearchResults } from '../ipc/bindings';
import type { SearchBackend, Unlisten } from '../backend/types';
import { commandErrorText } from '../inbox/failure';

/// Most results of each kind one query shows.
export const SEARCH_LIMIT = 20;
/// Typing pauses this long before a query goes out, so each keystroke is not a search.
export const DEBOUNCE_MS = 200;

export type SearchRow = { kind: 'contact'; hit: ContactHit } | { kind: 'message'; hit: MessageHit };

export class Search {
  open = $state(false);
  query = $state('');
  /// The results for `searchedFor`; `null` before the first answer.
  results = $state<SearchResults | null>(null);
  searchedFor = $state('');
  searching = $state(false);
  error = $state<string | null>(null);
  /// Index into `rows` of the result Enter opens.
  active = $state(0);

  readonly rows: SearchRow[] = $derived([
    ...(this.results?.contacts ?? []).map((hit) => ({ kind: 'contact' as const, hit })),
    ...(this.results?.messages ?? []).map((hit) => ({ kind: 'message' as const, hit })),
  ]);

  readonly #backend: SearchBackend;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /// Counts queries, so only the latest one's answer is shown.
  #latest = 0;

  constructor(backend: SearchBackend) {
    this.#backend = backend;
  }

  /// Nothing to listen to: results are fetched when asked for.
  async start(): Promise<Unlisten> {
    return () => clearTimeout(this.#timer);
  }

  show(): void {
    this.open = true;
  }

  /// Closes and forgets the query, so the palette opens empty next time.
  hide(): void {
    clearTimeout(this.#timer);
    this.#latest++;
    this.open = false;
    this.query = '';
    this.searchedFor = '';
    this.results = null;
    this.error = null;
    this.searching = false;
    this.active = 0;
  }

  /// What is typed changed: searches once typing pauses.
  type(query: string): void {
    this.query = query;
    clearTimeout(this.#timer);
    if (!query.trim()) {
      this.#latest++;
      this.results = null;
      this.searchedFor = '';
      this.error = null;
      this.searching = false;
      return;
    }
    this.searching = true;
    this.#timer = setTimeout(() => void this.run(query), DEBOUNCE_MS);
  }

  async run(query: string): Promise<void> {
    const mine = ++this.#latest;
    this.searching = true;
    try {
      const results = await this.#backend.search(query, SEARCH_LIMIT);
      if (mine !== this.#latest) return;
      this.results = results;
      this.searchedFor = query;
      this.error = null;
      this.active = 0;
    } catch (error) {
      if (mine !== this.#latest) return;
      this.error = commandErrorText(error);
    } finally {
      if (mine === this.#latest) this.searching = false;
    }
  }

  /// Moves the active result, wrapping around at either end.
  move(delta: number): void {
    const count = this.rows.length;
    if (count === 0) return;
    this.active = (this.active + delta + count) % count;
  }
}
