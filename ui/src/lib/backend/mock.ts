// An in-memory backend: the UI's tests drive it, and `npm run dev` in a plain browser uses
// it with a few seeded conversations. It behaves like the shell where the UI can tell:
// events come conversation row first, then message; sends outside the window are refused.

import type {
  AccountInput,
  CommandError,
  ConversationCursor,
  ConversationId,
  ConversationPage,
  ConversationSummary,
  DeliveryStatus,
  InboxEvent,
  Message,
  MessageCursor,
  SendFailure,
  ServiceWindow,
  SettingsView,
  ThreadPage,
} from '../ipc/bindings';
import { BackendError, type Backend, type Unlisten } from './types';

const DAY = 24 * 60 * 60 * 1000;

export interface Notified {
  conversationId: ConversationId;
  title: string;
  body: string;
}

export class MockBackend implements Backend {
  now: () => number;
  focused = true;
  readonly notifications: Notified[] = [];
  readonly opened: ConversationId[] = [];
  settingsView: SettingsView;
  /// The next command fails with this error.
  failNext: CommandError | null = null;

  #conversations = new Map<ConversationId, ConversationSummary>();
  #messages = new Map<ConversationId, Message[]>();
  #inboxHandlers = new Set<(event: InboxEvent) => void>();
  #openHandlers = new Set<(id: ConversationId) => void>();
  #nextId = 1;

  constructor(now: () => number = Date.now) {
    this.now = now;
    this.settingsView = {
      mode: 'demo',
      account: null,
      secrets: { accessToken: false, appSecret: false, verifyToken: false, keyringError: null },
      webhookUrl: 'http://127.0.0.1:8787/webhook',
      connection: {
        state: 'connected',
        number: {
          displayPhoneNumber: '+1 555-010-0100',
          verifiedName: 'Parley Demo Shop',
          qualityRating: 'GREEN',
          status: 'CONNECTED',
          messagingLimitTier: 'TIER_1K',
          checkedAt: now(),
        },
      },
      problem: null,
      defaultGraphVersion: 'v26.0',
      defaultApiBaseUrl: 'https://graph.facebook.com',
    };
  }

  #check(): void {
    const error = this.failNext;
    if (error) {
      this.failNext = null;
      throw new BackendError(error);
    }
  }

  emit(event: InboxEvent): void {
    for (const handler of this.#inboxHandlers) handler(event);
  }

  /// A customer writes: a new conversation or a new message in theirs.
  customerWrites(waId: string, name: string | null, text: string, at = this.now()): Message {
    let conversation = [...this.#conversations.values()].find((c) => c.contact.waId === waId);
    if (!conversation) {
      const id = this.#nextId++;
      conversation = {
        id,
        contact: { id, waId, profileName: name },
        lastMessage: null,
        lastActivityAt: at,
        lastInboundAt: null,
        unreadCount: 0,
      };
    }
    const message: Message = {
      id: this.#nextId++,
      conversationId: conversation.id,
      wamid: `wamid.mock${this.#nextId}`,
      direction: 'inbound',
      kind: 'text',
      text,
      status: null,
      failure: null,
      timestamp: at,
    };
    this.#messages.set(conversation.id, [...(this.#messages.get(conversation.id) ?? []), message]);
    const row: ConversationSummary = {
      ...conversation,
      lastMessage: { direction: 'inbound', kind: 'text', preview: text, status: null, timestamp: at },
      lastActivityAt: Math.max(conversation.lastActivityAt, at),
      lastInboundAt: Math.max(conversation.lastInboundAt ?? 0, at),
      unreadCount: conversation.unreadCount + 1,
    };
    this.#conversations.set(row.id, row);
    this.emit({ kind: 'conversationChanged', conversation: row });
    this.emit({ kind: 'messageAdded', message });
    return message;
  }

  /// Moves an outbound message to `status`, as a status webhook would.
  setStatus(messageId: number, status: DeliveryStatus, failure: SendFailure | null = null): Message {
    for (const [conversationId, list] of this.#messages) {
      const index = list.findIndex((m) => m.id === messageId);
      const current = list[index];
      if (index < 0 || !current) continue;
      const updated: Message = { ...current, status, failure: failure ?? current.failure };
      list[index] = updated;
      const row = this.#conversations.get(conversationId);
      if (row?.lastMessage && row.lastMessage.timestamp === updated.timestamp) {
        const next = { ...row, lastMessage: { ...row.lastMessage, status } };
        this.#conversations.set(conversationId, next);
        this.emit({ kind: 'conversationChanged', conversation: next });
      }
      this.emit({ kind: 'messageUpdated', message: updated });
      return updated;
    }
    throw new Error(`no message ${messageId}`);
  }

  clickNotification(id: ConversationId): void {
    for (const handler of this.#openHandlers) handler(id);
  }

  windowOf(conversation: ConversationSummary): ServiceWindow {
    if (conversation.lastInboundAt === null) return { state: 'neverOpened' };
    const closesAt = conversation.lastInboundAt + DAY;
    const remainingMs = closesAt - this.now();
    return remainingMs > 0
      ? { state: 'open', closesAt, remainingMs: Math.min(remainingMs, DAY) }
      : { state: 'closed', closedAt: closesAt };
  }

  #conversation(id: ConversationId): ConversationSummary {
    const row = this.#conversations.get(id);
    if (!row) throw new BackendError({ code: 'notFound', message: 'conversation not found' });
    return row;
  }

  async listConversations(after: ConversationCursor | null, limit: number): Promise<ConversationPage> {
    this.#check();
    const sorted = [...this.#conversations.values()].sort(
      (a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id,
    );
    const start = after
      ? sorted.findIndex(
          (c) => c.lastActivityAt < after.lastActivityAt || (c.lastActivityAt === after.lastActivityAt && c.id < after.id),
        )
      : 0;
    const rest = start < 0 ? [] : sorted.slice(start);
    return { conversations: rest.slice(0, limit), hasMore: rest.length > limit };
  }

  async getThread(id: ConversationId, before: MessageCursor | null, limit: number): Promise<ThreadPage> {
    this.#check();
    const conversation = this.#conversation(id);
    const all = this.#messages.get(id) ?? [];
    const older = before
      ? all.filter((m) => m.timestamp < before.timestamp || (m.timestamp === before.timestamp && m.id < before.id))
      : all;
    return {
      conversation,
      window: this.windowOf(conversation),
      messages: older.slice(-limit),
      hasOlder: older.length > limit,
    };
  }

  async openConversation(id: ConversationId): Promise<ConversationSummary> {
    this.#check();
    this.opened.push(id);
    const row = { ...this.#conversation(id), unreadCount: 0 };
    this.#conversations.set(id, row);
    this.emit({ kind: 'conversationChanged', conversation: row });
    return row;
  }

  async serviceWindow(id: ConversationId): Promise<ServiceWindow> {
    this.#check();
    return this.windowOf(this.#conversation(id));
  }

  async sendText(id: ConversationId, text: string): Promise<Message> {
    this.#check();
    const conversation = this.#conversation(id);
    if (this.windowOf(conversation).state !== 'open') {
      throw new BackendError({ code: 'windowClosed', message: 'the 24-hour window is closed' });
    }
    if (!text.trim()) throw new BackendError({ code: 'emptyMessage', message: 'the message is empty' });
    const at = this.now();
    const message: Message = {
      id: this.#nextId++,
      conversationId: id,
      wamid: null,
      direction: 'outbound',
      kind: 'text',
      text,
      status: 'pending',
      failure: null,
      timestamp: at,
    };
    this.#messages.set(id, [...(this.#messages.get(id) ?? []), message]);
    const row: ConversationSummary = {
      ...conversation,
      lastMessage: { direction: 'outbound', kind: 'text', preview: text, status: 'pending', timestamp: at },
      lastActivityAt: at,
      unreadCount: 0,
    };
    this.#conversations.set(id, row);
    this.emit({ kind: 'conversationChanged', conversation: row });
    this.emit({ kind: 'messageAdded', message });
    return message;
  }

  async getSettings(): Promise<SettingsView> {
    this.#check();
    return this.settingsView;
  }

  async saveAccount(input: AccountInput): Promise<SettingsView> {
    this.#check();
    if (!/^\d+$/.test(input.phoneNumberId.trim())) {
      throw new BackendError({ code: 'invalidSettings', message: 'the phone number id must be numeric' });
    }
    this.settingsView = {
      ...this.settingsView,
      mode: 'live',
      account: {
        phoneNumberId: input.phoneNumberId.trim(),
        wabaId: input.wabaId.trim(),
        graphVersion: input.graphVersion,
        apiBaseUrl: input.apiBaseUrl,
      },
      secrets: {
        accessToken: this.settingsView.secrets.accessToken || Boolean(input.accessToken),
        appSecret: this.settingsView.secrets.appSecret || Boolean(input.appSecret),
        verifyToken: this.settingsView.secrets.verifyToken || Boolean(input.verifyToken),
        keyringError: null,
      },
      connection: { state: 'checking' },
    };
    return this.settingsView;
  }

  async notifyNewMessage(conversationId: ConversationId, title: string, body: string): Promise<void> {
    this.notifications.push({ conversationId, title, body });
  }

  async isWindowFocused(): Promise<boolean> {
    return this.focused;
  }

  async onInboxEvent(handler: (event: InboxEvent) => void): Promise<Unlisten> {
    this.#inboxHandlers.add(handler);
    return () => this.#inboxHandlers.delete(handler);
  }

  async onOpenConversation(handler: (id: ConversationId) => void): Promise<Unlisten> {
    this.#openHandlers.add(handler);
    return () => this.#openHandlers.delete(handler);
  }
}

/// A backend with a few customers and replies that progress, for working on the UI in a
/// browser without the desktop shell.
export function demoBackend(): MockBackend {
  const backend = new MockBackend();
  const hour = 60 * 60 * 1000;
  backend.customerWrites('447700900123', 'Sam Carter', 'Thanks for the quick delivery!', Date.now() - 27 * hour);
  backend.customerWrites('972541112233', 'נועה כהן', 'היי, ההזמנה שלי הגיעה? 📦', Date.now() - 23 * hour);
  backend.customerWrites('972501234567', 'Dana Levi', 'Hi! Do you still have the blue sneakers in size 38?');
  const send = backend.sendText.bind(backend);
  backend.sendText = async (id, text) => {
    const message = await send(id, text);
    const steps: DeliveryStatus[] = ['accepted', 'sent', 'delivered', 'read'];
    steps.forEach((status, i) => setTimeout(() => backend.setStatus(message.id, status), 400 * (i + 1)));
    return message;
  };
  return backend;
}
