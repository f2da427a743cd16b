// Auto-replies: the away message, the greeting, keyword replies and opt-out keywords.

import type { AutoReplySettings, AwayStatus, MessageId, RecordedDecision } from '../../ipc/bindings';

export interface AutoRepliesBackend {
  /// The saved settings; the defaults (everything off but opt-out) when none were saved.
  getAutoReplies(): Promise<AutoReplySettings>;
  /// Validates and saves (owners and managers only); answers them as saved, normalised.
  saveAutoReplies(settings: AutoReplySettings): Promise<AutoReplySettings>;
  /// What the away message does now for `settings` (a preview) or the saved ones (`null`).
  autoReplyStatus(settings: AutoReplySettings | null): Promise<AwayStatus>;
  /// Every IANA time zone name the schedule accepts, sorted.
  autoReplyTimeZones(): Promise<string[]>;
  /// Why a customer's message did or did not get an auto-reply; `null`: not decided.
  autoReplyDecision(messageId: MessageId): Promise<RecordedDecision | null>;
}
