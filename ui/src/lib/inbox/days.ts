// A thread as rendered: messages with a separator at each new local day.

import type { Message } from '../ipc/bindings';
import { daysBetween } from '../i18n/index.svelte';

export type ThreadItem =
  | { kind: 'day'; key: string; at: number }
  | { kind: 'message'; key: string; message: Message };

export function withDaySeparators(messages: readonly Message[]): ThreadItem[] {
  const items: ThreadItem[] = [];
  let previous: number | null = null;
  for (const message of messages) {
    if (previous === null || daysBetween(previous, message.timestamp) !== 0) {
      items.push({ kind: 'day', key: `day-${message.timestamp}-${message.id}`, at: message.timestamp });
    }
    items.push({ kind: 'message', key: `message-${message.id}`, message });
    previous = message.timestamp;
  }
  return items;
}
