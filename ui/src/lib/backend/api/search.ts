// Finding things: the search palette, and opening a thread at a result.

import type {
  ConversationId,
  MessageCursor,
  MessageId,
  NewerMessages,
  SearchResults,
  ThreadAroundPage,
} from '../../ipc/bindings';

export interface SearchBackend {
  /// Contacts and messages matching what was typed (plain words; the last also as the
  /// start of a word), at most `limit` of each, best first. Highlight ranges count
  /// UTF-16 code units, so `text.slice(start, end)` is the match.
  search(query: string, limit: number): Promise<SearchResults>;
  /// The thread around one message: up to `before` messages before it, `after` after.
  getThreadAround(messageId: MessageId, before: number, after: number): Promise<ThreadAroundPage>;
  /// Up to `limit` messages strictly after `after` (the newest one shown).
  getThreadNewer(conversationId: ConversationId, after: MessageCursor, limit: number): Promise<NewerMessages>;
}
