// The in-memory store every domain of the mock shares: conversations and their messages,
// the event stream, the settings and preferences more than one domain reads, the files on
// the mock's "disk", and the helpers tests and the demo use to drive it (a customer
// writes, a status arrives...). Each domain module (`./inbox.ts`, `./tunnel.ts`, ...)
// extends this class with its own commands and state; `../mock.ts` composes them.

import type {
  Agent,
  CommandError,
  ConversationId,
  ConversationSummary,
  DeliveryStatus,
  InboxEvent,
  Message,
  MessageContent,
  MessageId,
  Preferences,
  SendFailure,
  SentBy,
  ServiceWindow,
  SettingsView,
} from '../../ipc/bindings';
import { DEFAULT_PREFERENCES } from '../../settings/preferences';
import { apiType, contentText } from '../content';
import { BackendError, type EventsBackend, type Unlisten } from '../types';

const DAY = 24 * 60 * 60 * 1000;
const PREVIEW_CHARS = 120;

/// A file the mock's "disk" holds, for attachments.
export interface MockFile {
  size: number;
  mimeType: string;
  /// What `mediaUrl` answers for it (a data URL in the browser demo).
  url?: string;
}

/// Message fields a test may set when adding a message.
export type MessageExtras = Partial<
  Pick<Message, 'context' | 'quoted' | 'referral' | 'reactions' | 'media' | 'editedAt' | 'revokedAt' | 'status' | 'failure' | 'wamid' | 'sentBy'>
>;

/// What a domain module extends: `export function labelsMock<B extends MockBase>(Base: B)
/// { return class LabelsMock extends Base implements LabelsBackend { ... } }` (TypeScript's
/// mixin pattern, which needs the `any[]`).
export type MockBase = new (...args: any[]) => MockCore;

export function preview(text: string | null): string | null {
  if (text === null) return null;
  const chars = Array.from(text.replace(/[\u0000-\u001f]/g, ' '));
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : chars.join('');
}

export function refuse(code: CommandError['code'], message: string): never {
  throw new BackendError({ code, message });
}

export class MockCore implements EventsBackend {
  now: () => number;
  /// Commands the UI called, for tests to check. Each domain module declares and starts
  /// its own entries (`declare readonly calls: TunnelCalls` and `Object.assign` in its
  /// constructor), so `MockBackend['calls']` has them all.
  readonly calls = {};
  settingsView: SettingsView;
  preferences: Required<Preferences> = { ...DEFAULT_PREFERENCES };
  readonly files = new Map<string, MockFile>();
  /// The next command fails with this error.
  failNext: CommandError | null = null;

  protected readonly conversations = new Map<ConversationId, ConversationSummary>();
  protected readonly messages = new Map<ConversationId, Message[]>();
  #inboxHandlers = new Set<(event: InboxEvent) => void>();
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

  /// Throws `failNext`, once; every command but the fire-and-forget ones starts with it.
  protected check(): void {
    const error = this.failNext;
    if (error) {
      this.failNext = null;
      throw new BackendError(error);
    }
  }

  /// A fresh id for a conversation or a message.
  protected nextId(): number {
    return this.#nextId++;
  }

  emit(event: InboxEvent): void {
    for (const handler of this.#inboxHandlers) handler(event);
  }

  async onInboxEvent(handler: (event: InboxEvent) => void): Promise<Unlisten> {
    this.#inboxHandlers.add(handler);
    return () => this.#inboxHandlers.delete(handler);
  }

  // --- Driving the mock from tests ---------------------------------------------------

  /// A customer writes: a new conversation or a new message in theirs.
  customerWrites(waId: string, name: string | null, text: string, at = this.now()): Message {
    return this.customerSends(waId, name, { type: 'text', body: text }, {}, at);
  }

  /// A customer sends any kind of message. Media starts as not downloaded yet.
  customerSends(
    waId: string,
    name: string | null,
    content: MessageContent,
    extras: MessageExtras = {},
    at = this.now(),
  ): Message {
    const existing = [...this.conversations.values()].find((c) => c.contact.waId === waId);
    const id = existing?.id ?? this.nextId();
    const conversation: ConversationSummary = existing ?? {
      id,
      contact: {
        id,
        waId,
        profileName: name,
        savedName: null,
        displayName: name ?? `+${waId}`,
        marketingOptOut: false,
        blocked: false,
      },
      lastMessage: null,
      lastActivityAt: at,
      lastInboundAt: null,
      unreadCount: 0,
      status: 'open',
      assignee: null,
      labelIds: [],
    };
    const messageId = this.nextId();
    const message = this.newMessage(conversation.id, 'inbound', content, {
      wamid: `wamid.mock${messageId}`,
      media: content.type === 'media' ? { state: 'pending' } : null,
      ...extras,
    }, at, messageId);
    this.messages.set(conversation.id, [...(this.messages.get(conversation.id) ?? []), message]);
    const opens = content.type !== 'system';
    const row: ConversationSummary = {
      ...conversation,
      lastMessage: { direction: 'inbound', kind: message.kind, preview: preview(message.text), status: null, timestamp: at },
      lastActivityAt: Math.max(conversation.lastActivityAt, at),
      lastInboundAt: opens ? Math.max(conversation.lastInboundAt ?? 0, at) : conversation.lastInboundAt,
      unreadCount: conversation.unreadCount + 1,
      // A customer writing needs the business again (`after_customer_writes`).
      status: opens ? 'open' : conversation.status,
    };
    this.conversations.set(row.id, row);
    this.emit({ kind: 'conversationChanged', conversation: row });
    this.emit({ kind: 'messageAdded', message });
    return message;
  }

  /// A message the business sent some other way (an automation, another agent): no
  /// window check, as it is already in the store.
  businessSent(conversationId: ConversationId, content: MessageContent, extras: MessageExtras = {}, at = this.now()): Message {
    const conversation = this.conversation(conversationId);
    const id = this.nextId();
    const message = this.newMessage(conversationId, 'outbound', content, { wamid: `wamid.out${id}`, status: 'sent', ...extras }, at, id);
    this.messages.set(conversationId, [...(this.messages.get(conversationId) ?? []), message]);
    const row: ConversationSummary = {
      ...conversation,
      lastMessage: { direction: 'outbound', kind: message.kind, preview: preview(message.text), status: message.status, timestamp: at },
      lastActivityAt: Math.max(conversation.lastActivityAt, at),
    };
    this.conversations.set(row.id, row);
    this.emit({ kind: 'conversationChanged', conversation: row });
    this.emit({ kind: 'messageAdded', message });
    return message;
  }

  /// Changes a stored message and announces it, as the shell does for reactions, edits,
  /// deletions and downloads.
  updateMessage(messageId: MessageId, change: (message: Message) => Message): Message {
    for (const list of this.messages.values()) {
      const index = list.findIndex((m) => m.id === messageId);
      const current = list[index];
      if (index < 0 || !current) continue;
      const updated = change(current);
      list[index] = updated;
      this.emit({ kind: 'messageUpdated', message: updated });
      return updated;
    }
    throw new Error(`no message ${messageId}`);
  }

  customerReacts(messageId: MessageId, emoji: string | null): Message {
    return this.updateMessage(messageId, (m) => ({
      ...m,
      reactions: [...m.reactions.filter((r) => r.by !== 'inbound'), ...(emoji ? [{ emoji, by: 'inbound' as const }] : [])],
    }));
  }

  customerEdits(messageId: MessageId, body: string, at = this.now()): Message {
    return this.updateMessage(messageId, (m) => ({ ...m, content: { type: 'text', body }, text: body, editedAt: at }));
  }

  customerDeletes(messageId: MessageId, at = this.now()): Message {
    return this.updateMessage(messageId, (m) => ({ ...m, revokedAt: at }));
  }

  /// Moves an outbound message to `status`, as a status webhook would.
  setStatus(messageId: number, status: DeliveryStatus, failure: SendFailure | null = null): Message {
    for (const [conversationId, list] of this.messages) {
      const index = list.findIndex((m) => m.id === messageId);
      const current = list[index];
      if (index < 0 || !current) continue;
      const updated: Message = {
        ...current,
        status,
        failure: failure ?? current.failure,
        // The Cloud API's answer carries the wamid.
        wamid: current.wamid ?? (status === 'pending' ? null : `wamid.out${messageId}`),
      };
      list[index] = updated;
      const row = this.conversations.get(conversationId);
      if (row?.lastMessage && row.lastMessage.timestamp === updated.timestamp) {
        const next = { ...row, lastMessage: { ...row.lastMessage, status } };
        this.conversations.set(conversationId, next);
        this.emit({ kind: 'conversationChanged', conversation: next });
      }
      this.emit({ kind: 'messageUpdated', message: updated });
      return updated;
    }
    throw new Error(`no message ${messageId}`);
  }

  /// Changes a conversation's contact (its marketing preference, say) and announces it.
  updateContact(id: ConversationId, change: Partial<ConversationSummary['contact']>): ConversationSummary {
    const row = this.conversation(id);
    const next = { ...row, contact: { ...row.contact, ...change } };
    this.conversations.set(id, next);
    this.emit({ kind: 'conversationChanged', conversation: next });
    return next;
  }

  windowOf(conversation: ConversationSummary): ServiceWindow {
    if (conversation.lastInboundAt === null) return { state: 'neverOpened' };
    const closesAt = conversation.lastInboundAt + DAY;
    const remainingMs = closesAt - this.now();
    return remainingMs > 0
      ? { state: 'open', closesAt, remainingMs: Math.min(remainingMs, DAY) }
      : { state: 'closed', closedAt: closesAt };
  }

  /// A stored message, for tests.
  message(id: MessageId): Message {
    for (const list of this.messages.values()) {
      const found = list.find((m) => m.id === id);
      if (found) return found;
    }
    refuse('notFound', 'message not found');
  }

  protected newMessage(
    conversationId: ConversationId,
    direction: Message['direction'],
    content: MessageContent,
    extras: MessageExtras,
    at: number,
    id: MessageId,
  ): Message {
    return {
      id,
      conversationId,
      wamid: null,
      direction,
      kind: apiType(content),
      text: contentText(content),
      content,
      context: null,
      quoted: null,
      referral: null,
      reactions: [],
      status: direction === 'outbound' ? 'pending' : null,
      failure: null,
      timestamp: at,
      editedAt: null,
      revokedAt: null,
      media: null,
      sentBy: direction === 'outbound' ? this.deskSentBy() : null,
      ...extras,
    };
  }

  /// Who is at the desk (`null`: locked): the team module keeps the profiles and says
  /// who; every module that acts "as the agent" (sending, expanding, saving) asks here.
  deskAgent(): Agent | null {
    return { id: 1, name: 'Owner', role: 'owner', hasSecret: false };
  }

  /// Who an outbound message is recorded as sent by.
  protected deskSentBy(): SentBy | null {
    const agent = this.deskAgent();
    return agent ? { by: 'agent', id: agent.id, name: agent.name } : null;
  }

  protected conversation(id: ConversationId): ConversationSummary {
    const row = this.conversations.get(id);
    if (!row) refuse('notFound', 'conversation not found');
    return row;
  }
}
