// What the UI needs from the desktop shell. `tauri.ts` implements it over IPC; `mock.ts`
// implements it in memory for tests and for running the UI in a plain browser.

import type {
  AccountInput,
  CommandError,
  ConversationCursor,
  ConversationId,
  ConversationPage,
  ConversationSummary,
  InboxEvent,
  Message,
  MessageCursor,
  ServiceWindow,
  SettingsView,
  ThreadPage,
} from '../ipc/bindings';

export type Unlisten = () => void;

export interface Backend {
  listConversations(after: ConversationCursor | null, limit: number): Promise<ConversationPage>;
  getThread(id: ConversationId, before: MessageCursor | null, limit: number): Promise<ThreadPage>;
  /// The agent opened the conversation: it is read.
  openConversation(id: ConversationId): Promise<ConversationSummary>;
  serviceWindow(id: ConversationId): Promise<ServiceWindow>;
  sendText(id: ConversationId, text: string): Promise<Message>;
  getSettings(): Promise<SettingsView>;
  saveAccount(input: AccountInput): Promise<SettingsView>;
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
