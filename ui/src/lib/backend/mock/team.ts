// The mock's people at the desk, assignment, status and private notes, with the engine's
// rules (crates/engine/src/agents.rs, triage.rs): who may manage profiles, only owners make
// owners, one owner always stays, PINs have 4+ characters, notes change only by their
// author or an owner or manager. Unlocking and locking emit `reload`, as the shell does.

import type {
  Agent,
  AgentId,
  AgentInput,
  ConversationCursor,
  ConversationFilter,
  ConversationId,
  ConversationPage,
  ConversationStatus,
  ConversationSummary,
  Desk,
  MessageCursor,
  Note,
  NoteId,
  Role,
  SentBy,
  ThreadPage,
  ViewCounts,
} from '../../ipc/bindings';
import type { InboxBackend, TeamBackend } from '../types';
import { refuse, type MockCore } from './core';

const MIN_SECRET_CHARS = 4;
const MAX_NAME_CHARS = 60;
const MAX_NOTE_CHARS = 10_000;

/// What the team module needs from the modules before it (the inbox's filter rule).
export type InboxBase = new (...args: any[]) => MockCore &
  InboxBackend & {
    deskAgentId: AgentId;
    passes(c: ConversationSummary, filter: ConversationFilter): boolean;
  };

export interface TeamCalls {
  unlockDesk: Array<{ agentId: AgentId; secret: string }>;
  lockDesk: number;
  addAgent: AgentInput[];
  updateAgent: Array<{ agentId: AgentId; name: string; role: Role }>;
  setAgentSecret: Array<{ agentId: AgentId; secret: string | null }>;
  deleteAgent: AgentId[];
  assignConversation: Array<{ id: ConversationId; agentId: AgentId | null }>;
  setConversationStatus: Array<{ id: ConversationId; status: ConversationStatus }>;
  addNote: Array<{ id: ConversationId; text: string }>;
  editNote: Array<{ noteId: NoteId; text: string }>;
  deleteNote: NoteId[];
}

function mayManageAgents(role: Role): boolean {
  return role === 'owner' || role === 'manager';
}

/// Managers run their team but cannot make, change or remove owners.
function mayAssignRole(by: Role, role: Role): boolean {
  return by === 'owner' || (by === 'manager' && role !== 'owner');
}

function agentName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) refuse('invalidSettings', 'a profile needs a name');
  if (Array.from(trimmed).length > MAX_NAME_CHARS) refuse('invalidSettings', `names are at most ${MAX_NAME_CHARS} characters`);
  return trimmed;
}

function checkSecret(secret: string): void {
  if (Array.from(secret).length < MIN_SECRET_CHARS) {
    refuse('invalidSettings', `a PIN or password has at least ${MIN_SECRET_CHARS} characters`);
  }
}

function noteBody(text: string): string {
  const body = text.trim();
  if (!body) refuse('invalidMessage', 'a note needs some text');
  if (Array.from(body).length > MAX_NOTE_CHARS) refuse('invalidMessage', `notes are at most ${MAX_NOTE_CHARS} characters`);
  return body;
}

export function teamMock<B extends InboxBase>(Base: B) {
  return class TeamMock extends Base implements TeamBackend {
    declare readonly calls: TeamCalls;
    /// Every profile; a new mock has one owner, at the desk, so the inbox opens as before.
    agentList: Agent[] = [{ id: 1, name: 'Owner', role: 'owner', hasSecret: false }];
    /// The PINs as typed (the engine keeps hashes; the mock only compares).
    readonly secrets = new Map<AgentId, string>();
    /// Who is at the desk; `null`: locked.
    seated: AgentId | null = 1;
    notes: Note[] = [];
    #nextAgentId = 2;
    #nextNoteId = 1;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, {
        unlockDesk: [],
        lockDesk: 0,
        addAgent: [],
        updateAgent: [],
        setAgentSecret: [],
        deleteAgent: [],
        assignConversation: [],
        setConversationStatus: [],
        addNote: [],
        editNote: [],
        deleteNote: [],
      } satisfies TeamCalls);
    }

    // --- Driving the mock from tests and the demo ----------------------------------

    /// Adds a profile without the role checks; `secret` is its PIN.
    seedAgent(name: string, role: Role, secret: string | null = null): Agent {
      const agent: Agent = { id: this.#nextAgentId++, name, role, hasSecret: secret !== null };
      this.agentList = [...this.agentList, agent];
      if (secret !== null) this.secrets.set(agent.id, secret);
      return agent;
    }

    /// Seats someone (or nobody) without a PIN, as if they had been there at the start.
    seat(agentId: AgentId | null): void {
      this.seated = agentId;
      this.deskAgentId = agentId ?? 0;
    }

    /// A note someone wrote, straight into the store.
    seedNote(conversationId: ConversationId, authorId: AgentId | null, body: string, at = this.now()): Note {
      const author = authorId === null ? null : this.#agent(authorId);
      const note: Note = {
        id: this.#nextNoteId++,
        conversationId,
        author: author && { id: author.id, name: author.name },
        body,
        createdAt: at,
        updatedAt: at,
      };
      this.notes = [...this.notes, note];
      return note;
    }

    /// The agent at the desk, or the shell's `locked` refusal.
    atDesk(): Agent {
      const agent = this.agentList.find((a) => a.id === this.seated);
      if (!agent) refuse('locked', 'choose who is at the desk first');
      return agent;
    }

    override deskAgent(): Agent | null {
      return this.agentList.find((a) => a.id === this.seated) ?? null;
    }

    // --- The desk ------------------------------------------------------------------

    async desk(): Promise<Desk> {
      this.check();
      return this.#deskView();
    }

    async unlockDesk(agentId: AgentId, secret: string): Promise<Desk> {
      this.calls.unlockDesk.push({ agentId, secret });
      this.check();
      const agent = this.#agent(agentId);
      const expected = this.secrets.get(agent.id);
      if (expected !== undefined && expected !== secret) refuse('wrongSecret', 'that PIN or password is not right');
      this.seat(agent.id);
      this.emit({ kind: 'reload' });
      return this.#deskView();
    }

    async lockDesk(): Promise<Desk> {
      this.calls.lockDesk += 1;
      this.check();
      this.seat(null);
      this.emit({ kind: 'reload' });
      return this.#deskView();
    }

    async addAgent(input: AgentInput): Promise<Agent> {
      this.calls.addAgent.push(input);
      this.check();
      const by = this.#require();
      this.#mayGive(by.role, input.role);
      const name = agentName(input.name);
      const secret = input.secret || null;
      if (secret !== null) checkSecret(secret);
      return this.seedAgent(name, input.role, secret);
    }

    async updateAgent(agentId: AgentId, name: string, role: Role): Promise<Agent> {
      this.calls.updateAgent.push({ agentId, name, role });
      this.check();
      const actor = this.atDesk();
      const trimmed = agentName(name);
      const target = this.#agent(agentId);
      if (!(actor.id === agentId && role === target.role)) {
        const by = this.#require();
        this.#mayGive(by.role, target.role);
        this.#mayGive(by.role, role);
        if (target.role === 'owner' && role !== 'owner') this.#keepAnOwner(agentId);
      }
      const updated: Agent = { ...target, name: trimmed, role };
      this.agentList = this.agentList.map((a) => (a.id === agentId ? updated : a));
      return updated;
    }

    async setAgentSecret(agentId: AgentId, secret: string | null): Promise<void> {
      this.calls.setAgentSecret.push({ agentId, secret });
      this.check();
      const actor = this.atDesk();
      const target = this.#agent(agentId);
      if (actor.id !== agentId) {
        const by = this.#require();
        this.#mayGive(by.role, target.role);
      }
      const kept = secret || null;
      if (kept !== null) checkSecret(kept);
      if (kept === null) this.secrets.delete(agentId);
      else this.secrets.set(agentId, kept);
      this.agentList = this.agentList.map((a) => (a.id === agentId ? { ...a, hasSecret: kept !== null } : a));
    }

    async deleteAgent(agentId: AgentId): Promise<void> {
      this.calls.deleteAgent.push(agentId);
      this.check();
      if (this.atDesk().id === agentId) refuse('forbidden', 'you cannot remove the profile you are using');
      const by = this.#require();
      const target = this.#agent(agentId);
      this.#mayGive(by.role, target.role);
      if (target.role === 'owner') this.#keepAnOwner(agentId);
      this.agentList = this.agentList.filter((a) => a.id !== agentId);
      this.secrets.delete(agentId);
      for (const row of this.conversations.values()) {
        if (row.assignee?.id === agentId) this.conversations.set(row.id, { ...row, assignee: null });
      }
    }

    // --- Conversations -------------------------------------------------------------

    async assignConversation(id: ConversationId, agentId: AgentId | null): Promise<ConversationSummary> {
      this.calls.assignConversation.push({ id, agentId });
      this.check();
      this.atDesk();
      const to = agentId === null ? null : this.#agent(agentId);
      return this.#change(id, { assignee: to && { id: to.id, name: to.name } });
    }

    async setConversationStatus(id: ConversationId, status: ConversationStatus): Promise<ConversationSummary> {
      this.calls.setConversationStatus.push({ id, status });
      this.check();
      this.atDesk();
      return this.#change(id, { status });
    }

    async viewCounts(): Promise<ViewCounts> {
      this.check();
      this.atDesk();
      const rows = [...this.conversations.values()];
      const count = (view: NonNullable<ConversationFilter['view']>) => rows.filter((c) => this.passes(c, { view })).length;
      return {
        all: count('all'),
        mine: count('mine'),
        unassigned: count('unassigned'),
        resolved: count('resolved'),
        unreadConversations: rows.filter((c) => c.status !== 'resolved' && c.unreadCount > 0).length,
      };
    }

    // --- Notes ---------------------------------------------------------------------

    async addNote(id: ConversationId, text: string): Promise<Note> {
      this.calls.addNote.push({ id, text });
      this.check();
      const author = this.atDesk();
      const body = noteBody(text);
      this.conversation(id);
      return this.seedNote(id, author.id, body);
    }

    async editNote(noteId: NoteId, text: string): Promise<Note> {
      this.calls.editNote.push({ noteId, text });
      this.check();
      const note = this.#mayChangeNote(noteId);
      const edited: Note = { ...note, body: noteBody(text), updatedAt: this.now() };
      this.notes = this.notes.map((n) => (n.id === noteId ? edited : n));
      return edited;
    }

    async deleteNote(noteId: NoteId): Promise<void> {
      this.calls.deleteNote.push(noteId);
      this.check();
      this.#mayChangeNote(noteId);
      this.notes = this.notes.filter((n) => n.id !== noteId);
    }

    // --- The inbox, as the shell answers it with someone (or nobody) at the desk ---

    override async listConversations(
      filter: ConversationFilter,
      after: ConversationCursor | null,
      limit: number,
    ): Promise<ConversationPage> {
      if (this.failNext === null) this.atDesk();
      return super.listConversations(filter, after, limit);
    }

    /// The page with the notes of the same stretch of time, as `get_thread` answers.
    override async getThread(id: ConversationId, before: MessageCursor | null, limit: number): Promise<ThreadPage> {
      if (this.failNext === null) this.atDesk();
      const page = await super.getThread(id, before, limit);
      const from = page.hasOlder ? page.messages[0]?.timestamp ?? null : null;
      const notes = this.notes
        .filter((n) => n.conversationId === id)
        .filter((n) => (from === null || n.createdAt >= from) && (before === null || n.createdAt < before.timestamp))
        .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
      return { ...page, notes };
    }

    #deskView(): Desk {
      const agent = this.agentList.find((a) => a.id === this.seated) ?? null;
      return { agent, agents: [...this.agentList] };
    }

    #agent(id: AgentId): Agent {
      const agent = this.agentList.find((a) => a.id === id);
      if (!agent) refuse('notFound', 'profile not found');
      return agent;
    }

    /// The agent at the desk, if their role may manage profiles.
    #require(): Agent {
      const agent = this.atDesk();
      if (!mayManageAgents(agent.role)) refuse('forbidden', 'only an owner or a manager may manage profiles');
      return agent;
    }

    #mayGive(by: Role, role: Role): void {
      if (!mayAssignRole(by, role)) refuse('forbidden', 'only an owner may make, change or remove an owner');
    }

    #keepAnOwner(leaving: AgentId): void {
      if (!this.agentList.some((a) => a.role === 'owner' && a.id !== leaving)) {
        refuse('forbidden', 'this is the only owner: make someone else an owner first');
      }
    }

    #mayChangeNote(noteId: NoteId): Note {
      const actor = this.atDesk();
      const note = this.notes.find((n) => n.id === noteId);
      if (!note) refuse('notFound', 'note not found');
      if (note.author?.id !== actor.id && actor.role === 'agent') {
        refuse('forbidden', 'only its author, an owner or a manager may change a note');
      }
      return note;
    }

    #change(id: ConversationId, change: Partial<ConversationSummary>): ConversationSummary {
      const row = { ...this.conversation(id), ...change };
      this.conversations.set(id, row);
      this.emit({ kind: 'conversationChanged', conversation: row });
      return row;
    }
  };
}
