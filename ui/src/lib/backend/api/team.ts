// The people at the desk (profiles, switching, PINs) and what they do to conversations:
// assign, set a status, write private notes; and how many conversations each view holds.

import type {
  Agent,
  AgentId,
  AgentInput,
  ConversationId,
  ConversationStatus,
  ConversationSummary,
  Desk,
  Note,
  NoteId,
  Role,
  ViewCounts,
} from '../../ipc/bindings';

export interface TeamBackend {
  /// Who is at the desk (`agent: null`: locked) and every profile.
  desk(): Promise<Desk>;
  /// Switches to a profile once `secret` matches its PIN (anything opens one without).
  /// The shell then asks the window to reload (an `InboxEvent` `reload`).
  unlockDesk(agentId: AgentId, secret: string): Promise<Desk>;
  /// Nobody at the desk; the window reloads.
  lockDesk(): Promise<Desk>;
  addAgent(input: AgentInput): Promise<Agent>;
  /// Renames a profile or changes its role.
  updateAgent(agentId: AgentId, name: string, role: Role): Promise<Agent>;
  /// Sets, or with `null` removes, a profile's PIN or password.
  setAgentSecret(agentId: AgentId, secret: string | null): Promise<void>;
  deleteAgent(agentId: AgentId): Promise<void>;
  /// Gives a conversation to someone, or (`null`) to nobody.
  assignConversation(id: ConversationId, agentId: AgentId | null): Promise<ConversationSummary>;
  setConversationStatus(id: ConversationId, status: ConversationStatus): Promise<ConversationSummary>;
  addNote(id: ConversationId, text: string): Promise<Note>;
  editNote(noteId: NoteId, text: string): Promise<Note>;
  deleteNote(noteId: NoteId): Promise<void>;
  /// How many conversations each view holds for the agent at the desk.
  viewCounts(): Promise<ViewCounts>;
}
