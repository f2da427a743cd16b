// What happened to the account and what Parley last fetched from Meta: notices,
// the pollers' sync state and the message templates, live from the shell's events.

import type { AccountEvent, InboxEvent, SyncStatus, TemplateView } from '../ipc/bindings';
import type { ActivityBackend, EventsBackend, Unlisten } from '../backend/types';
import { commandErrorText } from '../inbox/failure';

export const NOTICE_LIMIT = 50;

/// The parts of the `Backend` the activity panel uses.
export type ActivityDeps = ActivityBackend & EventsBackend;

export class Activity {
  notices = $state<AccountEvent[]>([]);
  syncs = $state<SyncStatus[]>([]);
  templates = $state<TemplateView[]>([]);
  /// Notices received since the panel was last opened.
  unseen = $state(0);
  open = $state(false);
  loadError = $state<string | null>(null);
  syncing = $state(false);
  syncError = $state<string | null>(null);

  readonly #backend: ActivityDeps;

  constructor(backend: ActivityDeps) {
    this.#backend = backend;
  }

  async start(): Promise<Unlisten> {
    const stop = await this.#backend.onInboxEvent((event) => void this.apply(event));
    await this.load();
    return stop;
  }

  async load(): Promise<void> {
    try {
      const [notices, syncs, templates] = await Promise.all([
        this.#backend.accountEvents(NOTICE_LIMIT),
        this.#backend.syncStatus(),
        this.#backend.templates(),
      ]);
      this.notices = newestFirst(notices);
      this.syncs = syncs;
      this.templates = templates;
      this.loadError = null;
    } catch (error) {
      this.loadError = commandErrorText(error);
    }
  }

  async apply(event: InboxEvent): Promise<void> {
    switch (event.kind) {
      case 'notice':
        if (this.notices.some((n) => n.id === event.event.id)) return;
        this.notices = newestFirst([event.event, ...this.notices]).slice(0, NOTICE_LIMIT);
        if (!this.open) this.unseen++;
        break;
      case 'syncChanged':
        this.#setSync(event.sync);
        break;
      case 'templatesChanged':
        await this.#reloadTemplates();
        break;
      case 'reload':
        await this.load();
        break;
      default:
        break;
    }
  }

  show(): void {
    this.open = true;
    this.unseen = 0;
  }

  hide(): void {
    this.open = false;
  }

  /// Fetches templates, checks the number and audits sends now; errors show per poller.
  async syncNow(): Promise<void> {
    this.syncing = true;
    try {
      for (const sync of await this.#backend.syncNow()) this.#setSync(sync);
      this.syncError = null;
    } catch (error) {
      this.syncError = commandErrorText(error);
    } finally {
      this.syncing = false;
    }
  }

  #setSync(sync: SyncStatus): void {
    const index = this.syncs.findIndex((s) => s.name === sync.name);
    this.syncs = index < 0 ? [...this.syncs, sync] : this.syncs.map((s, i) => (i === index ? sync : s));
  }

  async #reloadTemplates(): Promise<void> {
    try {
      this.templates = await this.#backend.templates();
    } catch (error) {
      this.loadError = commandErrorText(error);
    }
  }
}

function newestFirst(events: AccountEvent[]): AccountEvent[] {
  return [...events].sort((a, b) => b.occurredAt - a.occurredAt || b.id - a.id);
}
