// Conversations and their messages: the list, a thread, and sending.

import type {
  ConversationCursor,
  ConversationFilter,
  ConversationId,
  ConversationPage,
  ConversationSummary,
  Message,
  MessageCursor,
  MessageId,
  Outgoing,
  ServiceWindow,
  ThreadPage,
} from '../../ipc/bindings';

export interface InboxBackend {
  /// One page of the list, newest activity first, as `filter` narrows it (view, labels).
  listConversations(
    filter: ConversationFilter,
    after: ConversationCursor | null,
    limit: number,
  ): Promise<ConversationPage>;
  getThread(id: ConversationId, before: MessageCursor | null, limit: number): Promise<ThreadPage>;
  /// The agent opened the conversation: it is read.
  openConversation(id: ConversationId): Promise<ConversationSummary>;
  serviceWindow(id: ConversationId): Promise<ServiceWindow>;
  sendText(id: ConversationId, text: string): Promise<Message>;
  /// Any kind of message; `replyTo` quotes one of the thread's messages.
  sendMessage(id: ConversationId, outgoing: Outgoing, replyTo: MessageId | null): Promise<Message>;
  /// A failed or unconfirmed message, sent again as a new message.
  sendAgain(messageId: MessageId): Promise<Message>;
  /// An agent is typing in this conversation.
  typing(id: ConversationId): Promise<void>;
}
