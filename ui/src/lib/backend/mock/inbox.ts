// The mock's conversations and sending: sends outside the window are refused, and what the
// engine validates (text, locations, buttons, files, reactions) is validated here too.

import type {
  AgentId,
  ConversationCursor,
  ConversationFilter,
  ConversationId,
  ConversationPage,
  ConversationSummary,
  LocalMedia,
  Media,
  MediaKind,
  Message,
  MessageContent,
  MessageCursor,
  MessageId,
  Outgoing,
  ServiceWindow,
  ThreadPage,
} from '../../ipc/bindings';
import { isControl } from '../content';
import type { InboxBackend } from '../types';
import { validateInteractive } from '../validate';
import { preview, refuse, type MockBase } from './core';

const MAX_TEXT = 4096;

export interface InboxCalls {
  sendMessage: Array<{ conversationId: ConversationId; outgoing: Outgoing; replyTo: MessageId | null }>;
  sendAgain: MessageId[];
  typing: ConversationId[];
}

function kindForMime(mime: string): MediaKind {
  if (mime === 'image/webp') return 'sticker';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'document';
}

export function inboxMock<B extends MockBase>(Base: B) {
  return class InboxMock extends Base implements InboxBackend {
    declare readonly calls: InboxCalls;
    /// Conversations the agent opened, in order.
    readonly opened: ConversationId[] = [];
    /// The profile at the desk, whose conversations "mine" shows.
    deskAgentId: AgentId = 1;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, { sendMessage: [], sendAgain: [], typing: [] } satisfies InboxCalls);
    }

    async listConversations(
      filter: ConversationFilter,
      after: ConversationCursor | null,
      limit: number,
    ): Promise<ConversationPage> {
      this.check();
      const sorted = [...this.conversations.values()].filter((c) => this.passes(c, filter)).sort(
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

    /// The same rules as the store's `list_conversations`: views by status and assignee,
    /// labels any/all.
    passes(c: ConversationSummary, filter: ConversationFilter): boolean {
      const view = filter.view ?? 'all';
      const resolved = c.status === 'resolved';
      const inView =
        view === 'resolved'
          ? resolved
          : !resolved &&
            (view === 'all' ||
              (view === 'mine' && c.assignee?.id === this.deskAgentId) ||
              (view === 'unassigned' && c.assignee === null));
      const wanted = filter.labels?.labels ?? [];
      if (!inView || wanted.length === 0) return inView;
      return (filter.labels?.mode ?? 'any') === 'all'
        ? wanted.every((id) => c.labelIds.includes(id))
        : wanted.some((id) => c.labelIds.includes(id));
    }

    async getThread(id: ConversationId, before: MessageCursor | null, limit: number): Promise<ThreadPage> {
      this.check();
      const conversation = this.conversation(id);
      const all = this.messages.get(id) ?? [];
      const older = before
        ? all.filter((m) => m.timestamp < before.timestamp || (m.timestamp === before.timestamp && m.id < before.id))
        : all;
      return {
        conversation,
        window: this.windowOf(conversation),
        messages: older.slice(-limit),
        notes: [],
        hasOlder: older.length > limit,
      };
    }

    async openConversation(id: ConversationId): Promise<ConversationSummary> {
      this.check();
      this.opened.push(id);
      const row = { ...this.conversation(id), unreadCount: 0 };
      this.conversations.set(id, row);
      this.emit({ kind: 'conversationChanged', conversation: row });
      return row;
    }

    async serviceWindow(id: ConversationId): Promise<ServiceWindow> {
      this.check();
      return this.windowOf(this.conversation(id));
    }

    async sendText(id: ConversationId, text: string): Promise<Message> {
      this.check();
      const previewUrl = this.preferences.linkPreviews && text.includes('://');
      return this.#send(id, { type: 'text', body: text, previewUrl }, null);
    }

    async sendMessage(id: ConversationId, outgoing: Outgoing, replyTo: MessageId | null): Promise<Message> {
      this.calls.sendMessage.push({ conversationId: id, outgoing, replyTo });
      this.check();
      return this.#send(id, outgoing, replyTo);
    }

    async sendAgain(messageId: MessageId): Promise<Message> {
      this.calls.sendAgain.push(messageId);
      this.check();
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
      const conversation = this.conversation(id);
      if (this.windowOf(conversation).state !== 'open') refuse('windowClosed', 'the 24-hour window is closed');
      const target = replyTo === null ? null : this.#reachable(id, replyTo);
      const { content, media } = this.#compose(id, outgoing);
      const at = this.now();
      const messageId = this.nextId();
      const message = this.newMessage(id, 'outbound', content, {
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
      this.messages.set(id, [...(this.messages.get(id) ?? []), message]);
      const row: ConversationSummary = {
        ...conversation,
        lastMessage: { direction: 'outbound', kind: message.kind, preview: preview(message.text), status: 'pending', timestamp: at },
        lastActivityAt: at,
        unreadCount: 0,
      };
      this.conversations.set(id, row);
      this.emit({ kind: 'conversationChanged', conversation: row });
      this.emit({ kind: 'messageAdded', message });
      return message;
    }
  };
}
