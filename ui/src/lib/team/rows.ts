// Keeping the list true to its filter when a single row changes (assigned, resolved,
// relabeled): the row moves, appears or leaves, as a fresh page from the store would show.

import type { AgentId, ConversationFilter, ConversationSummary } from '../ipc/bindings';
import type { Inbox } from '../inbox/inbox.svelte';
import { upsertConversation } from '../inbox/order';

/// The store's rule (`View::shows`, `LabelFilter::matches`) for the agent `me`.
export function passesFilter(row: ConversationSummary, filter: ConversationFilter, me: AgentId | null): boolean {
  const view = filter.view ?? 'all';
  const resolved = row.status === 'resolved';
  const inView =
    view === 'resolved'
      ? resolved
      : !resolved &&
        (view === 'all' ||
          (view === 'mine' && me !== null && row.assignee?.id === me) ||
          (view === 'unassigned' && row.assignee === null));
  const wanted = filter.labels?.labels ?? [];
  if (!inView || wanted.length === 0) return inView;
  return (filter.labels?.mode ?? 'any') === 'all'
    ? wanted.every((id) => row.labelIds.includes(id))
    : wanted.some((id) => row.labelIds.includes(id));
}

/// Puts a changed row into the list (or takes it out) and into the open thread.
export function applyRow(inbox: Inbox, row: ConversationSummary, me: AgentId | null): void {
  inbox.conversations = passesFilter(row, inbox.filter, me)
    ? upsertConversation(inbox.conversations, row)
    : inbox.conversations.filter((c) => c.id !== row.id);
  if (inbox.thread?.conversation.id === row.id) {
    inbox.thread = { ...inbox.thread, conversation: row };
  }
}
