import { commands } from '../../ipc/bindings';
import type { AutoRepliesBackend } from '../types';
import { unwrap } from './answer';

export const autoRepliesAdapter: AutoRepliesBackend = {
  getAutoReplies: () => unwrap(commands.getAutoReplies()),
  saveAutoReplies: (settings) => unwrap(commands.saveAutoReplies(settings)),
  autoReplyStatus: (settings) => unwrap(commands.autoReplyStatus(settings)),
  autoReplyTimeZones: () => unwrap(commands.autoReplyTimeZones()),
  autoReplyDecision: (messageId) => unwrap(commands.autoReplyDecision(messageId)),
};
