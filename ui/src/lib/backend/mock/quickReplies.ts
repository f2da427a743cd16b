// The mock's quick replies, with the rules of crates/core/src/quick_reply.rs (shortcuts,
// keywords, text, variables) and the CSV semantics of crates/engine/src/quick_replies.rs.
// Tests inject what the file dialogs answer: `importFiles` (CSV text, or `null` for
// cancelled) and `exportAnswers` (`false` for cancelled); `exportedCsv` is what was written.

import type {
  ConversationId,
  Expansion,
  ImportReport,
  MediaKind,
  QuickReply,
  QuickReplyAttachment,
  QuickReplyId,
  QuickReplyInput,
} from '../../ipc/bindings';
import {
  checkKeywords,
  checkShortcut,
  checkText,
  engineMessage,
  expand,
  shortcutKey,
  type QuickReplyProblem,
} from '../../quickReplies/rules';
import type { QuickRepliesBackend } from '../types';
import { refuse, type MockBase } from './core';
import { csvLine, parseCsv } from './csv';

export interface QuickRepliesCalls {
  saveQuickReply: Array<{ id: QuickReplyId | null; input: QuickReplyInput }>;
  deleteQuickReply: QuickReplyId[];
  expandQuickReply: Array<{ id: QuickReplyId; conversationId: ConversationId }>;
  importQuickReplies: number;
  exportQuickReplies: number;
}

/// Where the engine keeps its copies of attachments.
const ATTACHMENTS_DIR = '/data/quick-replies';

function kindForMime(mime: string): MediaKind {
  if (mime === 'image/webp') return 'sticker';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'document';
}

/// A `QuickReplyError`, as the shell reports it.
function invalid(problem: QuickReplyProblem): never {
  refuse('invalidSettings', engineMessage(problem));
}

function checked<T>(result: { ok: true; value: T } | { ok: false; problem: QuickReplyProblem }): T {
  if (!result.ok) invalid(result.problem);
  return result.value;
}

export function quickRepliesMock<B extends MockBase>(Base: B) {
  return class QuickRepliesMock extends Base implements QuickRepliesBackend {
    declare readonly calls: QuickRepliesCalls;
    /// Stored quick replies, in the order they were added.
    quickReplyList: QuickReply[] = [];
    /// What the next imports' file dialogs answer: CSV text, or `null` (cancelled; also
    /// when the list is empty).
    readonly importFiles: Array<string | null> = [];
    /// What the next exports' save dialogs answer: `false` is cancelled; empty is saved.
    readonly exportAnswers: boolean[] = [];
    /// The CSV the last export wrote.
    exportedCsv: string | null = null;
    #nextQuickReplyId = 1;
    #copies = 0;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, {
        saveQuickReply: [],
        deleteQuickReply: [],
        expandQuickReply: [],
        importQuickReplies: 0,
        exportQuickReplies: 0,
      } satisfies QuickRepliesCalls);
    }

    /// Adds a quick reply directly, for tests and the demo (validated like a save).
    seedQuickReply(shortcut: string, text: string, keywords: string[] = [], attachmentPath: string | null = null): QuickReply {
      return this.#store(null, {
        shortcut,
        text,
        keywords,
        attachment: attachmentPath ? { change: 'set', path: attachmentPath } : { change: 'keep' },
      });
    }

    async quickReplies(): Promise<QuickReply[]> {
      this.check();
      return this.#sorted();
    }

    async saveQuickReply(id: QuickReplyId | null, input: QuickReplyInput): Promise<QuickReply> {
      this.calls.saveQuickReply.push({ id, input });
      this.check();
      return this.#store(id, input);
    }

    async deleteQuickReply(id: QuickReplyId): Promise<void> {
      this.calls.deleteQuickReply.push(id);
      this.check();
      const reply = this.#find(id);
      this.quickReplyList = this.quickReplyList.filter((r) => r.id !== id);
      if (reply.attachment) this.#forget(reply.attachment.path);
    }

    async expandQuickReply(id: QuickReplyId, conversationId: ConversationId): Promise<Expansion> {
      this.calls.expandQuickReply.push({ id, conversationId });
      this.check();
      const reply = this.#find(id);
      const contact = this.conversation(conversationId).contact;
      const connection = this.settingsView.connection;
      return expand(reply.text, {
        // The name the business sees: saved, else the WhatsApp profile (never the number).
        contactName: contact.savedName ?? contact.profileName,
        agentName: this.deskAgent()?.name ?? null,
        businessName: connection.state === 'connected' ? connection.number.verifiedName : null,
      });
    }

    async importQuickReplies(): Promise<ImportReport | null> {
      this.calls.importQuickReplies++;
      this.check();
      const csv = this.importFiles.shift() ?? null;
      if (csv === null) return null;
      const [header, ...rows] = parseCsv(csv);
      const names = header?.fields.map((h) => h.toLowerCase()) ?? [];
      const shortcutAt = names.indexOf('shortcut');
      const textAt = names.indexOf('text');
      const keywordsAt = names.indexOf('keywords');
      if (shortcutAt < 0 || textAt < 0) {
        refuse('invalidMessage', 'the first line must name the columns: shortcut, text (and optionally keywords)');
      }
      const report: ImportReport = { created: 0, updated: 0, problems: [] };
      for (const row of rows) {
        const field = (at: number): string => (at >= 0 ? (row.fields[at] ?? '') : '');
        try {
          const shortcut = checked(checkShortcut(field(shortcutAt)));
          const keywords = checked(checkKeywords(field(keywordsAt).split(/[;,]/)));
          const existing = this.#byKey(shortcutKey(shortcut));
          // CSV holds no files: an import keeps an existing attachment as it is.
          const text = checked(checkText(field(textAt), existing?.attachment != null));
          if (existing) {
            this.#replace({ ...existing, shortcut, text, keywords });
            report.updated++;
          } else {
            this.quickReplyList = [...this.quickReplyList, { id: this.#nextQuickReplyId++, shortcut, text, keywords, attachment: null }];
            report.created++;
          }
        } catch (error) {
          report.problems.push({ line: row.line, message: error instanceof Error ? error.message : String(error) });
        }
      }
      return report;
    }

    async exportQuickReplies(): Promise<number | null> {
      this.calls.exportQuickReplies++;
      this.check();
      if (this.exportAnswers.shift() === false) return null;
      const replies = this.#sorted();
      const lines = [csvLine(['shortcut', 'text', 'keywords']), ...replies.map((r) => csvLine([r.shortcut, r.text, r.keywords.join('; ')]))];
      this.exportedCsv = `${lines.join('\n')}\n`;
      return replies.length;
    }

    #store(id: QuickReplyId | null, input: QuickReplyInput): QuickReply {
      const shortcut = checked(checkShortcut(input.shortcut));
      const keywords = checked(checkKeywords(input.keywords));
      const previous = id === null ? null : this.#find(id);
      let attachment: QuickReplyAttachment | null = null;
      switch (input.attachment.change) {
        case 'keep':
          attachment = previous?.attachment ?? null;
          break;
        case 'remove':
          break;
        case 'set':
          attachment = this.#copy(input.attachment.path);
          break;
      }
      const text = checked(checkText(input.text, attachment !== null));
      const taken = this.#byKey(shortcutKey(shortcut));
      if (taken && taken.id !== id) {
        if (input.attachment.change === 'set' && attachment) this.files.delete(attachment.path);
        refuse('duplicate', `the shortcut /${shortcut} is already used`);
      }
      const saved: QuickReply = { id: id ?? this.#nextQuickReplyId++, shortcut, text, keywords, attachment };
      if (previous) {
        this.#replace(saved);
        if (previous.attachment && previous.attachment.path !== attachment?.path) this.#forget(previous.attachment.path);
      } else {
        this.quickReplyList = [...this.quickReplyList, saved];
      }
      return saved;
    }

    /// Keeps a copy of a chosen file, as `keep_attachment` does.
    #copy(path: string): QuickReplyAttachment {
      const file = this.files.get(path);
      if (!file) refuse('fileUnreadable', `cannot read ${path}: No such file or directory`);
      const filename = path.split(/[\\/]/).pop() || 'file';
      const copy = `${ATTACHMENTS_DIR}/${(++this.#copies).toString(16).padStart(16, '0')}-${filename}`;
      this.files.set(copy, { ...file });
      return { path: copy, filename, mimeType: file.mimeType, kind: kindForMime(file.mimeType), size: file.size };
    }

    #forget(path: string): void {
      if (!this.quickReplyList.some((r) => r.attachment?.path === path)) this.files.delete(path);
    }

    #find(id: QuickReplyId): QuickReply {
      const reply = this.quickReplyList.find((r) => r.id === id);
      if (!reply) refuse('notFound', 'quick reply not found');
      return reply;
    }

    #byKey(key: string): QuickReply | undefined {
      return this.quickReplyList.find((r) => shortcutKey(r.shortcut) === key);
    }

    #replace(reply: QuickReply): void {
      this.quickReplyList = this.quickReplyList.map((r) => (r.id === reply.id ? reply : r));
    }

    /// As the store lists them: by shortcut (ignoring case), then id.
    #sorted(): QuickReply[] {
      const key = (r: QuickReply): string => shortcutKey(r.shortcut);
      return [...this.quickReplyList].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id));
    }
  };
}
