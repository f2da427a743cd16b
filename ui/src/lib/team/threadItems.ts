// A thread as rendered with the team's notes: messages and notes interleaved by time, with
// a separator at each new local day (a note on a quiet day gets its own).

import type { Message, Note } from '../ipc/bindings';
import { daysBetween } from '../i18n/index.svelte';
import type { ThreadItem } from '../inbox/days';

export type ThreadItemWithNotes = ThreadItem | { kind: 'note'; key: string; note: Note };

export function withNotes(messages: readonly Message[], notes: readonly Note[]): ThreadItemWithNotes[] {
  const entries: Array<{ at: number; item: ThreadItemWithNotes }> = [
    ...messages.map((message) => ({ at: message.timestamp, item: { kind: 'message' as const, key: `message-${message.id}`, message } })),
    ...notes.map((note) => ({ at: note.createdAt, item: { kind: 'note' as const, key: `note-${note.id}`, note } })),
  ];
  // Stable: at the same instant a message comes before the note written about it.
  entries.sort((a, b) => a.at - b.at);
  const items: ThreadItemWithNotes[] = [];
  let previous: number | null = null;
  for (const { at, item } of entries) {
    if (previous === null || daysBetween(previous, at) !== 0) {
      items.push({ kind: 'day', key: `day-${at}-${item.key}`, at });
    }
    items.push(item);
    previous = at;
  }
  return items;
}
