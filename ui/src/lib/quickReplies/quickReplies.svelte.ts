// Quick replies as the UI holds them: the list the manager dialog edits and the composer's
// `/` picker offers, and the commands around them. Components reach the shell only here.

import { getContext, setContext } from 'svelte';
import type {
  ConversationId,
  Expansion,
  ImportReport,
  QuickReply,
  QuickReplyId,
  QuickReplyInput,
} from '../ipc/bindings';
import {
  BackendError,
  type EventsBackend,
  type MediaBackend,
  type QuickRepliesBackend,
  type Unlisten,
} from '../backend/types';
import { t } from '../i18n/index.svelte';
import { commandErrorText } from '../inbox/failure';
import {
  MAX_KEYWORD_CHARS,
  MAX_KEYWORDS,
  MAX_SHORTCUT_CHARS,
  MAX_TEXT_CHARS,
  type QuickReplyProblem,
} from './rules';

/// The parts of the `Backend` quick replies use (the file chooser for attachments).
export type QuickRepliesDeps = QuickRepliesBackend & Pick<MediaBackend, 'chooseFile'> & EventsBackend;

/// A problem the editor found, in the agent's language.
export function problemText(problem: QuickReplyProblem): string {
  switch (problem.kind) {
    case 'emptyShortcut':
      return t('quickReplies.problem.emptyShortcut');
    case 'spaceInShortcut':
      return t('quickReplies.problem.spaceInShortcut', { suggestion: problem.suggestion });
    case 'shortcutCharacter':
      return t('quickReplies.problem.shortcutCharacter', { character: problem.character });
    case 'shortcutTooLong':
      return t('quickReplies.problem.shortcutTooLong', { max: MAX_SHORTCUT_CHARS });
    case 'empty':
      return t('quickReplies.problem.empty');
    case 'textTooLong':
      return t('quickReplies.problem.textTooLong', { max: MAX_TEXT_CHARS });
    case 'tooManyKeywords':
      return t('quickReplies.problem.tooManyKeywords', { max: MAX_KEYWORDS });
    case 'keywordTooLong':
      return t('quickReplies.problem.keywordTooLong', { max: MAX_KEYWORD_CHARS });
  }
}

/// A save or delete the shell refused: its own words for what the quick reply breaks.
function refusalText(error: unknown): string {
  if (error instanceof BackendError && (error.code === 'invalidSettings' || error.code === 'duplicate')) {
    return t('quickReplies.refused', { details: error.message });
  }
  return commandErrorText(error);
}

export class QuickReplies {
  list = $state<QuickReply[]>([]);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  /// Whether the manager dialog is open.
  managing = $state(false);

  readonly #backend: QuickRepliesDeps;

  constructor(backend: QuickRepliesDeps) {
    this.#backend = backend;
  }

  async start(): Promise<Unlisten> {
    const stop = await this.#backend.onInboxEvent((event) => {
      // Another profile may have been chosen, with its own data.
      if (event.kind === 'reload') void this.load();
    });
    await this.load();
    return stop;
  }

  async load(): Promise<void> {
    try {
      this.list = await this.#backend.quickReplies();
      this.loadError = null;
    } catch (error) {
      this.loadError = commandErrorText(error);
    } finally {
      this.loaded = true;
    }
  }

  /// Saves and returns the quick reply; throws the refusal in plain words.
  async save(id: QuickReplyId | null, input: QuickReplyInput): Promise<QuickReply> {
    let saved: QuickReply;
    try {
      saved = await this.#backend.saveQuickReply(id, input);
    } catch (error) {
      throw new Error(refusalText(error));
    }
    await this.load();
    return saved;
  }

  async remove(id: QuickReplyId): Promise<void> {
    try {
      await this.#backend.deleteQuickReply(id);
    } catch (error) {
      throw new Error(commandErrorText(error));
    }
    await this.load();
  }

  /// The text for this conversation; throws the refusal in plain words.
  async expand(id: QuickReplyId, conversationId: ConversationId): Promise<Expansion> {
    try {
      return await this.#backend.expandQuickReply(id, conversationId);
    } catch (error) {
      throw new Error(commandErrorText(error));
    }
  }

  /// `null` when the agent cancels the file dialog.
  async importCsv(): Promise<ImportReport | null> {
    let report: ImportReport | null;
    try {
      report = await this.#backend.importQuickReplies();
    } catch (error) {
      const details = error instanceof BackendError ? error.message : commandErrorText(error);
      throw new Error(t('quickReplies.importFailed', { details }));
    }
    if (report) await this.load();
    return report;
  }

  /// How many were written, or `null` when the agent cancels the save dialog.
  async exportCsv(): Promise<number | null> {
    try {
      return await this.#backend.exportQuickReplies();
    } catch (error) {
      throw new Error(commandErrorText(error));
    }
  }

  async chooseFile(): Promise<string | null> {
    try {
      return await this.#backend.chooseFile();
    } catch (error) {
      throw new Error(commandErrorText(error));
    }
  }
}

const CONTEXT = Symbol('quickReplies');

/// Makes the store available to the composer without threading it through the thread view.
export function provideQuickReplies(store: QuickReplies): void {
  setContext(CONTEXT, store);
}

/// The store, when the app provides one (a composer rendered alone has none).
export function useQuickReplies(): QuickReplies | undefined {
  return getContext<QuickReplies | undefined>(CONTEXT);
}
