// Triage: the list's views and their counts, who handles a conversation and where it
// stands, and the team's private notes. Keyboard shortcuts call `assignToMe`, `setStatus`
// and open the label menu with `labelMenuOpen`.

import type {
  AgentId,
  ConversationId,
  ConversationStatus,
  ConversationSummary,
  Note,
  View,
  ViewCounts,
} from '../ipc/bindings';
import type { EventsBackend, TeamBackend, Unlisten } from '../backend/types';
import { commandErrorText } from '../inbox/failure';
import type { Inbox } from '../inbox/inbox.svelte';
import { applyRow, passesFilter } from './rows';
import type { Team } from './team.svelte';

/// The parts of the `Backend` triage uses.
export type TriageDeps = Pick<
  TeamBackend,
  'assignConversation' | 'setConversationStatus' | 'addNote' | 'editNote' | 'deleteNote' | 'viewCounts'
> &
  EventsBackend;

export const VIEWS: readonly View[] = ['all', 'mine', 'unassigned', 'resolved'];
export const STATUSES: readonly ConversationStatus[] = ['open', 'pending', 'resolved'];

export class Triage {
  counts = $state<ViewCounts | null>(null);
  /// The open thread's label menu; a shortcut may open it.
  labelMenuOpen = $state(false);
  /// The note editor above the composer.
  noteEditorOpen = $state(false);
  /// Why the last assign or status change failed, in plain words.
  error = $state<string | null>(null);

  readonly #backend: TriageDeps;
  readonly #inbox: Inbox;
  readonly #team: Team;
  #countsInFlight: Promise<void> | null = null;
  #countsAgain = false;

  constructor(backend: TriageDeps, inbox: Inbox, team: Team) {
    this.#backend = backend;
    this.#inbox = inbox;
    this.#team = team;
    inbox.shows = (row) => passesFilter(row, inbox.filter, this.#meId());
  }

  get view(): View {
    return this.#inbox.filter.view ?? 'all';
  }

  async start(): Promise<Unlisten> {
    const stop = await this.#backend.onInboxEvent((event) => {
      switch (event.kind) {
        case 'conversationChanged':
          // The inbox moves the row (or drops it, through `inbox.shows`); counts follow.
          void this.refreshCounts();
          break;
        case 'reload':
          this.noteEditorOpen = false;
          this.labelMenuOpen = false;
          void this.refreshCounts();
          break;
        default:
          break;
      }
    });
    await this.refreshCounts();
    return stop;
  }

  /// Reads the counts again; calls while one is on its way coalesce into one more.
  refreshCounts(): Promise<void> {
    if (this.#countsInFlight) {
      this.#countsAgain = true;
      return this.#countsInFlight;
    }
    this.#countsInFlight = (async () => {
      do {
        this.#countsAgain = false;
        try {
          this.counts = await this.#backend.viewCounts();
        } catch {
          // Locked, or the shell is busy: the tabs keep their last counts.
        }
      } while (this.#countsAgain);
      this.#countsInFlight = null;
    })();
    return this.#countsInFlight;
  }

  async setView(view: View): Promise<void> {
    if (view === this.view) return;
    this.#inbox.filter = { ...this.#inbox.filter, view };
    await this.#inbox.reload();
  }

  assignToMe(id: ConversationId): Promise<boolean> {
    const me = this.#meId();
    return me === null ? Promise.resolve(false) : this.assign(id, me);
  }

  assign(id: ConversationId, agentId: AgentId | null): Promise<boolean> {
    return this.#changeRow(() => this.#backend.assignConversation(id, agentId));
  }

  /// Resolving takes the conversation out of All, Mine and Unassigned.
  setStatus(id: ConversationId, status: ConversationStatus): Promise<boolean> {
    return this.#changeRow(() => this.#backend.setConversationStatus(id, status));
  }

  dismissError(): void {
    this.error = null;
  }

  /// Adds a note to the open thread; the refusal in plain words, or `null`.
  async addNote(text: string): Promise<string | null> {
    const thread = this.#inbox.thread;
    if (!thread) return null;
    try {
      const note = await this.#backend.addNote(thread.conversation.id, text);
      this.#putNote(note);
      return null;
    } catch (error) {
      return commandErrorText(error);
    }
  }

  async editNote(note: Note, text: string): Promise<string | null> {
    try {
      this.#putNote(await this.#backend.editNote(note.id, text));
      return null;
    } catch (error) {
      return commandErrorText(error);
    }
  }

  async deleteNote(note: Note): Promise<string | null> {
    try {
      await this.#backend.deleteNote(note.id);
      const thread = this.#inbox.thread;
      if (thread) this.#inbox.thread = { ...thread, notes: thread.notes.filter((n) => n.id !== note.id) };
      return null;
    } catch (error) {
      return commandErrorText(error);
    }
  }

  /// Whether the agent at the desk may edit or delete this note (its author, an owner or
  /// a manager), as the engine decides.
  mayChangeNote(note: Note): boolean {
    const me = this.#team.me;
    if (!me) return false;
    return note.author?.id === me.id || me.role !== 'agent';
  }

  #putNote(note: Note): void {
    const thread = this.#inbox.thread;
    if (!thread || thread.conversation.id !== note.conversationId) return;
    const others = thread.notes.filter((n) => n.id !== note.id);
    const notes = [...others, note].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    this.#inbox.thread = { ...thread, notes };
  }

  #meId(): AgentId | null {
    return this.#team.me?.id ?? null;
  }

  async #changeRow(change: () => Promise<ConversationSummary>): Promise<boolean> {
    try {
      applyRow(this.#inbox, await change(), this.#meId());
      this.error = null;
      void this.refreshCounts();
      return true;
    } catch (error) {
      this.error = commandErrorText(error);
      return false;
    }
  }
}
