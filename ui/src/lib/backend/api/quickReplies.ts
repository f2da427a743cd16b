// Quick replies: saved answers the agent drops into the composer with `/shortcut`, and
// moving them in and out as CSV.

import type {
  ConversationId,
  Expansion,
  ImportReport,
  QuickReply,
  QuickReplyId,
  QuickReplyInput,
} from '../../ipc/bindings';

export interface QuickRepliesBackend {
  /// Every quick reply, by shortcut.
  quickReplies(): Promise<QuickReply[]>;
  /// Saves a new one (`id` `null`) or changes one; refused when the shortcut is taken.
  saveQuickReply(id: QuickReplyId | null, input: QuickReplyInput): Promise<QuickReply>;
  deleteQuickReply(id: QuickReplyId): Promise<void>;
  /// The text with its `{{variables}}` filled for this conversation and the agent at the desk.
  expandQuickReply(id: QuickReplyId, conversationId: ConversationId): Promise<Expansion>;
  /// Asks for a CSV file and imports it; `null` when the user cancels.
  importQuickReplies(): Promise<ImportReport | null>;
  /// Asks where to save and writes them all as CSV: how many, or `null` when cancelled.
  exportQuickReplies(): Promise<number | null>;
}
