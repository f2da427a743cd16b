// The inbox as the UI holds it: the conversation list, the open thread, and how each
// event from the shell changes them. No component talks to the backend directly.

import type {
  ConversationFilter,
  ConversationId,
  ConversationSummary,
  InboxEvent,
  Message,
  MessageId,
  Note,
  Outgoing,
  ServiceWindow,
} from '../ipc/bindings';
import type { EventsBackend, InboxBackend, MediaBackend, NotificationsBackend, Unlisten } from '../backend/types';
import type { SearchBackend } from '../backend/types';
import { t } from '../i18n/index.svelte';
import { isShown, messagePreview } from './content';
import { commandErrorText } from './failure';
import { compareConversations, contactName, upsertConversation, upsertMessage } from './order';

export const PAGE_SIZE = 50;
/// The shell is told an agent is typing at most this often.
export const TYPING_EVERY_MS = 5_000;

export interface Thread {
  conversation: ConversationSummary;
  window: ServiceWindow;
  messages: Message[];
  /// The team's private notes of the same stretch of time, oldest first.
  notes: Note[];
  hasOlder: boolean;
  /// Opened at a search result: newer messages exist that are not loaded yet.
  hasNewer?: boolean;
}

/// Messages loaded on each side of a search result, and per page when scrolling down.
export const AROUND = 25;

/// The parts of the `Backend` the inbox uses.
export type InboxDeps = InboxBackend & MediaBackend & NotificationsBackend & EventsBackend &
  Pick<SearchBackend, 'getThreadAround' | 'getThreadNewer'>;

export class Inbox {
  /// Raw: rows are replaced, never changed in place, and a busy list holds thousands
  /// (a deep proxy would wrap every row the virtual list reads).
  conversations = $state.raw<ConversationSummary[]>([]);
  hasMore = $state(false);
  loading = $state(true);
  loadError = $state<string | null>(null);
  selectedId = $state<ConversationId | null>(null);
  thread = $state<Thread | null>(null);
  threadError = $state<string | null>(null);
  loadingOlder = $state(false);
  loadingNewer = $state(false);
  loadingMore = $state(false);
  /// Counts the threads opened (a conversation, or one at a search result): the thread
  /// view starts over at each, at the newest message or at the focused one. Paging and
  /// live updates do not count.
  threadOpened = $state(0);
  /// The message the thread scrolls to and highlights (a search result); the thread
  /// clears it once shown.
  focusedMessageId = $state<MessageId | null>(null);
  /// What the list shows: a view (all, mine, unassigned, resolved) and labels.
  filter = $state<ConversationFilter>({ view: 'all' });
  /// The message the next send quotes.
  replyTo = $state<Message | null>(null);
  /// Why the last action on a message (react, open, retry...) failed, in plain words.
  actionError = $state<string | null>(null);
  /// Whether the list, as `filter` narrows it, shows a changed row; set by triage (which
  /// knows who is at the desk, for "Mine"). Without it every row shows.
  shows: (row: ConversationSummary) => boolean = () => true;

  readonly #backend: InboxDeps;
  #typingAt = new Map<ConversationId, number>();
  /// While the start-up catch-up reads its page: the conversations updated meanwhile.
  #updatedDuringCatchUp: Set<ConversationId> | null = null;

  constructor(backend: InboxDeps) {
    this.#backend = backend;
  }

  /// Subscribes to the shell's events and loads the first page. The page is asked for
  /// together with the subscriptions, not once they are confirmed: at start-up the
  /// window confirms them only after laying out the app, and the page's read can run
  /// meanwhile. A change the shell announced between that read and the subscription
  /// would be missed, so once subscribed the first page is read again (`#catchUp`).
  async start(): Promise<Unlisten> {
    const subscribed = Promise.all([
      this.#backend.onInboxEvent((event) => void this.apply(event)),
      this.#backend.onOpenConversation((id) => void this.select(id)),
    ]);
    const firstPage = this.reload();
    const [stopEvents, stopClicks] = await subscribed;
    await firstPage;
    void this.#catchUp();
    return () => {
      stopEvents();
      stopClicks();
    };
  }

  /// The first page read again after subscribing: a row that differs from the one shown
  /// is applied as its event would have been (an unchanged page changes nothing), and one
  /// the page no longer holds is dropped. A row
  /// an event updated while the page was being read is left as the event made it: every
  /// change after the subscription has its event, so the event's row is the one to keep,
  /// and the page's may be older.
  async #catchUp(): Promise<void> {
    if (this.loadError !== null) return;
    const filter = this.filter;
    const updatedMeanwhile = new Set<ConversationId>();
    this.#updatedDuringCatchUp = updatedMeanwhile;
    let page;
    try {
      page = await this.#backend.listConversations(filter, null, PAGE_SIZE);
    } catch {
      // The read at start succeeded; the next event or reload brings what this missed.
      return;
    } finally {
      this.#updatedDuringCatchUp = null;
    }
    if (this.filter !== filter) return;
    const shown = new Map(this.conversations.map((row) => [row.id, JSON.stringify(row)]));
    for (const row of page.conversations) {
      if (updatedMeanwhile.has(row.id)) continue;
      if (shown.get(row.id) !== JSON.stringify(row)) this.#updateRow(row);
    }
    if (this.conversations.length > PAGE_SIZE) return; // more was loaded meanwhile
    // Only the first page is shown: a row the page no longer holds left the view (resolved
    // or reassigned in between) or was pushed to the next page, which loads it again.
    const listed = new Set(page.conversations.map((row) => row.id));
    const kept = this.conversations.filter((row) => listed.has(row.id) || updatedMeanwhile.has(row.id));
    // Unchanged, the list keeps its array: a new one, even of the same rows, makes the
    // list lay itself out again (at start-up, in front of the first paint).
    if (kept.length !== this.conversations.length) this.conversations = kept;
    this.hasMore = page.hasMore;
  }

  async reload(): Promise<void> {
    this.loading = true;
    try {
      const page = await this.#backend.listConversations(this.filter, null, PAGE_SIZE);
      this.conversations = page.conversations;
      this.hasMore = page.hasMore;
      this.loadError = null;
      if (this.selectedId !== null) await this.select(this.selectedId);
    } catch (error) {
      this.loadError = commandErrorText(error);
    } finally {
      this.loading = false;
    }
  }

  /// The next page of the list, once at a time (the list asks on every scroll near its end).
  async loadMore(): Promise<void> {
    const last = this.conversations.at(-1);
    if (!this.hasMore || !last || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await this.#backend.listConversations(
        this.filter,
        { lastActivityAt: last.lastActivityAt, id: last.id },
        PAGE_SIZE,
      );
      // One merge per page, not one sort per row: the list may hold thousands.
      const fresh = new Set(page.conversations.map((c) => c.id));
      this.conversations = [...this.conversations.filter((c) => !fresh.has(c.id)), ...page.conversations].sort(
        compareConversations,
      );
      this.hasMore = page.hasMore;
    } finally {
      this.loadingMore = false;
    }
  }

  /// Opens a conversation: its newest messages, its window, and it is read.
  async select(id: ConversationId): Promise<void> {
    if (this.selectedId !== id) {
      this.replyTo = null;
      this.actionError = null;
    }
    this.selectedId = id;
    this.focusedMessageId = null;
    try {
      const page = await this.#backend.getThread(id, null, PAGE_SIZE);
      if (this.selectedId !== id) return;
      this.thread = {
        conversation: page.conversation,
        window: page.window,
        messages: page.messages,
        notes: page.notes,
        hasOlder: page.hasOlder,
      };
      this.threadOpened++;
      this.threadError = null;
      if (page.conversation.unreadCount > 0) {
        this.#updateRow(await this.#backend.openConversation(id));
      }
    } catch (error) {
      this.threadError = commandErrorText(error);
    }
  }

  async loadOlder(): Promise<void> {
    const thread = this.thread;
    const oldest = thread?.messages[0];
    if (!thread || !oldest || !thread.hasOlder || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const page = await this.#backend.getThread(
        thread.conversation.id,
        { timestamp: oldest.timestamp, id: oldest.id },
        PAGE_SIZE,
      );
      if (this.thread?.conversation.id !== thread.conversation.id) return;
      this.thread = {
        ...this.thread,
        messages: [...page.messages, ...this.thread.messages],
        notes: [...page.notes, ...this.thread.notes.filter((n) => !page.notes.some((p) => p.id === n.id))],
        hasOlder: page.hasOlder,
      };
    } finally {
      this.loadingOlder = false;
    }
  }

  /// Opens the thread at one message (a search result): the messages around it, its
  /// conversation selected and read, and the message focused.
  async jumpTo(messageId: MessageId): Promise<void> {
    try {
      const page = await this.#backend.getThreadAround(messageId, AROUND, AROUND);
      const id = page.conversation.id;
      if (this.selectedId !== id) {
        this.replyTo = null;
        this.actionError = null;
      }
      this.selectedId = id;
      this.thread = {
        conversation: page.conversation,
        window: page.window,
        messages: page.messages,
        notes: page.notes,
        hasOlder: page.hasOlder,
        hasNewer: page.hasNewer,
      };
      this.focusedMessageId = page.focus;
      this.threadOpened++;
      this.threadError = null;
      if (page.conversation.unreadCount > 0) this.#updateRow(await this.#backend.openConversation(id));
    } catch (error) {
      throw new Error(commandErrorText(error));
    }
  }

  /// The thread was opened at a search result and scrolled to its end: the next page.
  async loadNewer(): Promise<void> {
    const thread = this.thread;
    const newest = thread?.messages.at(-1);
    if (!thread?.hasNewer || !newest || this.loadingNewer) return;
    this.loadingNewer = true;
    try {
      const page = await this.#backend.getThreadNewer(
        thread.conversation.id,
        { timestamp: newest.timestamp, id: newest.id },
        AROUND,
      );
      if (this.thread?.conversation.id !== thread.conversation.id) return;
      let messages = this.thread.messages;
      for (const message of page.messages) messages = upsertMessage(messages, message);
      const known = new Set(this.thread.notes.map((n) => n.id));
      this.thread = {
        ...this.thread,
        messages,
        notes: [...this.thread.notes, ...page.notes.filter((n) => !known.has(n.id))],
        hasNewer: page.hasNewer,
      };
    } catch (error) {
      this.actionError = commandErrorText(error);
    } finally {
      this.loadingNewer = false;
    }
  }

  /// Sends a free-form text reply; throws a translated message when the shell refuses it.
  async send(text: string, previewUrl = false): Promise<void> {
    await this.sendOutgoing({ type: 'text', body: text, previewUrl });
  }

  /// Sends any kind of message, quoting `replyTo` if set; throws a translated message
  /// when the shell refuses it (the quote then stays).
  async sendOutgoing(outgoing: Outgoing): Promise<void> {
    const id = this.selectedId;
    if (id === null) return;
    const quoting = this.replyTo;
    try {
      const message = await this.#backend.sendMessage(id, outgoing, quoting?.id ?? null);
      this.#upsertThreadMessage(message);
      if (this.replyTo === quoting) this.replyTo = null;
      // Sent from a thread opened at an older message: show the present, where it is.
      if (this.thread?.hasNewer) void this.select(id);
    } catch (error) {
      throw new Error(commandErrorText(error));
    }
  }

  quote(message: Message): void {
    this.replyTo = message;
  }

  cancelQuote(): void {
    this.replyTo = null;
  }

  /// Reacts to a message (`null` removes the reaction); it shows once WhatsApp has it.
  async react(message: Message, emoji: string | null): Promise<void> {
    await this.#act(async () => {
      await this.#backend.sendMessage(message.conversationId, { type: 'reaction', messageId: message.id, emoji }, null);
    });
  }

  /// Sends a failed or unconfirmed message again, as a new message.
  async sendAgain(message: Message): Promise<void> {
    await this.#act(async () => this.#upsertThreadMessage(await this.#backend.sendAgain(message.id)));
  }

  retryMedia(id: MessageId): Promise<void> {
    return this.#act(() => this.#backend.retryMedia(id));
  }

  openMedia(id: MessageId): Promise<void> {
    return this.#act(() => this.#backend.openMedia(id));
  }

  openLocation(id: MessageId): Promise<void> {
    return this.#act(() => this.#backend.openLocation(id));
  }

  openReferral(id: MessageId): Promise<void> {
    return this.#act(() => this.#backend.openReferral(id));
  }

  mediaUrl(path: string): string {
    return this.#backend.mediaUrl(path);
  }

  /// Asks for a file to attach: its path, or `null` when cancelled.
  async chooseFile(): Promise<string | null> {
    try {
      return await this.#backend.chooseFile();
    } catch (error) {
      throw new Error(commandErrorText(error));
    }
  }

  /// The agent is typing in the open conversation; the shell hears it at most every 5 s.
  typing(): void {
    const id = this.selectedId;
    if (id === null) return;
    const now = Date.now();
    const last = this.#typingAt.get(id);
    if (last !== undefined && now - last < TYPING_EVERY_MS) return;
    this.#typingAt.set(id, now);
    // "typing…" is a courtesy: failing to show it must not bother the agent.
    this.#backend.typing(id).catch(() => undefined);
  }

  dismissActionError(): void {
    this.actionError = null;
  }

  async #act(action: () => Promise<void>): Promise<void> {
    try {
      await action();
      this.actionError = null;
    } catch (error) {
      this.actionError = commandErrorText(error);
    }
  }

  /// Asks the shell for the window now (it decides; the UI only counts down).
  async refreshWindow(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    const window = await this.#backend.serviceWindow(thread.conversation.id);
    if (this.thread?.conversation.id === thread.conversation.id) {
      this.thread = { ...this.thread, window };
    }
  }

  async apply(event: InboxEvent): Promise<void> {
    switch (event.kind) {
      case 'conversationChanged':
        this.#updateRow(event.conversation);
        break;
      case 'messageAdded':
        // Reactions, edits and deletions arrive as updates of the message they change.
        if (!isShown(event.message)) break;
        this.#upsertThreadMessage(event.message);
        if (event.message.direction === 'inbound') await this.#customerWrote(event.message);
        break;
      case 'messageUpdated':
        this.#replaceThreadMessage(event.message);
        break;
      case 'connectionChanged':
      case 'notice':
      case 'templatesChanged':
      case 'syncChanged':
      case 'tunnelChanged':
        break;
      case 'reload':
        await this.reload();
        break;
    }
  }

  #updateRow(row: ConversationSummary): void {
    this.#updatedDuringCatchUp?.add(row.id);
    // A row the list's filter no longer shows (resolved, reassigned) leaves it.
    this.conversations = this.shows(row)
      ? upsertConversation(this.conversations, row)
      : this.conversations.filter((c) => c.id !== row.id);
    const thread = this.thread;
    if (thread && thread.conversation.id === row.id) {
      const windowMoved = thread.conversation.lastInboundAt !== row.lastInboundAt;
      this.thread = { ...thread, conversation: row };
      if (windowMoved) void this.refreshWindow();
    }
  }

  #upsertThreadMessage(message: Message): void {
    const thread = this.thread;
    // With newer messages not loaded yet, a new one waits for `loadNewer`: no gaps.
    const beyond = thread?.hasNewer && thread.messages.length > 0 && message.timestamp >= thread.messages.at(-1)!.timestamp;
    if (thread && thread.conversation.id === message.conversationId && isShown(message) && !beyond) {
      this.thread = { ...thread, messages: upsertMessage(thread.messages, message) };
    }
  }

  /// An update (a status, a reaction, a download, an edit, a deletion) of a message the
  /// thread shows; one that is not loaded stays out, so the thread has no gaps.
  #replaceThreadMessage(message: Message): void {
    const thread = this.thread;
    if (!thread || thread.conversation.id !== message.conversationId) return;
    if (!thread.messages.some((m) => m.id === message.id)) return;
    this.thread = { ...thread, messages: upsertMessage(thread.messages, message) };
    if (this.replyTo?.id === message.id) this.replyTo = message;
  }

  /// A customer's message: read at once if its conversation is open in a focused window,
  /// otherwise a desktop notification.
  async #customerWrote(message: Message): Promise<void> {
    const focused = await this.#backend.isWindowFocused().catch(() => true);
    if (focused && this.selectedId === message.conversationId) {
      this.#updateRow(await this.#backend.openConversation(message.conversationId));
      return;
    }
    if (focused) return;
    const conversation = this.conversations.find((c) => c.id === message.conversationId);
    const title = conversation ? contactName(conversation) : t('app.title');
    const body = message.text?.trim() ? message.text : messagePreview(message);
    // A missing notification server must not break the inbox.
    await this.#backend.notifyNewMessage(message.conversationId, title, body).catch(() => undefined);
  }
}
