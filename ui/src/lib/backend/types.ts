// What the UI needs from the desktop shell. `tauri.ts` implements it over IPC; `mock.ts`
// implements it in memory for tests and for running the UI in a plain browser.

import type {
  AccountEvent,
  AccountInput,
  CommandError,
  ConversationCursor,
  ConversationId,
  ConversationPage,
  ConversationSummary,
  InboxEvent,
  Message,
  MessageCursor,
  MessageId,
  Outgoing,
  Preferences,
  ServiceWindow,
  SettingsView,
  SyncStatus,
  TemplateView,
  ThreadPage,
  TunnelInput,
  TunnelView,
} from '../ipc/bindings';

export type Unlisten = () => void;

export interface Backend {
  listConversations(after: ConversationCursor | null, limit: number): Promise<ConversationPage>;
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
  retryMedia(messageId: MessageId): Promise<void>;
  openMedia(messageId: MessageId): Promise<void>;
  openLocation(messageId: MessageId): Promise<void>;
  openReferral(messageId: MessageId): Promise<void>;
  /// Asks the user for a file to attach; `null` when they cancel.
  chooseFile(): Promise<string | null>;
  /// A URL the webview can load for a local media file.
  mediaUrl(path: string): string;
  accountEvents(limit: number): Promise<AccountEvent[]>;
  templates(): Promise<TemplateView[]>;
  syncStatus(): Promise<SyncStatus[]>;
  syncNow(): Promise<SyncStatus[]>;
  getPreferences(): Promise<Preferences>;
  setPreferences(preferences: Preferences): Promise<Preferences>;
  getSettings(): Promise<SettingsView>;
  saveAccount(input: AccountInput): Promise<SettingsView>;
  getTunnel(): Promise<TunnelView>;
  saveTunnel(input: TunnelInput): Promise<TunnelView>;
  startTunnel(): Promise<TunnelView>;
  stopTunnel(): Promise<TunnelView>;
  notifyNewMessage(id: ConversationId, title: string, body: string): Promise<void>;
  /// Whether the Parley window has the user's focus (notifications are for when not).
  isWindowFocused(): Promise<boolean>;
  onInboxEvent(handler: (event: InboxEvent) => void): Promise<Unlisten>;
  /// A notification was clicked.
  onOpenConversation(handler: (id: ConversationId) => void): Promise<Unlisten>;
}

/// A failed command, with the shell's stable error code.
export class BackendError extends Error {
  readonly code: CommandError['code'];

  constructor(error: CommandError) {
    super(error.message);
    this.name = 'BackendError';
    this.code = error.code;
  }
}
