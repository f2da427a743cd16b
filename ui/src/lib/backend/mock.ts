// An in-memory backend: the UI's tests drive it, and `npm run dev` in a plain browser uses
// it (seeded by `demo.ts`). It behaves like the shell where the UI can tell: events come
// conversation row first, then message; sends outside the window are refused; what the
// engine validates (text, locations, buttons, files, reactions) is validated here too.

import type {
  AccountEvent,
  AccountInput,
  AccountNotice,
  CommandError,
  ConversationCursor,
  ConversationId,
  ConversationPage,
  ConversationSummary,
  DeliveryStatus,
  InboxEvent,
  LocalMedia,
  Media,
  MediaKind,
  Message,
  MessageContent,
  MessageCursor,
  MessageId,
  Outgoing,
  Preferences,
  Registration,
  SendFailure,
  ServiceWindow,
  SettingsView,
  SyncStatus,
  TemplateView,
  ThreadPage,
  TunnelInput,
  TunnelKind,
  TunnelState,
  TunnelView,
} from '../ipc/bindings';
import { DEFAULT_PREFERENCES } from '../settings/preferences';
import { apiType, contentText, isControl } from './content';
import { validateInteractive } from './validate';
import { BackendError, type Backend, type Unlisten } from './types';

const DAY = 24 * 60 * 60 * 1000;
const MAX_TEXT = 4096;
const PREVIEW_CHARS = 120;


export const SYNC_NAMES = ['templates', 'numberHealth', 'statusAudit'] as const;

export interface Notified {
  conversationId: ConversationId;
  title: string;
  body: string;
}

/// A file the mock's "disk" holds, for attachments.
export interface MockFile {
  size: number;
  mimeType: string;
  /// What `mediaUrl` answers for it (a data URL in the browser demo).
  url?: string;
}

/// What `startTunnel` does next.
export type TunnelOutcome =
  | { kind: 'online'; publicUrl: string; registration: Registration | null }
  | { kind: 'refused'; error: CommandError };

/// Commands the UI called, for tests to check.
export interface Calls {
  sendMessage: Array<{ conversationId: ConversationId; outgoing: Outgoing; replyTo: MessageId | null }>;
  sendAgain: MessageId[];
  typing: ConversationId[];
  retryMedia: MessageId[];
  openMedia: MessageId[];
  openLocation: MessageId[];
  openReferral: MessageId[];
  syncNow: number;
  setPreferences: Preferences[];
  saveTunnel: TunnelInput[];
  startTunnel: number;
  stopTunnel: number;
}

/// Message fields a test may set when adding a message.
export type MessageExtras = Partial<
  Pick<Message, 'context' | 'quoted' | 'referral' | 'reactions' | 'media' | 'editedAt' | 'revokedAt' | 'status' | 'failure' | 'wamid'>
>;

function preview(text: string | null): string | null {
  if (text === null) return null;
  const chars = Array.from(text.replace(/[\u0000-\u001f]/g, ' '));
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : chars.join('');
}

function kindForMime(mime: string): MediaKind {
  if (mime === 'image/webp') return 'sticker';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'document';
}

function refuse(code: CommandError['code'], message: string): never {
  throw new BackendError({ code, message });
}

export class MockBackend implements Backend {
  now: () => number;
  focused = true;
  readonly notifications: Notified[] = [];
  readonly opened: ConversationId[] = [];
  readonly calls: Calls = {
    sendMessage: [],
    sendAgain: [],
    typing: [],
    retryMedia: [],
    openMedia: [],
    openLocation: [],
    openReferral: [],
    syncNow: 0,
    setPreferences: [],
    saveTunnel: [],
    startTunnel: 0,
    stopTunnel: 0,
  };
  settingsView: SettingsView;
  preferences: Required<Preferences> = { ...DEFAULT_PREFERENCES };
  /// Newest first, as the shell lists them.
  notices: AccountEvent[] = [];
  templateList: TemplateView[] = [];
  syncs: SyncStatus[] = [];
  /// Pollers that fail at the next `syncNow`, with their error.
  syncErrors: Partial<Record<string, string>> = {};
  /// What the next `chooseFile` calls answer, in order (then `null`: cancelled).
  readonly fileAnswers: Array<string | null> = [];
  readonly files = new Map<string, MockFile>();
  tunnel: TunnelView = {
    kind: 'ngrok',
    ngrokDomain: null,
    cloudflaredHostname: null,
    boreServer: null,
    borePort: null,
    secretStored: false,
    enabled: false,
    cloudflaredInstalled: false,
    state: { state: 'stopped' },
    webhookUrl: null,
    registration: null,
    localWebhookUrl: 'http://127.0.0.1:8787/webhook',
  };
  tunnelOutcome: TunnelOutcome = {
    kind: 'online',
    publicUrl: 'https://parley-mock.ngrok.app',
    registration: { state: 'registered', callbackUrl: 'https://parley-mock.ngrok.app/webhook' },
  };
  /// The next command fails with this error.
  failNext: CommandError | null = null;

  #conversations = new Map<ConversationId, ConversationSummary>();
  #messages = new Map<ConversationId, Message[]>();
  #tunnelSecrets = new Set<TunnelKind>();
  #inboxHandlers = new Set<(event: InboxEvent) => void>();
  #openHandlers = new Set<(id: ConversationId) => void>();
  #nextId = 1;
  #nextNoticeId = 1;

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
    const existing = [...this.#conversations.values()].find((c) => c.contact.waId === waId);
    const id = existing?.id ?? this.#nextId++;
    const conversation: ConversationSummary = existing ?? {
      id,
      contact: { id, waId, profileName: name, marketingOptOut: false },
      lastMessage: null,
      lastActivityAt: at,
      lastInboundAt: null,
      unreadCount: 0,
    };
    const messageId = this.#nextId++;
    const message = this.#message(conversation.id, 'inbound', content, {
      wamid: `wamid.mock${messageId}`,
      media: content.type === 'media' ? { state: 'pending' } : null,
      ...extras,
    }, at, messageId);
    this.#messages.set(conversation.id, [...(this.#messages.get(conversation.id) ?? []), message]);
    const opens = content.type !== 'system';
    const row: ConversationSummary = {
      ...conversation,
      lastMessage: { direction: 'inbound', kind: message.kind, preview: preview(message.text), status: null, timestamp: at },
      lastActivityAt: Math.max(conversation.lastActivityAt, at),
      lastInboundAt: opens ? Math.max(conversation.lastInboundAt ?? 0, at) : conversation.lastInboundAt,
      unreadCount: conversation.unreadCount + 1,
    };
    this.#conversations.set(row.id, row);
    this.emit({ kind: 'conversationChanged', conversation: row });
    this.emit({ kind: 'messageAdded', message });
    return message;
  }

  /// A message the business sent some other way (an automation, another agent): no
  /// window check, as it is already in the store.
  businessSent(conversationId: ConversationId, content: MessageContent, extras: MessageExtras = {}, at = this.now()): Message {
    const conversation = this.#conversation(conversationId);
    const id = this.#nextId++;
    const message = this.#message(conversationId, 'outbound', content, { wamid: `wamid.out${id}`, status: 'sent', ...extras }, at, id);
    this.#messages.set(conversationId, [...(this.#messages.get(conversationId) ?? []), message]);
    const row: ConversationSummary = {
      ...conversation,
      lastMessage: { direction: 'outbound', kind: message.kind, preview: preview(message.text), status: message.status, timestamp: at },
      lastActivityAt: Math.max(conversation.lastActivityAt, at),
    };
    this.#conversations.set(row.id, row);
    this.emit({ kind: 'conversationChanged', conversation: row });
    this.emit({ kind: 'messageAdded', message });
    return message;
  }

  /// Changes a stored message and announces it, as the shell does for reactions, edits,
  /// deletions and downloads.
  updateMessage(messageId: MessageId, change: (message: Message) => Message): Message {
    for (const list of this.#messages.values()) {
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

  /// The media file of a message was downloaded, or failed to.
  setMedia(messageId: MessageId, media: LocalMedia): Message {
    return this.updateMessage(messageId, (m) => ({ ...m, media }));
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
    for (const [conversationId, list] of this.#messages) {
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

  /// Changes a conversation's contact (its marketing preference, say) and announces it.
  updateContact(id: ConversationId, change: Partial<ConversationSummary['contact']>): ConversationSummary {
    const row = this.#conversation(id);
    const next = { ...row, contact: { ...row.contact, ...change } };
    this.#conversations.set(id, next);
    this.emit({ kind: 'conversationChanged', conversation: next });
    return next;
  }

  /// A notice arrives (template review, quality, a customer's preference).
  emitNotice(notice: AccountNotice, at = this.now()): AccountEvent {
    const event: AccountEvent = { id: this.#nextNoticeId++, notice, occurredAt: at };
    this.notices = [event, ...this.notices];
    this.emit({ kind: 'notice', event });
    return event;
  }

  /// A poller ran.
  recordSync(sync: SyncStatus): void {
    this.syncs = [...this.syncs.filter((s) => s.name !== sync.name), sync];
    this.emit({ kind: 'syncChanged', sync });
  }

  setTemplates(templates: TemplateView[]): void {
    this.templateList = templates;
    this.emit({ kind: 'templatesChanged' });
  }

  /// The tunnel changed on its own (it came up, or died).
  tunnelGoes(state: TunnelState): void {
    this.tunnel = {
      ...this.tunnel,
      state,
      webhookUrl: state.state === 'online' ? `${state.publicUrl}/webhook` : this.tunnel.webhookUrl,
    };
    this.emit({ kind: 'tunnelChanged', state });
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

  /// A stored message, for tests.
  message(id: MessageId): Message {
    for (const list of this.#messages.values()) {
      const found = list.find((m) => m.id === id);
      if (found) return found;
    }
    refuse('notFound', 'message not found');
  }

  #message(
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
      sentBy: direction === 'outbound' ? { by: 'agent', id: 1, name: 'Owner' } : null,
      ...extras,
    };
  }

  #conversation(id: ConversationId): ConversationSummary {
    const row = this.#conversations.get(id);
    if (!row) refuse('notFound', 'conversation not found');
    return row;
  }

  /// A message of this conversation that reached WhatsApp, to quote or react to.
  #reachable(conversationId: ConversationId, id: MessageId): Message {
    const message = this.message(id);
    if (message.conversationId !== conversationId) refuse('invalidMessage', 'that message is in another conversation');
    if (!message.wamid) refuse('invalidMessage', 'that message has not reached WhatsApp yet');
    return message;
  }

  #compose(conversationId: ConversationId, outgoing: Outgoing): { content: MessageContent; media: LocalMedia | null } {
    switch (outgoing.type) {
      case 'text': {
        const body = outgoing.body.replace(/^[\r\n]+|[\r\n]+$/g, '').trimEnd();
        if (!body.trim()) refuse('emptyMessage', 'the message is empty');
        const chars = Array.from(body).length;
        if (chars > MAX_TEXT) refuse('messageTooLong', `the message has ${chars} characters; WhatsApp allows at most 4096`);
        return { content: { type: 'text', body, previewUrl: outgoing.previewUrl }, media: null };
      }
      case 'location': {
        const { latitude, longitude } = outgoing.location;
        if (latitude === null || longitude === null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
          refuse('invalidMessage', 'a location needs a latitude between -90 and 90 and a longitude between -180 and 180');
        }
        return { content: { type: 'location', location: outgoing.location }, media: null };
      }
      case 'interactive': {
        const problem = validateInteractive(outgoing.interactive);
        if (problem) refuse('invalidMessage', problem);
        return { content: { type: 'interactive', interactive: outgoing.interactive }, media: null };
      }
      case 'reaction': {
        const target = this.#reachable(conversationId, outgoing.messageId);
        return {
          content: { type: 'reaction', targetWamid: target.wamid ?? '', emoji: outgoing.emoji || null },
          media: null,
        };
      }
      case 'media': {
        const file = this.files.get(outgoing.path);
        if (!file) refuse('fileUnreadable', `cannot read ${outgoing.path}: No such file or directory`);
        const kind = outgoing.kind ?? kindForMime(file.mimeType);
        const canCaption = kind === 'image' || kind === 'video' || kind === 'document';
        const caption = outgoing.caption?.trim() && canCaption ? outgoing.caption : null;
        const media: Media = {
          kind,
          id: null,
          mimeType: file.mimeType,
          sha256: null,
          size: file.size,
          filename: outgoing.path.split(/[\\/]/).pop() ?? 'file',
          caption,
          animated: false,
        };
        return {
          content: { type: 'media', media },
          media: { state: 'ready', path: outgoing.path, mimeType: file.mimeType, size: file.size },
        };
      }
    }
  }

  async #send(id: ConversationId, outgoing: Outgoing, replyTo: MessageId | null): Promise<Message> {
    const conversation = this.#conversation(id);
    if (this.windowOf(conversation).state !== 'open') refuse('windowClosed', 'the 24-hour window is closed');
    const target = replyTo === null ? null : this.#reachable(id, replyTo);
    const { content, media } = this.#compose(id, outgoing);
    const at = this.now();
    const messageId = this.#nextId++;
    const message = this.#message(id, 'outbound', content, {
      media,
      quoted: target && { id: target.id, direction: target.direction, kind: target.kind, preview: preview(target.text) },
    }, at, messageId);
    if (isControl(content) && outgoing.type === 'reaction') {
      // Not shown itself: the reaction shows on its target once WhatsApp accepts it.
      this.emit({ kind: 'conversationChanged', conversation });
      this.emit({ kind: 'messageAdded', message });
      const emoji = outgoing.emoji || null;
      this.updateMessage(outgoing.messageId, (m) => ({
        ...m,
        reactions: [...m.reactions.filter((r) => r.by !== 'outbound'), ...(emoji ? [{ emoji, by: 'outbound' as const }] : [])],
      }));
      return message;
    }
    this.#messages.set(id, [...(this.#messages.get(id) ?? []), message]);
    const row: ConversationSummary = {
      ...conversation,
      lastMessage: { direction: 'outbound', kind: message.kind, preview: preview(message.text), status: 'pending', timestamp: at },
      lastActivityAt: at,
      unreadCount: 0,
    };
    this.#conversations.set(id, row);
    this.emit({ kind: 'conversationChanged', conversation: row });
    this.emit({ kind: 'messageAdded', message });
    return message;
  }

  #liveOnly(): void {
    if (this.settingsView.mode !== 'live') {
      refuse('invalidSettings', 'the demo runs on this machine only: tunnels are for a connected account');
    }
  }

  #tunnelView(): TunnelView {
    return { ...this.tunnel, secretStored: this.#tunnelSecrets.has(this.tunnel.kind) };
  }

  // --- Backend -----------------------------------------------------------------------

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
    const previewUrl = this.preferences.linkPreviews && text.includes('://');
    return this.#send(id, { type: 'text', body: text, previewUrl }, null);
  }

  async sendMessage(id: ConversationId, outgoing: Outgoing, replyTo: MessageId | null): Promise<Message> {
    this.calls.sendMessage.push({ conversationId: id, outgoing, replyTo });
    this.#check();
    return this.#send(id, outgoing, replyTo);
  }

  async sendAgain(messageId: MessageId): Promise<Message> {
    this.calls.sendAgain.push(messageId);
    this.#check();
    const original = this.message(messageId);
    if (original.direction !== 'outbound' || original.failure === null) {
      refuse('invalidMessage', 'only a failed or unconfirmed message can be sent again');
    }
    const content = original.content;
    let outgoing: Outgoing;
    switch (content.type) {
      case 'text':
        outgoing = { type: 'text', body: content.body, previewUrl: content.previewUrl ?? false };
        break;
      case 'location':
        outgoing = { type: 'location', location: content.location };
        break;
      case 'interactive':
        outgoing = { type: 'interactive', interactive: content.interactive };
        break;
      case 'media':
        if (original.media?.state !== 'ready') refuse('invalidMessage', 'the file of this message is gone');
        outgoing = { type: 'media', path: original.media.path, kind: content.media.kind, caption: content.media.caption };
        break;
      default:
        refuse('invalidMessage', 'this message cannot be sent again');
    }
    return this.#send(original.conversationId, outgoing, original.quoted?.id ?? null);
  }

  async typing(id: ConversationId): Promise<void> {
    this.calls.typing.push(id);
  }

  async retryMedia(messageId: MessageId): Promise<void> {
    this.calls.retryMedia.push(messageId);
    this.#check();
    this.setMedia(messageId, { state: 'pending' });
  }

  async openMedia(messageId: MessageId): Promise<void> {
    this.calls.openMedia.push(messageId);
    this.#check();
    if (this.message(messageId).media?.state !== 'ready') refuse('notFound', 'the file is not downloaded yet');
  }

  async openLocation(messageId: MessageId): Promise<void> {
    this.calls.openLocation.push(messageId);
    this.#check();
    if (this.message(messageId).content.type !== 'location') refuse('notFound', 'that message is not a location');
  }

  async openReferral(messageId: MessageId): Promise<void> {
    this.calls.openReferral.push(messageId);
    this.#check();
    const url = this.message(messageId).referral?.sourceUrl;
    if (!url) refuse('notFound', 'that message has no ad link');
    if (!/^https?:\/\//.test(url)) refuse('invalidMessage', 'only web links are opened');
  }

  async chooseFile(): Promise<string | null> {
    this.#check();
    return this.fileAnswers.shift() ?? null;
  }

  mediaUrl(path: string): string {
    return this.files.get(path)?.url ?? path;
  }

  async accountEvents(limit: number): Promise<AccountEvent[]> {
    this.#check();
    return this.notices.slice(0, limit);
  }

  async templates(): Promise<TemplateView[]> {
    this.#check();
    return [...this.templateList];
  }

  async syncStatus(): Promise<SyncStatus[]> {
    this.#check();
    return [...this.syncs];
  }

  async syncNow(): Promise<SyncStatus[]> {
    this.calls.syncNow++;
    this.#check();
    const at = this.now();
    for (const name of SYNC_NAMES) {
      const error = this.syncErrors[name] ?? null;
      const previous = this.syncs.find((s) => s.name === name);
      this.recordSync({
        name,
        lastAttemptAt: at,
        lastSuccessAt: error ? (previous?.lastSuccessAt ?? null) : at,
        lastError: error,
      });
    }
    return [...this.syncs];
  }

  async getPreferences(): Promise<Preferences> {
    this.#check();
    return { ...this.preferences };
  }

  async setPreferences(preferences: Preferences): Promise<Preferences> {
    this.calls.setPreferences.push(preferences);
    this.#check();
    const p = { ...DEFAULT_PREFERENCES, ...preferences };
    const clamp = (v: number, max: number) => Math.min(max, Math.max(1, Math.round(v)));
    this.preferences = {
      ...p,
      templateSyncMinutes: clamp(p.templateSyncMinutes, 24 * 60),
      healthCheckMinutes: clamp(p.healthCheckMinutes, 24 * 60),
      statusAuditMinutes: clamp(p.statusAuditMinutes, 24 * 60),
      sendRatePerSecond: clamp(p.sendRatePerSecond, 1000),
    };
    return { ...this.preferences };
  }

  async getSettings(): Promise<SettingsView> {
    this.#check();
    return this.settingsView;
  }

  async saveAccount(input: AccountInput): Promise<SettingsView> {
    this.#check();
    if (!/^\d+$/.test(input.phoneNumberId.trim())) {
      refuse('invalidSettings', 'the phone number id must be numeric');
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

  async getTunnel(): Promise<TunnelView> {
    this.#check();
    return this.#tunnelView();
  }

  async saveTunnel(input: TunnelInput): Promise<TunnelView> {
    this.calls.saveTunnel.push(input);
    this.#check();
    this.#liveOnly();
    this.tunnel = {
      ...this.tunnel,
      kind: input.kind,
      ngrokDomain: input.ngrokDomain,
      cloudflaredHostname: input.cloudflaredHostname,
      boreServer: input.boreServer,
      borePort: input.borePort,
    };
    if (input.secret) this.#tunnelSecrets.add(input.kind);
    return this.#tunnelView();
  }

  async startTunnel(): Promise<TunnelView> {
    this.calls.startTunnel++;
    this.#check();
    this.#liveOnly();
    const t = this.tunnel;
    const secret = this.#tunnelSecrets.has(t.kind);
    if (t.kind === 'ngrok' && !secret) refuse('invalidMessage', 'ngrok needs an authtoken (from dashboard.ngrok.com)');
    if (t.kind === 'cloudflared' && t.cloudflaredHostname?.trim() && !secret) {
      refuse('invalidMessage', 'a named Cloudflare tunnel needs its token');
    }
    if (t.kind === 'bore' && !t.boreServer?.trim()) refuse('invalidMessage', 'bore needs the address of your bore server');
    const outcome = this.tunnelOutcome;
    if (outcome.kind === 'refused') throw new BackendError(outcome.error);
    const state: TunnelState = { state: 'online', publicUrl: outcome.publicUrl };
    this.tunnel = {
      ...t,
      enabled: true,
      state,
      webhookUrl: `${outcome.publicUrl}/webhook`,
      registration: outcome.registration,
    };
    this.emit({ kind: 'tunnelChanged', state });
    return this.#tunnelView();
  }

  async stopTunnel(): Promise<TunnelView> {
    this.calls.stopTunnel++;
    this.#check();
    const state: TunnelState = { state: 'stopped' };
    this.tunnel = { ...this.tunnel, enabled: false, state, webhookUrl: null, registration: null };
    this.emit({ kind: 'tunnelChanged', state });
    return this.#tunnelView();
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
