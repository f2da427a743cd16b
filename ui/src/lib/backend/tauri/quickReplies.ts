import { commands } from '../../ipc/bindings';
import type { QuickRepliesBackend } from '../types';
import { done, unwrap } from './answer';

export const quickRepliesAdapter: QuickRepliesBackend = {
  quickReplies: () => unwrap(commands.quickReplies()),
  saveQuickReply: (id, input) => unwrap(commands.saveQuickReply(id, input)),
  deleteQuickReply: (id) => done(commands.deleteQuickReply(id)),
  expandQuickReply: (id, conversationId) => unwrap(commands.expandQuickReply(id, conversationId)),
  importQuickReplies: () => unwrap(commands.importQuickReplies()),
  exportQuickReplies: () => unwrap(commands.exportQuickReplies()),
};
