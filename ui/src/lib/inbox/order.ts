// Keeping lists in the order the store keeps them, as events update single rows.

import type { ConversationSummary, Message } from '../ipc/bindings';

/// Newest activity first; ties by id, like the store's index.
export function compareConversations(a: ConversationSummary, b: ConversationSummary): number {
  return b.lastActivityAt - a.lastActivityAt || b.id - a.id;
}

/// Replaces the row with the same id (or adds it) and keeps the list ordered.
export function upsertConversation(
  list: ConversationSummary[],
  row: ConversationSummary,
): ConversationSummary[] {
  const next = list.filter((c) => c.id !== row.id);
  next.push(row);
  return next.sort(compareConversations);
}

/// Oldest first, as threads read.
export function compareMessages(a: Message, b: Message): number {
  return a.timestamp - b.timestamp || a.id - b.id;
}

/// Replaces the message with the same id (or adds it) and keeps the thread ordered.
export function upsertMessage(list: Message[], message: Message): Message[] {
  const index = list.findIndex((m) => m.id === message.id);
  if (index >= 0) {
    const next = list.slice();
    next[index] = message;
    return next;
  }
  return [...list, message].sort(compareMessages);
}

/// The name to show for a contact: their WhatsApp profile name, else their number.
export function contactName(conversation: Pick<ConversationSummary, 'contact'>): string {
  // The shell already chose: the saved name, else the WhatsApp profile's, else the number.
  return conversation.contact.displayName.trim() || `+${conversation.contact.waId}`;
}
