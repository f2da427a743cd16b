// The mock's search and thread-around paging, by the engine's rules
// (crates/store/src/search.rs, thread_around.rs): folded whole-word matching with the
// last word as a prefix (see `./textMatch.ts`), deleted messages never found, highlight
// ranges in UTF-16 code units, at most `limit` (1..50) of each kind.

import type {
  ContactHit,
  ConversationId,
  MessageCursor,
  MessageHit,
  MessageId,
  NewerMessages,
  SearchResults,
  ThreadAroundPage,
} from '../../ipc/bindings';
import type { SearchBackend } from '../types';
import type { contactsMock } from './contacts';
import { refuse, type MockBase, type MockCore } from './core';
import { highlighted, matchTexts, parseQuery, phoneMatch, snippet } from './textMatch';

const MAX_RESULTS = 50;
const MAX_AROUND = 100;

export interface SearchCalls {
  search: Array<{ query: string; limit: number }>;
  getThreadAround: Array<{ messageId: MessageId; before: number; after: number }>;
  getThreadNewer: Array<{ conversationId: ConversationId; after: MessageCursor; limit: number }>;
}

/// What search needs from the address book (`contactsMock`, before it in `DOMAINS`).
export type ContactsBase = new (...args: any[]) => MockCore &
  Pick<InstanceType<ReturnType<typeof contactsMock<MockBase>>>, 'contactEntries' | 'contactMatch'>;

const after = (m: { timestamp: number; id: number }, cursor: { timestamp: number; id: number }) =>
  m.timestamp > cursor.timestamp || (m.timestamp === cursor.timestamp && m.id > cursor.id);

export function searchMock<B extends ContactsBase>(Base: B) {
  return class SearchMock extends Base implements SearchBackend {
    declare readonly calls: SearchCalls;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, { search: [], getThreadAround: [], getThreadNewer: [] } satisfies SearchCalls);
    }

    async search(input: string, limit: number): Promise<SearchResults> {
      this.calls.search.push({ query: input, limit });
      this.check();
      const query = parseQuery(input);
      if (!query) return { contacts: [], messages: [] };
      const most = Math.min(Math.max(limit, 1), MAX_RESULTS);
      return { contacts: this.#contactHits(input, most), messages: this.#messageHits(input, most) };
    }

    #messageHits(input: string, most: number): MessageHit[] {
      const query = parseQuery(input)!;
      if (query.terms.length === 0) return [];
      const hits: MessageHit[] = [];
      for (const [conversationId, list] of this.messages) {
        const conversation = this.conversations.get(conversationId)!;
        for (const message of list) {
          if (message.revokedAt !== null || !message.text?.trim() || message.content.type === 'system') continue;
          const { found, ranges } = matchTexts(query, [message.text]);
          if (found.size !== query.terms.length) continue;
          hits.push({
            messageId: message.id,
            conversationId,
            contact: conversation.contact,
            direction: message.direction,
            kind: message.kind,
            timestamp: message.timestamp,
            snippet: snippet(message.text, ranges[0]!),
          });
        }
      }
      return hits.sort((a, b) => b.timestamp - a.timestamp || b.messageId - a.messageId).slice(0, most);
    }

    #contactHits(input: string, most: number): ContactHit[] {
      const hits: Array<ContactHit & { named: boolean; activity: number }> = [];
      for (const { contact, conversationId, lastActivityAt } of this.contactEntries()) {
        const match = this.contactMatch(contact, input);
        if (!match) continue;
        const [savedRanges, profileRanges, notesRanges] = match.ranges as [typeof match.ranges[0], typeof match.ranges[0], typeof match.ranges[0]];
        const phoneText = `+${contact.waId}`;
        const digits = [match.query.phoneDigits, ...match.query.terms.filter((t) => /^\d+$/.test(t))]
          .map((d) => (d ? phoneMatch(contact.waId, d) : null))
          .filter((m): m is [number, number] => m !== null)
          .sort((a, b) => b[1] - b[0] - (a[1] - a[0]))[0];
        const phone = highlighted(phoneText, digits ? [{ start: digits[0] + 1, end: digits[1] + 1 }] : []);
        const saved = contact.savedName?.trim() ? highlighted(contact.savedName, savedRanges) : null;
        const profile = contact.profileName?.trim() ? highlighted(contact.profileName, profileRanges) : null;
        hits.push({
          contact,
          conversationId,
          name: saved ?? profile ?? phone,
          phone,
          profileName: saved && profile && profile.ranges.length > 0 ? profile : null,
          notes: match.notes && notesRanges.length > 0 ? snippet(match.notes, notesRanges) : null,
          named: savedRanges.length + profileRanges.length > 0,
          activity: lastActivityAt,
        });
      }
      return hits
        .sort((a, b) => Number(b.named) - Number(a.named) || b.activity - a.activity || b.contact.id - a.contact.id)
        .slice(0, most)
        .map(({ named: _named, activity: _activity, ...hit }) => hit);
    }

    async getThreadAround(messageId: MessageId, before: number, afterCount: number): Promise<ThreadAroundPage> {
      this.calls.getThreadAround.push({ messageId, before, after: afterCount });
      this.check();
      const target = this.message(messageId);
      const conversation = this.conversation(target.conversationId);
      const all = this.messages.get(conversation.id) ?? [];
      const index = all.findIndex((m) => m.id === messageId);
      if (index < 0) refuse('notFound', 'message');
      const older = Math.min(before, MAX_AROUND);
      const newer = Math.min(afterCount, MAX_AROUND);
      const start = Math.max(0, index - older);
      const end = Math.min(all.length, index + 1 + newer);
      return {
        conversation,
        window: this.windowOf(conversation),
        focus: messageId,
        messages: all.slice(start, end),
        notes: [],
        hasOlder: start > 0,
        hasNewer: end < all.length,
      };
    }

    async getThreadNewer(conversationId: ConversationId, cursor: MessageCursor, limit: number): Promise<NewerMessages> {
      this.calls.getThreadNewer.push({ conversationId, after: cursor, limit });
      this.check();
      this.conversation(conversationId);
      const most = Math.min(Math.max(limit, 1), MAX_AROUND);
      const rest = (this.messages.get(conversationId) ?? []).filter((m) => after(m, cursor));
      return { messages: rest.slice(0, most), notes: [], hasNewer: rest.length > most };
    }
  };
}
