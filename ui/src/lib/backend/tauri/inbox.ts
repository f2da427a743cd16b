import { commands } from '../../ipc/bindings';
import type { InboxBackend } from '../types';
import { done, unwrap } from './answer';

export const inboxAdapter: InboxBackend = {
  listConversations: (filter, after, limit) => unwrap(commands.listConversations(filter, after, limit)),
  getThread: (id, before, limit) => unwrap(commands.getThread(id, before, limit)),
  openConversation: (id) => unwrap(commands.openConversation(id)),
  serviceWindow: (id) => unwrap(commands.serviceWindow(id)),
  sendText: (id, text) => unwrap(commands.sendText(id, text)),
  sendMessage: (id, outgoing, replyTo) => unwrap(commands.sendMessage(id, outgoing, replyTo)),
  sendAgain: (messageId) => unwrap(commands.sendAgain(messageId)),
  typing: (id) => done(commands.typing(id)),
};
