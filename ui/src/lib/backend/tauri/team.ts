import { commands } from '../../ipc/bindings';
import type { TeamBackend } from '../types';
import { done, unwrap } from './answer';

export const teamAdapter: TeamBackend = {
  desk: () => unwrap(commands.desk()),
  unlockDesk: (agentId, secret) => unwrap(commands.unlockDesk(agentId, secret)),
  lockDesk: () => unwrap(commands.lockDesk()),
  addAgent: (input) => unwrap(commands.addAgent(input)),
  updateAgent: (agentId, name, role) => unwrap(commands.updateAgent(agentId, name, role)),
  setAgentSecret: (agentId, secret) => done(commands.setAgentSecret(agentId, secret)),
  deleteAgent: (agentId) => done(commands.deleteAgent(agentId)),
  assignConversation: (id, agentId) => unwrap(commands.assignConversation(id, agentId)),
  setConversationStatus: (id, status) => unwrap(commands.setConversationStatus(id, status)),
  addNote: (id, text) => unwrap(commands.addNote(id, text)),
  editNote: (noteId, text) => unwrap(commands.editNote(noteId, text)),
  deleteNote: (noteId) => done(commands.deleteNote(noteId)),
  viewCounts: () => unwrap(commands.viewCounts()),
};
