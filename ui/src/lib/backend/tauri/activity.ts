import { commands } from '../../ipc/bindings';
import type { ActivityBackend } from '../types';
import { unwrap } from './answer';

export const activityAdapter: ActivityBackend = {
  accountEvents: (limit) => unwrap(commands.accountEvents(limit)),
  templates: () => unwrap(commands.templates()),
  syncStatus: () => unwrap(commands.syncStatus()),
  syncNow: () => unwrap(commands.syncNow()),
};
