import { commands } from '../../ipc/bindings';
import type { SearchBackend } from '../types';
import { unwrap } from './answer';

export const searchAdapter: SearchBackend = {
  search: (query, limit) => unwrap(commands.search(query, limit)),
  getThreadAround: (messageId, before, after) => unwrap(commands.getThreadAround(messageId, before, after)),
  getThreadNewer: (conversationId, after, limit) => unwrap(commands.getThreadNewer(conversationId, after, limit)),
};
