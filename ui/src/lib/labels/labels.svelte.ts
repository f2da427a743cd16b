// Labels as the UI holds them: the team's list with counts, the list's label filter, and
// putting labels on conversations.

import type { ConversationId, Label, LabelColor, LabelId, LabelMatch } from '../ipc/bindings';
import type { EventsBackend, LabelsBackend, Unlisten } from '../backend/types';
import { commandErrorText } from '../inbox/failure';
import type { Inbox } from '../inbox/inbox.svelte';
import { applyRow } from '../team/rows';
import type { Team } from '../team/team.svelte';

export const LABEL_COLORS: readonly LabelColor[] = [
  'sky', 'blue', 'indigo', 'violet', 'purple', 'pink', 'rose', 'red', 'orange', 'amber',
  'yellow', 'lime', 'green', 'emerald', 'teal', 'cyan', 'brown', 'slate', 'gray', 'black',
];

export class Labels {
  list = $state<Label[]>([]);
  loadError = $state<string | null>(null);
  /// The label manager dialog.
  managerOpen = $state(false);
  /// Why putting a label on or off failed, in plain words.
  error = $state<string | null>(null);

  readonly #backend: LabelsBackend & EventsBackend;
  readonly #inbox: Inbox;
  readonly #team: Team;
  #loading: Promise<void> | null = null;
  /// Each conversation's labels as last seen, so only a change of labels reloads the counts.
  #seen = new Map<ConversationId, string>();
  #loadAgain = false;

  constructor(backend: LabelsBackend & EventsBackend, inbox: Inbox, team: Team) {
    this.#backend = backend;
    this.#inbox = inbox;
    this.#team = team;
  }

  /// The labels the list is filtered by.
  get selected(): LabelId[] {
    return this.#inbox.filter.labels?.labels ?? [];
  }

  get mode(): LabelMatch {
    return this.#inbox.filter.labels?.mode ?? 'any';
  }

  async start(): Promise<Unlisten> {
    const stop = await this.#backend.onInboxEvent((event) => {
      if (event.kind === 'reload') {
        this.#seen.clear();
        void this.load();
      } else if (event.kind === 'conversationChanged') {
        // A row's labels changed (here or at another desk): the counts with them.
        const row = event.conversation;
        const labels = [...row.labelIds].sort((a, b) => a - b).join(',');
        // A row not seen yet counts as unlabeled: a new customer costs no reload.
        const before = this.#seen.get(row.id) ?? '';
        this.#seen.set(row.id, labels);
        if (before !== labels) void this.load();
      }
    });
    await this.load();
    return stop;
  }

  /// Reads the list again; calls while one is on its way coalesce into one more.
  load(): Promise<void> {
    if (this.#loading) {
      this.#loadAgain = true;
      return this.#loading;
    }
    this.#loading = (async () => {
      do {
        this.#loadAgain = false;
        try {
          this.list = await this.#backend.labels();
          this.loadError = null;
        } catch (error) {
          this.loadError = commandErrorText(error);
        }
      } while (this.#loadAgain);
      this.#loading = null;
      if (this.loadError === null) this.#dropMissingFromFilter();
    })();
    return this.#loading;
  }

  /// The conversation's labels in the team's order.
  ordered(ids: readonly LabelId[]): Label[] {
    return this.list.filter((l) => ids.includes(l.id));
  }

  async toggleFilter(id: LabelId): Promise<void> {
    const selected = this.selected.includes(id) ? this.selected.filter((l) => l !== id) : [...this.selected, id];
    await this.#filterBy(selected, this.mode);
  }

  async setMode(mode: LabelMatch): Promise<void> {
    if (mode !== this.mode) await this.#filterBy(this.selected, mode);
  }

  async clearFilter(): Promise<void> {
    await this.#filterBy([], this.mode);
  }

  async setOnConversation(id: ConversationId, labelId: LabelId, on: boolean): Promise<boolean> {
    try {
      const row = await this.#backend.setConversationLabel(id, labelId, on);
      applyRow(this.#inbox, row, this.#team.me?.id ?? null);
      this.error = null;
      void this.load();
      return true;
    } catch (error) {
      this.error = commandErrorText(error);
      return false;
    }
  }

  add(name: string, color: LabelColor | null): Promise<string | null> {
    return this.#change(() => this.#backend.addLabel(name, color));
  }

  update(id: LabelId, name: string, color: LabelColor): Promise<string | null> {
    return this.#change(() => this.#backend.updateLabel(id, name, color));
  }

  /// Deletes a label everywhere; the shell then reloads the window's data.
  remove(id: LabelId): Promise<string | null> {
    return this.#change(() => this.#backend.deleteLabel(id));
  }

  /// Moves a label one place up (`-1`) or down (`1`).
  move(id: LabelId, by: -1 | 1): Promise<string | null> {
    const order = this.list.map((l) => l.id);
    const from = order.indexOf(id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= order.length) return Promise.resolve(null);
    [order[from], order[to]] = [order[to]!, order[from]!];
    return this.#change(async () => {
      this.list = await this.#backend.reorderLabels(order);
    });
  }

  async #change(action: () => Promise<unknown>): Promise<string | null> {
    try {
      await action();
      await this.load();
      return null;
    } catch (error) {
      return commandErrorText(error);
    }
  }

  async #filterBy(labels: LabelId[], mode: LabelMatch): Promise<void> {
    this.#inbox.filter = { ...this.#inbox.filter, labels: { labels, mode } };
    await this.#inbox.reload();
  }

  /// A deleted label cannot filter the list any more.
  #dropMissingFromFilter(): void {
    const kept = this.selected.filter((id) => this.list.some((l) => l.id === id));
    if (kept.length !== this.selected.length) void this.#filterBy(kept, this.mode);
  }
}
